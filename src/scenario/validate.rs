//! Every rule a scenario must follow, checked with precise locations.

use super::analyse;
use super::diagnostic::{Diagnostic, Severity};
use super::limits;
use super::lint::ContentReport;
use super::load::Parsed;
use super::model::{Condition, Effect, Node, Pillar, Scenario};
use super::spans::{self, LineIndex, Path, SpanNode};
use super::text::{BraceError, placeholders, suggestion};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

/// Collects diagnostics and turns paths into lines and columns.
///
/// The source tree and the line index are built on the first problem reported: locating is
/// only paid for when there is something to locate.
pub(crate) struct Reporter<'a> {
    file: &'a str,
    text: &'a str,
    tree: &'a OnceLock<Option<SpanNode>>,
    index: OnceLock<LineIndex>,
    /// Everything reported so far.
    pub out: Vec<Diagnostic>,
}

impl<'a> Reporter<'a> {
    pub(crate) fn new(file: &'a str, text: &'a str, tree: &'a OnceLock<Option<SpanNode>>) -> Self {
        Self {
            file,
            text,
            tree,
            index: OnceLock::new(),
            out: Vec::new(),
        }
    }

    /// Byte offset of the value at `path`; with `needle`, of that string inside it.
    fn offset(&self, path: &Path, needle: Option<&str>) -> usize {
        let tree = self
            .tree
            .get_or_init(|| spans::parse_lazy(self.text, limits::MAX_NESTING).ok());
        let Some(tree) = tree else {
            return needle
                .and_then(|n| self.text.find(&format!("\"{n}\"")))
                .unwrap_or(0);
        };
        let node = tree.resolve(self.text, path);
        match needle {
            Some(n) => node
                .find_str(self.text, n)
                .map(|s| s.start)
                .unwrap_or(node.start),
            None => node.start,
        }
    }

    fn push(&mut self, severity: Severity, at: usize, message: String, help: String) {
        let (line, col) = self
            .index
            .get_or_init(|| LineIndex::new(self.text))
            .line_col(self.text, at);
        self.out.push(Diagnostic {
            severity,
            file: self.file.to_owned(),
            line,
            col,
            message,
            help,
            code: None,
        });
    }

    /// A content-lint warning with its stable `code`, at the value at `path`.
    pub(crate) fn lint(
        &mut self,
        code: &'static str,
        path: &Path,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let at = self.offset(path, None);
        self.push(Severity::Warning, at, message.into(), help.into());
        if let Some(d) = self.out.last_mut() {
            d.code = Some(code);
        }
    }

    /// An error at `path` (and at the string `needle` inside it, if given).
    pub(crate) fn error(
        &mut self,
        path: &Path,
        needle: Option<&str>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let at = self.offset(path, needle);
        self.push(Severity::Error, at, message.into(), help.into());
    }

    /// A warning at `path` (and at the string `needle` inside it, if given).
    pub(crate) fn warn(
        &mut self,
        path: &Path,
        needle: Option<&str>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let at = self.offset(path, needle);
        self.push(Severity::Warning, at, message.into(), help.into());
    }

    /// A warning at the first occurrence of `fragment` inside the string at `path` (at the
    /// string itself when the source spells it differently, e.g. with escapes).
    pub(crate) fn warn_in_text(
        &mut self,
        path: &Path,
        fragment: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let base = self.offset(path, None);
        let at = self.text[base..].find(fragment).map_or(base, |i| base + i);
        self.push(Severity::Warning, at, message.into(), help.into());
    }

    /// An error at a `{placeholder}` inside the string at `path`.
    fn error_in_text(
        &mut self,
        path: &Path,
        text: &str,
        offset_in_text: usize,
        message: String,
        help: String,
    ) {
        let base = self.offset(path, None);
        // Find the same characters in the source: the string literal may contain escapes, so
        // search the raw literal for the placeholder text rather than adding offsets.
        let fragment_end = text[offset_in_text..]
            .find('}')
            .map(|i| offset_in_text + i + 1)
            .unwrap_or(text.len());
        let fragment = &text[offset_in_text..fragment_end];
        let at = self.text[base..]
            .find(fragment)
            .map(|i| base + i)
            .unwrap_or(base);
        self.push(Severity::Error, at, message, help);
    }
}

/// Names of every declared id of each kind, for lookups and suggestions.
struct Names<'s> {
    nodes: HashMap<&'s str, usize>,
    checkpoints: HashMap<&'s str, usize>,
    flags: HashMap<&'s str, usize>,
    counters: HashMap<&'s str, usize>,
    variables: HashMap<&'s str, usize>,
}

fn sorted_keys<'s>(m: &HashMap<&'s str, usize>) -> Vec<&'s str> {
    let mut v: Vec<&str> = m.keys().copied().collect();
    v.sort_unstable();
    v
}

/// Validates a parsed scenario and returns every problem found.
pub fn validate(parsed: &Parsed, file: &str) -> Vec<Diagnostic> {
    validate_with_content(parsed, file).0
}

/// Validates a parsed scenario: every problem found and, when it has no errors and can be
/// analysed, the content figures its lints were drawn from.
pub fn validate_with_content(
    parsed: &Parsed,
    file: &str,
) -> (Vec<Diagnostic>, Option<ContentReport>) {
    let (out, states) = validate_in_steps(parsed, file, StateChecks::Now { analysis: false });
    (out, states.and_then(|s| s.content))
}

/// Whether [`validate_in_steps`] explores the scenario's states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StateChecks {
    /// Explore them (with the analysis too, from the same states, when `analysis`).
    Now {
        /// Also work out the [`Analysis`](super::Analysis).
        analysis: bool,
    },
    /// Leave them for [`finish_states`]: the rules before them are all checked.
    Later,
}

/// What the checks that explore a scenario's states found.
#[derive(Clone, Debug)]
pub struct StatesChecked {
    /// Errors (a node where no choice is left) and warnings (choices never offered, the
    /// content lints, a scenario too complex to explore), located in the file.
    pub diagnostics: Vec<Diagnostic>,
    /// The content-lint figures; `None` when the scenario is too complex.
    pub content: Option<ContentReport>,
    /// The analysis, when it was asked for; `Err` when the scenario is too complex.
    pub analysis: Option<Result<super::Analysis, analyse::TooComplex>>,
}

/// The checks that explore the states of a scenario that passed every other rule (see
/// [`StateChecks::Later`]), with its analysis from the same states: what the app does in the
/// background. `text` is the file's text, to locate what is found.
pub fn finish_states(file: &str, text: &str, s: &Scenario) -> StatesChecked {
    let tree = OnceLock::new();
    let mut r = Reporter::new(file, text, &tree);
    let (content, analysis) = check_states(&mut r, s, true, analyse::StateGraph::build(s));
    r.out.sort_by_key(|d| (d.line, d.col));
    StatesChecked {
        diagnostics: r.out,
        content,
        analysis,
    }
}

/// Validation in its two steps: every rule, then (now, or never when `states` is
/// [`StateChecks::Later`]) those that explore the states. Returns every problem found and,
/// when the states were explored, what that found besides.
pub(crate) fn validate_in_steps(
    parsed: &Parsed,
    file: &str,
    states: StateChecks,
) -> (Vec<Diagnostic>, Option<StatesChecked>) {
    let mut r = Reporter::new(file, &parsed.text, parsed.tree_cell());
    let s = &parsed.scenario;
    let root = Path::root();

    if s.nodes.len() > limits::MAX_NODES {
        r.error(
            &root.field("nodes"),
            None,
            format!(
                "the scenario has {} nodes; at most {} are allowed",
                s.nodes.len(),
                limits::MAX_NODES
            ),
            "split it into several scenarios",
        );
        return (r.out, None);
    }
    if s.flags.len() > limits::MAX_FLAGS {
        r.error(
            &root.field("flags"),
            None,
            format!(
                "the scenario declares {} flags; at most {} are allowed",
                s.flags.len(),
                limits::MAX_FLAGS
            ),
            "combine or remove flags",
        );
        return (r.out, None);
    }

    // The rules in the order their problems are listed (the sort at the end is stable, so
    // problems on the same line and column keep this order). The rules that decide whether
    // the states can be explored run first; the others do not touch what the states need.
    // A large scenario's states are explored on a second thread from the start, while the
    // rules run here: the exploration does not rely on them, and is stopped if they find
    // that the states cannot be explored. On a small one a thread costs more than it saves.
    let cancel = AtomicBool::new(false);
    let speculate = matches!(states, StateChecks::Now { .. }) && s.nodes.len() >= PARALLEL_NODES;
    let has_error = |found: &[Diagnostic]| found.iter().any(|d| d.severity == Severity::Error);
    let (mut rules_found, first_group, ids_end, nodes_end, before_states, explored) =
        std::thread::scope(|scope| {
            let early = speculate
                .then(|| {
                    std::thread::Builder::new()
                        .spawn_scoped(scope, || analyse::StateGraph::build_unless(s, &cancel))
                        .ok()
                })
                .flatten();
            let names = check_ids(&mut r, s);
            let ids_end = r.out.len();
            let references_ok = check_nodes(&mut r, s, &names);
            let nodes_end = r.out.len();
            let graph_ok = references_ok && check_graph(&mut r, s, &names);
            let gate_clean = !r.out.iter().any(|d| d.severity == Severity::Error);
            let explore = match states {
                StateChecks::Now { analysis } if graph_ok && gate_clean => Some(analysis),
                _ => None,
            };
            if explore.is_none() {
                cancel.store(true, Ordering::Relaxed);
            }
            // The other rules (metadata to texts, then injects and usage): their problems, and
            // where the second group starts.
            let mut rules = Reporter::new(file, &parsed.text, parsed.tree_cell());
            check_metadata(&mut rules, s);
            check_checkpoints(&mut rules, s);
            check_declarations(&mut rules, s);
            check_texts(&mut rules, s, &names);
            let first_group = rules.out.len();
            check_injects(&mut rules, s, &names);
            check_usage(&mut rules, s);
            let rules_found = rules.out;
            let before_states = r.out.len();
            // The states are explored only when every rule passed: their problems would come
            // after the rules' errors, and be reported once those are mended.
            let explored = explore
                .filter(|_| !has_error(&rules_found))
                .map(|analysis| {
                    // While the states are still being explored: the tree of positions the
                    // lints about to be found will need (this thread would only wait).
                    if early.is_some() {
                        let _ = parsed.tree();
                    }
                    let graph = early
                        .and_then(|handle| {
                            handle
                                .join()
                                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                        })
                        .unwrap_or_else(|| analyse::StateGraph::build(s));
                    check_states(&mut r, s, analysis, graph)
                });
            (
                rules_found,
                first_group,
                ids_end,
                nodes_end,
                before_states,
                explored,
            )
        });
    let clean = !has_error(&rules_found);
    let mut found = None;
    let states_found: Vec<Diagnostic> = r.out.split_off(before_states);
    let graph_found: Vec<Diagnostic> = r.out.split_off(nodes_end);
    let nodes_found: Vec<Diagnostic> = r.out.split_off(ids_end);
    let mut out = r.out;
    let usage_found = rules_found.split_off(first_group);
    out.extend(rules_found);
    out.extend(nodes_found);
    out.extend(usage_found);
    out.extend(graph_found);
    // States explored beside rules that then found an error are not reported: the rules'
    // errors come first, as when the states are explored after them.
    if let (true, Some((content, analysis))) = (clean, explored) {
        out.extend(states_found.iter().cloned());
        found = Some(StatesChecked {
            diagnostics: states_found,
            content,
            analysis,
        });
    }
    out.sort_by_key(|d| (d.line, d.col));
    (out, found)
}

/// From this many nodes on, the states are explored on a second thread while the other
/// rules run (a third off a large `check` on two cores; for a small scenario a thread costs
/// more than it saves).
const PARALLEL_NODES: usize = 2_000;

fn check_ids<'s>(r: &mut Reporter, s: &'s Scenario) -> Names<'s> {
    fn unique<'s>(
        r: &mut Reporter,
        what: &str,
        list: &'static str,
        ids: impl Iterator<Item = &'s str>,
    ) -> HashMap<&'s str, usize> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            let path = Path::root().field(list).index(i).field("id");
            if id.trim().is_empty() {
                r.error(
                    &path,
                    None,
                    format!("a {what} has an empty id"),
                    "give it a short id such as \"grant-licence\"",
                );
                continue;
            }
            if let Some(first) = seen.get(id) {
                r.error(
                    &path,
                    None,
                    format!(
                        "duplicate {what} id `\"{id}\"` (first used by {what} number {})",
                        first + 1
                    ),
                    format!("give each {what} its own id"),
                );
            } else {
                seen.insert(id, i);
            }
        }
        seen
    }
    let names = Names {
        nodes: unique(r, "node", "nodes", s.nodes.iter().map(|n| n.id.as_str())),
        checkpoints: unique(
            r,
            "checkpoint",
            "checkpoints",
            s.checkpoints.iter().map(|c| c.id.as_str()),
        ),
        flags: unique(r, "flag", "flags", s.flags.iter().map(|f| f.id.as_str())),
        counters: unique(
            r,
            "counter",
            "counters",
            s.counters.iter().map(|c| c.id.as_str()),
        ),
        variables: unique(
            r,
            "variable",
            "variables",
            s.variables.iter().map(|v| v.id.as_str()),
        ),
    };
    unique(
        r,
        "inject",
        "injects",
        s.injects.iter().map(|i| i.id.as_str()),
    );
    // Chance ids share one namespace across the scenario.
    let mut seen = HashSet::new();
    for (ni, node) in s.nodes.iter().enumerate() {
        for (ci, ev) in node.chance.iter().enumerate() {
            if !seen.insert(ev.id.as_str()) {
                r.error(
                    &Path::root()
                        .field("nodes")
                        .index(ni)
                        .field("chance")
                        .index(ci)
                        .field("id"),
                    None,
                    format!("duplicate chance event id `\"{}\"`", ev.id),
                    "give each chance event its own id",
                );
            }
        }
    }
    names
}

fn require_text(r: &mut Reporter, path: &Path, text: &str, what: &str) {
    if text.trim().is_empty() {
        r.error(
            path,
            None,
            format!("{what} is empty"),
            format!("write {what}"),
        );
    }
}

fn check_metadata(r: &mut Reporter, s: &Scenario) {
    let root = Path::root();
    require_text(r, &root.field("id"), s.id.as_str(), "the scenario id");
    require_text(
        r,
        &root.field("version"),
        &s.version,
        "the scenario version",
    );
    require_text(r, &root.field("title"), &s.title, "the scenario title");
    require_text(r, &root.field("area"), &s.area, "the scenario area");
    require_text(
        r,
        &root.field("summary"),
        &s.summary,
        "the scenario summary",
    );
    super::council::check(r, s);
    if s.minutes == 0 || s.minutes > 600 {
        r.error(
            &root.field("minutes"),
            None,
            format!("`minutes` is {}; it must be between 1 and 600", s.minutes),
            "give the estimated playing time in minutes, e.g. `minutes: 30`",
        );
    }
    if s.nodes.is_empty() {
        r.error(
            &root.field("nodes"),
            None,
            "the scenario has no nodes",
            "add at least a start node and an ending",
        );
    }
    if s.checkpoints.is_empty() {
        r.error(
            &root.field("checkpoints"),
            None,
            "the scenario has no checkpoints, so nothing can be scored",
            "add checkpoints for the measures the council should take",
        );
    }
}

fn check_checkpoints(r: &mut Reporter, s: &Scenario) {
    for (i, c) in s.checkpoints.iter().enumerate() {
        let path = Path::root().field("checkpoints").index(i);
        if !(c.weight.is_finite() && c.weight > 0.0 && c.weight <= 10.0) {
            r.error(
                &path.field("weight"),
                None,
                format!("checkpoint `\"{}\"` has weight {}; weights must be greater than 0 and at most 10", c.id, c.weight),
                "use 1 for an ordinary checkpoint and up to 10 for a critical one",
            );
        }
        require_text(r, &path.field("title"), &c.title, "the checkpoint title");
        require_text(
            r,
            &path.field("lesson"),
            &c.lesson,
            "the checkpoint's lesson",
        );
    }
    // A missing Prevent is the `no-prevent` content lint, with its own advice.
    super::lint::lint_prevent(r, s);
    for p in [Pillar::Pursue, Pillar::Protect, Pillar::Prepare] {
        if !s.checkpoints.is_empty() && !s.checkpoints.iter().any(|c| c.p == p) {
            r.warn(
                &Path::root().field("checkpoints"),
                None,
                format!("no checkpoint is tagged {p}, so the debrief will show {p} as not tested"),
                format!("add a checkpoint with `p: {p}` if the scenario tests it"),
            );
        }
    }
}

fn check_declarations(r: &mut Reporter, s: &Scenario) {
    for (i, v) in s.variables.iter().enumerate() {
        let path = Path::root().field("variables").index(i);
        if v.values.is_empty() {
            r.error(
                &path.field("values"),
                None,
                format!("variable `{}` has no values to draw from", v.id),
                "list at least one value, e.g. `values: [\"Northgate Cars\", \"Swift Cabs\"]`",
            );
        }
        for (j, value) in v.values.iter().enumerate() {
            if value.trim().is_empty() {
                r.error(
                    &path.field("values").index(j),
                    None,
                    format!("variable `{}` has an empty value", v.id),
                    "remove the empty value or write it",
                );
            }
            if value.contains(['{', '}']) {
                r.error(
                    &path.field("values").index(j),
                    None,
                    format!("a value of variable `{}` contains a brace", v.id),
                    "variable values cannot refer to other variables",
                );
            }
        }
    }
    for (i, c) in s.counters.iter().enumerate() {
        require_text(
            r,
            &Path::root().field("counters").index(i).field("label"),
            &c.label,
            "the counter label",
        );
    }
}

/// Calls `f(path, text, name)` for every text in the scenario that is shown to someone. The
/// path is only made when asked for (a problem to locate): nearly every text has none.
fn for_each_text<'s>(s: &'s Scenario, mut f: impl FnMut(&dyn Fn() -> Path, &'s str, &'static str)) {
    let root = Path::root;
    f(&|| root().field("title"), &s.title, "title");
    f(&|| root().field("summary"), &s.summary, "summary");
    f(&|| root().field("audience"), &s.audience, "audience");
    for (i, c) in s.checkpoints.iter().enumerate() {
        let p = || root().field("checkpoints").index(i);
        f(&|| p().field("title"), &c.title, "checkpoint title");
        f(&|| p().field("lesson"), &c.lesson, "lesson");
        for (j, refr) in c.references.iter().enumerate() {
            f(&|| p().field("references").index(j), refr, "reference");
        }
    }
    for (i, inj) in s.injects.iter().enumerate() {
        let p = || root().field("injects").index(i);
        f(&|| p().field("title"), &inj.title, "inject title");
        f(&|| p().field("text"), &inj.text, "inject text");
        f(
            &|| p().field("facilitator_notes"),
            &inj.facilitator_notes,
            "facilitator notes",
        );
    }
    for (i, n) in s.nodes.iter().enumerate() {
        let p = || root().field("nodes").index(i);
        f(&|| p().field("title"), &n.title, "node title");
        f(&|| p().field("text"), &n.text, "narrative");
        f(
            &|| p().field("facilitator_notes"),
            &n.facilitator_notes,
            "facilitator notes",
        );
        f(
            &|| p().field("model_answer"),
            &n.model_answer,
            "model answer",
        );
        for (j, e) in n.evidence.iter().enumerate() {
            f(
                &|| p().field("evidence").index(j).field("title"),
                &e.title,
                "evidence title",
            );
            f(
                &|| p().field("evidence").index(j).field("body"),
                &e.body,
                "evidence body",
            );
        }
        for (j, q) in n.questions.iter().enumerate() {
            f(
                &|| p().field("questions").index(j),
                q,
                "discussion question",
            );
        }
        for (j, q) in n.references.iter().enumerate() {
            f(&|| p().field("references").index(j), q, "reference");
        }
        for (j, c) in n.chance.iter().enumerate() {
            f(
                &|| p().field("chance").index(j).field("text"),
                &c.text,
                "chance event text",
            );
        }
        for (j, c) in n.choices.iter().enumerate() {
            f(
                &|| p().field("choices").index(j).field("text"),
                &c.text,
                "choice text",
            );
            f(
                &|| p().field("choices").index(j).field("feedback"),
                &c.feedback,
                "feedback",
            );
        }
        if let Some(e) = &n.ending {
            f(
                &|| p().field("ending").field("outcome"),
                &e.outcome,
                "ending outcome",
            );
        }
    }
}

fn check_texts(r: &mut Reporter, s: &Scenario, names: &Names) {
    let vars = sorted_keys(&names.variables);
    for_each_text(s, |path, text, what| {
        let chars = text.chars().count();
        if chars > limits::MAX_TEXT_CHARS {
            r.error(
                &path(),
                None,
                format!(
                    "this {what} is {chars} characters long; the limit is {}",
                    limits::MAX_TEXT_CHARS
                ),
                "shorten it, or move detail into an evidence document",
            );
            return;
        }
        match placeholders(text) {
            Ok(found) => {
                for ph in found {
                    if !names.variables.contains_key(ph.name) {
                        r.error_in_text(
                            &path(),
                            text,
                            ph.offset,
                            format!("unknown variable `{{{}}}` in {what}", ph.name),
                            match super::text::closest(ph.name, vars.iter().copied()) {
                                Some(c) => format!("did you mean `{{{c}}}`?"),
                                None => suggestion(ph.name, "variable", vars.iter().copied()),
                            },
                        );
                    }
                }
            }
            Err(BraceError::Unclosed(at)) => r.error_in_text(
                &path(),
                text,
                at,
                format!("a `{{` in this {what} is never closed"),
                "close the variable with `}`, or write `{{` for a literal brace".into(),
            ),
            Err(BraceError::BadName(at)) => r.error_in_text(
                &path(),
                text,
                at,
                format!("a `{{…}}` in this {what} does not name a variable"),
                "variables are written `{name}` with letters, digits, `_` or `-`; write `{{` and `}}` for literal braces".into(),
            ),
        }
    });
}

/// Checks one list of effects. `scoring` says whether checkpoint effects are allowed and
/// `clearing` whether `Clear` is.
#[allow(clippy::too_many_arguments)]
fn check_effects(
    r: &mut Reporter,
    path: &Path,
    effects: &[Effect],
    names: &Names,
    owner: &str,
    scoring: bool,
    clearing: bool,
    ok: &mut bool,
) {
    for (k, e) in effects.iter().enumerate() {
        let ep = path.index(k);
        let (id, kind, table) = match e {
            Effect::Met(c) | Effect::PartlyMet(c) | Effect::Missed(c) => {
                if !scoring {
                    r.error(
                        &ep,
                        None,
                        format!("{owner} cannot record a checkpoint outcome"),
                        "only a decision scores: move this effect to a choice, or use a flag",
                    );
                    continue;
                }
                (c.as_str(), "checkpoint", &names.checkpoints)
            }
            Effect::Set(f) => (f.as_str(), "flag", &names.flags),
            Effect::Clear(f) => {
                if !clearing {
                    r.error(
                        &ep,
                        None,
                        format!("{owner} cannot clear a flag"),
                        "injects may only set flags and change counters",
                    );
                    continue;
                }
                (f.as_str(), "flag", &names.flags)
            }
            Effect::Add(c, _) => (c.as_str(), "counter", &names.counters),
        };
        if !table.contains_key(id) {
            *ok = false;
            r.error(
                &ep,
                Some(id),
                format!("unknown {kind} `\"{id}\"`"),
                suggestion(id, kind, sorted_keys(table)),
            );
        }
    }
}

fn check_condition(r: &mut Reporter, path: &Path, cond: &Condition, names: &Names, ok: &mut bool) {
    if cond.depth() > limits::MAX_CONDITION_DEPTH {
        r.error(
            path,
            None,
            format!(
                "this condition nests {} levels deep; at most {} are allowed",
                cond.depth(),
                limits::MAX_CONDITION_DEPTH
            ),
            "simplify it, or set a flag earlier that sums up the situation",
        );
    }
    let mut flags = Vec::new();
    cond.flags(&mut flags);
    for f in flags {
        if !names.flags.contains_key(f.as_str()) {
            *ok = false;
            r.error(
                path,
                Some(f.as_str()),
                format!("unknown flag `\"{f}\"` in condition"),
                suggestion(f.as_str(), "flag", sorted_keys(&names.flags)),
            );
        }
    }
}

fn check_node_ref(r: &mut Reporter, path: &Path, id: &str, names: &Names, ok: &mut bool) {
    if !names.nodes.contains_key(id) {
        *ok = false;
        r.error(
            path,
            None,
            format!("unknown node `\"{id}\"`"),
            suggestion(id, "node", sorted_keys(&names.nodes)),
        );
    }
}

/// Checks the nodes; returns false when some reference does not resolve.
fn check_nodes(r: &mut Reporter, s: &Scenario, names: &Names) -> bool {
    let mut ok = true;
    check_node_ref(
        r,
        &Path::root().field("start"),
        s.start.as_str(),
        names,
        &mut ok,
    );
    for (i, node) in s.nodes.iter().enumerate() {
        let p = Path::root().field("nodes").index(i);
        check_node(r, &p, node, names, &mut ok);
    }
    ok
}

fn check_node(r: &mut Reporter, p: &Path, node: &Node, names: &Names, ok: &mut bool) {
    require_text(r, &p.field("title"), &node.title, "the node title");
    require_text(r, &p.field("text"), &node.text, "the narrative");
    match (&node.ending, node.choices.is_empty()) {
        (Some(_), false) => r.error(
            &p.field("ending"),
            None,
            format!("node `\"{}\"` has both choices and an ending", node.id),
            "a node either offers choices or ends the scenario: remove one",
        ),
        (None, true) => r.error(
            &p.field("id"),
            None,
            format!(
                "node `\"{}\"` is a dead end: it has no choices and no ending",
                node.id
            ),
            "add choices, or an `ending: Ending(rating: …, outcome: \"…\")`",
        ),
        (Some(e), true) => require_text(
            r,
            &p.field("ending").field("outcome"),
            &e.outcome,
            "the ending's outcome",
        ),
        (None, false) => {}
    }
    if node.choices.len() > limits::MAX_CHOICES {
        r.error(
            &p.field("choices").index(limits::MAX_CHOICES),
            None,
            format!(
                "node `\"{}\"` has {} choices; at most {} are allowed (players pick them with keys 1–9)",
                node.id,
                node.choices.len(),
                limits::MAX_CHOICES
            ),
            "merge similar choices or split the decision over two nodes",
        );
    }
    for (j, e) in node.evidence.iter().enumerate() {
        require_text(
            r,
            &p.field("evidence").index(j).field("title"),
            &e.title,
            "the evidence title",
        );
        require_text(
            r,
            &p.field("evidence").index(j).field("body"),
            &e.body,
            "the evidence body",
        );
    }
    for (j, ev) in node.chance.iter().enumerate() {
        let cp = p.field("chance").index(j);
        if !(ev.probability.is_finite() && ev.probability > 0.0 && ev.probability < 1.0) {
            r.error(
                &cp.field("probability"),
                None,
                format!(
                    "chance event `\"{}\"` has probability {}; it must be between 0 and 1 (exclusive)",
                    ev.id, ev.probability
                ),
                "write e.g. `probability: 0.3` for a 30% chance",
            );
        }
        require_text(r, &cp.field("text"), &ev.text, "the chance event's text");
        if let Some(w) = &ev.when {
            check_condition(r, &cp.field("when"), w, names, ok);
        }
        check_effects(
            r,
            &cp.field("effects"),
            &ev.effects,
            names,
            "a chance event",
            false,
            true,
            ok,
        );
    }
    for (j, c) in node.choices.iter().enumerate() {
        let cp = p.field("choices").index(j);
        require_text(r, &cp.field("text"), &c.text, "the choice text");
        require_text(
            r,
            &cp.field("feedback"),
            &c.feedback,
            "the choice's feedback",
        );
        check_node_ref(r, &cp.field("goto"), c.goto.as_str(), names, ok);
        for (k, b) in c.branches.iter().enumerate() {
            check_node_ref(
                r,
                &cp.field("branches").index(k).field("goto"),
                b.goto.as_str(),
                names,
                ok,
            );
            check_condition(
                r,
                &cp.field("branches").index(k).field("when"),
                &b.when,
                names,
                ok,
            );
        }
        if let Some(w) = &c.when {
            check_condition(r, &cp.field("when"), w, names, ok);
        }
        check_effects(
            r,
            &cp.field("effects"),
            &c.effects,
            names,
            "a choice",
            true,
            true,
            ok,
        );
    }
}

fn check_injects(r: &mut Reporter, s: &Scenario, names: &Names) {
    let mut ok = true;
    for (i, inj) in s.injects.iter().enumerate() {
        let p = Path::root().field("injects").index(i);
        require_text(r, &p.field("title"), &inj.title, "the inject title");
        require_text(r, &p.field("text"), &inj.text, "the inject text");
        check_effects(
            r,
            &p.field("effects"),
            &inj.effects,
            names,
            "an inject",
            false,
            false,
            &mut ok,
        );
    }
}

/// Warnings about declarations that nothing uses, and checkpoints nothing can affect.
fn check_usage(r: &mut Reporter, s: &Scenario) {
    let mut set_flags = HashSet::new();
    let mut tested_flags = HashSet::new();
    let mut changed_counters = HashSet::new();
    let mut scored = HashSet::new();
    let mut note = |effects: &[Effect], scored: &mut HashSet<String>| {
        for e in effects {
            match e {
                Effect::Set(f) | Effect::Clear(f) => {
                    set_flags.insert(f.0.clone());
                }
                Effect::Add(c, _) => {
                    changed_counters.insert(c.0.clone());
                }
                Effect::Met(c) | Effect::PartlyMet(c) | Effect::Missed(c) => {
                    scored.insert(c.0.clone());
                }
            }
        }
    };
    let mut conds: Vec<&Condition> = Vec::new();
    for n in &s.nodes {
        for c in &n.choices {
            note(&c.effects, &mut scored);
            conds.extend(c.when.iter());
            conds.extend(c.branches.iter().map(|b| &b.when));
        }
        for ev in &n.chance {
            note(&ev.effects, &mut scored);
            conds.extend(ev.when.iter());
        }
    }
    for inj in &s.injects {
        note(&inj.effects, &mut scored);
    }
    for c in conds {
        let mut fl = Vec::new();
        c.flags(&mut fl);
        tested_flags.extend(fl.into_iter().map(|f| f.0));
    }
    for (i, c) in s.checkpoints.iter().enumerate() {
        if !scored.contains(c.id.as_str()) {
            r.error(
                &Path::root().field("checkpoints").index(i).field("id"),
                None,
                format!("no choice affects checkpoint `\"{}\"`, so it can never be scored", c.id),
                format!("add `Met(\"{0}\")`, `PartlyMet(\"{0}\")` or `Missed(\"{0}\")` to the effects of the choices that test it, or remove it", c.id),
            );
        }
    }
    for (i, f) in s.flags.iter().enumerate() {
        let path = Path::root().field("flags").index(i).field("id");
        if !set_flags.contains(f.id.as_str()) {
            r.warn(
                &path,
                None,
                format!("flag `\"{}\"` is never set", f.id),
                "set it with `Set(\"…\")` in some effects, or remove it",
            );
        } else if !tested_flags.contains(f.id.as_str()) {
            r.warn(
                &path,
                None,
                format!("flag `\"{}\"` is never tested by a condition", f.id),
                "use it in a `when:` or a branch, or remove it",
            );
        }
    }
    for (i, c) in s.counters.iter().enumerate() {
        if !changed_counters.contains(c.id.as_str()) {
            r.warn(
                &Path::root().field("counters").index(i).field("id"),
                None,
                format!("counter `\"{}\"` is never changed", c.id),
                "change it with `Add(\"…\", amount)` in some effects, or remove it",
            );
        }
    }
    let mut used_vars = HashSet::new();
    for_each_text(s, |_, text, _| {
        if let Ok(found) = placeholders(text) {
            used_vars.extend(found.into_iter().map(|p| p.name.to_owned()));
        }
    });
    for (i, v) in s.variables.iter().enumerate() {
        if !used_vars.contains(v.id.as_str()) {
            r.warn(
                &Path::root().field("variables").index(i).field("id"),
                None,
                format!("variable `{}` is never used in any text", v.id),
                format!("write `{{{}}}` where it should appear, or remove it", v.id),
            );
        }
    }
}

/// Acyclic, reachable from the start, every node reaches an ending. Returns true when the
/// graph is sound enough to explore states.
fn check_graph(r: &mut Reporter, s: &Scenario, names: &Names) -> bool {
    let n = s.nodes.len();
    let succ: Vec<Vec<(usize, usize, Option<usize>)>> = s
        .nodes
        .iter()
        .map(|node| {
            let mut v = Vec::new();
            for (ci, c) in node.choices.iter().enumerate() {
                v.push((names.nodes[c.goto.as_str()], ci, None));
                for (bi, b) in c.branches.iter().enumerate() {
                    v.push((names.nodes[b.goto.as_str()], ci, Some(bi)));
                }
            }
            v
        })
        .collect();

    // Cycles: iterative depth-first search with colours.
    let mut colour = vec![0u8; n];
    let mut parent: Vec<usize> = vec![usize::MAX; n];
    let mut cyclic = false;
    for root in 0..n {
        if colour[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        colour[root] = 1;
        while let Some((v, next)) = stack.pop() {
            if let Some(&(w, ci, bi)) = succ[v].get(next) {
                stack.push((v, next + 1));
                match colour[w] {
                    0 => {
                        colour[w] = 1;
                        parent[w] = v;
                        stack.push((w, 0));
                    }
                    1 => {
                        let mut cycle = vec![s.nodes[v].id.as_str()];
                        let mut u = v;
                        while u != w && parent[u] != usize::MAX {
                            u = parent[u];
                            cycle.push(s.nodes[u].id.as_str());
                        }
                        cycle.reverse();
                        cycle.push(s.nodes[w].id.as_str());
                        let cp = Path::root()
                            .field("nodes")
                            .index(v)
                            .field("choices")
                            .index(ci);
                        let path = match bi {
                            Some(b) => cp.field("branches").index(b).field("goto"),
                            None => cp.field("goto"),
                        };
                        r.error(
                            &path,
                            None,
                            format!("the story goes round in a circle: {}", cycle.join(" → ")),
                            "scenarios move forward in time: point this choice at a later node",
                        );
                        cyclic = true;
                    }
                    _ => {}
                }
            } else {
                colour[v] = 2;
            }
        }
    }
    if cyclic {
        return false;
    }

    let start = names.nodes[s.start.as_str()];
    let mut reachable = vec![false; n];
    let mut stack = vec![start];
    reachable[start] = true;
    while let Some(v) = stack.pop() {
        for &(w, _, _) in &succ[v] {
            if !reachable[w] {
                reachable[w] = true;
                stack.push(w);
            }
        }
    }
    let mut sound = true;
    for (i, node) in s.nodes.iter().enumerate() {
        if !reachable[i] {
            sound = false;
            r.error(
                &Path::root().field("nodes").index(i).field("id"),
                None,
                format!(
                    "node `\"{}\"` cannot be reached from the start node `\"{}\"`",
                    node.id, s.start
                ),
                "point some choice's `goto` at it, or remove it",
            );
        }
    }
    sound
}

/// Explores (node, flags) states: every state must offer a choice or be an ending. Then the
/// content lints, from the same states; returns their figures.
/// With `analysis`, the analysis too, from the same states.
type StatesFound = (
    Option<ContentReport>,
    Option<Result<super::Analysis, analyse::TooComplex>>,
);

fn check_states(
    r: &mut Reporter,
    s: &Scenario,
    analysis: bool,
    graph: Result<analyse::StateGraph, analyse::TooComplex>,
) -> StatesFound {
    let graph = match graph {
        Ok(g) => g,
        Err(e @ analyse::TooComplex { states }) => {
            r.warn(
                &Path::root().field("flags"),
                None,
                format!(
                    "the scenario has more than {states} combinations of position and flags, so it cannot be checked or analysed exactly"
                ),
                "use fewer flags, or flags that are set in fewer places",
            );
            return (None, analysis.then_some(Err(e)));
        }
    };
    let mut reported = HashSet::new();
    for stuck in graph.stuck_states() {
        let (node_index, flags_set) = stuck;
        if !reported.insert(node_index) {
            continue;
        }
        let node = &s.nodes[node_index];
        let flags = if flags_set.is_empty() {
            "no flags are set".to_owned()
        } else {
            format!("only {} set", flags_set.join(", "))
        };
        r.error(
            &Path::root().field("nodes").index(node_index).field("choices"),
            None,
            format!("at node `\"{}\"` no choice is available when {flags}, so the session cannot reach an ending", node.id),
            "add a choice without a `when`, or loosen the conditions",
        );
    }
    for (node_index, choice_index) in graph.never_offered() {
        r.warn(
            &Path::root().field("nodes").index(node_index).field("choices").index(choice_index).field("when"),
            None,
            format!(
                "choice {} at node `\"{}\"` is never offered: its condition is false whenever the node is reached",
                choice_index + 1,
                s.nodes[node_index].id
            ),
            "check the flags in its `when`",
        );
    }
    let report = super::lint::report(s, &graph.content());
    super::lint::lint(r, &report);
    (Some(report), analysis.then(|| Ok(graph.analysis(s))))
}
