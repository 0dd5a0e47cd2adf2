//! The analyser's results on small fixtures whose answers were worked out by hand
//! (the working is in the comments).

use deskaudit::scenario::load::load_bytes;
use deskaudit::scenario::{Analysis, Pillar, Scenario, analyse};

fn fixture(name: &str) -> Scenario {
    let path = format!(
        "{}/tests/fixtures/analysis/{name}.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let (scenario, warnings) = load_bytes(name, &std::fs::read(path).unwrap()).unwrap();
    // These fixtures test the analyser's arithmetic, not their teaching: their one-word
    // choices are free to trip the content lints, but nothing else.
    let warnings: Vec<_> = warnings.iter().filter(|w| w.code.is_none()).collect();
    assert!(warnings.is_empty(), "{warnings:?}");
    scenario
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn assert_range(what: &str, got: Option<deskaudit::scenario::ScoreRange>, worst: f64, best: f64) {
    let r = got.unwrap_or_else(|| panic!("{what}: expected a range, got not tested"));
    assert!(
        close(r.worst, worst) && close(r.best, best),
        "{what}: expected {worst}–{best}, got {}–{}",
        r.worst,
        r.best
    );
}

fn pillar(a: &Analysis, p: Pillar) -> Option<deskaudit::scenario::ScoreRange> {
    a.pillars[p.index()]
}

/// Paths (credit / total):
/// - one, one: b 1/1, a 2/2, c 1/1 → 4/4 = 100
/// - one, two: b 1/1, c 0/1, a required and never reached 0/2 → 1/4 = 25
/// - two, one: a 1/2 (partly), b 0/1, d 3/3 → 4/6 = 66.7
/// - two, two: a 1/2, b 0/1, d 0/3, c 1/1 → 2/7 = 28.6
#[test]
fn weights_and_required_checkpoints() {
    let a = analyse(&fixture("weights")).unwrap();
    assert_eq!(a.paths, 4);
    assert_eq!((a.shortest_decisions, a.longest_decisions), (2, 2));
    assert_eq!(a.endings, [1, 0, 0]);
    assert_eq!(a.decision_nodes, 3);
    assert_range("index", a.index, 25.0, 100.0);
    assert_eq!(a.bands_reachable, Some([true, true, true]));
    // Protect (a): 100, 0, 50, 50. Pursue (b): 100, 100, 0, 0.
    assert_range("Protect", pillar(&a, Pillar::Protect), 0.0, 100.0);
    assert_range("Pursue", pillar(&a, Pillar::Pursue), 0.0, 100.0);
    assert_range("Prepare", pillar(&a, Pillar::Prepare), 0.0, 100.0);
}

/// "tell" sets a flag that hides "both" at the next node. Ignoring the flag, tell + both
/// would score x, y, z all met = 100. Taking it into account:
/// - tell, y only: x 1, y 1, z 0 → 2/3
/// - tell, q: x 1, y 0, q 1 → 2/3
/// - quiet, both: x 0, y 1, z 1 → 2/3
/// - quiet, q: x 0, y 0, q 1 → 1/3
#[test]
fn flags_close_off_combinations() {
    let a = analyse(&fixture("flags")).unwrap();
    assert_eq!(a.paths, 4);
    assert_range("index", a.index, 100.0 / 3.0, 200.0 / 3.0);
    assert_eq!(a.bands_reachable, Some([false, true, true]));
    assert_range("Prepare", pillar(&a, Pillar::Prepare), 100.0, 100.0);
    assert_range("Prevent", pillar(&a, Pillar::Prevent), 0.0, 100.0);
}

/// r is met at the start and missed again at the next node on one path: the last outcome
/// stands, so that path scores r 0, s 1, t 1, u 1 = 3/4 (not 4/5 as summing both would).
/// - meet, other: r 1, s 0, t 1 → 2/3
/// - miss, undo r: r 0, s 1, t 1, u 1 → 3/4
/// - miss, other: r 0, s 0, t 1 → 1/3
#[test]
fn the_last_outcome_stands() {
    let a = analyse(&fixture("last_stands")).unwrap();
    assert_range("index", a.index, 100.0 / 3.0, 75.0);
    assert_range("Protect", pillar(&a, Pillar::Protect), 0.0, 100.0);
    assert_range("Prevent", pillar(&a, Pillar::Prevent), 100.0, 100.0);
}

#[test]
fn the_base_fixture_matches_its_hand_count() {
    // refuse, plan: 3/4; grant, refer: 2/4; grant, wait: 0/3.
    let path = format!("{}/tests/fixtures/base.ron", env!("CARGO_MANIFEST_DIR"));
    let (s, _) = load_bytes("base", &std::fs::read(path).unwrap()).unwrap();
    let a = analyse(&s).unwrap();
    assert_eq!(a.paths, 3);
    assert_range("index", a.index, 0.0, 75.0);
    assert_eq!(a.bands_reachable, Some([false, true, true]));
}
