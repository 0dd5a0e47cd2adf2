//! A facilitated session driven through the real UI: the console with three tables, the
//! projector window (embedded as a window inside the harness, as egui does when a backend has
//! one surface), injects, pause, a mis-click undone, an override, the group debrief, the
//! room's recommendations, and the committee report.
//!
//! At every step the projector's own part of the accessibility tree is read, and must never
//! contain the facilitator's notes, questions or model answer for the current situation.

use deskaudit::app::projector::WINDOW_TITLE;
use deskaudit::app::{DeskauditApp, Screen};
use deskaudit::scenario::{Library, Scenario};
use deskaudit::session::Session;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use std::path::PathBuf;

fn data_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deskaudit-fac-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn harness(dir: &std::path::Path) -> Harness<'static, DeskauditApp> {
    Harness::builder()
        .with_size([1700.0, 1400.0])
        .build_ui_state(
            |ui, app: &mut DeskauditApp| app.show(ui),
            DeskauditApp::new(dir.to_path_buf(), Library::embedded()),
        )
}

/// Every label and value inside the projector window, one per line.
fn projector_text(h: &Harness<'static, DeskauditApp>) -> String {
    let window = h.get_by_role_and_label(Role::Window, WINDOW_TITLE);
    let mut out = String::new();
    for n in window.children_recursive() {
        let a = n.accesskit_node();
        for s in [a.label(), a.value()].into_iter().flatten() {
            out.push_str(&s);
            out.push('\n');
        }
    }
    out
}

fn session<'a>(h: &'a Harness<'static, DeskauditApp>) -> &'a Session {
    &h.state().open.as_ref().unwrap().session
}

fn scenario(id: &str) -> Scenario {
    Library::embedded()
        .get(id)
        .unwrap()
        .scenario
        .as_ref()
        .clone()
}

/// The facilitator-only texts of the current node must not be on the projector.
fn assert_projector_clean(h: &Harness<'static, DeskauditApp>, sc: &Scenario) {
    let s = session(h);
    let fv = s.facilitator_view(sc).unwrap();
    let view = s.view(sc).unwrap();
    // What the room may legitimately see: a model answer may quote a choice word for word.
    let mut audience = format!("{}\n{}\n", view.title, view.text);
    for c in &view.choices {
        audience.push_str(&c.text);
        audience.push('\n');
    }
    for (_, t, b) in &view.evidence {
        audience.push_str(&format!("{t}\n{b}\n"));
    }
    let audience = audience.replace(['*', '\n'], " ");
    let text = projector_text(h);
    let mut secrets: Vec<String> = vec![fv.notes.clone(), fv.model_answer.clone()];
    secrets.extend(fv.questions.clone());
    for secret in secrets {
        // Compare on a distinctive stretch of each text (labels wrap, Markdown is stripped)
        // that the room's own material does not contain.
        let flat: Vec<char> = secret.replace(['*', '\n'], " ").chars().collect();
        let probe = (0..flat.len().saturating_sub(30))
            .step_by(10)
            .map(|i| flat[i..(i + 30).min(flat.len())].iter().collect::<String>())
            .find(|p| !audience.contains(p.as_str()));
        let Some(probe) = probe else { continue };
        assert!(
            !text.contains(&probe),
            "facilitator material on the projector: {probe:?}\n---\n{text}"
        );
    }
    assert!(!text.contains("Facilitator notes"));
    assert!(!text.contains("Model answer"));
}

/// One frame-settling step of the UI, after which the projector is checked.
fn step(h: &mut Harness<'static, DeskauditApp>, sc: &Scenario) {
    h.run();
    assert_projector_clean(h, sc);
}

fn start_facilitated(h: &mut Harness<'static, DeskauditApp>, play: &str, tables: &str) {
    h.run();
    h.get_by_label(play).click_accesskit();
    h.run();
    h.get_by_label("Facilitated, for a room (console and projector)")
        .click_accesskit();
    h.run();
    h.check_accessibility();
    h.get_by_label("Session title")
        .set_text_value_accesskit("Members' evening <script>alert(1)</script> & “Q&A”");
    h.get_by_label("Facilitator")
        .set_text_value_accesskit("Chief EHO");
    h.get_by_label("Venue")
        .set_text_value_accesskit("Council Chamber, Ŵrexham");
    h.run();
    if tables.is_empty() {
        h.get_by_label("The whole room decides together (count hands)")
            .click_accesskit();
    } else {
        h.get_by_label("Table names, one per line")
            .set_text_value_accesskit(tables);
    }
    h.run();
    h.get_by_label("Start the session").click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Console);
}

#[test]
fn three_tables_run_a_whole_evening_and_the_debrief_matches_the_engine() {
    let dir = data_dir("three");
    let sc = scenario("cash-buyer");
    let mut h = harness(&dir);
    start_facilitated(&mut h, "Play “The cash buyer”", "North\nSouth\nEast\n");
    h.check_accessibility();
    let tables = ["North", "South", "East"];
    assert_eq!(session(&h).config().tables, tables);

    // The projector shows the situation and its choices, and none of the notes.
    let first = session(&h).view(&sc).unwrap();
    assert!(projector_text(&h).contains(&first.title));
    assert!(projector_text(&h).contains("What does the council do?"));
    assert_projector_clean(&h, &sc);
    // The console does show the notes.
    h.get_by_label("Facilitator notes");

    // Pause: the projector holds; nothing of the situation is on it.
    h.get_by_label("Pause").click_accesskit();
    step(&mut h, &sc);
    let held = projector_text(&h);
    assert!(held.contains("Paused. We will carry on shortly."), "{held}");
    assert!(!held.contains(&first.title));
    h.get_by_label("Resume").click_accesskit();
    step(&mut h, &sc);
    assert!(projector_text(&h).contains(&first.title));

    // An inject goes on the projector at once.
    let inject = &sc.injects[0];
    let label = format!("Drop in: {}", inject.title);
    h.get_by_label_contains(&label).click_accesskit();
    step(&mut h, &sc);
    assert_eq!(session(&h).state().injects.len(), 1);
    let on = projector_text(&h);
    assert!(on.contains("A new development"), "{on}");
    h.get_by_label("Show the situation").click_accesskit();
    step(&mut h, &sc);

    // The votes cast at each decision: (North, South, East) as offered positions, and which
    // position the facilitator records for the room (None = the majority).
    let mut expected_alignment: Vec<f64> = Vec::new();
    let mut decision_no = 0;
    let mut undone_once = false;
    while !session(&h).at_ending() {
        assert_projector_clean(&h, &sc);
        let view = session(&h).view(&sc).unwrap();
        let n = view.choices.len();
        // North and South agree; East differs (when there is a second choice).
        let picks = [0, 0, (decision_no + 1) % n];
        for (t, p) in tables.iter().zip(picks) {
            h.get_by_label(&format!("{t} votes {}", p + 1))
                .click_accesskit();
            step(&mut h, &sc);
        }
        let majority = view.choices[0].index;
        // At the second decision the facilitator overrides the majority, with a reason.
        let room = if decision_no == 1 && n > 1 {
            h.get_by_label("Choice 2").click_accesskit();
            step(&mut h, &sc);
            assert!(
                h.get_by_label_contains("Record the room's decision")
                    .accesskit_node()
                    .is_disabled(),
                "an override without a reason cannot be recorded"
            );
            h.get_by_label("Reason for overriding the majority")
                .set_text_value_accesskit("The Licensing Manager's legal advice");
            step(&mut h, &sc);
            view.choices[1].index
        } else {
            majority
        };
        let agree = picks
            .iter()
            .filter(|p| view.choices[**p].index == room)
            .count();
        h.get_by_label("Rationale (why the room chose it; optional)")
            .set_text_value_accesskit("Discussed at length");
        step(&mut h, &sc);
        let before = session(&h).state().clone();
        h.get_by_label_contains("Record the room's decision")
            .click_accesskit();
        step(&mut h, &sc);
        assert_eq!(session(&h).state().path.len(), before.path.len() + 1);
        let decided = session(&h).state().path.last().unwrap().clone();
        assert_eq!(decided.choice, room);
        assert_eq!(decided.votes.len(), 3);
        // The room sees its decision; the consequence waits for the reveal.
        let on = projector_text(&h);
        assert!(on.contains("The room decided"), "{on}");
        let probe: String = decided.feedback.chars().take(30).collect();
        assert!(!on.contains(&probe), "consequence shown before reveal");

        // A mis-click at the first decision: undo puts the session back exactly, and the
        // votes come back to be corrected.
        if !undone_once {
            undone_once = true;
            h.get_by_label("Undo last decision").click_accesskit();
            step(&mut h, &sc);
            let after = session(&h).state();
            assert_eq!(after.path, before.path);
            assert_eq!(after.current, before.current);
            assert_eq!(after.flags, before.flags);
            assert_eq!(after.recorded, before.recorded);
            assert_eq!(after.table_recorded, before.table_recorded);
            assert_eq!(
                h.state()
                    .open
                    .as_ref()
                    .unwrap()
                    .facilitation
                    .as_ref()
                    .unwrap()
                    .votes
                    .len(),
                3
            );
            assert!(projector_text(&h).contains(&view.title));
            h.get_by_label("Rationale (why the room chose it; optional)")
                .set_text_value_accesskit("Discussed at length");
            step(&mut h, &sc);
            h.get_by_label_contains("Record the room's decision")
                .click_accesskit();
            step(&mut h, &sc);
        }
        h.get_by_label("Reveal the consequence on the projector")
            .click_accesskit();
        step(&mut h, &sc);
        assert!(
            projector_text(&h).contains(&probe),
            "consequence after reveal"
        );
        expected_alignment.push(agree as f64 / 3.0);
        h.get_by_label_contains("Go on to").click_accesskit();
        step(&mut h, &sc);
        decision_no += 1;
        assert!(decision_no < 40, "the scenario should end");
    }
    // At the ending: the outcome is on the projector, the score is not.
    let on = projector_text(&h);
    assert!(on.contains("How it ended"), "{on}");
    assert!(!on.contains("resilience index"));
    h.get_by_label("Close the session and open the debrief")
        .click_accesskit();
    h.run();
    assert_eq!(h.state().screen, Screen::Debrief);
    h.check_accessibility();

    // Alignment per decision: what we cast, what the engine says, and what the debrief shows.
    let s = session(&h).clone();
    let alignment: Vec<f64> = s.alignment().into_iter().map(|a| a.unwrap()).collect();
    assert_eq!(alignment.len(), expected_alignment.len());
    for (a, e) in alignment.iter().zip(&expected_alignment) {
        assert!((a - e).abs() < 1e-9, "alignment {a} vs {e}");
    }
    let shown: Vec<String> = h
        .query_all_by_label_contains("Agreement with the room's decision")
        .map(|n| {
            let a = n.accesskit_node();
            a.label().or(a.value()).unwrap_or_default()
        })
        .collect();
    let want: Vec<String> = alignment
        .iter()
        .map(|a| format!("Agreement with the room's decision: {:.0}%", a * 100.0))
        .collect();
    assert_eq!(shown, want);

    // Each table's score: North and South voted alike, so they score alike; the grid shows the
    // engine's figure for every table.
    let scores = s.table_scores();
    assert_eq!(scores.len(), 3);
    assert_eq!(scores[0].1.index, scores[1].1.index);
    assert_ne!(scores[0].1.index, None);
    for (t, score) in &scores {
        h.get_by_label(&format!("{t}: index {:.0}", score.index.unwrap()));
    }

    // Results go on the projector only when revealed.
    assert!(!projector_text(&h).contains("The room's resilience index"));
    h.get_by_label("Reveal the results on the projector")
        .click_accesskit();
    h.run();
    let on = projector_text(&h);
    assert!(on.contains("The room's resilience index"), "{on}");
    let index = s.score().index.unwrap();
    assert!(on.contains(&format!(
        "{index:.0}  {}",
        s.score().band().unwrap().label()
    )));
    for (t, score) in &scores {
        let line = format!("{t}  {:.0}", score.index.unwrap());
        assert!(on.contains(&line), "{line} not in {on}");
    }
    // A decision reviewed with its model answer.
    h.get_by_label("Show decision 1 on the projector with its model answer")
        .click_accesskit();
    h.run();
    assert!(projector_text(&h).contains("What good looks like"));

    // The room's recommendations and an observation.
    h.get_by_role_and_label(Role::RadioButton, "Protect")
        .click_accesskit();
    h.get_by_label("Recommendation").set_text_value_accesskit(
        "Check right-to-work evidence before <b>any</b> licence & renewal",
    );
    h.get_by_label("Owner")
        .set_text_value_accesskit("Head of Licensing");
    h.get_by_label("Due").set_text_value_accesskit("March 2027");
    h.run();
    h.get_by_label("Add recommendation").click_accesskit();
    h.run();
    h.get_by_label("Observation")
        .set_text_value_accesskit("Tables split on when to call the police");
    h.run();
    h.get_by_label("Add observation").click_accesskit();
    h.run();
    let st = session(&h).state().clone();
    assert_eq!(st.recommendations.len(), 1);
    assert_eq!(
        st.recommendations[0].p,
        deskaudit::scenario::Pillar::Protect
    );
    assert_eq!(st.recommendations[0].owner, "Head of Licensing");
    assert_eq!(st.notes, ["Tables split on when to call the police"]);

    // The report for the clerk, from the debrief; the record on disk holds it all.
    h.get_by_label("Save report (HTML)").click_accesskit();
    h.run();
    let id = h.state().open.as_ref().unwrap().id.clone();
    let html = std::fs::read_to_string(dir.join("reports").join(format!("{id}.html"))).unwrap();
    assert!(html.contains(
        "Check right-to-work evidence before &lt;b&gt;any&lt;/b&gt; licence &amp; renewal"
    ));
    assert!(
        html.contains("Members&#39; evening &lt;script&gt;alert(1)&lt;/script&gt; &amp; “Q&amp;A”")
    );
    assert!(html.contains("Council Chamber, Ŵrexham"));
    assert!(!html.contains("<script>"));
    let saved = deskaudit::store::Store::new(&dir).load(&id).unwrap();
    assert_eq!(saved.state(), session(&h).state());
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_whole_room_counts_hands_and_the_majority_is_the_room_s_decision() {
    let dir = data_dir("hands");
    let sc = scenario("cash-buyer");
    let mut h = harness(&dir);
    start_facilitated(&mut h, "Play “The cash buyer”", "");
    assert!(session(&h).config().tables.is_empty());
    let view = session(&h).view(&sc).unwrap();
    h.get_by_label("Hands for 1").set_value_accesskit(4.0);
    h.get_by_label("Hands for 2").set_value_accesskit(11.0);
    h.run();
    h.get_by_label_contains("Majority: choice 2");
    h.get_by_label_contains("Record the room's decision: choice 2")
        .click_accesskit();
    h.run();
    let d = session(&h).state().path[0].clone();
    assert_eq!(d.choice, view.choices[1].index);
    assert_eq!(session(&h).alignment(), vec![Some(11.0 / 15.0)]);
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn duplicate_table_names_are_refused_with_a_clear_message() {
    let dir = data_dir("dupes");
    let mut h = harness(&dir);
    h.run();
    h.get_by_label("Play “The cash buyer”").click_accesskit();
    h.run();
    h.get_by_label("Facilitated, for a room (console and projector)")
        .click_accesskit();
    h.run();
    h.get_by_label("Table names, one per line")
        .set_text_value_accesskit("Table A\ntable a\n");
    h.run();
    h.get_by_label("Start the session").click_accesskit();
    h.run();
    assert!(matches!(h.state().screen, Screen::Start { .. }));
    assert!(h.state().open.is_none());
    assert!(
        h.query_all_by_label_contains("Two tables are called \"table a\"")
            .count()
            >= 1
    );
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every shipped scenario, run facilitated with seven tables (more than fit on one row) to its
/// debrief: no panic or debug assertion anywhere in the console, the projector or the debrief
/// (kittest also fails on a missing glyph), and no facilitator material on the projector at any
/// step of any scenario.
#[test]
fn every_shipped_scenario_runs_facilitated_with_a_clean_projector() {
    let lib = Library::embedded();
    let tables = "Ward 1\nWard 2\nWard 3\nWard 4\nCabinet\nOfficers\nYouth council\n";
    for loaded in &lib.scenarios {
        let sc = loaded.scenario.clone();
        let dir = data_dir(&format!("all-{}", sc.id.0));
        let mut h = harness(&dir);
        start_facilitated(&mut h, &format!("Play “{}”", sc.title), tables);
        let mut n = 0;
        while !session(&h).at_ending() {
            if n == 1 {
                for inj in &sc.injects {
                    let title = deskaudit::scenario::text::fill(&inj.title, &|name| {
                        session(&h)
                            .state()
                            .started
                            .variables
                            .iter()
                            .find(|(k, _)| k == name)
                            .map(|(_, v)| v.clone())
                    });
                    h.get_by_label(&format!("Drop in: {title}"))
                        .click_accesskit();
                    step(&mut h, &sc);
                }
                h.get_by_label("Show the situation").click_accesskit();
                step(&mut h, &sc);
            }
            let view = session(&h).view(&sc).unwrap();
            for (k, t) in tables.lines().enumerate() {
                let p = if k < 4 { 0 } else { view.choices.len() - 1 };
                h.get_by_label(&format!("{t} votes {}", p + 1))
                    .click_accesskit();
            }
            step(&mut h, &sc);
            h.key_press(egui::Key::Enter); // record
            step(&mut h, &sc);
            h.key_press(egui::Key::Enter); // reveal
            step(&mut h, &sc);
            h.key_press(egui::Key::Enter); // go on
            step(&mut h, &sc);
            n += 1;
            assert!(n < 60, "{} should end", sc.id.0);
        }
        assert_eq!(session(&h).state().injects.len(), sc.injects.len());
        h.key_press(egui::Key::Enter); // close and open the debrief
        h.run();
        assert_eq!(h.state().screen, Screen::Debrief, "{}", sc.id.0);
        h.get_by_label("Reveal the results on the projector")
            .click_accesskit();
        h.run();
        assert!(projector_text(&h).contains("The room's resilience index"));
        assert_eq!(session(&h).table_scores().len(), 7);
        drop(h);
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// The facilitator's view across sessions: the profile over time, the checkpoints missed most
/// often, and a recommendation marked done with a review note at the six-month review — which
/// goes into the record and the committee report.
#[test]
fn history_shows_the_programme_and_records_a_six_month_review() {
    use deskaudit::scenario::{Pillar, analyse};
    use deskaudit::session::{ChoiceInput, Mode, Progress, Recommendation, SessionConfig, Status};
    use deskaudit::store::Store;
    let dir = data_dir("programme");
    let lib = Library::embedded();
    let s = &lib.get("cash-buyer").unwrap().scenario;
    let analysis = analyse(s).unwrap();
    let store = Store::new(&dir);
    let mut sessions = Vec::new();
    for k in 0..2usize {
        let config = SessionConfig {
            mode: Mode::Facilitated,
            tables: vec!["A".into(), "B".into()],
            title: format!("Evening {k}"),
            date: format!("2026-0{}-01", k + 1),
            seed: k as u64,
            shuffle: false,
            ..SessionConfig::default()
        };
        let mut session = Session::start(s, "h", config, Some(&analysis));
        while !session.at_ending() {
            let offered = session.offered(s).unwrap();
            let c = if k == 0 {
                offered[0].index
            } else {
                offered[offered.len() - 1].index
            };
            session
                .choose(
                    s,
                    ChoiceInput {
                        choice: c,
                        votes: vec![("A".into(), c), ("B".into(), c)],
                        ..ChoiceInput::default()
                    },
                )
                .unwrap();
        }
        session
            .recommend(Recommendation::new(
                Pillar::Protect,
                format!("Recommendation of evening {k}"),
                "Head of Housing",
                "June 2027",
            ))
            .unwrap();
        session.finish().unwrap();
        store.save(&format!("evening-{k}"), &session).unwrap();
        sessions.push(session);
    }
    // Counted here from each session's own checkpoint results.
    let mut counts: std::collections::BTreeMap<String, (usize, usize, String)> = Default::default();
    for session in &sessions {
        for c in session.score().checkpoints {
            if c.status == Status::NotTested {
                continue;
            }
            let e = counts.entry(c.checkpoint.title.clone()).or_insert((
                0,
                0,
                c.checkpoint.p.to_string(),
            ));
            e.1 += 1;
            if matches!(c.status, Status::Missed | Status::NotReached) {
                e.0 += 1;
            }
        }
    }
    let mut h = harness(&dir);
    h.run();
    h.get_by_label("History").click_accesskit();
    h.run();
    h.check_accessibility();
    h.get_by_label("Facilitated sessions: the programme");
    for k in 0..2 {
        h.get_by_label(&format!("2026-0{}-01", k + 1));
    }
    for (title, (missed, tested, p)) in &counts {
        let line = format!(
            "{p} · {title} ({}): missed in {missed} of {tested} {} that tested it",
            sessions[0].state().started.scenario_title,
            if *tested == 1 { "session" } else { "sessions" }
        );
        if *missed > 0 {
            assert!(h.query_by_label(&line).is_some(), "missing: {line}");
        } else {
            assert!(
                h.query_by_label(&line).is_none(),
                "never missed, but listed: {line}"
            );
        }
    }
    // The six-month review: evening 0's recommendation is done, with a note.
    h.get_by_label("Evening 0 (2026-01-01), recommendation 1: Done")
        .click_accesskit();
    h.run();
    // Sessions are listed oldest first: evening 0's note field comes first.
    h.query_all_by_label("Review note")
        .next()
        .unwrap()
        .set_text_value_accesskit("June 2027: <b>adopted</b> & training booked");
    h.run();
    h.get_by_label("Save review note for Evening 0 (2026-01-01), recommendation 1")
        .click_accesskit();
    h.run();
    let saved = Store::new(&dir).load("evening-0").unwrap();
    let rec = &saved.state().recommendations[0];
    assert_eq!(rec.progress, Progress::Done);
    assert_eq!(rec.review, "June 2027: <b>adopted</b> & training booked");
    let other = Store::new(&dir).load("evening-1").unwrap();
    assert_eq!(other.state().recommendations[0].progress, Progress::Open);
    let html = deskaudit::report::render(&saved, deskaudit::report::Format::Html);
    assert!(html.contains("Done: June 2027: &lt;b&gt;adopted&lt;/b&gt; &amp; training booked"));
    drop(h);
    let _ = std::fs::remove_dir_all(&dir);
}
