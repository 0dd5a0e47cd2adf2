//! The screens, one a file. Each draws from the state it is given and returns the commands
//! the user gave; screens never import each other: this module puts them together.

mod author;
mod console;
mod debrief;
mod facilitated_debrief;
mod history;
mod library;
mod play;
mod programme;
mod roster;
mod settings;
mod start;
mod vote_panel;

use super::theme::{MAX_TEXT_WIDTH, band_colour, is_dark, muted};
use super::widgets;
use super::{Command, DeskauditApp, Screen};
use crate::scenario::Band;
use egui::{RichText, Ui};

/// Draws the current screen and returns what the user asked for.
pub fn draw(app: &mut DeskauditApp, ui: &mut Ui) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Panel::top("top-bar").show(ui, |ui| {
        ui.add_space(6.0);
        top_bar(app, ui, &mut out);
        ui.add_space(6.0);
    });
    if let Some((id, info)) = app.takeover.clone() {
        egui::Panel::top("takeover").show(ui, |ui| {
            ui.label(
                RichText::new(format!("This session is {}.", info.describe()))
                    .strong()
                    .color(band_colour(Band::Developing, is_dark(ui))),
            );
            ui.label(if info.is_stale() {
                "That machine seems to have stopped (it crashed, or was shut down without closing the session). Take the session over only if nobody is using it there."
            } else {
                "Someone may still be using it there. Taking it over stops that machine saving any more changes to it."
            });
            ui.horizontal(|ui| {
                widgets::command_button(ui, Command::TakeOver(id.clone()), &mut out);
                widgets::command_button(ui, Command::LeaveLocked, &mut out);
            });
        });
    }
    if let Some(message) = app.banner.clone() {
        // Floats over the foot of the window: it never moves what is under the pointer.
        egui::Area::new(egui::Id::unique("banner"))
            .anchor(egui::Align2::CENTER_BOTTOM, egui::vec2(0.0, -16.0))
            .order(egui::Order::Foreground)
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style())
                    .inner_margin(egui::Margin::same(12))
                    .show(ui, |ui| {
                        ui.set_max_width((ui.ctx().content_rect().width() - 48.0).max(200.0));
                        ui.horizontal_wrapped(|ui| {
                            ui.label(
                                RichText::new("Note:")
                                    .strong()
                                    .color(band_colour(Band::Developing, is_dark(ui))),
                            );
                            ui.label(message);
                            widgets::command_button(ui, Command::DismissBanner, &mut out);
                        });
                    });
            });
    }
    if let Some(open) = &app.open
        && open.session.is_test()
        && matches!(app.screen, Screen::Play | Screen::Debrief)
    {
        egui::Panel::top("test-play").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(" TEST PLAY ")
                        .strong()
                        .color(egui::Color32::WHITE)
                        .background_color(band_colour(Band::Developing, false)),
                );
                ui.label("Started from the Author screen: nothing is saved to History.");
                widgets::button(
                    ui,
                    "Back to the map",
                    Command::Show(Screen::Author),
                    &mut out,
                );
            });
        });
    }
    if app.screen == Screen::Author {
        let user_dir = crate::scenario::load::user_scenarios_dir(&app.data_dir);
        author::author(&mut app.author, &app.live, &user_dir, ui, &mut out);
        return out;
    }
    let scroll_id = scroll_key(app);
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt(scroll_id)
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.add_space(12.0);
                // The console uses the whole laptop screen; reading screens keep a measure.
                let max = if app.screen == Screen::Console {
                    ui.available_width() - 24.0
                } else {
                    MAX_TEXT_WIDTH + 320.0
                };
                let width = ui.available_width().min(max);
                let margin = ((ui.available_width() - width) / 2.0).max(0.0);
                ui.horizontal(|ui| {
                    ui.add_space(margin);
                    ui.vertical(|ui| {
                        ui.set_max_width(width);
                        screen(app, ui, &mut out);
                    });
                });
                ui.add_space(24.0);
            });
    });
    out
}

/// The scroll area's identity: new on every visit to a screen and for every new situation
/// (or phase of one), so each starts at its top instead of where the last one was left.
fn scroll_key(app: &DeskauditApp) -> (u64, usize, u8) {
    let (decisions, phase) = match &app.open {
        Some(open) if matches!(app.screen, Screen::Play | Screen::Console) => {
            let phase = match &open.facilitation {
                Some(f) => u8::from(f.phase == super::facilitation::Phase::Decided),
                None => u8::from(open.pending_feedback.is_some()),
            };
            (open.session.state().path.len(), phase)
        }
        _ => (0, 0),
    };
    (app.screen_visit, decisions, phase)
}

/// The top bar's entries, in order: an added screen needs one line here.
fn top_bar_entries() -> Vec<Command> {
    vec![
        Command::Show(Screen::Library),
        Command::Show(Screen::History),
        Command::Show(Screen::Author),
        Command::Show(Screen::Settings),
    ]
}

/// The text-size buttons at the end of the top bar: (text, command).
const ZOOM_BUTTONS: [(&str, Command); 2] = [("A−", Command::ZoomOut), ("A+", Command::ZoomIn)];

/// The top bar: the name, the screens and the text size. When the window is too narrow for
/// all of it in one row (a small window, or large text) the subtitle goes first, then the
/// entries fold into a menu, so nothing is ever drawn off screen or on top of something else.
fn top_bar(app: &DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let entries = top_bar_entries();
    let title = RichText::new("deskaudit").size(22.0).strong();
    let subtitle = "Serious and organised crime: desktop audits";
    let spacing = ui.spacing().item_spacing.x;
    let padding = 2.0 * ui.spacing().button_padding.x;
    let width = |text: RichText, ui: &Ui| -> f32 {
        egui::WidgetText::from(text)
            .into_galley(
                ui,
                Some(egui::TextWrapMode::Extend),
                f32::INFINITY,
                egui::TextStyle::Button,
            )
            .size()
            .x
    };
    let entries_width: f32 = entries
        .iter()
        .map(|c| width(RichText::new(c.label()), ui) + padding + spacing)
        .sum::<f32>()
        + ZOOM_BUTTONS
            .iter()
            .map(|(t, _)| width(RichText::new(*t), ui) + padding + spacing)
            .sum::<f32>();
    let title_width = width(title.clone(), ui) + spacing;
    let subtitle_width = width(RichText::new(subtitle), ui) + spacing + 24.0;
    let available = ui.available_width();
    let entry = |ui: &mut Ui, command: &Command, out: &mut Vec<Command>| {
        let active = matches!(command, Command::Show(s) if *s == app.screen);
        let r = ui.selectable_label(active, command.label());
        widgets::sends(r, command.clone(), out);
    };
    ui.horizontal(|ui| {
        ui.label(title);
        if title_width + entries_width + 8.0 > available {
            // Narrow: everything in one menu.
            ui.menu_button("Menu", |ui| {
                for command in &entries {
                    entry(ui, command, out);
                }
                ui.separator();
                ui.horizontal(|ui| {
                    for (text, command) in ZOOM_BUTTONS {
                        widgets::button(ui, text, command, out);
                    }
                });
            });
            return;
        }
        if title_width + subtitle_width + entries_width + 8.0 <= available {
            ui.label(RichText::new(subtitle).color(muted(ui)));
            ui.add_space(24.0);
        }
        for command in &entries {
            entry(ui, command, out);
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for (text, command) in ZOOM_BUTTONS.into_iter().rev() {
                widgets::button(ui, text, command, out);
            }
        });
    });
}

/// The current screen's body.
fn screen(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    match app.screen.clone() {
        Screen::Library => library::library(
            &app.library,
            library::Filter {
                area: app.library_area.as_deref(),
                council: app.library_council,
            },
            app.records.records(),
            app.analysing(),
            app.first_frame(),
            ui,
            out,
        ),
        Screen::Start { scenario } => start::start(app, ui, &scenario, out),
        Screen::Play => play::play(app, ui, out),
        Screen::Console => console::console(app, ui, out, vote_panel::vote_panel),
        Screen::Debrief => {
            let Some(open) = &app.open else {
                out.push(Command::Show(Screen::Library));
                return;
            };
            let facilitated = open.facilitation.is_some();
            if facilitated {
                facilitated_debrief::projector(app, ui, out);
            }
            debrief::scores(app, ui, out);
            if facilitated {
                facilitated_debrief::tables(app, ui);
            }
            debrief::path(app, ui, out);
            if facilitated {
                programme::attendance_picker(app, ui, out);
                facilitated_debrief::plan(app, ui, out);
            }
            debrief::actions(ui, facilitated, out);
        }
        Screen::History => {
            history::profile(&app.history_profile, app.records.is_loading(), ui);
            programme::programme(app, ui, out);
            history::sessions(app, ui, out);
        }
        Screen::Settings => settings::settings(&app.settings, &app.data_dir, ui, out),
        Screen::Roster => roster::roster(
            &app.programme.roster,
            app.programme.roster_problem.as_deref(),
            &app.programme.roster_errors,
            &mut app.programme.roster_form,
            ui,
            out,
        ),
        // Drawn by `draw` itself: it takes the whole window, not a column.
        Screen::Author => {}
    }
}
