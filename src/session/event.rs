//! The events a session is made of. A session *is* its event log: every fact the debrief
//! needs (effects applied, text shown, chance results) is recorded in the events themselves, so
//! a record still replays and renders after its scenario file has changed or gone.

use super::date::Date;
use crate::scenario::{
    ChanceId, Checkpoint, CheckpointId, Effect, InjectId, NodeId, Outcome, Pillar, Rating,
};
use serde::{Deserialize, Serialize};

/// Self-study or facilitated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Mode {
    /// One person at a laptop.
    #[default]
    SelfStudy,
    /// An officer runs it for a room of tables.
    Facilitated,
}

/// When feedback on each choice is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum FeedbackMode {
    /// Straight after each decision.
    #[default]
    Immediate,
    /// Only in the debrief.
    AtEnd,
}

/// How a session is set up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct SessionConfig {
    /// Self-study or facilitated.
    pub mode: Mode,
    /// The learner's name (self-study); may be empty for anonymous.
    pub participant: String,
    /// Table names (facilitated); empty means the whole room decides as one.
    pub tables: Vec<String>,
    /// Drives choice order, variable values and chance events.
    pub seed: u64,
    /// When feedback is shown.
    pub feedback: FeedbackMode,
    /// Whether choices are shuffled (also needs the scenario to allow it).
    pub shuffle: bool,
    /// Facilitated: session title.
    pub title: String,
    /// Facilitated: date of the session, as the facilitator writes it.
    pub date: String,
    /// Facilitated: who ran it.
    pub facilitator: String,
    /// Facilitated: where.
    pub venue: String,
}

/// A chance event as it fell.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChanceResult {
    /// Which event.
    pub id: ChanceId,
    /// Whether it happened.
    pub happened: bool,
    /// Its text with variables filled (shown when it happened).
    #[serde(default)]
    pub text: String,
    /// Effects applied when it happened.
    #[serde(default)]
    pub effects: Vec<Effect>,
}

/// Arriving at a node: what the players see, recorded so the record stands alone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Arrival {
    /// The node.
    pub node: NodeId,
    /// Its title, filled.
    #[serde(default)]
    pub title: String,
    /// Set when the node is an ending.
    #[serde(default)]
    pub ending: Option<(Rating, String)>,
    /// Chance events resolved on arrival.
    #[serde(default)]
    pub chance: Vec<ChanceResult>,
}

/// One table's vote at a decision.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vote {
    /// The table's name.
    pub table: String,
    /// The choice voted for (index in the scenario's written order).
    pub choice: usize,
    /// Checkpoint outcomes that choice records, for the table's own score.
    #[serde(default)]
    pub outcomes: Vec<(CheckpointId, Outcome)>,
}

/// Votes from a whole room counted by show of hands, per choice.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Count {
    /// The choice (index in the scenario's written order).
    pub choice: usize,
    /// How many hands.
    pub hands: u32,
}

/// A decision, with everything needed to replay and explain it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// Where it was taken.
    pub node: NodeId,
    /// The node's title, filled.
    #[serde(default)]
    pub node_title: String,
    /// The choice taken (index in the scenario's written order).
    pub choice: usize,
    /// The choice's text, filled.
    pub choice_text: String,
    /// The feedback shown for it, filled.
    #[serde(default)]
    pub feedback: String,
    /// The effects applied.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// Where the story went, and what happened there.
    pub arrival: Arrival,
    /// Why the player or room chose it.
    #[serde(default)]
    pub rationale: String,
    /// Each table's vote (facilitated, by table).
    #[serde(default)]
    pub votes: Vec<Vote>,
    /// Hands per choice (facilitated, whole room).
    #[serde(default)]
    pub counts: Vec<Count>,
    /// Why the facilitator's decision differs from the majority.
    #[serde(default)]
    pub override_reason: String,
    /// The texts of the choices that were on offer, in the order shown.
    #[serde(default)]
    pub offered: Vec<(usize, String)>,
}

/// Where a recommendation stands when the committee reviews it (e.g. at six months).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Progress {
    /// Agreed, nothing reported yet.
    #[default]
    Open,
    /// Under way.
    InProgress,
    /// Done.
    Done,
    /// Dropped (the review says why).
    Dropped,
}

impl Progress {
    /// Every status, in order.
    pub const ALL: [Progress; 4] = [
        Progress::Open,
        Progress::InProgress,
        Progress::Done,
        Progress::Dropped,
    ];

    /// The status in words.
    pub fn label(self) -> &'static str {
        match self {
            Progress::Open => "Open",
            Progress::InProgress => "In progress",
            Progress::Done => "Done",
            Progress::Dropped => "Dropped",
        }
    }
}

/// A recommendation to the committee.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Recommendation {
    /// Which P it strengthens.
    pub p: Pillar,
    /// What the council should do.
    pub text: String,
    /// Who owns it.
    #[serde(default)]
    pub owner: String,
    /// When it is due, as written (older records hold free text here, e.g. "June 2027").
    #[serde(default)]
    pub due: String,
    /// When it is due, as a date (recommendations recorded since due dates became dates;
    /// for older ones see [`Recommendation::due_date`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<Date>,
    /// Where it stands at the latest review.
    #[serde(default)]
    pub progress: Progress,
    /// What the latest review said, and when (as written).
    #[serde(default)]
    pub review: String,
}

impl Recommendation {
    /// A new, open recommendation.
    pub fn new(
        p: Pillar,
        text: impl Into<String>,
        owner: impl Into<String>,
        due: impl Into<String>,
    ) -> Self {
        Recommendation {
            p,
            text: text.into(),
            owner: owner.into(),
            due: due.into(),
            due_on: None,
            progress: Progress::Open,
            review: String::new(),
        }
    }

    /// A new, open recommendation due on a date.
    pub fn due_on(p: Pillar, text: impl Into<String>, owner: impl Into<String>, due: Date) -> Self {
        Recommendation {
            due: due.to_string(),
            due_on: Some(due),
            ..Recommendation::new(p, text, owner, "")
        }
    }

    /// The due date: the recorded date, or one read from the free text of an older record
    /// ("30/06/2027", "June 2027"); `None` when there is no date in it ("by the summer").
    pub fn due_date(&self) -> Option<Date> {
        Recommendation::due_date_of(self.due_on, &self.due)
    }

    /// True when it is due before `today` and neither done nor dropped.
    pub fn is_overdue(&self, today: Date) -> bool {
        Recommendation::overdue(self.progress, self.due_date(), today)
    }

    /// The due date of a recommendation with these fields (the rule of
    /// [`Recommendation::due_date`], also used by the record index's summaries).
    pub fn due_date_of(due_on: Option<Date>, due: &str) -> Option<Date> {
        due_on.or_else(|| Date::parse_lenient(due))
    }

    /// Whether a recommendation standing at `progress` and due on `due` is overdue on
    /// `today` (the rule of [`Recommendation::is_overdue`]).
    pub fn overdue(progress: Progress, due: Option<Date>, today: Date) -> bool {
        matches!(progress, Progress::Open | Progress::InProgress) && due.is_some_and(|d| d < today)
    }
}

/// Someone who took part in a facilitated session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    /// Their id on the roster they were picked from (empty when typed in by hand).
    #[serde(default)]
    pub person: String,
    /// Their name as it was when the attendance was taken, so the record stands alone.
    pub name: String,
}

/// Everything that can happen in a session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Event {
    /// The first event of every session.
    Started(Box<Started>),
    /// A decision was taken.
    Decided(Box<Decision>),
    /// The facilitator dropped in an inject.
    Injected {
        /// Which inject.
        id: InjectId,
        /// Its title, filled.
        title: String,
        /// Its text, filled.
        text: String,
        /// The effects applied.
        effects: Vec<Effect>,
    },
    /// The last decision was taken back.
    Undone,
    /// A note (facilitator observation or learner reflection).
    Noted {
        /// The note.
        text: String,
    },
    /// A recommendation for the committee.
    Recommended(Recommendation),
    /// A recommendation was withdrawn (by its position among the recommendations).
    RecommendationRemoved {
        /// Position in the list of current recommendations.
        index: usize,
    },
    /// A recommendation's progress was reviewed (it may be long after the session).
    RecommendationReviewed {
        /// Position in the list of current recommendations.
        index: usize,
        /// Where it stands.
        progress: Progress,
        /// What the review said.
        review: String,
    },
    /// The session was closed at an ending.
    Finished,
    /// Who attended (facilitated): the whole list as it now stands, replacing any earlier
    /// one. Taken at the start or at the end, and may be corrected after the session.
    Attendance(Vec<Attendee>),
}

/// The first event: the setup and a snapshot of what the debrief needs from the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Started {
    /// The setup.
    pub config: SessionConfig,
    /// The scenario's id.
    pub scenario_id: String,
    /// The scenario's version.
    pub scenario_version: String,
    /// The scenario's title.
    pub scenario_title: String,
    /// The scenario's area (Licensing, Procurement, …); empty in records made before it was
    /// kept, for which the programme looks the area up by scenario id.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scenario_area: String,
    /// Hash of the scenario file.
    pub content_hash: String,
    /// When the session started. Stored as RFC 3339 text in UTC, `YYYY-MM-DDTHH:MM:SSZ`, as
    /// every version has written it; show it with [`crate::session::time::local_display`].
    pub started_at: jiff::Timestamp,
    /// Variable values drawn for this session, in declaration order.
    pub variables: Vec<(String, String)>,
    /// The scenario's checkpoints, as they were.
    pub checkpoints: Vec<Checkpoint>,
    /// Best and worst index the analyser found possible, if known: (worst, best).
    #[serde(default)]
    pub possible_index: Option<(f64, f64)>,
    /// The same for each P, in the usual order.
    #[serde(default)]
    pub possible_pillars: [Option<(f64, f64)>; 4],
    /// Counters: (id, label, unit, start).
    #[serde(default)]
    pub counters: Vec<(String, String, String, i64)>,
    /// Arrival at the start node.
    pub arrival: Arrival,
    /// Set only for a test play from the Author screen (never saved): it began at the
    /// arrival's node, not the scenario's start, with these flags already set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<TestStart>,
}

/// How a test play from the Author screen began.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct TestStart {
    /// Flags set before the first node.
    pub flags: Vec<String>,
}
