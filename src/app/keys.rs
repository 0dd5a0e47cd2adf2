//! Keyboard shortcuts, turned into commands. Which key does what is defined once, on
//! [`Command::shortcut`]; here is only which commands the current screen offers.

use super::command::CHOICE_KEYS;
use super::facilitation::Phase;
use super::{Command, DeskauditApp, Screen};

impl DeskauditApp {
    /// The commands whose shortcuts were pressed this frame.
    pub(super) fn shortcuts(&self, ctx: &egui::Context) -> Vec<Command> {
        // Everywhere: text size.
        let mut offered = vec![Command::ZoomIn, Command::ZoomOut, Command::ZoomReset];
        // While a text field has the keyboard its keys are the field's: a field records (or
        // starts) itself, Enter from one line and Ctrl+Enter from a box (`widgets::submitted`).
        let typing = ctx.egui_wants_keyboard_input();
        let mut choice_keys = Vec::new();
        match &self.screen {
            Screen::Start { .. } if !typing => {
                offered.push(Command::Begin);
            }
            Screen::Console if !typing => {
                if let Some(open) = &self.open
                    && let Some(f) = &open.facilitation
                {
                    // Enter moves the evening on: record, reveal, go on; P pauses.
                    offered.push(match f.phase {
                        Phase::Decided if !f.revealed => Command::Reveal,
                        Phase::Decided => Command::NextSituation,
                        Phase::Discuss if open.session.at_ending() => Command::Finish,
                        Phase::Discuss => Command::RecordDecision,
                    });
                    offered.push(Command::TogglePause);
                }
            }
            Screen::Play if !typing => {
                if let Some(open) = &self.open {
                    offered.push(if open.pending_feedback.is_some() {
                        Command::Continue
                    } else if open.session.at_ending() {
                        Command::Finish
                    } else {
                        Command::Confirm
                    });
                    // The keys 1–9 pick the choice shown with that number.
                    choice_keys = self
                        .library
                        .get(&open.session.state().started.scenario_id)
                        .and_then(|l| open.session.offered(&l.scenario).ok())
                        .unwrap_or_default()
                        .into_iter()
                        .zip(CHOICE_KEYS)
                        .map(|(c, key)| (key, Command::Select(c.index)))
                        .collect();
                }
            }
            // On the map, the arrows move along the arrows (left, right) and within a column
            // (up, down) while a node has the keys and the search box does not.
            Screen::Author if !ctx.text_edit_focused() => {
                if let Some(node) = self.author.node
                    && let Some(view) = &self.author.view
                {
                    choice_keys = [
                        egui::Key::ArrowLeft,
                        egui::Key::ArrowRight,
                        egui::Key::ArrowUp,
                        egui::Key::ArrowDown,
                    ]
                    .into_iter()
                    .filter_map(|key| {
                        view.neighbour(node, key)
                            .map(|next| (key, Command::SelectMapNode(next)))
                    })
                    .collect();
                    offered.push(Command::CloseNodePanel);
                }
            }
            Screen::Library
            | Screen::Author
            | Screen::Start { .. }
            | Screen::Play
            | Screen::Console
            | Screen::Debrief
            | Screen::History
            | Screen::Settings
            | Screen::Roster => {}
        }
        ctx.input(|i| {
            let mut out: Vec<Command> = Vec::new();
            for (key, command) in choice_keys {
                if !i.modifiers.command && i.key_pressed(key) {
                    out.push(command);
                }
            }
            out.extend(offered.into_iter().filter(|c| c.pressed(i)));
            out
        })
    }
}
