//! Pieces more than one screen draws: headings, P chips, the observations box and the strip
//! that controls the projector.

use super::Command;
use super::command::{RECORD_FROM_BOX, RECORD_FROM_LINE};
use super::facilitation::{Facilitation, OnProjector};
use super::theme::muted;
use egui::{Response, RichText, Ui, WidgetText};

/// Attaches the command's tooltip (what it does, and its key) to `response`, and sends the
/// command when it was clicked.
pub fn sends(response: Response, command: Command, out: &mut Vec<Command>) -> Response {
    let response = match command.tooltip() {
        Some(tip) => response.on_hover_text(tip),
        None => response,
    };
    if response.clicked() {
        out.push(command);
    }
    response
}

/// A button saying `text` that sends `command`.
pub fn button(
    ui: &mut Ui,
    text: impl Into<WidgetText>,
    command: Command,
    out: &mut Vec<Command>,
) -> Response {
    let response = ui.button(text);
    sends(response, command, out)
}

/// A button with the command's own label that sends it.
pub fn command_button(ui: &mut Ui, command: Command, out: &mut Vec<Command>) -> Response {
    let response = ui.button(command.label());
    sends(response, command, out)
}

/// Whether the user asked to record what was typed in this text field: Enter in a single-line
/// field, Ctrl+Enter in a multi-line one (where Enter starts a new line), the same everywhere.
pub fn submitted(ui: &Ui, response: &Response, multiline: bool) -> bool {
    if multiline {
        response.has_focus() && ui.input(|i| RECORD_FROM_BOX.pressed(i))
    } else {
        response.lost_focus() && ui.input(|i| RECORD_FROM_LINE.pressed(i))
    }
}

/// Says beside a form's button which keys record from its fields: Ctrl+Enter from a box,
/// and Enter from a single-line field when the form has one (`has_line`).
pub fn record_keys_hint(ui: &mut Ui, has_line: bool) {
    let text = if has_line {
        format!(
            "or {} in a one-line field, {} in the box",
            RECORD_FROM_LINE.text, RECORD_FROM_BOX.text
        )
    } else {
        format!("or {} in the box", RECORD_FROM_BOX.text)
    };
    ui.label(RichText::new(text).color(muted(ui)));
}

/// A section heading inside a screen.
pub fn heading(ui: &mut Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(text).size(19.0).strong());
}

/// The facilitator's observations so far, and the box to add one.
pub fn observations(
    ui: &mut Ui,
    notes: &[String],
    draft: &mut String,
    size: f32,
    out: &mut Vec<Command>,
) {
    heading(ui, "Observations");
    for n in notes {
        ui.label(RichText::new(format!("•  {n}")).size(size));
    }
    let l = ui.label("Observation");
    let field = ui
        .add(
            egui::TextEdit::multiline(draft)
                .hint_text("What you noticed: where the room hesitated, what it did not know")
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    let add = Command::AddObservation;
    if submitted(ui, &field, true) && !draft.trim().is_empty() {
        out.push(add.clone());
    }
    ui.horizontal_wrapped(|ui| {
        command_button(ui, add, out);
        record_keys_hint(ui, false);
    });
}

/// "On the projector": what the room sees now, and buttons to change it.
pub fn projector_strip(
    ui: &mut Ui,
    f: &Facilitation,
    injects: usize,
    decisions: usize,
    evidence: bool,
    debrief: bool,
    out: &mut Vec<Command>,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("On the projector:").strong());
        let now = if f.paused {
            "holding screen (paused)".to_owned()
        } else {
            match f.on_projector {
                OnProjector::Situation => "the situation".to_owned(),
                OnProjector::Evidence => "the evidence".to_owned(),
                OnProjector::Decision if f.revealed => "the decision and its consequence".into(),
                OnProjector::Decision => "the decision".into(),
                OnProjector::Inject(i) => format!("inject {}", i + 1),
                OnProjector::Results => "the results".into(),
                OnProjector::Review(i) => format!("decision {} with its model answer", i + 1),
            }
        };
        ui.label(now);
        ui.separator();
        if !f.projector_open {
            command_button(ui, Command::OpenProjector, out);
            return;
        }
        let project = Command::Project;
        button(
            ui,
            "Show the situation",
            project(OnProjector::Situation),
            out,
        );
        if evidence && !debrief {
            button(ui, "Evidence", project(OnProjector::Evidence), out);
        }
        if decisions > 0 && !debrief {
            button(ui, "Last decision", project(OnProjector::Decision), out);
        }
        if injects > 0 && !debrief {
            let last = project(OnProjector::Inject(injects - 1));
            button(ui, format!("Inject {injects}"), last, out);
        }
        if !debrief {
            let mut on = f.show_evidence;
            let command = Command::SetEvidenceWithSituation(!on);
            let r = ui.checkbox(&mut on, command.label());
            sends(r, command, out);
        }
        let moved = f.link.lock().map(|s| s.evidence_moved).unwrap_or(false);
        if !debrief && evidence && f.show_evidence && moved {
            ui.label(
                RichText::new(
                    "The evidence is too long to read beside the situation at the projector's \
                     size, so it has its own page: press Evidence to show it.",
                )
                .color(muted(ui)),
            );
        }
        command_button(ui, Command::ProjectorFullScreen, out);
    });
}

/// Closest two tick labels may be on a chart's x axis (points) before they are left out.
const X_LABEL_SPACING: f32 = 60.0;
/// Closest two tick labels may be on a chart's 0–100 axis (points) before they are left out.
const Y_LABEL_SPACING: f32 = 24.0;

/// A fixed chart of scores from 0 to 100 (the debrief's 4Ps, the programme over time) whose
/// axis labels can be read. egui_plot fades a tick label in as its neighbours move away, and a
/// half-faded label fails WCAG AA contrast: here each label is drawn in full text colour or
/// not at all, and the score axis has a labelled line every 20 and a faint one every 10.
pub fn score_chart<'a>(id: &str) -> egui_plot::Plot<'a> {
    let axis = |hints: egui_plot::AxisHints<'a>, spacing: f32| {
        vec![hints.label_spacing(egui::Rangef::new(spacing, spacing))]
    };
    egui_plot::Plot::new(id)
        .custom_x_axes(axis(egui_plot::AxisHints::new_x(), X_LABEL_SPACING))
        .custom_y_axes(axis(egui_plot::AxisHints::new_y(), Y_LABEL_SPACING))
        .y_grid_spacer(egui_plot::uniform_grid_spacer(|_| [10.0, 20.0, 100.0]))
        .include_y(0.0)
        .include_y(100.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
}
