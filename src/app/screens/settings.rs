//! Settings: text size, colours, default feedback, where data lives.

use crate::app::markdown;
use crate::app::theme::{BODY, SMALL, MAX_TEXT_WIDTH, band_colour, is_dark, muted};
use crate::app::{Command, DeskauditApp, Screen};
use crate::app::settings::{Settings, Theme};
use crate::session::FeedbackMode;
use std::path::Path;
use egui::{RichText, Ui};

/// The settings screen.
pub fn settings(settings: &Settings, data_dir: &Path, ui: &mut Ui, out: &mut Vec<Command>) {
    ui.heading("Settings");
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(format!("Text size: {:.0}%", settings.zoom * 100.0));
        if ui.button("Smaller").clicked() {
            out.push(Command::ZoomOut);
        }
        if ui.button("Bigger").clicked() {
            out.push(Command::ZoomIn);
        }
        if ui.button("Reset").clicked() {
            out.push(Command::ZoomReset);
        }
        ui.label(RichText::new("(Ctrl + / Ctrl − / Ctrl 0)").color(muted(ui)));
    });
    ui.add_space(6.0);
    ui.label("Colours");
    ui.horizontal(|ui| {
        for t in [Theme::Light, Theme::Dark, Theme::HighContrast] {
            if ui.radio(settings.theme == t, t.label()).clicked() {
                out.push(Command::SetTheme(t));
            }
        }
    });
    ui.add_space(6.0);
    ui.label("Feedback in new self-study sessions");
    ui.horizontal(|ui| {
        for (m, label) in [
            (FeedbackMode::Immediate, "After each decision"),
            (FeedbackMode::AtEnd, "Only in the debrief"),
        ] {
            if ui
                .radio(settings.default_feedback == m, label)
                .clicked()
            {
                out.push(Command::SetDefaultFeedback(m));
            }
        }
    });
    ui.add_space(10.0);
    ui.label(format!("Data folder: {}", data_dir.display()));
    ui.label(RichText::new("Sessions, settings and your own scenarios (in its scenarios folder) are kept here. Change it with --data-dir or DESKAUDIT_DATA.").color(muted(ui)));
}
