//! Benchmark: load + validate (content lints included) + analyse synthetic scenarios of 1,000,
//! 10,000 and 20,000 nodes, and the analysis speed per state on the shipped library.
//!
//! Run with `cargo run --release --example bench_scenarios`. Each size is generated once as
//! RON text, then parsed, validated and analysed several times; the median is reported.
//! The scenarios are layered: every path passes one node per layer, each node offers three
//! choices (Met / Partly met / Missed for that layer's checkpoint) into the next layer.
//! The "flags" variant also sets four flags along the way and tests them in conditions.

use deskaudit::map::synthetic;
use deskaudit::scenario::{Library, analyse, lint, load::load_bytes};
use std::time::Instant;

fn median_ms(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

/// The shipped library, as `deskaudit check` treats it: loading (validation and content lints
/// included), analysis, and the content figures alone, to show what the lints cost.
fn shipped() {
    let (mut load_ms, mut analyse_ms, mut lint_ms) = (Vec::new(), Vec::new(), Vec::new());
    let mut count = 0;
    let mut states = 0;
    for _ in 0..15 {
        let t0 = Instant::now();
        let lib = Library::embedded();
        let t1 = Instant::now();
        states = 0;
        for s in &lib.scenarios {
            states += analyse(&s.scenario).expect("analysable").states;
        }
        let t2 = Instant::now();
        for s in &lib.scenarios {
            lint::content(&s.scenario).expect("analysable");
        }
        let t3 = Instant::now();
        count = lib.scenarios.len();
        load_ms.push((t1 - t0).as_secs_f64() * 1e3);
        analyse_ms.push((t2 - t1).as_secs_f64() * 1e3);
        lint_ms.push((t3 - t2).as_secs_f64() * 1e3);
    }
    let analyse = median_ms(analyse_ms);
    println!(
        "shipped library ({count} scenarios): load+validate+lints {:.1} ms, analyse {:.1} ms; \
         the content figures alone (part of loading) {:.1} ms",
        median_ms(load_ms),
        analyse,
        median_ms(lint_ms)
    );
    println!(
        "analysis speed: {:.2} µs per state ({states} states in the shipped library)",
        analyse * 1e3 / states as f64
    );
}

fn main() {
    shipped();
    println!("load + validate + analyse (median of runs, release build)");
    println!(
        "{:<8} {:>7} {:>10} {:>12} {:>12} {:>12}",
        "variant", "nodes", "bytes", "load+valid", "analyse", "total"
    );
    for with_flags in [false, true] {
        let mut totals = Vec::new();
        for nodes in [1_000, 10_000, 20_000] {
            let text = synthetic::layered_ron(nodes, with_flags);
            let runs = if nodes > 5_000 { 5 } else { 15 };
            let mut load_ms = Vec::new();
            let mut analyse_ms = Vec::new();
            let mut total_ms = Vec::new();
            let mut states = 0;
            for _ in 0..runs {
                let t0 = Instant::now();
                let (scenario, warnings) = match load_bytes("bench.ron", text.as_bytes()) {
                    Ok(ok) => ok,
                    Err(e) => panic!("synthetic scenario is invalid: {}", e[0]),
                };
                let t1 = Instant::now();
                let a = analyse(&scenario).expect("analysable");
                let t2 = Instant::now();
                // Content lints (its endings ignore the score) are expected; nothing else.
                let other: Vec<_> = warnings.iter().filter(|w| w.code.is_none()).collect();
                assert!(other.is_empty(), "{}", other[0]);
                assert!(a.index.is_some());
                states = a.states;
                load_ms.push((t1 - t0).as_secs_f64() * 1e3);
                analyse_ms.push((t2 - t1).as_secs_f64() * 1e3);
                total_ms.push((t2 - t0).as_secs_f64() * 1e3);
            }
            let total = median_ms(total_ms);
            totals.push(total);
            println!(
                "{:<8} {:>7} {:>10} {:>9.1} ms {:>9.1} ms {:>9.1} ms   ({} states)",
                if with_flags { "flags" } else { "plain" },
                nodes,
                text.len(),
                median_ms(load_ms),
                median_ms(analyse_ms),
                total,
                states
            );
        }
        println!(
            "         10× the nodes cost {:.1}× the time; 2× (20,000 against 10,000) {:.1}×",
            totals[1] / totals[0],
            totals[2] / totals[1]
        );
    }
}
