//! A cache of what exploring a scenario's states found (its analysis, and the problems the
//! state checks and content lints report), kept in the data folder and keyed by the content
//! hash of the scenario file, so that the app pays for it once per version of a file.
//!
//! The cache is only ever a shortcut: an entry is used only when it was written by this
//! build, for a file with the same hash, scenario id and number of nodes, and reads back
//! completely; anything else (a damaged file, an older build, another file) is ignored and
//! written anew. Deleting the folder at any time is safe.

use super::analyse::{Analysis, ScoreRange, TooComplex};
use super::diagnostic::{Diagnostic, Severity};
use super::lint;
use super::model::Scenario;
use super::validate::{self, StatesChecked};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Bumped whenever what the analyser or the state checks find can change, so that entries
/// written by an earlier build are not trusted (the crate version is checked as well).
const REVISION: u32 = 1;

/// The cache folder inside the data folder.
pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("cache").join("analysis")
}

/// What the app needs from exploring a scenario's states.
#[derive(Clone, Debug, PartialEq)]
pub struct Explored {
    /// The analysis, or why there is none.
    pub analysis: Result<Analysis, TooComplex>,
    /// What the state checks and the content lints report (for the file being explored),
    /// when they were asked for.
    pub diagnostics: Option<Vec<Diagnostic>>,
}

/// Whether an [`Explored`] came from the cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Read from a valid cache entry.
    Cache,
    /// Worked out now (and written to the cache, if the folder could be written).
    Computed,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    revision: u32,
    build: String,
    hash: String,
    scenario: String,
    nodes: usize,
    /// `None`: too complex, past this many states.
    analysis: Option<CachedAnalysis>,
    too_complex: usize,
    /// `None` when the state checks were not run for this entry.
    diagnostics: Option<Vec<CachedDiagnostic>>,
}

#[derive(Serialize, Deserialize)]
struct CachedAnalysis {
    nodes: usize,
    decision_nodes: usize,
    endings: [usize; 3],
    /// Text, since the file format has no 128-bit integers.
    paths: String,
    shortest_decisions: usize,
    longest_decisions: usize,
    index: Option<(f64, f64)>,
    pillars: [Option<(f64, f64)>; 4],
    bands_reachable: Option<[bool; 3]>,
    states: usize,
}

#[derive(Serialize, Deserialize)]
struct CachedDiagnostic {
    error: bool,
    line: usize,
    col: usize,
    message: String,
    help: String,
    code: Option<String>,
}

fn pair(r: Option<ScoreRange>) -> Option<(f64, f64)> {
    r.map(|r| (r.worst, r.best))
}

fn range(p: Option<(f64, f64)>) -> Option<ScoreRange> {
    p.map(|(worst, best)| ScoreRange { worst, best })
}

fn build_id() -> String {
    format!("{} r{REVISION}", env!("CARGO_PKG_VERSION"))
}

fn entry_path(data_dir: &Path, hash: &str) -> PathBuf {
    // The hash is the loader's hex digest; anything else would not name a safe file.
    let safe: String = hash.chars().filter(char::is_ascii_hexdigit).collect();
    dir(data_dir).join(format!("{safe}.ron"))
}

/// The cached result for a file with content hash `hash` holding `s`, if there is a valid
/// entry (with the state checks' problems when `need_diagnostics`), re-stamped with `file`.
pub fn lookup(
    data_dir: &Path,
    hash: &str,
    s: &Scenario,
    file: &str,
    need_diagnostics: bool,
) -> Option<Explored> {
    let text = std::fs::read_to_string(entry_path(data_dir, hash)).ok()?;
    let e: Entry = ron::from_str(&text).ok()?;
    if e.revision != REVISION
        || e.build != build_id()
        || e.hash != hash
        || e.scenario != s.id.as_str()
        || e.nodes != s.nodes.len()
        || (need_diagnostics && e.diagnostics.is_none())
    {
        return None;
    }
    let analysis = match e.analysis {
        None => Err(TooComplex {
            states: e.too_complex,
        }),
        Some(a) => Ok(Analysis {
            nodes: a.nodes,
            decision_nodes: a.decision_nodes,
            endings: a.endings,
            paths: a.paths.parse().ok()?,
            shortest_decisions: a.shortest_decisions,
            longest_decisions: a.longest_decisions,
            index: range(a.index),
            pillars: a.pillars.map(range),
            bands_reachable: a.bands_reachable,
            states: a.states,
        }),
    };
    let diagnostics = match e.diagnostics {
        Some(ds) if need_diagnostics => {
            let mut out = Vec::with_capacity(ds.len());
            for d in ds {
                let code = match d.code {
                    None => None,
                    // An unknown code is a damaged entry.
                    Some(c) => Some(*lint::CODES.iter().find(|k| **k == c)?),
                };
                out.push(Diagnostic {
                    severity: if d.error {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    file: file.to_owned(),
                    line: d.line,
                    col: d.col,
                    message: d.message,
                    help: d.help,
                    code,
                });
            }
            Some(out)
        }
        _ => None,
    };
    Some(Explored {
        analysis,
        diagnostics,
    })
}

/// Writes the entry for `hash`. Errors are returned for the caller to ignore: the cache is a
/// shortcut, and a folder that cannot be written only costs the next start some time.
pub fn store(data_dir: &Path, hash: &str, s: &Scenario, found: &Explored) -> std::io::Result<()> {
    let (analysis, too_complex) = match &found.analysis {
        Ok(a) => (
            Some(CachedAnalysis {
                nodes: a.nodes,
                decision_nodes: a.decision_nodes,
                endings: a.endings,
                paths: a.paths.to_string(),
                shortest_decisions: a.shortest_decisions,
                longest_decisions: a.longest_decisions,
                index: pair(a.index),
                pillars: a.pillars.map(pair),
                bands_reachable: a.bands_reachable,
                states: a.states,
            }),
            0,
        ),
        Err(e) => (None, e.states),
    };
    let entry = Entry {
        revision: REVISION,
        build: build_id(),
        hash: hash.to_owned(),
        scenario: s.id.0.clone(),
        nodes: s.nodes.len(),
        analysis,
        too_complex,
        diagnostics: found.diagnostics.as_ref().map(|ds| {
            ds.iter()
                .map(|d| CachedDiagnostic {
                    error: d.severity == Severity::Error,
                    line: d.line,
                    col: d.col,
                    message: d.message.clone(),
                    help: d.help.clone(),
                    code: d.code.map(str::to_owned),
                })
                .collect()
        }),
    };
    let text = ron::to_string(&entry).map_err(std::io::Error::other)?;
    std::fs::create_dir_all(dir(data_dir))?;
    crate::fsutil::write_atomically(&entry_path(data_dir, hash), text.as_bytes())
}

/// Explores a scenario's states, or takes the result from the cache: the analysis, and with
/// `text` (the file's text, for a scenario loaded with its state checks left for later) the
/// problems those checks find, located in `file`. A fresh result is written to the cache.
pub fn explore(
    data_dir: &Path,
    hash: &str,
    s: &Scenario,
    file: &str,
    text: Option<&str>,
) -> (Explored, Origin) {
    if let Some(found) = lookup(data_dir, hash, s, file, text.is_some()) {
        return (found, Origin::Cache);
    }
    let found = match text {
        Some(text) => {
            let StatesChecked {
                diagnostics,
                analysis,
                ..
            } = validate::finish_states(file, text, s);
            Explored {
                analysis: analysis.unwrap_or_else(|| super::analyse(s)),
                diagnostics: Some(diagnostics),
            }
        }
        None => Explored {
            analysis: super::analyse(s),
            diagnostics: None,
        },
    };
    let _ = store(data_dir, hash, s, &found);
    (found, Origin::Computed)
}
