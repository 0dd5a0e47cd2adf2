//! Writes a generated scenario of about N nodes as a scenario file — the layered scenario with
//! flags of `examples/bench_scenarios.rs` (`deskaudit::map::synthetic::layered_ron`; 6.7 MB at
//! 10,000 nodes) — and optionally the same-shaped story in ink, for timing `deskaudit check`
//! against inkjs.
//!
//! `cargo run --release --example gen_scenario -- NODES OUT.ron [OUT.ink]`
//! (`scripts/bench.sh` uses it).

use deskaudit::map::synthetic;
use deskaudit::scenario::load::load_bytes;
use deskaudit::scenario::{Condition, Effect, Scenario};
use std::fmt::Write as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(nodes), Some(out)) = (args.first().and_then(|n| n.parse().ok()), args.get(1)) else {
        eprintln!("usage: gen_scenario NODES OUT.ron [OUT.ink]");
        return ExitCode::from(2);
    };
    let text = synthetic::layered_ron(nodes, true);
    if let Err(e) = std::fs::write(out, &text) {
        eprintln!("gen_scenario: cannot write {out}: {e}");
        return ExitCode::FAILURE;
    }
    if let Some(ink) = args.get(2) {
        let s = match load_bytes(out, text.as_bytes()) {
            Ok((s, _)) => s,
            Err(e) => {
                eprintln!(
                    "gen_scenario: the generated scenario does not load: {}",
                    e[0]
                );
                return ExitCode::FAILURE;
            }
        };
        if let Err(e) = std::fs::write(ink, to_ink(&s)) {
            eprintln!("gen_scenario: cannot write {ink}: {e}");
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

/// An ink knot name for a node id (ink names allow letters, digits and `_`).
fn knot(id: &str) -> String {
    id.replace('-', "_")
}

/// A condition in ink (the generator only uses `Has` and `Lacks` of one flag).
fn ink_condition(c: &Condition) -> String {
    match c {
        Condition::Has(f) => f.to_string(),
        Condition::Lacks(f) => format!("not {f}"),
        Condition::All(cs) => cs
            .iter()
            .map(ink_condition)
            .collect::<Vec<_>>()
            .join(" and "),
        Condition::Any(cs) => cs
            .iter()
            .map(ink_condition)
            .collect::<Vec<_>>()
            .join(" or "),
        Condition::Not(c) => format!("not ({})", ink_condition(c)),
    }
}

/// The same story in ink: a knot per node, a choice per choice, a variable per flag and
/// checkpoint, conditional choices and conditional diverts for branches.
fn to_ink(s: &Scenario) -> String {
    let mut out = String::new();
    for f in &s.flags {
        let _ = writeln!(out, "VAR {} = false", f.id);
    }
    for c in &s.checkpoints {
        let _ = writeln!(out, "VAR {} = 0", c.id);
    }
    let _ = writeln!(out, "-> {}", knot(s.start.as_str()));
    for n in &s.nodes {
        let _ = writeln!(
            out,
            "=== {} ===\n{}\n{}",
            knot(n.id.as_str()),
            n.title,
            n.text
        );
        if n.is_ending() {
            out.push_str("-> END\n");
            continue;
        }
        for c in &n.choices {
            let when = c
                .when
                .as_ref()
                .map(|w| format!("{{{}}} ", ink_condition(w)))
                .unwrap_or_default();
            let _ = writeln!(out, "+ {when}[{}]\n  {}", c.text, c.feedback);
            for e in &c.effects {
                match e {
                    Effect::Set(f) => {
                        let _ = writeln!(out, "  ~ {f} = true");
                    }
                    Effect::Met(cp) => {
                        let _ = writeln!(out, "  ~ {cp} = 2");
                    }
                    Effect::PartlyMet(cp) => {
                        let _ = writeln!(out, "  ~ {cp} = 1");
                    }
                    Effect::Missed(cp) => {
                        let _ = writeln!(out, "  ~ {cp} = 0");
                    }
                    _ => {}
                }
            }
            for b in &c.branches {
                let _ = writeln!(
                    out,
                    "  {{{}: -> {}}}",
                    ink_condition(&b.when),
                    knot(b.goto.as_str())
                );
            }
            let _ = writeln!(out, "  -> {}", knot(c.goto.as_str()));
        }
    }
    out
}
