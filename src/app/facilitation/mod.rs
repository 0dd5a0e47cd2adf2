//! Facilitated sessions: the facilitator's working state for the current decision (votes being
//! entered, the room's choice, the rationale, the timer) and what goes on the projector.
//! Everything that matters for the record goes through the [`Session`] engine as an event; the
//! rest (what is on the projector, pause, the timer) is presentation and is not recorded.

mod project;
pub mod timer;

pub use project::projector_show;
pub use timer::{Timer, TimerDisplay, Urgency, timer_display};

use crate::app::projector;
use crate::scenario::Pillar;
use crate::session::{ChoiceInput, Session};
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

    /// Records a table's vote, or withdraws it when it is clicked again.
    pub fn toggle_vote(&mut self, table: String, choice: usize) {
        if self.votes.get(&table) == Some(&choice) {
            self.votes.remove(&table);
        } else {
            self.votes.insert(table, choice);
        }
    }

    /// The facilitator picks the room's decision; picking the majority needs no reason.
    pub fn set_room_choice(&mut self, choice: usize) {
        self.room_choice = Some(choice);
        if Session::majority(&self.tally()) == Some(choice) {
            self.override_reason.clear();
        }
    }

    /// Whether the projector window is full screen.
    pub fn fullscreen(&self) -> bool {
        match self.link.lock() {
            Ok(shared) => shared.fullscreen,
            Err(poisoned) => poisoned.into_inner().fullscreen,
        }
    }

    /// Sets the projector's full screen (`None` toggles it) and returns the new state.
    pub fn set_fullscreen(&mut self, on: Option<bool>) -> bool {
        let mut shared = match self.link.lock() {
            Ok(shared) => shared,
            Err(poisoned) => poisoned.into_inner(),
        };
        shared.fullscreen = on.unwrap_or(!shared.fullscreen);
        shared.fullscreen
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
