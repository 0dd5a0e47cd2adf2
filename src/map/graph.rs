//! The branch map's graph: one node per scenario node (plus a placeholder for every `goto`
//! that names a node that does not exist), one edge per choice destination and per branch,
//! and what an author needs to see on each: checkpoint badges, the best choice, problems.

use crate::scenario::diagnostic::Diagnostic;
use crate::scenario::lint::{self, ContentReport};
use crate::scenario::load::{Parsed, parse_bytes};
use crate::scenario::spans::{LineIndex, Path};
use crate::scenario::{Pillar, Rating, Scenario, ScoreRange, validate};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What kind of box a map node is drawn as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    /// A node with choices (or, if the file is wrong, neither choices nor an ending).
    Decision,
    /// An ending, with its rating.
    Ending(Rating),
    /// A `goto` names a node that is not in the file: drawn so the broken link shows.
    Missing,
}

/// A checkpoint that some choice at a node records, for the card's badges.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Badge {
    /// The checkpoint's id.
    pub checkpoint: String,
    /// Its P, which gives the badge its colour.
    pub pillar: Pillar,
}

/// One node of the map.
#[derive(Clone, Debug)]
pub struct MapNode {
    /// The node's id as written in the file.
    pub id: String,
    /// The node's title (for a missing node, a short explanation).
    pub title: String,
    /// Decision, ending or missing.
    pub kind: NodeKind,
    /// Position in the scenario's `nodes` list (`None` for a missing node).
    pub index: Option<usize>,
    /// Checkpoints recorded by the node's choices, ordered by P and then as first written.
    pub badges: Vec<Badge>,
    /// Whether every session starts here.
    pub is_start: bool,
    /// No path from the start reaches this node.
    pub unreachable: bool,
    /// No ending can be reached from this node.
    pub dead_end: bool,
    /// The best choice here (0-based position in the node's choices), if one stands out.
    pub best_choice: Option<usize>,
    /// For an ending: the resilience index a session that ends here can have, when known.
    pub index_range: Option<ScoreRange>,
    /// Content lints about this node, in words (e.g. the answer gives itself away).
    pub lints: Vec<String>,
    /// Problems found in this node's part of the file.
    pub problems: Vec<Diagnostic>,
}

impl MapNode {
    /// The card's first line, saying what kind of node this is (so colour is never the only
    /// signal), with an ending's index range when known: the same in the app and the SVG.
    pub fn kind_line(&self) -> String {
        match self.kind {
            NodeKind::Decision if self.is_start => "START · DECISION".to_owned(),
            NodeKind::Decision => "DECISION".to_owned(),
            NodeKind::Ending(rating) => match self.index_range {
                Some(range) => format!(
                    "{} ENDING · index {:.0}–{:.0}",
                    rating.label().to_uppercase(),
                    range.worst,
                    range.best
                ),
                None => format!("{} ENDING", rating.label().to_uppercase()),
            },
            NodeKind::Missing => "MISSING NODE".to_owned(),
        }
    }

    /// Whether the map should outline this node in the error colour.
    pub fn has_problem(&self) -> bool {
        self.unreachable
            || self.dead_end
            || !self.problems.is_empty()
            || self.kind == NodeKind::Missing
    }

    /// A sentence describing the node for screen readers and SVG titles.
    pub fn describe(&self, choices: usize) -> String {
        let mut s = match self.kind {
            NodeKind::Decision => format!(
                "Decision \"{}\" (id {}), {} choice{}",
                self.title,
                self.id,
                choices,
                if choices == 1 { "" } else { "s" }
            ),
            NodeKind::Ending(r) => {
                format!("{} ending \"{}\" (id {})", r.label(), self.title, self.id)
            }
            NodeKind::Missing => format!("Missing node \"{}\": no node has this id", self.id),
        };
        if self.is_start {
            s.push_str(", the start");
        }
        if let Some(r) = self.index_range {
            s.push_str(&format!(", index {:.0}–{:.0}", r.worst, r.best));
        }
        if !self.badges.is_empty() {
            let names: Vec<String> = self
                .badges
                .iter()
                .map(|b| format!("{} ({})", b.checkpoint, b.pillar.name()))
                .collect();
            s.push_str(&format!("; checkpoints {}", names.join(", ")));
        }
        if let Some(b) = self.best_choice {
            s.push_str(&format!("; best choice {}", b + 1));
        }
        if self.unreachable {
            s.push_str("; unreachable from the start");
        }
        if self.dead_end {
            s.push_str("; dead end: no ending can be reached from here");
        }
        for l in &self.lints {
            s.push_str(&format!("; {l}"));
        }
        if !self.problems.is_empty() {
            let n = self.problems.len();
            s.push_str(&format!("; {n} problem{}", if n == 1 { "" } else { "s" }));
        }
        s
    }
}

/// One edge of the map: a choice's `goto`, or one of its branches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapEdge {
    /// Map index of the node the choice belongs to.
    pub from: usize,
    /// Map index of the destination.
    pub to: usize,
    /// The choice's position at its node (0-based; shown 1-based).
    pub choice: usize,
    /// `Some(i)` for the choice's `i`th branch (0-based), `None` for its `goto`.
    pub branch: Option<usize>,
    /// The choice has a `when`, or this is a branch: drawn dashed.
    pub conditional: bool,
    /// This is the best choice at its node.
    pub best: bool,
}

impl MapEdge {
    /// The short label drawn on the edge: `2` for choice 2, `2.1` for its first branch.
    pub fn label(&self) -> String {
        match self.branch {
            None => format!("{}", self.choice + 1),
            Some(b) => format!("{}.{}", self.choice + 1, b + 1),
        }
    }

    /// The text of the edge's label on the map, in the app and the SVG alike: the choice
    /// number, and "best" on the best choice's edges.
    pub fn tag(&self) -> String {
        if self.best {
            format!("{} best", self.label())
        } else {
            self.label()
        }
    }
}

/// The graph of one scenario, ready to lay out and draw.
#[derive(Clone, Debug, Default)]
pub struct MapGraph {
    /// The scenario's title.
    pub title: String,
    /// The scenario's id.
    pub scenario_id: String,
    /// Map nodes: the scenario's nodes in file order, then missing destinations.
    pub nodes: Vec<MapNode>,
    /// Edges, in node order, then choice order, goto before branches.
    pub edges: Vec<MapEdge>,
    /// Map index of the start node, when it exists.
    pub start: Option<usize>,
    /// Every problem in the file (those not tied to a node too).
    pub problems: Vec<Diagnostic>,
    /// Choices per map node (0 for endings and missing nodes).
    pub choice_counts: Vec<usize>,
}

impl MapGraph {
    /// The graph of a scenario that loaded (it has no problems but may still be drawn).
    pub fn from_scenario(s: &Scenario) -> MapGraph {
        Self::with_content(s, None)
    }

    /// The graph of a loaded scenario: the content figures worked out when it was loaded
    /// are used when it has them (a file in the watched folder is checked in full on the
    /// watcher's thread, so a save does not explore its states again on the UI thread).
    pub fn from_loaded(s: &crate::scenario::LoadedScenario) -> MapGraph {
        Self::with_content(&s.scenario, s.content.as_ref())
    }

    fn with_content(s: &Scenario, content: Option<&ContentReport>) -> MapGraph {
        let mut g = build(s);
        g.mark_best_choices(s);
        match content {
            Some(report) => g.apply_content(report),
            None => {
                if let Ok(report) = lint::content(s) {
                    g.apply_content(&report);
                }
            }
        }
        g
    }

    /// The graph of a file, with its problems attached to the nodes they point at. A file
    /// that does not parse at all has no graph: its problems come back as the error.
    pub fn from_source(file: &str, bytes: &[u8]) -> Result<MapGraph, Vec<Diagnostic>> {
        let parsed = parse_bytes(file, bytes)?;
        let problems = validate::validate(&parsed, file);
        let mut g = build(&parsed.scenario);
        g.mark_best_choices(&parsed.scenario);
        // The content figures need a scenario that validates: a file with errors shows
        // its problems instead.
        if !problems
            .iter()
            .any(|d| d.severity == crate::scenario::Severity::Error)
            && let Ok(report) = lint::content(&parsed.scenario)
        {
            g.apply_content(&report);
        }
        g.attach_problems(&parsed, problems);
        Ok(g)
    }

    /// Puts the content lints' figures on the map: each ending's index range, the exact best
    /// choice at each decision (where one choice alone is best), and the note where the best
    /// choice is also the longest (the answer gives itself away).
    pub fn apply_content(&mut self, report: &ContentReport) {
        for e in &report.endings {
            if let Some(n) = self.nodes.iter_mut().find(|n| n.index == Some(e.node)) {
                n.index_range = e.index;
            }
        }
        let Some(giveaway) = &report.giveaway else {
            return;
        };
        for f in &giveaway.nodes {
            if let [best] = f.best()[..] {
                self.set_best(f.node, best);
            }
            if f.best_is_longest
                && let Some(n) = self.nodes.iter_mut().find(|n| n.index == Some(f.node))
            {
                let lead = f
                    .length_lead
                    .map(|l| format!(" ({:.0}% longer than the others)", l * 100.0))
                    .unwrap_or_default();
                n.lints.push(format!(
                    "the best choice is also the longest{lead}: the answer may give itself away"
                ));
            }
        }
    }

    /// Node map index by id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// Ties each problem to the node whose text contains its line and column.
    fn attach_problems(&mut self, parsed: &Parsed, problems: Vec<Diagnostic>) {
        if !problems.is_empty()
            && let Some(tree) = parsed.tree()
        {
            let index = LineIndex::new(&parsed.text);
            let spans: Vec<(usize, usize)> = (0..parsed.scenario.nodes.len())
                .map(|i| {
                    let n = tree.resolve(&parsed.text, &Path::root().field("nodes").index(i));
                    (n.start, n.end)
                })
                .collect();
            for d in &problems {
                let at = index.offset(&parsed.text, d.line, d.col);
                // The innermost (last-starting) node span that holds the offset.
                if let Some(i) = spans
                    .iter()
                    .enumerate()
                    .filter(|(_, (s, e))| *s <= at && at < *e)
                    .max_by_key(|(_, (s, _))| *s)
                    .map(|(i, _)| i)
                    && let Some(node) = self.nodes.iter_mut().find(|n| n.index == Some(i))
                {
                    node.problems.push(d.clone());
                }
            }
        }
        self.problems = problems;
    }

    /// Marks at each node the choice that records the most checkpoint credit (weighted: met
    /// counts for, missed against), when one choice alone has the most.
    fn mark_best_choices(&mut self, s: &Scenario) {
        let weight: HashMap<&str, f64> = s
            .checkpoints
            .iter()
            .map(|c| (c.id.as_str(), c.weight))
            .collect();
        for (i, node) in s.nodes.iter().enumerate() {
            if node.choices.len() < 2 {
                continue;
            }
            let nets: Vec<f64> = node
                .choices
                .iter()
                .map(|c| {
                    c.effects
                        .iter()
                        .filter_map(|e| e.checkpoint_outcome())
                        .map(|(cp, o)| {
                            weight.get(cp.as_str()).copied().unwrap_or(1.0)
                                * (2.0 * o.credit() - 1.0)
                        })
                        .sum()
                })
                .collect();
            let best = nets.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let at_best: Vec<usize> = (0..nets.len())
                .filter(|&k| (nets[k] - best).abs() < 1e-9)
                .collect();
            if at_best.len() == 1 && best > 0.0 {
                self.set_best(i, at_best[0]);
            }
        }
    }

    /// Marks a node's best choice (by scenario node index and choice position).
    pub fn set_best(&mut self, scenario_node: usize, choice: usize) {
        let Some(m) = self
            .nodes
            .iter()
            .position(|n| n.index == Some(scenario_node))
        else {
            return;
        };
        self.nodes[m].best_choice = Some(choice);
        for e in &mut self.edges {
            if e.from == m {
                e.best = e.choice == choice;
            }
        }
    }
}

fn build(s: &Scenario) -> MapGraph {
    let mut nodes: Vec<MapNode> = Vec::with_capacity(s.nodes.len());
    let mut by_id: HashMap<&str, usize> = HashMap::new();
    let pillar_of: HashMap<&str, Pillar> =
        s.checkpoints.iter().map(|c| (c.id.as_str(), c.p)).collect();
    for (i, n) in s.nodes.iter().enumerate() {
        // A duplicate id keeps its own box; links go to the first, as the validator says.
        by_id.entry(n.id.as_str()).or_insert(i);
        let mut seen = BTreeSet::new();
        let mut badges: Vec<Badge> = Vec::new();
        for c in &n.choices {
            for e in &c.effects {
                if let Some((cp, _)) = e.checkpoint_outcome()
                    && seen.insert(cp.as_str())
                    && let Some(p) = pillar_of.get(cp.as_str())
                {
                    badges.push(Badge {
                        checkpoint: cp.0.clone(),
                        pillar: *p,
                    });
                }
            }
        }
        badges.sort_by_key(|b| b.pillar.index());
        nodes.push(MapNode {
            id: n.id.0.clone(),
            title: n.title.clone(),
            kind: match &n.ending {
                Some(e) => NodeKind::Ending(e.rating),
                None => NodeKind::Decision,
            },
            index: Some(i),
            badges,
            is_start: n.id == s.start,
            unreachable: false,
            dead_end: false,
            best_choice: None,
            index_range: None,
            lints: Vec::new(),
            problems: Vec::new(),
        });
    }
    let mut choice_counts: Vec<usize> = s.nodes.iter().map(|n| n.choices.len()).collect();
    let mut missing: BTreeMap<String, usize> = BTreeMap::new();
    let mut edges = Vec::new();
    let mut target = |id: &str, nodes: &mut Vec<MapNode>| -> usize {
        if let Some(&i) = by_id.get(id) {
            return i;
        }
        if let Some(&i) = missing.get(id) {
            return i;
        }
        let i = nodes.len();
        nodes.push(MapNode {
            id: id.to_owned(),
            title: "No node has this id".into(),
            kind: NodeKind::Missing,
            index: None,
            badges: Vec::new(),
            is_start: false,
            unreachable: false,
            dead_end: false,
            best_choice: None,
            index_range: None,
            lints: Vec::new(),
            problems: Vec::new(),
        });
        missing.insert(id.to_owned(), i);
        i
    };
    for (i, n) in s.nodes.iter().enumerate() {
        for (ci, c) in n.choices.iter().enumerate() {
            let to = target(c.goto.as_str(), &mut nodes);
            edges.push(MapEdge {
                from: i,
                to,
                choice: ci,
                branch: None,
                conditional: c.when.is_some(),
                best: false,
            });
            for (bi, b) in c.branches.iter().enumerate() {
                let to = target(b.goto.as_str(), &mut nodes);
                edges.push(MapEdge {
                    from: i,
                    to,
                    choice: ci,
                    branch: Some(bi),
                    conditional: true,
                    best: false,
                });
            }
        }
    }
    choice_counts.resize(nodes.len(), 0);
    let start = by_id.get(s.start.as_str()).copied();
    let mut g = MapGraph {
        title: s.title.clone(),
        scenario_id: s.id.0.clone(),
        nodes,
        edges,
        start,
        problems: Vec::new(),
        choice_counts,
    };
    mark_reachability(&mut g);
    g
}

/// Marks nodes the start cannot reach, and decision nodes from which no ending can be reached.
fn mark_reachability(g: &mut MapGraph) {
    let n = g.nodes.len();
    let mut succ = vec![Vec::new(); n];
    let mut pred = vec![Vec::new(); n];
    for e in &g.edges {
        succ[e.from].push(e.to);
        pred[e.to].push(e.from);
    }
    let mut reached = vec![false; n];
    if let Some(s) = g.start {
        let mut stack = vec![s];
        reached[s] = true;
        while let Some(v) = stack.pop() {
            for &w in &succ[v] {
                if !reached[w] {
                    reached[w] = true;
                    stack.push(w);
                }
            }
        }
    }
    let mut ends = vec![false; n];
    let mut stack: Vec<usize> = (0..n)
        .filter(|&i| matches!(g.nodes[i].kind, NodeKind::Ending(_)))
        .collect();
    for &i in &stack {
        ends[i] = true;
    }
    while let Some(v) = stack.pop() {
        for &u in &pred[v] {
            if !ends[u] {
                ends[u] = true;
                stack.push(u);
            }
        }
    }
    for (i, node) in g.nodes.iter_mut().enumerate() {
        node.unreachable = !reached[i] && node.kind != NodeKind::Missing;
        node.dead_end = node.kind == NodeKind::Decision && !ends[i];
    }
}
