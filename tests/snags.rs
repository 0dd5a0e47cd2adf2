//! What a new user hit (issue 16), each checked through the real UI: the index explained
//! beside the ending, a top bar that fits, feedback that teaches, a self-study debrief
//! without facilitator notes, Enter and Ctrl+Enter, scroll reset, a banner that moves
//! nothing, load errors announced at the top, and the smaller snags.

use deskaudit::app::facilitation::OnProjector;
use deskaudit::app::projector::Show;
use deskaudit::app::{Command, DeskauditApp, Screen};
use deskaudit::scenario::{Band, Library, Rating};
use deskaudit::session::{ChoiceInput, Mode, Session, SessionConfig};
use deskaudit::store::Store;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};

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

/// A finished session of a shipped scenario, found by walking its paths in order (first
/// choices first) until `wanted` holds for the ending's rating and the index's band.
fn find_session(
    scenario_id: &str,
    mode: Mode,
    wanted: &dyn Fn(Rating, Band) -> bool,
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
            let rating = s.state().current.ending.as_ref()?.0;
            if let Some(band) = s.score().band()
                && wanted(rating, band)
            {
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
