//! Content lints: warnings about a scenario that works but teaches badly — a best choice that
//! gives itself away by its length, endings whose rating contradicts the score, no real
//! Prevent measure. The figures come from the analyser's state graph, so they are exact.
//!
//! Definitions (also in `docs/scenario-format.md`):
//!
//! - A choice's **value** is the highest resilience index of any session without injects that
//!   takes that choice at that node, whatever flags it arrives with (a learner guessing on
//!   their own has no facilitator dropping in injects). Because flags can make a node's best
//!   choice depend on the path, the value is taken over every state in which the node is
//!   reached: "the best a session can still do after taking this choice".
//! - A node is a **decision** when its choices' values differ; its **best choices** are those
//!   with the highest value. Only choices some session without injects can take count.
//! - The best choice is **the longest** at a decision when every choice with the most
//!   characters is a best choice: a learner who always picks the longest cannot go wrong
//!   there. By chance, with `b` best choices out of `k`, that would happen with probability
//!   `b / k`; the sum over decisions is what "a learner guessing at random would expect".
//! - The two **naive strategies** are played over every chance outcome; where the longest
//!   choices tie, the learner may take any of them.
//! - An ending's **index range** is over every session that reaches it, injects included.

use super::analyse::{Analysis, ContentFigures, ScoreRange, StateGraph, Strategy, TooComplex};
use super::model::{NodeId, Pillar, Rating, Scenario};
use super::spans::Path;
use super::validate::Reporter;

/// Code of the warning that the best choice is the longest at too many decisions.
pub const GIVEAWAY_LONGEST: &str = "giveaway-longest";
/// Code of the warning that one node's best choice is much longer than the others.
pub const GIVEAWAY_NODE: &str = "giveaway-node";
/// Code of the warning that a naive strategy reaches the Resilient band.
pub const NAIVE_STRATEGY: &str = "naive-strategy";
/// Code of the warning that an ending's rating contradicts the index it can be reached with.
pub const ENDING_SCORE: &str = "ending-score";
/// Code of the warning that no checkpoint is tagged Prevent.
pub const NO_PREVENT: &str = "no-prevent";
/// Every lint code.
pub const CODES: [&str; 5] = [
    GIVEAWAY_LONGEST,
    GIVEAWAY_NODE,
    NAIVE_STRATEGY,
    ENDING_SCORE,
    NO_PREVENT,
];

/// Largest share of decisions at which the best choice may be the longest.
pub const MAX_BEST_IS_LONGEST: f64 = 0.40;
/// How much longer than every other choice a best choice may be (0.25 = 25%).
pub const MAX_LENGTH_LEAD: f64 = 0.25;
/// Lowest index a Good ending may be reached with.
pub const GOOD_ENDING_MIN: f64 = 50.0;
/// A Poor ending must be reached below this index.
pub const POOR_ENDING_BELOW: f64 = 80.0;
/// A Mixed ending must be reached below this index.
pub const MIXED_ENDING_BELOW: f64 = 90.0;
/// The start of the Resilient band, which no naive strategy may reach.
pub const RESILIENT: f64 = 80.0;

/// Two choice values closer than this are equal (indices are 0–100).
const TIE: f64 = 1e-6;

/// One choice at a decision node.
#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceFigure {
    /// Position of the choice at its node (0-based, as written in the file).
    pub choice: usize,
    /// Characters in its text (trimmed).
    pub chars: usize,
    /// Whether its text has a colon.
    pub has_colon: bool,
    /// Its value: the highest index of a session without injects that takes it.
    pub best_index: f64,
    /// Whether it is one of the node's best choices.
    pub is_best: bool,
}

/// The figures for one node with at least one choice a session can take.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeFigure {
    /// Position of the node in the file.
    pub node: usize,
    /// The node's id.
    pub node_id: NodeId,
    /// The choices a session without injects can take here (others are left out).
    pub choices: Vec<ChoiceFigure>,
    /// Whether the choices' values differ, i.e. this is a decision that matters.
    pub decision: bool,
    /// At a decision: every choice with the most characters is a best choice.
    pub best_is_longest: bool,
    /// At a decision where the best choice is the longest: how much longer the longest best
    /// choice is than the longest other choice (0.3 = 30% longer).
    pub length_lead: Option<f64>,
}

impl NodeFigure {
    /// Positions of the best choices (empty when the node is not a decision).
    pub fn best(&self) -> Vec<usize> {
        if !self.decision {
            return Vec::new();
        }
        self.choices
            .iter()
            .filter(|c| c.is_best)
            .map(|c| c.choice)
            .collect()
    }
}

/// The giveaway figures for a whole scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Giveaway {
    /// Every node with a choice a session can take, in file order.
    pub nodes: Vec<NodeFigure>,
    /// Decisions (nodes where the choices' values differ): Y in "X of Y".
    pub decisions: usize,
    /// Decisions where the best choice is the longest: X.
    pub best_is_longest: usize,
    /// How many of those a learner guessing at random would expect: Z.
    pub expected_by_chance: f64,
}

impl Giveaway {
    /// X / Y, or 0 when there is no decision.
    pub fn share(&self) -> f64 {
        if self.decisions == 0 {
            0.0
        } else {
            self.best_is_longest as f64 / self.decisions as f64
        }
    }
}

/// The index range with which sessions reach one ending.
#[derive(Clone, Debug, PartialEq)]
pub struct EndingFigure {
    /// Position of the ending node in the file.
    pub node: usize,
    /// Its id.
    pub node_id: NodeId,
    /// Its rating.
    pub rating: Rating,
    /// Lowest and highest index of a session (injects included) that reaches it; `None`
    /// when none does, or none tests a checkpoint on the way.
    pub index: Option<ScoreRange>,
}

/// Everything the content lints found out about a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ContentReport {
    /// The giveaway figures; `None` when there are too many distinct scores to work them out
    /// exactly within the time budget.
    pub giveaway: Option<Giveaway>,
    /// The index range each naive strategy ends with, in [`Strategy::ALL`] order.
    pub strategies: [Option<ScoreRange>; 2],
    /// Every ending, in file order.
    pub endings: Vec<EndingFigure>,
    /// Whether some checkpoint is tagged Prevent.
    pub has_prevent: bool,
}

/// Works out the content figures of a scenario that has passed validation.
pub fn content(s: &Scenario) -> Result<ContentReport, TooComplex> {
    let g = StateGraph::build(s)?;
    Ok(report(s, &g.content()))
}

/// The analysis and the content figures of a scenario, from one exploration of its states
/// (what `deskaudit check` prints).
pub fn analyse_with_content(s: &Scenario) -> Result<(Analysis, ContentReport), TooComplex> {
    let g = StateGraph::build(s)?;
    Ok((g.analysis(s), report(s, &g.content())))
}

/// Rounds to one decimal, as the bands do, so that a message never contradicts its band.
fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// An index as shown in messages: a whole number when it is one, else one decimal.
pub fn show_index(x: f64) -> String {
    let r = round1(x);
    if (r - r.round()).abs() < 1e-9 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// A range as shown in messages: one number when both ends agree.
pub fn show_range(r: ScoreRange) -> String {
    let (lo, hi) = (show_index(r.worst), show_index(r.best));
    if lo == hi { lo } else { format!("{lo}–{hi}") }
}

/// Turns the state graph's figures into the report.
pub(crate) fn report(s: &Scenario, f: &ContentFigures) -> ContentReport {
    let giveaway = f.choice_best.as_ref().map(|values| giveaway(s, values));
    let endings = f
        .endings
        .iter()
        .filter_map(|&(n, index)| {
            let e = s.nodes[n].ending.as_ref()?;
            Some(EndingFigure {
                node: n,
                node_id: s.nodes[n].id.clone(),
                rating: e.rating,
                index,
            })
        })
        .collect();
    ContentReport {
        giveaway,
        strategies: f.strategies,
        endings,
        has_prevent: s.checkpoints.iter().any(|c| c.p == Pillar::Prevent),
    }
}

fn giveaway(s: &Scenario, values: &[Vec<Option<f64>>]) -> Giveaway {
    let mut nodes = Vec::new();
    let (mut decisions, mut longest, mut expected) = (0, 0, 0.0);
    for (n, node) in s.nodes.iter().enumerate() {
        let mut choices: Vec<ChoiceFigure> = node
            .choices
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                let v = values.get(n)?.get(i).copied().flatten()?;
                Some(ChoiceFigure {
                    choice: i,
                    chars: c.text.trim().chars().count(),
                    has_colon: c.text.contains(':'),
                    best_index: v,
                    is_best: false,
                })
            })
            .collect();
        if choices.is_empty() {
            continue;
        }
        let top = choices
            .iter()
            .map(|c| c.best_index)
            .fold(f64::MIN, f64::max);
        let low = choices
            .iter()
            .map(|c| c.best_index)
            .fold(f64::MAX, f64::min);
        let decision = top - low > TIE;
        for c in &mut choices {
            c.is_best = decision && top - c.best_index <= TIE;
        }
        let most = |best: bool| {
            choices
                .iter()
                .filter(|c| c.is_best == best)
                .map(|c| c.chars)
                .max()
                .unwrap_or(0)
        };
        let (best_chars, other_chars) = (most(true), most(false));
        let best_is_longest = decision && best_chars > other_chars;
        if decision {
            decisions += 1;
            let b = choices.iter().filter(|c| c.is_best).count();
            expected += b as f64 / choices.len() as f64;
            if best_is_longest {
                longest += 1;
            }
        }
        nodes.push(NodeFigure {
            node: n,
            node_id: node.id.clone(),
            choices,
            decision,
            best_is_longest,
            length_lead: (best_is_longest && other_chars > 0)
                .then(|| best_chars as f64 / other_chars as f64 - 1.0),
        });
    }
    Giveaway {
        nodes,
        decisions,
        best_is_longest: longest,
        expected_by_chance: expected,
    }
}

const HELP_LENGTHS: &str = "vary the lengths at a node within about ±25%: shorten the best choice, or give a wrong one its own reasons or a list of actions (content guide, section 2)";
const HELP_SHARE: &str = "the best choice should be the longest at no more than about 40% of decisions: write some over-thorough or well-meant wrong answers and some short right ones (content guide, section 2)";
const HELP_NAIVE: &str = "make some of the longest choices wrong ones (send the police the whole file, suspend everyone), and give right answers a reason as often as wrong ones instead of writing every wrong answer as \"Do X: because Y\" (content guide, section 2)";
const HELP_GOOD: &str = "reach a Good ending only when the checkpoints that matter most were met: make them `required`, or send paths that missed them elsewhere with a `Branch` on a flag (content guide, section 3)";
const HELP_POOR: &str = "a council that met most checkpoints should not end Poor: send such paths to a better ending with a `Branch` on a flag, or check the outcomes on the way (content guide, section 3)";
const HELP_MIXED: &str = "at that score the council did nearly everything right: send such paths to a Good ending, or make sure the path really missed what the Mixed ending says (content guide, section 3)";
const HELP_PREVENT: &str = "add a real Prevent measure, aimed at people who might be drawn in: diverting young people at risk, deterrence messages, offender management with partners, deterring an insider; staff training, payment controls and whistleblowing are Protect (content guide, section 1)";

/// Reports the content lints as warnings.
pub(crate) fn lint(r: &mut Reporter, rep: &ContentReport) {
    let root = Path::root();
    if let Some(g) = &rep.giveaway {
        if g.decisions > 0 && g.share() > MAX_BEST_IS_LONGEST {
            r.lint(
                GIVEAWAY_LONGEST,
                &root,
                format!(
                    "the best choice is the longest at {} of {} decisions ({:.0}%); a learner guessing at random would expect {:.1} ({:.0}%)",
                    g.best_is_longest,
                    g.decisions,
                    g.share() * 100.0,
                    g.expected_by_chance,
                    g.expected_by_chance / g.decisions as f64 * 100.0
                ),
                HELP_SHARE,
            );
        }
        for nf in &g.nodes {
            let Some(lead) = nf.length_lead else { continue };
            if lead <= MAX_LENGTH_LEAD + 1e-12 {
                continue;
            }
            let Some(best) = nf
                .choices
                .iter()
                .filter(|c| c.is_best)
                .max_by_key(|c| (c.chars, std::cmp::Reverse(c.choice)))
            else {
                continue;
            };
            let other = nf
                .choices
                .iter()
                .filter(|c| !c.is_best)
                .map(|c| c.chars)
                .max()
                .unwrap_or(0);
            r.lint(
                GIVEAWAY_NODE,
                &root
                    .field("nodes")
                    .index(nf.node)
                    .field("choices")
                    .index(best.choice)
                    .field("text"),
                format!(
                    "at node `\"{}\"` the best choice is {:.0}% longer than any other ({} characters against {}), so a learner can spot it by its length",
                    nf.node_id,
                    lead * 100.0,
                    best.chars,
                    other
                ),
                HELP_LENGTHS,
            );
        }
    }
    for (k, range) in Strategy::ALL.iter().zip(rep.strategies) {
        if let Some(range) = range
            && round1(range.best) >= RESILIENT
        {
            let reach = if round1(range.worst) >= RESILIENT {
                format!("ends Resilient (resilience index {})", show_range(range))
            } else {
                format!(
                    "can end Resilient (resilience index {}, depending on chance)",
                    show_range(range)
                )
            };
            r.lint(
                NAIVE_STRATEGY,
                &root,
                format!(
                    "a learner who ignores the story and picks {} {reach}",
                    k.picks()
                ),
                HELP_NAIVE,
            );
        }
    }
    for e in &rep.endings {
        let Some(range) = e.index else { continue };
        let at = root.field("nodes").index(e.node).field("ending");
        let (lo, hi) = (round1(range.worst), round1(range.best));
        match e.rating {
            Rating::Good if lo < GOOD_ENDING_MIN => r.lint(
                ENDING_SCORE,
                &at,
                format!(
                    "the Good ending `\"{}\"` can be reached with a resilience index as low as {} (index range {}); a Good ending needs at least 50",
                    e.node_id,
                    show_index(range.worst),
                    show_range(range)
                ),
                HELP_GOOD,
            ),
            Rating::Poor if hi >= POOR_ENDING_BELOW => r.lint(
                ENDING_SCORE,
                &at,
                format!(
                    "the Poor ending `\"{}\"` can be reached with a resilience index as high as {} (index range {}); a Poor ending must stay below 80",
                    e.node_id,
                    show_index(range.best),
                    show_range(range)
                ),
                HELP_POOR,
            ),
            Rating::Mixed if hi >= MIXED_ENDING_BELOW => r.lint(
                ENDING_SCORE,
                &at,
                format!(
                    "the Mixed ending `\"{}\"` can be reached with a resilience index as high as {} (index range {}); a Mixed ending must stay below 90",
                    e.node_id,
                    show_index(range.best),
                    show_range(range)
                ),
                HELP_MIXED,
            ),
            _ => {}
        }
    }
}

/// The `no-prevent` lint, reported with the checkpoints (it needs no analysis).
pub(crate) fn lint_prevent(r: &mut Reporter, s: &Scenario) {
    if !s.checkpoints.is_empty() && !s.checkpoints.iter().any(|c| c.p == Pillar::Prevent) {
        r.lint(
            NO_PREVENT,
            &Path::root().field("checkpoints"),
            "no checkpoint is tagged Prevent: the scenario teaches nothing about stopping people being drawn into organised crime, and the debrief will show Prevent as not tested",
            HELP_PREVENT,
        );
    }
}
