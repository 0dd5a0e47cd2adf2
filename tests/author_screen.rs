//! The Author screen driven through the real UI by accessible labels: the map of a scenario,
//! a node's content, live reload of the user's folder (a new file, a broken edit with its
//! line and column, the fix), and play from here in a test mode that saves nothing.

use deskaudit::app::{DeskauditApp, Screen};
use deskaudit::cli_author::template;
use deskaudit::scenario::Library;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn data_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deskaudit-author-ui-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn harness(dir: &Path) -> Harness<'static, DeskauditApp> {
    Harness::builder()
        .with_size([1600.0, 1000.0])
        .build_ui_state(
            |ui, app: &mut DeskauditApp| app.show(ui),
            DeskauditApp::new(dir.to_path_buf(), Library::embedded()),
        )
}

fn open_author(h: &mut Harness<'static, DeskauditApp>) {
    h.run();
    h.get_by_label("Author").click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Author);
}

/// Runs frames until `done` holds (file events arrive on another thread; a loaded machine
/// can take a few seconds, a quiet one a fraction of one).
fn until(
    h: &mut Harness<'static, DeskauditApp>,
    what: &str,
    done: impl Fn(&Harness<'static, DeskauditApp>) -> bool,
) {
    let t = Instant::now();
    loop {
        h.run();
        if done(h) {
            return;
        }
        assert!(
            t.elapsed() < Duration::from_secs(15),
            "never happened: {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn the_map_shows_every_node_and_a_click_shows_its_text() {
    let dir = data_dir("map");
    let mut h = harness(&dir);
    open_author(&mut h);
    h.get_by_label("The cash buyer").click_accesskit();
    h.run();
    h.run();
    let lib = Library::embedded();
    let s = &lib.get("cash-buyer").expect("shipped").scenario;
    for n in &s.nodes {
        h.get_by_label_contains(&format!("\"{}\" (id {})", n.title, n.id));
    }
    h.check_accessibility();
    // Click the start node: its narrative, evidence and choices show beside the map.
    h.get_by_label_contains("(id application)")
        .click_accesskit();
    h.run();
    h.get_by_label_contains("has held a tenancy on the");
    h.get_by_label_contains("RTB1 application (extract)");
    h.get_by_label_contains("Ask the tenant for bank statements");
    h.get_by_label_contains("The red flags"); // facilitator notes
    // Arrow keys move along the arrows.
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let selected = h.state().author.node.expect("a node is selected");
    let view = h.state().author.view.as_ref().expect("map");
    assert_ne!(view.graph.nodes[selected].id, "application");
    h.get_by_label("Find:");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn saves_in_the_watched_folder_show_at_once_with_problems_and_fixes() {
    let dir = data_dir("live");
    let mut h = harness(&dir);
    h.state_mut().watch_user_folder(|| {});
    open_author(&mut h);
    let file = dir.join("scenarios").join("mine.ron");
    std::fs::write(&file, template("mine", "Mine, first draft", "Licensing")).expect("write");
    until(&mut h, "the new file is listed", |h| {
        h.query_by_label_contains("Mine, first draft — mine.ron: ready")
            .is_some()
    });
    h.get_by_label_contains("Mine, first draft — mine.ron")
        .click_accesskit();
    h.run();
    h.get_by_label_contains("(id first-report)");
    // A broken edit: the problem, with its line and column, and the last good version kept.
    let good = template("mine", "Mine, second draft", "Licensing");
    let broken = good.replacen("goto: \"bad-end\"", "goto: \"bad-ned\"", 1);
    let line = broken
        .lines()
        .position(|l| l.contains("bad-ned"))
        .expect("line")
        + 1;
    let col = broken
        .lines()
        .nth(line - 1)
        .expect("line")
        .find("\"bad-ned\"")
        .expect("col")
        + 1;
    std::fs::write(&file, &broken).expect("write");
    let expected = format!("mine.ron:{line}:{col}: error: unknown node");
    until(&mut h, "the problem is shown", |h| {
        h.query_by_label_contains(&expected).is_some()
    });
    h.get_by_label_contains("the last good version is still playable");
    assert!(h.state().library.get("mine").is_some(), "still playable");
    // The broken link is drawn to a missing node, outlined.
    h.get_by_label_contains("Missing node \"bad-ned\"");
    // The fix clears it.
    std::fs::write(&file, &good).expect("write");
    until(&mut h, "the fix is picked up", |h| {
        h.query_by_label_contains(&expected).is_none()
            && h.query_by_label_contains("Mine, second draft — mine.ron: ready")
                .is_some()
    });
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn play_from_here_starts_at_the_node_with_the_chosen_flags_and_saves_nothing() {
    let dir = data_dir("play");
    let mut h = harness(&dir);
    open_author(&mut h);
    h.get_by_label("The cash buyer").click_accesskit();
    h.run();
    h.run();
    h.get_by_label_contains("(id funds-evidence)")
        .click_accesskit();
    h.run();
    h.get_by_label("press_interest").click_accesskit();
    h.run();
    h.get_by_label("Play from here (test)").click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Play);
    {
        let open = h.state().open.as_ref().expect("a test play");
        assert!(open.session.is_test());
        assert_eq!(open.session.state().current.node.as_str(), "funds-evidence");
        assert!(open.session.state().flags.contains("press_interest"));
    }
    h.get_by_label_contains("nothing is saved to History");
    // Play it to the end.
    for _ in 0..30 {
        if h.state().open.as_ref().expect("open").session.at_ending() {
            break;
        }
        h.key_press(egui::Key::Num1);
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
        if let Some(c) = h.query_by_label_contains("Continue") {
            c.click_accesskit();
            h.run();
        }
    }
    h.get_by_label_contains("See the debrief").click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Debrief);
    h.get_by_label_contains("nothing is saved to History");
    // Nothing reached the store.
    let (records, unreadable) = deskaudit::store::Store::new(&dir).list();
    assert!(records.is_empty() && unreadable.is_empty());
    h.get_by_label("Back to the map").click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Author);
    let _ = std::fs::remove_dir_all(&dir);
}
