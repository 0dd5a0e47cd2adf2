//! The branch map of a scenario: its graph, a layered layout, colours and an SVG writer.
//!
//! Plain Rust with no egui, so the app's map and `deskaudit map` share one layout and one
//! palette and the printed map looks like the screen.

pub mod card;
pub mod graph;
pub mod labels;
pub mod layout;
pub mod palette;
pub mod svg;
pub mod synthetic;

pub use graph::{Badge, MapEdge, MapGraph, MapNode, NodeKind};
pub use layout::{Layout, LayoutParams, Rect, Route, layout};
pub use svg::to_svg;
