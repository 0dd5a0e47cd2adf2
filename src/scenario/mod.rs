//! Scenarios: the content model, loading, validation and analysis. No egui here.

pub mod analyse;
pub mod cache;
pub mod council;
pub mod diagnostic;
pub mod fast_ron;
pub mod limits;
pub mod lint;
pub mod load;
pub mod model;
pub mod spans;
pub mod text;
pub mod validate;

pub use analyse::{Analysis, ContentFigures, ScoreRange, Strategy, analyse};
pub use diagnostic::{Diagnostic, Severity};
pub use lint::{ContentReport, content};
pub use load::{FailedFile, Library, LoadedScenario, Source};
pub use model::*;
