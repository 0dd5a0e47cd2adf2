//! Pieces more than one screen draws: headings, P chips, the observations box and the strip
//! that controls the projector.

use super::Command;
use super::facilitation::{Facilitation, OnProjector};
use super::theme::{SMALL, muted};
use crate::scenario::Pillar;
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

/// A section heading inside a screen.
pub fn heading(ui: &mut Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(text).size(19.0).strong());
}

/// The four Ps, those `pillars` covers in bold and the rest struck through.
pub fn pillar_chips(ui: &mut Ui, pillars: &[Pillar]) {
    for p in Pillar::ALL {
        let on = pillars.contains(&p);
        let text = RichText::new(p.name()).size(SMALL);
        ui.label(if on {
            text.strong()
        } else {
            text.color(muted(ui)).strikethrough()
        });
    }
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
    ui.add(
        egui::TextEdit::multiline(draft)
            .hint_text("What you noticed: where the room hesitated, what it did not know")
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    command_button(ui, Command::AddObservation, out);
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
        command_button(ui, Command::ProjectorFullScreen, out);
    });
}
