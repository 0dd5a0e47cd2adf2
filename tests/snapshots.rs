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
    // Replace the session with one of a fixed seed.
    let lib = &app.library.get("cash-buyer").unwrap().scenario;
    let config = deskaudit::session::SessionConfig {
        seed: 7,
        shuffle: true,
        ..Default::default()
    };
    let analysis = deskaudit::scenario::analyse(lib).unwrap();
    let session = deskaudit::session::Session::start(lib, "h", config, Some(&analysis));
    app.open.as_mut().unwrap().session = session;
    h.run();
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
