//! Benchmark: the branch map's layout (and SVG) for generated scenarios of 1,000 and 5,000
//! nodes and for the largest shipped scenario.
//!
//! Run with `cargo run --release --example bench_map`. Each size is generated once (see
//! `deskaudit::map::synthetic`: uneven layers, edges that skip layers, branches), then laid
//! out several times; the median is reported. The target is 200 ms for 1,000 nodes.

use deskaudit::map::{LayoutParams, MapGraph, layout, synthetic, to_svg};
use deskaudit::scenario::Library;
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn bench(name: &str, g: &MapGraph, runs: usize) {
    let p = LayoutParams::default();
    let mut layout_ms = Vec::new();
    let mut svg_ms = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t0 = Instant::now();
        let l = layout(g, &p);
        let t1 = Instant::now();
        let svg = to_svg(g, &l);
        let t2 = Instant::now();
        layout_ms.push((t1 - t0).as_secs_f64() * 1e3);
        svg_ms.push((t2 - t1).as_secs_f64() * 1e3);
        last = Some((l, svg.len()));
    }
    let Some((l, svg_bytes)) = last else { return };
    let columns = l.layers.iter().copied().max().unwrap_or(0) + 1;
    println!(
        "{name:<28} {:>6} nodes {:>6} edges  layout {:>8.2} ms   svg {:>7.2} ms ({:>5} KB)   {} columns, {} crossings",
        g.nodes.len(),
        g.edges.len(),
        median(layout_ms),
        median(svg_ms),
        svg_bytes / 1024,
        columns,
        l.crossings
    );
}

fn main() {
    println!(
        "branch map layout, median of runs ({} build)",
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    let lib = Library::embedded();
    if let Some(s) = lib.scenarios.iter().max_by_key(|s| s.scenario.nodes.len()) {
        bench(
            &format!("shipped: {}", s.scenario.id),
            &MapGraph::from_scenario(&s.scenario),
            31,
        );
    }
    for (nodes, runs) in [(1_000, 15), (5_000, 5)] {
        let s = synthetic::scenario(nodes, 1);
        bench(
            &format!("generated: {nodes}"),
            &MapGraph::from_scenario(&s),
            runs,
        );
    }
}
