//! The `deskaudit` binary's commands, run as a user would run them.

use std::process::Command;

fn deskaudit(args: &[&str]) -> (i32, String) {
    let data = std::env::temp_dir().join(format!("deskaudit-cli-test-{}", std::process::id()));
    let out = Command::new(env!("CARGO_BIN_EXE_deskaudit"))
        .args(args)
        .env("DESKAUDIT_DATA", &data)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn check_of_the_shipped_scenarios_exits_zero_with_summaries() {
    let (code, out) = deskaudit(&["check", "scenarios"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("scenarios/cash-buyer.ron — \"The cash buyer\""),
        "{out}"
    );
    assert!(out.contains("resilience index"), "{out}");
    assert!(out.contains("Pursue"), "{out}");
    assert!(out.contains(" 0 error(s), "), "{out}");
    // Until the scenario rework of #10 part 2 lands, the only warnings allowed are the
    // content lints (`warning[CODE]`).
    for line in out.lines().filter(|l| l.contains(": warning")) {
        assert!(
            deskaudit::scenario::lint::CODES
                .iter()
                .any(|c| line.contains(&format!(": warning[{c}]: "))),
            "a warning that is not a content lint: {line}"
        );
    }
    // The content figures for every scenario.
    let scenarios = out.matches(" min)\n").count();
    assert!(scenarios >= 10, "{out}");
    assert_eq!(
        out.matches("\n  the best choice is the longest at ")
            .count(),
        scenarios,
        "{out}"
    );
    assert_eq!(
        out.matches("\n  always the longest choice: index ").count(),
        scenarios,
        "{out}"
    );
    assert!(
        out.matches("\n  ending \"").count() >= 3 * scenarios,
        "every scenario's endings have their index range: {out}"
    );
    assert!(out.contains(" (Good): index "), "{out}");
}

#[test]
fn check_prints_content_lints_with_their_code_and_place() {
    let (code, out) = deskaudit(&["check", "tests/fixtures/lints/giveaway.ron"]);
    assert_eq!(code, 0, "warnings do not fail the check: {out}");
    assert!(
        out.contains(
            "tests/fixtures/lints/giveaway.ron:6:1: warning[giveaway-longest]: the best choice is the longest at 4 of 5 decisions (80%); a learner guessing at random would expect 2.5 (50%)\n    help: the best choice should be the longest at no more than about 40% of decisions"
        ),
        "{out}"
    );
    assert!(
        out.contains("\n  the best choice is the longest at 4 of 5 decisions (80%); a learner guessing at random would expect 2.5 (50%)\n  always the longest choice: index 88.9 · always the longest choice without a colon: index 66.7\n  ending \"end\" (Mixed): index 0–100\n"),
        "{out}"
    );
    let (code, out) = deskaudit(&["check", "--quiet", "tests/fixtures/lints/clean.ron"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

#[test]
fn check_with_a_broken_file_exits_one_and_still_checks_the_others() {
    let (code, out) = deskaudit(&[
        "check",
        "tests/fixtures/invalid/unknown_node.ron",
        "tests/fixtures/base.ron",
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "tests/fixtures/invalid/unknown_node.ron:29:45: error: unknown node `\"grnat\"`"
        ),
        "{out}"
    );
    assert!(out.contains("help: did you mean `\"grant\"`?"), "{out}");
    assert!(
        out.contains("tests/fixtures/base.ron — \"Fixture\""),
        "{out}"
    );
}

#[test]
fn quiet_prints_problems_only() {
    let (code, out) = deskaudit(&["check", "--quiet", "tests/fixtures/base.ron"]);
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, out) = deskaudit(&["check", "-q", "tests/fixtures/invalid/cycle.ron"]);
    assert_eq!(code, 1);
    assert!(out.contains("round in a circle"), "{out}");
    assert!(!out.contains("distinct paths"), "{out}");
}

#[test]
fn list_names_each_scenario_and_its_source() {
    let (code, out) = deskaudit(&["list"]);
    assert_eq!(code, 0);
    assert!(out.contains("cash-buyer"), "{out}");
    assert!(out.contains("built in"), "{out}");
}

#[test]
fn a_missing_path_and_an_unknown_command_are_explained() {
    let (code, out) = deskaudit(&["check", "no/such/file.ron"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("no/such/file.ron:1:1: error: no such file or folder"),
        "{out}"
    );
    let (code, out) = deskaudit(&["chek"]);
    assert_eq!(code, 2);
    assert!(
        out.contains("unrecognized subcommand 'chek'")
            && out.contains("a similar subcommand exists: 'check'"),
        "{out}"
    );
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error_not_a_panic() {
    use std::os::unix::ffi::OsStringExt;
    let out = Command::new(env!("CARGO_BIN_EXE_deskaudit"))
        .arg(std::ffi::OsString::from_vec(vec![0xff]))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("unrecognized subcommand '\u{FFFD}'"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    // As a path to check, it is a path like any other: reported missing, exit 1.
    let out = Command::new(env!("CARGO_BIN_EXE_deskaudit"))
        .arg("check")
        .arg(std::ffi::OsString::from_vec(b"no-such-\xff.ron".to_vec()))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("no such file or folder"), "{text}");
}

#[test]
fn help_lists_every_command_and_options_belong_to_their_command() {
    for args in [&["help"][..], &["--help"]] {
        let (code, out) = deskaudit(args);
        assert_eq!(code, 0, "{out}");
        for command in ["check", "list", "report", "--data-dir", "DESKAUDIT_DATA"] {
            assert!(out.contains(command), "{command} missing from {out}");
        }
    }
    let (code, out) = deskaudit(&["help", "report"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("--format") && out.contains("--output"),
        "{out}"
    );
    // `-o` and `--quiet` only where they mean something.
    let (code, out) = deskaudit(&["list", "-o", "x.txt"]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("unexpected argument '-o'"), "{out}");
    let (code, out) = deskaudit(&["list", "--quiet"]);
    assert_eq!(code, 2, "{out}");
    // `--opt=value` for every option.
    let (code, out) = deskaudit(&["--data-dir=tests/no-such-dir", "check", "--quiet=true"]);
    assert_eq!(code, 2, "a flag takes no value: {out}");
    let (code, out) = deskaudit(&["check", "--quiet", "tests/fixtures/base.ron"]);
    assert_eq!((code, out.as_str()), (0, ""));
}

/// `check` runs itself again once with glibc's allocator tuned (on Linux with glibc): what it
/// reports, and its exit code, must be the same as when it cannot (the user set
/// `GLIBC_TUNABLES`, so it leaves them alone) — for a clean file and for one with an error.
#[test]
fn check_reports_the_same_whether_or_not_it_tunes_the_allocator() {
    let run = |file: &str, tunables: Option<&str>| {
        let data = std::env::temp_dir().join(format!("deskaudit-cli-tune-{}", std::process::id()));
        let mut command = Command::new(env!("CARGO_BIN_EXE_deskaudit"));
        command
            .args(["check", file])
            .env("DESKAUDIT_DATA", &data)
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        if let Some(t) = tunables {
            command.env("GLIBC_TUNABLES", t);
        }
        let out = command.output().expect("the binary runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    for file in [
        "scenarios/cash-buyer.ron",
        "tests/fixtures/invalid/cycle.ron",
    ] {
        let tuned = run(file, None);
        let untuned = run(file, Some("glibc.malloc.check=0"));
        assert_eq!(tuned, untuned, "{file}");
        assert!(tuned.1.contains("checked 1 file(s)"), "{file}: {}", tuned.1);
    }
}
