//! The projector window: what the room sees, and nothing else.
//!
//! The console decides what is on the projector by building a [`Show`]. A `Show` is made only
//! of audience material (narrative, evidence, choices, consequences once revealed, injects, and
//! — once the facilitator reveals them in the debrief — scores and model answers), so the
//! projector cannot show a facilitator note by mistake: it never receives one.
//!
//! The window is an egui deferred viewport: it repaints only when the console changes what it
//! shows (or the window itself is resized), and type is sized to fit the window, so the same
//! screen reads from the back of a room at 1280×720 and at 1920×1080.

mod draw;
mod show;
mod window;

pub use draw::draw;
pub use show::{Link, Shared, Show, link};
pub use window::{WINDOW_TITLE, projector_id, show_window};
