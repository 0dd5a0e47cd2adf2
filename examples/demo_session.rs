//! Writes an unfinished facilitated session (five tables, two decisions taken, an inject
//! dropped in) into a data folder, for screenshots and for trying the console:
//! `cargo run --example demo_session -- /tmp/demo-data` then
//! `cargo run --release -- --data-dir /tmp/demo-data` and Resume it.

use deskaudit::scenario::{Library, analyse};
use deskaudit::session::{ChoiceInput, Mode, Session, SessionConfig};
use deskaudit::store::Store;

fn main() {
    let dir = std::path::PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "demo-data".into()),
    );
    let lib = Library::embedded();
    let loaded = lib.get("taxi-refused-elsewhere").expect("shipped");
    let s = &loaded.scenario;
    let tables: Vec<String> = ["Ward 1", "Ward 2", "Ward 3", "Cabinet", "Officers"]
        .map(String::from)
        .to_vec();
    let config = SessionConfig {
        mode: Mode::Facilitated,
        tables: tables.clone(),
        seed: 7,
        shuffle: true,
        title: "Member Training evening: licensing".into(),
        date: "2026-11-28".into(),
        facilitator: "Chief Environmental Health Officer".into(),
        venue: "Council Chamber".into(),
        ..SessionConfig::default()
    };
    let analysis = analyse(s).ok();
    let mut session = Session::start(s, &loaded.content_hash, config, analysis.as_ref());
    for _ in 0..2 {
        let offered = session.offered(s).expect("offered");
        let room = offered[0].index;
        let other = offered[offered.len() - 1].index;
        let votes = tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), if i == 2 { other } else { room }))
            .collect();
        session
            .choose(
                s,
                ChoiceInput {
                    choice: room,
                    votes,
                    rationale: "Agreed after discussion at the tables.".into(),
                    ..ChoiceInput::default()
                },
            )
            .expect("choose");
    }
    if let Some(inj) = s.injects.first() {
        session.inject(s, inj.id.as_str()).expect("inject");
    }
    let store = Store::new(&dir);
    let id = store.new_id(7);
    store.save(&id, &session).expect("save");
    println!("saved {id} in {}", dir.display());
}
