//! The Author screen: the scenarios an author can work on (their own files, with problems,
//! and the built-in ones), the branch map of the one chosen with its problems listed, and the
//! chosen node's content with play-from-here ([`node`]). It takes the whole window below the
//! top bar: a list on the left, the node on the right, the map in the middle.

mod node;

use crate::app::authoring::{AuthorEntry, AuthorState, scenario_of};
use crate::app::theme::{SMALL, band_colour, is_dark, muted};
use crate::app::{Command, widgets};
use crate::scenario::{Band, Severity, Source};
use crate::watch::LiveLibrary;
use egui::{RichText, Ui};
use std::path::Path;

/// The colour of errors and of what they point at.
pub(super) fn error_colour(ui: &Ui) -> egui::Color32 {
    band_colour(Band::Vulnerable, is_dark(ui))
}

/// Draws the Author screen into the window below the top bar.
pub fn author(
    state: &mut AuthorState,
    live: &LiveLibrary,
    user_dir: &Path,
    ui: &mut Ui,
    out: &mut Vec<Command>,
) {
    state.refresh(live);
    // Narrow windows keep the map the most room: the list folds away once a map is open
    // (a button brings it back), and the node's panel is narrower.
    let width = ui.available_width();
    let narrow = width < NARROW;
    // However wide their content, the panels leave the map at least half the window.
    let most = (width * 0.45).max(160.0);
    let list_open = state.list_open.unwrap_or(!narrow || state.entry.is_none());
    if list_open {
        egui::Panel::left("author-list")
            .resizable(true)
            .default_size(if narrow { 240.0 } else { 300.0 })
            .max_size(most)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    if state.entry.is_some() {
                        widgets::command_button(ui, Command::ShowAuthorList(false), out);
                    }
                    list(state, live, user_dir, ui, out)
                });
            });
    }
    if let (Some(view), Some(n), Some(entry)) = (&state.view, state.node, &state.entry) {
        let scenario = scenario_of(live, entry).map(|s| &*s.scenario);
        egui::Panel::right("author-node")
            .resizable(true)
            .default_size(if narrow { 240.0 } else { 400.0 })
            .max_size(most)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    node::panel(
                        ui,
                        &view.graph,
                        n,
                        scenario,
                        &state.test_flags,
                        &state.test_counters,
                        out,
                    );
                });
            });
    }
    egui::CentralPanel::default().show(ui, |ui| map_panel(state, live, list_open, ui, out));
}

/// Below this width (points) the screen is narrow: the list of scenarios folds away.
const NARROW: f32 = 1100.0;

/// How many problems, in words.
fn count(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn list(
    state: &AuthorState,
    live: &LiveLibrary,
    user_dir: &Path,
    ui: &mut Ui,
    out: &mut Vec<Command>,
) {
    ui.heading("Author");
    ui.label("Write scenarios in any text editor: this screen shows every save.");
    ui.add_space(6.0);
    widgets::heading(ui, "Your scenarios");
    ui.label(
        RichText::new(user_dir.display().to_string())
            .size(SMALL)
            .color(muted(ui)),
    );
    ui.horizontal_wrapped(|ui| {
        widgets::command_button(ui, Command::NewScenario, out);
        if !state.watching {
            widgets::command_button(ui, Command::RescanScenarios, out);
        }
    });
    if let Some(p) = &state.watch_problem {
        ui.colored_label(error_colour(ui), p);
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
        let label = match &f.last_good {
            Some(s) => format!("{} — {name}", s.scenario.title),
            None => name.clone(),
        };
        let status = match (f.problems.len(), &f.last_good) {
            (0, _) => "ready".to_owned(),
            (n, Some(_)) => format!(
                "{} (the last good version is still playable)",
                count(n, "problem")
            ),
            (n, None) => count(n, "problem"),
        };
        let entry = AuthorEntry::File(path.clone());
        let selected = state.entry.as_ref() == Some(&entry);
        let text = RichText::new(format!("{label}: {status}"));
        let text = if f.problems.is_empty() {
            text
        } else {
            text.color(error_colour(ui))
        };
        let r = ui.selectable_label(selected, text);
        widgets::sends(r, Command::OpenMap(entry), out);
    }
    ui.add_space(12.0);
    widgets::heading(ui, "Built in (read-only)");
    for s in live
        .library()
        .scenarios
        .iter()
        .filter(|s| s.source == Source::Embedded)
    {
        let id = s.scenario.id.0.clone();
        let entry = AuthorEntry::BuiltIn(id.clone());
        let selected = state.entry.as_ref() == Some(&entry);
        let r = ui.selectable_label(selected, s.scenario.title.as_str());
        widgets::sends(r, Command::OpenMap(entry), out);
        if selected {
            widgets::command_button(ui, Command::CopyToMyScenarios(id), out);
        }
    }
}

fn map_panel(
    state: &mut AuthorState,
    live: &LiveLibrary,
    list_open: bool,
    ui: &mut Ui,
    out: &mut Vec<Command>,
) {
    let Some(entry) = state.entry.clone() else {
        ui.add_space(40.0);
        ui.vertical_centered(|ui| {
            ui.heading("Choose a scenario on the left to see its branch map.");
        });
        return;
    };
    let (title, problems, note) = match &entry {
        AuthorEntry::BuiltIn(_) => (
            scenario_of(live, &entry)
                .map(|s| s.scenario.title.clone())
                .unwrap_or_default(),
            scenario_of(live, &entry)
                .map(|s| s.warnings.clone())
                .unwrap_or_default(),
            Some("Built in: read-only. Copy it to your scenarios to change it.".to_owned()),
        ),
        AuthorEntry::File(p) => {
            let f = live.files().get(p);
            let last_good = f.and_then(|f| f.last_good.as_ref());
            let mut problems = f.map(|f| f.problems.clone()).unwrap_or_default();
            if problems.is_empty()
                && let Some(s) = last_good
            {
                problems.extend(s.warnings.iter().cloned());
            }
            let note = match f {
                None => Some("This file is no longer in your scenarios folder.".to_owned()),
                Some(f) if f.problems.is_empty() => None,
                Some(f) if f.graph.is_none() && f.last_good.is_some() => Some(
                    "The file cannot be read as it is: the map shows the last version that loaded, which sessions still use."
                        .to_owned(),
                ),
                Some(f) if f.last_good.is_some() => Some(
                    "The map shows the file as it is now. Sessions use the last version that loaded until these problems are fixed."
                        .to_owned(),
                ),
                Some(_) => None,
            };
            (
                last_good
                    .map(|s| s.scenario.title.clone())
                    .or_else(|| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .unwrap_or_default(),
                problems,
                note,
            )
        }
    };
    // In a small window the map keeps most of the room: the problems start folded.
    let small = ui.available_height() < 520.0;
    let problems_height = (ui.available_height() * 0.2).clamp(48.0, 150.0);
    let narrow = ui.available_width() < 700.0;
    if narrow {
        // Smaller buttons: the map keeps the rows they would take.
        ui.spacing_mut().button_padding = egui::vec2(8.0, 3.0);
        ui.spacing_mut().item_spacing.y = 6.0;
    }
    ui.horizontal_wrapped(|ui| {
        if !list_open {
            widgets::command_button(ui, Command::ShowAuthorList(true), out);
        }
        if narrow {
            ui.label(RichText::new(title).strong().size(20.0));
        } else {
            ui.heading(title);
        }
    });
    ui.horizontal_wrapped(|ui| {
        widgets::command_button(ui, Command::FitMapHeight, out);
        widgets::command_button(ui, Command::FitMap, out);
        widgets::command_button(ui, Command::SaveMapSvg, out);
        let find = ui.label("Find:");
        ui.add(
            egui::TextEdit::singleline(&mut state.search)
                .hint_text("a node's id or title")
                .desired_width(if narrow { 150.0 } else { 200.0 }),
        )
        .labelled_by(find.id);
    });
    let matches = state.matches();
    if !state.search.trim().is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label(match matches.len() {
                0 => "No node matches.".to_owned(),
                1 => "1 node matches (marked in yellow).".to_owned(),
                n => format!("{n} nodes match (marked in yellow)."),
            });
            if let Some(&first) = matches.first() {
                widgets::button(ui, "Go to the first", Command::SelectMapNode(first), out);
            }
        });
    }
    if problems.is_empty() {
        if let Some(n) = note {
            ui.label(RichText::new(n).italics());
        }
    } else {
        problem_list(ui, &problems, note.as_deref(), !small, problems_height);
    }
    let Some(view) = &mut state.view else {
        ui.label("This file cannot be read as a scenario yet, and no earlier version loaded: fix the problems above.");
        return;
    };
    if let Some(clicked) = view.ui(ui, state.node, &matches) {
        out.push(Command::SelectMapNode(clicked));
    }
}

/// The file's problems (errors first, as the checker lists them), each at file:line:col.
fn problem_list(
    ui: &mut Ui,
    problems: &[crate::scenario::Diagnostic],
    note: Option<&str>,
    open: bool,
    height: f32,
) {
    let errors = problems
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let heading = RichText::new(format!(
        "{}, {}",
        count(errors, "error"),
        count(problems.len() - errors, "warning")
    ));
    let heading = if errors > 0 {
        heading.color(error_colour(ui))
    } else {
        heading
    };
    egui::CollapsingHeader::new(heading)
        .default_open(open)
        .show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(height)
                .show(ui, |ui| {
                    if let Some(n) = note {
                        ui.label(RichText::new(n).italics());
                    }
                    for d in problems {
                        let code = d.code.map(|c| format!("[{c}]")).unwrap_or_default();
                        let line = format!(
                            "{}:{}:{}: {}{code}: {}",
                            d.file, d.line, d.col, d.severity, d.message
                        );
                        let text = RichText::new(line).size(SMALL);
                        ui.label(if d.severity == Severity::Error {
                            text.color(error_colour(ui))
                        } else {
                            text
                        });
                        if !d.help.is_empty() {
                            ui.label(
                                RichText::new(format!("    help: {}", d.help))
                                    .size(SMALL)
                                    .color(muted(ui)),
                            );
                        }
                    }
                });
        });
}
