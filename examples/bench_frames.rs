//! Benchmark: headless frame time per screen with the largest shipped scenario.
//!
//! Run with `cargo run --release --example bench_frames`. Each frame is a full egui pass of
//! the app at 1600×1000 (layout) plus tessellation into triangles, without a GPU.

use deskaudit::app::{AuthorEntry, Command, DeskauditApp, Screen};
use deskaudit::scenario::Library;
use std::time::Instant;

fn frame(ctx: &egui::Context, app: &mut DeskauditApp) {
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 1000.0),
        )),
        ..Default::default()
    };
    let mut out = ctx.run_ui(input, |ui| app.show(ui));
    // Nothing uploads the font atlas here (no GPU): the texture changes are dropped.
    out.textures_delta.clear();
    let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
}

fn time_screen(name: &str, ctx: &egui::Context, app: &mut DeskauditApp) {
    for _ in 0..5 {
        frame(ctx, app);
    }
    let mut ms = Vec::new();
    for _ in 0..100 {
        let t = Instant::now();
        frame(ctx, app);
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "{name:<12} median {:>6.2} ms   95th percentile {:>6.2} ms",
        ms[50], ms[95]
    );
}

fn main() {
    let data = std::env::temp_dir().join(format!("deskaudit-frames-{}", std::process::id()));
    let library = Library::embedded();
    // The largest scenario by the amount of text in it.
    let largest = library
        .scenarios
        .iter()
        .max_by_key(|s| {
            s.scenario
                .nodes
                .iter()
                .map(|n| n.text.len() + n.evidence.iter().map(|e| e.body.len()).sum::<usize>())
                .sum::<usize>()
        })
        .map(|s| s.scenario.id.0.clone())
        .expect("scenarios are shipped");
    let mut app = DeskauditApp::new(data.clone(), library);
    let ctx = egui::Context::default();
    println!("headless frame time at 1600×1000, largest scenario: {largest}");
    time_screen("library", &ctx, &mut app);
    app.handle(Command::Prepare(largest.clone()));
    app.handle(Command::Begin);
    assert_eq!(app.screen, Screen::Play);
    time_screen("play", &ctx, &mut app);
    // Play to the end, taking the first choice offered each time.
    for _ in 0..200 {
        let Some(open) = &app.open else { break };
        if open.session.at_ending() {
            break;
        }
        let s = &app.library.get(&largest).expect("loaded").scenario;
        let first = open.session.offered(s).expect("offered")[0].index;
        app.handle(Command::Select(first));
        app.handle(Command::Confirm);
        app.handle(Command::Continue);
    }
    app.handle(Command::Finish);
    assert_eq!(app.screen, Screen::Debrief);
    time_screen("debrief", &ctx, &mut app);
    app.handle(Command::Show(Screen::History));
    time_screen("history", &ctx, &mut app);
    app.handle(Command::Show(Screen::Settings));
    time_screen("settings", &ctx, &mut app);
    // The Author screen: the largest shipped scenario's map, fitted to the window.
    let most_nodes = app
        .library
        .scenarios
        .iter()
        .max_by_key(|s| s.scenario.nodes.len())
        .map(|s| s.scenario.id.0.clone())
        .expect("scenarios are shipped");
    println!("author: the shipped scenario with the most nodes, {most_nodes}");
    app.handle(Command::OpenMap(AuthorEntry::BuiltIn(most_nodes)));
    time_screen("author map", &ctx, &mut app);
    // With the start node's content open beside the map.
    app.handle(Command::SelectMapNode(0));
    time_screen("author node", &ctx, &mut app);
    // The generated 1,000- and 5,000-node maps, and panning them: `bench_map`.
    let _ = std::fs::remove_dir_all(&data);
}
