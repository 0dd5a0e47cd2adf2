//! Benchmark: the branch map's layout (and SVG) for generated scenarios of 1,000 and 5,000
//! nodes and for the largest shipped scenario; the Author screen's frame time with those maps,
//! fitted and while panning; and how long a save in a watched folder takes to reach the app.
//!
//! Run with `cargo run --release --example bench_map`. Each size is generated once (see
//! `deskaudit::map::synthetic`: uneven layers, edges that skip layers, branches), then laid
//! out several times; the median is reported. Targets: layout 200 ms for 1,000 nodes, 16 ms a
//! frame while panning it, a save visible within 0.5 s for a 1,000-line scenario.

use deskaudit::app::{AuthorEntry, Command, DeskauditApp};
use deskaudit::map::{LayoutParams, MapGraph, layout, synthetic, to_svg};
use deskaudit::scenario::{Library, LoadedScenario, Source};
use deskaudit::watch::{FolderWatcher, Reloaded};
use std::time::{Duration, Instant};

/// The window the frames are drawn for.
const WINDOW: egui::Vec2 = egui::vec2(1600.0, 1000.0);

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

/// One headless frame of the app: layout and tessellation, as `bench_frames` times them.
fn frame(ctx: &egui::Context, app: &mut DeskauditApp) -> f64 {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, WINDOW)),
        ..Default::default()
    };
    let t = Instant::now();
    let mut out = ctx.run_ui(input, |ui| app.show(ui));
    // Nothing uploads the font atlas here (no GPU): the texture changes are dropped.
    out.textures_delta.clear();
    let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
    t.elapsed().as_secs_f64() * 1e3
}

fn percentiles(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    (ms[ms.len() / 2], ms[ms.len() * 95 / 100])
}

/// The Author screen with a generated map: the whole map fitted, then panning across it at
/// reading size (a new view every frame), where only what is on screen is drawn.
fn frames(nodes: usize) {
    let data = std::env::temp_dir().join(format!("deskaudit-bench-map-{}", std::process::id()));
    let mut library = Library::default();
    let s = synthetic::scenario(nodes, 1);
    let id = s.id.0.clone();
    library.scenarios.push(LoadedScenario {
        scenario: s,
        source: Source::CommandLine,
        file: "generated".into(),
        content_hash: String::new(),
        warnings: Vec::new(),
        content: None,
    });
    let mut app = DeskauditApp::new(data.clone(), library);
    let ctx = egui::Context::default();
    app.handle(Command::OpenMap(AuthorEntry::BuiltIn(id)));
    let first = frame(&ctx, &mut app);
    // A map this size opens at reading size from its start; "Fit to window" shows all of it.
    app.handle(Command::FitMap);
    let fitted = percentiles((0..30).map(|_| frame(&ctx, &mut app)).collect());
    let (w, h) = app
        .author
        .view
        .as_ref()
        .map(|v| (v.layout.width, v.layout.height))
        .unwrap_or_default();
    let view = egui::vec2(1000.0, 900.0);
    let panning = percentiles(
        (0..200)
            .map(|k| {
                if let Some(v) = &mut app.author.view {
                    // Diagonally across the whole map, at zoom 1 (the map's own size).
                    let t = k as f32 / 200.0;
                    let min =
                        egui::pos2(t * (w - view.x).max(0.0), (1.0 - t) * (h - view.y).max(0.0));
                    v.scene_rect = egui::Rect::from_min_size(min, view);
                }
                frame(&ctx, &mut app)
            })
            .collect(),
    );
    println!(
        "author screen, {nodes:>5} nodes: first frame (with layout) {first:>8.2} ms   whole map {:>7.2} ms (95th {:>7.2})   panning {:>6.2} ms (95th {:>6.2})",
        fitted.0, fitted.1, panning.0, panning.1
    );
    let _ = std::fs::remove_dir_all(&data);
}

/// From the end of a save in a watched folder to the re-checked scenario being ready for the
/// app, for a shipped scenario of over 1,000 lines.
fn reload_latency() {
    let dir = std::env::temp_dir().join(format!("deskaudit-bench-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    if std::fs::create_dir_all(&dir).is_err() {
        println!("reload: cannot make {}", dir.display());
        return;
    }
    let text = include_str!("../scenarios/anonymous-tip.ron");
    let file = dir.join("big.ron");
    let Ok(watcher) = FolderWatcher::start(&dir, Source::UserFolder, || {}) else {
        println!("reload: cannot watch {}", dir.display());
        return;
    };
    let mut ms = Vec::new();
    for k in 0..10 {
        // A different title each time, as an author's edit would be.
        let edited = text.replacen("title: \"", &format!("title: \"Edit {k}: "), 1);
        let t = Instant::now();
        if std::fs::write(&file, &edited).is_err() {
            break;
        }
        loop {
            match watcher.wait(Duration::from_secs(5)) {
                Some(u) if matches!(&u.result, Reloaded::Loaded(s) if s.scenario.title.starts_with(&format!("Edit {k}:"))) =>
                {
                    ms.push(t.elapsed().as_secs_f64() * 1e3);
                    break;
                }
                Some(_) => continue,
                None => break,
            }
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    if ms.is_empty() {
        println!("reload: no update arrived");
    } else {
        let n = ms.len();
        let (median, _) = percentiles(ms.clone());
        let worst = ms.iter().copied().fold(0.0, f64::max);
        println!(
            "reload of a {}-line scenario after a save: median {median:.0} ms, slowest {worst:.0} ms ({n} saves; {} ms of it is the debounce)",
            text.lines().count(),
            deskaudit::watch::DEBOUNCE.as_millis()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
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
    for nodes in [1_000, 5_000] {
        frames(nodes);
    }
    reload_latency();
}
