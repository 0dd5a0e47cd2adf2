//! Live reload: a watched folder's changes reach the library, and bad input never costs the
//! author a scenario. Each case runs through the real watcher (`notify`) on a temporary
//! folder, and through `LiveLibrary` directly.

use deskaudit::cli_author::template;
use deskaudit::scenario::{Library, Source};
use deskaudit::watch::{FolderWatcher, LiveLibrary, Reloaded, check_file};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deskaudit-watch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

fn scenario_text(id: &str, title: &str) -> String {
    template(id, title, "Licensing")
}

/// Applies the watcher's updates until `done` holds or 10 s pass (a loaded machine can be
/// slow to deliver file events; on a quiet one this takes a fraction of a second).
fn until(w: &FolderWatcher, live: &mut LiveLibrary, done: impl Fn(&LiveLibrary) -> bool) {
    let t = Instant::now();
    while !done(live) {
        assert!(
            t.elapsed() < Duration::from_secs(10),
            "the change never arrived; library: {:?}",
            live.library()
                .scenarios
                .iter()
                .map(|s| &s.scenario.title)
                .collect::<Vec<_>>()
        );
        if let Some(u) = w.wait(Duration::from_millis(50)) {
            let mut all = vec![u];
            all.extend(w.take());
            live.apply(all);
        }
    }
}

fn titles(live: &LiveLibrary) -> Vec<String> {
    live.library()
        .scenarios
        .iter()
        .map(|s| s.scenario.title.clone())
        .collect()
}

fn problem_at(live: &LiveLibrary, file: &Path) -> Option<(usize, usize, String)> {
    live.library()
        .failed
        .iter()
        .find(|f| f.file == file.display().to_string())
        .and_then(|f| f.diagnostics.first())
        .map(|d| (d.line, d.col, d.message.clone()))
}

#[test]
fn saves_breakages_fixes_and_deletions_reach_the_library() {
    let dir = temp("flow");
    let other = dir.join("other.ron");
    std::fs::write(&other, scenario_text("other", "The other one")).expect("write");
    let mut live = LiveLibrary::new(Library::default(), Some(&dir), Source::UserFolder);
    assert_eq!(titles(&live), vec!["The other one"]);
    let w = FolderWatcher::start(&dir, Source::UserFolder, || {}).expect("watch");

    // A new file appears.
    let file = dir.join("mine.ron");
    std::fs::write(&file, scenario_text("mine", "Mine, first draft")).expect("write");
    until(&w, &mut live, |l| {
        titles(l).contains(&"Mine, first draft".to_owned())
    });

    // A broken edit: the problem with its line and column, and the last good version stays.
    let broken = scenario_text("mine", "Mine, second draft").replace(
        "goto: \"visit\",\n                    feedback: \"The visit",
        "goto: \"vsit\",\n                    feedback: \"The visit",
    );
    assert_ne!(broken, scenario_text("mine", "Mine, second draft"));
    std::fs::write(&file, &broken).expect("write");
    until(&w, &mut live, |l| problem_at(l, &file).is_some());
    let (line, col, message) = problem_at(&live, &file).expect("problem");
    let expected_line = broken
        .lines()
        .position(|l| l.contains("\"vsit\""))
        .expect("line")
        + 1;
    assert_eq!(line, expected_line, "{message}");
    assert!(col > 1 && message.contains("vsit"), "{message}");
    assert!(
        titles(&live).contains(&"Mine, first draft".to_owned()),
        "last good kept"
    );
    assert!(titles(&live).contains(&"The other one".to_owned()));

    // The fix clears the problem and brings the new version in.
    std::fs::write(&file, scenario_text("mine", "Mine, fixed")).expect("write");
    until(&w, &mut live, |l| {
        titles(l).contains(&"Mine, fixed".to_owned())
    });
    assert!(problem_at(&live, &file).is_none());
    assert!(!titles(&live).contains(&"Mine, first draft".to_owned()));

    // Deleted: it goes, the other stays.
    std::fs::remove_file(&file).expect("delete");
    until(&w, &mut live, |l| {
        !titles(l).contains(&"Mine, fixed".to_owned())
    });
    assert_eq!(titles(&live), vec!["The other one"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_half_written_file_keeps_the_last_good_version_until_the_save_completes() {
    let dir = temp("half");
    let file = dir.join("mine.ron");
    let full = scenario_text("mine", "Complete");
    std::fs::write(&file, &full).expect("write");
    let mut live = LiveLibrary::new(Library::default(), Some(&dir), Source::UserFolder);
    let w = FolderWatcher::start(&dir, Source::UserFolder, || {}).expect("watch");
    let next = scenario_text("mine", "Complete again");
    // The editor has written half the file so far.
    std::fs::write(&file, &next.as_bytes()[..next.len() / 2]).expect("write");
    until(&w, &mut live, |l| problem_at(l, &file).is_some());
    assert_eq!(titles(&live), vec!["Complete"]);
    // Even a cut in the middle of a multi-byte character is a problem, not a crash.
    let pound = next.find('£').expect("the template has a £") + 1;
    std::fs::write(&file, &next.as_bytes()[..pound]).expect("write");
    assert!(matches!(
        check_file(&file, Source::UserFolder).result,
        Reloaded::Failed(..)
    ));
    std::fs::write(&file, &next).expect("write");
    until(&w, &mut live, |l| titles(l) == vec!["Complete again"]);
    assert!(problem_at(&live, &file).is_none());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_file_replaced_by_a_folder_leaves_and_the_folder_s_scenarios_come_in() {
    let dir = temp("folder");
    let file = dir.join("mine.ron");
    let other = dir.join("other.ron");
    std::fs::write(&file, scenario_text("mine", "Mine")).expect("write");
    std::fs::write(&other, scenario_text("other", "Other")).expect("write");
    let mut live = LiveLibrary::new(Library::default(), Some(&dir), Source::UserFolder);
    assert_eq!(titles(&live), vec!["Mine", "Other"]);
    let w = FolderWatcher::start(&dir, Source::UserFolder, || {}).expect("watch");
    std::fs::remove_file(&file).expect("delete");
    std::fs::create_dir(&file).expect("a folder called mine.ron");
    std::fs::write(file.join("inner.ron"), scenario_text("inner", "Inner")).expect("write");
    until(&w, &mut live, |l| titles(l) == vec!["Inner", "Other"]);
    assert!(live.library().failed.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn not_ron_at_all_is_a_problem_and_other_scenarios_stay() {
    let dir = temp("garbage");
    std::fs::write(dir.join("good.ron"), scenario_text("good", "Good")).expect("write");
    let mut live = LiveLibrary::new(Library::embedded(), Some(&dir), Source::UserFolder);
    let shipped = Library::embedded().scenarios.len();
    assert_eq!(live.library().scenarios.len(), shipped + 1);
    let w = FolderWatcher::start(&dir, Source::UserFolder, || {}).expect("watch");
    let junk = dir.join("junk.ron");
    std::fs::write(&junk, [0xff, 0xfe, 0x00, b'(', b'"']).expect("write");
    until(&w, &mut live, |l| problem_at(l, &junk).is_some());
    assert_eq!(live.library().scenarios.len(), shipped + 1);
    // A file with the id of a shipped scenario is refused, and says which.
    let dup = dir.join("dup.ron");
    std::fs::write(&dup, scenario_text("cash-buyer", "Copy")).expect("write");
    until(&w, &mut live, |l| problem_at(l, &dup).is_some());
    assert!(
        problem_at(&live, &dup)
            .expect("p")
            .2
            .contains("already used")
    );
    assert_eq!(live.library().scenarios.len(), shipped + 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_pinned_scenario_is_not_disturbed_until_it_is_let_go() {
    let dir = temp("pin");
    let file = dir.join("mine.ron");
    std::fs::write(&file, scenario_text("mine", "Version one")).expect("write");
    let mut live = LiveLibrary::new(Library::default(), Some(&dir), Source::UserFolder);
    live.pin("mine");
    // Changed on disk: the library keeps version one while pinned.
    std::fs::write(&file, scenario_text("mine", "Version two")).expect("write");
    live.apply(vec![check_file(&file, Source::UserFolder)]);
    assert_eq!(titles(&live), vec!["Version one"]);
    // Deleted on disk: still there while pinned.
    std::fs::remove_file(&file).expect("delete");
    live.apply(vec![check_file(&file, Source::UserFolder)]);
    assert_eq!(titles(&live), vec!["Version one"]);
    live.unpin();
    assert!(titles(&live).is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn watching_one_file_ignores_its_neighbours() {
    let dir = temp("one");
    let file = dir.join("mine.ron");
    std::fs::write(&file, scenario_text("mine", "Mine")).expect("write");
    let w = FolderWatcher::start(&file, Source::CommandLine, || {}).expect("watch");
    std::fs::write(dir.join("other.ron"), scenario_text("other", "Other")).expect("write");
    std::fs::write(&file, "Scenario(").expect("write");
    let t = Instant::now();
    loop {
        let u = w
            .wait(Duration::from_secs(10))
            .expect("an update for the watched file");
        assert_eq!(u.path, file);
        if matches!(u.result, Reloaded::Failed(..)) {
            break;
        }
        assert!(t.elapsed() < Duration::from_secs(10));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
