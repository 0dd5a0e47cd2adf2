//! Sessions: the event log, replay, scoring and seeded randomness. No egui here.

pub mod date;
pub mod event;
pub mod replay;
pub mod rng;
pub mod scoring;
pub mod time;
pub mod verdict;

pub use date::Date;
pub use event::*;
pub use replay::{
    ChoiceInput, FacilitatorView, NodeView, OfferedChoice, Participants, Session, SessionError,
    SessionState,
};
pub use scoring::{CheckpointScore, Score, Status, score_text};
pub use verdict::ScoreNote;
