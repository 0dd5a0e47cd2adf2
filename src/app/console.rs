//! Facilitated sessions: the console the facilitator sees, and what it puts on the projector.
//!
//! The console holds the facilitator's working state for the current decision (votes being
//! entered, the room's choice, the rationale, the timer). Everything that matters for the
//! record goes through the [`Session`](crate::session::Session) engine as an event; the rest
//! (what is on the projector, pause, the timer) is presentation and is not recorded.

use super::markdown;
use super::projector::{self, Show};
use super::screens::{BODY, SMALL, band_colour};
use super::{Command, DeskauditApp, OpenSession};
use crate::scenario::{Band, Pillar, Scenario};
use crate::session::{ChoiceInput, Session};
use egui::{RichText, Ui};
use std::collections::BTreeMap;

/// What the facilitator has put on the projector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnProjector {
    /// The current situation and its choices (or the ending).
    Situation,
    /// The current situation's evidence documents on their own.
    Evidence,
    /// The room's last decision (and its consequence once revealed).
    Decision,
    /// An inject (by its position among those dropped in).
    Inject(usize),
    /// The room's results (debrief only).
    Results,
    /// One decision with its model answer (debrief only).
    Review(usize),
}

/// Where the console is in the cycle of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// The room is discussing the situation; votes are being entered.
    Discuss,
    /// The room has decided; the consequence can be revealed before moving on.
    Decided,
}

/// The per-node timer. Time comes from egui's clock, so it is the same in tests and the app.
#[derive(Clone, Debug, Default)]
pub struct Timer {
    key: Option<(usize, String)>,
    started_secs: f64,
    paused_at: Option<f64>,
    paused_total_secs: f64,
}

impl Timer {
    /// Restarts the timer if the node (or number of decisions) changed.
    fn follow(&mut self, key: (usize, String), now: f64, paused: bool) {
        if self.key.as_ref() != Some(&key) {
            *self = Timer {
                key: Some(key),
                started_secs: now,
                paused_at: paused.then_some(now),
                paused_total_secs: 0.0,
            };
        }
    }

    fn set_paused(&mut self, paused: bool, now: f64) {
        match (paused, self.paused_at) {
            (true, None) => self.paused_at = Some(now),
            (false, Some(at)) => {
                self.paused_total_secs += now - at;
                self.paused_at = None;
            }
            _ => {}
        }
    }

    /// Seconds spent on this node, not counting pauses.
    pub fn elapsed_secs(&self, now: f64) -> f64 {
        let end = self.paused_at.unwrap_or(now);
        (end - self.started_secs - self.paused_total_secs).max(0.0)
    }
}

/// The facilitator's working state for an open facilitated session.
pub struct Facilitation {
    /// Shared with the projector window.
    pub link: projector::Link,
    /// Whether the projector window should be open.
    pub projector_open: bool,
    /// What the projector shows (unless paused).
    pub on_projector: OnProjector,
    /// Whether the last decision's consequence has been revealed.
    pub revealed: bool,
    /// Whether evidence documents are shown with the situation.
    pub show_evidence: bool,
    /// Discussing or decided.
    pub phase: Phase,
    /// Paused: the projector shows a holding screen and the timer stops.
    pub paused: bool,
    /// Votes entered so far: table → choice index.
    pub votes: BTreeMap<String, usize>,
    /// Hands counted so far: choice index → hands.
    pub counts: BTreeMap<usize, u32>,
    /// The room's decision, when the facilitator has picked one (else the majority).
    pub room_choice: Option<usize>,
    /// Why the room's decision differs from the majority.
    pub override_reason: String,
    /// Why the room chose it.
    pub rationale: String,
    /// Time on this node.
    pub timer: Timer,
    /// Time box in minutes; 0 for none.
    pub time_box_mins: u32,
    /// Draft observation.
    pub observation: String,
    /// Draft recommendation.
    pub rec_p: Pillar,
    /// Draft recommendation text.
    pub rec_text: String,
    /// Draft recommendation owner.
    pub rec_owner: String,
    /// Draft recommendation due date.
    pub rec_due: String,
}

impl Facilitation {
    /// Fresh working state for a session titled `title`.
    pub fn new(title: &str) -> Self {
        Facilitation {
            link: projector::link(title),
            projector_open: true,
            on_projector: OnProjector::Situation,
            revealed: false,
            show_evidence: true,
            phase: Phase::Discuss,
            paused: false,
            votes: BTreeMap::new(),
            counts: BTreeMap::new(),
            room_choice: None,
            override_reason: String::new(),
            rationale: String::new(),
            timer: Timer::default(),
            time_box_mins: 0,
            observation: String::new(),
            rec_p: Pillar::Prevent,
            rec_text: String::new(),
            rec_owner: String::new(),
            rec_due: String::new(),
        }
    }

    /// Clears the drafts of a decision.
    pub fn clear_decision(&mut self) {
        self.votes.clear();
        self.counts.clear();
        self.room_choice = None;
        self.override_reason.clear();
        self.rationale.clear();
    }

    /// The votes and hands entered so far (the choice is not yet set: see [`Self::decision`]).
    pub fn tally(&self) -> ChoiceInput {
        ChoiceInput {
            choice: 0,
            rationale: self.rationale.trim().to_owned(),
            votes: self.votes.iter().map(|(t, c)| (t.clone(), *c)).collect(),
            counts: self
                .counts
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(c, n)| (*c, *n))
                .collect(),
            override_reason: self.override_reason.trim().to_owned(),
        }
    }

    /// The room's choice: the one the facilitator picked, else the majority, if there is one.
    pub fn chosen(&self) -> Option<usize> {
        self.room_choice
            .or_else(|| Session::majority(&self.tally()))
    }

    /// The decision to record, once there is a choice.
    pub fn decision(&self) -> Option<ChoiceInput> {
        self.chosen().map(|choice| ChoiceInput {
            choice,
            ..self.tally()
        })
    }

    /// Time-keeping each frame: follows the node, and asks for a repaint when the timer's text
    /// next changes (once a minute; once a second in a time box's last minute; never while
    /// paused).
    pub fn tick(&mut self, ctx: &egui::Context, session: &Session) {
        let now = ctx.input(|i| i.time);
        let key = (
            session.state().path.len(),
            session.state().current.node.0.clone(),
        );
        self.timer.follow(key, now, self.paused);
        self.timer.set_paused(self.paused, now);
        if !self.paused && !session.at_ending() {
            let next =
                timer_display(self.timer.elapsed_secs(now), self.time_box_mins).next_change_secs;
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(next.clamp(0.05, 60.0)));
        }
    }
}

fn fill_vars(session: &Session, text: &str) -> String {
    let vars = &session.state().started.variables;
    crate::scenario::text::fill(text, &|name| {
        vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    })
}

/// The session's display title: the facilitator's title, or the scenario's.
pub fn session_title(session: &Session) -> String {
    let st = session.state();
    if st.started.config.title.trim().is_empty() {
        st.started.scenario_title.clone()
    } else {
        st.started.config.title.clone()
    }
}

/// What the projector should show now. Only audience material goes in: scores and model
/// answers only once the session has finished and the facilitator shows them.
pub fn projector_show(open: &OpenSession, scenario: Option<&Scenario>) -> Show {
    let session = &open.session;
    let st = session.state();
    let title = session_title(session);
    let Some(f) = &open.facilitation else {
        return Show::Holding {
            title,
            line: String::new(),
        };
    };
    if f.paused {
        return Show::Holding {
            title,
            line: "Paused. We will carry on shortly.".into(),
        };
    }
    let situation = || match scenario.map(|s| session.view(s)) {
        Some(Ok(view)) => Show::Situation {
            kicker: if view.ending.is_some() {
                format!(
                    "{} · the end, after {} decisions",
                    st.started.scenario_title, view.decisions_taken
                )
            } else {
                format!(
                    "{} · decision {}",
                    st.started.scenario_title,
                    view.decisions_taken + 1
                )
            },
            title: view.title,
            text: view.text,
            developments: view.developments,
            evidence: if f.show_evidence {
                view.evidence
                    .into_iter()
                    .map(|(kind, t, b)| (format!("{kind:?}: {t}"), b))
                    .collect()
            } else {
                Vec::new()
            },
            choices: view
                .choices
                .into_iter()
                .map(|c| (c.number, c.text))
                .collect(),
            ending: view.ending.map(|(_, outcome)| outcome),
        },
        _ => Show::Holding {
            title: title.clone(),
            line: "This session's scenario is not available.".into(),
        },
    };
    match f.on_projector {
        OnProjector::Situation => situation(),
        OnProjector::Evidence => match scenario.map(|s| session.view(s)) {
            Some(Ok(view)) if !view.evidence.is_empty() => Show::Evidence {
                title: view.title,
                documents: view
                    .evidence
                    .into_iter()
                    .map(|(kind, t, b)| (format!("{kind:?}: {t}"), b))
                    .collect(),
            },
            _ => situation(),
        },
        OnProjector::Decision => match st.path.last() {
            Some(d) => Show::Decision {
                title: d.node_title.clone(),
                choice: d.choice_text.clone(),
                consequence: f.revealed.then(|| d.feedback.clone()),
            },
            None => situation(),
        },
        OnProjector::Inject(i) => match st.injects.get(i) {
            Some((_, t, text, _)) => Show::Inject {
                title: t.clone(),
                text: text.clone(),
            },
            None => situation(),
        },
        OnProjector::Results if st.finished => {
            let score = session.score();
            Show::Results {
                title,
                ending: st
                    .current
                    .ending
                    .as_ref()
                    .map(|(r, o)| (r.label().to_owned(), o.clone())),
                index: score.index.zip(score.band()),
                pillars: Pillar::ALL.map(|p| (p, score.pillar(p))),
                tables: session
                    .table_scores()
                    .into_iter()
                    .map(|(t, s)| (t, s.index.zip(s.band())))
                    .collect(),
            }
        }
        OnProjector::Review(i) if st.finished => match st.path.get(i) {
            Some(d) => Show::Review {
                kicker: format!("Decision {} of {}", i + 1, st.path.len()),
                title: d.node_title.clone(),
                choice: d.choice_text.clone(),
                consequence: d.feedback.clone(),
                model_answer: scenario
                    .and_then(|s| s.node(&d.node))
                    .map(|n| fill_vars(session, &n.model_answer))
                    .unwrap_or_default(),
            },
            None => situation(),
        },
        // Before the debrief, results and model answers stay off the projector.
        OnProjector::Results | OnProjector::Review(_) => situation(),
    }
}

fn heading(ui: &mut Ui, text: &str) {
    ui.add_space(6.0);
    ui.label(RichText::new(text).size(19.0).strong());
}

/// How pressing the time is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    /// Plenty of time, or no time box.
    Calm,
    /// Under a minute of the time box left.
    LastMinute,
    /// Past the time box.
    Over,
}

/// The timer as shown, and when it next needs redrawing.
#[derive(Clone, Debug, PartialEq)]
pub struct TimerDisplay {
    /// The words on the console.
    pub text: String,
    /// How pressing it is (colours the text).
    pub urgency: Urgency,
    /// Seconds until the text changes: the console repaints then, and not before.
    pub next_change_secs: f64,
}

fn minutes(m: u64) -> String {
    if m == 1 {
        "1 minute".to_owned()
    } else {
        format!("{m} minutes")
    }
}

/// What the timer says after `elapsed_secs` on a node with a time box of `box_mins` (0 for
/// none). Whole minutes, except the last minute of a time box, which counts down in seconds:
/// so the console redraws once a minute, and once a second only when seconds matter.
pub fn timer_display(elapsed_secs: f64, box_mins: u32) -> TimerDisplay {
    let elapsed = elapsed_secs.max(0.0);
    let whole = elapsed.floor() as u64;
    let to_next_second = (whole as f64 + 1.0 - elapsed).max(0.05);
    let to_next_minute = ((whole / 60 + 1) * 60) as f64 - elapsed;
    if box_mins == 0 {
        let m = whole / 60;
        return TimerDisplay {
            text: if m == 0 {
                "On this situation: under a minute".to_owned()
            } else {
                format!("On this situation: {}", minutes(m))
            },
            urgency: Urgency::Calm,
            next_change_secs: to_next_minute.max(0.05),
        };
    }
    let limit = u64::from(box_mins) * 60;
    if whole < limit {
        let left = limit - whole;
        if left <= 60 {
            return TimerDisplay {
                text: format!(
                    "Time left: {}:{:02} of {}",
                    left / 60,
                    left % 60,
                    minutes(u64::from(box_mins))
                ),
                urgency: Urgency::LastMinute,
                next_change_secs: to_next_second,
            };
        }
        // "4 minutes left" means at least 4 whole minutes remain.
        let m = left / 60;
        let until_change = (left - m * 60) as f64 - (elapsed - whole as f64);
        return TimerDisplay {
            text: format!(
                "Time left: {} of {}",
                minutes(m),
                minutes(u64::from(box_mins))
            ),
            urgency: Urgency::Calm,
            next_change_secs: if until_change <= 0.0 {
                to_next_second
            } else {
                until_change
            },
        };
    }
    let over = whole - limit;
    TimerDisplay {
        text: if over < 60 {
            "Time box used up".to_owned()
        } else {
            format!("Over the time box by {}", minutes(over / 60))
        },
        urgency: Urgency::Over,
        next_change_secs: to_next_minute.max(0.05),
    }
}

/// The facilitator's console.
pub fn console(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let dark = ui.visuals().dark_mode;
    let muted = ui.visuals().weak_text_color();
    let Some(open) = &mut app.open else {
        out.push(Command::Show(super::Screen::Library));
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
        ui.label(RichText::new(session_title(session)).size(22.0).strong());
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
                out.push(Command::Show(super::Screen::Library));
            }
            if view.decisions_taken > 0 && ui.button("Undo last decision").clicked() {
                out.push(Command::Undo);
            }
            let (pause_label, hint) = if f.paused {
                (
                    "Resume",
                    "The projector shows the situation again and the timer runs (P)",
                )
            } else {
                (
                    "Pause",
                    "The projector shows a holding screen and the timer stops (P)",
                )
            };
            if ui
                .button(RichText::new(pause_label).strong())
                .on_hover_text(hint)
                .clicked()
            {
                out.push(Command::TogglePause);
            }
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
        egui::ComboBox::from_label("Time box")
            .selected_text(if f.time_box_mins == 0 {
                "none".to_owned()
            } else {
                format!("{} min", f.time_box_mins)
            })
            .show_ui(ui, |ui| {
                for m in [0, 2, 3, 5, 8, 10, 15, 20] {
                    let label = if m == 0 {
                        "none".to_owned()
                    } else {
                        format!("{m} min")
                    };
                    ui.selectable_value(&mut f.time_box_mins, m, label);
                }
            });
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
                if !f.revealed
                    && ui
                        .button(RichText::new("Reveal the consequence on the projector").strong())
                        .on_hover_text("Enter")
                        .clicked()
                {
                    out.push(Command::Reveal);
                }
                let next = if view.ending.is_some() {
                    "Go on to the ending".to_owned()
                } else {
                    format!("Go on to “{}”", view.title)
                };
                if ui
                    .button(RichText::new(next).strong())
                    .on_hover_text("Enter, once the consequence is revealed")
                    .clicked()
                {
                    out.push(Command::NextSituation);
                }
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
            if ui
                .button(RichText::new("Close the session and open the debrief").strong())
                .clicked()
            {
                out.push(Command::Finish);
            }
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
                    let title = fill_vars(session, &inj.title);
                    let label = if used {
                        format!("Dropped in: {title}")
                    } else {
                        format!("Drop in: {title}")
                    };
                    if ui
                        .add_enabled(!used && view.ending.is_none(), egui::Button::new(label))
                        .clicked()
                    {
                        out.push(Command::Inject(inj.id.0.clone()));
                    }
                });
                if !inj.facilitator_notes.trim().is_empty() {
                    ui.label(
                        RichText::new(fill_vars(session, &inj.facilitator_notes))
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

/// The facilitator's observations so far, and the box to add one.
fn observations(
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

/// Entering votes, the room's decision, and recording it.
fn vote_panel(
    ui: &mut Ui,
    f: &mut Facilitation,
    view: &crate::session::NodeView,
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
                    let hands = f.counts.entry(c.index).or_insert(0);
                    let label = ui.label(format!("Hands for {}", c.number));
                    ui.add(egui::DragValue::new(hands).range(0..=1000).speed(0.2))
                        .labelled_by(label.id);
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
                            let name = format!("{t} votes {}", c.number);
                            r.widget_info(|| {
                                egui::WidgetInfo::selected(egui::Role::Button, true, on, &name)
                            });
                            if r.clicked() {
                                out.push(Command::Vote(t.clone(), c.index));
                            }
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
    let majority = Session::majority(&f.tally());
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
            let n = if tables.is_empty() {
                f.counts.get(&c.index).copied().unwrap_or(0)
            } else {
                f.votes.values().filter(|v| **v == c.index).count() as u32
            };
            (n > 0).then(|| format!("{}: {n}", c.number))
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
            if r.clicked() {
                out.push(Command::SetRoomChoice(c.index));
            }
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
    let label = match chosen {
        Some(c) => format!(
            "Record the room's decision: choice {}  (Enter)",
            number_of(c)
        ),
        None => "Record the room's decision".to_owned(),
    };
    if ui
        .add_enabled(
            ready,
            egui::Button::new(RichText::new(label).strong().size(BODY + 1.0)),
        )
        .clicked()
    {
        out.push(Command::RecordDecision);
    }
}

/// The debrief's projector controls: reveal the results, then review decisions.
pub fn debrief_projector(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(open) = &mut app.open else { return };
    let decisions = open.session.state().path.len();
    let Some(f) = &mut open.facilitation else {
        return;
    };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        projector_strip(ui, f, 0, decisions, false, true, out);
        ui.horizontal_wrapped(|ui| {
            if ui
                .button(RichText::new("Reveal the results on the projector").strong())
                .clicked()
            {
                out.push(Command::Project(OnProjector::Results));
            }
            ui.label("Then walk the room through its decisions: each one below can be shown with its model answer.");
        });
    });
}

/// Each table's score beside the room's.
pub fn debrief_tables(app: &DeskauditApp, ui: &mut Ui) {
    let dark = ui.visuals().dark_mode;
    let Some(open) = &app.open else { return };
    let session = &open.session;
    let st = session.state();

    let tables = session.table_scores();
    if !tables.is_empty() {
        heading(ui, "Tables compared");
        let agreed: Vec<usize> = tables
            .iter()
            .map(|(t, _)| {
                st.path
                    .iter()
                    .filter(|d| {
                        d.votes
                            .iter()
                            .any(|v| &v.table == t && v.choice == d.choice)
                    })
                    .count()
            })
            .collect();
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
                for ((t, s), agreed) in tables.iter().zip(agreed) {
                    ui.label(t);
                    // A bare number means nothing to a screen reader: the cell names its table.
                    let index = s
                        .index
                        .map(|i| format!("{i:.0}"))
                        .unwrap_or("not tested".into());
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
                        ui.label(
                            s.pillar(p)
                                .map(|v| format!("{v:.0}"))
                                .unwrap_or("not tested".into()),
                        );
                    }
                    ui.label(format!("{agreed} of {} decisions", st.path.len()));
                    ui.end_row();
                }
            });
    }
}

/// The facilitator's observations and the room's recommendations: the improvement plan.
pub fn debrief_plan(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
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
                        let b = ui.button("Remove");
                        let name = format!("Remove recommendation {}", i + 1);
                        b.widget_info(|| {
                            egui::WidgetInfo::labeled(egui::Role::Button, true, &name)
                        });
                        if b.clicked() {
                            out.push(Command::RemoveRecommendation(i));
                        }
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
        if ui
            .add_enabled(
                !f.rec_text.trim().is_empty(),
                egui::Button::new(RichText::new("Add recommendation").strong()),
            )
            .clicked()
        {
            out.push(Command::AddRecommendation);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_time_box_the_timer_counts_whole_minutes_and_redraws_once_a_minute() {
        let t = timer_display(12.5, 0);
        assert_eq!(t.text, "On this situation: under a minute");
        assert!((t.next_change_secs - 47.5).abs() < 1e-9);
        let t = timer_display(125.0, 0);
        assert_eq!(t.text, "On this situation: 2 minutes");
        assert!((t.next_change_secs - 55.0).abs() < 1e-9);
        assert_eq!(t.urgency, Urgency::Calm);
    }

    #[test]
    fn a_time_box_counts_minutes_then_seconds_in_its_last_minute_then_runs_over() {
        // 5-minute box, 90.5 s in: 209.5 s left, so "3 minutes" until 180 s are left.
        let t = timer_display(90.5, 5);
        assert_eq!(t.text, "Time left: 3 minutes of 5 minutes");
        assert!((t.next_change_secs - 29.5).abs() < 1e-9);
        let t = timer_display(255.25, 5);
        assert_eq!(t.text, "Time left: 0:45 of 5 minutes");
        assert_eq!(t.urgency, Urgency::LastMinute);
        assert!((t.next_change_secs - 0.75).abs() < 1e-9);
        let t = timer_display(240.0, 5);
        assert_eq!(t.text, "Time left: 1:00 of 5 minutes");
        let t = timer_display(301.0, 5);
        assert_eq!(t.text, "Time box used up");
        assert_eq!(t.urgency, Urgency::Over);
        let t = timer_display(430.0, 5);
        assert_eq!(t.text, "Over the time box by 2 minutes");
        assert!((t.next_change_secs - 50.0).abs() < 1e-9);
    }

    #[test]
    fn pauses_do_not_count() {
        let mut t = Timer::default();
        t.follow((0, "a".into()), 10.0, false);
        t.set_paused(true, 70.0);
        t.set_paused(false, 400.0);
        assert!((t.elapsed_secs(430.0) - 90.0).abs() < 1e-9);
        // A new node starts the clock again.
        t.follow((1, "b".into()), 500.0, false);
        assert!((t.elapsed_secs(512.0) - 12.0).abs() < 1e-9);
    }
}
