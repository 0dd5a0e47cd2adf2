//! The self-study flow driven through the real UI by accessible labels (which also proves a
//! screen reader can find each control): pick a scenario, play to an ending with the keys,
//! read the debrief, resume after closing the app, and settings that persist.

use deskaudit::app::{DeskauditApp, Screen};
use deskaudit::scenario::Library;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::PathBuf;

fn data_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deskaudit-ui-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn harness(dir: &std::path::Path) -> Harness<'static, DeskauditApp> {
    Harness::builder()
        .with_size([1400.0, 1000.0])
        .build_ui_state(
            |ui, app: &mut DeskauditApp| app.show(ui),
            DeskauditApp::new(dir.to_path_buf(), Library::embedded()),
        )
}

fn open_cash_buyer(h: &mut Harness<'static, DeskauditApp>) {
    h.run();
    h.check_accessibility(); // every widget on the library screen has an accessible name
    h.get_by_label("Play “The cash buyer”").click_accesskit();
    h.run();
    h.check_accessibility();
    assert_eq!(
        h.state().screen,
        Screen::Start {
            scenario: "cash-buyer".into()
        }
    );
    h.get_by_label("Start the scenario").click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Play);
    h.check_accessibility();
}

#[test]
fn a_learner_plays_to_the_end_and_reads_a_debrief_that_matches_the_engine() {
    let dir = data_dir("flow");
    let mut h = harness(&dir);
    open_cash_buyer(&mut h);
    // The facilitator's notes for the first node are not on the play screen…
    const NOTE: &str = "The red flags: a tenant on benefits paying cash";
    assert!(h.query_by_label_contains(NOTE).is_none());
    for _ in 0..50 {
        assert!(h.query_by_label_contains("For discussion").is_none());
        if h.state().open.as_ref().unwrap().session.at_ending() {
            break;
        }
        h.key_press(egui::Key::Num1);
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
        // Immediate feedback is shown, then Continue.
        h.get_by_label_contains("Continue").click_accesskit();
        h.run();
    }
    h.get_by_label_contains("See the debrief").click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Debrief);
    let session = &h.state().open.as_ref().unwrap().session;
    assert!(session.state().finished);
    let score = session.score();
    let summary = format!(
        "Resilience index {:.0} out of 100: {}",
        score.index.unwrap(),
        score.band().unwrap().label()
    );
    h.get_by_label(&summary);
    h.check_accessibility();
    h.get_by_label("The 4Ps");
    // …nor in a self-study debrief: they speak to a facilitator (issue 16). The model
    // answer is there instead.
    assert!(h.query_by_label_contains(NOTE).is_none());
    assert!(h.query_by_label_contains("For discussion").is_none());
    assert!(
        h.query_all_by_label("What good looks like")
            .next()
            .is_some()
    );
    // The report can be saved from the debrief, and says where.
    h.get_by_label("Save report (HTML)").click_accesskit();
    h.run();
    let id = h.state().open.as_ref().unwrap().id.clone();
    let saved = dir.join("reports").join(format!("{id}.html"));
    assert!(
        std::fs::read_to_string(&saved)
            .unwrap()
            .contains("<!DOCTYPE html>")
    );
    h.get_by_label_contains("Report saved in the data folder:");
    // The table beside the chart gives every P's score in words a screen reader can read.
    h.get_by_label("Pursue");
    h.get_by_label("Prepare");
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unfinished_session_is_offered_for_resume_after_the_app_is_closed() {
    let dir = data_dir("resume");
    let mut h = harness(&dir);
    open_cash_buyer(&mut h);
    h.key_press(egui::Key::Num2);
    h.run();
    h.get_by_label_contains("Confirm decision")
        .click_accesskit();
    h.run();
    let taken = h
        .state()
        .open
        .as_ref()
        .unwrap()
        .session
        .state()
        .path
        .clone();
    assert_eq!(taken.len(), 1);
    drop(h); // the app is closed

    let mut h = harness(&dir);
    h.get_by_label("History").click_accesskit();
    h.run();
    h.check_accessibility();
    h.get_by_label("Scenarios").click_accesskit();
    h.run();
    h.get_by_label("Resume “The cash buyer”").click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Play);
    assert_eq!(h.state().open.as_ref().unwrap().session.state().path, taken);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn settings_persist_across_restarts() {
    let dir = data_dir("settings");
    let mut h = harness(&dir);
    h.get_by_label("Settings").click_accesskit();
    h.run();
    h.check_accessibility();
    h.get_by_label("Dark").click_accesskit();
    h.run();
    h.get_by_label("Bigger").click_accesskit();
    h.run();
    h.get_by_label("Only in the debrief").click_accesskit();
    h.run();
    let zoom = h.state().settings.zoom;
    drop(h);
    let h = harness(&dir);
    let s = &h.state().settings;
    assert_eq!(s.theme, deskaudit::app::settings::Theme::Dark);
    assert!((s.zoom - zoom).abs() < 1e-6 && zoom > 1.25);
    assert_eq!(s.default_feedback, deskaudit::session::FeedbackMode::AtEnd);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_scenario_can_be_opened_with_the_keyboard_alone() {
    let dir = data_dir("keyboard");
    let mut h = harness(&dir);
    h.run();
    // Tab through the controls until the first scenario's Play button has focus.
    let mut found = false;
    for _ in 0..40 {
        h.key_press(egui::Key::Tab);
        h.run();
        if h.query_all_by_label_contains("Play “")
            .any(|node| node.is_focused())
        {
            found = true;
            break;
        }
    }
    assert!(found, "no Play button could be reached with Tab");
    h.key_press(egui::Key::Space);
    h.run();
    assert!(matches!(h.state().screen, Screen::Start { .. }));
    // Enter starts the scenario; then 1 and Enter take a decision.
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().screen, Screen::Play);
    h.key_press(egui::Key::Num1);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(
        h.state().open.as_ref().unwrap().session.state().path.len(),
        1
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_shipped_scenario_renders_with_the_app_font() {
    // egui_kittest panics on a character the font cannot draw, so this walks each scenario's
    // start screen and every node along one path, and its debrief.
    let dir = data_dir("glyphs");
    let mut h = harness(&dir);
    h.run();
    let ids: Vec<String> = h
        .state()
        .library
        .scenarios
        .iter()
        .map(|s| s.scenario.id.0.clone())
        .collect();
    for id in ids {
        h.state_mut()
            .handle(deskaudit::app::Command::Prepare(id.clone()));
        h.run();
        h.state_mut().handle(deskaudit::app::Command::Begin);
        h.run();
        for _ in 0..40 {
            let app = h.state_mut();
            let open = app.open.as_ref().unwrap();
            if open.session.at_ending() {
                break;
            }
            let s = &app.library.get(&id).unwrap().scenario;
            let last = *open
                .session
                .offered(s)
                .unwrap()
                .last()
                .map(|c| &c.index)
                .unwrap();
            app.handle(deskaudit::app::Command::Select(last));
            app.handle(deskaudit::app::Command::Confirm);
            h.run();
            h.state_mut().handle(deskaudit::app::Command::Continue);
            h.run();
        }
        h.state_mut().handle(deskaudit::app::Command::Finish);
        h.run();
        assert_eq!(h.state().screen, Screen::Debrief, "{id}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// With sixteen scenarios the library narrows by area, and an author's scenario that gives its
/// answer away is listed under Warnings with the lint, the file, the line and the column.
#[test]
fn library_filters_by_area_and_lists_content_lint_warnings() {
    let dir = data_dir("library-lints");
    let mut library = Library::embedded();
    let path = std::path::Path::new("tests/fixtures/lints/giveaway.ron");
    library.add_path(deskaudit::scenario::Source::UserFolder, path);
    let licensing = library
        .scenarios
        .iter()
        .filter(|s| s.scenario.area == "Licensing")
        .count();
    assert!(
        licensing >= 2,
        "the shipped library has several licensing audits"
    );
    let warned = library
        .scenarios
        .iter()
        .filter(|s| !s.warnings.is_empty())
        .count();
    assert!(warned >= 1, "the giveaway fixture loads with warnings");
    let mut h = Harness::builder()
        .with_size([1400.0, 1000.0])
        .build_ui_state(
            |ui, app: &mut DeskauditApp| app.show(ui),
            DeskauditApp::new(dir.clone(), library),
        );
    h.run();
    assert!(h.query_by_label("Play “The cash buyer”").is_some());

    h.get_by_label(&format!("Licensing ({licensing})"))
        .click_accesskit();
    h.run();
    assert_eq!(h.state().library_area.as_deref(), Some("Licensing"));
    assert!(
        h.query_by_label("Play “The cash buyer”").is_none(),
        "a Housing scenario is hidden when only Licensing is shown"
    );
    assert!(h.query_by_label("Play “The school run”").is_some());

    h.get_by_label_contains("All areas").click_accesskit();
    h.run();
    assert!(h.query_by_label("Play “The cash buyer”").is_some());

    let heading = if warned == 1 {
        "Warnings: 1 scenario can be played but needs attention".to_owned()
    } else {
        format!("Warnings: {warned} scenarios can be played but need attention")
    };
    h.get_by_label_contains(&heading).click_accesskit();
    h.run();
    let text = h
        .query_all_by_label_contains("warning[giveaway-node]")
        .filter_map(|n| {
            let a = n.accesskit_node();
            a.label().or(a.value())
        })
        .find(|l| l.starts_with("tests/fixtures/lints/giveaway.ron:"))
        .expect("the fixture's giveaway warning is listed with its file");
    let place: Vec<&str> = text.splitn(4, ':').collect();
    assert!(
        place[1].parse::<usize>().is_ok() && place[2].parse::<usize>().is_ok(),
        "line and column: {text}"
    );
    assert!(text.contains("help:"), "the fix is shown too: {text}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A session played before the scenario rework (taxi-refused-elsewhere version 1.0, a record
/// written by that build) still opens from History: its debrief says the scenario has changed
/// since and shows the score the record itself carries.
#[test]
fn a_record_from_an_earlier_scenario_version_opens_in_the_debrief() {
    let dir = data_dir("old-record");
    let sessions = dir.join("sessions");
    std::fs::create_dir_all(&sessions).unwrap();
    let name = "20261130030411-000007.ron";
    std::fs::copy(
        format!("tests/fixtures/records/{name}"),
        sessions.join(name),
    )
    .unwrap();
    let before = std::fs::read(sessions.join(name)).unwrap();
    let mut h = harness(&dir);
    h.run();
    let now = h.state().library.get("taxi-refused-elsewhere").unwrap();
    let now_version = now.scenario.version.clone();
    assert_ne!(now_version, "1.0", "the shipped scenario has moved on");
    h.get_by_label("History").click_accesskit();
    h.run();
    h.get_by_label("Open debrief").click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Debrief);
    let session = &h.state().open.as_ref().unwrap().session;
    assert_eq!(session.state().started.scenario_version, "1.0");
    let index = session
        .score()
        .index
        .expect("the old record scores from itself");
    h.get_by_label_contains(&format!(
        "Played on version 1.0 of this scenario; it has changed since (now version {now_version})"
    ));
    h.get_by_label_contains(&format!("Resilience index {index:.0} out of 100"));
    drop(h);
    assert_eq!(
        std::fs::read(sessions.join(name)).unwrap(),
        before,
        "opening an old record never rewrites it"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Adding `council` to the shipped scenarios changed their files but not their version or
/// story. A session saved on the file as it was before (same version, another content hash)
/// still opens in the debrief, which says the file has been edited since; an unfinished one
/// is not resumed under rules it was not started with (the resume rule for any edited file).
#[test]
fn sessions_saved_on_a_shipped_file_before_it_gained_its_council_type_still_open() {
    use deskaudit::app::Command;
    use deskaudit::scenario::load::{content_hash, load_bytes};
    use deskaudit::session::{ChoiceInput, Session, SessionConfig};
    use deskaudit::store::Store;
    let now_text = include_str!("../scenarios/cash-buyer.ron");
    let before_text = now_text.replace("    council: District,\n", "");
    assert_ne!(before_text, now_text, "the shipped file has the line");
    let (before, _) = load_bytes("before.ron", before_text.as_bytes()).unwrap();
    assert_eq!(before.council, None, "older files load without it");
    let before_hash = content_hash(before_text.as_bytes());
    let lib = Library::embedded();
    let now = lib.get("cash-buyer").unwrap();
    assert_ne!(before_hash, now.content_hash);
    assert_eq!(before.version, now.scenario.version);

    let dir = data_dir("before-council");
    let store = Store::new(&dir);
    let mut finished = Session::start(&before, &before_hash, SessionConfig::default(), None);
    let mut unfinished = finished.clone();
    let mut first = true;
    while !finished.at_ending() {
        let choice = finished.offered(&before).unwrap()[0].index;
        let input = ChoiceInput {
            choice,
            ..ChoiceInput::default()
        };
        if first {
            unfinished.choose(&before, input.clone()).unwrap();
            first = false;
        }
        finished.choose(&before, input).unwrap();
    }
    finished.finish().unwrap();
    store.save("20260101000000-000001", &finished).unwrap();
    store.save("20260101000000-000002", &unfinished).unwrap();

    let mut h = harness(&dir);
    h.run();
    h.state_mut()
        .handle(Command::OpenDebrief("20260101000000-000001".into()));
    h.run();
    assert_eq!(h.state().screen, Screen::Debrief);
    h.get_by_label_contains(&format!(
        "This scenario's file (version {}) has been edited since this session was played.",
        before.version
    ));
    let index = finished.score().index.unwrap();
    h.get_by_label_contains(&format!("Resilience index {index:.0} out of 100"));
    h.state_mut()
        .handle(Command::Resume("20260101000000-000002".into()));
    h.run();
    assert_ne!(h.state().screen, Screen::Play);
    h.get_by_label_contains("cannot be resumed; its debrief can still be opened");
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}
