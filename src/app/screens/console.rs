//! The facilitator's console: the situation, the timer, the projector, notes for the facilitator only.

use crate::app::facilitation::{Facilitation, Phase, Urgency, timer_display};
use crate::app::markdown;
use crate::app::theme::{BODY, SMALL, band_colour};
use crate::app::widgets::{self, heading, observations, projector_strip};
use crate::app::{Command, DeskauditApp, Screen};
use crate::scenario::Band;
use crate::session::NodeView;
use egui::{RichText, Ui};

/// The panel that takes the room's votes, drawn by its own screen file and handed in here.
pub type VotePanel = fn(&mut Ui, &mut Facilitation, &NodeView, &[String], &mut Vec<Command>, bool);

/// The facilitator's console.
pub fn console(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>, vote_panel: VotePanel) {
    let dark = ui.visuals().dark_mode;
    let muted = ui.visuals().weak_text_color();
    let Some(open) = &mut app.open else {
        out.push(Command::Show(Screen::Library));
        return;
    };
    let Some(loaded) = app.library.get(&open.session.state().started.scenario_id) else {
        ui.label("This session's scenario is no longer available.");
        return;
    };
    let scenario = &loaded.scenario;
    let view = match open.session.view(scenario) {
        Ok(v) => v,
        Err(e) => {
            ui.label(e.to_string());
            return;
        }
    };
    let fview = open.session.facilitator_view(scenario).ok();
    let now = ui.input(|i| i.time);
    let session = &open.session;
    let st = session.state();
    let Some(f) = &mut open.facilitation else {
        return;
    };

    // Top strip: where we are, the timer, and pacing controls.
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(session.display_title()).size(22.0).strong());
        ui.label(
            RichText::new(if f.phase == Phase::Decided {
                format!("· decision {} recorded", view.decisions_taken)
            } else if view.ending.is_some() {
                format!("· ending reached after {} decisions", view.decisions_taken)
            } else {
                format!("· decision {}", view.decisions_taken + 1)
            })
            .color(muted),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Leave (resume later)").clicked() {
                out.push(Command::Show(Screen::Library));
            }
            if view.decisions_taken > 0 {
                widgets::command_button(ui, Command::Undo, out);
            }
            let pause_label = if f.paused { "Resume" } else { "Pause" };
            let text = RichText::new(pause_label).strong();
            widgets::button(ui, text, Command::TogglePause, out);
        });
    });
    ui.horizontal_wrapped(|ui| {
        let shown = timer_display(f.timer.elapsed_secs(now), f.time_box_mins);
        let text = shown.text;
        let colour = match shown.urgency {
            Urgency::Calm => None,
            Urgency::LastMinute => Some(band_colour(Band::Developing, dark)),
            Urgency::Over => Some(band_colour(Band::Vulnerable, dark)),
        };
        let mut t = RichText::new(text).size(20.0).strong();
        if let Some(c) = colour {
            t = t.color(c);
        }
        if f.paused {
            t = t.italics();
        }
        ui.label(t);
        let mut time_box = f.time_box_mins;
        egui::ComboBox::from_label(Command::SetTimeBox(0).label())
            .selected_text(if time_box == 0 {
                "none".to_owned()
            } else {
                format!("{time_box} min")
            })
            .show_ui(ui, |ui| {
                for m in [0, 2, 3, 5, 8, 10, 15, 20] {
                    let label = if m == 0 {
                        "none".to_owned()
                    } else {
                        format!("{m} min")
                    };
                    ui.selectable_value(&mut time_box, m, label);
                }
            });
        if time_box != f.time_box_mins {
            out.push(Command::SetTimeBox(time_box));
        }
        if f.paused {
            ui.label(
                RichText::new("Paused: the projector shows the holding screen")
                    .strong()
                    .color(band_colour(Band::Developing, dark)),
            );
        }
    });
    projector_strip(
        ui,
        f,
        st.injects.len(),
        st.path.len(),
        !view.evidence.is_empty(),
        false,
        out,
    );
    ui.separator();

    let wide = ui.available_width() >= 1000.0;
    let left_w = if wide {
        ui.available_width() * 0.56
    } else {
        ui.available_width()
    };
    let left = |ui: &mut Ui, f: &mut Facilitation, out: &mut Vec<Command>| {
        ui.set_width(left_w);
        ui.set_max_width(left_w);
        if f.phase == Phase::Decided
            && let Some(d) = st.path.last()
        {
            ui.label(RichText::new("The room decided").color(muted));
            ui.label(
                RichText::new(markdown::plain(&d.choice_text))
                    .size(21.0)
                    .strong(),
            );
            if !d.override_reason.is_empty() {
                ui.label(format!(
                    "Overriding the majority because: {}",
                    d.override_reason
                ));
            }
            ui.add_space(6.0);
            ui.label(
                RichText::new(if f.revealed {
                    "What happened next (on the projector now)"
                } else {
                    "What happened next (not yet shown to the room)"
                })
                .color(muted),
            );
            markdown::show(ui, &d.feedback, BODY);
            ui.horizontal_wrapped(|ui| {
                if !f.revealed {
                    let reveal = Command::Reveal;
                    let text = RichText::new(reveal.label()).strong();
                    widgets::button(ui, text, reveal, out);
                }
                let next = if view.ending.is_some() {
                    "Go on to the ending".to_owned()
                } else {
                    format!("Go on to “{}”", view.title)
                };
                widgets::button(
                    ui,
                    RichText::new(next).strong(),
                    Command::NextSituation,
                    out,
                );
            });
            return;
        }
        ui.label(RichText::new(&view.title).size(24.0).strong());
        for d in &view.developments {
            ui.label(
                RichText::new(format!("Meanwhile: {}", markdown::plain(d)))
                    .color(band_colour(Band::Developing, dark)),
            );
        }
        egui::CollapsingHeader::new("The situation as the room sees it")
            .default_open(view.ending.is_some())
            .show(ui, |ui| {
                markdown::show(ui, &view.text, BODY - 1.0);
                for (kind, t, body) in &view.evidence {
                    ui.label(RichText::new(format!("{kind:?}: {t}")).strong());
                    markdown::show(ui, body, BODY - 2.0);
                }
            });
        if let Some((rating, outcome)) = &view.ending {
            heading(ui, &format!("Ending (rated {})", rating.label()));
            markdown::show(ui, outcome, BODY);
            let text = RichText::new("Close the session and open the debrief").strong();
            widgets::button(ui, text, Command::Finish, out);
            return;
        }
        vote_panel(ui, f, &view, &st.started.config.tables, out, dark);
    };
    let right = |ui: &mut Ui, f: &mut Facilitation, out: &mut Vec<Command>| {
        ui.label(
            RichText::new("For you only: never shown on the projector")
                .color(muted)
                .size(SMALL),
        );
        if f.phase == Phase::Decided {
            ui.label(RichText::new(format!("Coming next: “{}”", view.title)).strong());
        }
        if let Some(fv) = &fview {
            if !fv.notes.trim().is_empty() {
                heading(ui, "Facilitator notes");
                markdown::show(ui, &fv.notes, BODY - 1.0);
            }
            if !fv.questions.is_empty() {
                heading(ui, "Questions for the room");
                for q in &fv.questions {
                    ui.label(format!("•  {q}"));
                }
            }
            if !fv.model_answer.trim().is_empty() {
                heading(ui, "Model answer");
                markdown::show(ui, &fv.model_answer, BODY - 1.0);
            }
            if !fv.references.is_empty() {
                heading(ui, "References");
                for r in &fv.references {
                    ui.label(RichText::new(r).size(SMALL));
                }
            }
        }
        if !scenario.injects.is_empty() {
            heading(ui, "Injects");
            for inj in &scenario.injects {
                let used = st.injects.iter().any(|(id, ..)| id == &inj.id);
                ui.horizontal_wrapped(|ui| {
                    let title = session.fill(&inj.title);
                    let label = if used {
                        format!("Dropped in: {title}")
                    } else {
                        format!("Drop in: {title}")
                    };
                    let r =
                        ui.add_enabled(!used && view.ending.is_none(), egui::Button::new(label));
                    widgets::sends(r, Command::Inject(inj.id.0.clone()), out);
                });
                if !inj.facilitator_notes.trim().is_empty() {
                    ui.label(
                        RichText::new(session.fill(&inj.facilitator_notes))
                            .size(SMALL)
                            .color(muted),
                    );
                }
            }
        }
        observations(ui, &st.notes, &mut f.observation, SMALL, out);
    };
    if wide {
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| left(ui, f, out));
            ui.add_space(20.0);
            ui.separator();
            ui.vertical(|ui| right(ui, f, out));
        });
    } else {
        left(ui, f, out);
        ui.separator();
        right(ui, f, out);
    }
}
