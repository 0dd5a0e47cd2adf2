//! The content lints of `deskaudit check`: each fires on a fixture written to trip it (at the
//! right line and column, with the right words) and stays quiet on one written just inside
//! every limit; and the figures they rest on — each ending's index range, each choice's best
//! reachable index, the naive strategies' ranges — equal a brute-force enumeration of every
//! session (every choice, chance outcome and inject) on small generated scenarios.

use deskaudit::scenario::lint::{self, ContentReport};
use deskaudit::scenario::load::load_bytes;
use deskaudit::scenario::{Diagnostic, Rating, Scenario, Strategy};
use deskaudit::session::scoring::{Recorded, score};
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, BTreeSet};

fn load(name: &str) -> (Scenario, Vec<Diagnostic>) {
    let path = format!(
        "{}/tests/fixtures/lints/{name}.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).expect("fixture exists");
    load_bytes(&format!("{name}.ron"), &bytes)
        .unwrap_or_else(|e| panic!("{name} does not load: {}", e[0]))
}

/// The content-lint warnings of a fixture, as (code, line, col), after checking that it has
/// no other warning.
fn lints(name: &str) -> Vec<Diagnostic> {
    let (_, warnings) = load(name);
    let other: Vec<_> = warnings.iter().filter(|w| w.code.is_none()).collect();
    assert!(other.is_empty(), "{name}: {other:?}");
    warnings
}

fn places(ds: &[Diagnostic]) -> Vec<(&'static str, usize, usize)> {
    ds.iter()
        .map(|d| (d.code.unwrap_or("?"), d.line, d.col))
        .collect()
}

fn report(name: &str) -> ContentReport {
    lint::content(&load(name).0).expect("analysable")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-6
}

fn find<'d>(ds: &'d [Diagnostic], code: &str, line: usize) -> &'d Diagnostic {
    ds.iter()
        .find(|d| d.code == Some(code) && d.line == line)
        .unwrap_or_else(|| panic!("no {code} at line {line} in {ds:#?}"))
}

#[test]
fn a_best_choice_that_is_the_longest_is_reported_at_the_scenario_and_at_the_choice() {
    let ds = lints("giveaway");
    assert_eq!(
        places(&ds),
        vec![
            ("giveaway-longest", 6, 1),
            ("naive-strategy", 6, 1),
            ("giveaway-node", 19, 26),
            ("giveaway-node", 23, 26),
            ("ending-score", 37, 60),
        ]
    );
    assert_eq!(
        find(&ds, "giveaway-longest", 6).message,
        "the best choice is the longest at 4 of 5 decisions (80%); a learner guessing at random would expect 2.5 (50%)"
    );
    assert!(
        find(&ds, "giveaway-longest", 6)
            .help
            .contains("no more than about 40% of decisions")
    );
    assert_eq!(
        find(&ds, "giveaway-node", 19).message,
        "at node `\"a\"` the best choice is 262% longer than any other (29 characters against 8), so a learner can spot it by its length"
    );
    assert_eq!(
        find(&ds, "giveaway-node", 23).message,
        "at node `\"b\"` the best choice is 43% longer than any other (33 characters against 23), so a learner can spot it by its length"
    );
    assert!(
        find(&ds, "giveaway-node", 23)
            .help
            .starts_with("vary the lengths at a node within about ±25%")
    );
    assert_eq!(
        find(&ds, "naive-strategy", 6).message,
        "a learner who ignores the story and picks the longest choice every time ends Resilient (resilience index 88.9)"
    );
    // Shown as `check` shows it.
    assert!(
        ds[2]
            .to_string()
            .starts_with("giveaway.ron:19:26: warning[giveaway-node]: at node `\"a\"`"),
        "{}",
        ds[2]
    );

    let r = report("giveaway");
    let g = r.giveaway.as_ref().unwrap();
    assert_eq!((g.best_is_longest, g.decisions), (4, 5));
    assert!(close(g.expected_by_chance, 2.5));
    let best: Vec<Vec<usize>> = g.nodes.iter().map(|n| n.best()).collect();
    assert_eq!(best, vec![vec![1], vec![1], vec![0], vec![1], vec![0]]);
    // c leads by exactly 25% and d by 10%: counted as longest, not warned.
    assert!(close(g.nodes[2].length_lead.unwrap(), 0.25));
    assert!(close(g.nodes[3].length_lead.unwrap(), 0.1));
    assert_eq!(g.nodes[4].length_lead, None);
    // Values: taking "Grant it" at a, the best still reachable is 3.5 / 4.5.
    assert!(close(g.nodes[0].choices[0].best_index, 3.5 / 4.5 * 100.0));
    assert!(close(g.nodes[0].choices[1].best_index, 100.0));
    let [longest, no_colon] = r.strategies.map(Option::unwrap);
    assert!(close(longest.worst, 4.0 / 4.5 * 100.0) && close(longest.best, 4.0 / 4.5 * 100.0));
    assert!(close(no_colon.best, 3.0 / 4.5 * 100.0));
}

#[test]
fn naive_strategies_are_played_over_every_chance_outcome() {
    let ds = lints("chance");
    let naive: Vec<&Diagnostic> = ds
        .iter()
        .filter(|d| d.code == Some("naive-strategy"))
        .collect();
    assert_eq!(naive.len(), 1, "{ds:#?}");
    assert_eq!((naive[0].line, naive[0].col), (8, 1));
    assert_eq!(
        naive[0].message,
        "a learner who ignores the story and picks the longest choice without a colon every time can end Resilient (resilience index 75–100, depending on chance)"
    );
    let r = report("chance");
    let [longest, no_colon] = r.strategies.map(Option::unwrap);
    assert!(close(longest.worst, 50.0) && close(longest.best, 75.0));
    assert!(close(no_colon.worst, 75.0) && close(no_colon.best, 100.0));
    // At b the full scheme is offered only without the leak; it is still the best choice
    // there (the best a session taking it can reach is 100, the others 75).
    let g = r.giveaway.as_ref().unwrap();
    let b = &g.nodes[1];
    assert_eq!(b.best(), vec![0]);
    let values: Vec<f64> = b.choices.iter().map(|c| c.best_index).collect();
    assert!(close(values[0], 100.0) && close(values[1], 75.0) && close(values[2], 75.0));
    assert_eq!((g.best_is_longest, g.decisions), (2, 3));
    assert!(close(g.expected_by_chance, 0.5 + 1.0 / 3.0 + 0.5));
}

#[test]
fn endings_that_contradict_the_score_are_reported_at_the_ending() {
    let ds = lints("endings");
    assert_eq!(
        places(&ds),
        vec![
            ("ending-score", 35, 60),
            ("ending-score", 36, 60),
            ("ending-score", 37, 60),
        ]
    );
    assert_eq!(
        ds[0].message,
        "the Good ending `\"good\"` can be reached with a resilience index as low as 33.3 (index range 33.3–100); a Good ending needs at least 50"
    );
    assert!(ds[0].help.contains("`required`"));
    assert_eq!(
        ds[1].message,
        "the Mixed ending `\"fair\"` can be reached with a resilience index as high as 100 (index range 50–100); a Mixed ending must stay below 90"
    );
    assert_eq!(
        ds[2].message,
        "the Poor ending `\"grim\"` can be reached with a resilience index as high as 100 (index range 50–100); a Poor ending must stay below 80"
    );
    let r = report("endings");
    let ranges: Vec<(String, Rating, f64, f64)> = r
        .endings
        .iter()
        .map(|e| {
            let i = e.index.unwrap();
            (e.node_id.0.clone(), e.rating, i.worst, i.best)
        })
        .collect();
    let expect = [
        ("good", Rating::Good, 100.0 / 3.0, 100.0),
        ("fair", Rating::Mixed, 50.0, 100.0),
        ("grim", Rating::Poor, 50.0, 100.0),
        ("lost", Rating::Poor, 0.0, 50.0),
    ];
    assert_eq!(ranges.len(), expect.len());
    for ((id, rating, lo, hi), (eid, erating, elo, ehi)) in ranges.iter().zip(expect) {
        assert_eq!((id.as_str(), *rating), (eid, erating));
        assert!(close(*lo, elo) && close(*hi, ehi), "{id}: {lo}–{hi}");
    }
}

#[test]
fn a_scenario_without_a_prevent_checkpoint_is_reported_at_its_checkpoints() {
    let ds = lints("no_prevent");
    assert_eq!(places(&ds), vec![("no-prevent", 6, 18)]);
    assert!(ds[0].message.starts_with("no checkpoint is tagged Prevent"));
    assert!(ds[0].help.contains("staff training"));
    assert!(!report("no_prevent").has_prevent);
}

#[test]
fn a_scenario_just_inside_every_limit_is_lint_clean() {
    assert_eq!(places(&lints("clean")), vec![]);
    let r = report("clean");
    let g = r.giveaway.as_ref().unwrap();
    // 2 of 5 is exactly 40%; a's best choice leads by exactly 25%.
    assert_eq!((g.best_is_longest, g.decisions), (2, 5));
    assert!(close(g.nodes[0].length_lead.unwrap(), 0.25));
    let good = r.endings.iter().find(|e| e.rating == Rating::Good).unwrap();
    assert!(close(good.index.unwrap().worst, 50.0));
    for k in Strategy::ALL {
        let range = r.strategies[k as usize].unwrap();
        assert!(close(range.best, 100.0 / 3.0), "{k:?}");
    }
    // The base fixture every invalid fixture starts from is clean too.
    let path = format!("{}/tests/fixtures/base.ron", env!("CARGO_MANIFEST_DIR"));
    let (_, warnings) = load_bytes("base", &std::fs::read(path).unwrap()).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
}

// ---------------------------------------------------------------------------------------
// Brute force: every session of a small generated scenario.

/// A generated scenario: layers of nodes with flags, conditions, branches, chance (some of
/// it conditional), an inject, choice texts of random lengths (some with a colon) and
/// endings of every rating.
fn generated(layers: usize, width: usize, seed: u64) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut t = String::from(
        "Scenario(format: 1, id: \"gen\", version: \"1\", title: \"Generated\", area: \"T\", summary: \"S\", minutes: 5, start: \"n0-0\",\n checkpoints: [",
    );
    for (i, p) in ["Pursue", "Prevent", "Protect", "Prepare"]
        .iter()
        .enumerate()
    {
        for k in 0..2 {
            t.push_str(&format!(
                "Checkpoint(id: \"c{i}{k}\", p: {p}, title: \"C\", weight: {}.0, required: {}, lesson: \"L\"),",
                1 + (i + k) % 3,
                k == 1 && i % 2 == 0
            ));
        }
    }
    t.push_str("],\n flags: [Flag(id: \"a\"), Flag(id: \"b\")],\n injects: [Inject(id: \"i\", title: \"I\", text: \"I\", effects: [Set(\"b\")])],\n nodes: [\n");
    let outcomes = ["Met", "PartlyMet", "Missed"];
    let words = ["refer", "check", "wait", "act", "close", "warn"];
    let mut made = 0;
    for l in 0..layers {
        for w in 0..width {
            if l == 0 && w > 0 {
                continue;
            }
            let id = format!("n{l}-{w}");
            if l == layers - 1 {
                let rating = ["Good", "Mixed", "Poor"][(w + seed as usize) % 3];
                t.push_str(&format!("Node(id: \"{id}\", title: \"E\", text: \"E\", ending: Ending(rating: {rating}, outcome: \"O\")),\n"));
                continue;
            }
            let chance = match rng.random_range(0..4) {
                0 => format!(
                    "chance: [ChanceEvent(id: \"ch{id}\", probability: 0.5, text: \"C\", effects: [Set(\"a\")])],"
                ),
                1 => format!(
                    "chance: [ChanceEvent(id: \"ch{id}\", probability: 0.5, text: \"C\", when: Has(\"b\"), effects: [Clear(\"a\")])],"
                ),
                _ => String::new(),
            };
            t.push_str(&format!(
                "Node(id: \"{id}\", title: \"T\", text: \"X\", {chance} choices: ["
            ));
            let fan = if l == 0 { width } else { 3 };
            for k in 0..fan {
                let to = format!("n{}-{}", l + 1, (w + k) % width);
                let alt = format!("n{}-{}", l + 1, (w + k + 1) % width);
                // The first eight choices test each checkpoint once, so every checkpoint can be
                // scored (the validator insists); the rest pick at random.
                let cp = if made < 8 {
                    format!("c{}{}", made / 2, made % 2)
                } else {
                    format!("c{}{}", rng.random_range(0..4), rng.random_range(0..2))
                };
                made += 1;
                let mut effects = format!("{}(\"{cp}\")", outcomes[rng.random_range(0..3)]);
                if rng.random_bool(0.3) {
                    let cp2 = format!("c{}{}", rng.random_range(0..4), rng.random_range(0..2));
                    effects.push_str(&format!(
                        ", {}(\"{cp2}\")",
                        outcomes[rng.random_range(0..3)]
                    ));
                }
                if rng.random_bool(0.2) {
                    effects.push_str(", Set(\"a\")");
                }
                if rng.random_bool(0.1) {
                    effects.push_str(", Clear(\"a\")");
                }
                let when = if k == 2 && rng.random_bool(0.3) {
                    ", when: Lacks(\"a\")"
                } else {
                    ""
                };
                let mut text: Vec<&str> = (0..rng.random_range(1..4))
                    .map(|_| words[rng.random_range(0..words.len())])
                    .collect();
                if rng.random_bool(0.3) {
                    text.insert(1.min(text.len()), "now:");
                }
                let text = text.join(" ");
                t.push_str(&format!(
                    "Choice(text: \"{text}\", goto: \"{to}\", feedback: \"F\", effects: [{effects}], branches: [Branch(when: Has(\"b\"), goto: \"{alt}\")]{when}),"
                ));
            }
            t.push_str("]),\n");
        }
    }
    t.push_str("])");
    match load_bytes("gen.ron", t.as_bytes()) {
        Ok((s, _)) => s,
        Err(e) => panic!("generated scenario invalid: {}", e[0]),
    }
}

/// Which choices a brute-force walk may take.
#[derive(Clone, Copy, PartialEq)]
enum Walk {
    /// Every offered choice, and every inject at every decision.
    Everything,
    /// Every offered choice, no injects.
    NoInjects,
    /// A naive strategy, no injects.
    Naive(Strategy),
}

/// One complete session: the ending node, the index, and the (node, choice) decisions.
struct Played {
    ending: usize,
    index: Option<f64>,
    taken: Vec<(usize, usize)>,
}

fn apply(effects: &[deskaudit::scenario::Effect], flags: &mut BTreeSet<String>) {
    use deskaudit::scenario::Effect;
    for e in effects {
        match e {
            Effect::Set(f) => {
                flags.insert(f.0.clone());
            }
            Effect::Clear(f) => {
                flags.remove(&f.0);
            }
            _ => {}
        }
    }
}

/// Every flag set a session can arrive at `node` with: each chance event that may roll
/// either happens or not, in order.
fn arrive(s: &Scenario, node: usize, flags: BTreeSet<String>) -> Vec<BTreeSet<String>> {
    let mut variants = vec![flags];
    for ev in &s.nodes[node].chance {
        let mut next = Vec::new();
        for f in variants {
            let rolls = ev
                .when
                .as_ref()
                .is_none_or(|w| w.holds(&|x| f.contains(x.as_str())));
            if rolls {
                let mut g = f.clone();
                apply(&ev.effects, &mut g);
                next.push(g);
            }
            next.push(f);
        }
        variants = next;
    }
    variants
}

#[allow(clippy::too_many_arguments)]
fn walk(
    s: &Scenario,
    node: usize,
    flags: BTreeSet<String>,
    recorded: &Recorded,
    taken: &mut Vec<(usize, usize)>,
    mode: Walk,
    out: &mut Vec<Played>,
) {
    let n = &s.nodes[node];
    if n.is_ending() {
        out.push(Played {
            ending: node,
            index: score(&s.checkpoints, recorded).index,
            taken: taken.clone(),
        });
        return;
    }
    if mode == Walk::Everything {
        for inj in &s.injects {
            let mut f = flags.clone();
            apply(&inj.effects, &mut f);
            if f != flags {
                walk(s, node, f, recorded, taken, mode, out);
            }
        }
    }
    let offered: Vec<usize> = (0..n.choices.len())
        .filter(|&c| {
            n.choices[c]
                .when
                .as_ref()
                .is_none_or(|w| w.holds(&|x| flags.contains(x.as_str())))
        })
        .collect();
    let len = |c: usize| n.choices[c].text.trim().chars().count();
    let picks: Vec<usize> = match mode {
        Walk::Naive(k) => {
            let no_colon: Vec<usize> = offered
                .iter()
                .copied()
                .filter(|&c| !n.choices[c].text.contains(':'))
                .collect();
            let pool = if k == Strategy::LongestWithoutColon && !no_colon.is_empty() {
                no_colon
            } else {
                offered.clone()
            };
            let most = pool.iter().map(|&c| len(c)).max().unwrap_or(0);
            pool.into_iter().filter(|&c| len(c) == most).collect()
        }
        _ => offered,
    };
    for c in picks {
        let choice = &n.choices[c];
        let mut f = flags.clone();
        apply(&choice.effects, &mut f);
        let mut rec = recorded.clone();
        for e in &choice.effects {
            if let Some((id, o)) = e.checkpoint_outcome() {
                rec.insert(id.clone(), (o, None));
            }
        }
        let dest = choice
            .branches
            .iter()
            .find(|b| b.when.holds(&|x| f.contains(x.as_str())))
            .map(|b| &b.goto)
            .unwrap_or(&choice.goto);
        let dest = s.nodes.iter().position(|x| &x.id == dest).unwrap();
        taken.push((node, c));
        for g in arrive(s, dest, f.clone()) {
            walk(s, dest, g, &rec, taken, mode, out);
        }
        taken.pop();
    }
}

fn play_all(s: &Scenario, mode: Walk) -> Vec<Played> {
    let start = s.nodes.iter().position(|n| n.id == s.start).unwrap();
    let mut out = Vec::new();
    for f in arrive(s, start, BTreeSet::new()) {
        walk(
            s,
            start,
            f,
            &BTreeMap::new(),
            &mut Vec::new(),
            mode,
            &mut out,
        );
    }
    out
}

fn range_of(indices: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    indices.fold(None, |acc, x| match acc {
        None => Some((x, x)),
        Some((lo, hi)) => Some((f64::min(lo, x), f64::max(hi, x))),
    })
}

fn assert_range(
    what: &str,
    got: Option<deskaudit::scenario::ScoreRange>,
    want: Option<(f64, f64)>,
) {
    match (got, want) {
        (None, None) => {}
        (Some(g), Some((lo, hi))) => assert!(
            (g.worst - lo).abs() < 1e-6 && (g.best - hi).abs() < 1e-6,
            "{what}: analyser {}–{}, brute force {lo}–{hi}",
            g.worst,
            g.best
        ),
        (g, w) => panic!("{what}: analyser {g:?}, brute force {w:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    /// Each ending's index range (injects included), each choice's best reachable index and
    /// each naive strategy's range (without injects) equal what playing out every session
    /// gives.
    #[test]
    fn content_figures_equal_brute_force(seed in 0u64..100_000, layers in 3usize..5, width in 2usize..4) {
        let s = generated(layers, width, seed);
        let report = lint::content(&s).expect("small");

        let everything = play_all(&s, Walk::Everything);
        for e in &report.endings {
            let want = range_of(everything.iter().filter(|p| p.ending == e.node).filter_map(|p| p.index));
            assert_range(&format!("ending {}", e.node_id), e.index, want);
        }

        let alone = play_all(&s, Walk::NoInjects);
        let g = report.giveaway.as_ref().expect("small enough");
        let mut valued = 0;
        for (n, node) in s.nodes.iter().enumerate() {
            for c in 0..node.choices.len() {
                let want = range_of(
                    alone.iter().filter(|p| p.taken.contains(&(n, c))).filter_map(|p| p.index),
                )
                .map(|(_, hi)| hi);
                let got = g
                    .nodes
                    .iter()
                    .find(|f| f.node == n)
                    .and_then(|f| f.choices.iter().find(|x| x.choice == c))
                    .map(|x| x.best_index);
                match (got, want) {
                    (Some(a), Some(b)) => {
                        valued += 1;
                        prop_assert!((a - b).abs() < 1e-6, "{}/{c}: analyser {a}, brute force {b}", node.id);
                    }
                    (a, b) => prop_assert!(a.is_none() && b.is_none(), "{}/{c}: analyser {a:?}, brute force {b:?}", node.id),
                }
            }
        }
        prop_assert!(valued > 0);

        for k in Strategy::ALL {
            let played = play_all(&s, Walk::Naive(k));
            assert_range(k.label(), report.strategies[k as usize], range_of(played.iter().filter_map(|p| p.index)));
        }
    }
}

/// A large file is checked on two threads (the states beside the other rules, the tree of
/// positions beside the parse): it must find exactly what the one-thread path finds, which
/// the app takes (the quick load, then the rules, then the states in the background). Both
/// sides work out the content figures of a graph this large on two threads.
#[test]
fn a_large_file_checked_on_two_threads_finds_what_one_thread_finds() {
    use deskaudit::scenario::load::{Checks, load_bytes_with};
    use deskaudit::scenario::validate::finish_states;
    let text = deskaudit::map::synthetic::layered_ron(3_000, true);
    assert!(
        text.len() >= 1 << 20,
        "big enough for the tree beside the parse"
    );
    let scenario = load_bytes_with("big.ron", text.as_bytes(), Checks::Quick)
        .expect("loads")
        .scenario;
    assert!(
        scenario.nodes.len() >= 2_000,
        "big enough for the rules beside the states"
    );
    let states = deskaudit::scenario::analyse::StateGraph::build(&scenario)
        .expect("explorable")
        .len();
    assert!(
        states >= 20_000,
        "big enough for the content figures on two threads: {states}"
    );
    let key = |d: &Diagnostic| (d.line, d.col, d.message.clone());
    let full = load_bytes_with("big.ron", text.as_bytes(), Checks::Full).expect("loads");
    let quick = load_bytes_with("big.ron", text.as_bytes(), Checks::Quick).expect("loads");
    let later = finish_states("big.ron", &text, &quick.scenario);
    let mut one_thread: Vec<_> = quick
        .warnings
        .iter()
        .chain(&later.diagnostics)
        .map(key)
        .collect();
    one_thread.sort();
    let two_threads: Vec<_> = full.warnings.iter().map(key).collect();
    let mut sorted = two_threads.clone();
    sorted.sort();
    assert!(
        !two_threads.is_empty(),
        "the generated scenario trips the content lints"
    );
    assert_eq!(sorted, one_thread);
    assert!(
        two_threads
            .windows(2)
            .all(|w| (w[0].0, w[0].1) <= (w[1].0, w[1].1)),
        "listed in file order"
    );

    // A rule broken far from the states: the error is reported, and the states (explored
    // beside the rules) report nothing, as when they are explored after the rules.
    let broken = text.replacen("minutes: 30", "minutes: 0", 1);
    let errors = load_bytes_with("big.ron", broken.as_bytes(), Checks::Full)
        .err()
        .expect("minutes 0 is an error");
    assert!(errors.iter().any(|d| d.message.contains("`minutes` is 0")));
    assert!(
        errors.iter().all(|d| d.code.is_none()),
        "no content lint beside an error: {:?}",
        errors
            .iter()
            .filter_map(|d| d.code.as_ref())
            .collect::<Vec<_>>()
    );
}
