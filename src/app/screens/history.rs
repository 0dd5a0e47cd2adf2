//! History: the learner's 4P profile, and every saved session.

use crate::app::theme::{band_colour, is_dark, muted};
use crate::app::widgets;
use crate::app::{Command, DeskauditApp};
use crate::scenario::{Band, Pillar};
use crate::session::Mode;
use crate::store::RecordSummary;
use egui::{RichText, Ui};

/// The heading and the learner's own 4P profile across self-study sessions.
pub fn profile(records: &[RecordSummary], ui: &mut Ui) {
    ui.heading("History and progress");
    // The learner's own progress: self-study sessions (facilitated ones have their own section).
    let finished: Vec<_> = records
        .iter()
        .filter(|r| r.session.state().finished && r.session.config().mode == Mode::SelfStudy)
        .collect();
    // The learner's 4P profile: the latest finished session of each scenario.
    let mut latest: std::collections::BTreeMap<String, crate::session::Score> = Default::default();
    for r in finished.iter().rev() {
        latest.insert(
            r.session.state().started.scenario_id.clone(),
            r.session.score(),
        );
    }
    if latest.is_empty() {
        ui.label("Finish a scenario on your own to see your 4P profile here.");
    } else {
        ui.label(format!(
            "Your 4P profile across {} scenario(s) completed (latest attempt of each):",
            latest.len()
        ));
        egui::Grid::new("profile")
            .striped(true)
            .spacing(egui::vec2(24.0, 6.0))
            .show(ui, |ui| {
                for p in Pillar::ALL {
                    let vals: Vec<f64> = latest.values().filter_map(|s| s.pillar(p)).collect();
                    ui.label(p.name());
                    ui.label(if vals.is_empty() {
                        "not tested".into()
                    } else {
                        format!(
                            "{:.0} (average of {})",
                            vals.iter().sum::<f64>() / vals.len() as f64,
                            vals.len()
                        )
                    });
                    ui.end_row();
                }
            });
    }
}

/// Every saved session, to resume, open or delete; and records that could not be read.
pub fn sessions(app: &DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    ui.add_space(12.0);
    ui.label(RichText::new("Sessions").size(21.0).strong());
    if app.records.records().is_empty() {
        ui.label("No sessions yet.");
    }
    for r in app.records.records() {
        let st = r.session.state();
        let score = r.session.score();
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&st.started.scenario_title).strong());
                ui.label(
                    RichText::new(crate::session::time::local_display(st.started.started_at))
                        .color(muted(ui)),
                );
                if !st.started.config.participant.is_empty() {
                    ui.label(format!("· {}", st.started.config.participant));
                }
                let cfg = &st.started.config;
                if cfg.mode == Mode::Facilitated {
                    let mut what = vec![format!("facilitated: {}", r.session.display_title())];
                    let who = r.session.participants();
                    if !who.venue.is_empty() {
                        what.push(who.venue.clone());
                    }
                    what.push(who.voting());
                    ui.label(format!("· {}", what.join(", ")));
                }
                if st.finished {
                    if let (Some(i), Some(b)) = (score.index, score.band()) {
                        ui.label(
                            RichText::new(format!("{i:.0} {}", b.label()))
                                .strong()
                                .color(band_colour(b, is_dark(ui))),
                        );
                    }
                } else {
                    ui.label(format!("unfinished · {} decisions", st.path.len()));
                }
            });
            ui.horizontal(|ui| {
                if st.finished {
                    widgets::command_button(ui, Command::OpenDebrief(r.id.clone()), out);
                } else {
                    widgets::command_button(ui, Command::Resume(r.id.clone()), out);
                }
                let confirming = app.confirm_delete.as_deref() == Some(r.id.as_str());
                if ui
                    .button(if confirming {
                        "Really delete?"
                    } else {
                        "Delete"
                    })
                    .clicked()
                {
                    out.push(Command::Delete(r.id.clone()));
                }
            });
        });
    }
    if !app.unreadable.is_empty() {
        ui.add_space(12.0);
        ui.label(
            RichText::new("Records that could not be read (left untouched)")
                .strong()
                .color(band_colour(Band::Vulnerable, is_dark(ui))),
        );
        for u in &app.unreadable {
            ui.label(format!("{}: {}", u.path.display(), u.reason));
        }
    }
}
