//! Benchmark: load + validate (content lints included) + analyse synthetic scenarios of 1,000
//! and 10,000 nodes.
//!
//! Run with `cargo run --release --example bench_scenarios`. Each size is generated once as
//! RON text, then parsed, validated and analysed several times; the median is reported.
//! The scenarios are layered: every path passes one node per layer, each node offers three
//! choices (Met / Partly met / Missed for that layer's checkpoint) into the next layer.
//! The "flags" variant also sets four flags along the way and tests them in conditions.

use deskaudit::scenario::{Library, analyse, lint, load::load_bytes};
use std::fmt::Write;
use std::time::Instant;

fn synthetic(nodes: usize, with_flags: bool) -> String {
    // Layer 0 holds only the start node, so a scenario has a little under `nodes` nodes.
    const WIDTH: usize = 9;
    let layers = nodes / WIDTH;
    let mut s = String::new();
    let _ = write!(
        s,
        "Scenario(format: 1, id: \"bench\", version: \"1\", title: \"Benchmark\", area: \"Testing\", \
         summary: \"Synthetic.\", minutes: 30, start: \"n0-0\",\n checkpoints: [\n"
    );
    let pillars = ["Pursue", "Prevent", "Protect", "Prepare"];
    for l in 0..layers - 1 {
        let _ = writeln!(
            s,
            "  Checkpoint(id: \"c{l}\", p: {}, title: \"Checkpoint {l}\", weight: {}.0, lesson: \"Lesson {l}.\"),",
            pillars[l % 4],
            1 + l % 3
        );
    }
    s.push_str(" ],\n");
    if with_flags {
        s.push_str(
            " flags: [Flag(id: \"f0\"), Flag(id: \"f1\"), Flag(id: \"f2\"), Flag(id: \"f3\")],\n",
        );
    }
    s.push_str(" nodes: [\n");
    for l in 0..layers {
        for w in 0..WIDTH {
            if l == 0 && w > 0 {
                continue; // a single start node, with one choice into each node of layer 1
            }
            let id = format!("n{l}-{w}");
            if l == layers - 1 {
                let rating = ["Good", "Mixed", "Poor"][w % 3];
                let _ = writeln!(
                    s,
                    "  Node(id: \"{id}\", title: \"End {w}\", text: \"The end.\", ending: Ending(rating: {rating}, outcome: \"Outcome {w}.\")),"
                );
                continue;
            }
            let _ = write!(
                s,
                "  Node(id: \"{id}\", title: \"Layer {l}\", text: \"Something happens at layer {l}.\", facilitator_notes: \"Notes.\", questions: [\"Why?\"], choices: ["
            );
            let fan_out = if l == 0 { WIDTH } else { 3 };
            for k in 0..fan_out {
                let outcome = ["Met", "PartlyMet", "Missed"][k % 3];
                let to = format!("n{}-{}", l + 1, (w + k) % WIDTH);
                let mut effects = format!("{outcome}(\"c{l}\")");
                let mut when = String::new();
                if with_flags && l % 25 == 0 && k == 0 {
                    let _ = write!(effects, ", Set(\"f{}\")", (l / 25) % 4);
                }
                if with_flags && l % 25 == 12 && k == 2 {
                    when = format!(", when: Lacks(\"f{}\")", (l / 25) % 4);
                }
                let _ = write!(
                    s,
                    "Choice(text: \"Option {k}\", goto: \"{to}\", feedback: \"Feedback.\", effects: [{effects}]{when}),"
                );
            }
            s.push_str("]),\n");
        }
    }
    s.push_str(" ],\n)\n");
    s
}

fn median_ms(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

/// The shipped library, as `deskaudit check` treats it: loading (validation and content lints
/// included), analysis, and the content figures alone, to show what the lints cost.
fn shipped() {
    let (mut load_ms, mut analyse_ms, mut lint_ms) = (Vec::new(), Vec::new(), Vec::new());
    let mut count = 0;
    for _ in 0..15 {
        let t0 = Instant::now();
        let lib = Library::embedded();
        let t1 = Instant::now();
        for s in &lib.scenarios {
            analyse(&s.scenario).expect("analysable");
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
    println!(
        "shipped library ({count} scenarios): load+validate+lints {:.1} ms, analyse {:.1} ms; \
         the content figures alone (part of loading) {:.1} ms",
        median_ms(load_ms),
        median_ms(analyse_ms),
        median_ms(lint_ms)
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
        for nodes in [1_000, 10_000] {
            let text = synthetic(nodes, with_flags);
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
            "         10× the nodes cost {:.1}× the time",
            totals[1] / totals[0]
        );
    }
}
