//! Settings: text size, colours, default feedback, where data lives.

use crate::app::Command;
use crate::app::settings::{Settings, Theme};
use crate::app::theme::muted;
use crate::app::widgets;
use crate::session::FeedbackMode;
use egui::{RichText, Ui};
use std::path::Path;

/// The settings screen.
pub fn settings(settings: &Settings, data_dir: &Path, ui: &mut Ui, out: &mut Vec<Command>) {
    ui.heading("Settings");
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(format!("Text size: {:.0}%", settings.zoom * 100.0));
        for c in [Command::ZoomOut, Command::ZoomIn, Command::ZoomReset] {
            widgets::command_button(ui, c, out);
        }
        let keys: Vec<&str> = [Command::ZoomIn, Command::ZoomOut, Command::ZoomReset]
            .iter()
            .filter_map(Command::shortcut_text)
            .collect();
        ui.label(RichText::new(format!("({})", keys.join(" / "))).color(muted(ui)));
    });
    ui.add_space(6.0);
    ui.label("Colours");
    ui.horizontal(|ui| {
        for t in [Theme::Light, Theme::Dark, Theme::HighContrast] {
            let command = Command::SetTheme(t);
            let r = ui.radio(settings.theme == t, command.label());
            widgets::sends(r, command, out);
        }
    });
    ui.add_space(6.0);
    ui.label("Feedback in new self-study sessions");
    ui.horizontal(|ui| {
        for m in [FeedbackMode::Immediate, FeedbackMode::AtEnd] {
            let command = Command::SetDefaultFeedback(m);
            let r = ui.radio(settings.default_feedback == m, command.label());
            widgets::sends(r, command, out);
        }
    });
    ui.add_space(10.0);
    ui.label(format!("Data folder: {}", data_dir.display()));
    ui.label(RichText::new("Sessions, settings and your own scenarios (in its scenarios folder) are kept here. Change it with --data-dir or DESKAUDIT_DATA.").color(muted(ui)));
}
