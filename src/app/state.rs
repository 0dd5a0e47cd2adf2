//! The app's working state besides the session engine: the start screen's form and the open
//! session with what is being drafted in it.

use super::facilitation::Facilitation;
use crate::session::{FeedbackMode, Mode, Session};

/// The start screen's form.
#[derive(Clone, Debug, Default)]
pub struct StartForm {
    /// Self-study or facilitated.
    pub mode: Mode,
    /// Self-study: the learner's name.
    pub name: String,
    /// Self-study: feedback mode.
    pub feedback: FeedbackMode,
    /// Facilitated: session title.
    pub title: String,
    /// Facilitated: date.
    pub date: String,
    /// Facilitated: who runs it.
    pub facilitator: String,
    /// Facilitated: where.
    pub venue: String,
    /// Facilitated: whether tables vote separately (else the whole room, by show of hands).
    pub by_tables: bool,
    /// Facilitated: table names, one per line.
    pub tables: String,
    /// What is wrong with the form, if Begin was refused.
    pub problem: Option<String>,
}

impl StartForm {
    /// Table names from the form: trimmed, blank lines dropped; duplicates are an error.
    pub fn table_names(&self) -> Result<Vec<String>, String> {
        if !self.by_tables {
            return Ok(Vec::new());
        }
        let mut names: Vec<String> = Vec::new();
        for line in self.tables.lines() {
            let name = line.trim();
            if name.is_empty() {
                continue;
            }
            if name.chars().count() > 60 {
                return Err(format!(
                    "The table name \"{name}\" is too long: keep it under 60 characters."
                ));
            }
            if names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                return Err(format!(
                    "Two tables are called \"{name}\": give each table its own name."
                ));
            }
            names.push(name.to_owned());
        }
        if names.is_empty() {
            return Err("Name at least one table (one per line), or choose \"The whole room decides together\".".into());
        }
        if names.len() > 40 {
            return Err(format!(
                "{} tables is more than this screen can take: at most 40.",
                names.len()
            ));
        }
        Ok(names)
    }
}

/// The session being played or debriefed.
pub struct OpenSession {
    /// Its record id.
    pub id: String,
    /// The engine.
    pub session: Session,
    /// The highlighted choice, if any.
    pub selected: Option<usize>,
    /// Feedback waiting to be read (immediate mode), with the choice text.
    pub pending_feedback: Option<(String, String)>,
    /// The facilitator's working state (facilitated sessions only).
    pub facilitation: Option<Facilitation>,
    /// This machine's lock on the session (a shared data folder): taken when it is first
    /// saved or resumed, released when it is closed.
    pub lock: Option<crate::store::shared_folder::SessionLock>,
}

impl OpenSession {
    pub(super) fn new(id: String, session: Session) -> Self {
        let facilitation = (session.config().mode == Mode::Facilitated)
            .then(|| Facilitation::new(&session.display_title()));
        OpenSession {
            id,
            session,
            selected: None,
            pending_feedback: None,
            facilitation,
            lock: None,
        }
    }
}

/// The learner's own 4P profile in History: the latest finished self-study session of each
/// scenario, averaged per P. Computed when the records change, not every frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProfileSummary {
    /// Scenarios with a finished self-study session.
    pub scenarios: usize,
    /// Each P in [`crate::scenario::Pillar::ALL`] order: the mean and how many scenarios
    /// tested it (`None`: none did).
    pub pillars: [Option<(f64, usize)>; 4],
}

impl ProfileSummary {
    /// The profile of a list of records, newest first (as the record cache keeps them).
    pub fn of(records: &[std::sync::Arc<crate::store::index::RecordInfo>]) -> ProfileSummary {
        let mut latest: std::collections::BTreeMap<&str, &crate::store::index::RecordInfo> =
            Default::default();
        for r in records
            .iter()
            .filter(|r| r.finished && r.mode == Mode::SelfStudy)
        {
            // Newest first: the first seen of each scenario is its latest attempt.
            latest.entry(&*r.scenario_id).or_insert(&**r);
        }
        let pillars = crate::scenario::Pillar::ALL.map(|p| {
            let vals: Vec<f64> = latest.values().filter_map(|r| r.pillar(p)).collect();
            (!vals.is_empty()).then(|| (vals.iter().sum::<f64>() / vals.len() as f64, vals.len()))
        });
        ProfileSummary {
            scenarios: latest.len(),
            pillars,
        }
    }
}
