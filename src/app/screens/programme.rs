//! The facilitator's view across facilitated sessions: the 4P profile over time, the
//! checkpoints missed most often, and every recommendation with where it stands at review.

use crate::app::Command;
use crate::app::theme::band_colour;
use crate::app::widgets;
use crate::scenario::Pillar;
use crate::session::{Mode, Progress, Session, Status, score_text};
use crate::store::RecordSummary;
use egui::{RichText, Ui};
use std::collections::BTreeMap;

/// A checkpoint as missed across sessions.
#[derive(Clone, Debug, PartialEq)]
pub struct Missed {
    /// The scenario's title.
    pub scenario: String,
    /// The checkpoint's P.
    pub p: Pillar,
    /// The checkpoint's title.
    pub title: String,
    /// Sessions in which it was missed (or required and never reached).
    pub missed: usize,
    /// Sessions in which it was tested at all.
    pub tested: usize,
}

/// Finished facilitated sessions, oldest first.
pub fn facilitated(records: &[RecordSummary]) -> Vec<&RecordSummary> {
    let mut out: Vec<&RecordSummary> = records
        .iter()
        .filter(|r| {
            let st = r.session.state();
            st.finished && st.started.config.mode == Mode::Facilitated
        })
        .collect();
    // By when they were run (the record's start time; the id breaks ties).
    out.sort_by(|a, b| {
        let key = |r: &RecordSummary| (r.session.state().started.started_at, r.id.clone());
        key(a).cmp(&key(b))
    });
    out
}

/// Checkpoints by how often they were missed, most first (then by how often tested, then by
/// name, so the order is stable).
pub fn most_missed(sessions: &[&Session]) -> Vec<Missed> {
    let mut by: BTreeMap<(String, String), Missed> = BTreeMap::new();
    for s in sessions {
        let scenario = s.state().started.scenario_title.clone();
        for c in s.score().checkpoints {
            if c.status == Status::NotTested {
                continue;
            }
            let e = by
                .entry((scenario.clone(), c.checkpoint.id.0.clone()))
                .or_insert_with(|| Missed {
                    scenario: scenario.clone(),
                    p: c.checkpoint.p,
                    title: c.checkpoint.title.clone(),
                    missed: 0,
                    tested: 0,
                });
            e.tested += 1;
            if matches!(c.status, Status::Missed | Status::NotReached) {
                e.missed += 1;
            }
        }
    }
    let mut out: Vec<Missed> = by.into_values().filter(|m| m.missed > 0).collect();
    out.sort_by(|a, b| {
        b.missed
            .cmp(&a.missed)
            .then(b.tested.cmp(&a.tested))
            .then(a.title.cmp(&b.title))
    });
    out
}

fn when(s: &Session) -> String {
    let cfg = &s.config();
    if cfg.date.trim().is_empty() {
        crate::session::time::local_date(s.state().started.started_at)
    } else {
        cfg.date.clone()
    }
}

/// The programme section of History (shown when there are finished facilitated sessions).
pub fn programme(
    records: &[RecordSummary],
    review_drafts: &mut BTreeMap<(String, usize), String>,
    ui: &mut Ui,
    out: &mut Vec<Command>,
) {
    let dark = ui.visuals().dark_mode;
    let muted = ui.visuals().weak_text_color();
    let records = facilitated(records);
    if records.is_empty() {
        return;
    }
    ui.add_space(12.0);
    ui.label(
        RichText::new("Facilitated sessions: the programme")
            .size(21.0)
            .strong(),
    );
    ui.label(format!(
        "{} facilitated session(s) finished. The 4P profile over time, the checkpoints missed most often, and the recommendations to follow up at the six-month review.",
        records.len()
    ));

    ui.add_space(6.0);
    ui.label(RichText::new("4P profile over time").strong());
    egui::Grid::new("programme-profile")
        .striped(true)
        .spacing(egui::vec2(18.0, 6.0))
        .show(ui, |ui| {
            for h in [
                "Date", "Session", "Index", "Band", "Pursue", "Prevent", "Protect", "Prepare",
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for r in &records {
                let s = &r.session;
                let score = s.score();
                ui.label(when(s));
                ui.label(s.display_title());
                ui.label(score_text(score.index));
                match score.band() {
                    Some(b) => ui.label(RichText::new(b.label()).color(band_colour(b, dark))),
                    None => ui.label("—"),
                };
                for p in Pillar::ALL {
                    ui.label(score_text(score.pillar(p)));
                }
                ui.end_row();
            }
        });

    ui.add_space(6.0);
    ui.label(RichText::new("Checkpoints missed most often").strong());
    let sessions: Vec<&Session> = records.iter().map(|r| &r.session).collect();
    let missed = most_missed(&sessions);
    if missed.is_empty() {
        ui.label("No checkpoint was missed in these sessions.");
    }
    for m in missed.iter().take(8) {
        ui.label(format!(
            "{} · {} ({}): missed in {} of {} session(s) that tested it",
            m.p, m.title, m.scenario, m.missed, m.tested
        ));
    }

    ui.add_space(6.0);
    ui.label(RichText::new("Recommendations and where they stand").strong());
    let mut any = false;
    for r in &records {
        let st = r.session.state();
        for (i, rec) in st.recommendations.iter().enumerate() {
            any = true;
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                let name = format!(
                    "{} ({}), recommendation {}",
                    r.session.display_title(),
                    when(&r.session),
                    i + 1
                );
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{} · {}", rec.p, rec.text)).strong());
                });
                ui.label(
                    RichText::new(format!(
                        "{name} · owner: {} · due: {}",
                        if rec.owner.is_empty() {
                            "—"
                        } else {
                            &rec.owner
                        },
                        if rec.due.is_empty() { "—" } else { &rec.due }
                    ))
                    .color(muted),
                );
                if !rec.review.is_empty() {
                    ui.label(format!("Latest review: {}", rec.review));
                }
                ui.horizontal_wrapped(|ui| {
                    ui.label("Status:");
                    for p in Progress::ALL {
                        let on = rec.progress == p;
                        let b = ui.add(egui::Button::new(p.label()).selected(on));
                        let label = format!("{name}: {}", p.label());
                        b.widget_info(|| {
                            egui::WidgetInfo::selected(egui::Role::Button, true, on, &label)
                        });
                        if b.clicked() && !on {
                            out.push(Command::Review {
                                record: r.id.clone(),
                                index: i,
                                progress: p,
                                review: rec.review.clone(),
                            });
                        }
                    }
                });
                let key = (r.id.clone(), i);
                let draft = review_drafts.entry(key).or_default();
                ui.horizontal(|ui| {
                    let l = ui.label("Review note");
                    let field = ui
                        .add(
                            egui::TextEdit::singleline(draft)
                                .hint_text("e.g. June 2027: procedure adopted, training booked")
                                .desired_width(460.0),
                        )
                        .labelled_by(l.id);
                    // Enter saves from this one-line field, as everywhere.
                    let entered = widgets::submitted(ui, &field, false);
                    let save =
                        ui.add_enabled(!draft.trim().is_empty(), egui::Button::new("Save note"));
                    let label = format!("Save review note for {name}");
                    save.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::Button,
                            !draft.trim().is_empty(),
                            &label,
                        )
                    });
                    if save.clicked() || (entered && !draft.trim().is_empty()) {
                        out.push(Command::Review {
                            record: r.id.clone(),
                            index: i,
                            progress: rec.progress,
                            review: draft.trim().to_owned(),
                        });
                    }
                });
            });
        }
    }
    if !any {
        ui.label("No recommendations were recorded in these sessions.");
    }
}
