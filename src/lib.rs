//! deskaudit: a desktop trainer for council desktop audits of serious and organised crime
//! risk, scored on the 4P framework (Pursue, Prevent, Protect, Prepare).
//!
//! The library is layered: [`scenario`] (content model, loading, validation, analysis) has no
//! user interface in it and is used by both the command line ([`cli`]) and the app.

pub mod app;
pub mod cli;
pub mod cli_author;
pub mod cli_programme;
pub mod fsutil;
pub mod map;
pub mod platform;
pub mod programme;
pub mod report;
pub mod scenario;
pub mod session;
pub mod store;
pub mod watch;
