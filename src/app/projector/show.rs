//! What the projector shows, and the state the console and the projector window share.

use crate::app::Command;
use crate::scenario::{Band, Pillar};
use std::sync::{Arc, Mutex};

/// What the projector shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Show {
    /// Paused, or nothing to show yet.
    Holding {
        /// Large line: the session's title.
        title: String,
        /// Smaller line under it.
        line: String,
    },
    /// The current situation and the choices (or the ending reached).
    Situation {
        /// Small line at the top: scenario and step.
        kicker: String,
        /// The node's title.
        title: String,
        /// The narrative (light Markdown).
        text: String,
        /// Chance developments that happened on arrival.
        developments: Vec<String>,
        /// Evidence documents: (title, body), when the facilitator shows them.
        evidence: Vec<(String, String)>,
        /// The choices: (number the room uses, text).
        choices: Vec<(usize, String)>,
        /// The ending's outcome text, at an ending.
        ending: Option<String>,
    },
    /// The room's decision, and after reveal what followed from it.
    Decision {
        /// The situation it was taken in.
        title: String,
        /// What the room decided.
        choice: String,
        /// The consequence, once revealed.
        consequence: Option<String>,
    },
    /// The evidence documents of the current situation, on their own.
    Evidence {
        /// The situation's title.
        title: String,
        /// The documents: (title, body).
        documents: Vec<(String, String)>,
    },
    /// An inject dropped in by the facilitator.
    Inject {
        /// Its title.
        title: String,
        /// Its text.
        text: String,
    },
    /// The room's results, revealed in the debrief.
    Results {
        /// The session title.
        title: String,
        /// The ending reached: (rating, outcome).
        ending: Option<(String, String)>,
        /// The room's index and band.
        index: Option<(f64, Band)>,
        /// Each P's score.
        pillars: [(Pillar, Option<f64>); 4],
        /// Each table's index.
        tables: Vec<(String, Option<(f64, Band)>)>,
    },
    /// One decision reviewed in the debrief, with the model answer.
    Review {
        /// "Decision 3 of 11".
        kicker: String,
        /// The situation.
        title: String,
        /// What the room decided.
        choice: String,
        /// What followed.
        consequence: String,
        /// What good looks like.
        model_answer: String,
    },
}

/// State shared between the console and the projector window.
#[derive(Clone, Debug)]
pub struct Shared {
    /// What is on the projector.
    pub show: Show,
    /// What the projector window's user asked for (its keys, closing it), for the app to
    /// handle at its next frame like any other command.
    pub requests: Vec<Command>,
    /// Whether the window is full screen.
    pub fullscreen: bool,
}

/// A handle both windows hold.
pub type Link = Arc<Mutex<Shared>>;

/// A new link showing a holding screen.
pub fn link(title: &str) -> Link {
    Arc::new(Mutex::new(Shared {
        show: Show::Holding {
            title: title.to_owned(),
            line: String::new(),
        },
        requests: Vec::new(),
        fullscreen: false,
    }))
}
