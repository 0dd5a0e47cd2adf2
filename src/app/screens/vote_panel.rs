//! Entering votes (or hands), the room's decision, and recording it.

use crate::app::Command;
use crate::app::facilitation::Facilitation;
use crate::app::markdown;
use crate::app::theme::{BODY, band_colour};
use crate::app::widgets::{self, heading};
use crate::scenario::Band;
use crate::session::{NodeView, Session};
use egui::{RichText, Ui};

/// Entering votes, the room's decision, and recording it.
pub fn vote_panel(
    ui: &mut Ui,
    f: &mut Facilitation,
    view: &NodeView,
    tables: &[String],
    out: &mut Vec<Command>,
    dark: bool,
) {
    let muted = ui.visuals().weak_text_color();
    heading(ui, "The choices");
    for c in &view.choices {
        ui.label(format!("{}.  {}", c.number, markdown::plain(&c.text)));
    }
    if tables.is_empty() {
        heading(ui, "Hands for each choice (whole room)");
        egui::Grid::new("hands")
            .spacing(egui::vec2(16.0, 6.0))
            .show(ui, |ui| {
                for c in &view.choices {
                    let before = f.counts.get(&c.index).copied().unwrap_or(0);
                    let mut hands = before;
                    let label = ui.label(format!("Hands for {}", c.number));
                    ui.add(egui::DragValue::new(&mut hands).range(0..=1000).speed(0.2))
                        .labelled_by(label.id);
                    if hands != before {
                        out.push(Command::SetHands(c.index, hands));
                    }
                    ui.end_row();
                }
            });
    } else {
        heading(ui, "Each table's vote (one click per table)");
        // Tables sit in rows across the column (name, then a numbered button per choice), so a
        // whole room's votes fit on the screen at once.
        let cell_w = 124.0 + view.choices.len() as f32 * 52.0;
        let per_row = (ui.available_width() / cell_w).floor().clamp(1.0, 4.0) as usize;
        egui::Grid::new("votes")
            .striped(true)
            .spacing(egui::vec2(8.0, 8.0))
            .show(ui, |ui| {
                for row in tables.chunks(per_row) {
                    for (k, t) in row.iter().enumerate() {
                        if k > 0 {
                            // A gap column between tables (add_space is not allowed in a grid).
                            ui.allocate_exact_size(egui::vec2(12.0, 1.0), egui::Sense::hover());
                        }
                        ui.add_sized(
                            [104.0, 36.0],
                            egui::Label::new(RichText::new(t).strong()).truncate(),
                        )
                        .on_hover_text(t);
                        for c in &view.choices {
                            let on = f.votes.get(t) == Some(&c.index);
                            let r = ui.add(
                                egui::Button::new(
                                    RichText::new(c.number.to_string())
                                        .size(BODY + 1.0)
                                        .strong(),
                                )
                                .selected(on)
                                .min_size(egui::vec2(42.0, 36.0)),
                            );
                            let vote = Command::Vote(t.clone(), c.index);
                            let name = format!("{} {}", vote.label(), c.number);
                            r.widget_info(|| {
                                egui::WidgetInfo::selected(egui::Role::Button, true, on, &name)
                            });
                            widgets::sends(r, vote, out);
                        }
                    }
                    ui.end_row();
                }
            });
        let waiting: Vec<&str> = tables
            .iter()
            .filter(|t| !f.votes.contains_key(*t))
            .map(String::as_str)
            .collect();
        if !waiting.is_empty() {
            ui.label(RichText::new(format!("Not voted yet: {}", waiting.join(", "))).color(muted));
        }
    }
    let votes = f.tally();
    let majority = Session::majority(&votes);
    let counted = Session::tally(&votes);
    let number_of = |index: usize| {
        view.choices
            .iter()
            .find(|c| c.index == index)
            .map(|c| c.number)
            .unwrap_or(0)
    };
    let tally: Vec<String> = view
        .choices
        .iter()
        .filter_map(|c| {
            let n = counted.get(&c.index)?;
            Some(format!("{}: {n}", c.number))
        })
        .collect();
    ui.label(match majority {
        Some(m) => format!("Majority: choice {} ({})", number_of(m), tally.join(" · ")),
        None if tally.is_empty() => "No votes yet.".to_owned(),
        None => format!("No single majority ({})", tally.join(" · ")),
    });

    heading(ui, "The room's decision");
    let chosen = f.chosen();
    ui.horizontal_wrapped(|ui| {
        for c in &view.choices {
            let on = chosen == Some(c.index);
            let r = ui.add(
                egui::Button::new(RichText::new(format!("Choice {}", c.number)).size(BODY))
                    .selected(on)
                    .min_size(egui::vec2(96.0, 36.0)),
            );
            widgets::sends(r, Command::SetRoomChoice(c.index), out);
        }
    });
    let overriding = matches!((majority, chosen), (Some(m), Some(c)) if m != c);
    if overriding {
        ui.label(
            RichText::new("This differs from the majority: say why (it goes in the report).")
                .color(band_colour(Band::Developing, dark)),
        );
        let l = ui.label("Reason for overriding the majority");
        ui.add(egui::TextEdit::singleline(&mut f.override_reason).desired_width(f32::INFINITY))
            .labelled_by(l.id);
    }
    let l = ui.label("Rationale (why the room chose it; optional)");
    ui.add(
        egui::TextEdit::multiline(&mut f.rationale)
            .desired_rows(2)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id);
    let ready = chosen.is_some() && (!overriding || !f.override_reason.trim().is_empty());
    let record = Command::RecordDecision;
    let label = match chosen {
        Some(c) => record.with_key(&format!("{}: choice {}", record.label(), number_of(c))),
        None => record.label(),
    };
    let r = ui.add_enabled(
        ready,
        egui::Button::new(RichText::new(label).strong().size(BODY + 1.0)),
    );
    widgets::sends(r, record, out);
}
