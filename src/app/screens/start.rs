//! Setting up a session: self-study, or facilitated for a room.

use crate::app::theme::{band_colour, is_dark, muted};
use crate::app::widgets;
use crate::app::{Command, DeskauditApp, Screen};
use crate::scenario::Band;
use crate::session::{FeedbackMode, Mode};
use egui::{RichText, Ui};

/// The start screen for a scenario: how it will be played, and who by.
pub fn start(app: &mut DeskauditApp, ui: &mut Ui, scenario: &str, out: &mut Vec<Command>) {
    let Some(loaded) = app.library.get(scenario) else {
        ui.label("This scenario is no longer available.");
        return;
    };
    let sc = loaded.scenario.clone();
    ui.heading(&sc.title);
    ui.label(RichText::new(format!("{} · about {} minutes", sc.area, sc.minutes)).color(muted(ui)));
    ui.add_space(6.0);
    ui.label(&sc.summary);
    if !sc.roles.is_empty() {
        ui.label(format!("You play: {}.", sc.roles.join("; ")));
    }
    ui.add_space(14.0);
    ui.label(RichText::new("How will it be played?").strong());
    ui.horizontal(|ui| {
        ui.radio_value(
            &mut app.start.mode,
            Mode::SelfStudy,
            "On my own (self-study)",
        );
        ui.radio_value(
            &mut app.start.mode,
            Mode::Facilitated,
            "Facilitated, for a room (console and projector)",
        );
    });
    ui.add_space(8.0);
    if app.start.mode == Mode::SelfStudy {
        ui.horizontal(|ui| {
            let l = ui.label("Your name (optional)");
            ui.add(
                egui::TextEdit::singleline(&mut app.start.name)
                    .hint_text("Leave blank to stay anonymous")
                    .desired_width(320.0),
            )
            .labelled_by(l.id);
        });
        ui.add_space(8.0);
        ui.label("When would you like feedback on your decisions?");
        ui.radio_value(
            &mut app.start.feedback,
            FeedbackMode::Immediate,
            "After each decision",
        );
        ui.radio_value(
            &mut app.start.feedback,
            FeedbackMode::AtEnd,
            "Only in the debrief at the end",
        );
    } else {
        egui::Grid::new("facilitated-form")
            .num_columns(2)
            .spacing(egui::vec2(16.0, 8.0))
            .show(ui, |ui| {
                for (label, value, hint) in [
                    (
                        "Session title",
                        &mut app.start.title,
                        "Shown on the projector and the report",
                    ),
                    ("Date", &mut app.start.date, "e.g. 2026-11-28"),
                    (
                        "Facilitator",
                        &mut app.start.facilitator,
                        "Who runs the session",
                    ),
                    ("Venue", &mut app.start.venue, "e.g. Council Chamber"),
                ] {
                    let l = ui.label(label);
                    ui.add(
                        egui::TextEdit::singleline(value)
                            .hint_text(hint)
                            .desired_width(420.0),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                }
            });
        ui.add_space(8.0);
        ui.label("Who votes?");
        ui.radio_value(
            &mut app.start.by_tables,
            true,
            "Each table votes (one click per table)",
        );
        ui.radio_value(
            &mut app.start.by_tables,
            false,
            "The whole room decides together (count hands)",
        );
        if app.start.by_tables {
            let l = ui.label("Table names, one per line");
            ui.add(
                egui::TextEdit::multiline(&mut app.start.tables)
                    .desired_rows(6)
                    .desired_width(320.0),
            )
            .labelled_by(l.id);
            match app.start.table_names() {
                Ok(names) => {
                    ui.label(RichText::new(format!("{} tables", names.len())).color(muted(ui)));
                }
                Err(problem) => {
                    ui.label(
                        RichText::new(problem).color(band_colour(Band::Vulnerable, is_dark(ui))),
                    );
                }
            }
        }
        ui.label(
            RichText::new(format!(
                "A second window opens for the projector: drag it to the projector's screen and press {} for full screen. It shows the room only the story, the evidence and the choices; your notes stay on this screen.",
                Command::ProjectorFullScreen.shortcut_text().unwrap_or_default()
            ))
            .color(muted(ui)),
        );
    }
    if let Some(problem) = &app.start.problem {
        ui.label(RichText::new(problem).color(band_colour(Band::Vulnerable, is_dark(ui))));
    }
    ui.add_space(14.0);
    ui.horizontal(|ui| {
        let label = if app.start.mode == Mode::Facilitated {
            "Start the session"
        } else {
            "Start the scenario"
        };
        widgets::button(ui, RichText::new(label).strong(), Command::Begin, out);
        if ui.button("Back to scenarios").clicked() {
            out.push(Command::Show(Screen::Library));
        }
    });
}
