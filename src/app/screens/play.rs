//! Self-study play: the story, the evidence and the choices.

use crate::app::command::CHOICE_KEYS_TEXT;
use crate::app::markdown;
use crate::app::theme::{BODY, MAX_TEXT_WIDTH, band_colour, is_dark, muted};
use crate::app::widgets;
use crate::app::{Command, DeskauditApp, Screen};
use crate::scenario::Band;
use crate::session::NodeView;
use egui::{RichText, Ui};

/// The play screen: where the session is, the story, and the choices or the feedback.
pub fn play(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(open) = &app.open else {
        out.push(Command::Show(Screen::Library));
        return;
    };
    let Some(loaded) = app.library.get(&open.session.state().started.scenario_id) else {
        ui.label("This session's scenario is no longer available.");
        return;
    };
    let view = match open.session.view(&loaded.scenario) {
        Ok(v) => v,
        Err(e) => {
            ui.label(e.to_string());
            return;
        }
    };
    let longest = app
        .analyses
        .get(&loaded.scenario.id.0)
        .map(|a| a.longest_decisions)
        .unwrap_or(0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(&open.session.state().started.scenario_title).color(muted(ui)));
        ui.label(
            RichText::new(if view.ending.is_some() {
                format!("· Ending reached after {} decisions", view.decisions_taken)
            } else {
                format!(
                    "· Decision {} (at most {longest} in this scenario)",
                    view.decisions_taken + 1
                )
            })
            .color(muted(ui)),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Leave (resume later)").clicked() {
                out.push(Command::Show(Screen::Library));
            }
            if view.decisions_taken > 0 {
                widgets::command_button(ui, Command::Undo, out);
            }
        });
    });
    ui.add(
        egui::ProgressBar::new(if longest == 0 {
            1.0
        } else {
            view.decisions_taken as f32 / longest as f32
        })
        .desired_height(6.0),
    );
    ui.add_space(10.0);

    if let Some((choice, feedback)) = &open.pending_feedback {
        egui::Frame::group(ui.style())
            .inner_margin(egui::Margin::same(16))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new("You decided").color(muted(ui)));
                ui.label(RichText::new(choice).size(19.0).strong());
                ui.add_space(6.0);
                markdown::show(ui, feedback, BODY + 1.0);
                let go_on = Command::Continue;
                let text = RichText::new(go_on.with_key(&go_on.label())).strong();
                widgets::button(ui, text, go_on, out);
            });
        return;
    }

    // On a wide window the choices sit beside the story, so they are visible without scrolling.
    let wide = ui.available_width() >= 1100.0;
    let selected = open.selected;
    if wide {
        let story_width = (ui.available_width() * 0.58).min(MAX_TEXT_WIDTH);
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(story_width);
                story(ui, &view);
            });
            ui.add_space(24.0);
            ui.vertical(|ui| {
                ui.set_width(ui.available_width());
                decision_panel(ui, &view, selected, out);
            });
        });
    } else {
        story(ui, &view);
        ui.add_space(12.0);
        decision_panel(ui, &view, selected, out);
    }
}

/// The narrative, what happened meanwhile, and the evidence.
fn story(ui: &mut Ui, view: &NodeView) {
    ui.label(RichText::new(&view.title).size(26.0).strong());
    ui.add_space(4.0);
    markdown::show(ui, &view.text, BODY + 2.0);
    for d in &view.developments {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new("Meanwhile")
                    .strong()
                    .color(band_colour(Band::Developing, is_dark(ui))),
            );
            markdown::show(ui, d, BODY + 1.0);
        });
    }
    for (kind, title, body) in &view.evidence {
        egui::CollapsingHeader::new(RichText::new(format!("{kind:?}: {title}")).strong())
            .default_open(true)
            .show(ui, |ui| {
                egui::Frame::new()
                    .fill(ui.visuals().extreme_bg_color)
                    .inner_margin(egui::Margin::same(12))
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        markdown::show(ui, body, BODY);
                    });
            });
    }
}

/// The choices (or, at an ending, the outcome and the way to the debrief).
fn decision_panel(ui: &mut Ui, view: &NodeView, selected: Option<usize>, out: &mut Vec<Command>) {
    if let Some((rating, outcome)) = &view.ending {
        egui::Frame::group(ui.style())
            .inner_margin(egui::Margin::same(16))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(format!("Ending — rated {}", rating.label())).strong());
                markdown::show(ui, outcome, BODY + 1.0);
            });
        ui.add_space(10.0);
        let finish = Command::Finish;
        let text = RichText::new(finish.with_key(&finish.label()))
            .strong()
            .size(19.0);
        widgets::button(ui, text, finish, out);
        return;
    }
    ui.label(
        RichText::new("What does the council do?")
            .size(21.0)
            .strong(),
    );
    ui.label(
        RichText::new(format!(
            "Pick with the mouse or the keys {CHOICE_KEYS_TEXT}, then confirm ({}).",
            Command::Confirm.shortcut_text().unwrap_or_default()
        ))
        .color(muted(ui)),
    );
    ui.add_space(4.0);
    for c in &view.choices {
        let is_selected = selected == Some(c.index);
        let text = format!("{}.  {}", c.number, markdown::plain(&c.text));
        let visuals = ui.visuals();
        let (fill, stroke) = if is_selected {
            (
                visuals.selection.bg_fill,
                egui::Stroke::new(2.5, visuals.strong_text_color()),
            )
        } else {
            (
                visuals.extreme_bg_color,
                egui::Stroke::new(1.5, visuals.widgets.inactive.fg_stroke.color),
            )
        };
        let button = egui::Button::selectable(is_selected, RichText::new(text).size(BODY + 1.0))
            .fill(fill)
            .stroke(stroke)
            .min_size(egui::vec2(ui.available_width(), 48.0))
            .wrap();
        widgets::sends(ui.add(button), Command::Select(c.index), out);
    }
    ui.add_space(8.0);
    let confirm = Command::Confirm;
    let text = RichText::new(confirm.with_key(&confirm.label()))
        .strong()
        .size(19.0);
    let r = ui.add_enabled(selected.is_some(), egui::Button::new(text));
    widgets::sends(r, confirm, out);
}
