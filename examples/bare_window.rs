//! A bare eframe window, measured the same way as deskaudit for comparison (see
//! `scripts/bench_startup.sh`). With `DESKAUDIT_FIRST_FRAME_PROBE` set it prints the time to its
//! first frame and to its first frame at the window's size, then closes.

struct Bare {
    probe: Option<std::time::Instant>,
    reported_first: bool,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.label("A bare eframe window");
        });
        if let Some(t0) = self.probe {
            let sized = deskaudit::app::window_sized(ui.ctx());
            for line in deskaudit::app::probe_line(t0, &mut self.reported_first, sized) {
                println!("{line}");
            }
            if sized {
                self.probe = None;
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
            }
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
        Box::new(move |_cc| {
            Ok(Box::new(Bare {
                probe,
                reported_first: false,
            }))
        }),
    )
}
