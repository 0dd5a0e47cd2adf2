//! The scenario content model, exactly as it is written in a `.ron` scenario file.
//!
//! Every struct here denies unknown fields, so a misspelt field name is reported
//! (with a suggestion) instead of being silently ignored.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The newest scenario format version this build understands.
pub const FORMAT_VERSION: u32 = 1;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The id as written in the scenario file.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    };
}

id_type!(
    /// Identifies a scenario across versions of its file (e.g. `"taxi-refusal-elsewhere"`).
    ScenarioId
);
id_type!(
    /// Identifies a node within one scenario.
    NodeId
);
id_type!(
    /// Identifies a checkpoint within one scenario.
    CheckpointId
);
id_type!(
    /// Identifies a flag within one scenario.
    FlagId
);
id_type!(
    /// Identifies a counter (money lost, people at risk…) within one scenario.
    CounterId
);
id_type!(
    /// Identifies a `{variable}` within one scenario.
    VariableId
);
id_type!(
    /// Identifies an inject within one scenario.
    InjectId
);
id_type!(
    /// Identifies a chance event within one scenario.
    ChanceId
);

/// A whole scenario: metadata, checkpoints, declarations and the node graph.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The scenario format version the file is written in.
    pub format: u32,
    /// Stable identifier; records refer to the scenario by it.
    pub id: ScenarioId,
    /// The author's version of this scenario (e.g. `"1.2"`).
    pub version: String,
    /// Title shown in the library.
    pub title: String,
    /// Area of council business (Licensing, Procurement, Housing, …).
    pub area: String,
    /// The kind of council the scenario is written for, which decides whose services are
    /// the council's own; `None` in files written before it existed (`deskaudit check` warns).
    #[serde(default)]
    pub council: Option<CouncilType>,
    /// One-paragraph summary shown in the library.
    pub summary: String,
    /// Who the scenario is written for.
    #[serde(default)]
    pub audience: String,
    /// Estimated minutes to play.
    pub minutes: u32,
    /// Roles the players take (e.g. "Licensing Committee member").
    #[serde(default)]
    pub roles: Vec<String>,
    /// Whether the order of choices is shuffled by the session seed (default: yes).
    #[serde(default = "default_true")]
    pub shuffle_choices: bool,
    /// The node where every session starts.
    pub start: NodeId,
    /// The measures the council should have in place or take.
    pub checkpoints: Vec<Checkpoint>,
    /// Flags that decisions set and conditions test.
    #[serde(default)]
    pub flags: Vec<FlagDef>,
    /// Counters that decisions change (money lost, people at risk…).
    #[serde(default)]
    pub counters: Vec<CounterDef>,
    /// Variables filled from lists by the session seed and used in text as `{id}`.
    #[serde(default)]
    pub variables: Vec<VariableDef>,
    /// Developments a facilitator can drop in at any time.
    #[serde(default)]
    pub injects: Vec<Inject>,
    /// The moments of the story.
    pub nodes: Vec<Node>,
}

fn default_true() -> bool {
    true
}

/// The kind of English council a scenario is written for (content guide, section 4): it
/// decides which services are the council's own and which it must call a partner for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CouncilType {
    /// A district (or borough, or city) council in a two-tier area: licensing, environmental
    /// health, housing, planning, waste collection, council tax and benefits; the county
    /// runs the rest.
    District,
    /// A county council in a two-tier area: Trading Standards, adult and children's social
    /// care, education, public health, highways and waste disposal.
    County,
    /// A unitary council outside London and the metropolitan areas: every local service in
    /// one council.
    Unitary,
    /// A metropolitan borough (or district) council: every local service in one council, with
    /// fire and rescue and public transport run across the metropolitan county.
    MetropolitanBorough,
    /// A London borough council: every local service in one council, with the Greater London
    /// Authority and the Metropolitan Police working across London beside it.
    LondonBorough,
}

impl CouncilType {
    /// Every council type, in the order they are listed.
    pub const ALL: [CouncilType; 5] = [
        CouncilType::District,
        CouncilType::County,
        CouncilType::Unitary,
        CouncilType::MetropolitanBorough,
        CouncilType::LondonBorough,
    ];

    /// The name as written in a scenario file (`council: District`).
    pub fn ron_name(self) -> &'static str {
        match self {
            CouncilType::District => "District",
            CouncilType::County => "County",
            CouncilType::Unitary => "Unitary",
            CouncilType::MetropolitanBorough => "MetropolitanBorough",
            CouncilType::LondonBorough => "LondonBorough",
        }
    }

    /// The name as shown to users.
    pub fn label(self) -> &'static str {
        match self {
            CouncilType::District => "District council (two-tier)",
            CouncilType::County => "County council (two-tier)",
            CouncilType::Unitary => "Unitary council",
            CouncilType::MetropolitanBorough => "Metropolitan borough",
            CouncilType::LondonBorough => "London borough",
        }
    }

    /// One sentence on what the council runs itself and whom it calls for the rest.
    pub fn services(self) -> &'static str {
        match self {
            CouncilType::District => {
                "A district council in a two-tier area runs licensing, environmental health, housing, planning, waste collection, council tax and benefits; the county council runs Trading Standards, adult and children's social care, education and public health."
            }
            CouncilType::County => {
                "A county council runs Trading Standards, adult and children's social care, education and public health; the district councils in its area run licensing, environmental health, housing and planning."
            }
            CouncilType::Unitary => {
                "A unitary council runs every local service itself: licensing, environmental health, housing, Trading Standards, social care and education."
            }
            CouncilType::MetropolitanBorough => {
                "A metropolitan borough runs every local service itself, as a unitary council does; fire and rescue and public transport are run across the metropolitan county."
            }
            CouncilType::LondonBorough => {
                "A London borough runs every local service itself; the Greater London Authority and the Metropolitan Police work across London beside it."
            }
        }
    }
}

impl fmt::Display for CouncilType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// One of the four Ps of the national serious and organised crime strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Pillar {
    /// Prosecute and disrupt.
    Pursue,
    /// Stop people getting involved.
    Prevent,
    /// Raise defences.
    Protect,
    /// Reduce the impact.
    Prepare,
}

impl Pillar {
    /// All four, in the order they are always displayed.
    pub const ALL: [Pillar; 4] = [
        Pillar::Pursue,
        Pillar::Prevent,
        Pillar::Protect,
        Pillar::Prepare,
    ];

    /// The name as shown to users.
    pub fn name(self) -> &'static str {
        match self {
            Pillar::Pursue => "Pursue",
            Pillar::Prevent => "Prevent",
            Pillar::Protect => "Protect",
            Pillar::Prepare => "Prepare",
        }
    }

    /// Position in [`Pillar::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Pillar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A measure the council should have in place or take, scored on one P.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checkpoint {
    /// Identifier used by effects.
    pub id: CheckpointId,
    /// Which of the four Ps it belongs to.
    pub p: Pillar,
    /// The measure, in a few words.
    pub title: String,
    /// Relative weight, greater than 0 and at most 10.
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// When true, a session that never reaches this checkpoint counts it as missed.
    #[serde(default)]
    pub required: bool,
    /// What could have been put in place: shown in the debrief when missed.
    pub lesson: String,
    /// Legislation and guidance.
    #[serde(default)]
    pub references: Vec<String>,
}

fn default_weight() -> f64 {
    1.0
}

/// A declared flag, written `Flag(…)`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Flag")]
pub struct FlagDef {
    /// Identifier used by effects and conditions.
    pub id: FlagId,
    /// What it means when set (for authors and facilitators).
    #[serde(default)]
    pub description: String,
}

/// A declared counter, written `Counter(…)`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Counter")]
pub struct CounterDef {
    /// Identifier used by effects.
    pub id: CounterId,
    /// Label shown to users ("Money lost").
    pub label: String,
    /// Unit written before the value when it is `£`, after it otherwise ("people").
    #[serde(default)]
    pub unit: String,
    /// Value at the start of a session.
    #[serde(default)]
    pub start: i64,
}

/// A variable whose value is drawn from `values` by the session seed, written `Variable(…)`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename = "Variable")]
pub struct VariableDef {
    /// Name used in text as `{id}`.
    pub id: VariableId,
    /// The candidates; one is drawn per session.
    pub values: Vec<String>,
}

/// A development the facilitator can drop in at any time.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inject {
    /// Identifier recorded in the session log.
    pub id: InjectId,
    /// Headline ("A journalist calls").
    pub title: String,
    /// What happens, shown to the audience.
    pub text: String,
    /// Guidance for the facilitator only.
    #[serde(default)]
    pub facilitator_notes: String,
    /// Only `Set` and `Add` are allowed: injects never score and never unset a flag.
    #[serde(default)]
    pub effects: Vec<Effect>,
}

/// A moment in the story: either a decision (choices) or an ending.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Identifier used by `start`, `goto` and branches.
    pub id: NodeId,
    /// Heading shown above the narrative.
    pub title: String,
    /// The narrative, in light Markdown.
    pub text: String,
    /// Documents the players can read (forms, emails, intelligence notes).
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    /// Guidance for the facilitator; never shown to the audience before the debrief.
    #[serde(default)]
    pub facilitator_notes: String,
    /// Questions for the room to discuss.
    #[serde(default)]
    pub questions: Vec<String>,
    /// What good looks like here, for the facilitator.
    #[serde(default)]
    pub model_answer: String,
    /// Legislation and guidance the facilitator may cite at this point.
    #[serde(default)]
    pub references: Vec<String>,
    /// Chance events resolved by the seed when the node is entered.
    #[serde(default)]
    pub chance: Vec<ChanceEvent>,
    /// What the council can do here (1 to 9 choices), or empty at an ending.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// Present on ending nodes only.
    #[serde(default)]
    pub ending: Option<Ending>,
}

impl Node {
    /// True when this node ends the scenario.
    pub fn is_ending(&self) -> bool {
        self.ending.is_some()
    }
}

/// Kinds of evidence document, used for its icon and heading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EvidenceKind {
    /// An application or other form.
    Form,
    /// An email.
    Email,
    /// A letter.
    Letter,
    /// An intelligence summary or police note.
    Intelligence,
    /// A report (inspection, audit, financial).
    Report,
    /// A record extract (register, database, ledger).
    Record,
    /// A phone message, text or file note.
    Note,
}

/// A document the players can read at a node.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// What sort of document it is.
    pub kind: EvidenceKind,
    /// Heading of the document.
    pub title: String,
    /// The document itself, in light Markdown.
    pub body: String,
}

/// A chance event: with `probability`, when its node is entered, its text is shown and its
/// effects applied.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChanceEvent {
    /// Identifier recorded in the session log.
    pub id: ChanceId,
    /// Strictly between 0 and 1.
    pub probability: f64,
    /// Shown below the narrative when the event happens.
    pub text: String,
    /// Only when this holds is the event rolled at all.
    #[serde(default)]
    pub when: Option<Condition>,
    /// Flags and counters only: chance never scores.
    #[serde(default)]
    pub effects: Vec<Effect>,
}

/// One thing the council can do at a node.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The option as shown to players.
    pub text: String,
    /// Where it leads unless a branch applies.
    pub goto: NodeId,
    /// Conditional destinations, tried in order before `goto`.
    #[serde(default)]
    pub branches: Vec<Branch>,
    /// The consequence, shown as feedback.
    pub feedback: String,
    /// Checkpoint outcomes, flags and counters.
    #[serde(default)]
    pub effects: Vec<Effect>,
    /// The choice is offered only when this holds.
    #[serde(default)]
    pub when: Option<Condition>,
}

/// A conditional destination of a choice.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// Condition on flags.
    pub when: Condition,
    /// Destination when the condition holds.
    pub goto: NodeId,
}

/// What a choice, chance event or inject changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Effect {
    /// The checkpoint is met (credit 1).
    Met(CheckpointId),
    /// The checkpoint is partly met (credit 0.5).
    PartlyMet(CheckpointId),
    /// The checkpoint is missed (credit 0).
    Missed(CheckpointId),
    /// Sets a flag.
    Set(FlagId),
    /// Clears a flag.
    Clear(FlagId),
    /// Adds to a counter (negative to subtract).
    Add(CounterId, i64),
}

/// Outcome of a checkpoint on a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// Credit 1.
    Met,
    /// Credit 0.5.
    PartlyMet,
    /// Credit 0.
    Missed,
}

impl Outcome {
    /// The credit this outcome earns, between 0 and 1.
    pub fn credit(self) -> f64 {
        match self {
            Outcome::Met => 1.0,
            Outcome::PartlyMet => 0.5,
            Outcome::Missed => 0.0,
        }
    }

    /// The words shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Outcome::Met => "Met",
            Outcome::PartlyMet => "Partly met",
            Outcome::Missed => "Missed",
        }
    }
}

impl Effect {
    /// The checkpoint and outcome this effect records, if it is a checkpoint effect.
    pub fn checkpoint_outcome(&self) -> Option<(&CheckpointId, Outcome)> {
        match self {
            Effect::Met(c) => Some((c, Outcome::Met)),
            Effect::PartlyMet(c) => Some((c, Outcome::PartlyMet)),
            Effect::Missed(c) => Some((c, Outcome::Missed)),
            _ => None,
        }
    }
}

/// A condition on flags.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// The flag is set.
    Has(FlagId),
    /// The flag is not set.
    Lacks(FlagId),
    /// Every inner condition holds.
    All(Vec<Condition>),
    /// At least one inner condition holds.
    Any(Vec<Condition>),
    /// The inner condition does not hold.
    Not(Box<Condition>),
}

impl Condition {
    /// Evaluates the condition given a predicate saying whether a flag is set.
    pub fn holds(&self, is_set: &dyn Fn(&FlagId) -> bool) -> bool {
        match self {
            Condition::Has(f) => is_set(f),
            Condition::Lacks(f) => !is_set(f),
            Condition::All(cs) => cs.iter().all(|c| c.holds(is_set)),
            Condition::Any(cs) => cs.iter().any(|c| c.holds(is_set)),
            Condition::Not(c) => !c.holds(is_set),
        }
    }

    /// Every flag the condition mentions.
    pub fn flags(&self, out: &mut Vec<FlagId>) {
        match self {
            Condition::Has(f) | Condition::Lacks(f) => out.push(f.clone()),
            Condition::All(cs) | Condition::Any(cs) => cs.iter().for_each(|c| c.flags(out)),
            Condition::Not(c) => c.flags(out),
        }
    }

    /// How deeply the condition nests (a bare `Has` is 1).
    pub fn depth(&self) -> usize {
        match self {
            Condition::Has(_) | Condition::Lacks(_) => 1,
            Condition::All(cs) | Condition::Any(cs) => {
                1 + cs.iter().map(Condition::depth).max().unwrap_or(0)
            }
            Condition::Not(c) => 1 + c.depth(),
        }
    }
}

/// How an ending is rated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rating {
    /// The harm was prevented or contained.
    Good,
    /// Some harm, some learning.
    Mixed,
    /// The harm happened.
    Poor,
}

impl Rating {
    /// The words shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Rating::Good => "Good",
            Rating::Mixed => "Mixed",
            Rating::Poor => "Poor",
        }
    }
}

/// The end of a scenario.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ending {
    /// How this outcome is rated.
    pub rating: Rating,
    /// One or two sentences summarising the outcome for the debrief.
    pub outcome: String,
}

impl Scenario {
    /// The node with this id.
    pub fn node(&self, id: &NodeId) -> Option<&Node> {
        self.nodes.iter().find(|n| &n.id == id)
    }

    /// The checkpoint with this id.
    pub fn checkpoint(&self, id: &CheckpointId) -> Option<&Checkpoint> {
        self.checkpoints.iter().find(|c| &c.id == id)
    }
}

/// The resilience band of an index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Band {
    /// 80 and above: green.
    Resilient,
    /// 50 to 79: amber.
    Developing,
    /// Below 50: red.
    Vulnerable,
}

impl Band {
    /// The band of an index between 0 and 100.
    pub fn of(index: f64) -> Band {
        // Round to one decimal first so 79.99999 from floating point is not a surprise.
        let index = (index * 10.0).round() / 10.0;
        if index >= 80.0 {
            Band::Resilient
        } else if index >= 50.0 {
            Band::Developing
        } else {
            Band::Vulnerable
        }
    }

    /// The words shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Band::Resilient => "Resilient",
            Band::Developing => "Developing",
            Band::Vulnerable => "Vulnerable",
        }
    }
}
