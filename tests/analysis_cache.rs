//! The analysis cache in the data folder and the app's background exploration: a damaged or
//! stale cache never changes a result, a changed scenario is explored again, and a library
//! loaded quickly (state checks left for the background) ends up exactly as one loaded with
//! every check at once.

use deskaudit::app::DeskauditApp;
use deskaudit::scenario::cache::{self, Origin};
use deskaudit::scenario::load::{Checks, content_hash};
use deskaudit::scenario::{Library, Severity, Source, analyse};
use std::path::{Path, PathBuf};

fn data_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deskaudit-cache-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const FILE: &str = "tests/fixtures/lints/endings.ron";

fn fixture() -> Vec<u8> {
    std::fs::read(FILE).unwrap()
}

fn entry_file(dir: &Path, hash: &str) -> PathBuf {
    cache::dir(dir).join(format!("{hash}.ron"))
}

#[test]
fn a_second_exploration_comes_from_the_cache_and_equals_the_first() {
    let dir = data_dir("second");
    let bytes = fixture();
    let hash = content_hash(&bytes);
    let text = std::str::from_utf8(&bytes).unwrap();
    let mut quick = Library::default();
    quick.add_with(Source::CommandLine, FILE.into(), &bytes, Checks::Quick);
    let s = &quick.scenarios[0].scenario;
    let (first, origin) = cache::explore(&dir, &hash, s, FILE, Some(text));
    assert_eq!(origin, Origin::Computed);
    assert!(entry_file(&dir, &hash).is_file());
    let (second, origin) = cache::explore(&dir, &hash, s, FILE, Some(text));
    assert_eq!(origin, Origin::Cache);
    assert_eq!(first, second);
    assert_eq!(second.analysis, analyse(s));
    // The content lints of this fixture are among the problems, located as a full load does.
    let mut full = Library::default();
    full.add(Source::CommandLine, FILE.into(), &bytes);
    let located: Vec<_> = full.scenarios[0]
        .warnings
        .iter()
        .filter(|w| w.code.is_some())
        .cloned()
        .collect();
    assert!(!located.is_empty());
    let cached = second.diagnostics.unwrap();
    for w in &located {
        assert!(cached.contains(w), "missing from the cache: {w}");
    }
}

#[test]
fn a_damaged_or_stale_cache_file_changes_no_result_and_is_written_anew() {
    let dir = data_dir("damaged");
    let bytes = fixture();
    let hash = content_hash(&bytes);
    let text = std::str::from_utf8(&bytes).unwrap();
    let mut quick = Library::default();
    quick.add_with(Source::CommandLine, FILE.into(), &bytes, Checks::Quick);
    let s = &quick.scenarios[0].scenario;
    let (fresh, _) = cache::explore(&dir, &hash, s, FILE, Some(text));
    let good = std::fs::read_to_string(entry_file(&dir, &hash)).unwrap();
    let damaged: Vec<(&str, String)> = vec![
        ("garbage", "\u{0}\u{1}not a cache file at all".into()),
        ("truncated", good[..good.len() / 2].to_owned()),
        ("empty", String::new()),
        // Well-formed, but for another file, another build or another scenario.
        ("other hash", good.replace(&hash, "0123456789abcdef")),
        ("other build", good.replace("revision:1", "revision:999")),
        (
            "other scenario",
            good.replace("scenario:\"", "scenario:\"x"),
        ),
        // Figures that a damaged disk or a hand edit could change.
        ("unknown code", good.replace("ending-score", "no-such-lint")),
        ("bad paths", good.replace("paths:\"", "paths:\"x")),
    ];
    for (what, contents) in damaged {
        assert_ne!(contents, good, "{what}: the damage did not apply");
        std::fs::write(entry_file(&dir, &hash), &contents).unwrap();
        let (found, origin) = cache::explore(&dir, &hash, s, FILE, Some(text));
        assert_eq!(
            origin,
            Origin::Computed,
            "{what}: the damaged entry was trusted"
        );
        assert_eq!(found, fresh, "{what}: the result changed");
        let (again, origin) = cache::explore(&dir, &hash, s, FILE, Some(text));
        assert_eq!(
            origin,
            Origin::Cache,
            "{what}: the entry was not written anew"
        );
        assert_eq!(again, fresh, "{what}");
    }
    // A cache entry whose figures were changed but which is otherwise well formed is
    // trusted: the cache is protected against damage and old builds, not against forgery.
    // What it must never do is answer for a different scenario file:
    let other = fixture_changed();
    let other_hash = content_hash(&other);
    assert_ne!(other_hash, hash);
    std::fs::copy(entry_file(&dir, &hash), entry_file(&dir, &other_hash)).unwrap();
    let mut changed = Library::default();
    changed.add_with(Source::CommandLine, FILE.into(), &other, Checks::Quick);
    let s2 = &changed.scenarios[0].scenario;
    let (found, origin) = cache::explore(
        &dir,
        &other_hash,
        s2,
        FILE,
        Some(std::str::from_utf8(&other).unwrap()),
    );
    assert_eq!(origin, Origin::Computed);
    assert_eq!(found.analysis, analyse(s2));
}

/// The fixture with one checkpoint's weight changed: a different file and a different
/// analysis.
fn fixture_changed() -> Vec<u8> {
    let text = String::from_utf8(fixture()).unwrap();
    let changed = text.replacen(
        "title: \"P1\", lesson",
        "title: \"P1\", weight: 5.0, lesson",
        1,
    );
    assert_ne!(changed, text, "the fixture has a weight to change");
    changed.into_bytes()
}

#[test]
fn a_changed_scenario_is_explored_again() {
    let dir = data_dir("changed");
    let before = fixture();
    let after = fixture_changed();
    let load = |bytes: &[u8]| {
        let mut lib = Library::default();
        lib.add_with(Source::CommandLine, FILE.into(), bytes, Checks::Quick);
        lib.scenarios.remove(0)
    };
    let (a, b) = (load(&before), load(&after));
    let (first, _) = cache::explore(
        &dir,
        &a.content_hash,
        &a.scenario,
        FILE,
        a.deferred.as_deref(),
    );
    let (second, origin) = cache::explore(
        &dir,
        &b.content_hash,
        &b.scenario,
        FILE,
        b.deferred.as_deref(),
    );
    assert_eq!(origin, Origin::Computed);
    assert_eq!(second.analysis, analyse(&b.scenario));
    // The weight moves the endings' index ranges, so the ending lints say other numbers:
    // those of a full load of the changed file.
    assert_ne!(first.diagnostics, second.diagnostics);
    let mut full = Library::default();
    full.add(Source::CommandLine, FILE.into(), &after);
    let lints: Vec<_> = full.scenarios[0]
        .warnings
        .iter()
        .filter(|w| w.code.is_some())
        .cloned()
        .collect();
    assert!(!lints.is_empty());
    let found = second.diagnostics.unwrap();
    for w in &lints {
        assert!(found.contains(w), "not found again: {w}");
    }
}

/// Every shipped scenario, loaded quickly with the state checks in the background (and
/// one cache entry damaged), ends up with the warnings and analyses of a full load.
#[test]
fn the_app_s_background_exploration_equals_a_full_load() {
    let dir = data_dir("app");
    let full = Library::embedded();
    let quick = Library::embedded_with(Checks::Quick);
    assert!(quick.scenarios.iter().all(|s| s.deferred.is_some()));
    // A damaged entry for the first scenario.
    std::fs::create_dir_all(cache::dir(&dir)).unwrap();
    std::fs::write(
        entry_file(&dir, &quick.scenarios[0].content_hash),
        "Entry(revision: 1",
    )
    .unwrap();
    for round in ["empty cache", "warm cache"] {
        let mut app = DeskauditApp::new(dir.clone(), quick.clone());
        app.wait_for_analyses();
        assert_eq!(app.analysing(), 0);
        assert_eq!(app.library.scenarios.len(), full.scenarios.len(), "{round}");
        for (q, f) in app.library.scenarios.iter().zip(&full.scenarios) {
            assert_eq!(q.scenario.id, f.scenario.id);
            assert_eq!(q.warnings, f.warnings, "{round}: {}", f.file);
            assert!(q.deferred.is_none());
            let id = f.scenario.id.as_str();
            assert_eq!(
                app.analysis(id),
                analyse(&f.scenario).ok().as_ref(),
                "{round}: {id}"
            );
        }
    }
}

/// A scenario whose state checks find an error (a node where no choice is left) loads
/// quickly, then moves to the failed files when the background finds the error.
#[test]
fn an_error_found_in_the_background_makes_the_file_fail_as_a_full_load_would() {
    let dir = data_dir("stuck");
    let path = Path::new("tests/fixtures/invalid/no_choice_available.ron");
    let mut full = Library::default();
    full.add_path(Source::CommandLine, path);
    assert!(full.scenarios.is_empty());
    let mut quick = Library::default();
    quick.add_path_with(Source::CommandLine, path, Checks::Quick);
    assert_eq!(
        quick.scenarios.len(),
        1,
        "the quick load leaves the state checks for later"
    );
    let mut app = DeskauditApp::new(dir, quick);
    assert_eq!(app.analysing(), 1);
    app.wait_for_analyses();
    assert!(app.library.scenarios.is_empty());
    assert_eq!(app.library.failed.len(), 1);
    let errors = |ds: &[deskaudit::scenario::Diagnostic]| {
        ds.iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(
        errors(&app.library.failed[0].diagnostics),
        errors(&full.failed[0].diagnostics)
    );
}

/// A file saved into the user's folder reaches the app through the live library; the
/// warnings the background found for an unchanged file stay (they are not in the live
/// library's copy, which was made before the background finished).
#[test]
fn background_warnings_survive_a_change_to_another_file() {
    let dir = data_dir("mirror");
    let user = deskaudit::scenario::load::user_scenarios_dir(&dir);
    std::fs::create_dir_all(&user).unwrap();
    let first = user.join("endings.ron");
    std::fs::write(&first, fixture()).unwrap();
    let mut full = Library::default();
    full.add_path(Source::UserFolder, &first);
    let expected = full.scenarios[0].warnings.clone();
    assert!(!expected.is_empty(), "the fixture has content warnings");
    let mut quick = Library::default();
    quick.add_path_with(Source::UserFolder, &first, Checks::Quick);
    let id = full.scenarios[0].scenario.id.0.clone();
    let mut app = DeskauditApp::new(dir.clone(), quick);
    app.wait_for_analyses();
    assert_eq!(app.library.get(&id).unwrap().warnings, expected);

    let second = user.join("school-run.ron");
    std::fs::copy("scenarios/school-transport.ron", &second).unwrap();
    app.live.apply(vec![deskaudit::watch::check_file(
        &second,
        Source::UserFolder,
    )]);
    let ctx = egui::Context::default();
    let mut out = ctx.run_ui(egui::RawInput::default(), |ui| app.show(ui));
    out.textures_delta.clear(); // no GPU here: nothing uploads the font atlas
    assert!(
        app.library.get("school-transport").is_some(),
        "the new file is in the library"
    );
    assert_eq!(
        app.library.get(&id).unwrap().warnings,
        expected,
        "the first file keeps the warnings found in the background"
    );
}
