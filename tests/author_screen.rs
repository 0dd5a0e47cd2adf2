//! The Author screen driven through the real UI by accessible labels: every shipped
//! scenario's map names every node, a node's content shows beside the map, live reload of the
//! user's folder (a new file, a broken edit with its line and column, the fix), bad files that
//! never cost the author another scenario or disturb a session in progress, and play from here
//! in a test mode that saves nothing.

use deskaudit::app::{AuthorEntry, Command, DeskauditApp, Screen};
use deskaudit::cli_author::template;
use deskaudit::scenario::Library;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn data_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deskaudit-author-ui-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn harness(dir: &Path) -> Harness<'static, DeskauditApp> {
    // The app is built as `deskaudit` builds it: the shipped scenarios plus the user's folder.
    let library = deskaudit::cli::standard_library(dir);
    Harness::builder()
        .with_size([1600.0, 1000.0])
        .build_ui_state(
            |ui, app: &mut DeskauditApp| app.show(ui),
            DeskauditApp::new(dir.to_path_buf(), library),
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
            t.elapsed() < Duration::from_secs(20),
            "never happened: {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The line and column (1-based) where `needle` first occurs in `text`.
fn line_col(text: &str, needle: &str) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(i, l)| l.find(needle).map(|c| (i + 1, c + 1)))
        .expect("the text holds the needle")
}

#[test]
fn every_shipped_map_names_every_node_and_a_click_shows_its_text() {
    let dir = data_dir("map");
    let mut h = harness(&dir);
    open_author(&mut h);
    // Every node of every shipped scenario is on its map, found by its accessible label.
    let lib = Library::embedded();
    for s in &lib.scenarios {
        h.get_by_label(&s.scenario.title).click_accesskit();
        h.run();
        h.run();
        for n in &s.scenario.nodes {
            h.get_by_label_contains(&format!("\"{}\" (id {})", n.title, n.id));
        }
    }
    h.get_by_label("The cash buyer").click_accesskit();
    h.run();
    h.run();
    h.check_accessibility();
    h.get_by_label_contains("(id application), 3 choices, the start");
    // Click the start node: its narrative, evidence, choices and notes show beside the map.
    h.get_by_label_contains("(id application)")
        .click_accesskit();
    h.run();
    h.get_by_label_contains("has held a tenancy on the");
    h.get_by_label_contains("RTB1 application (extract)");
    h.get_by_label_contains("Ask her for bank statements");
    h.get_by_label_contains("The red flags"); // facilitator notes
    h.check_accessibility();
    // The arrow keys follow the arrows; Esc closes the panel.
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let selected = h.state().author.node.expect("a node is selected");
    let view = h.state().author.view.as_ref().expect("map");
    let next = view.graph.nodes[selected].id.clone();
    assert_ne!(next, "application");
    assert!(
        view.graph
            .edges
            .iter()
            .any(|e| view.graph.nodes[e.from].id == "application" && e.to == selected),
        "the arrow key went along an arrow from the start, to {next}"
    );
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().author.node, None);
    assert!(
        h.query_by_label_contains("has held a tenancy on the")
            .is_none()
    );
    // Find by title: the match is counted and one button goes to it.
    h.get_by_label("Find:").focus();
    h.run();
    h.get_by_label("Find:").type_text("funds-evidence");
    h.run();
    h.get_by_label_contains("1 node matches");
    h.get_by_label("Go to the first").click_accesskit();
    h.run();
    let view = h.state().author.view.as_ref().expect("map");
    let n = h.state().author.node.expect("selected");
    assert_eq!(view.graph.nodes[n].id, "funds-evidence");
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
    // It is in the library too, ready to play, without a restart.
    assert!(h.state().library.get("mine").is_some());
    h.get_by_label_contains("Mine, first draft — mine.ron")
        .click_accesskit();
    h.run();
    h.get_by_label_contains("(id first-report)");
    // A broken edit: the problem with its line and column, the node it is in outlined (as a
    // missing node the choice points at), and the last good version still playable.
    let good = template("mine", "Mine, second draft", "Licensing");
    let broken = good.replacen("goto: \"bad-end\"", "goto: \"bad-ned\"", 1);
    let (line, col) = line_col(&broken, "\"bad-ned\"");
    std::fs::write(&file, &broken).expect("write");
    let expected = format!("mine.ron:{line}:{col}: error: unknown node");
    until(&mut h, "the problem is shown", |h| {
        h.query_by_label_contains(&expected).is_some()
    });
    h.get_by_label_contains("the last good version is still playable");
    assert_eq!(
        h.state()
            .library
            .get("mine")
            .expect("still playable")
            .scenario
            .title,
        "Mine, first draft"
    );
    h.get_by_label_contains("Missing node \"bad-ned\"");
    // The fix clears it.
    std::fs::write(&file, &good).expect("write");
    until(&mut h, "the fix is picked up", |h| {
        h.query_by_label_contains(&expected).is_none()
            && h.query_by_label_contains("Mine, second draft — mine.ron: ready")
                .is_some()
    });
    assert_eq!(
        h.state()
            .library
            .get("mine")
            .expect("loaded")
            .scenario
            .title,
        "Mine, second draft"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_files_never_crash_the_app_or_cost_another_scenario() {
    let dir = data_dir("bad");
    let folder = dir.join("scenarios");
    std::fs::create_dir_all(&folder).expect("folder");
    let keep = folder.join("keep.ron");
    let victim = folder.join("victim.ron");
    std::fs::write(&keep, template("keep", "Kept safe", "Licensing")).expect("write");
    let good = template("victim", "The victim", "Housing");
    std::fs::write(&victim, &good).expect("write");
    let mut h = harness(&dir);
    h.state_mut().watch_user_folder(|| {});
    open_author(&mut h);
    h.get_by_label_contains("Kept safe — keep.ron: ready");
    h.get_by_label_contains("The victim — victim.ron: ready");
    let both_playable = |h: &Harness<'static, DeskauditApp>| {
        h.state().library.get("keep").is_some() && h.state().library.get("victim").is_some()
    };

    // Not RON at all: reported, and the last good version kept.
    std::fs::write(&victim, "this is { not ( RON").expect("write");
    let first_problem_line = |h: &Harness<'static, DeskauditApp>| {
        h.state()
            .live
            .files()
            .get(&victim)
            .and_then(|f| f.problems.first())
            .map(|d| d.line)
    };
    until(&mut h, "invalid RON is reported", |h| {
        first_problem_line(h) == Some(1)
    });
    h.get_by_label_contains("The victim — victim.ron")
        .click_accesskit();
    h.run();
    h.get_by_label_contains("(the last good version is still playable)");
    h.get_by_label_contains("victim.ron:1:");
    h.get_by_label_contains("the map shows the last version that loaded");
    h.get_by_label_contains("(id first-report)");
    assert!(both_playable(&h));
    h.get_by_label_contains("Kept safe — keep.ron: ready");

    // Half-written, as an editor leaves it mid-save: reported where the text stops.
    std::fs::write(&victim, &good[..good.len() / 2]).expect("write");
    until(&mut h, "the half-written file is reported", |h| {
        first_problem_line(h).is_some_and(|l| l > 1)
    });
    let line = first_problem_line(&h).expect("a problem");
    h.get_by_label_contains(&format!("victim.ron:{line}:"));
    h.get_by_label_contains("(id first-report)");
    assert!(both_playable(&h));

    // Replaced by a folder: the file is gone from the list; nothing else is.
    std::fs::remove_file(&victim).expect("remove");
    std::fs::create_dir(&victim).expect("folder in its place");
    until(&mut h, "the file replaced by a folder leaves", |h| {
        h.state().library.get("victim").is_none()
    });
    h.get_by_label_contains("This file is no longer in your scenarios folder.");
    assert!(h.query_by_label_contains("victim.ron:").is_none());
    h.get_by_label_contains("Kept safe — keep.ron: ready");

    // Written again, then deleted.
    std::fs::remove_dir(&victim).expect("remove the folder");
    std::fs::write(&victim, &good).expect("write");
    until(&mut h, "the file is back", |h| both_playable(h));
    std::fs::remove_file(&victim).expect("delete");
    until(&mut h, "the deleted file leaves", |h| {
        h.state().library.get("victim").is_none()
    });
    assert!(h.state().library.get("keep").is_some());
    h.get_by_label_contains("Kept safe — keep.ron: ready");
    h.check_accessibility();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_session_in_progress_keeps_its_version_while_the_file_changes() {
    let dir = data_dir("pinned");
    let folder = dir.join("scenarios");
    std::fs::create_dir_all(&folder).expect("folder");
    let file = folder.join("mine.ron");
    std::fs::write(&file, template("mine", "Version one", "Licensing")).expect("write");
    let mut h = harness(&dir);
    h.state_mut().watch_user_folder(|| {});
    h.run();
    h.get_by_label("Play “Version one”").click_accesskit();
    h.run();
    h.get_by_label("Start the scenario").click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Play);
    let hash = |h: &Harness<'static, DeskauditApp>| {
        h.state()
            .open
            .as_ref()
            .expect("open")
            .session
            .state()
            .started
            .content_hash
            .clone()
    };
    let started_with = hash(&h);
    // The author saves a new version, then breaks the file: the session plays on with the
    // version it started with, and its decisions are saved as usual.
    std::fs::write(&file, template("mine", "Version two", "Licensing")).expect("write");
    until(&mut h, "the new version reaches the Author screen", |h| {
        h.state().live.files().values().any(|f| {
            f.last_good
                .as_ref()
                .is_some_and(|s| s.scenario.title == "Version two")
        })
    });
    let in_library = h.state().library.get("mine").expect("pinned");
    assert_eq!(in_library.content_hash, started_with);
    assert_eq!(in_library.scenario.title, "Version one");
    std::fs::write(&file, "broken (").expect("write");
    until(&mut h, "the broken file is seen", |h| {
        h.state()
            .live
            .files()
            .values()
            .any(|f| !f.problems.is_empty())
    });
    h.key_press(egui::Key::Num1);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let open = h.state().open.as_ref().expect("open");
    assert_eq!(open.session.state().path.len(), 1, "the decision was taken");
    assert_eq!(hash(&h), started_with);
    let (records, _) = deskaudit::store::Store::new(&dir).list();
    assert_eq!(records.len(), 1, "and saved");
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
    h.get_by_label("Public money at risk (loss)")
        .set_value_accesskit(250_000.0);
    h.run();
    h.get_by_label("Play from here (test)").click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Play);
    {
        let open = h.state().open.as_ref().expect("a test play");
        assert!(open.session.is_test());
        let st = open.session.state();
        assert_eq!(st.current.node.as_str(), "funds-evidence");
        assert!(st.flags.contains("press_interest"));
        assert_eq!(st.counters.get("loss"), Some(&250_000));
    }
    // Marked on screen as a test.
    h.get_by_label_contains("TEST PLAY");
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
    h.get_by_label_contains("TEST PLAY");
    // No report either.
    h.state_mut()
        .handle(Command::Export(deskaudit::report::Format::Html));
    h.run();
    assert!(
        h.state()
            .banner
            .as_deref()
            .is_some_and(|b| b.contains("nothing from it is saved"))
    );
    // Nothing reached the store, or History.
    let (records, unreadable) = deskaudit::store::Store::new(&dir).list();
    assert!(records.is_empty() && unreadable.is_empty());
    assert!(!dir.join("reports").exists());
    h.get_by_label("Back to the map").click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Author);
    assert_eq!(
        h.state().author.entry,
        Some(AuthorEntry::BuiltIn("cash-buyer".into()))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn copy_to_my_scenarios_makes_an_editable_copy_with_a_new_id() {
    let dir = data_dir("copy");
    let mut h = harness(&dir);
    open_author(&mut h);
    h.get_by_label("The cash buyer").click_accesskit();
    h.run();
    h.get_by_label("Copy to my scenarios").click_accesskit();
    h.run();
    h.run();
    let copy = dir.join("scenarios").join("cash-buyer-copy.ron");
    assert!(copy.is_file(), "the copy is written");
    assert_eq!(
        h.state().author.entry,
        Some(AuthorEntry::File(copy.clone()))
    );
    let copied = h.state().library.get("cash-buyer-copy").expect("loaded");
    assert_eq!(
        copied.scenario.nodes.len(),
        Library::embedded()
            .get("cash-buyer")
            .expect("shipped")
            .scenario
            .nodes
            .len()
    );
    h.get_by_label_contains("cash-buyer-copy.ron: ready");
    // A new scenario from the template, too.
    h.get_by_label("New scenario").click_accesskit();
    h.run();
    h.run();
    assert!(h.state().library.get("my-scenario").is_some());
    h.get_by_label_contains("my-scenario.ron: ready");
    let _ = std::fs::remove_dir_all(&dir);
}

// What the map draws: the text shapes of a frame, as the renderer would get them.

/// Every text shape of the last frame: its text, its rectangle on screen and its font size
/// on screen (the font's size times the scale its layer was drawn at).
fn texts(h: &Harness<'static, DeskauditApp>) -> Vec<(String, egui::Rect, f32)> {
    fn walk(shape: &egui::Shape, out: &mut Vec<(String, egui::Rect, f32)>) {
        match shape {
            egui::Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            egui::Shape::Text(t) => {
                let g = &t.galley;
                let size = g
                    .job
                    .sections
                    .first()
                    .map_or(0.0, |s| s.format.font_id.size);
                // A layer's transform scales the rows but not the glyphs' own metrics.
                let scale = g
                    .rows
                    .iter()
                    .find_map(|r| {
                        let unscaled = r.glyphs.iter().map(|g| g.line_height).fold(0.0, f32::max);
                        (unscaled > 0.0).then(|| r.row.size.y / unscaled)
                    })
                    .unwrap_or(1.0);
                // The text as drawn: a cut title ends with the ellipsis.
                let drawn: String = g
                    .rows
                    .iter()
                    .flat_map(|r| r.glyphs.iter().map(|g| g.chr))
                    .collect();
                out.push((drawn, g.rect.translate(t.pos.to_vec2()), size * scale));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for c in &h.output().shapes {
        walk(&c.shape, &mut out);
    }
    out
}

/// An edge's label: a choice number ("2", "2.1"), perhaps marked "best".
fn is_edge_tag(s: &str) -> bool {
    let number = s.strip_suffix(" best").unwrap_or(s);
    number.starts_with(|c: char| c.is_ascii_digit())
        && number.chars().all(|c| c.is_ascii_digit() || c == '.')
}

fn sized(dir: &Path, size: [f32; 2]) -> Harness<'static, DeskauditApp> {
    let library = deskaudit::cli::standard_library(dir);
    Harness::builder().with_size(size).build_ui_state(
        |ui, app: &mut DeskauditApp| app.show(ui),
        DeskauditApp::new(dir.to_path_buf(), library),
    )
}

/// Shows the open map at `zoom` (screen points per map point) around `centre`.
fn zoom_to(h: &mut Harness<'static, DeskauditApp>, centre: egui::Pos2, zoom: f32) {
    let room = h
        .state()
        .author
        .view
        .as_ref()
        .expect("a map is open")
        .shown_rect()
        .size();
    show_part(h, egui::Rect::from_center_size(centre, room / zoom));
    let drawn = h.state().author.view.as_ref().expect("map").zoom();
    assert!((drawn - zoom).abs() < 0.02, "drawn at {drawn}, not {zoom}");
}

/// Shows the part `scene` of the open map (map coordinates) at the next frames.
fn show_part(h: &mut Harness<'static, DeskauditApp>, scene: egui::Rect) {
    h.state_mut()
        .author
        .view
        .as_mut()
        .expect("a map is open")
        .scene_rect = scene;
    h.run();
}

#[test]
fn edge_labels_on_every_shipped_map_are_drawn_apart() {
    let dir = data_dir("labels");
    // A window wide enough for the longest shipped map at about its own size.
    let mut h = sized(&dir, [8000.0, 1600.0]);
    open_author(&mut h);
    let lib = Library::embedded();
    let mut labels_seen = 0;
    for s in &lib.scenarios {
        h.state_mut().handle(Command::OpenMap(AuthorEntry::BuiltIn(
            s.scenario.id.0.clone(),
        )));
        h.run();
        let whole = h.state().author.view.as_ref().expect("map").bounds();
        show_part(&mut h, whole);
        let labels: Vec<(String, egui::Rect, f32)> = texts(&h)
            .into_iter()
            .filter(|t| is_edge_tag(&t.0))
            .collect();
        let edges = h
            .state()
            .author
            .view
            .as_ref()
            .expect("map")
            .graph
            .edges
            .len();
        assert_eq!(labels.len(), edges, "{}: one label per edge", s.file);
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(
                    !a.1.intersects(b.1),
                    "{}: labels {:?} and {:?} overlap at {:?} and {:?}",
                    s.file,
                    a.0,
                    b.0,
                    a.1,
                    b.1
                );
            }
        }
        labels_seen += labels.len();
    }
    assert!(labels_seen > 500, "{labels_seen} labels checked");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A valid scenario whose second node has a long title and a content lint (its best choice
/// is much the longest), and checkpoint badges.
fn long_title_scenario() -> String {
    template("long", "Long titles", "Licensing")
        .replace(
            "title: \"The visit\",",
            "title: \"The visit to the premises after the anonymous report, with a van loading at the back\",",
        )
        .replace(
            "text: \"Brief frontline staff on the warning signs, and agree who leads\",",
            "text: \"Brief frontline staff on the warning signs, agree who leads, and set a date to review the case with partners\",",
        )
}

#[test]
fn a_long_title_never_runs_under_the_cards_counts_or_badges() {
    let dir = data_dir("title");
    let text = long_title_scenario();
    assert!(
        text.contains("with a van loading at the back"),
        "the template changed"
    );
    std::fs::create_dir_all(dir.join("scenarios")).expect("folder");
    std::fs::write(dir.join("scenarios").join("long.ron"), &text).expect("write");
    let mut h = sized(&dir, [1600.0, 1000.0]);
    open_author(&mut h);
    h.get_by_label_contains("Long titles — long.ron")
        .click_accesskit();
    h.run();
    // The whole title is in the node's accessible label.
    h.get_by_label_contains(
        "\"The visit to the premises after the anonymous report, with a van loading at the back\" (id visit)",
    );
    let visit = {
        let v = h.state().author.view.as_ref().expect("map");
        let i = v.graph.find("visit").expect("node");
        assert!(!v.graph.nodes[i].lints.is_empty(), "the node has a lint");
        let r = v.layout.nodes[i];
        egui::Rect::from_min_size(egui::pos2(r.x, r.y), egui::vec2(r.w, r.h))
    };
    // The card at its own size and larger.
    for zoom in [1.0, 1.6] {
        zoom_to(&mut h, visit.center(), zoom);
        let all = texts(&h);
        let title = all
            .iter()
            .find(|t| t.0.starts_with("The visit to the premises"))
            .expect("the title is drawn");
        assert!(
            title.0.ends_with('…'),
            "a title too long for the card is cut: {:?}",
            title.0
        );
        let lint = all
            .iter()
            .find(|t| t.0.contains("LINT"))
            .expect("the lint count is drawn");
        let badges: Vec<_> = all
            .iter()
            .filter(|t| t.0.starts_with("Pv ") || t.0.starts_with("Pp "))
            .collect();
        assert!(!badges.is_empty(), "badges are drawn");
        let id = all
            .iter()
            .find(|t| t.0 == "visit")
            .expect("the id is drawn");
        for other in badges.iter().copied().chain([lint, id]) {
            assert!(
                !title.1.intersects(other.1),
                "zoom {zoom}: the title {:?} at {:?} runs into {:?} at {:?}",
                title.0,
                title.1,
                other.0,
                other.1
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn text_too_small_to_read_is_not_drawn_and_the_outline_stays() {
    let dir = data_dir("small");
    let broken = template("gap", "Broken link", "Licensing").replacen(
        "goto: \"bad-end\"",
        "goto: \"bad-ned\"",
        1,
    );
    std::fs::create_dir_all(dir.join("scenarios")).expect("folder");
    std::fs::write(dir.join("scenarios").join("gap.ron"), &broken).expect("write");
    let mut h = sized(&dir, [1600.0, 1000.0]);
    open_author(&mut h);
    h.get_by_label_contains("gap.ron").click_accesskit();
    h.run();
    h.get_by_label_contains("Missing node \"bad-ned\"");
    let whole = h.state().author.view.as_ref().expect("map").bounds();
    // At its own size every word is drawn, "MISSING NODE" with it.
    show_part(&mut h, whole);
    let readable = texts(&h);
    assert!(readable.iter().any(|t| t.0 == "MISSING NODE"));
    assert!(readable.iter().any(|t| t.0 == "A report comes in"));
    // Zoomed out (to a third, half and 70% of its size): no text smaller than the map's
    // smallest, and the missing node keeps its outline in the error colour.
    let error = egui::Color32::from_rgb(0xc4, 0x16, 0x1c);
    for zoom in [0.33, 0.5, 0.7] {
        zoom_to(&mut h, whole.center(), zoom);
        let map = h.state().author.view.as_ref().expect("map").shown_rect();
        for (text, rect, px) in texts(&h) {
            if map.contains_rect(rect) {
                assert!(
                    px >= deskaudit::app::map_view::MIN_TEXT_PX,
                    "zoom {zoom}: {text:?} drawn at {px:.1} points"
                );
            }
        }
        let outlined = h.output().shapes.iter().any(|c| {
            matches!(&c.shape, egui::Shape::Rect(r) if r.stroke.color == error && r.stroke.width >= 3.9 * zoom)
        });
        assert!(
            outlined,
            "zoom {zoom}: the problem nodes keep their outline"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn at_the_smallest_window_the_map_gets_the_room_and_nothing_overlaps() {
    let dir = data_dir("narrow");
    let mut h = sized(&dir, [800.0, 560.0]);
    h.run();
    // (The top bar of a window this small may fold its screens into a menu.)
    h.state_mut().handle(Command::Show(Screen::Author));
    h.run();
    h.get_by_label("The quiet tenant").click_accesskit();
    h.run();
    let window = h.ctx.content_rect();
    let map = h.state().author.view.as_ref().expect("map").shown_rect();
    assert!(
        map.width() >= 0.9 * window.width(),
        "the map has {:.0} of {:.0} points across",
        map.width(),
        window.width()
    );
    assert!(
        map.height() >= 0.5 * window.height(),
        "the map has {:.0} points down",
        map.height()
    );
    // With a node's panel open the map keeps over half the width.
    h.get_by_label_contains("(id repairs-report)")
        .click_accesskit();
    h.run();
    h.get_by_label("Play from here (test)");
    h.run_steps(3);
    let map = h.state().author.view.as_ref().expect("map").shown_rect();
    assert!(
        map.width() >= 0.55 * window.width(),
        "with the node open the map has {:.0} of {:.0} points across",
        map.width(),
        window.width()
    );
    // No two controls overlap, and none lies over the map.
    let controls: Vec<(String, egui::Rect)> = h
        .query_all_by(|n| {
            use egui::accesskit::Role;
            matches!(
                n.role(),
                Role::Button | Role::TextInput | Role::CheckBox | Role::Link | Role::SpinButton
            ) && !n.label().is_some_and(|l| l.contains("(id "))
        })
        .map(|n| (n.accesskit_node().label().unwrap_or_default(), n.rect()))
        .filter(|(_, r)| window.contains_rect(*r))
        .collect();
    assert!(
        [
            "Fit height",
            "Whole map",
            "Save map as SVG",
            "Close",
            "Find:"
        ]
        .iter()
        .all(|l| controls.iter().any(|(c, _)| c == l)),
        "{controls:?}"
    );
    // (A text field's rectangle takes in a fraction of a point of its frame: an overlap
    // counts when it is a point or more.)
    let controls: Vec<(String, egui::Rect)> = controls
        .into_iter()
        .map(|(l, r)| (l, r.shrink(0.5)))
        .collect();
    for (i, (a, ra)) in controls.iter().enumerate() {
        assert!(
            !ra.intersects(map),
            "{a:?} at {ra:?} lies over the map at {map:?}"
        );
        for (b, rb) in &controls[i + 1..] {
            assert!(
                !ra.intersects(*rb),
                "{a:?} at {ra:?} overlaps {b:?} at {rb:?}"
            );
        }
    }
    // The list comes back on request.
    h.get_by_label("Scenarios…").click_accesskit();
    h.run();
    h.get_by_label("The anonymous tip");
    h.get_by_label("Hide the list");
    let _ = std::fs::remove_dir_all(&dir);
}
