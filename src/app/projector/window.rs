//! The projector's own window (an egui deferred viewport).

use super::{Link, draw};
use crate::app::Command;
use egui::ViewportId;

/// The projector window's id.
pub fn projector_id() -> ViewportId {
    ViewportId::from_hash_of("deskaudit-projector")
}

/// The title of the projector window (also its accessible name).
pub const WINDOW_TITLE: &str = "deskaudit projector";

/// Opens (or keeps open) the projector window for this frame. Call every frame while a
/// facilitated session is open and the projector is wanted.
pub fn show_window(ctx: &egui::Context, link: &Link) {
    let link = link.clone();
    let builder = egui::ViewportBuilder::default()
        .with_title(WINDOW_TITLE)
        .with_inner_size([1280.0, 720.0])
        .with_min_inner_size([480.0, 270.0]);
    ctx.show_viewport_deferred(projector_id(), builder, move |ui, _class| {
        let show = match link.lock() {
            Ok(mut shared) => {
                // This window's keys and close button are commands like any other: the app
                // handles them at its next frame (the console then offers to reopen a closed
                // window).
                let mut asked = Vec::new();
                ui.input(|i| {
                    if i.viewport().close_requested() {
                        asked.push(Command::CloseProjector);
                    }
                    for c in [Command::ProjectorFullScreen, Command::LeaveFullScreen] {
                        if c.pressed(i) {
                            asked.push(c);
                        }
                    }
                });
                if !asked.is_empty() {
                    shared.requests.extend(asked);
                    ui.ctx().request_repaint_of(ViewportId::ROOT);
                }
                shared.show.clone()
            }
            // A console that panicked mid-update cannot leave the room with a blank wall.
            Err(poisoned) => poisoned.into_inner().show.clone(),
        };
        egui::CentralPanel::default().show(ui, |ui| draw(ui, &show));
    });
}
