//! A bare eframe window, measured the same way as deskaudit for comparison (see
//! `scripts/bench_startup.sh`). With `DESKAUDIT_FIRST_FRAME_PROBE` set it prints the time to its
//! first frame and closes.

struct Bare {
    probe: Option<std::time::Instant>,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label("A bare eframe window");
        });
        if let Some(t0) = self.probe.take() {
            println!(
                "first frame after {:.1} ms",
                t0.elapsed().as_secs_f64() * 1e3
            );
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

fn main() -> eframe::Result {
    let started = std::time::Instant::now();
    let probe = std::env::var_os("DESKAUDIT_FIRST_FRAME_PROBE").map(|_| started);
    eframe::run_native(
        "bare",
        eframe::NativeOptions {
            viewport: egui::ViewportBuilder::default().with_inner_size([1400.0, 900.0]),
            ..Default::default()
        },
        Box::new(move |_cc| Ok(Box::new(Bare { probe }))),
    )
}
