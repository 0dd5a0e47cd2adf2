//! Fills a data folder with N saved self-study sessions of the shipped scenarios, each
//! played to its ending with choices drawn from its seed, for timing start-up and History
//! with many records (`scripts/bench.sh` uses it).
//!
//! `cargo run --release --example gen_records -- DATA_DIR N`

use deskaudit::scenario::{Library, analyse};
use deskaudit::session::{ChoiceInput, Session, SessionConfig};
use deskaudit::store::Store;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<u64>().ok()),
    ) else {
        eprintln!("usage: gen_records DATA_DIR N");
        return ExitCode::from(2);
    };
    let lib = Library::embedded();
    let analyses: Vec<_> = lib
        .scenarios
        .iter()
        .map(|s| analyse(&s.scenario).ok())
        .collect();
    let store = Store::new(std::path::Path::new(dir));
    for k in 0..n {
        let i = (k as usize) % lib.scenarios.len();
        let loaded = &lib.scenarios[i];
        let s = &loaded.scenario;
        let config = SessionConfig {
            seed: k + 1,
            participant: format!("Learner {}", k % 97),
            ..SessionConfig::default()
        };
        let mut session = Session::start(s, &loaded.content_hash, config, analyses[i].as_ref());
        let mut step = k;
        while !session.at_ending() {
            let offered = match session.offered(s) {
                Ok(o) if !o.is_empty() => o,
                _ => break,
            };
            step = step
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let choice = offered[(step >> 33) as usize % offered.len()].index;
            if session
                .choose(
                    s,
                    ChoiceInput {
                        choice,
                        ..ChoiceInput::default()
                    },
                )
                .is_err()
            {
                break;
            }
        }
        // Most records are finished sessions; one in ten is left unfinished, as in real use.
        if k % 10 != 0 && session.at_ending() {
            let _ = session.finish();
        }
        if let Err(e) = store.save(&format!("gen-{k:05}"), &session) {
            eprintln!("gen_records: cannot save record {k}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
