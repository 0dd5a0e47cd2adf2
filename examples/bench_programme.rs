//! Benchmark: the programme with 10,000 records and a 60-name roster — listing the records
//! (replaying every one, building the record index, and opening with a current index),
//! computing the programme (what the programme view does once per change), rendering the
//! six-month review report (HTML, Markdown and both CSVs), the whole `deskaudit programme`
//! path, headless frame times of History and the programme view, and importing 1,000
//! exported records into a data folder.
//!
//! Run with `cargo run --release --example bench_programme [-- DIR]`. Records are generated
//! by playing the shipped scenarios through the real engine (a mix of facilitated evenings
//! with attendance and recommendations, and named self-study) and written with the same
//! atomic replace the app uses. With DIR the generated data folder is kept there, so the app
//! or the CLI can be tried on it; a second argument sets the number of records (default
//! 10,000), e.g. `-- /tmp/demo 60` for a small folder to look at.

use deskaudit::programme::roster::{Role, Roster};
use deskaudit::programme::{self, Filter};
use deskaudit::report::programme::{ReviewFormat, render};
use deskaudit::scenario::{Library, Pillar};
use deskaudit::session::{
    Attendee, ChoiceInput, Date, Mode, Progress, Recommendation, Session, SessionConfig,
};
use deskaudit::store::Store;
use deskaudit::store::transfer::{export_text, import_files};
use std::time::Instant;

fn play(lib: &Library, scenario: &str, config: SessionConfig, pick: usize) -> Session {
    let s = &lib.get(scenario).expect("shipped").scenario;
    let mut session = Session::start(s, "h", config, None);
    let mut k = pick;
    while !session.at_ending() {
        let offered = session.offered(s).expect("offered");
        let choice = offered[k % offered.len()].index;
        k = k.wrapping_mul(31).wrapping_add(7);
        session
            .choose(
                s,
                ChoiceInput {
                    choice,
                    ..ChoiceInput::default()
                },
            )
            .expect("choice");
    }
    session.finish().expect("at an ending");
    session
}

/// One headless frame of the app at 1600×1000: layout plus tessellation, no GPU.
fn frame(ctx: &egui::Context, app: &mut deskaudit::app::DeskauditApp, scroll: f32) {
    let mut input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1600.0, 1000.0),
        )),
        ..Default::default()
    };
    if scroll != 0.0 {
        input
            .events
            .push(egui::Event::PointerMoved(egui::pos2(700.0, 700.0)));
        input.events.push(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, scroll),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
        });
    }
    let out = ctx.run_ui(input, |ui| app.show(ui));
    let _ = ctx.tessellate(out.shapes, out.pixels_per_point);
}

/// Median and 95th percentile of 100 frames of History (the programme view is part of it),
/// still and while scrolling.
fn frames(dir: &std::path::Path) {
    use deskaudit::app::{Command, DeskauditApp, Screen};
    let t = Instant::now();
    let mut app = DeskauditApp::new(dir.to_owned(), Library::embedded());
    println!(
        "  app start with {} records (index read off the UI thread): {:.0} ms",
        app.records_len(),
        ms(t)
    );
    let ctx = egui::Context::default();
    app.handle(Command::Show(Screen::History));
    for (what, scroll) in [("still", 0.0), ("scrolling", -120.0)] {
        for _ in 0..5 {
            frame(&ctx, &mut app, scroll);
        }
        let mut times = Vec::new();
        for _ in 0..100 {
            let t = Instant::now();
            frame(&ctx, &mut app, scroll);
            times.push(ms(t));
        }
        times.sort_by(f64::total_cmp);
        println!(
            "  History + programme view, {what}: median {:.2} ms, 95th percentile {:.2} ms per frame",
            times[50], times[95]
        );
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

fn main() {
    let keep = std::env::args().nth(1).map(std::path::PathBuf::from);
    let total: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let base = std::env::temp_dir().join(format!("deskaudit-bench-prog-{}", std::process::id()));
    let dir = keep.clone().unwrap_or_else(|| base.join("data"));
    let _ = std::fs::remove_dir_all(&dir);
    let lib = Library::embedded();
    let ids: Vec<String> = lib
        .scenarios
        .iter()
        .filter(|s| s.scenario.id.0 != "example" && s.scenario.nodes.len() > 3)
        .map(|s| s.scenario.id.0.clone())
        .collect();

    // A roster of 45 members and 15 officers.
    let mut roster = Roster::new();
    for i in 0..60 {
        let role = if i < 45 { Role::Member } else { Role::Officer };
        roster
            .add(
                &format!("Person {i:02} Surname"),
                role,
                &format!("Ward {}", i % 12),
            )
            .expect("unique");
    }
    roster.save(&dir).expect("roster saved");
    let people: Vec<(String, String)> = roster
        .people
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect();

    // 10,000 records: every tenth an evening, the rest self-study.
    let t = Instant::now();
    let store = Store::new(&dir);
    let start = Date::parse_iso("2024-01-01").expect("date");
    for n in 0..total {
        let scenario = &ids[n % ids.len()];
        // Spread over about three years whatever the number of records.
        let date = start
            .add_days((n * 1000 / total.max(1)) as i64)
            .expect("date");
        let session = if n % 10 == 0 {
            let mut s = play(
                &lib,
                scenario,
                SessionConfig {
                    mode: Mode::Facilitated,
                    seed: n as u64,
                    title: format!("Evening {n}"),
                    date: date.to_string(),
                    ..SessionConfig::default()
                },
                n,
            );
            let attendees = (0..20)
                .map(|k| {
                    let (id, name) = &people[(n + k * 3) % people.len()];
                    Attendee {
                        person: id.clone(),
                        name: name.clone(),
                    }
                })
                .collect();
            s.record_attendance(attendees).expect("attendance");
            for k in 0..3 {
                s.recommend(Recommendation::due_on(
                    Pillar::ALL[k % 4],
                    format!("Recommendation {k} of evening {n}"),
                    "Head of Service",
                    date.add_days(90 + 30 * k as i64).expect("date"),
                ))
                .expect("recommend");
            }
            s.review_recommendation(0, Progress::InProgress, "Under way")
                .expect("review");
            s
        } else {
            play(
                &lib,
                scenario,
                SessionConfig {
                    seed: n as u64,
                    participant: people[n % people.len()].1.clone(),
                    ..SessionConfig::default()
                },
                n,
            )
        };
        store
            .save(&format!("r{n:05}-{:06x}", n * 7919 % 0xff_ffff), &session)
            .expect("saved");
    }
    println!(
        "generated {total} records ({} evenings with 20 attendees and 3 recommendations each) and a 60-name roster in {:.1} s",
        total.div_ceil(10),
        t.elapsed().as_secs_f64()
    );

    // Listing: every record replayed (no index), the index built, and opened from it.
    let t = Instant::now();
    let (full, bad) = store.list();
    let load_ms = ms(t);
    assert!(bad.is_empty());
    let _ = std::fs::remove_file(deskaudit::store::index::index_path(&dir));
    let t = Instant::now();
    let cache = deskaudit::store::cache::RecordCache::open(&dir);
    let build_ms = ms(t);
    cache.flush();
    drop(cache);
    let index_bytes = std::fs::metadata(deskaudit::store::index::index_path(&dir))
        .map(|m| m.len())
        .unwrap_or(0);
    let t = Instant::now();
    let cache = deskaudit::store::cache::RecordCache::open(&dir);
    let open_ms = ms(t);
    assert_eq!(cache.index_problem(), None);
    let records = cache.records().to_vec();
    assert_eq!(records.len(), total);
    let t = Instant::now();
    let today = Date::parse_iso("2026-11-30").expect("date");
    let p = programme::compute(&records, &roster, &Filter::default(), today, &|_| None);
    let compute_ms = ms(t);
    let mut render_ms = Vec::new();
    for f in [
        ReviewFormat::Html,
        ReviewFormat::Markdown,
        ReviewFormat::RecommendationsCsv,
        ReviewFormat::AttendanceCsv,
    ] {
        let t = Instant::now();
        let text = render(&p, f);
        render_ms.push((f, ms(t), text.len()));
    }
    println!(
        "programme: {} evenings, {} recommendations; {}",
        p.sessions.len(),
        p.recommendations.len(),
        p.coverage.headline(Role::Member)
    );
    println!("  list + replay {total} records (no index): {load_ms:8.1} ms");
    println!("  open with no index (read all, write index): {build_ms:8.1} ms");
    println!(
        "  open with a current index ({} KiB, one file + one folder listing): {open_ms:8.1} ms",
        index_bytes / 1024
    );
    println!("  compute the programme (once per change): {compute_ms:6.1} ms");
    for (f, t, len) in &render_ms {
        println!("  render {f:?}: {t:8.1} ms ({len} bytes)");
    }
    let filtered = Filter {
        from: Date::parse_iso("2025-06-01").ok(),
        to: Date::parse_iso("2025-11-30").ok(),
        ..Filter::default()
    };
    let t = Instant::now();
    let six = programme::compute(&records, &roster, &filtered, today, &|_| None);
    let html = render(&six, ReviewFormat::Html);
    println!(
        "  six-month review (compute + HTML, {} evenings): {:.1} ms, {} bytes",
        six.sessions.len(),
        ms(t),
        html.len()
    );
    let t = Instant::now();
    let mut out = Vec::new();
    let code = deskaudit::cli_programme::programme(
        Some("2025-06-01"),
        Some("2025-11-30"),
        &[],
        "html",
        None,
        &dir,
        &mut out,
        &mut std::io::sink(),
    );
    assert_eq!(code, 0);
    println!(
        "  `deskaudit programme --from 2025-06-01 --to 2025-11-30 --format html` in-process: {:.1} ms",
        ms(t)
    );

    // Importing 1,000 exported records into another data folder.
    let export_dir = base.join("exports");
    let _ = std::fs::create_dir_all(&export_dir);
    let files: Vec<std::path::PathBuf> = full
        .iter()
        .take(1000)
        .map(|r| {
            let f = export_dir.join(format!("{}.ron", r.id));
            std::fs::write(&f, export_text(&r.id, &r.session).expect("text")).expect("written");
            f
        })
        .collect();
    let other = Store::new(&base.join("office"));
    let t = Instant::now();
    let report = import_files(&other, &files);
    println!(
        "  import 1,000 records: {:.0} ms ({})",
        ms(t),
        report.summary()
    );
    let t = Instant::now();
    let again = import_files(&other, &files);
    println!(
        "  import the same 1,000 again (all recognised): {:.0} ms ({})",
        ms(t),
        again.summary()
    );
    let t = Instant::now();
    let mut office = deskaudit::store::cache::RecordCache::open(&base.join("office"));
    println!(
        "  list the imported folder afterwards (index built from 1,000 records): {:.0} ms",
        ms(t)
    );
    assert_eq!(office.refresh().changed.len(), 0);
    drop(office);

    frames(&dir);

    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&base);
    } else {
        let _ = std::fs::remove_dir_all(base.join("exports"));
        let _ = std::fs::remove_dir_all(base.join("office"));
    }
}
