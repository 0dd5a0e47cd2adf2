//! What a new user hit (issue 16), each checked through the real UI: the index explained
//! beside the ending, a top bar that fits, feedback that teaches, a self-study debrief
//! without facilitator notes, Enter and Ctrl+Enter, scroll reset, a banner that moves
//! nothing, load errors announced at the top, and the smaller snags.

use deskaudit::app::facilitation::OnProjector;
use deskaudit::app::projector::Show;
use deskaudit::app::{Command, DeskauditApp, Screen};
use deskaudit::scenario::{Band, CouncilType, Library, Rating};
use deskaudit::session::{ChoiceInput, Mode, Session, SessionConfig};
use deskaudit::store::Store;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::{Path, PathBuf};

mod support;

fn data_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deskaudit-snags-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn harness_sized(dir: &Path, size: [f32; 2]) -> Harness<'static, DeskauditApp> {
    Harness::builder().with_size(size).build_ui_state(
        |ui, app: &mut DeskauditApp| app.show(ui),
        DeskauditApp::new(dir.to_path_buf(), Library::embedded()),
    )
}

fn harness(dir: &Path) -> Harness<'static, DeskauditApp> {
    harness_sized(dir, [1400.0, 1000.0])
}

/// Whether an ending's rating sits beside the band it would match.
fn agrees(rating: Rating, band: Band) -> bool {
    matches!(
        (rating, band),
        (Rating::Good, Band::Resilient)
            | (Rating::Mixed, Band::Developing)
            | (Rating::Poor, Band::Vulnerable)
    )
}

/// A finished session of a shipped scenario whose ending's rating and index's band satisfy
/// `wanted`.
fn find_session(
    scenario_id: &str,
    mode: Mode,
    wanted: &dyn Fn(Rating, Band) -> bool,
) -> Option<Session> {
    find_session_where(scenario_id, mode, &|s: &Session| match (
        &s.state().current.ending,
        s.score().band(),
    ) {
        (Some((rating, _)), Some(band)) => wanted(*rating, band),
        _ => false,
    })
}

/// A finished session of a shipped scenario for which `wanted` holds at its ending, found by
/// walking its paths in order (first choices first).
fn find_session_where(
    scenario_id: &str,
    mode: Mode,
    wanted: &dyn Fn(&Session) -> bool,
) -> Option<Session> {
    let library = Library::embedded();
    let loaded = library.get(scenario_id)?;
    let config = SessionConfig {
        mode,
        seed: 7,
        shuffle: false,
        ..SessionConfig::default()
    };
    let start = Session::start(&loaded.scenario, &loaded.content_hash, config, None);
    let mut stack = vec![start];
    let mut tried = 0;
    while let Some(s) = stack.pop() {
        if s.at_ending() {
            tried += 1;
            if tried > 4000 {
                return None;
            }
            if wanted(&s) {
                let mut s = s;
                s.finish().ok()?;
                return Some(s);
            }
            continue;
        }
        let offered = s.offered(&loaded.scenario).ok()?;
        for o in offered.iter().rev() {
            let mut next = s.clone();
            let input = ChoiceInput {
                choice: o.index,
                ..ChoiceInput::default()
            };
            if next.choose(&loaded.scenario, input).is_ok() {
                stack.push(next);
            }
        }
    }
    None
}

/// Saves `session` in the data folder and returns its record id.
fn save(dir: &Path, session: &Session) -> String {
    let store = Store::new(dir);
    let id = store.new_id(session.config().seed);
    store.save(&id, session).unwrap();
    id
}

// ---------------------------------------------------------------- 1. score against ending

#[test]
fn the_debrief_explains_why_the_ending_and_the_index_disagree() {
    let dir = data_dir("verdict");
    let session = find_session("car-wash-exploitation", Mode::SelfStudy, &|r, b| {
        !agrees(r, b)
    })
    .expect("a car-wash path whose ending and band disagree");
    let note = session.score_note();
    let why = note.why.clone().expect("a reason when they disagree");
    let (rating, _) = session.state().current.ending.clone().unwrap();
    let band = session.score().band().unwrap();
    assert!(
        why.contains(&format!(
            "The ending is rated {} but the index is in the {} band because",
            rating.label(),
            band.label()
        )),
        "{why}"
    );
    let id = save(&dir, &session);
    let mut h = harness(&dir);
    h.run();
    h.state_mut().handle(Command::OpenDebrief(id));
    h.run();
    assert_eq!(h.state().screen, Screen::Debrief);
    h.get_by_label(&note.measures);
    h.get_by_label(&why);
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn when_the_ending_and_the_index_agree_no_reason_is_given() {
    let dir = data_dir("verdict-agree");
    let session = find_session("car-wash-exploitation", Mode::SelfStudy, &agrees)
        .expect("a car-wash path whose ending and band agree");
    let note = session.score_note();
    assert_eq!(note.why, None);
    let id = save(&dir, &session);
    let mut h = harness(&dir);
    h.run();
    h.state_mut().handle(Command::OpenDebrief(id));
    h.run();
    h.get_by_label(&note.measures);
    assert!(
        h.query_by_label_contains("but the index is in the")
            .is_none()
    );
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_projector_s_results_carry_the_same_explanation() {
    let dir = data_dir("verdict-projector");
    let session = find_session("car-wash-exploitation", Mode::Facilitated, &|r, b| {
        !agrees(r, b)
    })
    .expect("a facilitated car-wash path whose ending and band disagree");
    let note = session.score_note();
    assert!(
        note.measures.contains("the room's decisions"),
        "{}",
        note.measures
    );
    let why = note.why.clone().unwrap();
    let id = save(&dir, &session);
    let mut h = harness(&dir);
    h.run();
    h.state_mut().handle(Command::OpenDebrief(id));
    h.run();
    // The facilitated debrief shows it to the facilitator…
    h.get_by_label(&why);
    // …and the results page on the projector shows it to the room.
    h.state_mut().handle(Command::Project(OnProjector::Results));
    h.run();
    match h.state().projector_show() {
        Some(Show::Results { note: shown, .. }) => {
            assert!(shown.contains(&note.measures), "{shown}");
            assert!(shown.contains(&why), "{shown}");
        }
        other => panic!("the projector shows {other:?}"),
    }
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- 2. the top bar fits

/// The text sizes to check at: the normal one and the largest the app offers.
fn text_sizes() -> [f32; 2] {
    [1.0, deskaudit::app::settings::ZOOM_RANGE.1]
}

/// Every interactive widget on screen: (role and label, its rectangle clipped to the window).
fn interactive(h: &Harness<'static, DeskauditApp>, size: [f32; 2]) -> Vec<(String, [f64; 4])> {
    use egui::accesskit::Role;
    let roles = [
        Role::Button,
        Role::CheckBox,
        Role::RadioButton,
        Role::TextInput,
        Role::MultilineTextInput,
        Role::ComboBox,
        Role::Link,
        Role::Slider,
        Role::SpinButton,
        Role::Tab,
    ];
    let mut out = Vec::new();
    for n in h.root().children_recursive() {
        let a = n.accesskit_node();
        if !roles.contains(&a.role()) {
            continue;
        }
        let Some(b) = a.bounding_box() else { continue };
        let r = [
            b.x0.max(0.0),
            b.y0.max(0.0),
            b.x1.min(f64::from(size[0])),
            b.y1.min(f64::from(size[1])),
        ];
        if r[2] - r[0] < 1.0 || r[3] - r[1] < 1.0 {
            continue; // scrolled out of sight
        }
        let name = format!("{:?} {}", a.role(), a.label().unwrap_or_default());
        out.push((name, r));
    }
    out
}

/// Fails when two interactive widgets on screen overlap by more than a pixel each way.
fn assert_no_overlap(h: &Harness<'static, DeskauditApp>, size: [f32; 2], context: &str) {
    let widgets = interactive(h, size);
    assert!(!widgets.is_empty(), "{context}: no widgets found");
    for (i, (a, ra)) in widgets.iter().enumerate() {
        for (b, rb) in &widgets[i + 1..] {
            let w = ra[2].min(rb[2]) - ra[0].max(rb[0]);
            let ht = ra[3].min(rb[3]) - ra[1].max(rb[1]);
            assert!(
                w <= 1.0 || ht <= 1.0,
                "{context}: “{a}” {ra:?} overlaps “{b}” {rb:?}"
            );
        }
    }
}

/// Clicks a top-bar entry by its label, through the menu when the bar has folded into one.
/// An entry counts as reachable only when its whole button is inside the window: one cut off
/// at the edge is clicked at its centre, which may be off screen.
fn click_top_bar(h: &mut Harness<'static, DeskauditApp>, label: &str, size: [f32; 2]) {
    let on_screen = |h: &Harness<'static, DeskauditApp>| {
        h.root().children_recursive().any(|n| {
            let a = n.accesskit_node();
            a.role() == egui::accesskit::Role::Button
                && a.label().as_deref() == Some(label)
                && a.bounding_box().is_some_and(|b| {
                    b.x0 >= -0.5
                        && b.y0 >= -0.5
                        && b.x1 <= f64::from(size[0]) + 0.5
                        && b.y1 <= f64::from(size[1]) + 0.5
                })
        })
    };
    if !on_screen(h)
        && let Some(menu) = h.query_by_label("Menu")
    {
        menu.click();
        h.run();
    }
    assert!(on_screen(h), "“{label}” cannot be reached at {size:?}");
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn the_top_bar_fits_and_nothing_overlaps_at_the_smallest_window_and_largest_text() {
    for zoom in text_sizes() {
        for size in [[800.0, 560.0], [1400.0, 900.0]] {
            let context = format!("{size:?} at text size {zoom}");
            let dir = data_dir(&format!("topbar-{}-{}", size[0], zoom));
            let mut h = harness_sized(&dir, size);
            h.state_mut().settings.zoom = zoom;
            h.run();
            assert_no_overlap(&h, size, &format!("library, {context}"));
            // Every top-bar command is reachable and does what it says.
            for (label, screen) in [
                ("History", Screen::History),
                ("Author", Screen::Author),
                ("Settings", Screen::Settings),
                ("Scenarios", Screen::Library),
            ] {
                click_top_bar(&mut h, label, size);
                assert_eq!(h.state().screen, screen, "{label}, {context}");
                assert_no_overlap(&h, size, &format!("{label}, {context}"));
            }
            for (label, change) in [("A+", 0.1f32), ("A−", -0.1)] {
                let before = h.state().settings.zoom;
                click_top_bar(&mut h, label, size);
                let after = h.state().settings.zoom;
                let expected = (before + change).clamp(0.75, 2.5);
                assert!(
                    (after - expected).abs() < 0.011,
                    "{label}, {context}: {before} → {after}"
                );
                h.state_mut().settings.zoom = zoom;
                h.run();
            }
            // A self-study session and a facilitated console at the same size.
            h.state_mut().handle(Command::Prepare("cash-buyer".into()));
            h.run();
            assert_no_overlap(&h, size, &format!("start, {context}"));
            h.state_mut().handle(Command::Begin);
            h.run();
            assert_eq!(h.state().screen, Screen::Play);
            assert_no_overlap(&h, size, &format!("play, {context}"));
            h.state_mut()
                .handle(Command::Prepare("car-wash-exploitation".into()));
            h.state_mut().start.mode = Mode::Facilitated;
            h.state_mut().handle(Command::Begin);
            h.run();
            assert_eq!(h.state().screen, Screen::Console);
            // The projector is its own window (embedded in the harness, over the console):
            // closed here, so only the console is measured.
            h.state_mut().handle(Command::CloseProjector);
            h.run();
            assert_no_overlap(&h, size, &format!("console, {context}"));
            drop(h);
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[test]
fn ctrl_plus_stops_at_the_largest_text_size_the_app_offers() {
    use deskaudit::app::settings::ZOOM_RANGE;
    let dir = data_dir("zoom-keys");
    let mut h = harness_sized(&dir, [800.0, 560.0]);
    h.run();
    // Past the largest size: the text must stop growing where the layout was tested, and
    // the setting must say what is on screen.
    for _ in 0..30 {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Equals);
        h.run();
    }
    assert_eq!(h.state().settings.zoom, ZOOM_RANGE.1);
    assert_eq!(
        h.ctx.zoom_factor(),
        ZOOM_RANGE.1,
        "the text grew past the largest size"
    );
    for _ in 0..40 {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Minus);
        h.run();
    }
    assert_eq!(h.state().settings.zoom, ZOOM_RANGE.0);
    assert_eq!(
        h.ctx.zoom_factor(),
        ZOOM_RANGE.0,
        "the text shrank past the smallest size"
    );
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- 3. feedback that teaches

/// Plays cash-buyer through the app until a decision on offer misses a checkpoint, takes it,
/// and returns (checkpoint title, its P, its lesson's first line) for what it set.
fn take_a_missing_decision(
    h: &mut Harness<'static, DeskauditApp>,
    feedback: deskaudit::session::FeedbackMode,
) -> (String, String, String) {
    let library = Library::embedded();
    let sc = &library.get("cash-buyer").unwrap().scenario;
    h.state_mut().handle(Command::Prepare("cash-buyer".into()));
    h.state_mut().start.feedback = feedback;
    h.state_mut().handle(Command::Begin);
    h.run();
    for _ in 0..30 {
        let session = &h.state().open.as_ref().unwrap().session;
        let node = sc.node(&session.state().current.node).unwrap();
        let offered = session.offered(sc).unwrap();
        let missing = offered.iter().find_map(|o| {
            node.choices[o.index]
                .effects
                .iter()
                .filter_map(|e| e.checkpoint_outcome())
                .find(|(_, out)| *out == deskaudit::scenario::Outcome::Missed)
                .map(|(id, _)| (o.index, id.clone()))
        });
        let (choice, id) = match missing {
            Some((c, id)) => (c, Some(id)),
            None => (offered[0].index, None),
        };
        h.state_mut().handle(Command::Select(choice));
        h.state_mut().handle(Command::Confirm);
        h.run();
        if let Some(id) = id {
            let c = sc.checkpoint(&id).unwrap();
            let lesson = c.lesson.lines().next().unwrap_or_default().to_owned();
            return (c.title.clone(), c.p.name().to_owned(), lesson);
        }
        h.state_mut().handle(Command::Continue);
        h.run();
    }
    panic!("no decision in cash-buyer misses a checkpoint");
}

#[test]
fn after_each_decision_the_learner_sees_the_checkpoints_it_set_and_the_lesson_when_missed() {
    let dir = data_dir("feedback");
    let mut h = harness(&dir);
    h.run();
    let (title, p, lesson) =
        take_a_missing_decision(&mut h, deskaudit::session::FeedbackMode::Immediate);
    h.get_by_label("What this decision set");
    h.get_by_label(&format!("{p} · {title}"));
    assert!(h.query_all_by_label("Missed").next().is_some());
    assert!(
        h.query_all_by_label("What could have been put in place")
            .next()
            .is_some()
    );
    assert!(h.query_all_by_label_contains(&lesson).next().is_some());
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn only_in_the_debrief_keeps_the_checkpoints_hidden_until_the_end() {
    let dir = data_dir("feedback-end");
    let mut h = harness(&dir);
    h.run();
    let (title, p, _) = take_a_missing_decision(&mut h, deskaudit::session::FeedbackMode::AtEnd);
    assert!(h.query_by_label("What this decision set").is_none());
    assert!(h.query_by_label(&format!("{p} · {title}")).is_none());
    assert!(
        h.query_by_label("What could have been put in place")
            .is_none()
    );
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- 4. self-study speaks to a learner

#[test]
fn a_self_study_debrief_has_no_facilitator_notes_and_its_report_no_room_columns() {
    let dir = data_dir("self-study-debrief");
    let library = Library::embedded();
    let sc = &library.get("car-wash-exploitation").unwrap().scenario;
    let session = find_session("car-wash-exploitation", Mode::SelfStudy, &|_, _| true).unwrap();
    // The notes and model answers of the situations on this path.
    let nodes: Vec<_> = session
        .state()
        .path
        .iter()
        .filter_map(|d| sc.node(&d.node))
        .collect();
    let note = nodes
        .iter()
        .map(|n| session.fill(&n.facilitator_notes))
        .find(|n| !n.trim().is_empty())
        .expect("a facilitator's note on the path");
    let note_start: String = note.lines().next().unwrap().chars().take(40).collect();
    let id = save(&dir, &session);
    let mut h = harness(&dir);
    h.run();
    h.state_mut().handle(Command::OpenDebrief(id));
    h.run();
    assert!(h.query_by_label_contains(&note_start).is_none());
    assert!(h.query_by_label("For discussion").is_none());
    assert!(
        h.query_all_by_label("What good looks like")
            .next()
            .is_some()
    );
    assert!(
        h.query_all_by_label("What could have been put in place")
            .next()
            .is_some()
            || session
                .score()
                .checkpoints
                .iter()
                .all(|c| !c.status.shows_lesson())
    );
    drop(h);

    let html = deskaudit::report::render(&session, deskaudit::report::Format::Html);
    for column in ["<th>Votes</th>", "<th>Agreement</th>", "<th>Rationale</th>"] {
        assert!(!html.contains(column), "self-study report has {column}");
    }
    assert!(html.contains("<th>Decision</th>"));
    // A facilitated session keeps them, and its debrief keeps the notes for discussion.
    let room = find_session("car-wash-exploitation", Mode::Facilitated, &|_, _| true).unwrap();
    let html = deskaudit::report::render(&room, deskaudit::report::Format::Html);
    for column in ["<th>Votes</th>", "<th>Agreement</th>", "<th>Rationale</th>"] {
        assert!(html.contains(column), "facilitated report lacks {column}");
    }
    let id = save(&dir, &room);
    let mut h = harness(&dir);
    h.run();
    h.state_mut().handle(Command::OpenDebrief(id));
    h.run();
    assert!(h.query_all_by_label("For discussion").next().is_some());
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- 9. reports render Markdown

#[test]
fn reports_render_the_scenario_s_light_markdown() {
    use deskaudit::report::{Format, markdown_html, markdown_md, render};
    // Escaped first, emphasis after: markup in scenario text cannot become HTML.
    assert_eq!(
        markdown_html("<b>The *Echo* & **now**</b>"),
        "&lt;b&gt;The <em>Echo</em> &amp; <strong>now</strong>&lt;/b&gt;"
    );
    assert_eq!(markdown_html("an *open"), "an <em>open</em>");
    assert_eq!(markdown_md("The *Echo* | [x]"), "The *Echo* \\| \\[x\\]");
    // Through a report: a record whose first decision names the *Brackenmoor Echo* (the
    // car-wash choice's text, put into a finished record's log).
    let played = find_session("car-wash-exploitation", Mode::SelfStudy, &|_, _| true).unwrap();
    let mut events = played.events().to_vec();
    for e in &mut events {
        if let deskaudit::session::Event::Decided(d) = e {
            d.choice_text = "Give the *Brackenmoor Echo* an interview about the visit".into();
            break;
        }
    }
    let session = Session::from_events(events).unwrap();
    let html = render(&session, Format::Html);
    assert!(html.contains("<em>Brackenmoor Echo</em>"), "{html}");
    assert!(!html.contains("*Brackenmoor Echo*"));
    let md = render(&session, Format::Markdown);
    assert!(md.contains(" *Brackenmoor Echo* "), "{md}");
    assert!(!md.contains("\\*Brackenmoor"));
}

// ---------------------------------------------------------------- 5. Enter and Ctrl+Enter

#[test]
fn enter_records_from_a_line_and_ctrl_enter_from_a_box() {
    use egui::accesskit::Role;
    let dir = data_dir("enter");
    let mut h = harness(&dir);
    h.run();
    h.state_mut()
        .handle(Command::Prepare("car-wash-exploitation".into()));
    h.state_mut().start.mode = Mode::Facilitated;
    h.run();
    // The start form says how, and Enter in a one-line field starts the session.
    h.get_by_label("Enter starts from any one-line field");
    h.get_by_label("or Ctrl+Enter in the box");
    let title = h.get_by_role_and_label(Role::TextInput, "Session title");
    title.focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Session title")
        .type_text(" (members)");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().screen, Screen::Console);
    assert!(h.state().start.title.ends_with(" (members)"));
    h.state_mut().handle(Command::CloseProjector);
    h.run();

    // The room's vote, then a rationale: Enter starts a new line, Ctrl+Enter records.
    let library = Library::embedded();
    let sc = &library.get("car-wash-exploitation").unwrap().scenario;
    let first = h
        .state()
        .open
        .as_ref()
        .unwrap()
        .session
        .offered(sc)
        .unwrap()[0]
        .index;
    h.state_mut().handle(Command::Vote("Table 1".into(), first));
    h.run();
    const RATIONALE: &str = "Rationale (why the room chose it; optional)";
    h.get_by_role_and_label(Role::MultilineTextInput, RATIONALE)
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, RATIONALE)
        .type_text("Safety first");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let session =
        |h: &Harness<'static, DeskauditApp>| h.state().open.as_ref().unwrap().session.clone();
    assert!(
        session(&h).state().path.is_empty(),
        "Enter in a box must not record"
    );
    h.get_by_role_and_label(Role::MultilineTextInput, RATIONALE)
        .type_text("and the workers");
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run();
    let s = session(&h);
    assert_eq!(s.state().path.len(), 1, "Ctrl+Enter in the box records");
    assert_eq!(s.state().path[0].rationale, "Safety first\nand the workers");

    // An observation: Ctrl+Enter adds it, and the screen says so.
    h.get_by_label("or Ctrl+Enter in the box");
    h.get_by_role_and_label(Role::MultilineTextInput, "Observation")
        .focus();
    h.run();
    h.get_by_role_and_label(Role::MultilineTextInput, "Observation")
        .type_text("Tables 2 and 3 hesitated");
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run();
    assert_eq!(
        session(&h).state().notes,
        vec!["Tables 2 and 3 hesitated".to_owned()]
    );
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- 6. each page starts at the top

#[test]
fn each_situation_and_each_screen_starts_scrolled_to_the_top() {
    let dir = data_dir("scroll");
    let size = [800.0, 560.0];
    let mut h = harness_sized(&dir, size);
    h.run();
    h.state_mut().handle(Command::Prepare("cash-buyer".into()));
    h.state_mut().start.feedback = deskaudit::session::FeedbackMode::Immediate;
    h.state_mut().handle(Command::Begin);
    h.run();
    let library = Library::embedded();
    let sc = &library.get("cash-buyer").unwrap().scenario;
    let title_top = |h: &Harness<'static, DeskauditApp>| {
        let s = &h.state().open.as_ref().unwrap().session;
        let title = s.view(sc).unwrap().title;
        h.get_by_label(&title).rect().top()
    };
    let top = title_top(&h);
    for _ in 0..2 {
        // Read down to the choices…
        h.get_by_label_contains("Confirm decision").scroll_to_me();
        h.run();
        assert!(title_top(&h) < top - 100.0, "the page scrolled");
        let first = h
            .state()
            .open
            .as_ref()
            .unwrap()
            .session
            .offered(sc)
            .unwrap()[0]
            .index;
        h.state_mut().handle(Command::Select(first));
        h.state_mut().handle(Command::Confirm);
        h.run();
        // …the feedback starts at the top…
        let decided = h.get_by_label("You decided").rect().top();
        assert!(
            decided < top + 80.0,
            "feedback at {decided}, page top {top}"
        );
        h.get_by_label_contains("Continue").scroll_to_me();
        h.run();
        h.state_mut().handle(Command::Continue);
        h.run();
        // …and so does the next situation.
        // (The header may have grown a line: Undo appears after the first decision.)
        let now = title_top(&h);
        assert!(
            now >= top - 2.0 && now < top + 80.0,
            "the next situation starts at the top: title at {now}, first page's at {top}"
        );
    }
    // A screen left scrolled down opens at its top next time.
    h.state_mut().handle(Command::Show(Screen::Library));
    h.run();
    let heading = h
        .get_by_label_contains("Choose a desktop audit")
        .rect()
        .top();
    let last_play = h
        .query_all_by_label_contains("Play “")
        .last()
        .unwrap()
        .rect()
        .top();
    assert!(last_play > size[1]);
    h.query_all_by_label_contains("Play “")
        .last()
        .unwrap()
        .scroll_to_me();
    h.run();
    // The session's page (long at this size) opens at its top, not where the library was…
    h.state_mut().handle(Command::Show(Screen::Play));
    h.run();
    let now = title_top(&h);
    assert!(now >= top - 2.0 && now < top + 80.0, "play opened at {now}");
    h.get_by_label_contains("Confirm decision").scroll_to_me();
    h.run();
    // …and the library, left scrolled down, opens at its top again.
    h.state_mut().handle(Command::Show(Screen::Library));
    h.run();
    assert!(
        (h.get_by_label_contains("Choose a desktop audit")
            .rect()
            .top()
            - heading)
            .abs()
            < 2.0
    );
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- 7. the banner moves nothing

#[test]
fn the_report_saved_note_moves_nothing_and_goes_on_navigation() {
    let dir = data_dir("banner");
    let session = find_session("cash-buyer", Mode::SelfStudy, &|_, _| true).unwrap();
    let id = save(&dir, &session);
    let mut h = harness(&dir);
    h.run();
    h.state_mut().handle(Command::OpenDebrief(id));
    h.run();
    let before = h.get_by_label("Save as Markdown").rect();
    h.get_by_label("Save report (HTML)").click_accesskit();
    h.run();
    let banner = h.state().banner.clone().unwrap_or_default();
    assert!(
        banner.starts_with("Report saved in the data folder:"),
        "{banner}"
    );
    h.get_by_label_contains("Report saved in the data folder:");
    assert_eq!(h.get_by_label("Save as Markdown").rect(), before);
    assert!(h.state().banner.is_some());
    // Going elsewhere takes the note away.
    h.state_mut().handle(Command::Show(Screen::Library));
    h.run();
    assert!(h.state().banner.is_none());
    assert!(h.query_by_label_contains("Report saved").is_none());
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- 8. load problems announced

#[test]
fn the_library_says_at_the_top_how_many_scenarios_have_problems_and_links_to_them() {
    use deskaudit::scenario::Source;
    let dir = data_dir("problems");
    let mut library = Library::embedded();
    let total = library.scenarios.len() + 2;
    library.add(Source::UserFolder, "broken.ron".into(), b"Scenario(id: ");
    library.add(Source::UserFolder, "empty.ron".into(), b"");
    let size = [1000.0, 700.0];
    let mut h = Harness::builder().with_size(size).build_ui_state(
        |ui, app: &mut DeskauditApp| app.show(ui),
        DeskauditApp::new(dir.clone(), library),
    );
    h.run();
    let top = format!("2 of your {total} scenario files have problems and could not be loaded.");
    let note = h.get_by_label(&top).rect();
    assert!(note.bottom() < size[1], "the note is on the first screen");
    let problems = "Problems: 2 scenario files could not be loaded";
    assert!(
        h.get_by_label(problems).rect().top() > size[1],
        "the list is further down"
    );
    h.get_by_label("Show the problems").click();
    h.run();
    let shown = h.get_by_label(problems).rect();
    assert!(
        shown.top() >= 0.0 && shown.bottom() < size[1],
        "the link scrolls to the list: {shown:?}"
    );
    h.get_by_label("broken.ron");
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

// ---------------------------------------------------------------- 10. smaller things

/// WCAG 2.x relative luminance of an sRGB colour.
fn luminance(c: egui::Color32) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

/// WCAG contrast ratio between two colours (1 to 21).
fn contrast(a: egui::Color32, b: egui::Color32) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[test]
fn every_text_colour_meets_wcag_aa_in_every_theme() {
    use deskaudit::app::settings::Theme;
    use deskaudit::app::theme::{apply_theme, band_colour};
    for theme in [Theme::Light, Theme::Dark, Theme::HighContrast] {
        let ctx = egui::Context::default();
        apply_theme(&ctx, theme);
        let v = ctx.global_style().visuals.clone();
        let dark = v.dark_mode;
        let texts = [
            ("text", v.text_color()),
            ("secondary text", v.weak_text_color()),
            ("strong text", v.strong_text_color()),
            ("link", v.hyperlink_color),
            ("warning", v.warn_fg_color),
            ("error", v.error_fg_color),
            ("Resilient", band_colour(Band::Resilient, dark)),
            ("Developing", band_colour(Band::Developing, dark)),
            ("Vulnerable", band_colour(Band::Vulnerable, dark)),
        ];
        let backgrounds = [
            ("page", v.panel_fill),
            ("window", v.window_fill),
            ("text field and evidence", v.extreme_bg_color),
        ];
        for (t, tc) in texts {
            for (b, bc) in backgrounds {
                let r = contrast(tc, bc);
                assert!(r >= 4.5, "{theme:?}: {t} {tc:?} on {b} {bc:?} is {r:.2}:1");
            }
        }
        // Text on buttons in each state, on the button's own fill.
        for (state, w) in [
            ("inactive", v.widgets.inactive),
            ("hovered", v.widgets.hovered),
            ("active", v.widgets.active),
        ] {
            let tc = v.override_text_color.unwrap_or(w.fg_stroke.color);
            let r = contrast(tc, w.weak_bg_fill);
            assert!(r >= 4.5, "{theme:?}: {state} button text is {r:.2}:1");
        }
    }
}

/// Calls `f` with every shape the last frame painted (nested lists opened) and the rectangle
/// it is clipped to.
fn each_shape(h: &Harness<'static, DeskauditApp>, mut f: impl FnMut(&egui::Shape, egui::Rect)) {
    fn walk(shape: &egui::Shape, clip: egui::Rect, f: &mut dyn FnMut(&egui::Shape, egui::Rect)) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, clip, f)),
            other => f(other, clip),
        }
    }
    for clipped in &h.output().shapes {
        walk(&clipped.shape, clipped.clip_rect, &mut f);
    }
}

/// Every run of text the last frame painted inside its clip rectangle, with the colour the
/// tessellator gives its glyphs (the shape's override, else the galley's own colour or the
/// shape's fallback, times its opacity) laid over `under`.
fn painted_text(
    h: &Harness<'static, DeskauditApp>,
    under: egui::Color32,
) -> Vec<(String, egui::Color32)> {
    let mut out = Vec::new();
    each_shape(h, |shape, clip| {
        if let egui::Shape::Text(t) = shape
            && clip.intersects(shape.visual_bounding_rect())
        {
            for section in &t.galley.job.sections {
                let range = section.byte_range.start.0..section.byte_range.end.0;
                let text = t.galley.job.text[range].trim();
                if text.is_empty() {
                    continue;
                }
                let own = section.format.color;
                let mut c = t
                    .override_text_color
                    .unwrap_or(if own == egui::Color32::PLACEHOLDER {
                        t.fallback_color
                    } else {
                        own
                    });
                if t.opacity_factor < 1.0 {
                    c = c.gamma_multiply(t.opacity_factor);
                }
                out.push((text.to_owned(), c));
            }
        }
    });
    // Colours are premultiplied: what shows through is the rest of the background.
    let over = |c: u8, bg: u8, a: u8| {
        (f32::from(c) + f32::from(bg) * (1.0 - f32::from(a) / 255.0))
            .round()
            .min(255.0) as u8
    };
    out.into_iter()
        .map(|(t, c)| {
            let shown = egui::Color32::from_rgb(
                over(c.r(), under.r(), c.a()),
                over(c.g(), under.g(), c.a()),
                over(c.b(), under.b(), c.a()),
            );
            (t, shown)
        })
        .collect()
}

/// Whether a painted text is one the charts draw: a tick on the 0–100 axis, a P, a date on
/// the programme's time axis, or a legend entry.
fn chart_text(t: &str) -> bool {
    t.parse::<u32>().is_ok_and(|n| n <= 100)
        || [
            "Pursue",
            "Prevent",
            "Protect",
            "Prepare",
            "Resilience index",
        ]
        .contains(&t)
        || (t.len() == 10 && t.as_bytes()[4] == b'-' && t[..4].parse::<u32>().is_ok())
}

#[test]
fn the_charts_axis_labels_meet_wcag_aa_in_every_theme() {
    use deskaudit::app::settings::Theme;
    let dir = data_dir("chart-contrast");
    let store = Store::new(&dir);
    // Two evenings a month apart, for the programme's chart over time; one of them for the
    // debrief's 4P chart.
    for (id, date, pick) in [("e1", "2026-05-14", 0), ("e2", "2026-06-18", 1)] {
        store
            .save(
                id,
                &support::evening("cash-buyer", date, "Evening", &[], pick),
            )
            .unwrap();
    }
    for theme in [Theme::Light, Theme::Dark, Theme::HighContrast] {
        let mut h = harness_sized(&dir, [1600.0, 1600.0]);
        h.state_mut().settings.theme = theme;
        h.run();
        for (what, command) in [
            ("debrief", Command::OpenDebrief("e1".into())),
            ("History", Command::Show(Screen::History)),
        ] {
            h.state_mut().handle(command);
            h.run();
            let v = h.ctx.global_style().visuals.clone();
            let (page, plot) = (v.panel_fill, v.extreme_bg_color);
            let texts: Vec<_> = painted_text(&h, page)
                .into_iter()
                .filter(|(t, _)| chart_text(t))
                .collect();
            // The 0–100 axis has its ticks labelled (not only the ends).
            for tick in ["20", "40", "60", "80"] {
                assert!(
                    texts.iter().any(|(t, _)| t == tick),
                    "{theme:?}, {what}: no axis label “{tick}” in {texts:?}"
                );
            }
            for (t, c) in &texts {
                let r = contrast(*c, page).min(contrast(*c, plot));
                assert!(
                    r >= 4.5,
                    "{theme:?}, {what}: chart text “{t}” {c:?} is {r:.2}:1 on the page {page:?} or the plot {plot:?}"
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// ------------------------------------------------- 10. what differs: the kind of council

/// The council-type tag on a library card.
fn council_tag(c: CouncilType) -> String {
    format!("· {}", c.label())
}

/// Rectangles (in points) of the Play buttons on screen.
fn play_buttons(h: &Harness<'static, DeskauditApp>) -> Vec<(String, egui::Rect)> {
    h.root()
        .children_recursive()
        .filter(|n| n.accesskit_node().role() == egui::accesskit::Role::Button)
        .filter_map(|n| {
            let label = n.accesskit_node().label()?;
            label.starts_with("Play “").then(|| (label, n.rect()))
        })
        .collect()
}

#[test]
fn each_library_card_shows_the_council_type_of_its_scenario() {
    let dir = data_dir("council-cards");
    // Tall enough for every card to be laid out on screen at once.
    let mut h = harness_sized(&dir, [1400.0, 12000.0]);
    h.run();
    let library = Library::embedded();
    let mut seen = std::collections::BTreeSet::new();
    for loaded in &library.scenarios {
        let s = &loaded.scenario;
        let council = s
            .council
            .expect("every shipped scenario says its council type");
        seen.insert(council);
        let title = h.get_by_label(&s.title).rect();
        let play = h.get_by_label(&format!("Play “{}”", s.title)).rect();
        for c in CouncilType::ALL {
            let on_card = h
                .query_all_by_label(&council_tag(c))
                .filter(|n| n.rect().min.y >= title.min.y && n.rect().max.y <= play.max.y)
                .count();
            assert_eq!(
                on_card,
                usize::from(c == council),
                "“{}” is written for a {council:?} council; its card shows {on_card} {c:?} tag(s)",
                s.title
            );
        }
    }
    assert!(
        seen.len() >= 2,
        "the cards show different council types: {seen:?}"
    );
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_library_filters_by_council_type_together_with_the_area() {
    let dir = data_dir("council-filter");
    let mut h = harness_sized(&dir, [1400.0, 12000.0]);
    h.run();
    let library = Library::embedded();
    let titles = |council: Option<CouncilType>, area: Option<&str>| -> Vec<String> {
        let mut t: Vec<String> = library
            .scenarios
            .iter()
            .filter(|s| council.is_none_or(|c| s.scenario.council == Some(c)))
            .filter(|s| area.is_none_or(|a| s.scenario.area == a))
            .map(|s| format!("Play “{}”", s.scenario.title))
            .collect();
        t.sort();
        t
    };
    let shown = |h: &Harness<'static, DeskauditApp>| -> Vec<String> {
        let mut t: Vec<String> = play_buttons(h).into_iter().map(|(l, _)| l).collect();
        t.sort();
        t
    };
    assert_eq!(shown(&h), titles(None, None));
    let unitary = titles(Some(CouncilType::Unitary), None);
    h.get_by_label(&format!("Unitary ({})", unitary.len()))
        .click();
    h.run();
    assert_eq!(h.state().library_council, Some(CouncilType::Unitary));
    assert_eq!(shown(&h), unitary);
    assert!(
        h.query_by_label(&council_tag(CouncilType::District))
            .is_none()
    );
    // An area with nothing for that council is not offered.
    assert!(titles(Some(CouncilType::Unitary), Some("Housing")).is_empty());
    assert!(h.query_by_label_contains("Housing (").is_none());
    // The area counts follow the council filter, and the two combine.
    let licensing = titles(Some(CouncilType::Unitary), Some("Licensing"));
    assert!(!licensing.is_empty() && licensing.len() < unitary.len());
    h.get_by_label(&format!("Licensing ({})", licensing.len()))
        .click();
    h.run();
    assert_eq!(shown(&h), licensing);
    let district = titles(Some(CouncilType::District), Some("Licensing"));
    h.get_by_label(&format!("District ({})", district.len()))
        .click();
    h.run();
    assert_eq!(shown(&h), district);
    let all = titles(None, Some("Licensing"));
    h.get_by_label(&format!("All ({})", all.len())).click();
    h.run();
    assert_eq!(h.state().library_council, None);
    assert_eq!(shown(&h), all);
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The painted rows of the tags on library cards (P counts, council type, audience), each
/// row's own rectangle in points: a wrapped label's rows, not its bounding box, which
/// covers the rows of whatever sits before it on its first line.
fn tag_rows(h: &Harness<'static, DeskauditApp>) -> Vec<(String, egui::Rect)> {
    tags_painted(h)
        .into_iter()
        .flat_map(|(t, rows)| rows.into_iter().map(move |r| (t.clone(), r)))
        .collect()
}

/// The tags on library cards the last frame painted where they can be seen, each with the
/// rectangles (in points) of its painted rows.
fn tags_painted(h: &Harness<'static, DeskauditApp>) -> Vec<(String, Vec<egui::Rect>)> {
    fn is_tag(t: &str) -> bool {
        t.starts_with("· ")
            || ["Pursue ", "Prevent ", "Protect ", "Prepare "]
                .iter()
                .any(|p| t.strip_prefix(p).is_some_and(|n| n.parse::<u32>().is_ok()))
    }
    let mut out = Vec::new();
    each_shape(h, |shape, clip| {
        if let egui::Shape::Text(t) = shape
            && is_tag(&t.galley.job.text)
        {
            let rows: Vec<egui::Rect> = t
                .galley
                .rows
                .iter()
                .filter(|row| !row.row.glyphs.is_empty())
                .map(|row| row.rect_without_leading_space().translate(t.pos.to_vec2()))
                .filter(|r| clip.intersects(*r))
                .collect();
            if !rows.is_empty() {
                out.push((t.galley.job.text.clone(), rows));
            }
        }
    });
    out
}

/// Every outlined rectangle the last frame painted where it can be seen, with the area it is
/// clipped to.
fn painted_rects(h: &Harness<'static, DeskauditApp>) -> Vec<(egui::Rect, egui::Rect)> {
    let mut out = Vec::new();
    each_shape(h, |shape, clip| {
        if let egui::Shape::Rect(r) = shape
            && r.stroke.width > 0.0
            && clip.intersects(r.rect)
        {
            out.push((r.rect, clip));
        }
    });
    out
}

#[test]
fn the_council_tag_wraps_without_overlap_at_the_smallest_window_and_largest_text() {
    let library = Library::embedded();
    for zoom in [1.0, 2.0, deskaudit::app::settings::ZOOM_RANGE.1] {
        for size in [[800.0, 560.0], [1280.0, 800.0]] {
            let context = format!("{size:?} at text size {zoom}");
            let dir = data_dir(&format!("council-wrap-{}-{}", size[0], zoom));
            let mut h = harness_sized(&dir, size);
            h.state_mut().settings.zoom = zoom;
            h.run();
            // A district and a unitary card, the one with the longest audience, and one whose
            // tags fill their row at 1280 points.
            for id in [
                "cash-buyer",
                "school-transport",
                "illicit-tobacco-shop",
                "cyber-attack",
            ] {
                let s = &library.get(id).unwrap().scenario;
                let tag = council_tag(s.council.unwrap());
                // This card's tag: the first below its title.
                let title = h.get_by_label(&s.title).rect();
                h.query_all_by_label(&tag)
                    .filter(|n| n.rect().min.y >= title.min.y)
                    .min_by(|a, b| a.rect().min.y.total_cmp(&b.rect().min.y))
                    .expect("the card has its tag")
                    .scroll_to_me();
                h.run();
                let width = h.ctx.content_rect().width();
                let mut rects = tag_rows(&h);
                rects.extend(play_buttons(&h));
                assert!(
                    rects.iter().any(|(t, _)| *t == tag),
                    "{id}, {context}: the tag “{tag}” is not on screen"
                );
                // A short tag moves to the next line whole rather than break in two
                // (“Protect” at the end of one line and “3” at the start of the next).
                for (t, rows) in tags_painted(&h) {
                    assert!(
                        t.starts_with("· for ") || rows.len() == 1,
                        "{id}, {context}: the tag “{t}” is broken over {} lines",
                        rows.len()
                    );
                }
                // No frame (a card's border, a button) is drawn wider than the area that
                // shows it: a card pushed past the window's edge loses its right border.
                for (rect, clip) in painted_rects(&h) {
                    assert!(
                        rect.max.x <= clip.max.x + 0.5,
                        "{id}, {context}: a frame {rect:?} runs past the edge of its area {clip:?}"
                    );
                }
                for (i, (a, ra)) in rects.iter().enumerate() {
                    assert!(
                        ra.min.x >= -0.5 && ra.max.x <= width + 0.5,
                        "{id}, {context}: “{a}” {ra:?} runs off the window ({width} points wide)"
                    );
                    for (b, rb) in &rects[i + 1..] {
                        let i = ra.intersect(*rb);
                        assert!(
                            i.width() <= 1.0 || i.height() <= 1.0,
                            "{id}, {context}: “{a}” {ra:?} overlaps “{b}” {rb:?}"
                        );
                    }
                }
            }
            drop(h);
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
}

#[test]
fn the_vote_grid_keeps_one_shape_and_the_debrief_lists_votes_in_table_order() {
    let dir = data_dir("votes-order");
    let library = Library::embedded();
    let loaded = library.get("cash-buyer").unwrap();
    let tables = ["Zebra", "Alpha", "Middle"].map(String::from).to_vec();
    let config = SessionConfig {
        mode: Mode::Facilitated,
        tables: tables.clone(),
        seed: 3,
        ..SessionConfig::default()
    };
    let mut s = Session::start(&loaded.scenario, &loaded.content_hash, config, None);
    let first = s.offered(&loaded.scenario).unwrap()[0].index;
    // Recorded as the console's map holds them: alphabetically.
    let mut votes: Vec<(String, usize)> = tables.iter().map(|t| (t.clone(), first)).collect();
    votes.sort();
    s.choose(
        &loaded.scenario,
        ChoiceInput {
            choice: first,
            votes,
            ..ChoiceInput::default()
        },
    )
    .unwrap();
    let id = save(&dir, &s);
    let mut h = harness(&dir);
    h.run();
    h.state_mut().handle(Command::OpenDebrief(id));
    h.run();
    h.get_by_label("Votes (choice numbers as shown): Zebra: 1 · Alpha: 1 · Middle: 1");
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_progress_bar_is_full_at_the_ending_and_counts_are_worded_properly() {
    let dir = data_dir("progress");
    let session = find_session("cash-buyer", Mode::SelfStudy, &|_, _| true).unwrap();
    let taken = session.state().path.len();
    let id = save(&dir, &session);
    let mut h = harness(&dir);
    h.run();
    h.state_mut().handle(Command::Resume(id));
    h.run();
    assert_eq!(h.state().screen, Screen::Play);
    h.get_by_label(&format!("· Ending reached after {taken} decisions"));
    let bar = h.get_by_role(egui::accesskit::Role::ProgressIndicator);
    assert_eq!(bar.accesskit_node().numeric_value(), Some(100.0));
    assert_eq!(
        deskaudit::session::verdict::count(1, "scenario", "scenarios"),
        "1 scenario"
    );
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

/// When the projector had to give long evidence a page of its own, the console says so (and
/// why), so the facilitator knows to press Evidence; otherwise it says nothing.
#[test]
fn the_console_says_when_the_projector_moved_the_evidence_to_its_own_page() {
    const NOTE: &str = "The evidence is too long to read beside the situation at the \
                        projector's size, so it has its own page: press Evidence to show it.";
    let dir = data_dir("evidence-moved");
    let mut h = harness(&dir);
    h.run();
    h.state_mut()
        .handle(Command::Prepare("car-wash-exploitation".into()));
    h.state_mut().start.mode = Mode::Facilitated;
    h.state_mut().handle(Command::Begin);
    h.run();
    assert_eq!(h.state().screen, Screen::Console);
    h.state_mut()
        .handle(Command::SetEvidenceWithSituation(true));
    h.run();
    // The projector window draws in this harness too, at its own size, and reports that the
    // long evidence needed a page of its own; the console then says so.
    let reported = h
        .state()
        .open
        .as_ref()
        .unwrap()
        .facilitation
        .as_ref()
        .unwrap()
        .link
        .lock()
        .unwrap()
        .evidence_moved;
    h.run();
    assert!(
        reported,
        "the car wash's first evidence is too long to sit beside the situation on the projector"
    );
    h.get_by_label(NOTE);
    // Evidence not shown with the situation: the note has nothing to explain.
    h.state_mut()
        .handle(Command::SetEvidenceWithSituation(false));
    h.run();
    h.run();
    assert!(h.query_by_label(NOTE).is_none());
}
