//! Keyboard shortcuts, turned into commands.

use super::facilitation::Phase;
use super::{Command, DeskauditApp, Screen};
use crate::session::Mode;

impl DeskauditApp {
    /// Keyboard shortcuts, turned into commands.
    pub(super) fn shortcuts(&self, ctx: &egui::Context) -> Vec<Command> {
        let mut out = Vec::new();
        ctx.input(|i| {
            if i.modifiers.command
                && (i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals))
            {
                out.push(Command::ZoomIn);
            }
            if i.modifiers.command && i.key_pressed(egui::Key::Minus) {
                out.push(Command::ZoomOut);
            }
            if i.modifiers.command && i.key_pressed(egui::Key::Num0) {
                out.push(Command::ZoomReset);
            }
        });
        if matches!(self.screen, Screen::Start { .. })
            && (self.start.mode == Mode::SelfStudy || !ctx.egui_wants_keyboard_input())
            && ctx.input(|i| i.key_pressed(egui::Key::Enter))
        {
            out.push(Command::Begin);
        }
        if self.screen == Screen::Console
            && let Some(open) = &self.open
            && let Some(f) = &open.facilitation
            && !ctx.egui_wants_keyboard_input()
            && !ctx.input(|i| i.modifiers.command)
        {
            // Enter moves the evening on: record, reveal, go on; P pauses.
            if ctx.input(|i| i.key_pressed(egui::Key::Enter)) {
                out.push(match f.phase {
                    Phase::Decided if !f.revealed => Command::Reveal,
                    Phase::Decided => Command::NextSituation,
                    Phase::Discuss if open.session.at_ending() => Command::Finish,
                    Phase::Discuss => Command::RecordDecision,
                });
            }
            if ctx.input(|i| i.key_pressed(egui::Key::P)) {
                out.push(Command::TogglePause);
            }
        }
        if self.screen == Screen::Play
            && let Some(open) = &self.open
            && !ctx.egui_wants_keyboard_input()
        {
            let keys = [
                egui::Key::Num1,
                egui::Key::Num2,
                egui::Key::Num3,
                egui::Key::Num4,
                egui::Key::Num5,
                egui::Key::Num6,
                egui::Key::Num7,
                egui::Key::Num8,
                egui::Key::Num9,
            ];
            let offered = self
                .library
                .get(&open.session.state().started.scenario_id)
                .and_then(|l| open.session.offered(&l.scenario).ok())
                .unwrap_or_default();
            ctx.input(|i| {
                if i.modifiers.command {
                    return;
                }
                for (k, key) in keys.iter().enumerate() {
                    if i.key_pressed(*key)
                        && let Some(c) = offered.get(k)
                    {
                        out.push(Command::Select(c.index));
                    }
                }
                if i.key_pressed(egui::Key::Enter) {
                    out.push(
                        if open.session.at_ending() && open.pending_feedback.is_none() {
                            Command::Finish
                        } else {
                            Command::Confirm
                        },
                    );
                }
            });
        }
        out
    }
}
