//! Limits that protect the app from hostile or runaway scenario files.

/// Largest scenario file accepted, in bytes.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// Most nodes in one scenario.
pub const MAX_NODES: usize = 20_000;
/// Longest single text (narrative, evidence body, feedback…), in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// Deepest nesting of brackets and parentheses in a file.
pub const MAX_NESTING: usize = 32;
/// Deepest nesting of a condition (`All([Any([Not(Has(..))])])` is 4).
pub const MAX_CONDITION_DEPTH: usize = 8;
/// Most choices at one node: players pick with the keys 1 to 9.
pub const MAX_CHOICES: usize = 9;
/// Most flags in one scenario (analysis explores sets of flags).
pub const MAX_FLAGS: usize = 64;
/// Most (node, flags) states the analyser explores before it reports the scenario as too
/// complex to analyse exactly.
pub const MAX_ANALYSIS_STATES: usize = 400_000;
