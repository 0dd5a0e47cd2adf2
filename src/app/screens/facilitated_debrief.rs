//! The group debrief's own parts: projector controls, tables compared, the improvement plan.

use crate::app::facilitation::OnProjector;
use crate::app::theme::{BODY, band_colour};
use crate::app::widgets::{self, heading, observations, projector_strip};
use crate::app::{Command, DeskauditApp};
use crate::scenario::Pillar;
use crate::session::score_text;
use egui::{RichText, Ui};

/// The debrief's projector controls: reveal the results, then review decisions.
pub fn projector(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(open) = &mut app.open else { return };
    let decisions = open.session.state().path.len();
    let Some(f) = &mut open.facilitation else {
        return;
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        projector_strip(ui, f, 0, decisions, false, true, out);
        ui.horizontal_wrapped(|ui| {
            let text = RichText::new("Reveal the results on the projector").strong();
            widgets::button(ui, text, Command::Project(OnProjector::Results), out);
            ui.label("Then walk the room through its decisions: each one below can be shown with its model answer.");
        });
    });
}

/// Each table's score beside the room's.
pub fn tables(app: &DeskauditApp, ui: &mut Ui) {
    let dark = ui.visuals().dark_mode;
    let Some(open) = &app.open else { return };
    let session = &open.session;
    let st = session.state();

    let tables = session.table_scores();
    if !tables.is_empty() {
        heading(ui, "Tables compared");
        let agreed = session.table_agreement();
        egui::Grid::new("tables-compared")
            .striped(true)
            .spacing(egui::vec2(22.0, 6.0))
            .show(ui, |ui| {
                for h in [
                    "Table",
                    "Index",
                    "Band",
                    "Pursue",
                    "Prevent",
                    "Protect",
                    "Prepare",
                    "Agreed with the room",
                ] {
                    ui.label(RichText::new(h).strong());
                }
                ui.end_row();
                for ((t, s), (_, agreed)) in tables.iter().zip(agreed) {
                    ui.label(t);
                    // A bare number means nothing to a screen reader: the cell names its table.
                    let index = score_text(s.index);
                    let name = format!("{t}: index {index}");
                    ui.label(&index)
                        .widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &name));
                    match s.band() {
                        Some(b) => ui.label(
                            RichText::new(b.label())
                                .strong()
                                .color(band_colour(b, dark)),
                        ),
                        None => ui.label("—"),
                    };
                    for p in Pillar::ALL {
                        ui.label(score_text(s.pillar(p)));
                    }
                    ui.label(format!("{agreed} of {} decisions", st.path.len()));
                    ui.end_row();
                }
            });
    }
}

/// The facilitator's observations and the room's recommendations: the improvement plan.
pub fn plan(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(open) = &mut app.open else { return };
    let st = open.session.state();
    let Some(f) = &mut open.facilitation else {
        return;
    };
    observations(ui, &st.notes, &mut f.observation, BODY, out);

    heading(ui, "The room's recommendations to the committee");
    if st.recommendations.is_empty() {
        ui.label("None yet. Agree them with the room and record each one here: they are the improvement plan in the report.");
    } else {
        for (i, r) in st.recommendations.iter().enumerate() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{}. {}", i + 1, r.p.name())).strong());
                    let mut who = Vec::new();
                    if !r.owner.is_empty() {
                        who.push(format!("owner: {}", r.owner));
                    }
                    if !r.due.is_empty() {
                        who.push(format!("due: {}", r.due));
                    }
                    if !who.is_empty() {
                        ui.label(
                            RichText::new(who.join(" · ")).color(ui.visuals().weak_text_color()),
                        );
                    }
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let remove = Command::RemoveRecommendation(i);
                        let b = ui.button(remove.label());
                        let name = format!("Remove recommendation {}", i + 1);
                        b.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                        });
                        widgets::sends(b, remove, out);
                    });
                });
                ui.label(&r.text);
            });
        }
    }
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            ui.label("Strengthens");
            for p in Pillar::ALL {
                ui.radio_value(&mut f.rec_p, p, p.name());
            }
        });
        let l = ui.label("Recommendation");
        ui.add(
            egui::TextEdit::multiline(&mut f.rec_text)
                .hint_text("What the council should do")
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("Owner");
            ui.add(
                egui::TextEdit::singleline(&mut f.rec_owner)
                    .hint_text("e.g. Head of Licensing")
                    .desired_width(260.0),
            )
            .labelled_by(l.id);
            let l = ui.label("Due");
            ui.add(
                egui::TextEdit::singleline(&mut f.rec_due)
                    .hint_text("e.g. March 2027")
                    .desired_width(160.0),
            )
            .labelled_by(l.id);
        });
        let add = Command::AddRecommendation;
        let r = ui.add_enabled(
            !f.rec_text.trim().is_empty(),
            egui::Button::new(RichText::new(add.label()).strong()),
        );
        widgets::sends(r, add, out);
    });
}
