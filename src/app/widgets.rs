//! Pieces more than one screen draws: headings, P chips, the observations box and the strip
//! that controls the projector.

use super::Command;
use super::facilitation::{Facilitation, OnProjector};
use super::theme::{SMALL, muted};
use crate::scenario::Pillar;
use egui::{RichText, Ui};

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
    if ui.button("Add observation").clicked() {
        out.push(Command::AddObservation);
    }
}

/// "On the projector": what the room sees now, and buttons to change it.
pub fn projector_strip(
    ui: &mut Ui,
    f: &mut Facilitation,
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
            if ui.button("Open the projector window").clicked() {
                out.push(Command::OpenProjector);
            }
            return;
        }
        if ui.button("Show the situation").clicked() {
            out.push(Command::Project(OnProjector::Situation));
        }
        if evidence && !debrief && ui.button("Evidence").clicked() {
            out.push(Command::Project(OnProjector::Evidence));
        }
        if decisions > 0 && !debrief && ui.button("Last decision").clicked() {
            out.push(Command::Project(OnProjector::Decision));
        }
        if injects > 0 && !debrief && ui.button(format!("Inject {injects}")).clicked() {
            out.push(Command::Project(OnProjector::Inject(injects - 1)));
        }
        if !debrief {
            ui.checkbox(&mut f.show_evidence, "evidence with the situation")
                .on_hover_text(
                    "Long evidence moves off the situation page by itself; show it with Evidence",
                );
        }
        if ui
            .button("Full screen")
            .on_hover_text("Or press F11 in the projector window; Esc leaves full screen")
            .clicked()
        {
            out.push(Command::ProjectorFullScreen);
        }
    });
}
