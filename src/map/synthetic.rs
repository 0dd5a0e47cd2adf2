//! Generated scenarios of any size, for the map's benchmarks and tests.
//!
//! Unlike a grid, these have what makes layout hard: a varying number of nodes per layer,
//! edges that skip layers, several choices into the same node, conditional choices and
//! branches. Each is valid (acyclic, every node reachable, no dead end, every checkpoint
//! recorded), and the same `nodes` and `seed` always give the same scenario.

use crate::scenario::{
    Branch, Checkpoint, CheckpointId, Choice, Condition, CouncilType, Effect, Ending, FlagDef,
    FlagId, Node, NodeId, Pillar, Rating, Scenario, ScenarioId,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt::Write;

/// A valid scenario with `nodes` nodes (at least 3), generated from `seed`.
pub fn scenario(nodes: usize, seed: u64) -> Scenario {
    let nodes = nodes.max(3);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // Layers of 1 (the start), then 2..=12 nodes each; the last layer holds the endings.
    let mut layer_sizes = vec![1usize];
    let mut total = 1;
    while total < nodes {
        // At most nine choices per node, so a layer is at most nine times the one before.
        let before = layer_sizes.last().copied().unwrap_or(1);
        let w = rng.random_range(2..=12).min(9 * before).min(nodes - total);
        layer_sizes.push(w);
        total += w;
    }
    if layer_sizes.len() < 2 {
        layer_sizes.push(1);
    }
    let mut ids: Vec<Vec<String>> = Vec::new();
    for (l, &w) in layer_sizes.iter().enumerate() {
        ids.push((0..w).map(|i| format!("n{l}-{i}")).collect());
    }
    // Few enough checkpoints that every one is recorded by some choice.
    let checkpoint_count = (nodes / 10).clamp(1, 40);
    let checkpoints: Vec<Checkpoint> = (0..checkpoint_count)
        .map(|i| Checkpoint {
            id: CheckpointId(format!("c{i}")),
            p: Pillar::ALL[i % 4],
            title: format!("Checkpoint {i}"),
            weight: 1.0 + (i % 3) as f64,
            required: false,
            lesson: format!("Lesson {i}."),
            references: Vec::new(),
        })
        .collect();
    let flags = vec![FlagDef {
        id: FlagId("f".into()),
        description: "A flag set early and tested later".into(),
    }];
    let last = layer_sizes.len() - 1;
    let mut out_nodes = Vec::with_capacity(total);
    // Incoming edges still owed to each node of the next layer, so every node is reached.
    for l in 0..layer_sizes.len() {
        for i in 0..layer_sizes[l] {
            let id = ids[l][i].clone();
            if l == last {
                out_nodes.push(Node {
                    id: NodeId(id),
                    title: format!("Ending {i}"),
                    text: "The end.".into(),
                    evidence: Vec::new(),
                    facilitator_notes: String::new(),
                    questions: Vec::new(),
                    model_answer: String::new(),
                    references: Vec::new(),
                    chance: Vec::new(),
                    choices: Vec::new(),
                    ending: Some(Ending {
                        rating: [Rating::Good, Rating::Mixed, Rating::Poor][i % 3],
                        outcome: "Outcome.".into(),
                    }),
                });
                continue;
            }
            let next = &ids[l + 1];
            let mut choices = Vec::new();
            // Every node of the next layer gets an edge from some node of this one.
            let owed: Vec<usize> = (0..next.len())
                .filter(|j| j % layer_sizes[l] == i)
                .collect();
            let extra = rng.random_range(1..=3usize);
            for c in 0..(owed.len() + extra).min(9) {
                let goto = if c < owed.len() {
                    next[owed[c]].clone()
                } else {
                    // Sometimes skip ahead a layer or two.
                    let ahead = rng.random_range(1..=3usize).min(last - l);
                    let layer = &ids[l + ahead];
                    layer[rng.random_range(0..layer.len())].clone()
                };
                let cp = &checkpoints[(l * 7 + c) % checkpoints.len()].id;
                let effects = match c % 3 {
                    0 => vec![Effect::Met(cp.clone())],
                    1 => vec![Effect::PartlyMet(cp.clone())],
                    _ => vec![Effect::Missed(cp.clone())],
                };
                let mut effects = effects;
                if l == 0 && c == 0 {
                    effects.push(Effect::Set(FlagId("f".into())));
                }
                let mut branches = Vec::new();
                if l > 0 && l + 1 < last && c == 0 && rng.random_range(0..4) == 0 {
                    let layer = &ids[l + 2];
                    branches.push(Branch {
                        when: Condition::Has(FlagId("f".into())),
                        goto: NodeId(layer[rng.random_range(0..layer.len())].clone()),
                    });
                }
                choices.push(Choice {
                    text: format!("Option {}", c + 1),
                    goto: NodeId(goto),
                    branches,
                    feedback: "Feedback.".into(),
                    effects,
                    // Extra choices are sometimes conditional (never the owed ones).
                    when: (c >= owed.len() && c > 0 && rng.random_range(0..5) == 0)
                        .then(|| Condition::Lacks(FlagId("f".into()))),
                });
            }
            out_nodes.push(Node {
                id: NodeId(id),
                title: format!("Situation {l}.{i}: what does the council do now?"),
                text: "Something happens.".into(),
                evidence: Vec::new(),
                facilitator_notes: String::new(),
                questions: Vec::new(),
                model_answer: String::new(),
                references: Vec::new(),
                chance: Vec::new(),
                choices,
                ending: None,
            });
        }
    }
    Scenario {
        format: 1,
        id: ScenarioId(format!("synthetic-{nodes}")),
        version: "1".into(),
        title: format!("Synthetic scenario of {nodes} nodes"),
        area: "Testing".into(),
        council: Some(CouncilType::District),
        summary: "Generated.".into(),
        audience: String::new(),
        minutes: 30,
        roles: Vec::new(),
        shuffle_choices: false,
        start: NodeId(ids[0][0].clone()),
        checkpoints,
        flags,
        counters: Vec::new(),
        variables: Vec::new(),
        injects: Vec::new(),
        nodes: out_nodes,
    }
}

/// A layered scenario of a little under `nodes` nodes as scenario-file text (one line per
/// node): every path passes one node per layer, each node offers three choices (Met, Partly
/// met, Missed for that layer's checkpoint) into the next layer. With `with_flags`, four
/// flags are set along the way and tested in conditions. At 10,000 nodes with flags this is
/// the 6.7 MB file of the benchmarks (`examples/bench_scenarios.rs`, `scripts/bench.sh`).
pub fn layered_ron(nodes: usize, with_flags: bool) -> String {
    // Layer 0 holds only the start node, so a scenario has a little under `nodes` nodes.
    const WIDTH: usize = 9;
    let layers = (nodes / WIDTH).max(3);
    let mut s = String::new();
    let _ = write!(
        s,
        "Scenario(format: 1, id: \"bench\", version: \"1\", title: \"Benchmark\", area: \"Testing\", \
         council: District, summary: \"Synthetic.\", minutes: 30, start: \"n0-0\",\n checkpoints: [\n"
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
                "  Node(id: \"{id}\", title: \"Layer {l}\", text: \"Something happens at layer {l}.\", choices: ["
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
