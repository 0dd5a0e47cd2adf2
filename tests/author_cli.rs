//! `deskaudit new` and `deskaudit map`, run as functions on temporary folders.

use deskaudit::cli;
use deskaudit::cli_author::{map, new_scenario, slug};
use deskaudit::scenario::load::load_bytes;
use std::path::PathBuf;

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deskaudit-author-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

#[test]
fn new_writes_a_scenario_that_passes_check_with_no_errors_or_warnings() {
    let dir = temp("new");
    let file = dir.join("Late Night Trading.ron");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = new_scenario(
        &file,
        Some("Late-night \"trading\" \\ cash"),
        Some("Trading Standards"),
        &mut out,
        &mut err,
    );
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let bytes = std::fs::read(&file).expect("written");
    let (scenario, warnings) = load_bytes("new.ron", &bytes).expect("valid");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(scenario.id.as_str(), "late-night-trading");
    assert_eq!(scenario.title, "Late-night \"trading\" \\ cash");
    assert_eq!(scenario.area, "Trading Standards");
    assert_eq!(
        scenario.council,
        Some(deskaudit::scenario::CouncilType::District)
    );
    // It explains itself.
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(
        text.lines()
            .filter(|l| l.trim_start().starts_with("//"))
            .count()
            >= 10
    );
    let mut report = Vec::new();
    let code = cli::check(std::slice::from_ref(&file), false, &dir, &mut report);
    let report = String::from_utf8(report).expect("utf-8");
    assert_eq!(code, 0, "{report}");
    assert!(report.contains("0 error(s), 0 warning(s)"), "{report}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn new_never_overwrites_a_file() {
    let dir = temp("overwrite");
    let file = dir.join("mine.ron");
    std::fs::write(&file, "my precious work").expect("write");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(new_scenario(&file, None, None, &mut out, &mut err), 1);
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "my precious work"
    );
    assert!(String::from_utf8_lossy(&err).contains("already exists"));
    // And a name that is not a .ron file is refused with the fix.
    let mut err = Vec::new();
    assert_eq!(
        new_scenario(&dir.join("mine.txt"), None, None, &mut out, &mut err),
        2
    );
    assert!(String::from_utf8_lossy(&err).contains("mine.txt.ron"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn slugs_are_ids() {
    assert_eq!(slug("My  New -- Scenario!"), "my-new-scenario");
    assert_eq!(slug("§§§"), "");
}

#[test]
fn map_writes_an_svg_beside_the_file_or_where_asked() {
    let dir = temp("map");
    let file = dir.join("s.ron");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    assert_eq!(new_scenario(&file, None, None, &mut out, &mut err), 0);
    let mut out = Vec::new();
    let code = map(&file.display().to_string(), None, &mut out, &mut err);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&err));
    let svg = std::fs::read_to_string(dir.join("s.svg")).expect("beside the scenario");
    roxmltree::Document::parse(&svg).expect("XML");
    assert!(String::from_utf8_lossy(&out).contains("5 nodes, 6 arrows"));
    // A built-in scenario by id, to a chosen file.
    let target = dir.join("cash.svg");
    assert_eq!(map("cash-buyer", Some(&target), &mut out, &mut err), 0);
    assert!(
        std::fs::read_to_string(&target)
            .expect("written")
            .contains("The cash buyer")
    );
    // A file that is not RON at all: no map, the problem with its line, and no file written.
    let bad = dir.join("bad.ron");
    std::fs::write(&bad, "Scenario(\n  format: 1,\n  id: oops\n").expect("write");
    let mut err = Vec::new();
    assert_eq!(map(&bad.display().to_string(), None, &mut out, &mut err), 1);
    let err = String::from_utf8_lossy(&err);
    assert!(err.contains("bad.ron:3:"), "{err}");
    assert!(!dir.join("bad.svg").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_command_line_knows_the_author_commands() {
    let args = |a: &[&str]| cli::parse_args(a.iter().map(std::ffi::OsString::from));
    assert_eq!(
        args(&["new", "x.ron", "--title", "T", "--area=A"])
            .expect("ok")
            .command,
        Some(cli::Command::New(cli::NewArgs {
            file: "x.ron".into(),
            title: Some("T".into()),
            area: Some("A".into())
        }))
    );
    assert_eq!(
        args(&["map", "x.ron", "-o", "m.svg"]).expect("ok").command,
        Some(cli::Command::Map(cli::MapArgs {
            file: "x.ron".into(),
            output: Some("m.svg".into())
        }))
    );
    assert_eq!(
        args(&["check", "--watch", "dir"]).expect("ok").command,
        Some(cli::Command::Check(cli::CheckArgs {
            paths: vec!["dir".into()],
            quiet: false,
            watch: true
        }))
    );
    assert!(args(&["new"]).is_err(), "new needs a file");
    assert!(
        args(&["list", "--watch"]).is_err(),
        "--watch belongs to check"
    );
}

#[test]
fn a_built_in_scenario_copies_with_a_new_id_and_loads() {
    use deskaudit::cli_author::copy_builtin;
    let dir = temp("copy");
    let lib = deskaudit::scenario::Library::embedded();
    let original = lib.get("cash-buyer").expect("shipped");
    let taken = |id: &str| lib.get(id).is_some();
    let path = copy_builtin(&original.file, &dir, &taken).expect("copied");
    assert_eq!(path, dir.join("cash-buyer-copy.ron"));
    let (copy, warnings) =
        load_bytes("c.ron", &std::fs::read(&path).expect("read")).expect("valid");
    assert_eq!(copy.id.as_str(), "cash-buyer-copy");
    assert_eq!(copy.title, "The cash buyer (my copy)");
    assert_eq!(copy.nodes.len(), original.scenario.nodes.len());
    assert_eq!(warnings.len(), original.warnings.len());
    // A second copy gets the next free id, and the first is left alone.
    let second = copy_builtin(&original.file, &dir, &taken).expect("copied");
    assert_eq!(second, dir.join("cash-buyer-copy-2.ron"));
    let _ = std::fs::remove_dir_all(&dir);
}
