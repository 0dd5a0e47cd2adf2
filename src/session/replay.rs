//! The session engine: a pull API over an event log.
//!
//! The UI asks for the current [`NodeView`], tells the session what was chosen, and reads the
//! state back; it never follows a `goto` or computes a score itself. Every change appends an
//! event; the state is always the replay of the log ([`Session::from_events`]), so resume,
//! undo, reports and tests all go through one path.

use super::event::*;
use super::rng;
use super::scoring::{self, Recorded, Score};
use crate::scenario::{
    Analysis, ChanceEvent, Condition, Effect, EvidenceKind, InjectId, Node, NodeId, Outcome,
    Rating, Scenario, text::fill,
};
use std::collections::{BTreeMap, BTreeSet};
use thiserror::Error;

/// Why a session refused an action.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SessionError {
    /// The session has finished.
    #[error("the session has finished")]
    Finished,
    /// The current node is an ending.
    #[error("the scenario has ended: there is nothing more to decide")]
    AtEnding,
    /// Finishing before an ending.
    #[error("the session can only be finished at an ending")]
    NotAtEnding,
    /// The choice is not offered here.
    #[error("choice {0} is not offered here")]
    ChoiceNotOffered(usize),
    /// A vote names an unknown table.
    #[error("there is no table called \"{0}\" in this session")]
    UnknownTable(String),
    /// The decision differs from the majority and no reason was given.
    #[error("the room's majority chose otherwise: give a reason for overriding it")]
    OverrideNeedsReason,
    /// Nothing to undo.
    #[error("there is no decision to undo")]
    NothingToUndo,
    /// Unknown inject.
    #[error("the scenario has no inject called \"{0}\"")]
    UnknownInject(String),
    /// The scenario does not contain the node the session is at.
    #[error("the scenario no longer has the node \"{0}\" this session is at")]
    ScenarioChanged(String),
    /// The log does not start with a `Started` event.
    #[error("the record does not begin with the start of a session")]
    NoStart,
    /// A recommendation index out of range, or empty text.
    #[error("{0}")]
    Invalid(String),
}

/// The state of a session: the fold of its events.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionState {
    /// The setup and scenario snapshot.
    pub started: Started,
    /// Where the session is now.
    pub current: Arrival,
    /// Flags set.
    pub flags: BTreeSet<String>,
    /// Counter values.
    pub counters: BTreeMap<String, i64>,
    /// Checkpoint outcomes (last stands) and the decision that recorded each.
    pub recorded: Recorded,
    /// Each table's recorded outcomes from the choices it voted for.
    pub table_recorded: BTreeMap<String, Recorded>,
    /// Decisions taken, in order.
    pub path: Vec<Decision>,
    /// Injects dropped in: (id, title, text, taken after this many decisions).
    pub injects: Vec<(InjectId, String, String, usize)>,
    /// Notes.
    pub notes: Vec<String>,
    /// The room's recommendations.
    pub recommendations: Vec<Recommendation>,
    /// Who attended (facilitated), as last recorded.
    pub attendance: Vec<Attendee>,
    /// Whether the session was closed at an ending.
    pub finished: bool,
}

/// What a player sees at the current node.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    /// Node id.
    pub id: NodeId,
    /// Title, filled.
    pub title: String,
    /// Narrative (light Markdown), filled.
    pub text: String,
    /// Chance events that happened on arrival, filled.
    pub developments: Vec<String>,
    /// Evidence documents: (kind, title, body), filled.
    pub evidence: Vec<(EvidenceKind, String, String)>,
    /// The choices on offer, in the order to show them.
    pub choices: Vec<OfferedChoice>,
    /// Set at an ending.
    pub ending: Option<(Rating, String)>,
    /// Decisions taken so far.
    pub decisions_taken: usize,
}

/// Material for the facilitator only: never shown to an audience before the debrief.
#[derive(Clone, Debug, PartialEq)]
pub struct FacilitatorView {
    /// Notes, filled.
    pub notes: String,
    /// Discussion questions, filled.
    pub questions: Vec<String>,
    /// Model answer, filled.
    pub model_answer: String,
    /// References.
    pub references: Vec<String>,
}

/// A choice as offered to players.
#[derive(Clone, Debug, PartialEq)]
pub struct OfferedChoice {
    /// Its index in the scenario's written order (what `choose` takes).
    pub index: usize,
    /// The number players press (1–9), in the shown order.
    pub number: usize,
    /// Its text, filled.
    pub text: String,
}

/// What the room or player decided, with the votes behind it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChoiceInput {
    /// The choice taken (index in written order, as in [`OfferedChoice::index`]).
    pub choice: usize,
    /// Why.
    pub rationale: String,
    /// Each table's vote: (table name, choice index).
    pub votes: Vec<(String, usize)>,
    /// Show of hands per choice index, for a whole room.
    pub counts: Vec<(usize, u32)>,
    /// Required when the choice differs from the majority.
    pub override_reason: String,
}

/// Who took part in a session (see [`Session::participants`]); text fields are trimmed, and
/// empty when not given.
#[derive(Clone, Debug, PartialEq)]
pub struct Participants {
    /// Self-study or facilitated.
    pub mode: Mode,
    /// Self-study: the learner's name.
    pub participant: String,
    /// Facilitated: who ran it.
    pub facilitator: String,
    /// Facilitated: the date given.
    pub date: String,
    /// Facilitated: where.
    pub venue: String,
    /// Facilitated: the tables (none when the whole room decided together).
    pub tables: Vec<String>,
}

impl Participants {
    /// How the room voted: "whole room" or "3 tables".
    pub fn voting(&self) -> String {
        if self.tables.is_empty() {
            "whole room".to_owned()
        } else {
            format!("{} tables", self.tables.len())
        }
    }

    /// Everything in one line, as a report's subtitle: "2026-11-28 · Council Chamber ·
    /// facilitated by Chief EHO · tables: North, South", or "Self-study: Sam".
    pub fn line(&self) -> String {
        match self.mode {
            Mode::Facilitated => {
                let mut parts = Vec::new();
                if !self.date.is_empty() {
                    parts.push(self.date.clone());
                }
                if !self.venue.is_empty() {
                    parts.push(self.venue.clone());
                }
                if !self.facilitator.is_empty() {
                    parts.push(format!("facilitated by {}", self.facilitator));
                }
                if !self.tables.is_empty() {
                    parts.push(format!("tables: {}", self.tables.join(", ")));
                }
                parts.join(" · ")
            }
            Mode::SelfStudy => {
                if self.participant.is_empty() {
                    "Self-study (anonymous)".into()
                } else {
                    format!("Self-study: {}", self.participant)
                }
            }
        }
    }
}

/// A session: its event log and the state replayed from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    events: Vec<Event>,
    state: SessionState,
}

fn vars_lookup(vars: &[(String, String)]) -> impl Fn(&str) -> Option<String> + '_ {
    move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
}

fn holds(cond: &Option<Condition>, flags: &BTreeSet<String>) -> bool {
    cond.as_ref()
        .is_none_or(|c| c.holds(&|f| flags.contains(f.as_str())))
}

fn apply_flags_counters(
    effects: &[Effect],
    flags: &mut BTreeSet<String>,
    counters: &mut BTreeMap<String, i64>,
) {
    for e in effects {
        match e {
            Effect::Set(f) => {
                flags.insert(f.0.clone());
            }
            Effect::Clear(f) => {
                flags.remove(f.as_str());
            }
            Effect::Add(c, n) => {
                let v = counters.entry(c.0.clone()).or_insert(0);
                *v = v.saturating_add(*n);
            }
            _ => {}
        }
    }
}

fn outcomes_of(effects: &[Effect]) -> Vec<(crate::scenario::CheckpointId, Outcome)> {
    effects
        .iter()
        .filter_map(|e| e.checkpoint_outcome().map(|(c, o)| (c.clone(), o)))
        .collect()
}

/// Resolves arrival at `node` with the current flags (chance events rolled by the seed).
fn arrive(node: &Node, seed: u64, vars: &[(String, String)], flags: &BTreeSet<String>) -> Arrival {
    let lookup = vars_lookup(vars);
    let mut flags = flags.clone();
    let mut counters = BTreeMap::new();
    let mut chance = Vec::new();
    for ev in &node.chance {
        let ChanceEvent {
            id,
            probability,
            text,
            when,
            effects,
        } = ev;
        if !holds(when, &flags) {
            continue;
        }
        let happened = rng::chance_happens(seed, id.as_str(), *probability);
        if happened {
            apply_flags_counters(effects, &mut flags, &mut counters);
        }
        chance.push(ChanceResult {
            id: id.clone(),
            happened,
            text: fill(text, &lookup),
            effects: if happened {
                effects.clone()
            } else {
                Vec::new()
            },
        });
    }
    Arrival {
        node: node.id.clone(),
        title: fill(&node.title, &lookup),
        ending: node
            .ending
            .as_ref()
            .map(|e| (e.rating, fill(&e.outcome, &lookup))),
        chance,
    }
}

impl Session {
    /// Starts a session of `scenario` (whose file hashed to `content_hash`).
    pub fn start(
        scenario: &Scenario,
        content_hash: &str,
        mut config: SessionConfig,
        analysis: Option<&Analysis>,
    ) -> Session {
        config.shuffle = config.shuffle && scenario.shuffle_choices;
        let seed = config.seed;
        let variables: Vec<(String, String)> = scenario
            .variables
            .iter()
            .map(|v| {
                let i = rng::variable_index(seed, v.id.as_str(), v.values.len());
                (v.id.0.clone(), v.values.get(i).cloned().unwrap_or_default())
            })
            .collect();
        let start_node = scenario.node(&scenario.start);
        let arrival = match start_node {
            Some(n) => arrive(n, seed, &variables, &BTreeSet::new()),
            None => Arrival {
                node: scenario.start.clone(),
                title: String::new(),
                ending: None,
                chance: Vec::new(),
            },
        };
        let lookup = vars_lookup(&variables);
        let range = |r: Option<crate::scenario::ScoreRange>| r.map(|r| (r.worst, r.best));
        let scenario_title = fill(&scenario.title, &lookup);
        let checkpoints = scenario
            .checkpoints
            .iter()
            .map(|c| {
                let mut c = c.clone();
                c.title = fill(&c.title, &lookup);
                c.lesson = fill(&c.lesson, &lookup);
                c
            })
            .collect();
        let started = Started {
            config,
            scenario_id: scenario.id.0.clone(),
            scenario_version: scenario.version.clone(),
            scenario_title,
            scenario_area: scenario.area.clone(),
            content_hash: content_hash.to_owned(),
            started_at: super::time::now(),
            checkpoints,
            possible_index: analysis.and_then(|a| range(a.index)),
            possible_pillars: analysis.map(|a| a.pillars.map(range)).unwrap_or([None; 4]),
            counters: scenario
                .counters
                .iter()
                .map(|c| (c.id.0.clone(), c.label.clone(), c.unit.clone(), c.start))
                .collect(),
            variables: variables.clone(),
            arrival,
            test: None,
        };
        let events = vec![Event::Started(Box::new(started))];
        Session::from_events(events).expect("a log that begins with Started replays")
    }

    /// Starts a test play of `scenario` at `node` (not the scenario's start) with `flags` set
    /// and the named `counters` at the given values (the others at their declared start),
    /// as the author chose on the Author screen. The session is marked as a test.
    pub fn start_at(
        scenario: &Scenario,
        content_hash: &str,
        config: SessionConfig,
        node: &str,
        flags: &[String],
        counters: &[(String, i64)],
    ) -> Result<Session, SessionError> {
        let Some(at) = scenario.nodes.iter().find(|n| n.id.as_str() == node) else {
            return Err(SessionError::ScenarioChanged(node.to_owned()));
        };
        let base = Session::start(scenario, content_hash, config, None);
        let mut started = base.state.started.clone();
        let set: BTreeSet<String> = flags
            .iter()
            .filter(|f| scenario.flags.iter().any(|d| d.id.as_str() == f.as_str()))
            .cloned()
            .collect();
        started.arrival = arrive(at, started.config.seed, &started.variables, &set);
        for (id, _, _, start) in &mut started.counters {
            if let Some((_, v)) = counters.iter().find(|(c, _)| c == id) {
                *start = *v;
            }
        }
        started.test = Some(crate::session::event::TestStart {
            flags: set.into_iter().collect(),
        });
        Session::from_events(vec![Event::Started(Box::new(started))])
    }

    /// Whether this is a test play from the Author screen (which is never saved).
    pub fn is_test(&self) -> bool {
        self.state.started.test.is_some()
    }

    /// Rebuilds a session from its log.
    pub fn from_events(events: Vec<Event>) -> Result<Session, SessionError> {
        let state = replay(&events)?;
        Ok(Session { events, state })
    }

    /// The event log.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The state.
    pub fn state(&self) -> &SessionState {
        &self.state
    }

    /// The setup.
    pub fn config(&self) -> &SessionConfig {
        &self.state.started.config
    }

    fn push(&mut self, event: Event) {
        // Undo changes history, so it replays the log; everything else folds in directly,
        // through the same function the replay uses.
        if matches!(event, Event::Undone) {
            self.events.push(event);
            if let Ok(state) = replay(&self.events) {
                self.state = state;
            }
        } else {
            apply(&mut self.state, &event);
            self.events.push(event);
        }
    }

    /// `text` with the session's variables filled in (`{name}` becomes the value drawn for
    /// this session; `{{`/`}}` are literal braces): the one way scenario text is filled, for
    /// the engine, the app and the reports.
    pub fn fill(&self, text: &str) -> String {
        fill(text, &vars_lookup(&self.state.started.variables))
    }

    /// The session's display title: the facilitator's title when one was given, else the
    /// scenario's.
    pub fn display_title(&self) -> String {
        let st = &self.state;
        if st.started.config.title.trim().is_empty() {
            st.started.scenario_title.clone()
        } else {
            st.started.config.title.clone()
        }
    }

    fn node<'s>(&self, s: &'s Scenario) -> Result<&'s Node, SessionError> {
        s.node(&self.state.current.node)
            .ok_or_else(|| SessionError::ScenarioChanged(self.state.current.node.0.clone()))
    }

    /// The choices on offer at the current node, in the order to show them.
    pub fn offered(&self, s: &Scenario) -> Result<Vec<OfferedChoice>, SessionError> {
        let node = self.node(s)?;
        let mut idx: Vec<usize> = node
            .choices
            .iter()
            .enumerate()
            .filter(|(_, c)| holds(&c.when, &self.state.flags))
            .map(|(i, _)| i)
            .collect();
        if self.config().shuffle && s.shuffle_choices {
            rng::shuffle_choices(self.config().seed, node.id.as_str(), &mut idx);
        }
        Ok(idx
            .into_iter()
            .enumerate()
            .map(|(k, i)| OfferedChoice {
                index: i,
                number: k + 1,
                text: self.fill(&node.choices[i].text),
            })
            .collect())
    }

    /// What the players see now.
    pub fn view(&self, s: &Scenario) -> Result<NodeView, SessionError> {
        let node = self.node(s)?;
        Ok(NodeView {
            id: node.id.clone(),
            title: self.fill(&node.title),
            text: self.fill(&node.text),
            developments: self
                .state
                .current
                .chance
                .iter()
                .filter(|c| c.happened)
                .map(|c| c.text.clone())
                .collect(),
            evidence: node
                .evidence
                .iter()
                .map(|e| (e.kind, self.fill(&e.title), self.fill(&e.body)))
                .collect(),
            choices: if node.is_ending() {
                Vec::new()
            } else {
                self.offered(s)?
            },
            ending: self.state.current.ending.clone(),
            decisions_taken: self.state.path.len(),
        })
    }

    /// The facilitator's material for the current node.
    pub fn facilitator_view(&self, s: &Scenario) -> Result<FacilitatorView, SessionError> {
        let node = self.node(s)?;
        Ok(FacilitatorView {
            notes: self.fill(&node.facilitator_notes),
            questions: node.questions.iter().map(|q| self.fill(q)).collect(),
            model_answer: self.fill(&node.model_answer),
            references: node.references.clone(),
        })
    }

    /// The choice most votes (or hands) went to, if one choice has strictly the most.
    pub fn majority(input: &ChoiceInput) -> Option<usize> {
        let tally = Session::tally(input);
        let top = tally.values().copied().max()?;
        let leaders: Vec<usize> = tally
            .iter()
            .filter(|(_, n)| **n == top)
            .map(|(c, _)| *c)
            .collect();
        (leaders.len() == 1 && top > 0).then(|| leaders[0])
    }

    /// Who took part: the setup's people, place and tables, for headings and reports.
    pub fn participants(&self) -> Participants {
        let c = self.config();
        Participants {
            mode: c.mode,
            participant: c.participant.trim().to_owned(),
            facilitator: c.facilitator.trim().to_owned(),
            date: c.date.trim().to_owned(),
            venue: c.venue.trim().to_owned(),
            tables: c.tables.clone(),
        }
    }

    /// Votes (or hands) per choice index in `input`, choices with none left out.
    pub fn tally(input: &ChoiceInput) -> BTreeMap<usize, u64> {
        let mut tally: BTreeMap<usize, u64> = BTreeMap::new();
        for (_, c) in &input.votes {
            *tally.entry(*c).or_default() += 1;
        }
        for (c, n) in &input.counts {
            if *n > 0 {
                *tally.entry(*c).or_default() += u64::from(*n);
            }
        }
        tally
    }

    /// For each table (in the setup's order), how many of the room's decisions it voted for.
    pub fn table_agreement(&self) -> Vec<(String, usize)> {
        self.config()
            .tables
            .iter()
            .map(|t| {
                let agreed = self
                    .state
                    .path
                    .iter()
                    .filter(|d| {
                        d.votes
                            .iter()
                            .any(|v| &v.table == t && v.choice == d.choice)
                    })
                    .count();
                (t.clone(), agreed)
            })
            .collect()
    }

    /// Takes a decision at the current node.
    pub fn choose(&mut self, s: &Scenario, input: ChoiceInput) -> Result<&Decision, SessionError> {
        if self.state.finished {
            return Err(SessionError::Finished);
        }
        let node = self.node(s)?;
        if node.is_ending() {
            return Err(SessionError::AtEnding);
        }
        let offered = self.offered(s)?;
        let is_offered = |c: usize| offered.iter().any(|o| o.index == c);
        if !is_offered(input.choice) {
            return Err(SessionError::ChoiceNotOffered(input.choice));
        }
        for (table, c) in &input.votes {
            if !self.config().tables.iter().any(|t| t == table) {
                return Err(SessionError::UnknownTable(table.clone()));
            }
            if !is_offered(*c) {
                return Err(SessionError::ChoiceNotOffered(*c));
            }
        }
        for (c, _) in &input.counts {
            if !is_offered(*c) {
                return Err(SessionError::ChoiceNotOffered(*c));
            }
        }
        if let Some(m) = Session::majority(&input)
            && m != input.choice
            && input.override_reason.trim().is_empty()
        {
            return Err(SessionError::OverrideNeedsReason);
        }
        let choice = &node.choices[input.choice];
        let mut flags = self.state.flags.clone();
        let mut scratch = BTreeMap::new();
        apply_flags_counters(&choice.effects, &mut flags, &mut scratch);
        let dest = choice
            .branches
            .iter()
            .find(|b| b.when.holds(&|f| flags.contains(f.as_str())))
            .map(|b| b.goto.clone())
            .unwrap_or_else(|| choice.goto.clone());
        let dest_node = s
            .node(&dest)
            .ok_or_else(|| SessionError::ScenarioChanged(dest.0.clone()))?;
        let arrival = arrive(
            dest_node,
            self.config().seed,
            &self.state.started.variables,
            &flags,
        );
        let decision = Decision {
            node: node.id.clone(),
            node_title: self.fill(&node.title),
            choice: input.choice,
            choice_text: self.fill(&choice.text),
            feedback: self.fill(&choice.feedback),
            effects: choice.effects.clone(),
            arrival,
            rationale: input.rationale,
            votes: input
                .votes
                .iter()
                .map(|(t, c)| Vote {
                    table: t.clone(),
                    choice: *c,
                    outcomes: outcomes_of(&node.choices[*c].effects),
                })
                .collect(),
            counts: input
                .counts
                .iter()
                .map(|(c, n)| Count {
                    choice: *c,
                    hands: *n,
                })
                .collect(),
            override_reason: input.override_reason,
            offered: offered.iter().map(|o| (o.index, o.text.clone())).collect(),
        };
        self.push(Event::Decided(Box::new(decision)));
        match self.state.path.last() {
            Some(d) => Ok(d),
            None => unreachable!("a decision was just recorded"),
        }
    }

    /// Drops in an inject.
    pub fn inject(&mut self, s: &Scenario, id: &str) -> Result<(), SessionError> {
        if self.state.finished {
            return Err(SessionError::Finished);
        }
        let inj = s
            .injects
            .iter()
            .find(|i| i.id.as_str() == id)
            .ok_or_else(|| SessionError::UnknownInject(id.to_owned()))?;
        self.push(Event::Injected {
            id: inj.id.clone(),
            title: self.fill(&inj.title),
            text: self.fill(&inj.text),
            effects: inj.effects.clone(),
        });
        Ok(())
    }

    /// Takes back the last decision.
    pub fn undo(&mut self) -> Result<(), SessionError> {
        if self.state.finished {
            return Err(SessionError::Finished);
        }
        if self.state.path.is_empty() {
            return Err(SessionError::NothingToUndo);
        }
        self.push(Event::Undone);
        Ok(())
    }

    /// Adds a note.
    pub fn note(&mut self, text: &str) -> Result<(), SessionError> {
        if text.trim().is_empty() {
            return Err(SessionError::Invalid("the note is empty".into()));
        }
        self.push(Event::Noted {
            text: text.to_owned(),
        });
        Ok(())
    }

    /// Adds a recommendation for the committee.
    pub fn recommend(&mut self, rec: Recommendation) -> Result<(), SessionError> {
        if rec.text.trim().is_empty() {
            return Err(SessionError::Invalid(
                "write what the council should do".into(),
            ));
        }
        self.push(Event::Recommended(rec));
        Ok(())
    }

    /// Withdraws a recommendation by its position.
    pub fn remove_recommendation(&mut self, index: usize) -> Result<(), SessionError> {
        if index >= self.state.recommendations.len() {
            return Err(SessionError::Invalid(format!(
                "there is no recommendation number {}",
                index + 1
            )));
        }
        self.push(Event::RecommendationRemoved { index });
        Ok(())
    }

    /// Records where a recommendation stands at a review; allowed after the session finished,
    /// since reviews come months later.
    pub fn review_recommendation(
        &mut self,
        index: usize,
        progress: Progress,
        review: &str,
    ) -> Result<(), SessionError> {
        if index >= self.state.recommendations.len() {
            return Err(SessionError::Invalid(format!(
                "there is no recommendation number {}",
                index + 1
            )));
        }
        self.push(Event::RecommendationReviewed {
            index,
            progress,
            review: review.trim().to_owned(),
        });
        Ok(())
    }

    /// Records who attended (the whole list; it replaces any earlier one). Allowed at any
    /// time, also after the session finished, since names are often added afterwards.
    /// Blank names are dropped and a name given twice is kept once.
    pub fn record_attendance(&mut self, people: Vec<Attendee>) -> Result<(), SessionError> {
        let mut list: Vec<Attendee> = Vec::with_capacity(people.len());
        for mut a in people {
            a.name = a.name.trim().to_owned();
            if a.name.is_empty() {
                continue;
            }
            let same = |b: &Attendee| {
                (!a.person.is_empty() && a.person == b.person)
                    || b.name.to_lowercase() == a.name.to_lowercase()
            };
            if !list.iter().any(same) {
                list.push(a);
            }
        }
        if list == self.state.attendance {
            return Ok(());
        }
        self.push(Event::Attendance(list));
        Ok(())
    }

    /// Closes the session at an ending.
    pub fn finish(&mut self) -> Result<(), SessionError> {
        if self.state.finished {
            return Err(SessionError::Finished);
        }
        if self.state.current.ending.is_none() {
            return Err(SessionError::NotAtEnding);
        }
        self.push(Event::Finished);
        Ok(())
    }

    /// True at an ending.
    pub fn at_ending(&self) -> bool {
        self.state.current.ending.is_some()
    }

    /// The score so far (the final score once at an ending).
    pub fn score(&self) -> Score {
        scoring::score(&self.state.started.checkpoints, &self.state.recorded)
    }

    /// Each table's score, from the choices it voted for along the room's path.
    pub fn table_scores(&self) -> Vec<(String, Score)> {
        self.config()
            .tables
            .iter()
            .map(|t| {
                let empty = Recorded::new();
                let rec = self.state.table_recorded.get(t).unwrap_or(&empty);
                (
                    t.clone(),
                    scoring::score(&self.state.started.checkpoints, rec),
                )
            })
            .collect()
    }

    /// For each decision, the share of votes (or hands) that agreed with the room's choice,
    /// 0–1; `None` where no votes were recorded.
    pub fn alignment(&self) -> Vec<Option<f64>> {
        self.state
            .path
            .iter()
            .map(|d| {
                let (agree, total) = if !d.votes.is_empty() {
                    (
                        d.votes.iter().filter(|v| v.choice == d.choice).count() as f64,
                        d.votes.len() as f64,
                    )
                } else {
                    (
                        d.counts
                            .iter()
                            .filter(|c| c.choice == d.choice)
                            .map(|c| f64::from(c.hands))
                            .sum(),
                        d.counts.iter().map(|c| f64::from(c.hands)).sum(),
                    )
                };
                (total > 0.0).then(|| agree / total)
            })
            .collect()
    }

    /// Counter values with their labels and units: (label, unit, value).
    pub fn counters(&self) -> Vec<(String, String, i64)> {
        self.state
            .started
            .counters
            .iter()
            .map(|(id, label, unit, _)| {
                (
                    label.clone(),
                    unit.clone(),
                    self.state.counters.get(id).copied().unwrap_or(0),
                )
            })
            .collect()
    }

    /// Explains, for every checkpoint, which decision set its outcome.
    pub fn explanation(&self) -> Vec<String> {
        self.score()
            .checkpoints
            .iter()
            .map(|c| {
                let head = format!(
                    "{} ({}, weight {}): {}",
                    c.checkpoint.title,
                    c.checkpoint.p,
                    c.checkpoint.weight,
                    c.status.label()
                );
                match c
                    .decided_by
                    .and_then(|i| self.state.path.get(i).map(|d| (i, d)))
                {
                    Some((i, d)) => format!(
                        "{head}, by decision {} at \"{}\": \"{}\"",
                        i + 1,
                        d.node_title,
                        d.choice_text
                    ),
                    None if c.checkpoint.required => {
                        format!("{head}: no decision on the path considered it")
                    }
                    None => format!("{head}: no decision on the path touched it"),
                }
            })
            .collect()
    }
}

/// Replays a log into a state. `Undone` takes back the most recent decision still standing;
/// injects, notes and recommendations made after it stay.
pub fn replay(events: &[Event]) -> Result<SessionState, SessionError> {
    let Some(Event::Started(started)) = events.first() else {
        return Err(SessionError::NoStart);
    };
    // Work out which events stand once undos are applied.
    let mut standing: Vec<&Event> = Vec::with_capacity(events.len());
    for e in &events[1..] {
        if let Event::Undone = e {
            if let Some(pos) = standing
                .iter()
                .rposition(|e| matches!(e, Event::Decided(_)))
            {
                standing.remove(pos);
            }
        } else {
            standing.push(e);
        }
    }
    let mut st = SessionState {
        started: (**started).clone(),
        current: started.arrival.clone(),
        flags: started
            .test
            .as_ref()
            .map(|t| t.flags.iter().cloned().collect())
            .unwrap_or_default(),
        counters: started
            .counters
            .iter()
            .map(|(id, _, _, v)| (id.clone(), *v))
            .collect(),
        recorded: Recorded::new(),
        table_recorded: BTreeMap::new(),
        path: Vec::new(),
        injects: Vec::new(),
        notes: Vec::new(),
        recommendations: Vec::new(),
        attendance: Vec::new(),
        finished: false,
    };
    let first_arrival = st.current.clone();
    arrive_effects(&mut st, &first_arrival);
    for e in standing {
        apply(&mut st, e);
    }
    Ok(st)
}

fn arrive_effects(st: &mut SessionState, a: &Arrival) {
    for c in &a.chance {
        if c.happened {
            apply_flags_counters(&c.effects, &mut st.flags, &mut st.counters);
        }
    }
}

/// Folds one event (other than `Started` and `Undone`, which [`replay`] handles) into a state.
fn apply(st: &mut SessionState, e: &Event) {
    match e {
        Event::Started(_) | Event::Undone => {}
        Event::Decided(d) => {
            let at = st.path.len();
            apply_flags_counters(&d.effects, &mut st.flags, &mut st.counters);
            for (c, o) in outcomes_of(&d.effects) {
                st.recorded.insert(c, (o, Some(at)));
            }
            for v in &d.votes {
                let rec = st.table_recorded.entry(v.table.clone()).or_default();
                for (c, o) in &v.outcomes {
                    rec.insert(c.clone(), (*o, Some(at)));
                }
            }
            st.current = d.arrival.clone();
            arrive_effects(st, &d.arrival);
            st.path.push((**d).clone());
        }
        Event::Injected {
            id,
            title,
            text,
            effects,
        } => {
            apply_flags_counters(effects, &mut st.flags, &mut st.counters);
            st.injects
                .push((id.clone(), title.clone(), text.clone(), st.path.len()));
        }
        Event::Noted { text } => st.notes.push(text.clone()),
        Event::Recommended(r) => st.recommendations.push(r.clone()),
        Event::RecommendationRemoved { index } => {
            if *index < st.recommendations.len() {
                st.recommendations.remove(*index);
            }
        }
        Event::RecommendationReviewed {
            index,
            progress,
            review,
        } => {
            if let Some(r) = st.recommendations.get_mut(*index) {
                r.progress = *progress;
                r.review = review.clone();
            }
        }
        Event::Finished => st.finished = true,
        Event::Attendance(people) => st.attendance = people.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Library;

    fn cash_buyer() -> Scenario {
        match Library::embedded().get("cash-buyer") {
            Some(l) => (*l.scenario).clone(),
            None => panic!("cash-buyer is shipped"),
        }
    }

    fn facilitated(s: &Scenario, title: &str, tables: &[&str]) -> Session {
        let config = SessionConfig {
            mode: Mode::Facilitated,
            title: title.into(),
            date: "2026-11-28".into(),
            venue: " Council Chamber ".into(),
            facilitator: "Chief EHO".into(),
            tables: tables.iter().map(|t| (*t).to_owned()).collect(),
            seed: 3,
            shuffle: false,
            ..SessionConfig::default()
        };
        Session::start(s, "h", config, None)
    }

    #[test]
    fn the_display_title_is_the_facilitator_s_else_the_scenario_s() {
        let s = cash_buyer();
        assert_eq!(
            facilitated(&s, "Members' evening", &[]).display_title(),
            "Members' evening"
        );
        assert_eq!(
            facilitated(&s, "   ", &[]).display_title(),
            "The cash buyer"
        );
    }

    #[test]
    fn fill_puts_in_the_values_drawn_for_this_session() {
        let s = cash_buyer();
        let session = facilitated(&s, "", &[]);
        let vars = &session.state().started.variables;
        let tenant = vars
            .iter()
            .find(|(k, _)| k == "tenant")
            .map(|(_, v)| v.clone());
        let tenant = tenant.unwrap_or_default();
        assert!(tenant.starts_with("Ms "), "{tenant}");
        assert_eq!(
            session.fill("{tenant} of {{estate}}, {nobody}"),
            format!("{tenant} of {{estate}}, {{nobody}}")
        );
    }

    #[test]
    fn participants_say_who_took_part_in_one_line() {
        let s = cash_buyer();
        let who = facilitated(&s, "", &["North", "South"]).participants();
        assert_eq!(who.venue, "Council Chamber");
        assert_eq!(who.voting(), "2 tables");
        assert_eq!(
            who.line(),
            "2026-11-28 · Council Chamber · facilitated by Chief EHO · tables: North, South"
        );
        let room = facilitated(&s, "", &[]).participants();
        assert_eq!(room.voting(), "whole room");
        assert_eq!(
            room.line(),
            "2026-11-28 · Council Chamber · facilitated by Chief EHO"
        );
        let solo = |name: &str| {
            let config = SessionConfig {
                participant: name.into(),
                ..SessionConfig::default()
            };
            Session::start(&s, "h", config, None).participants().line()
        };
        assert_eq!(solo(""), "Self-study (anonymous)");
        assert_eq!(solo(" Sam "), "Self-study: Sam");
    }

    #[test]
    fn the_tally_counts_votes_and_hands_per_choice_and_leaves_out_zero_hands() {
        let input = ChoiceInput {
            votes: vec![("A".into(), 2), ("B".into(), 2), ("C".into(), 0)],
            counts: vec![(1, 0), (3, 4)],
            ..ChoiceInput::default()
        };
        let tally: Vec<(usize, u64)> = Session::tally(&input).into_iter().collect();
        assert_eq!(tally, [(0, 1), (2, 2), (3, 4)]);
        assert_eq!(Session::majority(&input), Some(3));
        let tie = ChoiceInput {
            votes: vec![("A".into(), 0), ("B".into(), 1)],
            ..ChoiceInput::default()
        };
        assert_eq!(Session::majority(&tie), None);
    }

    #[test]
    fn table_agreement_counts_the_decisions_each_table_voted_for() {
        let s = cash_buyer();
        let mut session = facilitated(&s, "", &["North", "South"]);
        // North always votes for the room's choice; South for another one where there is one.
        let mut south_agreed = 0;
        while !session.at_ending() {
            let offered = match session.offered(&s) {
                Ok(o) => o,
                Err(e) => panic!("{e}"),
            };
            let room = offered[0].index;
            let south = offered.last().map_or(room, |c| c.index);
            if south == room {
                south_agreed += 1;
            }
            let input = ChoiceInput {
                choice: room,
                votes: vec![("North".into(), room), ("South".into(), south)],
                // A one-one split has no majority, so no reason is needed.
                ..ChoiceInput::default()
            };
            if let Err(e) = session.choose(&s, input) {
                panic!("{e}");
            }
        }
        let decisions = session.state().path.len();
        assert!(decisions >= 3);
        assert!(south_agreed < decisions);
        assert_eq!(
            session.table_agreement(),
            [
                ("North".to_owned(), decisions),
                ("South".to_owned(), south_agreed)
            ]
        );
    }
}
