//! The side panel of the Author screen: the chosen node's problems and lints, narrative,
//! evidence, choices with their conditions, effects and targets, facilitator notes, model
//! answer, and play-from-here with the flags and counters to start with.

use super::error_colour;
use crate::app::theme::{SMALL, band_colour, is_dark, muted};
use crate::app::{Command, markdown, widgets};
use crate::map::{MapGraph, NodeKind};
use crate::scenario::{Band, Condition, Effect, Scenario};
use egui::{RichText, Ui};
use std::collections::{BTreeMap, BTreeSet};

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
    ui.label(RichText::new(title).strong().size(18.0));
}

/// The panel for node `n` of the map `g`; `scenario` is the version whose content is shown
/// (the last that loaded), absent when the file never loaded.
pub fn panel(
    ui: &mut Ui,
    g: &MapGraph,
    n: usize,
    scenario: Option<&Scenario>,
    flags: &BTreeSet<String>,
    counters: &BTreeMap<String, i64>,
    out: &mut Vec<Command>,
) {
    let Some(m) = g.nodes.get(n) else { return };
    ui.horizontal_wrapped(|ui| {
        ui.heading(&m.title);
        widgets::command_button(ui, Command::CloseNodePanel, out);
    });
    ui.label(RichText::new(format!("id: {}", m.id)).color(muted(ui)));
    if m.has_problem() {
        section(ui, "Problems");
        if m.unreachable {
            ui.colored_label(
                error_colour(ui),
                "No path from the start reaches this node.",
            );
        }
        if m.dead_end {
            ui.colored_label(
                error_colour(ui),
                "Dead end: no ending can be reached from here.",
            );
        }
        if m.kind == NodeKind::Missing {
            ui.colored_label(
                error_colour(ui),
                "A choice goes to this id, but no node has it: add the node or correct the goto.",
            );
        }
        for d in &m.problems {
            ui.colored_label(
                error_colour(ui),
                format!("line {}, column {}: {}", d.line, d.col, d.message),
            );
            if !d.help.is_empty() {
                ui.label(
                    RichText::new(format!("help: {}", d.help))
                        .size(SMALL)
                        .color(muted(ui)),
                );
            }
        }
    }
    for l in &m.lints {
        ui.colored_label(
            band_colour(Band::Developing, is_dark(ui)),
            format!("Lint: {l}"),
        );
    }
    let Some(s) = scenario else { return };
    let Some(node) = m.index.and_then(|i| s.nodes.get(i)) else {
        return;
    };
    section(ui, "Narrative");
    markdown::show(ui, &node.text, 16.0);
    if !node.evidence.is_empty() {
        section(ui, "Evidence");
        for e in &node.evidence {
            ui.label(RichText::new(format!("{:?}: {}", e.kind, e.title)).strong());
            markdown::show(ui, &e.body, 15.0);
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
                ui.label(RichText::new(format!("    {}", effects.join(" · "))).size(SMALL));
            }
        }
    }
    if !node.facilitator_notes.is_empty() {
        section(ui, "Facilitator notes");
        markdown::show(ui, &node.facilitator_notes, 15.0);
    }
    if !node.model_answer.is_empty() {
        section(ui, "Model answer");
        ui.label(&node.model_answer);
    }
    play_from_here(ui, s, flags, counters, out);
}

/// The flags and counters a test play starts with, and the button that starts it.
fn play_from_here(
    ui: &mut Ui,
    s: &Scenario,
    flags: &BTreeSet<String>,
    counters: &BTreeMap<String, i64>,
    out: &mut Vec<Command>,
) {
    section(ui, "Play from here");
    ui.label(
        "A test play starts at this node. It is marked TEST PLAY and nothing is saved to History.",
    );
    if !s.flags.is_empty() {
        ui.label("Flags already set:");
        for f in &s.flags {
            let was = flags.contains(f.id.as_str());
            let mut on = was;
            let r = ui
                .checkbox(&mut on, f.id.as_str())
                .on_hover_text(&f.description);
            if r.changed() && on != was {
                out.push(Command::SetTestFlag(f.id.0.clone(), on));
            }
        }
    }
    for c in &s.counters {
        let was = counters.get(c.id.as_str()).copied().unwrap_or(c.start);
        let mut v = was;
        // Wrapped: a long counter label must not widen the panel over the map.
        ui.horizontal_wrapped(|ui| {
            let label = ui.label(format!("{} ({})", c.label, c.id));
            let r = ui.add(egui::DragValue::new(&mut v)).labelled_by(label.id);
            if r.changed() && v != was {
                out.push(Command::SetTestCounter(c.id.0.clone(), v));
            }
        });
    }
    widgets::command_button(ui, Command::PlayFromHere, out);
}

fn goto_link(ui: &mut Ui, g: &MapGraph, id: &str, out: &mut Vec<Command>) {
    match g.find(id) {
        Some(i) => {
            let title = &g.nodes[i].title;
            let r = ui.link(format!("{title} ({id})"));
            widgets::sends(r, Command::SelectMapNode(i), out);
        }
        None => {
            ui.colored_label(error_colour(ui), format!("{id} (no such node)"));
        }
    }
}
