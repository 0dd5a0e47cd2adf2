//! Analysis of a scenario: endings, paths, path lengths, and the best and worst achievable
//! resilience index and per-P scores — exactly, with flags and conditions taken into account.
//!
//! The analyser explores *states*: a node, the set of flags, and the current outcome of each
//! checkpoint that some path records more than once (for those, the last outcome stands, so
//! it must be remembered). Without flags, chance events or such checkpoints there is one
//! state per node and every pass below is linear in the size of the graph.
//!
//! Scores are ratios (weighted credit over weighted total of tested checkpoints), which do not
//! add up along a path. Best and worst are found with Dinkelbach's method: the best ratio λ*
//! is where `max over paths of (credit − λ·total)` is zero; each step is one linear pass over
//! the states, and a handful of steps converge exactly.

use super::limits;
use super::model::{Condition, Effect, Outcome, Pillar, Rating, Scenario};
use smallvec::SmallVec;
use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// A fast hasher for the id tables the analyser builds from a scenario (node, flag and
/// checkpoint ids: short strings looked up once per reference). The multiply-rotate mixing of
/// rustc's `FxHasher`, eight bytes at a time; SipHash's defence against crafted keys only
/// matters for input from a network, not for a file the author is checking.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Ids of a scenario to their index (see [`FxHasher`]).
type IdMap<'s, V> = HashMap<&'s str, V, std::hash::BuildHasherDefault<FxHasher>>;

/// The states found so far, by (node, flags, outcomes of the repeatedly recorded
/// checkpoints): an open-addressing table of state ids, the keys read back from the graph's
/// own arrays. Four bytes a slot instead of a map's key, id and hash: finding the states was
/// most of exploring them, and the map most of the memory it touched.
struct StateIds {
    /// A state id, or [`Self::EMPTY`]; the length is a power of two.
    slots: Vec<u32>,
    len: usize,
}

impl StateIds {
    const EMPTY: u32 = u32::MAX;

    fn with_capacity(states: usize) -> Self {
        Self {
            slots: vec![Self::EMPTY; (states * 2).next_power_of_two().max(64)],
            len: 0,
        }
    }

    /// Where a key's search starts (the multiply-rotate mixing of rustc's `FxHasher`; the
    /// top bits of the product, which depend on every bit of the key).
    fn home(&self, (node, flags, mt): (u32, u64, u64)) -> usize {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut h = u64::from(node).wrapping_mul(K);
        h = (h.rotate_left(5) ^ flags).wrapping_mul(K);
        h = (h.rotate_left(5) ^ mt).wrapping_mul(K);
        (h >> (64 - self.slots.len().trailing_zeros())) as usize
    }

    /// The id of the state `key`, or the empty slot where it goes.
    fn find(&self, g: &StateGraph, key: (u32, u64, u64)) -> Result<u32, usize> {
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let id = self.slots[i];
            if id == Self::EMPTY {
                return Err(i);
            }
            let st = id as usize;
            if g.node_of[st] == key.0 && g.flags_of[st] == key.1 && g.mt_of[st] == key.2 {
                return Ok(id);
            }
            i = (i + 1) & mask;
        }
    }

    /// Puts state `id` (already in the graph's arrays) in the empty `slot` [`Self::find`]
    /// gave; the table doubles when half full.
    fn insert(&mut self, g: &StateGraph, slot: usize, id: u32) {
        self.slots[slot] = id;
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            let mut bigger = StateIds {
                slots: vec![Self::EMPTY; self.slots.len() * 2],
                len: 0,
            };
            for &id in self.slots.iter().filter(|&&id| id != Self::EMPTY) {
                let st = id as usize;
                if let Err(slot) = bigger.find(g, (g.node_of[st], g.flags_of[st], g.mt_of[st])) {
                    bigger.slots[slot] = id;
                    bigger.len += 1;
                }
            }
            *self = bigger;
        }
    }
}

/// The scenario has too many states to analyse exactly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooComplex {
    /// The limit that was crossed.
    pub states: usize,
}

/// Best and worst achievable score, each 0–100.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScoreRange {
    /// Lowest achievable score.
    pub worst: f64,
    /// Highest achievable score.
    pub best: f64,
}

/// Everything the analyser finds out about a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    /// Nodes in the scenario.
    pub nodes: usize,
    /// Nodes where a decision is taken.
    pub decision_nodes: usize,
    /// Ending nodes, by rating: good, mixed, poor.
    pub endings: [usize; 3],
    /// Distinct paths from the start to an ending (decisions and chance outcomes), without
    /// injects; saturates at `u128::MAX`.
    pub paths: u128,
    /// Fewest decisions from the start to an ending.
    pub shortest_decisions: usize,
    /// Most decisions from the start to an ending.
    pub longest_decisions: usize,
    /// Range of the resilience index, or `None` if no path tests any checkpoint.
    pub index: Option<ScoreRange>,
    /// Range of each P's score, in [`Pillar::ALL`] order; `None` when no path tests that P.
    pub pillars: [Option<ScoreRange>; 4],
    /// Which bands some path can end in: Resilient, Developing, Vulnerable. `None` when
    /// there are too many distinct scores to enumerate.
    pub bands_reachable: Option<[bool; 3]>,
    /// States explored.
    pub states: usize,
}

impl Analysis {
    /// Total endings.
    pub fn ending_count(&self) -> usize {
        self.endings.iter().sum()
    }
}

/// Analyses a scenario that has passed validation.
pub fn analyse(s: &Scenario) -> Result<Analysis, TooComplex> {
    let g = StateGraph::build(s)?;
    Ok(g.analysis(s))
}

#[derive(Clone, Debug)]
enum Cond {
    Has(u32),
    Lacks(u32),
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
}

impl Cond {
    fn compile(c: &Condition, flags: &IdMap<u32>) -> Cond {
        let bit = |f: &super::model::FlagId| flags.get(f.as_str()).copied().unwrap_or(u32::MAX);
        match c {
            Condition::Has(f) => Cond::Has(bit(f)),
            Condition::Lacks(f) => Cond::Lacks(bit(f)),
            Condition::All(cs) => Cond::All(cs.iter().map(|c| Cond::compile(c, flags)).collect()),
            Condition::Any(cs) => Cond::Any(cs.iter().map(|c| Cond::compile(c, flags)).collect()),
            Condition::Not(c) => Cond::Not(Box::new(Cond::compile(c, flags))),
        }
    }

    fn holds(&self, set: u64) -> bool {
        let has = |b: u32| b < 64 && set & (1u64 << b) != 0;
        match self {
            Cond::Has(b) => has(*b),
            Cond::Lacks(b) => !has(*b),
            Cond::All(cs) => cs.iter().all(|c| c.holds(set)),
            Cond::Any(cs) => cs.iter().any(|c| c.holds(set)),
            Cond::Not(c) => !c.holds(set),
        }
    }
}

/// Flag changes compiled to bit masks.
#[derive(Clone, Copy, Debug, Default)]
struct FlagOps {
    set: u64,
    clear: u64,
}

impl FlagOps {
    fn apply(self, flags: u64) -> u64 {
        (flags | self.set) & !self.clear
    }
}

/// A compiled choice.
#[derive(Clone, Debug)]
struct CChoice {
    when: Option<Cond>,
    flag_ops: SmallVec<[FlagOps; 2]>,
    /// Checkpoint outcomes (last per checkpoint), as (checkpoint index, outcome).
    outcomes: SmallVec<[(usize, Outcome); 2]>,
    branches: Vec<(Cond, usize)>,
    goto: usize,
}

#[derive(Clone, Debug)]
struct CChance {
    when: Option<Cond>,
    ops: SmallVec<[FlagOps; 2]>,
}

#[derive(Clone, Copy, Debug)]
enum EdgeKind {
    Choice(u32),
    Inject,
}

#[derive(Clone, Copy, Debug)]
struct Edge {
    to: u32,
    kind: EdgeKind,
}

/// Which paths a restricted optimisation may take.
#[derive(Clone, Copy, Debug)]
struct Paths<'p> {
    /// When set, only edges whose flat index is `true` here.
    edges: Option<&'p [bool]>,
    /// Leave out injects (a learner on their own has none).
    no_injects: bool,
    /// Only paths that end at this node.
    ending: Option<u32>,
}

impl Paths<'_> {
    /// Every path a session can take, injects included.
    const ALL: Paths<'static> = Paths {
        edges: None,
        no_injects: false,
        ending: None,
    };

    fn allows(&self, index: usize, e: &Edge) -> bool {
        !(self.no_injects && matches!(e.kind, EdgeKind::Inject))
            && self.edges.is_none_or(|allowed| allowed[index])
    }
}

/// A naive way of playing that ignores the story, simulated by the content lints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Strategy {
    /// Always the choice with the most characters (any of them when several tie).
    Longest,
    /// Always the longest choice whose text has no colon; the longest of all when every
    /// choice offered has one.
    LongestWithoutColon,
}

impl Strategy {
    /// Both strategies, in the order they are reported.
    pub const ALL: [Strategy; 2] = [Strategy::Longest, Strategy::LongestWithoutColon];

    /// How the strategy is described to authors.
    pub fn label(self) -> &'static str {
        match self {
            Strategy::Longest => "always the longest choice",
            Strategy::LongestWithoutColon => "always the longest choice without a colon",
        }
    }

    /// What the learner picks, for a sentence ("… and picks the longest choice every time").
    pub fn picks(self) -> &'static str {
        match self {
            Strategy::Longest => "the longest choice every time",
            Strategy::LongestWithoutColon => "the longest choice without a colon every time",
        }
    }
}

/// What the state graph says about a scenario's content: the raw figures the content lints
/// (see `lint.rs`) are built from.
#[derive(Clone, Debug, PartialEq)]
pub struct ContentFigures {
    /// For each node, for each of its choices: the highest resilience index of any session
    /// without injects that takes this choice at this node (in whatever state of flags it is
    /// reached), or `None` when no such session exists (an ending, a node or choice never
    /// reached). `None` as a whole when there are too many distinct scores to work it out
    /// within the budget.
    pub choice_best: Option<Vec<Vec<Option<f64>>>>,
    /// The range of the index each [`Strategy`] (in [`Strategy::ALL`] order) ends with, over
    /// every chance outcome, without injects; `None` when no path tests a checkpoint.
    pub strategies: [Option<ScoreRange>; 2],
    /// For each node that is an ending: the lowest and highest index with which any session
    /// (injects included) reaches it; `None` when no session reaches it or none tests a
    /// checkpoint on the way.
    pub endings: Vec<(usize, Option<ScoreRange>)>,
    /// For each node, whether a session without injects can reach it.
    pub reached_without_injects: Vec<bool>,
}

/// Per group of ending states: the best and the worst ratio, and whether some path into it
/// tests a checkpoint; with the forward half of the envelopes built in the same pass (see
/// [`StateGraph::ending_ratios_by_chains`]).
type EndingRatios = (Vec<f64>, Vec<f64>, Vec<bool>, Chains);

/// Why exploring the states stopped early.
enum Stop {
    /// Past the limits.
    TooComplex(TooComplex),
    /// Told to (see [`StateGraph::build_unless`]).
    Cancelled,
}

impl From<TooComplex> for Stop {
    fn from(e: TooComplex) -> Self {
        Stop::TooComplex(e)
    }
}

/// The explored (node, flags, repeated-checkpoint outcomes) state graph of a scenario.
pub struct StateGraph {
    node_of: Vec<u32>,
    flags_of: Vec<u64>,
    mt_of: Vec<u64>,
    edge_start: Vec<u32>,
    edges: Vec<Edge>,
    roots: Vec<u32>,
    /// Choices, flattened: `choice_base[node] + index`.
    choice_base: Vec<usize>,
    choices: Vec<CChoice>,
    choice_offered: Vec<bool>,
    is_ending: Vec<bool>,
    /// For each checkpoint, its slot among the repeatedly-recorded ones.
    mt_slot: Vec<Option<u32>>,
    flag_names: Vec<String>,
    weights: Vec<f64>,
    required: Vec<bool>,
    pillar: Vec<Pillar>,
    topo_rank: Vec<usize>,
    /// For each flattened choice: its node, its index at the node, the characters in its
    /// text, and whether the text has a colon (the content lints compare them).
    choice_node: Vec<(u32, u32)>,
    choice_chars: Vec<usize>,
    choice_colon: Vec<bool>,
    /// See [`Self::choice_ab_table`].
    choice_ab: Vec<[(f64, f64); 5]>,
    /// See [`Self::incoming`].
    incoming: OnceLock<Incoming>,
}

/// Every state's incoming edges: those of state `st` are
/// `edges[start[st]..start[st + 1]]`, each as (the state it comes from, its flat index).
/// (Keeping a copy of each edge here made the passes 3 ms quicker and building this 3 to 9 ms
/// slower.)
struct Incoming {
    start: Vec<u32>,
    edges: Vec<(u32, u32)>,
}

fn ops_of(effects: &[Effect], flags: &IdMap<u32>) -> SmallVec<[FlagOps; 2]> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Set(f) => flags.get(f.as_str()).map(|b| FlagOps {
                set: 1 << b,
                clear: 0,
            }),
            Effect::Clear(f) => flags.get(f.as_str()).map(|b| FlagOps {
                set: 0,
                clear: 1 << b,
            }),
            _ => None,
        })
        .collect()
}

fn apply_all(ops: &[FlagOps], mut flags: u64) -> u64 {
    for op in ops {
        flags = op.apply(flags);
    }
    flags
}

/// Topological order of the node graph (the validator has ruled out cycles); returns each
/// node's rank.
fn topo_ranks(succ: &[Vec<usize>]) -> Vec<usize> {
    let n = succ.len();
    let mut indegree = vec![0usize; n];
    for s in succ {
        for &w in s {
            indegree[w] += 1;
        }
    }
    let mut queue: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
    let mut rank = vec![usize::MAX; n];
    let mut next = 0;
    let mut head = 0;
    while head < queue.len() {
        let v = queue[head];
        head += 1;
        rank[v] = next;
        next += 1;
        for &w in &succ[v] {
            indegree[w] -= 1;
            if indegree[w] == 0 {
                queue.push(w);
            }
        }
    }
    rank
}

impl StateGraph {
    /// Explores every state reachable from the start, with and without injects.
    pub fn build(s: &Scenario) -> Result<Self, TooComplex> {
        Self::build_unless(s, &AtomicBool::new(false)).unwrap_or(Err(TooComplex {
            states: limits::MAX_ANALYSIS_STATES,
        }))
    }

    /// [`Self::build`], given up (`None`) soon after `cancel` is set: for a build started
    /// before the rules that allow it are known to pass. It does not rely on them: a
    /// scenario that breaks them (a missing node, a cycle, an unknown flag) is explored
    /// as far as it makes sense, within the same limits.
    pub fn build_unless(s: &Scenario, cancel: &AtomicBool) -> Option<Result<Self, TooComplex>> {
        match Self::explore(s, cancel) {
            Ok(g) => Some(Ok(g)),
            Err(Stop::TooComplex(e)) => Some(Err(e)),
            Err(Stop::Cancelled) => None,
        }
    }

    fn explore(s: &Scenario, cancel: &AtomicBool) -> Result<Self, Stop> {
        let too_complex = TooComplex {
            states: limits::MAX_ANALYSIS_STATES,
        };
        if s.nodes.is_empty() || s.flags.len() > limits::MAX_FLAGS {
            return Err(too_complex.into());
        }
        let flag_index: IdMap<u32> = s
            .flags
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.as_str(), i as u32))
            .collect();
        let node_index: IdMap<usize> = s
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let cp_index: IdMap<usize> = s
            .checkpoints
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let lookup = |id: &str| node_index.get(id).copied().unwrap_or(0);

        let mut choice_base = Vec::with_capacity(s.nodes.len());
        // Sized once: growing it copied every choice compiled so far, again and again.
        let mut choices = Vec::with_capacity(s.nodes.iter().map(|n| n.choices.len()).sum());
        let mut succ: Vec<Vec<usize>> = Vec::with_capacity(s.nodes.len());
        for node in &s.nodes {
            choice_base.push(choices.len());
            let mut out = Vec::new();
            for c in &node.choices {
                let mut outcomes: SmallVec<[(usize, Outcome); 2]> = SmallVec::new();
                for e in &c.effects {
                    if let Some((id, o)) = e.checkpoint_outcome()
                        && let Some(&ci) = cp_index.get(id.as_str())
                    {
                        outcomes.retain(|(k, _)| *k != ci);
                        outcomes.push((ci, o));
                    }
                }
                let cc = CChoice {
                    when: c.when.as_ref().map(|w| Cond::compile(w, &flag_index)),
                    flag_ops: ops_of(&c.effects, &flag_index),
                    outcomes,
                    branches: c
                        .branches
                        .iter()
                        .map(|b| (Cond::compile(&b.when, &flag_index), lookup(b.goto.as_str())))
                        .collect(),
                    goto: lookup(c.goto.as_str()),
                };
                out.push(cc.goto);
                out.extend(cc.branches.iter().map(|(_, d)| *d));
                choices.push(cc);
            }
            succ.push(out);
        }
        let topo_rank = topo_ranks(&succ);
        let chance: Vec<Vec<CChance>> = s
            .nodes
            .iter()
            .map(|n| {
                n.chance
                    .iter()
                    .map(|ev| CChance {
                        when: ev.when.as_ref().map(|w| Cond::compile(w, &flag_index)),
                        ops: ops_of(&ev.effects, &flag_index),
                    })
                    .collect()
            })
            .collect();
        let inject_masks: Vec<u64> = s
            .injects
            .iter()
            .map(|inj| {
                ops_of(&inj.effects, &flag_index)
                    .iter()
                    .fold(0, |m, op| m | op.set)
            })
            .filter(|m| *m != 0)
            .collect();

        // Checkpoints that some path records more than once: the last outcome stands, so
        // their current outcome is part of the state.
        let mt_slot = repeated_checkpoints(s, &choices, &choice_base, &topo_rank);
        if mt_slot.iter().flatten().count() > 32 {
            return Err(too_complex.into());
        }

        // The flag sets a node can be entered with after its chance events, into `out`
        // (reused, so that the common case of no chance event allocates nothing).
        // `false` when the chance events give more flag sets than states may be explored.
        let enter = |node: usize, flags: u64, out: &mut Vec<u64>| {
            out.clear();
            out.push(flags);
            for ev in &chance[node] {
                for i in 0..out.len() {
                    let f = out[i];
                    if ev.when.as_ref().is_none_or(|w| w.holds(f)) {
                        out.push(apply_all(&ev.ops, f));
                    }
                }
                out.sort_unstable();
                out.dedup();
                if out.len() > limits::MAX_ANALYSIS_STATES {
                    return false;
                }
            }
            true
        };
        let mut entered: Vec<u64> = Vec::new();

        let mut g = StateGraph {
            node_of: Vec::new(),
            flags_of: Vec::new(),
            mt_of: Vec::new(),
            edge_start: Vec::new(),
            edges: Vec::new(),
            roots: Vec::new(),
            choice_base,
            choice_offered: vec![false; choices.len()],
            choices,
            is_ending: s.nodes.iter().map(|n| n.is_ending()).collect(),
            mt_slot,
            flag_names: s.flags.iter().map(|f| f.id.0.clone()).collect(),
            weights: s.checkpoints.iter().map(|c| c.weight).collect(),
            required: s.checkpoints.iter().map(|c| c.required).collect(),
            pillar: s.checkpoints.iter().map(|c| c.p).collect(),
            topo_rank,
            choice_node: s
                .nodes
                .iter()
                .enumerate()
                .flat_map(|(n, node)| (0..node.choices.len()).map(move |c| (n as u32, c as u32)))
                .collect(),
            choice_chars: s
                .nodes
                .iter()
                .flat_map(|n| &n.choices)
                .map(|c| c.text.trim().chars().count())
                .collect(),
            choice_colon: s
                .nodes
                .iter()
                .flat_map(|n| &n.choices)
                .map(|c| c.text.contains(':'))
                .collect(),
            choice_ab: Vec::new(),
            incoming: OnceLock::new(),
        };
        g.choice_ab = g.choice_ab_table();
        // Most scenarios have a few states per node: sized for that, the map and the state
        // lists rarely grow (growing them was a tenth of building a large scenario's graph).
        let guess = s.nodes.len() * 4;
        let mut ids = StateIds::with_capacity(guess);
        g.node_of.reserve(guess);
        g.flags_of.reserve(guess);
        g.mt_of.reserve(guess);
        g.edge_start.reserve(guess + 1);
        g.edges.reserve(guess * 2);
        let start = lookup(s.start.as_str());
        let mut intern = |g: &mut StateGraph, key: (u32, u64, u64)| -> Result<u32, TooComplex> {
            let slot = match ids.find(g, key) {
                Ok(id) => return Ok(id),
                Err(slot) => slot,
            };
            if g.node_of.len() >= limits::MAX_ANALYSIS_STATES {
                return Err(TooComplex {
                    states: limits::MAX_ANALYSIS_STATES,
                });
            }
            let id = g.node_of.len() as u32;
            g.node_of.push(key.0);
            g.flags_of.push(key.1);
            g.mt_of.push(key.2);
            ids.insert(g, slot, id);
            Ok(id)
        };
        if !enter(start, 0, &mut entered) {
            return Err(too_complex.into());
        }
        for &f in &entered {
            let id = intern(&mut g, (start as u32, f, 0))?;
            g.roots.push(id);
        }
        // What each choice does to the outcomes of the repeatedly recorded checkpoints, as
        // the bits it clears and sets (two bits a checkpoint: met, partly met, missed).
        let choice_mt: Vec<(u64, u64)> = g
            .choices
            .iter()
            .map(|c| {
                c.outcomes.iter().fold((0, 0), |(clear, set), &(cp, o)| {
                    let Some(slot) = g.mt_slot[cp] else {
                        return (clear, set);
                    };
                    let code = match o {
                        Outcome::Met => 1u64,
                        Outcome::PartlyMet => 2,
                        Outcome::Missed => 3,
                    };
                    let bits = 3u64 << (2 * slot);
                    (clear | bits, (set & !bits) | (code << (2 * slot)))
                })
            })
            .collect();
        let node_choices: Vec<u32> = s.nodes.iter().map(|n| n.choices.len() as u32).collect();
        // States are explored in the order they are found, and a state's edges are all made
        // while it is explored: they go straight into the flat edge list.
        g.edge_start.push(0);
        let mut next = 0usize;
        while next < g.node_of.len() {
            if next.is_multiple_of(4096) && cancel.load(Ordering::Relaxed) {
                return Err(Stop::Cancelled);
            }
            let state = next;
            next += 1;
            let node = g.node_of[state] as usize;
            if g.is_ending[node] {
                g.edge_start.push(g.edges.len() as u32);
                continue;
            }
            let flags = g.flags_of[state];
            let mt = g.mt_of[state];
            let base = g.choice_base[node];
            for ci in 0..node_choices[node] as usize {
                let c = &g.choices[base + ci];
                if !c.when.as_ref().is_none_or(|w| w.holds(flags)) {
                    continue;
                }
                let after = apply_all(&c.flag_ops, flags);
                let (mt_clear, mt_set) = choice_mt[base + ci];
                let mt_after = (mt & !mt_clear) | mt_set;
                let dest = c
                    .branches
                    .iter()
                    .find(|(w, _)| w.holds(after))
                    .map(|(_, d)| *d)
                    .unwrap_or(c.goto);
                g.choice_offered[base + ci] = true;
                if !enter(dest, after, &mut entered) {
                    return Err(too_complex.into());
                }
                for &f in &entered {
                    let to = intern(&mut g, (dest as u32, f, mt_after))?;
                    g.edges.push(Edge {
                        to,
                        kind: EdgeKind::Choice((base + ci) as u32),
                    });
                }
            }
            for &mask in &inject_masks {
                let f = flags | mask;
                if f != flags {
                    let to = intern(&mut g, (node as u32, f, mt))?;
                    g.edges.push(Edge {
                        to,
                        kind: EdgeKind::Inject,
                    });
                }
            }
            g.edge_start.push(g.edges.len() as u32);
        }
        Ok(g)
    }

    /// Every state's incoming edges, worked out the first time a pass needs them (the
    /// forward passes pull from them; several passes share them).
    fn incoming(&self) -> (&[u32], &[(u32, u32)]) {
        let inc = self.incoming.get_or_init(|| {
            let n = self.len();
            let mut start = vec![0u32; n + 1];
            for e in &self.edges {
                start[e.to as usize + 1] += 1;
            }
            for i in 0..n {
                start[i + 1] += start[i];
            }
            let mut fill = start.clone();
            let mut edges = vec![(0u32, 0u32); self.edges.len()];
            for st in 0..n {
                let first = self.edge_start[st] as usize;
                for (i, e) in self.out_edges(st).iter().enumerate() {
                    let slot = &mut fill[e.to as usize];
                    edges[*slot as usize] = (st as u32, (first + i) as u32);
                    *slot += 1;
                }
            }
            Incoming { start, edges }
        });
        (&inc.start, &inc.edges)
    }

    fn out_edges(&self, state: usize) -> &[Edge] {
        &self.edges[self.edge_start[state] as usize..self.edge_start[state + 1] as usize]
    }

    /// Number of states explored.
    pub fn len(&self) -> usize {
        self.node_of.len()
    }

    /// True when no state was explored (never for a valid scenario).
    pub fn is_empty(&self) -> bool {
        self.node_of.is_empty()
    }

    /// Non-ending states where no choice is available: (node index, names of the flags set).
    pub fn stuck_states(&self) -> Vec<(usize, Vec<String>)> {
        (0..self.len())
            .filter(|&st| {
                !self.is_ending[self.node_of[st] as usize]
                    && !self
                        .out_edges(st)
                        .iter()
                        .any(|e| matches!(e.kind, EdgeKind::Choice(_)))
            })
            .map(|st| {
                let flags = self.flags_of[st];
                let names = (0..self.flag_names.len())
                    .filter(|b| flags & (1 << b) != 0)
                    .map(|b| self.flag_names[b].clone())
                    .collect();
                (self.node_of[st] as usize, names)
            })
            .collect()
    }

    /// Choices (node index, choice index) at reachable nodes that no state ever offers.
    pub fn never_offered(&self) -> Vec<(usize, usize)> {
        let mut reached = vec![false; self.choice_base.len()];
        for &n in &self.node_of {
            reached[n as usize] = true;
        }
        let mut out = Vec::new();
        for (node, &base) in self.choice_base.iter().enumerate() {
            let end = self
                .choice_base
                .get(node + 1)
                .copied()
                .unwrap_or(self.choices.len());
            for ci in base..end {
                if reached[node] && !self.choice_offered[ci] {
                    out.push((node, ci - base));
                }
            }
        }
        out
    }

    /// States in reverse topological order (successors before predecessors): bucketed by
    /// their node's rank (linear), and within a node by how many flags are set, since an
    /// inject only ever adds flags.
    fn reverse_topo(&self) -> Vec<u32> {
        let nodes = self.topo_rank.len();
        let mut start = vec![0usize; nodes + 1];
        for &n in &self.node_of {
            start[self.topo_rank[n as usize] + 1] += 1;
        }
        for i in 0..nodes {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut by_rank = vec![0u32; self.len()];
        for st in 0..self.len() {
            let r = self.topo_rank[self.node_of[st] as usize];
            by_rank[fill[r]] = st as u32;
            fill[r] += 1;
        }
        let mut order = Vec::with_capacity(self.len());
        for r in (0..nodes).rev() {
            let bucket = &mut by_rank[start[r]..start[r + 1]];
            if bucket.len() > 1 {
                bucket.sort_unstable_by_key(|&st| {
                    std::cmp::Reverse(self.flags_of[st as usize].count_ones())
                });
            }
            order.extend_from_slice(bucket);
        }
        order
    }

    fn in_filter(&self, cp: usize, filter: Option<Pillar>) -> bool {
        filter.is_none_or(|p| self.pillar[cp] == p)
    }

    /// Credit and total that one outcome of one checkpoint adds.
    fn contribution(&self, cp: usize, o: Outcome) -> (f64, f64) {
        let w = self.weights[cp];
        // A required checkpoint's weight is always in the total (see `base_total`).
        (w * o.credit(), if self.required[cp] { 0.0 } else { w })
    }

    fn base_total(&self, filter: Option<Pillar>) -> f64 {
        (0..self.weights.len())
            .filter(|&c| self.required[c] && self.in_filter(c, filter))
            .map(|c| self.weights[c])
            .sum()
    }

    /// The (credit, total) an edge adds, scored on `filter` (worked out once per choice, in
    /// [`Self::choice_ab`]).
    fn edge_ab(&self, e: &Edge, filter: Option<Pillar>) -> (f64, f64) {
        let EdgeKind::Choice(ci) = e.kind else {
            return (0.0, 0.0);
        };
        self.choice_ab[ci as usize][filter.map_or(0, |p| p.index() + 1)]
    }

    /// For each flat choice, the (credit, total) it adds for every filter: the index, then
    /// each P in [`Pillar::ALL`] order (repeatedly recorded checkpoints count at the end).
    fn choice_ab_table(&self) -> Vec<[(f64, f64); 5]> {
        self.choices
            .iter()
            .map(|c| {
                let mut row = [(0.0, 0.0); 5];
                for (k, filter) in [None].into_iter().chain(Pillar::ALL.map(Some)).enumerate() {
                    for &(cp, o) in &c.outcomes {
                        if self.mt_slot[cp].is_none() && self.in_filter(cp, filter) {
                            let (a, b) = self.contribution(cp, o);
                            row[k].0 += a;
                            row[k].1 += b;
                        }
                    }
                }
                row
            })
            .collect()
    }

    fn terminal_ab(&self, state: usize, filter: Option<Pillar>) -> (f64, f64) {
        let mt = self.mt_of[state];
        let mut ab = (0.0, 0.0);
        for (cp, slot) in self.mt_slot.iter().enumerate() {
            let Some(slot) = slot else { continue };
            let o = match (mt >> (2 * slot)) & 3 {
                1 => Outcome::Met,
                2 => Outcome::PartlyMet,
                3 => Outcome::Missed,
                _ => continue,
            };
            if self.in_filter(cp, filter) {
                let (a, b) = self.contribution(cp, o);
                ab.0 += a;
                ab.1 += b;
            }
        }
        ab
    }

    /// Optimises `a·credit + b·total` over the rest of a path, from every state to an ending
    /// (within `paths`): each state's optimum and the (credit, total) of a suffix achieving it.
    /// States from which no allowed path reaches an allowed ending get ±∞.
    fn backward(
        &self,
        order: &[u32],
        filter: Option<Pillar>,
        a: f64,
        b: f64,
        maximise: bool,
        paths: Paths,
    ) -> (Vec<f64>, Vec<(f64, f64)>) {
        let worse = if maximise {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        let better = |x: f64, y: f64| if maximise { x > y } else { x < y };
        let mut val = vec![worse; self.len()];
        let mut ab = vec![(0.0, 0.0); self.len()];
        for &st in order {
            let st = st as usize;
            let node = self.node_of[st];
            if self.is_ending[node as usize] {
                if paths.ending.is_none_or(|e| e == node) {
                    let t = self.terminal_ab(st, filter);
                    val[st] = a * t.0 + b * t.1;
                    ab[st] = t;
                }
                continue;
            }
            let first = self.edge_start[st] as usize;
            for (i, e) in self.out_edges(st).iter().enumerate() {
                let to = e.to as usize;
                if !val[to].is_finite() || !paths.allows(first + i, e) {
                    continue;
                }
                let g = self.edge_ab(e, filter);
                let cand = a * g.0 + b * g.1 + val[to];
                if better(cand, val[st]) {
                    val[st] = cand;
                    ab[st] = (g.0 + ab[to].0, g.1 + ab[to].1);
                }
            }
        }
        (val, ab)
    }

    /// The best `a·credit + b·total` of a path from the start to each state (within `paths`,
    /// the base total of required checkpoints included), with the (credit, total) of a prefix
    /// achieving it; −∞ where no allowed path arrives. `order` is [`Self::reverse_topo`].
    fn forward(&self, order: &[u32], a: f64, b: f64, paths: Paths) -> (Vec<f64>, Vec<(f64, f64)>) {
        let mut val = vec![f64::NEG_INFINITY; self.len()];
        let mut ab = vec![(0.0, 0.0); self.len()];
        let base = self.base_total(None);
        for &r in &self.roots {
            val[r as usize] = b * base;
            ab[r as usize] = (0.0, base);
        }
        for &st in order.iter().rev() {
            let st = st as usize;
            if !val[st].is_finite() || self.is_ending[self.node_of[st] as usize] {
                continue;
            }
            let first = self.edge_start[st] as usize;
            for (i, e) in self.out_edges(st).iter().enumerate() {
                if !paths.allows(first + i, e) {
                    continue;
                }
                let to = e.to as usize;
                let g = self.edge_ab(e, None);
                let cand = val[st] + a * g.0 + b * g.1;
                if cand > val[to] {
                    val[to] = cand;
                    ab[to] = (ab[st].0 + g.0, ab[st].1 + g.1);
                }
            }
        }
        (val, ab)
    }

    /// Optimises `a·credit + b·total` over complete paths within `paths`; returns the
    /// optimum and the (credit, total) of a path achieving it.
    fn optimise(
        &self,
        order: &[u32],
        filter: Option<Pillar>,
        a: f64,
        b: f64,
        maximise: bool,
        paths: Paths,
    ) -> Option<(f64, (f64, f64))> {
        let better = |x: f64, y: f64| if maximise { x > y } else { x < y };
        let (val, ab) = self.backward(order, filter, a, b, maximise, paths);
        let base = self.base_total(filter);
        let mut best: Option<(f64, (f64, f64))> = None;
        for &r in &self.roots {
            let r = r as usize;
            if !val[r].is_finite() {
                continue;
            }
            let v = val[r] + b * base;
            if best.is_none_or(|(bv, _)| better(v, bv)) {
                best = Some((v, (ab[r].0, ab[r].1 + base)));
            }
        }
        best
    }

    /// Best and worst ratio of credit to total, as a percentage, over paths within `paths`
    /// that test at least one checkpoint in `filter`.
    fn score_range(
        &self,
        order: &[u32],
        filter: Option<Pillar>,
        paths: Paths,
    ) -> Option<ScoreRange> {
        match Chains::build_pair(self, order, Dir::Backward, filter, paths) {
            Some((up, lo)) => self.range_of_chains(&up, &lo, filter),
            None => self.score_range_by_passes(order, filter, paths),
        }
    }

    /// [`Self::score_range`] from the upper and lower backward chains of its paths.
    fn range_of_chains(
        &self,
        up: &Chains,
        lo: &Chains,
        filter: Option<Pillar>,
    ) -> Option<ScoreRange> {
        const EPS: f64 = 1e-9;
        // The lower chain holds a path of the largest total; the upper one a path of the
        // best ratio, the lower one of the worst (see `Chains`).
        let base = self.base_total(filter);
        let roots = |c: &Chains| -> Vec<(f64, f64)> {
            self.roots
                .iter()
                .flat_map(|&r| c.at(r as usize).iter().map(|&(b, a)| (b + base, a)))
                .collect()
        };
        let (up, lo) = (roots(up), roots(lo));
        let max_total = lo.iter().map(|p| p.0).reduce(f64::max)?;
        if max_total <= EPS {
            return None;
        }
        let ratio = |pts: &[(f64, f64)], maximise: bool| {
            pts.iter()
                .filter(|p| p.0 > EPS)
                .map(|p| p.1 / p.0)
                .reduce(|x, y| if (y > x) == maximise { y } else { x })
        };
        let best = ratio(&up, true).unwrap_or(0.0);
        let worst = ratio(&lo, false).unwrap_or(best);
        Some(ScoreRange {
            worst: worst * 100.0,
            best: best * 100.0,
        })
    }

    /// [`Self::score_range`] by Dinkelbach's iteration, a whole-graph pass per step.
    fn score_range_by_passes(
        &self,
        order: &[u32],
        filter: Option<Pillar>,
        paths: Paths,
    ) -> Option<ScoreRange> {
        const EPS: f64 = 1e-9;
        let (max_total, _) = self.optimise(order, filter, 0.0, 1.0, true, paths)?;
        if max_total <= EPS {
            return None;
        }
        let mut best = 0.0;
        for _ in 0..64 {
            let (v, (a, b)) = self.optimise(order, filter, 1.0, -best, true, paths)?;
            if v <= EPS || b <= EPS {
                break;
            }
            best = a / b;
        }
        let mut worst = best;
        for _ in 0..64 {
            let (v, (a, b)) = self.optimise(order, filter, 1.0, -worst, false, paths)?;
            if v >= -EPS || b <= EPS {
                break;
            }
            worst = a / b;
        }
        Some(ScoreRange {
            worst: worst * 100.0,
            best: best * 100.0,
        })
    }

    /// From this many states on, [`Self::content`] works on two threads.
    const PARALLEL_STATES: usize = 20_000;

    /// The figures the content lints need: see [`ContentFigures`].
    pub fn content(&self) -> ContentFigures {
        let order = self.reverse_topo();
        let strategies = || {
            let allowed = self.strategy_edges();
            let range = |allowed: &[bool]| {
                let paths = Paths {
                    edges: Some(allowed),
                    no_injects: true,
                    ending: None,
                };
                // A naive strategy takes one choice at most states, so it reaches few of them:
                // the passes need only those.
                let reached = self.reachable_order(&order, paths);
                self.score_range(&reached, None, paths)
            };
            let first = range(&allowed[0]);
            // When no choice that is the longest offered has a colon, the two strategies
            // take the same choices everywhere, and so end with the same range.
            let second = if allowed[1] == allowed[0] {
                first
            } else {
                range(&allowed[1])
            };
            [first, second]
        };
        // The backward half of the envelopes and both chains of each naive strategy, in one
        // pass over every state; the strategies by themselves when that pass gives up.
        let backward = || -> ([Option<ScoreRange>; 2], Option<Chains>) {
            let allowed = self.strategy_edges();
            let strategy = |k: usize| Paths {
                edges: Some(&allowed[k]),
                no_injects: true,
                ending: None,
            };
            let envelope = (Envelopes::PATHS, false);
            let fused = if allowed[1] == allowed[0] {
                Chains::build_lanes(
                    self,
                    &order,
                    Dir::Backward,
                    None,
                    [envelope, (strategy(0), false), (strategy(0), true)],
                )
                .map(|[bwd, up, lo]| {
                    let range = self.range_of_chains(&up, &lo, None);
                    ([range, range], bwd)
                })
            } else {
                Chains::build_lanes(
                    self,
                    &order,
                    Dir::Backward,
                    None,
                    [
                        envelope,
                        (strategy(0), false),
                        (strategy(0), true),
                        (strategy(1), false),
                        (strategy(1), true),
                    ],
                )
                .map(|[bwd, up0, lo0, up1, lo1]| {
                    (
                        [
                            self.range_of_chains(&up0, &lo0, None),
                            self.range_of_chains(&up1, &lo1, None),
                        ],
                        bwd,
                    )
                })
            };
            match fused {
                Some((ranges, bwd)) => (ranges, Some(bwd)),
                None => (strategies(), None),
            }
        };
        // The envelopes from the halves built with the rest, each built by itself where that
        // pass gave up (and `None` when a half is too long to keep).
        let envelopes = |fwd: Option<Chains>, bwd: Option<Chains>| -> Option<Envelopes> {
            let half = |built: Option<Chains>, dir| {
                built.or_else(|| Chains::build(self, &order, dir, None, Envelopes::PATHS, false))
            };
            Some(Envelopes {
                fwd: half(fwd, Dir::Forward)?,
                bwd: half(bwd, Dir::Backward)?,
            })
        };
        // On a large graph the two passes run side by side, one on each thread (on a
        // machine with two cores this halves the work's time); on a small one a thread
        // costs more than it saves.
        let ((strategies, bwd), (endings, fwd)) = if self.len() >= Self::PARALLEL_STATES {
            std::thread::scope(|scope| {
                let side = std::thread::Builder::new().spawn_scoped(scope, backward);
                self.incoming();
                let forward = self.ending_ranges(&order);
                let backward = match side {
                    Ok(handle) => handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    // No thread to be had: the same work here.
                    Err(_) => backward(),
                };
                (backward, forward)
            })
        } else {
            (backward(), self.ending_ranges(&order))
        };
        let envelopes = envelopes(fwd, bwd);
        let reached_without_injects = match &envelopes {
            // A state a path without injects reaches has a point in the forward half.
            Some(env) => {
                let mut nodes = vec![false; self.is_ending.len()];
                for st in 0..self.len() {
                    if !env.forward(st).is_empty() {
                        nodes[self.node_of[st] as usize] = true;
                    }
                }
                nodes
            }
            None => self.reached_without_injects(),
        };
        let flat = self.choice_best_with(&order, envelopes);
        let choice_best = flat.map(|flat| {
            let mut per_node: Vec<Vec<Option<f64>>> = self
                .choice_base
                .iter()
                .enumerate()
                .map(|(n, &b)| {
                    let end = self
                        .choice_base
                        .get(n + 1)
                        .copied()
                        .unwrap_or(self.choices.len());
                    vec![None; end - b]
                })
                .collect();
            for (ci, v) in flat.into_iter().enumerate() {
                let (n, c) = self.choice_node[ci];
                per_node[n as usize][c as usize] = v;
            }
            per_node
        });
        ContentFigures {
            choice_best,
            strategies,
            endings,
            reached_without_injects,
        }
    }

    /// Each ending node's lowest and highest index over every session (injects included)
    /// that reaches it.
    ///
    /// Dinkelbach's method per ending, but one forward pass at a trial ratio λ gives the best
    /// `credit − λ·total` of a path into every state, so every ending that shares a trial λ
    /// shares the pass: a handful of passes in all, not a handful per ending. Also gives the
    /// forward half of the [`Envelopes`] when the chains did the work (`None` otherwise).
    fn ending_ranges(&self, order: &[u32]) -> (Vec<(usize, Option<ScoreRange>)>, Option<Chains>) {
        let nodes: Vec<usize> = (0..self.is_ending.len())
            .filter(|&n| self.is_ending[n])
            .collect();
        let mut states: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
        let mut slot: Vec<Option<u32>> = vec![None; self.is_ending.len()];
        for (i, &n) in nodes.iter().enumerate() {
            slot[n] = Some(i as u32);
        }
        for st in 0..self.len() {
            if let Some(i) = slot[self.node_of[st] as usize] {
                states[i as usize].push(st);
            }
        }
        let mut envelope = None;
        let (best, worst, tested) = match self.ending_ratios_by_chains(order, &states) {
            Some((best, worst, tested, forward)) => {
                envelope = Some(forward);
                (best, worst, tested)
            }
            None => {
                let tested = self.tested_endings(order, &states);
                let best =
                    self.ending_dinkelbach(order, &states, &tested, vec![0.0; nodes.len()], true);
                let worst = self.ending_dinkelbach(order, &states, &tested, best.clone(), false);
                (best, worst, tested)
            }
        };
        let ranges = nodes
            .iter()
            .enumerate()
            .map(|(i, &n)| {
                let range = tested[i].then(|| ScoreRange {
                    worst: worst[i] * 100.0,
                    best: best[i] * 100.0,
                });
                (n, range)
            })
            .collect();
        (ranges, envelope)
    }

    /// For each group of ending states, whether some session reaches it with a checkpoint
    /// tested (endings no such session reaches have no range).
    fn tested_endings(&self, order: &[u32], states: &[Vec<usize>]) -> Vec<bool> {
        let (total, _) = self.forward(order, 0.0, 1.0, Paths::ALL);
        states
            .iter()
            .map(|sts| {
                sts.iter().any(|&st| {
                    total[st].is_finite() && total[st] + self.terminal_ab(st, None).1 > 1e-9
                })
            })
            .collect()
    }

    /// The best and worst ratio of credit to total over paths (injects included) into each
    /// group of ending states, and whether any path into each tests a checkpoint, from the
    /// forward chains (see [`Chains`]); `None` when a chain grows past its limit. Paths that
    /// test nothing are left out, as by the iteration. The same pass builds the forward half
    /// of the [`Envelopes`], which it also gives.
    fn ending_ratios_by_chains(
        &self,
        order: &[u32],
        states: &[Vec<usize>],
    ) -> Option<EndingRatios> {
        const EPS: f64 = 1e-9;
        let [up, lo, envelope] = Chains::build_lanes(
            self,
            order,
            Dir::Forward,
            None,
            [
                (Paths::ALL, false),
                (Paths::ALL, true),
                (Envelopes::PATHS, false),
            ],
        )?;
        let ratios = |chains: &Chains, sts: &[usize], maximise: bool| -> Option<f64> {
            let mut found: Option<f64> = None;
            for &st in sts {
                let t = self.terminal_ab(st, None);
                for &(b, a) in chains.at(st) {
                    let (a, b) = (a + t.0, b + t.1);
                    if b > EPS {
                        let r = a / b;
                        if found.is_none_or(|f| if maximise { r > f } else { r < f }) {
                            found = Some(r);
                        }
                    }
                }
            }
            found
        };
        let best: Vec<f64> = states
            .iter()
            .map(|sts| ratios(&up, sts, true).unwrap_or(0.0))
            .collect();
        // The lower chain holds a path of the largest total into each state: an ending is
        // tested (some path into it tests a checkpoint) exactly when it has a worst ratio.
        let lowest: Vec<Option<f64>> = states.iter().map(|sts| ratios(&lo, sts, false)).collect();
        let tested = lowest.iter().map(Option::is_some).collect();
        let worst: Vec<f64> = lowest
            .iter()
            .zip(&best)
            .map(|(w, &b)| w.unwrap_or(b))
            .collect();
        Some((best, worst, tested, envelope))
    }

    /// The best (`maximise`) or worst ratio of credit to total over paths into each group of
    /// ending states, from the starting ratios `start` (0 for the best; the best for the
    /// worst).
    fn ending_dinkelbach(
        &self,
        order: &[u32],
        states: &[Vec<usize>],
        tested: &[bool],
        mut lambda: Vec<f64>,
        maximise: bool,
    ) -> Vec<f64> {
        const EPS: f64 = 1e-9;
        let mut done: Vec<bool> = tested.iter().map(|t| !t).collect();
        let mut steps = vec![0u32; states.len()];
        loop {
            let mut groups: std::collections::BTreeMap<u64, Vec<usize>> = Default::default();
            for e in (0..states.len()).filter(|&e| !done[e]) {
                groups.entry(lambda[e].to_bits()).or_default().push(e);
            }
            if groups.is_empty() {
                return lambda;
            }
            for (bits, es) in groups {
                let l = f64::from_bits(bits);
                // Maximising `credit − λ·total`, or minimising it as the maximum of its negation.
                let (a, b) = if maximise { (1.0, -l) } else { (-1.0, l) };
                let (fv, fab) = self.forward(order, a, b, Paths::ALL);
                for e in es {
                    let mut found: Option<(f64, (f64, f64))> = None;
                    for &st in &states[e] {
                        if !fv[st].is_finite() {
                            continue;
                        }
                        let t = self.terminal_ab(st, None);
                        let v = fv[st] + a * t.0 + b * t.1;
                        if found.is_none_or(|(f, _)| v > f) {
                            found = Some((v, (fab[st].0 + t.0, fab[st].1 + t.1)));
                        }
                    }
                    steps[e] += 1;
                    match found {
                        Some((v, (c, t))) if v > EPS && t > EPS && steps[e] < 64 => {
                            lambda[e] = c / t;
                        }
                        _ => done[e] = true,
                    }
                }
            }
        }
    }

    /// Nodes some session without injects reaches.
    fn reached_without_injects(&self) -> Vec<bool> {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<u32> = self.roots.clone();
        for &r in &self.roots {
            seen[r as usize] = true;
        }
        let mut nodes = vec![false; self.is_ending.len()];
        while let Some(st) = stack.pop() {
            nodes[self.node_of[st as usize] as usize] = true;
            for e in self.out_edges(st as usize) {
                if matches!(e.kind, EdgeKind::Choice(_)) && !seen[e.to as usize] {
                    seen[e.to as usize] = true;
                    stack.push(e.to);
                }
            }
        }
        nodes
    }

    /// The states of `order` that a path within `paths` reaches from the start, in the same
    /// order. A pass over them gives the same values at the start as a pass over every
    /// state: an allowed edge from a reached state leads to a reached state.
    fn reachable_order(&self, order: &[u32], paths: Paths) -> Vec<u32> {
        let mut seen = vec![false; self.len()];
        let mut stack: Vec<u32> = Vec::new();
        for &r in &self.roots {
            if !seen[r as usize] {
                seen[r as usize] = true;
                stack.push(r);
            }
        }
        while let Some(st) = stack.pop() {
            let st = st as usize;
            let first = self.edge_start[st] as usize;
            for (i, e) in self.out_edges(st).iter().enumerate() {
                if paths.allows(first + i, e) && !seen[e.to as usize] {
                    seen[e.to as usize] = true;
                    stack.push(e.to);
                }
            }
        }
        order
            .iter()
            .copied()
            .filter(|&st| seen[st as usize])
            .collect()
    }

    /// For each [`Strategy`] (in [`Strategy::ALL`] order), for each flat edge, whether a
    /// learner following it may take the edge: one pass over the states for both.
    fn strategy_edges(&self) -> [Vec<bool>; 2] {
        let mut allowed = [vec![false; self.edges.len()], vec![false; self.edges.len()]];
        for st in 0..self.len() {
            // The longest choice offered here, and the longest without a colon.
            let (mut most, mut most_plain) = (None, None);
            for e in self.out_edges(st) {
                if let EdgeKind::Choice(ci) = e.kind {
                    let chars = self.choice_chars[ci as usize];
                    most = most.max(Some(chars));
                    if !self.choice_colon[ci as usize] {
                        most_plain = most_plain.max(Some(chars));
                    }
                }
            }
            let Some(most) = most else { continue };
            let first = self.edge_start[st] as usize;
            for (i, e) in self.out_edges(st).iter().enumerate() {
                if let EdgeKind::Choice(ci) = e.kind {
                    let (chars, colon) = (
                        self.choice_chars[ci as usize],
                        self.choice_colon[ci as usize],
                    );
                    allowed[0][first + i] = chars == most;
                    // Without a colon when some choice offered has none; else as the first.
                    allowed[1][first + i] = match most_plain {
                        Some(plain) => !colon && chars == plain,
                        None => chars == most,
                    };
                }
            }
        }
        allowed
    }

    /// For each flat choice, the best index of any session without injects that takes it,
    /// as a percentage; `None` past the work budget.
    ///
    /// First by envelopes (see [`Envelopes`]): two passes over the states, then a small
    /// Dinkelbach iteration per choice over the few points kept at each end of its edges.
    /// When some state has too many distinct (total, credit) trade-offs for that to pay,
    /// by shared passes over the whole graph ([`Self::choice_best_by_passes`]).
    ///
    /// `env`: the envelopes, built with the other content figures (`None`: too long to keep).
    fn choice_best_with(&self, order: &[u32], env: Option<Envelopes>) -> Option<Vec<Option<f64>>> {
        const EPS: f64 = 1e-9;
        let Some(env) = env else {
            return self.choice_best_by_passes(order);
        };
        let n = self.choices.len();
        // First one sweep over the edges in the order they are stored. Where both ends of an
        // edge are single points (every path into and out of those states of one total, the
        // usual case) the edge is one (total, credit), and the best ratio through a choice
        // all of whose edges are such is the best of theirs: the iteration below would end
        // there. On a large graph, half the states on a second thread.
        let sweep = |states: std::ops::Range<usize>| {
            // Per choice: the best ratio so far, whether a session takes it, and whether
            // every edge of it seen so far has single-point ends.
            let mut best = vec![0.0f64; n];
            let mut reached = vec![false; n];
            let mut single = vec![true; n];
            for st in states {
                let pre = env.forward(st);
                for e in self.out_edges(st) {
                    let EdgeKind::Choice(ci) = e.kind else {
                        continue;
                    };
                    let ci = ci as usize;
                    let post = env.backward(e.to as usize);
                    if pre.len() > 1 || post.len() > 1 {
                        single[ci] = false;
                        continue;
                    }
                    let (Some(p), Some(q)) = (pre.first(), post.first()) else {
                        continue;
                    };
                    reached[ci] = true;
                    let g = self.edge_ab(e, None);
                    let (a, b) = (p.1 + g.0 + q.1, p.0 + g.1 + q.0);
                    if b > EPS {
                        best[ci] = best[ci].max(a / b);
                    }
                }
            }
            (best, reached, single)
        };
        let len = self.len();
        let (best, reached, single) = if len >= Self::PARALLEL_STATES {
            std::thread::scope(|scope| {
                let side = std::thread::Builder::new().spawn_scoped(scope, || sweep(len / 2..len));
                let (mut best, mut reached, mut single) = sweep(0..len / 2);
                let (b2, r2, s2) = match side {
                    Ok(handle) => handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                    // No thread to be had: the same work here.
                    Err(_) => sweep(len / 2..len),
                };
                for c in 0..n {
                    best[c] = best[c].max(b2[c]);
                    reached[c] |= r2[c];
                    single[c] &= s2[c];
                }
                (best, reached, single)
            })
        } else {
            sweep(0..len)
        };
        let mut result: Vec<Option<f64>> = (0..n)
            .map(|c| reached[c].then_some(best[c] * 100.0))
            .collect();
        if single.iter().all(|&s| s) {
            return Some(result);
        }
        // The other choices: each edge of one of them, (state, flat edge index), grouped by
        // choice (those of choice `c` are `through[start[c]..start[c + 1]]`).
        let mut start = vec![0u32; n + 1];
        for e in &self.edges {
            if let EdgeKind::Choice(ci) = e.kind
                && !single[ci as usize]
            {
                start[ci as usize + 1] += 1;
            }
        }
        for c in 0..n {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut through = vec![(0u32, 0u32); start[n] as usize];
        for st in 0..len {
            let first = self.edge_start[st] as usize;
            for (i, e) in self.out_edges(st).iter().enumerate() {
                if let EdgeKind::Choice(ci) = e.kind
                    && !single[ci as usize]
                {
                    let slot = &mut fill[ci as usize];
                    through[*slot as usize] = (st as u32, (first + i) as u32);
                    *slot += 1;
                }
            }
        }
        for c in (0..n).filter(|&c| !single[c]) {
            let edges = &through[start[c] as usize..start[c + 1] as usize];
            result[c] = self.best_through(&env, edges);
        }
        Some(result)
    }

    /// The best index of a session through any of `edges` (state, flat edge index), by
    /// Dinkelbach's iteration over the envelopes; `None` when no session takes them.
    fn best_through(&self, env: &Envelopes, edges: &[(u32, u32)]) -> Option<f64> {
        const EPS: f64 = 1e-9;
        // The same iteration as `choice_best_by_passes`, over the envelopes: at trial λ,
        // the best `credit − λ·total` through an edge is the best prefix point plus the
        // edge plus the best suffix point.
        let mut lambda = 0.0f64;
        let mut steps = 0u32;
        loop {
            let mut best: Option<(f64, (f64, f64))> = None;
            for &(st, ei) in edges {
                let (st, e) = (st as usize, &self.edges[ei as usize]);
                let (pre, post) = (env.forward(st), env.backward(e.to as usize));
                let (Some(p), Some(q)) = (best_at(pre, lambda), best_at(post, lambda)) else {
                    continue;
                };
                let g = self.edge_ab(e, None);
                let (a, b) = (p.1 + g.0 + q.1, p.0 + g.1 + q.0);
                let v = (p.1 - lambda * p.0) + (g.0 - lambda * g.1) + (q.1 - lambda * q.0);
                if best.is_none_or(|(bv, _)| v > bv) {
                    best = Some((v, (a, b)));
                }
            }
            steps += 1;
            match best {
                None => return None,
                Some((v, (a, b))) => {
                    if v <= EPS || b <= EPS || steps >= 64 {
                        return Some(lambda * 100.0);
                    }
                    lambda = a / b;
                }
            }
        }
    }

    /// [`Self::choice_best`] by whole-graph passes.
    ///
    /// Each choice is its own fractional problem (the best ratio over paths through any of
    /// its edges), solved with Dinkelbach's method: at a trial ratio λ, the best
    /// `credit − λ·total` through an edge is the best prefix to its state (a forward pass)
    /// plus the edge plus the best suffix after it (a backward pass). Choices that share the
    /// same trial λ share the two passes, so the work is a few passes per distinct λ.
    fn choice_best_by_passes(&self, order: &[u32]) -> Option<Vec<Option<f64>>> {
        const EPS: f64 = 1e-9;
        /// Edge visits allowed before giving up (about 0.1 s of work).
        const MAX_WORK: usize = 60_000_000;
        let paths = Paths {
            no_injects: true,
            ..Paths::ALL
        };
        let n = self.choices.len();
        let mut through: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
        for st in 0..self.len() {
            let first = self.edge_start[st] as usize;
            for (i, e) in self.out_edges(st).iter().enumerate() {
                if let EdgeKind::Choice(ci) = e.kind {
                    through[ci as usize].push((st as u32, (first + i) as u32));
                }
            }
        }
        let mut lambda = vec![0.0f64; n];
        let mut steps = vec![0u32; n];
        let mut done: Vec<bool> = through.iter().map(Vec::is_empty).collect();
        let mut result: Vec<Option<f64>> = vec![None; n];
        let mut work = 0usize;
        loop {
            let mut groups: std::collections::BTreeMap<u64, Vec<usize>> = Default::default();
            for c in (0..n).filter(|&c| !done[c]) {
                groups.entry(lambda[c].to_bits()).or_default().push(c);
            }
            if groups.is_empty() {
                break;
            }
            for (bits, cs) in groups {
                work += 2 * (self.edges.len() + self.len());
                if work > MAX_WORK {
                    return None;
                }
                let l = f64::from_bits(bits);
                let (fv, fab) = self.forward(order, 1.0, -l, paths);
                let (bv, bab) = self.backward(order, None, 1.0, -l, true, paths);
                for c in cs {
                    let mut best: Option<(f64, (f64, f64))> = None;
                    for &(st, ei) in &through[c] {
                        let (st, e) = (st as usize, &self.edges[ei as usize]);
                        let to = e.to as usize;
                        if !fv[st].is_finite() || !bv[to].is_finite() {
                            continue;
                        }
                        let g = self.edge_ab(e, None);
                        let v = fv[st] + g.0 - l * g.1 + bv[to];
                        if best.is_none_or(|(b, _)| v > b) {
                            let ab = (fab[st].0 + g.0 + bab[to].0, fab[st].1 + g.1 + bab[to].1);
                            best = Some((v, ab));
                        }
                    }
                    steps[c] += 1;
                    match best {
                        None => done[c] = true,
                        Some((v, (a, b))) => {
                            if v <= EPS || b <= EPS || steps[c] >= 64 {
                                done[c] = true;
                                result[c] = Some(l * 100.0);
                            } else {
                                lambda[c] = a / b;
                            }
                        }
                    }
                }
            }
        }
        Some(result)
    }

    /// Which bands (Resilient, Developing, Vulnerable) some path ends in, by enumerating the
    /// distinct (credit, total) pairs each state can still reach; `None` past a budget.
    ///
    /// The index range settles it without enumerating unless the worst path is Vulnerable
    /// and the best Resilient: every path's index lies between the two, and the band only
    /// grows with the index, so only then is it open whether some path ends Developing.
    fn bands(&self, order: &[u32], index: Option<ScoreRange>) -> Option<[bool; 3]> {
        use crate::scenario::Band;
        let Some(range) = index else {
            return Some([false; 3]);
        };
        let (low, high) = (Band::of(range.worst), Band::of(range.best));
        // A path whose index is Developing settles it too: the chains' points are paths.
        let developing = || {
            [false, true].iter().any(|&lower| {
                Chains::build(self, order, Dir::Forward, None, Paths::ALL, lower).is_some_and(|c| {
                    (0..self.len())
                        .filter(|&st| self.is_ending[self.node_of[st] as usize])
                        .any(|st| {
                            let t = self.terminal_ab(st, None);
                            c.at(st).iter().any(|&(b, a)| {
                                let (a, b) = (a + t.0, b + t.1);
                                b > 1e-9 && Band::of(a / b * 100.0) == Band::Developing
                            })
                        })
                })
            })
        };
        if low == Band::Vulnerable && high == Band::Resilient && developing() {
            return Some([true; 3]);
        }
        if !(low == Band::Vulnerable && high == Band::Resilient) {
            let mut bands = [false; 3];
            for b in [Band::Resilient, Band::Developing, Band::Vulnerable] {
                // Bands are declared best first: a lower discriminant is a higher band.
                bands[b as usize] =
                    (high as usize) <= (b as usize) && (b as usize) <= (low as usize);
            }
            return Some(bands);
        }
        self.bands_by_enumeration(order)
    }

    /// [`Self::bands`] by enumerating, for every state, the distinct (credit, total) pairs of
    /// its paths to an ending; `None` past a budget.
    fn bands_by_enumeration(&self, order: &[u32]) -> Option<[bool; 3]> {
        const MAX_PAIRS_PER_STATE: usize = 4096;
        const MAX_WORK: usize = 4_000_000;
        let key = |x: f64| (x * 1000.0).round() as i64;
        let mut sets: Vec<Vec<(i64, i64)>> = vec![Vec::new(); self.len()];
        let mut work = 0usize;
        let mut merged: Vec<(i64, i64)> = Vec::new();
        for &st in order {
            let st = st as usize;
            if self.is_ending[self.node_of[st] as usize] {
                let t = self.terminal_ab(st, None);
                sets[st] = vec![(key(t.0), key(t.1))];
                continue;
            }
            // Each successor's set is sorted, and shifting it keeps it sorted: merge them.
            let mut acc: Vec<(i64, i64)> = Vec::new();
            for e in self.out_edges(st) {
                let g = self.edge_ab(e, None);
                let (ga, gb) = (key(g.0), key(g.1));
                let next = &sets[e.to as usize];
                work += next.len() + acc.len();
                merged.clear();
                let (mut i, mut j) = (0, 0);
                while i < acc.len() || j < next.len() {
                    let take_acc = j >= next.len()
                        || (i < acc.len() && acc[i] <= (next[j].0 + ga, next[j].1 + gb));
                    let item = if take_acc {
                        i += 1;
                        acc[i - 1]
                    } else {
                        j += 1;
                        (next[j - 1].0 + ga, next[j - 1].1 + gb)
                    };
                    if merged.last() != Some(&item) {
                        merged.push(item);
                    }
                }
                std::mem::swap(&mut acc, &mut merged);
            }
            if acc.len() > MAX_PAIRS_PER_STATE || work > MAX_WORK {
                return None;
            }
            sets[st] = acc;
        }
        let base = key(self.base_total(None));
        let mut bands = [false; 3];
        for &r in &self.roots {
            for &(a, b) in &sets[r as usize] {
                let b = b + base;
                if b <= 0 {
                    continue;
                }
                let index = a as f64 / b as f64 * 100.0;
                bands[crate::scenario::Band::of(index) as usize] = true;
            }
        }
        Some(bands)
    }

    /// The analysis of the scenario this graph was built from.
    pub fn analysis(&self, s: &Scenario) -> Analysis {
        let order = self.reverse_topo();
        // Paths and lengths, over decisions only (no injects).
        let mut paths = vec![0u128; self.len()];
        let mut shortest = vec![usize::MAX; self.len()];
        let mut longest = vec![0usize; self.len()];
        for &st in &order {
            let st = st as usize;
            if self.is_ending[self.node_of[st] as usize] {
                paths[st] = 1;
                shortest[st] = 0;
                continue;
            }
            for e in self.out_edges(st) {
                if let EdgeKind::Choice(_) = e.kind {
                    let to = e.to as usize;
                    if paths[to] == 0 {
                        continue;
                    }
                    paths[st] = paths[st].saturating_add(paths[to]);
                    shortest[st] = shortest[st].min(shortest[to] + 1);
                    longest[st] = longest[st].max(longest[to] + 1);
                }
            }
        }
        let roots = || self.roots.iter().map(|&r| r as usize);
        let index = self.score_range(&order, None, Paths::ALL);
        let mut endings = [0usize; 3];
        let mut reached = vec![false; s.nodes.len()];
        for &n in &self.node_of {
            reached[n as usize] = true;
        }
        for (i, node) in s.nodes.iter().enumerate() {
            if let (Some(e), true) = (&node.ending, reached[i]) {
                endings[match e.rating {
                    Rating::Good => 0,
                    Rating::Mixed => 1,
                    Rating::Poor => 2,
                }] += 1;
            }
        }
        Analysis {
            nodes: s.nodes.len(),
            decision_nodes: s.nodes.iter().filter(|n| !n.is_ending()).count(),
            endings,
            paths: roots().fold(0u128, |acc, r| acc.saturating_add(paths[r])),
            shortest_decisions: roots().map(|r| shortest[r]).min().unwrap_or(0),
            longest_decisions: roots().map(|r| longest[r]).max().unwrap_or(0),
            index,
            pillars: Pillar::ALL.map(|p| self.score_range(&order, Some(p), Paths::ALL)),
            bands_reachable: self.bands(&order, index),
            states: self.len(),
        }
    }
}

/// For every state, the (total, credit) points of the paths from the start to it (forward)
/// and from it to an ending (backward), without injects, cut down to those that can be best:
/// a point is kept only if it maximises `credit − λ·total` for some λ ≥ 0. Those points form
/// a chain along which both total and credit grow (the upper-left part of the convex hull),
/// and the best `credit − λ·total` of a path through an edge, for any λ ≥ 0, is the best
/// forward point plus the edge plus the best backward point — exactly.
///
/// When every path from a state has the same total (the usual case) a chain has one point.
struct Envelopes {
    fwd: Chains,
    bwd: Chains,
}

/// The point of a chain that maximises `credit − λ·total` (points are (total, credit)).
fn best_at(chain: &[(f64, f64)], lambda: f64) -> Option<(f64, f64)> {
    let mut best: Option<(f64, f64)> = None;
    for &p in chain {
        if best.is_none_or(|b| p.1 - lambda * p.0 > b.1 - lambda * b.0) {
            best = Some(p);
        }
    }
    best
}

/// Cuts `points` (in any order) down to the chain described at [`Envelopes`], in order of
/// growing total.
fn envelope(points: &mut Vec<(f64, f64)>) {
    if points.len() < 2 {
        return;
    }
    // The usual case, every path of the same total: the chain is the point of most credit
    // (what the sort and the walk below keep, without the sort).
    let total = points[0].0;
    if points.iter().all(|p| p.0 == total) {
        let best = points
            .iter()
            .copied()
            .fold(points[0], |b, p| if p.1 > b.1 { p } else { b });
        points.clear();
        points.push(best);
        return;
    }
    points.sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(y.1.total_cmp(&x.1)));
    // The chain is built in place: `points[..kept]` is the chain so far.
    let mut kept = 0usize;
    for i in 0..points.len() {
        let p = points[i];
        // Only a point with more credit than every point of smaller or equal total can be
        // best for some λ ≥ 0.
        if kept > 0 && p.1 <= points[kept - 1].1 {
            continue;
        }
        // Keep the chain concave: drop a middle point on or below the segment around it.
        while kept >= 2 {
            let (o, m) = (points[kept - 2], points[kept - 1]);
            let cross = (m.0 - o.0) * (p.1 - o.1) - (m.1 - o.1) * (p.0 - o.0);
            if cross >= 0.0 {
                kept -= 1;
            } else {
                break;
            }
        }
        points[kept] = p;
        kept += 1;
    }
    points.truncate(kept);
}

impl Envelopes {
    /// The paths the envelopes are made of: every path without injects.
    const PATHS: Paths<'static> = Paths {
        edges: None,
        no_injects: true,
        ending: None,
    };

    #[cfg(test)]
    fn build(g: &StateGraph, order: &[u32]) -> Option<Envelopes> {
        Some(Envelopes {
            fwd: Chains::build(g, order, Dir::Forward, None, Self::PATHS, false)?,
            bwd: Chains::build(g, order, Dir::Backward, None, Self::PATHS, false)?,
        })
    }

    fn forward(&self, st: usize) -> &[(f64, f64)] {
        self.fwd.at(st)
    }

    fn backward(&self, st: usize) -> &[(f64, f64)] {
        self.bwd.at(st)
    }
}

/// Which way a [`Chains`] pass goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dir {
    /// Paths from the start into each state (the base total of required checkpoints
    /// included).
    Forward,
    /// Paths from each state to an ending.
    Backward,
}

/// For every state, the (total, credit) points of its paths (see [`Dir`]) within `paths`,
/// scored on `filter`, cut down to those that can be best: the upper chain keeps the points
/// that maximise `credit − λ·total` for some λ ≥ 0, the lower chain those that minimise it.
///
/// The best ratio of credit to total over a set of paths maximises `credit − λ·total` at λ
/// equal to that ratio (≥ 0), so it is a point of the upper chain; the worst likewise of
/// the lower chain, which also holds a point of the largest total (λ → ∞). Chains combine
/// exactly: the chain of a union of point sets shifted by an edge is the chain of the union
/// of their chains, shifted. When every path has the same total there is one point.
struct Chains {
    /// Where each state's points are in `points`: (offset, length).
    span: Vec<(u32, u32)>,
    points: Vec<(f64, f64)>,
}

impl Chains {
    /// Most points kept for one state; past it, `None` (the iterations are then cheaper).
    const MAX_POINTS: usize = 48;

    fn build(
        g: &StateGraph,
        order: &[u32],
        dir: Dir,
        filter: Option<Pillar>,
        paths: Paths,
        lower: bool,
    ) -> Option<Chains> {
        let [c] = Self::build_lanes(g, order, dir, filter, [(paths, lower)])?;
        Some(c)
    }

    /// The upper and the lower chains of the same paths, in one pass over the states.
    fn build_pair(
        g: &StateGraph,
        order: &[u32],
        dir: Dir,
        filter: Option<Pillar>,
        paths: Paths,
    ) -> Option<(Chains, Chains)> {
        let [up, lo] = Self::build_lanes(g, order, dir, filter, [(paths, false), (paths, true)])?;
        Some((up, lo))
    }

    /// One chain per lane, each of its own paths (`true`: the lower chain), built side by
    /// side: the walk over the states and their edges, most of a pass, is shared.
    fn build_lanes<const L: usize>(
        g: &StateGraph,
        order: &[u32],
        dir: Dir,
        filter: Option<Pillar>,
        lanes: [(Paths, bool); L],
    ) -> Option<[Chains; L]> {
        let paths = lanes.map(|(p, _)| p);
        let lower = lanes.map(|(_, l)| l);
        // The lower chain is the upper chain of the negated points.
        let sign = lower.map(|l| if l { -1.0 } else { 1.0 });
        let n = g.len();
        let mut span: [Vec<(u32, u32)>; L] = std::array::from_fn(|_| vec![(0u32, 0u32); n]);
        let mut points: [Vec<(f64, f64)>; L] = std::array::from_fn(|_| Vec::with_capacity(n));
        let mut scratch: [Vec<(f64, f64)>; L] = std::array::from_fn(|_| Vec::new());
        // Keeps the chain of `scratch[k]` as state `st`'s; `false` when it is too long.
        let keep = |st: usize,
                    scratch: &mut [Vec<(f64, f64)>; L],
                    points: &mut [Vec<(f64, f64)>; L],
                    span: &mut [Vec<(u32, u32)>; L]| {
            for k in 0..L {
                envelope(&mut scratch[k]);
                if scratch[k].len() > Self::MAX_POINTS {
                    return false;
                }
                span[k][st] = (points[k].len() as u32, scratch[k].len() as u32);
                points[k].extend_from_slice(&scratch[k]);
            }
            true
        };
        // Adds the points of state `from`, shifted by edge `e` (flat index `ei`), to each
        // lane whose paths take the edge.
        let add = |from: usize,
                   ei: usize,
                   e: &Edge,
                   scratch: &mut [Vec<(f64, f64)>; L],
                   points: &[Vec<(f64, f64)>; L],
                   span: &[Vec<(u32, u32)>; L]| {
            let gab = g.edge_ab(e, filter);
            for k in 0..L {
                if !paths[k].allows(ei, e) {
                    continue;
                }
                let (db, da) = (sign[k] * gab.1, sign[k] * gab.0);
                let (off, len) = (span[k][from].0 as usize, span[k][from].1 as usize);
                scratch[k].extend(
                    points[k][off..off + len]
                        .iter()
                        .map(|&(b, a)| (b + db, a + da)),
                );
            }
        };
        match dir {
            Dir::Backward => {
                for &st in order {
                    let st = st as usize;
                    scratch.iter_mut().for_each(Vec::clear);
                    let node = g.node_of[st];
                    if g.is_ending[node as usize] {
                        let t = g.terminal_ab(st, filter);
                        for k in 0..L {
                            if paths[k].ending.is_none_or(|e| e == node) {
                                scratch[k].push((sign[k] * t.1, sign[k] * t.0));
                            }
                        }
                    } else {
                        let first = g.edge_start[st] as usize;
                        for (i, e) in g.out_edges(st).iter().enumerate() {
                            add(e.to as usize, first + i, e, &mut scratch, &points, &span);
                        }
                    }
                    if !keep(st, &mut scratch, &mut points, &mut span) {
                        return None;
                    }
                }
            }
            Dir::Forward => {
                // Pulled from the predecessors, which come first in reverse `order`.
                let (in_start, incoming) = g.incoming();
                let base = g.base_total(filter);
                let mut is_root = vec![false; n];
                for &r in &g.roots {
                    is_root[r as usize] = true;
                }
                for &st in order.iter().rev() {
                    let st = st as usize;
                    scratch.iter_mut().for_each(Vec::clear);
                    if is_root[st] {
                        for k in 0..L {
                            scratch[k].push((sign[k] * base, 0.0));
                        }
                    }
                    // (An ending's state has no edges: nothing comes from one.)
                    for &(from, ei) in &incoming[in_start[st] as usize..in_start[st + 1] as usize] {
                        let e = &g.edges[ei as usize];
                        add(from as usize, ei as usize, e, &mut scratch, &points, &span);
                    }
                    let node = g.node_of[st];
                    if g.is_ending[node as usize] {
                        for k in 0..L {
                            if paths[k].ending.is_some_and(|e| e != node) {
                                scratch[k].clear();
                            }
                        }
                    }
                    if !keep(st, &mut scratch, &mut points, &mut span) {
                        return None;
                    }
                }
            }
        }
        let mut span = span.into_iter();
        let mut points = points.into_iter();
        Some(std::array::from_fn(|k| {
            let mut points = points.next().unwrap_or_default();
            if lower[k] {
                for p in &mut points {
                    *p = (-p.0, -p.1);
                }
            }
            Chains {
                span: span.next().unwrap_or_default(),
                points,
            }
        }))
    }

    fn at(&self, st: usize) -> &[(f64, f64)] {
        let (off, len) = self.span[st];
        &self.points[off as usize..(off + len) as usize]
    }
}

/// For each checkpoint, a slot number if some path records it more than once.
///
/// One pass over the nodes in reverse topological order computes, as a bitset per node, the
/// checkpoints some path from that node can record; a checkpoint is repeated when a choice
/// records it and it is also recordable after that choice. Linear in the graph (times the
/// number of checkpoints / 64).
fn repeated_checkpoints(
    s: &Scenario,
    choices: &[CChoice],
    choice_base: &[usize],
    topo_rank: &[usize],
) -> Vec<Option<u32>> {
    let n = s.nodes.len();
    let words = s.checkpoints.len().div_ceil(64).max(1);
    let mut by_rank: Vec<usize> = (0..n).collect();
    by_rank.sort_unstable_by_key(|&v| std::cmp::Reverse(topo_rank[v]));
    let mut later = vec![0u64; n * words];
    let mut repeated = vec![0u64; words];
    let mut touched = vec![0u64; words];
    let mut acc = vec![0u64; words];
    for &v in &by_rank {
        let base = choice_base[v];
        let end = choice_base.get(v + 1).copied().unwrap_or(choices.len());
        acc.iter_mut().for_each(|w| *w = 0);
        for c in &choices[base..end] {
            touched.iter_mut().for_each(|w| *w = 0);
            for &(cp, _) in &c.outcomes {
                touched[cp / 64] |= 1 << (cp % 64);
            }
            for d in std::iter::once(c.goto).chain(c.branches.iter().map(|(_, d)| *d)) {
                let after = &later[d * words..(d + 1) * words];
                for k in 0..words {
                    repeated[k] |= touched[k] & after[k];
                    acc[k] |= after[k];
                }
            }
            for k in 0..words {
                acc[k] |= touched[k];
            }
        }
        later[v * words..(v + 1) * words].copy_from_slice(&acc);
    }
    let mut next_slot = 0u32;
    (0..s.checkpoints.len())
        .map(|cp| {
            (repeated[cp / 64] & (1 << (cp % 64)) != 0).then(|| {
                next_slot += 1;
                next_slot - 1
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks the best index through each choice against whole-graph passes; returns
    /// whether some state's envelope has more than one point (so that the iteration over
    /// the envelopes, not only the direct reading of single points, was tested).
    fn agree(name: &str, s: &Scenario) -> bool {
        let g = StateGraph::build(s).expect("analysable");
        let order = g.reverse_topo();
        let env = Envelopes::build(&g, &order);
        assert!(env.is_some(), "{name}: the envelopes were not used");
        let multi = env.is_some_and(|env| {
            (0..g.len()).any(|st| env.forward(st).len() > 1 || env.backward(st).len() > 1)
        });
        // As the content figures work it out (with the halves of the envelopes built beside
        // the other figures, on two threads for a large graph).
        let content = g.content();
        assert_eq!(
            content.reached_without_injects,
            g.reached_without_injects(),
            "{name}: nodes reached without injects"
        );
        let per_node = content.choice_best.expect("within budget");
        let fast: Vec<Option<f64>> = (0..g.choices.len())
            .map(|ci| {
                let (n, c) = g.choice_node[ci];
                per_node[n as usize][c as usize]
            })
            .collect();
        let slow = g.choice_best_by_passes(&order).expect("within budget");
        assert_eq!(fast.len(), slow.len());
        for (c, (f, p)) in fast.iter().zip(&slow).enumerate() {
            match (f, p) {
                (Some(f), Some(p)) => {
                    assert!((f - p).abs() < 1e-7, "{name}: choice {c}: {f} vs {p}")
                }
                (None, None) => {}
                _ => panic!("{name}: choice {c}: {f:?} vs {p:?}"),
            }
        }
        multi
    }

    #[test]
    fn the_best_index_through_each_choice_is_the_same_by_envelopes_and_by_passes() {
        let lib = crate::scenario::Library::embedded();
        assert!(!lib.scenarios.is_empty());
        let mut multi = false;
        for s in &lib.scenarios {
            multi |= agree(&s.file, &s.scenario);
        }
        assert!(
            multi,
            "some built-in scenario has paths of different totals"
        );
        // The second is large enough for the figures to be worked out on two threads.
        for nodes in [1_000, 2_000] {
            let text = crate::map::synthetic::layered_ron(nodes, true);
            let (s, _) = crate::scenario::load::load_bytes("layered.ron", text.as_bytes())
                .expect("the generated scenario loads");
            let g = StateGraph::build(&s).expect("analysable");
            assert_eq!(
                g.len() >= StateGraph::PARALLEL_STATES,
                nodes == 2_000,
                "{} states",
                g.len()
            );
            agree(&format!("layered {nodes}"), &s);
        }
    }

    fn close(what: &str, a: Option<ScoreRange>, b: Option<ScoreRange>) {
        match (a, b) {
            (Some(a), Some(b)) => assert!(
                (a.best - b.best).abs() < 1e-7 && (a.worst - b.worst).abs() < 1e-7,
                "{what}: {a:?} vs {b:?}"
            ),
            (None, None) => {}
            _ => panic!("{what}: {a:?} vs {b:?}"),
        }
    }

    #[test]
    fn ranges_are_the_same_by_chains_and_by_passes() {
        let lib = crate::scenario::Library::embedded();
        let text = crate::map::synthetic::layered_ron(1_000, true);
        let (layered, _) = crate::scenario::load::load_bytes("layered.ron", text.as_bytes())
            .expect("the generated scenario loads");
        let mut all: Vec<(String, Scenario)> = lib
            .scenarios
            .iter()
            .map(|s| (s.file.clone(), (*s.scenario).clone()))
            .collect();
        all.push(("layered".into(), layered));
        for (name, s) in &all {
            let g = StateGraph::build(s).expect("analysable");
            let order = g.reverse_topo();
            for lower in [false, true] {
                assert!(
                    Chains::build(&g, &order, Dir::Backward, None, Paths::ALL, lower).is_some(),
                    "{name}: the chains were not used"
                );
            }
            for filter in [None].into_iter().chain(Pillar::ALL.map(Some)) {
                close(
                    &format!("{name} {filter:?}"),
                    g.score_range(&order, filter, Paths::ALL),
                    g.score_range_by_passes(&order, filter, Paths::ALL),
                );
            }
            let content = g.content();
            for (i, (k, allowed)) in Strategy::ALL
                .into_iter()
                .zip(g.strategy_edges())
                .enumerate()
            {
                let paths = Paths {
                    edges: Some(&allowed),
                    no_injects: true,
                    ending: None,
                };
                let by_passes = g.score_range_by_passes(&order, None, paths);
                close(
                    &format!("{name} {k:?}"),
                    g.score_range(&order, None, paths),
                    by_passes,
                );
                // As the content figures work it out (fused with the envelopes' pass).
                close(
                    &format!("{name} {k:?} (content)"),
                    content.strategies[i],
                    by_passes,
                );
            }
            // Bands: settled from the range and the chains, against enumeration.
            let index = g.score_range(&order, None, Paths::ALL);
            if let Some(all) = g.bands_by_enumeration(&order) {
                assert_eq!(g.bands(&order, index), Some(all), "{name}: bands");
            }
            // Endings: the chains against the iteration.
            let nodes: Vec<usize> = (0..g.is_ending.len()).filter(|&n| g.is_ending[n]).collect();
            let states: Vec<Vec<usize>> = nodes
                .iter()
                .map(|&n| {
                    (0..g.len())
                        .filter(|&st| g.node_of[st] as usize == n)
                        .collect()
                })
                .collect();
            let (best, worst, tested_by_chains, _) = g
                .ending_ratios_by_chains(&order, &states)
                .expect("within the chain limit");
            let tested = g.tested_endings(&order, &states);
            assert_eq!(tested_by_chains, tested, "{name}: endings tested");
            let best2 = g.ending_dinkelbach(&order, &states, &tested, vec![0.0; nodes.len()], true);
            let worst2 = g.ending_dinkelbach(&order, &states, &tested, best2.clone(), false);
            for i in (0..nodes.len()).filter(|&i| tested[i]) {
                assert!(
                    (best[i] - best2[i]).abs() < 1e-9,
                    "{name} ending {i}: best {} vs {}",
                    best[i],
                    best2[i]
                );
                assert!(
                    (worst[i] - worst2[i]).abs() < 1e-9,
                    "{name} ending {i}: worst {} vs {}",
                    worst[i],
                    worst2[i]
                );
            }
        }
    }

    #[test]
    fn an_envelope_keeps_only_points_that_can_be_best() {
        // (total, credit): (2, 1) is below the segment from (1, 1) to (3, 3); (4, 3) has no
        // more credit than (3, 3); (1, 0.5) has less credit than (1, 1) for the same total.
        let mut pts = vec![(3.0, 3.0), (2.0, 1.0), (1.0, 1.0), (4.0, 3.0), (1.0, 0.5)];
        envelope(&mut pts);
        assert_eq!(pts, vec![(1.0, 1.0), (3.0, 3.0)]);
        let mut pts = vec![(1.0, 1.0), (2.0, 1.8), (3.0, 2.0)];
        envelope(&mut pts);
        assert_eq!(pts, vec![(1.0, 1.0), (2.0, 1.8), (3.0, 2.0)]);
        // Every point of the same total: the one of most credit.
        let mut pts = vec![(2.0, 0.5), (2.0, 1.5), (2.0, 1.0), (2.0, 1.5)];
        envelope(&mut pts);
        assert_eq!(pts, vec![(2.0, 1.5)]);
    }
}
