//! Writes an unfinished facilitated session (five tables, two decisions taken, an inject
//! dropped in) into a data folder, for screenshots and for trying the console:
//! `cargo run --example demo_session -- /tmp/demo-data` then
//! `cargo run --release -- --data-dir /tmp/demo-data` and Resume it.
//! With `--finished` after the folder, the session is played to its ending with observations
//! and recommendations, ready for the debrief (History, Open debrief).

use deskaudit::scenario::Pillar;
use deskaudit::scenario::{Library, analyse};
use deskaudit::session::{ChoiceInput, Mode, Recommendation, Session, SessionConfig};
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
    let finished = std::env::args().any(|a| a == "--finished");
    let decisions = if finished { 100 } else { 2 };
    for n in 0..decisions {
        if session.at_ending() {
            break;
        }
        let offered = session.offered(s).expect("offered");
        let room = offered[0].index;
        let other = offered[offered.len() - 1].index;
        let votes = tables
            .iter()
            .enumerate()
            .map(|(i, t)| (t.clone(), if i == 2 + n % 3 { other } else { room }))
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
    if finished {
        session
            .note("Tables were unsure who may search NR3S and when; two assumed the police would tell them.")
            .expect("note");
        for (p, text, owner, due) in [
            (
                Pillar::Protect,
                "Search NR3S for every new and renewal driver application, and record the result on the file before any licence is granted.",
                "Licensing Manager",
                "31 January 2027",
            ),
            (
                Pillar::Prevent,
                "Train all licensing officers and members of the Licensing Committee on NR3S and the statutory guidance, and repeat it yearly.",
                "Head of Regulatory Services",
                "March 2027",
            ),
            (
                Pillar::Prepare,
                "Report progress on these actions to the Crime and Disorder Committee at its six-month review.",
                "Scrutiny officer",
                "June 2027",
            ),
        ] {
            session
                .recommend(Recommendation::new(p, text, owner, due))
                .expect("recommend");
        }
        session.finish().expect("finish at the ending");
    }
    let store = Store::new(&dir);
    let id = store.new_id(7);
    store.save(&id, &session).expect("save");
    println!("saved {id} in {}", dir.display());
}
