//! Benchmark: saving after a decision in a 300-decision session, and loading 1,000 records.
//!
//! Run with `cargo run --release --example bench_sessions`. Records are written to a
//! temporary folder, with the same atomic replace (write, flush, sync, rename) the app uses,
//! so the figures include the disk sync.

use deskaudit::scenario::load::load_bytes;
use deskaudit::session::{ChoiceInput, Session, SessionConfig};
use deskaudit::store::Store;
use std::fmt::Write;
use std::time::Instant;

/// A chain of `decisions` decision nodes, two choices each, ending in an ending.
fn chain(decisions: usize) -> String {
    let mut s = String::from(
        "Scenario(format: 1, id: \"long\", version: \"1\", title: \"Long\", area: \"T\", council: District, summary: \"S\", minutes: 45, start: \"n0\",\n checkpoints: [",
    );
    for (i, p) in ["Pursue", "Prevent", "Protect", "Prepare"]
        .iter()
        .enumerate()
    {
        let _ = write!(
            s,
            "Checkpoint(id: \"c{i}\", p: {p}, title: \"C\", lesson: \"L\"),"
        );
    }
    s.push_str("],\n nodes: [\n");
    for i in 0..decisions {
        let _ = writeln!(
            s,
            "Node(id: \"n{i}\", title: \"Decision {i}\", text: \"A development in the story, a paragraph long, as a real scenario would have.\", choices: [\
             Choice(text: \"Act on it now, with the partners, and record why\", goto: \"n{}\", feedback: \"The partners respond the same day.\", effects: [Met(\"c{}\")]),\
             Choice(text: \"Wait for more information before acting\", goto: \"n{}\", feedback: \"The moment passes.\", effects: [Missed(\"c{}\")])]),",
            i + 1,
            i % 4,
            i + 1,
            i % 4
        );
    }
    let _ = writeln!(
        s,
        "Node(id: \"n{decisions}\", title: \"End\", text: \"The end.\", ending: Ending(rating: Good, outcome: \"Done.\")),\n])"
    );
    s
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let dir = std::env::temp_dir().join(format!("deskaudit-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Store::new(&dir);
    let (s, _) = load_bytes("long.ron", chain(300).as_bytes()).expect("valid");

    // One session of 300 decisions, saved after every decision as the app does.
    let config = SessionConfig {
        seed: 1,
        shuffle: true,
        ..SessionConfig::default()
    };
    let mut session = Session::start(&s, "h", config, None);
    let mut per_save = Vec::new();
    let mut i = 0;
    while !session.at_ending() {
        let c = session.offered(&s).expect("offered")[i % 2].index;
        i += 1;
        session
            .choose(
                &s,
                ChoiceInput {
                    choice: c,
                    rationale: "Because the room agreed.".into(),
                    ..ChoiceInput::default()
                },
            )
            .expect("choose");
        let t = Instant::now();
        store.save("long", &session).expect("save");
        per_save.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let last: Vec<f64> = per_save[per_save.len() - 20..].to_vec();
    let bytes = std::fs::metadata(store.path_of("long"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!(
        "save after a decision ({} decisions, record {} KiB):",
        session.state().path.len(),
        bytes / 1024
    );
    println!(
        "  median over all saves      {:>8.2} ms",
        median(per_save.clone())
    );
    println!(
        "  median of the last 20      {:>8.2} ms  (300-decision record)",
        median(last)
    );

    // 1,000 records of a 40-decision session, then list (read + parse + replay) them all.
    let mut short = Session::start(
        &s,
        "h",
        SessionConfig {
            seed: 2,
            ..SessionConfig::default()
        },
        None,
    );
    for _ in 0..40 {
        let c = short.offered(&s).expect("offered")[0].index;
        short
            .choose(
                &s,
                ChoiceInput {
                    choice: c,
                    ..ChoiceInput::default()
                },
            )
            .expect("choose");
    }
    for k in 0..1000 {
        store.save(&format!("r{k}"), &short).expect("save");
    }
    let mut runs = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let (ok, bad) = store.list();
        runs.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(ok.len(), 1001);
        assert!(bad.is_empty());
    }
    println!("load 1,000 records (40 decisions each) + the long one:");
    println!("  median of 5 runs           {:>8.1} ms", median(runs));
    let _ = std::fs::remove_dir_all(&dir);
}
