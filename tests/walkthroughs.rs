//! Scripted walkthroughs: for every scenario, paths given as (node, choice) steps with the
//! ending and band they must reach (and, where given, the exact index and per-P scores).
//! Walkthroughs live in `tests/walkthroughs/<scenario-id>.ron`.

use deskaudit::scenario::{Band, Library, Scenario};
use deskaudit::session::{ChoiceInput, Session, SessionConfig};
use serde::Deserialize;

#[derive(Deserialize)]
struct Walkthroughs {
    scenario: String,
    paths: Vec<Walkthrough>,
}

#[derive(Deserialize)]
struct Walkthrough {
    name: String,
    steps: Vec<(String, usize)>,
    ending: String,
    band: Band,
    #[serde(default)]
    index: Option<f64>,
    #[serde(default)]
    pillars: Option<Vec<Option<f64>>>,
}

/// Follows the steps under `seed`; `Err` says where the path could not be followed.
fn follow(s: &Scenario, w: &Walkthrough, seed: u64) -> Result<Session, String> {
    let config = SessionConfig {
        seed,
        shuffle: true,
        ..SessionConfig::default()
    };
    let mut session = Session::start(s, "test", config, None);
    for (i, (node, number)) in w.steps.iter().enumerate() {
        let at = session.state().current.node.0.clone();
        if &at != node {
            return Err(format!(
                "step {}: expected to be at {node}, but at {at}",
                i + 1
            ));
        }
        session
            .choose(
                s,
                ChoiceInput {
                    choice: number - 1,
                    ..ChoiceInput::default()
                },
            )
            .map_err(|e| format!("step {} at {node}: {e}", i + 1))?;
    }
    Ok(session)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

#[test]
fn every_walkthrough_reaches_its_ending_and_band() {
    let lib = Library::embedded();
    let dir = format!("{}/tests/walkthroughs", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut checked = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let ws: Walkthroughs =
            ron::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let loaded = lib
            .get(&ws.scenario)
            .unwrap_or_else(|| panic!("{}: no scenario {}", file.display(), ws.scenario));
        for w in &ws.paths {
            // Chance events can change the route; the band depends only on the decisions, so
            // any seed under which the steps can be followed will do.
            let mut last_err = String::new();
            let session = (0..200)
                .find_map(|seed| match follow(&loaded.scenario, w, seed) {
                    Ok(s) => Some(s),
                    Err(e) => {
                        last_err = e;
                        None
                    }
                })
                .unwrap_or_else(|| panic!("{} / {}: {last_err}", ws.scenario, w.name));
            let label = format!("{} / {}", ws.scenario, w.name);
            assert_eq!(session.state().current.node.0, w.ending, "{label}: ending");
            assert!(session.at_ending(), "{label}: not at an ending");
            let score = session.score();
            assert_eq!(
                score.band(),
                Some(w.band),
                "{label}: index {:?}",
                score.index
            );
            if let Some(expected) = w.index {
                assert!(
                    close(score.index.unwrap(), expected),
                    "{label}: index {:?}",
                    score.index
                );
            }
            if let Some(expected) = &w.pillars {
                assert_eq!(expected.len(), 4, "{label}: give four pillar scores");
                for (got, want) in score.pillars.iter().zip(expected.iter().copied()) {
                    match (got, want) {
                        (Some(g), Some(w)) => {
                            assert!(close(*g, w), "{label}: pillars {:?}", score.pillars)
                        }
                        (None, None) => {}
                        _ => panic!(
                            "{label}: pillars {:?}, expected {expected:?}",
                            score.pillars
                        ),
                    }
                }
            }
            // The engine's explanation accounts for every checkpoint.
            assert_eq!(
                session.explanation().len(),
                loaded.scenario.checkpoints.len()
            );
        }
        checked.push(ws.scenario);
    }
    // Every shipped scenario has walkthroughs.
    for s in &lib.scenarios {
        assert!(
            checked.contains(&s.scenario.id.0),
            "no walkthrough for {}",
            s.scenario.id
        );
    }
}

#[test]
fn full_scenarios_have_strong_and_weak_paths_of_ten_decisions_or_more() {
    let lib = Library::embedded();
    let dir = format!("{}/tests/walkthroughs", env!("CARGO_MANIFEST_DIR"));
    for s in &lib.scenarios {
        if s.scenario.minutes < 25 {
            continue; // the two short format examples
        }
        let path = format!("{dir}/{}.ron", s.scenario.id);
        let ws: Walkthroughs = ron::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let strong = ws.paths.iter().find(|w| w.band == Band::Resilient);
        let weak = ws.paths.iter().find(|w| w.band == Band::Vulnerable);
        for (what, w) in [("strong", strong), ("weak", weak)] {
            let w = w.unwrap_or_else(|| panic!("{}: no {what} path", s.scenario.id));
            assert!(
                w.steps.len() >= 10,
                "{}: {what} path has {} decisions",
                s.scenario.id,
                w.steps.len()
            );
        }
    }
}
