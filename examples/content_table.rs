//! Prints the content-lint figures of every shipped scenario as a Markdown table: how often the
//! best choice is the longest, what the two naive strategies score, and the lowest index a Good
//! ending can be reached with. Used for the before/after table of issue #10.
//!
//! Run with `cargo run --example content_table` (add a folder to read files instead of the
//! built-in scenarios: `cargo run --example content_table -- scenarios`).

use deskaudit::scenario::lint::{self, show_index, show_range};
use deskaudit::scenario::{Library, Rating, Source};

fn main() {
    let lib = match std::env::args().nth(1) {
        Some(path) => {
            let mut lib = Library::default();
            lib.add_path(Source::CommandLine, std::path::Path::new(&path));
            lib
        }
        None => Library::embedded(),
    };
    println!(
        "| scenario | best is longest | always longest | longest without colon | lowest Good ending | lint warnings |"
    );
    println!("|---|---|---|---|---|---|");
    let (mut x, mut y) = (0, 0);
    for loaded in &lib.scenarios {
        let s = &loaded.scenario;
        let Ok(r) = lint::content(s) else {
            println!("| {} | too complex | | | | |", s.id);
            continue;
        };
        let giveaway = match &r.giveaway {
            Some(g) => {
                x += g.best_is_longest;
                y += g.decisions;
                format!(
                    "{}/{} ({:.0}%)",
                    g.best_is_longest,
                    g.decisions,
                    g.share() * 100.0
                )
            }
            None => "not worked out".into(),
        };
        let strategy = |i: usize| r.strategies[i].map(show_range).unwrap_or("–".into());
        let good = r
            .endings
            .iter()
            .filter(|e| e.rating == Rating::Good)
            .filter_map(|e| e.index.map(|i| i.worst))
            .fold(None, |m: Option<f64>, w| Some(m.map_or(w, |m| m.min(w))))
            .map(show_index)
            .unwrap_or("–".into());
        let warnings = loaded.warnings.iter().filter(|w| w.code.is_some()).count();
        println!(
            "| {} | {giveaway} | {} | {} | {good} | {warnings} |",
            s.id,
            strategy(0),
            strategy(1)
        );
    }
    if y > 0 {
        println!(
            "| **library** | {x}/{y} ({:.0}%) | | | | |",
            x as f64 / y as f64 * 100.0
        );
    }
}
