//! A bare eframe window, measured the same way as deskaudit for comparison (see
//! `scripts/bench_startup.sh`). With `DESKAUDIT_FIRST_FRAME_PROBE` set it prints the time to its
//! first frame and to its first frame at the window's size, then closes.

use deskaudit::app::FirstFrameProbe;

struct Bare {
    probe: Option<FirstFrameProbe>,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label("A bare eframe window");
        });
        if let Some(probe) = &mut self.probe {
            probe.frame(ui.ctx());
        }
    }
}

fn main() -> eframe::Result {
    let started = std::time::Instant::now();
    let probe =
        std::env::var_os("DESKAUDIT_FIRST_FRAME_PROBE").map(|_| FirstFrameProbe::new(started));
    eframe::run_native(
        "bare",
        eframe::NativeOptions {
            viewport: egui::ViewportBuilder::default().with_inner_size([1400.0, 900.0]),
            ..Default::default()
        },
        Box::new(move |_cc| Ok(Box::new(Bare { probe }))),
    )
}
