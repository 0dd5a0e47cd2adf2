//! The Author screen: the scenarios an author can work on, the branch map of the one chosen,
//! the clicked node's content and problems, and play from any node in a test mode.

use super::Command;
use super::map_view::MapView;
use crate::map::{MapGraph, NodeKind};
use crate::scenario::{Condition, Effect, LoadedScenario, Scenario, Source};
use crate::watch::LiveLibrary;
use egui::{Color32, RichText, Ui};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Which scenario the Author screen shows.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Entry {
    /// A built-in scenario (or one given on the command line), by id: read-only.
    BuiltIn(String),
    /// A file in the user's scenarios folder.
    File(PathBuf),
}

/// What the Author screen asks for; sent inside [`Command::Author`].
#[derive(Clone, Debug, PartialEq)]
pub enum AuthorCommand {
    /// Show this scenario's map.
    Open(Entry),
    /// Select a node of the map (by map index) and show its content.
    SelectNode(usize),
    /// Close the node panel.
    Deselect,
    /// Fit the whole map into the window.
    Fit,
    /// Make an editable copy of a built-in scenario (by id) in the user's folder.
    CopyToMine(String),
    /// Write a new starter scenario into the user's folder.
    NewScenario,
    /// Start a test play at the selected node with the flags and counters chosen.
    PlayFromHere,
    /// Save the map as SVG in the data folder's `maps` folder.
    SaveSvg,
    /// Read the user's folder again (when it cannot be watched).
    Rescan,
}

/// The Author screen's own state.
#[derive(Default)]
pub struct AuthorState {
    /// The scenario shown.
    pub entry: Option<Entry>,
    /// Its map, laid out; rebuilt when the library changes.
    pub view: Option<MapView>,
    /// The library change count the map was built at.
    pub built_at: Option<u64>,
    /// The selected node (map index).
    pub node: Option<usize>,
    /// The search box.
    pub search: String,
    /// Flags to set for a test play.
    pub test_flags: BTreeSet<String>,
    /// Counter values for a test play (absent: the declared start).
    pub test_counters: BTreeMap<String, i64>,
    /// Whether the folder is being watched (else a "Read again" button shows).
    pub watching: bool,
    /// A problem with watching, shown once.
    pub watch_problem: Option<String>,
}

/// The scenario behind an entry: a built-in or the last good version of a file.
pub fn scenario_of<'a>(live: &'a LiveLibrary, entry: &Entry) -> Option<&'a LoadedScenario> {
    match entry {
        Entry::BuiltIn(id) => live
            .library()
            .scenarios
            .iter()
            .find(|s| s.source != Source::UserFolder && s.scenario.id.as_str() == id),
        Entry::File(p) => live.files().get(p).and_then(|f| f.last_good.as_ref()),
    }
}

impl AuthorState {
    /// Makes sure the map matches the entry and the library; returns whether it was rebuilt.
    pub fn refresh(&mut self, live: &LiveLibrary) -> bool {
        let Some(entry) = self.entry.clone() else {
            self.view = None;
            return false;
        };
        if self.built_at == Some(live.changes()) && self.view.is_some() {
            return false;
        }
        self.built_at = Some(live.changes());
        let graph = match &entry {
            Entry::BuiltIn(_) => {
                scenario_of(live, &entry).map(|s| MapGraph::from_scenario(&s.scenario))
            }
            Entry::File(p) => live.files().get(p).and_then(|f| {
                // A file with problems shows as it is now, problems marked; a file that
                // cannot be read at all shows its last good version.
                f.graph.clone().or_else(|| {
                    f.last_good
                        .as_ref()
                        .map(|s| MapGraph::from_scenario(&s.scenario))
                })
            }),
        };
        let keep_camera = self.view.as_ref().map(|v| v.scene_rect);
        self.view = graph.map(MapView::new);
        if let (Some(v), Some(rect)) = (&mut self.view, keep_camera) {
            // A reload keeps the author's place on the map.
            v.scene_rect = rect;
            v.fit = false;
        }
        if let Some(v) = &self.view
            && self.node.is_some_and(|n| n >= v.graph.nodes.len())
        {
            self.node = None;
        }
        true
    }

    /// Map indices of nodes whose id or title contains the search text.
    pub fn matches(&self) -> Vec<usize> {
        let q = self.search.trim().to_lowercase();
        let Some(v) = &self.view else {
            return Vec::new();
        };
        if q.is_empty() {
            return Vec::new();
        }
        (0..v.graph.nodes.len())
            .filter(|&i| {
                let n = &v.graph.nodes[i];
                n.id.to_lowercase().contains(&q) || n.title.to_lowercase().contains(&q)
            })
            .collect()
    }
}

fn error_colour() -> Color32 {
    Color32::from_rgb(0xc4, 0x16, 0x1c)
}

/// Draws the Author screen (it takes the whole window below the top bar).
pub fn draw(
    state: &mut AuthorState,
    live: &LiveLibrary,
    user_dir: &Path,
    ui: &mut Ui,
    out: &mut Vec<Command>,
) {
    state.refresh(live);
    egui::Panel::left("author-list")
        .resizable(true)
        .default_size(300.0)
        .show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| list(state, live, user_dir, ui, out));
        });
    if let (Some(v), Some(n)) = (&state.view, state.node)
        && let Some(entry) = &state.entry
    {
        let scenario = scenario_of(live, entry).map(|s| &s.scenario);
        egui::Panel::right("author-node")
            .resizable(true)
            .default_size(400.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    node_panel(
                        ui,
                        &v.graph,
                        n,
                        scenario,
                        &mut state.test_flags,
                        &mut state.test_counters,
                        out,
                    );
                });
            });
    }
    egui::CentralPanel::default().show(ui, |ui| map_panel(state, live, ui, out));
}

fn list(
    state: &AuthorState,
    live: &LiveLibrary,
    user_dir: &Path,
    ui: &mut Ui,
    out: &mut Vec<Command>,
) {
    ui.heading("Author");
    ui.label("Write scenarios in any text editor; this screen shows every save at once.");
    ui.add_space(6.0);
    ui.label(RichText::new("Your scenarios").strong().size(18.0));
    ui.label(RichText::new(user_dir.display().to_string()).small().weak());
    ui.horizontal_wrapped(|ui| {
        if ui.button("New scenario").clicked() {
            out.push(Command::Author(AuthorCommand::NewScenario));
        }
        if !state.watching && ui.button("Read the folder again").clicked() {
            out.push(Command::Author(AuthorCommand::Rescan));
        }
    });
    if let Some(p) = &state.watch_problem {
        ui.colored_label(error_colour(), p);
    }
    if live.files().is_empty() {
        ui.label("None yet: choose New scenario, or copy a built-in one below.");
    }
    for (path, f) in live.files() {
        let name = path
            .strip_prefix(user_dir)
            .unwrap_or(path)
            .display()
            .to_string();
        let title = f
            .last_good
            .as_ref()
            .map(|s| s.scenario.title.clone())
            .unwrap_or_else(|| name.clone());
        let entry = Entry::File(path.clone());
        let status = if f.problems.is_empty() {
            "ready".to_owned()
        } else if f.last_good.is_some() {
            format!(
                "{} problem{} (the last good version is still playable)",
                f.problems.len(),
                if f.problems.len() == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "{} problem{}",
                f.problems.len(),
                if f.problems.len() == 1 { "" } else { "s" }
            )
        };
        let selected = state.entry.as_ref() == Some(&entry);
        let label = format!("{title} — {name}: {status}");
        let r = ui.selectable_label(
            selected,
            RichText::new(&label).color(if f.problems.is_empty() {
                ui.visuals().text_color()
            } else {
                error_colour()
            }),
        );
        if r.clicked() {
            out.push(Command::Author(AuthorCommand::Open(entry)));
        }
    }
    ui.add_space(12.0);
    ui.label(RichText::new("Built in (read-only)").strong().size(18.0));
    for s in live
        .library()
        .scenarios
        .iter()
        .filter(|s| s.source == Source::Embedded)
    {
        let id = s.scenario.id.0.clone();
        let entry = Entry::BuiltIn(id.clone());
        let selected = state.entry.as_ref() == Some(&entry);
        if ui
            .selectable_label(selected, s.scenario.title.as_str())
            .clicked()
        {
            out.push(Command::Author(AuthorCommand::Open(entry)));
        }
        if selected
            && ui
                .button("Copy to my scenarios")
                .on_hover_text("Makes an editable copy with a new id in your scenarios folder")
                .clicked()
        {
            out.push(Command::Author(AuthorCommand::CopyToMine(id)));
        }
    }
}

fn map_panel(state: &mut AuthorState, live: &LiveLibrary, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(entry) = state.entry.clone() else {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.heading("Choose a scenario on the left to see its branch map.");
        });
        return;
    };
    let (title, problems, note) = match &entry {
        Entry::BuiltIn(_) => (
            scenario_of(live, &entry)
                .map(|s| s.scenario.title.clone())
                .unwrap_or_default(),
            Vec::new(),
            Some("Built in: read-only. Copy it to your scenarios to change it.".to_owned()),
        ),
        Entry::File(p) => {
            let f = live.files().get(p);
            let mut problems = f.map(|f| f.problems.clone()).unwrap_or_default();
            if let Some(s) = f.and_then(|f| f.last_good.as_ref()) {
                problems.extend(s.warnings.iter().cloned());
            }
            let note = match f {
                None => Some("This file is no longer in your scenarios folder.".to_owned()),
                Some(f) if f.graph.is_none() && !f.problems.is_empty() && f.last_good.is_some() => Some(
                    "The file cannot be read as it is: the map shows the last version that loaded.".to_owned(),
                ),
                Some(f) if !f.problems.is_empty() && f.last_good.is_some() => Some(
                    "Sessions use the last version that loaded until these problems are fixed.".to_owned(),
                ),
                _ => None,
            };
            (
                f.and_then(|f| f.last_good.as_ref())
                    .map(|s| s.scenario.title.clone())
                    .unwrap_or_else(|| p.display().to_string()),
                problems,
                note,
            )
        }
    };
    let mut typing = false;
    ui.horizontal_wrapped(|ui| {
        ui.heading(title);
        if ui.button("Fit to window").clicked() {
            out.push(Command::Author(AuthorCommand::Fit));
        }
        if ui.button("Save map as SVG").clicked() {
            out.push(Command::Author(AuthorCommand::SaveSvg));
        }
        let find = ui.label("Find:");
        let search = ui
            .add(
                egui::TextEdit::singleline(&mut state.search)
                    .hint_text("Find a node by id or title")
                    .desired_width(220.0),
            )
            .labelled_by(find.id);
        typing = search.has_focus();
    });
    let matches = state.matches();
    if !state.search.trim().is_empty() {
        ui.horizontal(|ui| {
            ui.label(match matches.len() {
                0 => "No node matches.".to_owned(),
                1 => "1 node matches.".to_owned(),
                n => format!("{n} nodes match."),
            });
            if let Some(&first) = matches.first()
                && ui.button("Go to the first").clicked()
            {
                out.push(Command::Author(AuthorCommand::SelectNode(first)));
            }
        });
    }
    if let Some(n) = note {
        ui.label(RichText::new(n).italics());
    }
    if !problems.is_empty() {
        let errors = problems
            .iter()
            .filter(|d| d.severity == crate::scenario::Severity::Error)
            .count();
        egui::CollapsingHeader::new(
            RichText::new(format!(
                "{errors} error{}, {} warning{}",
                if errors == 1 { "" } else { "s" },
                problems.len() - errors,
                if problems.len() - errors == 1 {
                    ""
                } else {
                    "s"
                }
            ))
            .color(if errors > 0 {
                error_colour()
            } else {
                ui.visuals().text_color()
            }),
        )
        .default_open(true)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(160.0)
                .show(ui, |ui| {
                    for d in &problems {
                        let line = format!(
                            "{}:{}:{}: {}: {}",
                            d.file, d.line, d.col, d.severity, d.message
                        );
                        ui.label(RichText::new(line).color(
                            if d.severity == crate::scenario::Severity::Error {
                                error_colour()
                            } else {
                                ui.visuals().text_color()
                            },
                        ));
                        if !d.help.is_empty() {
                            ui.label(RichText::new(format!("    help: {}", d.help)).small());
                        }
                    }
                });
        });
    }
    let Some(view) = &mut state.view else {
        ui.label("This file cannot be read as a scenario yet, and no earlier version loaded: fix the problems above.");
        return;
    };
    // Keyboard: arrows move between nodes when the map (not a text box) has the keys.
    // (A focused map node is not typing: only the search box is.)
    if let Some(n) = state.node
        && !typing
    {
        for key in [
            egui::Key::ArrowLeft,
            egui::Key::ArrowRight,
            egui::Key::ArrowUp,
            egui::Key::ArrowDown,
        ] {
            if ui.input(|i| i.key_pressed(key))
                && let Some(next) = view.neighbour(n, key)
            {
                out.push(Command::Author(AuthorCommand::SelectNode(next)));
            }
        }
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            out.push(Command::Author(AuthorCommand::Deselect));
        }
    }
    if let Some(clicked) = view.ui(ui, state.node, &matches) {
        out.push(Command::Author(AuthorCommand::SelectNode(clicked)));
    }
}

fn condition(c: &Condition) -> String {
    match c {
        Condition::Has(f) => format!("{f} is set"),
        Condition::Lacks(f) => format!("{f} is not set"),
        Condition::All(cs) => cs.iter().map(condition).collect::<Vec<_>>().join(" and "),
        Condition::Any(cs) => format!(
            "({})",
            cs.iter().map(condition).collect::<Vec<_>>().join(" or ")
        ),
        Condition::Not(c) => format!("not ({})", condition(c)),
    }
}

fn effect(e: &Effect) -> String {
    match e {
        Effect::Met(c) => format!("{c}: met"),
        Effect::PartlyMet(c) => format!("{c}: partly met"),
        Effect::Missed(c) => format!("{c}: missed"),
        Effect::Set(f) => format!("sets {f}"),
        Effect::Clear(f) => format!("clears {f}"),
        Effect::Add(c, n) => format!("{c} {n:+}"),
    }
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(RichText::new(title).strong().size(17.0));
}

#[allow(clippy::too_many_arguments)]
fn node_panel(
    ui: &mut Ui,
    g: &MapGraph,
    n: usize,
    scenario: Option<&Scenario>,
    flags: &mut BTreeSet<String>,
    counters: &mut BTreeMap<String, i64>,
    out: &mut Vec<Command>,
) {
    let m = &g.nodes[n];
    ui.horizontal(|ui| {
        ui.heading(&m.title);
        if ui
            .small_button("Close")
            .on_hover_text("Close this panel (Esc)")
            .clicked()
        {
            out.push(Command::Author(AuthorCommand::Deselect));
        }
    });
    ui.label(RichText::new(format!("id: {}", m.id)).weak());
    if !m.problems.is_empty() || m.has_problem() {
        section(ui, "Problems");
        if m.unreachable {
            ui.colored_label(error_colour(), "No path from the start reaches this node.");
        }
        if m.dead_end {
            ui.colored_label(
                error_colour(),
                "Dead end: no ending can be reached from here.",
            );
        }
        if m.kind == NodeKind::Missing {
            ui.colored_label(
                error_colour(),
                "A choice goes to this id, but no node has it: add the node or correct the goto.",
            );
        }
        for d in &m.problems {
            ui.colored_label(
                error_colour(),
                format!("line {}, column {}: {}", d.line, d.col, d.message),
            );
            if !d.help.is_empty() {
                ui.label(RichText::new(format!("help: {}", d.help)).small());
            }
        }
    }
    for l in &m.lints {
        ui.colored_label(Color32::from_rgb(0x8a, 0x4b, 0x00), format!("Lint: {l}"));
    }
    let Some(node) = scenario.and_then(|s| m.index.and_then(|i| s.nodes.get(i))) else {
        return;
    };
    let Some(s) = scenario else { return };
    section(ui, "Narrative");
    super::markdown::show(ui, &node.text, 15.0);
    if !node.evidence.is_empty() {
        section(ui, "Evidence");
        for e in &node.evidence {
            ui.label(RichText::new(format!("{:?}: {}", e.kind, e.title)).strong());
            super::markdown::show(ui, &e.body, 14.0);
        }
    }
    if let Some(end) = &node.ending {
        section(ui, &format!("{} ending", end.rating.label()));
        ui.label(&end.outcome);
        if let Some(r) = m.index_range {
            ui.label(format!(
                "A session that ends here has an index between {:.0} and {:.0}.",
                r.worst, r.best
            ));
        }
    }
    if !node.choices.is_empty() {
        section(ui, "Choices");
        for (k, ch) in node.choices.iter().enumerate() {
            let best = if m.best_choice == Some(k) {
                " (best choice)"
            } else {
                ""
            };
            ui.label(RichText::new(format!("{}. {}{best}", k + 1, ch.text)).strong());
            if let Some(w) = &ch.when {
                ui.label(format!("    offered only when {}", condition(w)));
            }
            for b in &ch.branches {
                ui.horizontal_wrapped(|ui| {
                    ui.label(format!("    when {}, goes to", condition(&b.when)));
                    goto_link(ui, g, b.goto.as_str(), out);
                });
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(if ch.branches.is_empty() {
                    "    goes to"
                } else {
                    "    otherwise goes to"
                });
                goto_link(ui, g, ch.goto.as_str(), out);
            });
            if !ch.effects.is_empty() {
                let effects: Vec<String> = ch.effects.iter().map(effect).collect();
                ui.label(RichText::new(format!("    {}", effects.join(" · "))).small());
            }
        }
    }
    if !node.facilitator_notes.is_empty() {
        section(ui, "Facilitator notes");
        super::markdown::show(ui, &node.facilitator_notes, 14.0);
    }
    if !node.model_answer.is_empty() {
        section(ui, "Model answer");
        ui.label(&node.model_answer);
    }
    section(ui, "Play from here");
    ui.label("A test play starts at this node. It is marked TEST and nothing is saved to History.");
    if !s.flags.is_empty() {
        ui.label("Flags set at the start:");
        for f in &s.flags {
            let mut on = flags.contains(f.id.as_str());
            if ui
                .checkbox(&mut on, f.id.as_str())
                .on_hover_text(&f.description)
                .changed()
            {
                if on {
                    flags.insert(f.id.0.clone());
                } else {
                    flags.remove(f.id.as_str());
                }
            }
        }
    }
    for c in &s.counters {
        let mut v = counters.get(c.id.as_str()).copied().unwrap_or(c.start);
        ui.horizontal(|ui| {
            let label = ui.label(format!("{} ({})", c.label, c.id));
            if ui
                .add(egui::DragValue::new(&mut v))
                .labelled_by(label.id)
                .changed()
            {
                counters.insert(c.id.0.clone(), v);
            }
        });
    }
    if ui.button("Play from here (test)").clicked() {
        out.push(Command::Author(AuthorCommand::PlayFromHere));
    }
}

fn goto_link(ui: &mut Ui, g: &MapGraph, id: &str, out: &mut Vec<Command>) {
    match g.find(id) {
        Some(i) => {
            let title = &g.nodes[i].title;
            if ui.link(format!("{title} ({id})")).clicked() {
                out.push(Command::Author(AuthorCommand::SelectNode(i)));
            }
        }
        None => {
            ui.colored_label(error_colour(), format!("{id} (no such node)"));
        }
    }
}
