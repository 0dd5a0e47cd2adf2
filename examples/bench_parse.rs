//! Times reading the 10,000-node benchmark scenario (`layered_ron(10_000, true)`) with the
//! fast reader (`scenario::fast_ron`) and with `ron`, as scenario files are read: median of 21
//! runs each, interleaved.
//!
//! `cargo run --release --example bench_parse`

use deskaudit::map::synthetic::layered_ron;
use deskaudit::scenario::{Scenario, fast_ron, limits};
use std::hint::black_box;
use std::time::{Duration, Instant};

const RUNS: usize = 21;

fn main() {
    let text = layered_ron(10_000, true);
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(limits::MAX_NESTING * 2);

    // Both readers must read the file, and to the same scenario, or the timing means nothing.
    let fast: Scenario = match fast_ron::from_str(&text) {
        Some(s) => s,
        None => {
            eprintln!("the fast reader gave up on the benchmark file");
            std::process::exit(1);
        }
    };
    let slow: Scenario = match options.from_str(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("ron could not read the benchmark file: {e}");
            std::process::exit(1);
        }
    };
    if format!("{fast:?}") != format!("{slow:?}") {
        eprintln!("the two readers disagree on the benchmark file");
        std::process::exit(1);
    }

    let mut fast_times = Vec::with_capacity(RUNS);
    let mut ron_times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        black_box(fast_ron::from_str::<Scenario>(black_box(&text)));
        fast_times.push(start.elapsed());

        let start = Instant::now();
        black_box(options.from_str::<Scenario>(black_box(&text)).ok());
        ron_times.push(start.elapsed());
    }
    let fast_ms = ms(median(&mut fast_times));
    let ron_ms = ms(median(&mut ron_times));
    println!(
        "layered_ron(10_000, true): {:.2} MB, {} nodes, median of {RUNS} runs",
        text.len() as f64 / 1e6,
        slow.nodes.len()
    );
    println!("  fast_ron: {fast_ms:8.2} ms");
    println!("  ron:      {ron_ms:8.2} ms");
    println!("  ron / fast_ron: {:.1}x", ron_ms / fast_ms);
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}
