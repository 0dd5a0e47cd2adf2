//! Sessions for the programme tests: played to an ending through the real engine.

#![allow(dead_code)]

use deskaudit::scenario::Library;
use deskaudit::session::{Attendee, ChoiceInput, Mode, Session, SessionConfig};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The shipped scenarios, loaded once.
pub fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(Library::embedded)
}

/// A fresh, empty folder under the system's temporary folder.
pub fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deskaudit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Plays `scenario` to an ending, taking the offered choice at position `pick` (modulo the
/// number offered) at each decision, and finishes it.
pub fn played(scenario: &str, config: SessionConfig, pick: usize) -> Session {
    let s = &library().get(scenario).unwrap().scenario;
    let mut session = Session::start(s, "h", config, None);
    while !session.at_ending() {
        let offered = session.offered(s).unwrap();
        let choice = offered[pick % offered.len()].index;
        session
            .choose(
                s,
                ChoiceInput {
                    choice,
                    ..ChoiceInput::default()
                },
            )
            .unwrap();
    }
    session.finish().unwrap();
    session
}

/// A finished facilitated session (whole room) on `date` with the named attendees.
pub fn evening(
    scenario: &str,
    date: &str,
    title: &str,
    attendees: &[(&str, &str)],
    pick: usize,
) -> Session {
    let config = SessionConfig {
        mode: Mode::Facilitated,
        seed: 5,
        title: title.into(),
        date: date.into(),
        facilitator: "Chief EHO".into(),
        ..SessionConfig::default()
    };
    let mut s = played(scenario, config, pick);
    s.record_attendance(
        attendees
            .iter()
            .map(|(id, name)| Attendee {
                person: (*id).into(),
                name: (*name).into(),
            })
            .collect(),
    )
    .unwrap();
    s
}

/// A finished self-study session by `name` (empty: anonymous).
pub fn self_study(scenario: &str, name: &str, seed: u64) -> Session {
    played(
        scenario,
        SessionConfig {
            participant: name.into(),
            seed,
            ..SessionConfig::default()
        },
        seed as usize,
    )
}
