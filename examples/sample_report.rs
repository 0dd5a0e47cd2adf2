//! Writes a sample committee report (HTML, Markdown, CSV) from a scripted facilitated session
//! of "The school run" with three tables, to the folder given (default: current folder).
//! `cargo run --example sample_report -- /tmp/reports`

use deskaudit::report::{Format, render};
use deskaudit::scenario::{Library, Pillar, analyse};
use deskaudit::session::{ChoiceInput, Mode, Recommendation, Session, SessionConfig};

fn main() {
    let out = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".into()));
    let lib = Library::embedded();
    let s = &lib.get("school-transport").expect("shipped").scenario;
    let analysis = analyse(s).ok();
    let tables = vec![
        "Table 1 (Cabinet)".to_owned(),
        "Table 2".to_owned(),
        "Table 3".to_owned(),
    ];
    let config = SessionConfig {
        mode: Mode::Facilitated,
        tables: tables.clone(),
        seed: 2026,
        shuffle: false,
        title: "Member Training evening".into(),
        date: "27 November 2026".into(),
        facilitator: "Chief Environmental Health Officer".into(),
        venue: "Council Chamber, Hallam Vale".into(),
        ..SessionConfig::default()
    };
    let mut session = Session::start(s, "sample", config, analysis.as_ref());
    // Room decisions (written order) and each table's vote, as a room might have gone.
    let script: [(usize, [usize; 3]); 6] = [
        (1, [1, 0, 1]),
        (0, [0, 0, 2]),
        (0, [0, 1, 0]),
        (0, [0, 0, 1]),
        (0, [0, 0, 0]),
        (0, [1, 0, 0]),
    ];
    for (room, votes) in script {
        if session.at_ending() {
            break;
        }
        let input = ChoiceInput {
            choice: room,
            votes: tables.iter().cloned().zip(votes).collect(),
            rationale: "Agreed after discussion at the tables.".into(),
            ..ChoiceInput::default()
        };
        if session.choose(s, input).is_err() {
            let offered = session.offered(s).expect("offered");
            let first = offered[0].index;
            session
                .choose(
                    s,
                    ChoiceInput {
                        choice: first,
                        votes: tables.iter().map(|t| (t.clone(), first)).collect(),
                        ..ChoiceInput::default()
                    },
                )
                .expect("choose");
        }
    }
    session
        .note("Members were unsure who tells licensing when a contract is cancelled.")
        .expect("note");
    session
        .recommend(Recommendation::new(Pillar::Protect, "Adopt a standing rule that passenger transport tells licensing about every concern with a contractor's driver, the same day.", "Head of Passenger Transport", "31 March 2027"))
        .expect("recommend");
    session
        .recommend(Recommendation::new(
            Pillar::Prepare,
            "Report the six-month review of this plan to the Crime and Disorder Committee.",
            "Scrutiny officer",
            "June 2027",
        ))
        .expect("recommend");
    let _ = session.finish();
    std::fs::create_dir_all(&out).expect("folder");
    for f in [Format::Html, Format::Markdown, Format::Csv] {
        let path = out.join(format!("sample-report.{}", f.extension()));
        std::fs::write(&path, render(&session, f)).expect("write");
        println!("wrote {}", path.display());
    }
}
