//! History: the learner's 4P profile, and every saved session.
//!
//! Both read what was computed once per change of the records ([`ProfileSummary`], the
//! record index's [`RecordInfo`]s); the session list draws only the rows in view
//! (`ScrollArea::show_rows`), so 10,000 sessions cost what a screenful does.

use crate::app::state::ProfileSummary;
use crate::app::theme::{band_colour, is_dark, muted};
use crate::app::widgets;
use crate::app::{Command, DeskauditApp};
use crate::scenario::{Band, Pillar};
use crate::session::Mode;
use egui::{RichText, Ui};

/// The heading and the learner's own 4P profile across self-study sessions.
pub fn profile(summary: &ProfileSummary, loading: bool, ui: &mut Ui) {
    ui.heading("History and progress");
    if loading {
        ui.label(RichText::new("Reading the saved sessions…").color(muted(ui)));
        return;
    }
    if summary.scenarios == 0 {
        ui.label("Finish a scenario on your own to see your 4P profile here.");
    } else {
        ui.label(format!(
            "Your 4P profile across {} completed (latest attempt of each):",
            crate::session::verdict::count(summary.scenarios, "scenario", "scenarios")
        ));
        egui::Grid::new("profile")
            .striped(true)
            .spacing(egui::vec2(24.0, 6.0))
            .show(ui, |ui| {
                for p in Pillar::ALL {
                    ui.label(p.name());
                    ui.label(match summary.pillars[p.index()] {
                        None => "not tested".into(),
                        Some((mean, 1)) => format!("{mean:.0} (one scenario)"),
                        Some((mean, n)) => format!("{mean:.0} (average of {n} scenarios)"),
                    });
                    ui.end_row();
                }
            });
    }
}

/// Every saved session, to resume, open or delete; and records that could not be read.
pub fn sessions(app: &DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let records = app.records.records();
    ui.add_space(12.0);
    ui.label(
        RichText::new(format!("Sessions ({})", records.len()))
            .size(21.0)
            .strong(),
    );
    if records.is_empty() && !app.records.is_loading() {
        ui.label("No sessions yet.");
    }
    // One line a session, so the rows are all one height and only those in view are drawn.
    let row_height = ui
        .spacing()
        .interact_size
        .y
        .max(ui.text_style_height(&egui::TextStyle::Body))
        + 4.0;
    let dark = is_dark(ui);
    let weak = muted(ui);
    egui::ScrollArea::vertical()
        .id_salt("history-sessions")
        .max_height(row_height * 14.0)
        // Tall enough from the first frame (a scroll area otherwise starts small and grows).
        .min_scrolled_height(
            (row_height + ui.spacing().item_spacing.y) * records.len().min(14) as f32,
        )
        .auto_shrink([false, true])
        .show_rows(ui, row_height, records.len(), |ui, range| {
            for r in &records[range] {
                ui.horizontal(|ui| {
                    ui.set_min_height(row_height);
                    if r.finished {
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
                    if r.finished {
                        if let (Some(i), Some(b)) = (r.index(), r.band()) {
                            ui.label(
                                RichText::new(format!("{i:.0} {}", b.label()))
                                    .strong()
                                    .color(band_colour(b, dark)),
                            );
                        }
                    } else {
                        ui.label(format!("unfinished · {} decisions", r.decisions));
                    }
                    ui.label(RichText::new(&*r.scenario_title).strong());
                    ui.label(
                        RichText::new(crate::session::time::local_display(r.started_at))
                            .color(weak),
                    );
                    let mut what = Vec::new();
                    if !r.participant.is_empty() {
                        what.push(r.participant.to_string());
                    }
                    if r.mode == Mode::Facilitated {
                        what.push(format!("facilitated: {}", r.title));
                        if !r.venue().is_empty() {
                            what.push(r.venue().to_owned());
                        }
                        what.push(r.voting().to_owned());
                    }
                    if !what.is_empty() {
                        ui.add(egui::Label::new(format!("· {}", what.join(", "))).truncate());
                    }
                });
            }
        });
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
