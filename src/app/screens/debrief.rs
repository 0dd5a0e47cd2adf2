//! The debrief: the index and band, the 4Ps, every checkpoint and every decision.

use crate::app::facilitation::OnProjector;
use crate::app::markdown;
use crate::app::theme::{BODY, SMALL, band_colour, is_dark, muted, status_colour};
use crate::app::widgets;
use crate::app::{Command, DeskauditApp, Screen};
use crate::report::Format;
use crate::scenario::{Band, Pillar};
use crate::session::score_text;
use egui::{Color32, RichText, Ui};

/// The index, the band and the 4Ps, with what was possible.
pub fn scores(app: &DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(open) = &app.open else {
        out.push(Command::Show(Screen::Library));
        return;
    };
    let st = open.session.state();
    let score = open.session.score();
    let dark = is_dark(ui);
    let facilitated = open.facilitation.is_some();
    ui.label(
        RichText::new(format!("Debrief: {}", open.session.display_title()))
            .size(28.0)
            .strong(),
    );
    // The record carries everything the debrief shows, so a session played on an earlier
    // version of its scenario still opens; say so, since the scenario now reads differently.
    if let Some(note) = changed_since(app, st) {
        ui.label(RichText::new(note).color(muted(ui)));
    }
    if facilitated {
        let cfg = &st.started.config;
        let mut meta: Vec<String> = Vec::new();
        if cfg.title.trim() != st.started.scenario_title && !cfg.title.trim().is_empty() {
            meta.push(st.started.scenario_title.clone());
        }
        let who = open.session.participants();
        meta.extend(
            [&who.date, &who.venue]
                .into_iter()
                .filter(|s| !s.is_empty())
                .cloned(),
        );
        if !who.facilitator.is_empty() {
            meta.push(format!("facilitated by {}", who.facilitator));
        }
        meta.push(who.voting());
        ui.label(RichText::new(meta.join(" · ")).color(muted(ui)));
    }
    if let Some((rating, outcome)) = &st.current.ending {
        ui.label(format!("Ending ({}): {outcome}", rating.label()));
    }
    ui.add_space(10.0);
    ui.horizontal(|ui| match (score.index, score.band()) {
        (Some(index), Some(band)) => {
            ui.label(
                RichText::new(format!("{index:.0}"))
                    .size(64.0)
                    .strong()
                    .color(band_colour(band, dark)),
            );
            ui.vertical(|ui| {
                ui.label(
                    RichText::new(format!(
                        "Resilience index {index:.0} out of 100: {}",
                        band.label()
                    ))
                    .color(muted(ui)),
                );
                ui.label(
                    RichText::new(band.label())
                        .size(30.0)
                        .strong()
                        .color(band_colour(band, dark)),
                );
                if let Some((worst, best)) = st.started.possible_index {
                    ui.label(format!(
                        "Possible in this scenario: {worst:.0} to {best:.0}"
                    ));
                }
            });
        }
        _ => {
            ui.label("No checkpoint was tested on this path.");
        }
    });
    // The index and the ending are two measures; say what each is, and why they differ.
    let note = open.session.score_note();
    ui.label(note.measures);
    if let Some(why) = note.why {
        ui.label(RichText::new(why).strong());
    }
    ui.add_space(10.0);
    ui.label(RichText::new("The 4Ps").size(21.0).strong());
    ui.horizontal(|ui| {
        let bars: Vec<egui_plot::Bar> = Pillar::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let v = score.pillar(*p).unwrap_or(0.0);
                let colour = score
                    .pillar(*p)
                    .map(Band::of)
                    .map(|b| band_colour(b, dark))
                    .unwrap_or(Color32::GRAY);
                egui_plot::Bar::new(i as f64, v)
                    .name(p.name())
                    .fill(colour)
                    .width(0.6)
            })
            .collect();
        ui.allocate_ui(egui::vec2(420.0, 260.0), |ui| {
            widgets::score_chart("four-p-chart")
                .height(250.0)
                .width(410.0)
                .x_axis_formatter(|mark, _| {
                    Pillar::ALL
                        .get(mark.value.round() as usize)
                        .filter(|_| (mark.value - mark.value.round()).abs() < 1e-6)
                        .map(|p| p.name().to_owned())
                        .unwrap_or_default()
                })
                .show(ui, |plot| {
                    plot.bar_chart(egui_plot::BarChart::new("4P scores", bars))
                });
        });
        ui.add_space(16.0);
        egui::Grid::new("four-p-table")
            .striped(true)
            .spacing(egui::vec2(24.0, 8.0))
            .show(ui, |ui| {
                ui.label(RichText::new("P").strong());
                ui.label(RichText::new("Score").strong());
                ui.label(RichText::new("Possible").strong());
                ui.end_row();
                for p in Pillar::ALL {
                    ui.label(p.name());
                    ui.label(score_text(score.pillar(p)));
                    ui.label(
                        st.started.possible_pillars[p.index()]
                            .map(|(w, b)| format!("{w:.0}–{b:.0}"))
                            .unwrap_or_else(|| "not tested".into()),
                    );
                    ui.end_row();
                }
            });
    });
}

/// Every checkpoint with what set it, and every decision with its model answer.
pub fn path(app: &DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(open) = &app.open else { return };
    let st = open.session.state();
    let score = open.session.score();
    let facilitated = open.facilitation.is_some();
    ui.add_space(12.0);
    ui.label(RichText::new("Checkpoints").size(21.0).strong());
    for c in &score.checkpoints {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let colour = status_colour(c.status, ui);
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(c.status.label()).strong().color(colour));
                ui.label(
                    RichText::new(format!("{} · {}", c.checkpoint.p, c.checkpoint.title)).strong(),
                );
            });
            if let Some(d) = c.decided_by.and_then(|i| st.path.get(i)) {
                ui.label(
                    RichText::new(format!(
                        "Set by {} decision: “{}”",
                        if facilitated { "the room's" } else { "your" },
                        d.choice_text
                    ))
                    .color(muted(ui)),
                );
            }
            if c.status.shows_lesson() {
                ui.label(RichText::new("What could have been put in place").italics());
                markdown::show(ui, &c.checkpoint.lesson, BODY);
            }
            if !c.checkpoint.references.is_empty() {
                ui.label(
                    RichText::new(format!(
                        "References: {}",
                        c.checkpoint.references.join("; ")
                    ))
                    .size(SMALL)
                    .color(muted(ui)),
                );
            }
        });
    }

    ui.add_space(12.0);
    ui.label(
        RichText::new(if facilitated {
            "The room's decisions"
        } else {
            "Your decisions"
        })
        .size(21.0)
        .strong(),
    );
    let alignment = open.session.alignment();
    // Now the session is over, the facilitator's notes and model answers can be shown.
    let scenario = app
        .library
        .get(&st.started.scenario_id)
        .map(|l| &l.scenario);
    let fill = |t: &str| open.session.fill(t);
    for (i, d) in st.path.iter().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(format!("{}. {}", i + 1, d.node_title)).strong());
            if facilitated {
                ui.label(format!("The room chose: {}", d.choice_text));
                let number = |index: usize| {
                    d.offered
                        .iter()
                        .position(|(c, _)| *c == index)
                        .map(|p| (p + 1).to_string())
                        .unwrap_or_else(|| "?".into())
                };
                // In the order the tables were named at the start, as on the console.
                let tables = &st.started.config.tables;
                let mut votes: Vec<_> = d.votes.iter().collect();
                votes.sort_by_key(|v| tables.iter().position(|t| *t == v.table));
                let mut line: Vec<String> = votes
                    .iter()
                    .map(|v| format!("{}: {}", v.table, number(v.choice)))
                    .collect();
                line.extend(
                    d.counts
                        .iter()
                        .map(|c| format!("{} hands for {}", c.hands, number(c.choice))),
                );
                if !line.is_empty() {
                    ui.label(format!(
                        "Votes (choice numbers as shown): {}",
                        line.join(" · ")
                    ));
                }
                if let Some(Some(a)) = alignment.get(i) {
                    ui.label(
                        RichText::new(format!(
                            "Agreement with the room's decision: {:.0}%",
                            a * 100.0
                        ))
                        .strong(),
                    );
                }
                if !d.override_reason.is_empty() {
                    ui.label(format!(
                        "Majority overridden because: {}",
                        d.override_reason
                    ));
                }
                if !d.rationale.is_empty() {
                    ui.label(format!("Rationale: {}", d.rationale));
                }
                if ui
                    .button(format!(
                        "Show decision {} on the projector with its model answer",
                        i + 1
                    ))
                    .clicked()
                {
                    out.push(Command::Project(OnProjector::Review(i)));
                }
            } else {
                ui.label(format!("You chose: {}", d.choice_text));
            }
            markdown::show(ui, &d.feedback, BODY - 1.0);
            if let Some(node) = scenario.and_then(|s| s.node(&d.node)) {
                if !node.model_answer.trim().is_empty() {
                    ui.label(RichText::new("What good looks like").italics());
                    markdown::show(ui, &fill(&node.model_answer), BODY - 1.0);
                }
                // The facilitator's notes speak to someone running a room ("ask the room…"):
                // a lone learner gets the references instead.
                if facilitated && !node.facilitator_notes.trim().is_empty() {
                    ui.label(RichText::new("For discussion").italics());
                    markdown::show(ui, &fill(&node.facilitator_notes), BODY - 1.0);
                }
                if !facilitated && !node.references.is_empty() {
                    ui.label(
                        RichText::new(format!("Read more: {}", node.references.join("; ")))
                            .size(SMALL)
                            .color(muted(ui)),
                    );
                }
            }
        });
    }
    let counters = open.session.counters();
    if !counters.is_empty() {
        ui.add_space(8.0);
        for (label, unit, value) in counters {
            ui.label(format!(
                "{label}: {}",
                crate::session::verdict::amount(&unit, value)
            ));
        }
    }
}

/// Play again, save the report, or go back.
pub fn actions(ui: &mut Ui, facilitated: bool, out: &mut Vec<Command>) {
    ui.add_space(14.0);
    ui.horizontal(|ui| {
        if ui
            .button(
                RichText::new(if facilitated {
                    "Run it again with the same tables"
                } else {
                    "Play it again"
                })
                .strong(),
            )
            .clicked()
        {
            out.push(Command::Retry);
        }
        for format in [Format::Html, Format::Markdown, Format::Csv] {
            widgets::command_button(ui, Command::Export(format), out);
        }
        if !facilitated {
            widgets::command_button(ui, Command::SendResult(None), out);
        }
        if ui.button("Back to scenarios").clicked() {
            out.push(Command::Show(Screen::Library));
        }
    });
}

/// A sentence for a session whose scenario file has changed (or gone) since it was played,
/// compared by the content hash kept in the record; `None` when it is the same file.
fn changed_since(app: &DeskauditApp, st: &crate::session::SessionState) -> Option<String> {
    let started = &st.started;
    match app.library.get(&started.scenario_id) {
        Some(now) if now.content_hash == started.content_hash => None,
        Some(now) if now.scenario.version == started.scenario_version => Some(format!(
            "This scenario's file (version {}) has been edited since this session was played. \
             This debrief shows the session as it was played.",
            started.scenario_version
        )),
        Some(now) => Some(format!(
            "Played on version {} of this scenario; it has changed since (now version {}). \
             This debrief shows the session as it was played.",
            started.scenario_version, now.scenario.version
        )),
        None => Some(format!(
            "Played on version {} of a scenario that is no longer in the library. This debrief \
             shows the session as it was played.",
            started.scenario_version
        )),
    }
}
