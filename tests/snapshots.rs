//! PNG snapshots of the library, play and debrief screens, rendered on a CPU adapter.
//! Run with `cargo test --features snapshots --test snapshots`; to accept a changed look,
//! `UPDATE_SNAPSHOTS=1 cargo test --features snapshots --test snapshots` and review the PNGs
//! in `tests/snapshots/`.
#![cfg(feature = "snapshots")]

use deskaudit::app::{Command, DeskauditApp, Screen};
use deskaudit::scenario::Library;
use egui_kittest::Harness;

fn harness(name: &str) -> Harness<'static, DeskauditApp> {
    let dir = std::env::temp_dir().join(format!("deskaudit-snap-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    Harness::builder()
        .with_size([1400.0, 900.0])
        .build_ui_state(
            |ui, app: &mut DeskauditApp| app.show(ui),
            DeskauditApp::new(dir, Library::embedded()),
        )
}

/// Starts the cash-buyer scenario with a fixed seed so the snapshot is the same every run.
fn start_fixed(h: &mut Harness<'static, DeskauditApp>) {
    let app = h.state_mut();
    app.handle(Command::Prepare("cash-buyer".into()));
    app.handle(Command::Begin);
    let config = deskaudit::session::SessionConfig {
        seed: 7,
        shuffle: true,
        ..Default::default()
    };
    replace_session(app, "cash-buyer", config);
    h.run();
}

/// Replaces the open session with one of a fixed setup (and so a fixed seed).
fn replace_session(app: &mut DeskauditApp, id: &str, config: deskaudit::session::SessionConfig) {
    let loaded = app.library.get(id).unwrap();
    let lib = &loaded.scenario;
    let analysis = deskaudit::scenario::analyse(lib).unwrap();
    let session =
        deskaudit::session::Session::start(lib, &loaded.content_hash, config, Some(&analysis));
    app.open.as_mut().unwrap().session = session;
}

#[test]
fn library_screen() {
    let mut h = harness("library");
    h.run();
    h.snapshot("library");
}

#[test]
fn play_screen() {
    let mut h = harness("play");
    start_fixed(&mut h);
    assert_eq!(h.state().screen, Screen::Play);
    h.snapshot("play");
}

#[test]
fn debrief_screen() {
    let mut h = harness("debrief");
    start_fixed(&mut h);
    for _ in 0..20 {
        let app = h.state_mut();
        let open = app.open.as_ref().unwrap();
        if open.session.at_ending() {
            break;
        }
        let s = &app.library.get("cash-buyer").unwrap().scenario;
        let first = open.session.offered(s).unwrap()[0].index;
        app.handle(Command::Select(first));
        app.handle(Command::Confirm);
        app.handle(Command::Continue);
    }
    h.state_mut().handle(Command::Finish);
    h.run();
    assert_eq!(h.state().screen, Screen::Debrief);
    h.snapshot("debrief");
}

/// A facilitated session of the taxi scenario with a fixed seed and five tables, on the console.
fn facilitated_fixed(h: &mut Harness<'static, DeskauditApp>) {
    let app = h.state_mut();
    app.start.mode = deskaudit::session::Mode::Facilitated;
    app.handle(Command::Prepare("taxi-refused-elsewhere".into()));
    app.handle(Command::Begin);
    let config = deskaudit::session::SessionConfig {
        mode: deskaudit::session::Mode::Facilitated,
        tables: ["Ward 1", "Ward 2", "Ward 3", "Cabinet", "Officers"]
            .map(String::from)
            .to_vec(),
        title: "Member Training evening".into(),
        seed: 7,
        shuffle: true,
        ..Default::default()
    };
    replace_session(app, "taxi-refused-elsewhere", config);
    h.run();
    assert_eq!(h.state().screen, Screen::Console);
}

#[test]
fn console_screen() {
    let mut h = harness("console");
    facilitated_fixed(&mut h);
    // Close the projector so only the console is in the picture (it has its own snapshots).
    h.state_mut()
        .open
        .as_mut()
        .unwrap()
        .facilitation
        .as_mut()
        .unwrap()
        .projector_open = false;
    for t in ["Ward 1", "Ward 2", "Cabinet"] {
        h.state_mut().handle(Command::Vote(t.into(), 0));
    }
    h.run();
    h.snapshot("console");
}

/// What the projector shows, drawn alone at a projector's resolution.
fn projector_snapshot(name: &str, size: [f32; 2]) {
    let mut h = harness(name);
    facilitated_fixed(&mut h);
    let show = h.state().projector_show().expect("a projector is open");
    let mut p = Harness::builder().with_size(size).build_ui(move |ui| {
        egui::CentralPanel::default().show(ui, |ui| deskaudit::app::projector::draw(ui, &show));
    });
    p.run();
    p.snapshot(name);
}

#[test]
fn projector_at_720p() {
    projector_snapshot("projector-720p", [1280.0, 720.0]);
}

#[test]
fn projector_at_1080p() {
    projector_snapshot("projector-1080p", [1920.0, 1080.0]);
}
