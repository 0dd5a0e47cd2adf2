//! Live reload: watching a scenarios folder and keeping a library up to date as files change.
//!
//! [`FolderWatcher`] watches a folder (or one file) with `notify` through a debouncer, so an
//! editor's burst of writes becomes one change. Each changed file is read and re-checked on
//! the debouncer's thread, never the UI's; the results wait in a channel until the app (or
//! `check --watch`) takes them. [`LiveLibrary`] applies them: a file that becomes invalid
//! keeps its last good version playable beside its problems; a file that is deleted, or
//! replaced by a folder, leaves; no change to one file touches another.

use crate::map::MapGraph;
use crate::scenario::diagnostic::{Diagnostic, Severity};
use crate::scenario::load::{content_hash, load_bytes_with_content};
use crate::scenario::{FailedFile, Library, LoadedScenario, Source, limits};
use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// How long the debouncer waits for a burst of writes to settle.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// What re-checking one file found.
#[derive(Clone, Debug)]
pub enum Reloaded {
    /// The file is a valid scenario (with any warnings).
    Loaded(Box<LoadedScenario>),
    /// The file has errors (it may be half-written): these, and the map of the file as it
    /// is when it can be parsed at all (drawn on the worker thread, not the UI's).
    Failed(Vec<Diagnostic>, Option<Box<MapGraph>>),
    /// The file is gone (deleted, renamed away, or now a folder).
    Removed,
}

/// One file's new state.
#[derive(Clone, Debug)]
pub struct FileUpdate {
    /// The file.
    pub path: PathBuf,
    /// What it holds now.
    pub result: Reloaded,
}

/// Reads and checks one file, as the library would load it.
pub fn check_file(path: &Path, source: Source) -> FileUpdate {
    let file = path.display().to_string();
    let failed = |message: String, help: &str| {
        Reloaded::Failed(
            vec![Diagnostic {
                severity: Severity::Error,
                file: file.clone(),
                line: 1,
                col: 1,
                message,
                help: help.to_owned(),
                code: None,
            }],
            None,
        )
    };
    let result = match std::fs::metadata(path) {
        Err(_) => Reloaded::Removed,
        Ok(m) if !m.is_file() => Reloaded::Removed,
        Ok(m) if m.len() > limits::MAX_FILE_BYTES as u64 => failed(
            format!(
                "the file is {} bytes; scenario files are limited to {} bytes",
                m.len(),
                limits::MAX_FILE_BYTES
            ),
            "split the scenario into smaller scenarios",
        ),
        Ok(_) => match std::fs::read(path) {
            // Deleted between the two calls: the next event will say so.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Reloaded::Removed,
            Err(e) => failed(
                format!("cannot read the file: {e}"),
                "check that you may read it; it is read again when it changes",
            ),
            Ok(bytes) => match load_bytes_with_content(&file, &bytes) {
                Ok((scenario, warnings, content)) => Reloaded::Loaded(Box::new(LoadedScenario {
                    scenario: std::sync::Arc::new(scenario),
                    source,
                    file: file.clone(),
                    content_hash: content_hash(&bytes),
                    warnings,
                    content,
                    analysis: None,
                    deferred: None,
                })),
                Err(diagnostics) => Reloaded::Failed(
                    diagnostics,
                    MapGraph::from_source(&file, &bytes).ok().map(Box::new),
                ),
            },
        },
    };
    FileUpdate {
        path: path.to_path_buf(),
        result,
    }
}

/// The library's own rules for which files in a folder are scenarios, so that the watcher
/// follows exactly the files the library loads.
pub use crate::scenario::load::{is_scenario_file, ron_files};

/// One watched file's state.
#[derive(Clone, Debug, Default)]
pub struct FileState {
    /// The newest version that loaded without errors, still playable.
    pub last_good: Option<LoadedScenario>,
    /// Problems in the file as it is now (empty when it loads).
    pub problems: Vec<Diagnostic>,
    /// The map of the file as it is now, when it has problems but can be parsed.
    pub graph: Option<MapGraph>,
}

/// The built-in scenarios plus the files of a watched folder, kept up to date.
#[derive(Clone, Debug)]
pub struct LiveLibrary {
    fixed: Library,
    files: BTreeMap<PathBuf, FileState>,
    source: Source,
    /// A scenario a session is using: `(id, the version it started with)`.
    pinned: Option<(String, LoadedScenario)>,
    library: Library,
    changes: u64,
}

impl LiveLibrary {
    /// A library of `fixed` (the built-in scenarios) and every file under `dir`, read now.
    pub fn new(fixed: Library, dir: Option<&Path>, source: Source) -> Self {
        let mut live = LiveLibrary {
            library: fixed.clone(),
            fixed,
            files: BTreeMap::new(),
            source: source.clone(),
            pinned: None,
            changes: 0,
        };
        if let Some(dir) = dir {
            let updates: Vec<FileUpdate> = ron_files(dir)
                .iter()
                .map(|p| check_file(p, source.clone()))
                .collect();
            live.apply(updates);
        }
        live.changes = 0;
        live
    }

    /// A live library made from one already loaded, without reading anything again: the
    /// scenarios and failed files from `source` become the watched files (a failed file's map
    /// is drawn once it is read again: see [`LiveLibrary::rescan`]); the rest stays fixed.
    pub fn from_loaded(library: Library, source: Source) -> Self {
        let mut fixed = Library::default();
        let mut files: BTreeMap<PathBuf, FileState> = BTreeMap::new();
        for s in library.scenarios {
            if s.source == source {
                let path = PathBuf::from(&s.file);
                files.entry(path).or_default().last_good = Some(s);
            } else {
                fixed.scenarios.push(s);
            }
        }
        for f in library.failed {
            if f.source == source {
                // A file refused for its id keeps no last good version: it never loaded.
                let state = files.entry(PathBuf::from(&f.file)).or_default();
                state.last_good = None;
                state.problems = f.diagnostics;
            } else {
                fixed.failed.push(f);
            }
        }
        let mut live = LiveLibrary {
            library: fixed.clone(),
            fixed,
            files,
            source,
            pinned: None,
            changes: 0,
        };
        live.rebuild();
        live.changes = 0;
        live
    }

    /// The library as it stands: built-in scenarios, then the folder's in path order.
    pub fn library(&self) -> &Library {
        &self.library
    }

    /// Each watched file's state, by path.
    pub fn files(&self) -> &BTreeMap<PathBuf, FileState> {
        &self.files
    }

    /// How many times the library has changed (to know when to redraw or re-analyse).
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// Keeps the scenario with this id exactly as it is now until [`LiveLibrary::unpin`],
    /// whatever happens to its file: a session in progress is never disturbed by a reload.
    pub fn pin(&mut self, id: &str) {
        self.pinned = self.library.get(id).map(|s| (id.to_owned(), s.clone()));
    }

    /// Keeps exactly this version of a scenario (by its id) in the library until
    /// [`LiveLibrary::unpin`]: for a session started from a version the library may not list
    /// (a test play of a file's last good version).
    pub fn pin_version(&mut self, kept: LoadedScenario) {
        self.pinned = Some((kept.scenario.id.0.clone(), kept));
        self.rebuild();
    }

    /// The pinned version, if any.
    pub fn pinned_version(&self) -> Option<&LoadedScenario> {
        self.pinned.as_ref().map(|(_, s)| s)
    }

    /// Lets the pinned scenario follow its file again.
    pub fn unpin(&mut self) {
        if self.pinned.take().is_some() {
            self.rebuild();
        }
    }

    /// The id of the pinned scenario, if any.
    pub fn pinned(&self) -> Option<&str> {
        self.pinned.as_ref().map(|(id, _)| id.as_str())
    }

    /// Reads every file under `dir` again, and forgets files no longer there (for when the
    /// folder cannot be watched).
    pub fn rescan(&mut self, dir: &Path) {
        let present = ron_files(dir);
        let mut updates: Vec<FileUpdate> = self
            .files
            .keys()
            .filter(|p| !present.contains(p))
            .map(|p| FileUpdate {
                path: p.clone(),
                result: Reloaded::Removed,
            })
            .collect();
        updates.extend(present.iter().map(|p| check_file(p, self.source.clone())));
        self.apply(updates);
    }

    /// Applies re-checked files; returns whether anything changed.
    pub fn apply(&mut self, updates: Vec<FileUpdate>) -> bool {
        if updates.is_empty() {
            return false;
        }
        for u in updates {
            match u.result {
                Reloaded::Loaded(s) => {
                    self.files.insert(
                        u.path,
                        FileState {
                            last_good: Some(*s),
                            problems: Vec::new(),
                            graph: None,
                        },
                    );
                }
                Reloaded::Failed(problems, graph) => {
                    let f = self.files.entry(u.path).or_default();
                    f.problems = problems;
                    f.graph = graph.map(|g| *g);
                }
                Reloaded::Removed => {
                    self.files.remove(&u.path);
                }
            }
        }
        self.rebuild();
        true
    }

    fn rebuild(&mut self) {
        let mut lib = self.fixed.clone();
        for (path, state) in &self.files {
            if let Some(s) = &state.last_good {
                if let Some(other) = lib.get(s.scenario.id.as_str()) {
                    let file = path.display().to_string();
                    lib.failed.push(FailedFile {
                        source: self.source.clone(),
                        diagnostics: vec![Diagnostic {
                            severity: Severity::Error,
                            file: file.clone(),
                            line: 1,
                            col: 1,
                            message: format!(
                                "the scenario id `{}` is already used by {}",
                                s.scenario.id, other.file
                            ),
                            help: "give this scenario its own `id`".into(),
                            code: None,
                        }],
                        file,
                    });
                } else {
                    lib.scenarios.push(s.clone());
                }
            }
            if !state.problems.is_empty() {
                lib.failed.push(FailedFile {
                    source: self.source.clone(),
                    file: path.display().to_string(),
                    diagnostics: state.problems.clone(),
                });
            }
        }
        if let Some((id, kept)) = &self.pinned {
            match lib
                .scenarios
                .iter_mut()
                .find(|s| s.scenario.id.as_str() == id)
            {
                Some(s) => *s = kept.clone(),
                None => lib.scenarios.push(kept.clone()),
            }
        }
        self.library = lib;
        self.changes += 1;
    }
}

/// A file's size and time of last change, to tell a write from a read.
type Stamp = (u64, Option<std::time::SystemTime>);

/// The stamp of a file (`None` for anything that is not a file).
fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    Some((m.len(), m.modified().ok()))
}

/// Watches a folder (recursively) or one file and re-checks what changes, off the caller's
/// thread. Dropping it stops the watching.
pub struct FolderWatcher {
    updates: Receiver<FileUpdate>,
    _debouncer: Debouncer<RecommendedWatcher>,
}

impl FolderWatcher {
    /// Starts watching `path`. `wake` is called (on the watcher's thread) after each batch
    /// of updates is ready, e.g. to ask the app for a repaint.
    pub fn start(
        path: &Path,
        source: Source,
        wake: impl Fn() + Send + 'static,
    ) -> Result<FolderWatcher, String> {
        let (tx, updates): (Sender<FileUpdate>, Receiver<FileUpdate>) = channel();
        let only: Option<PathBuf> = path.is_file().then(|| path.to_path_buf());
        let target = match &only {
            Some(file) => file
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf(),
            None => path.to_path_buf(),
        };
        // Files known under the watched folder, with their size and time of change when last
        // checked: to tell a write from a read, and to notice a file replaced by a folder (the
        // folder's own event names the folder, not the file that was there).
        let mut known: BTreeMap<PathBuf, Option<Stamp>> = match &only {
            Some(f) => vec![f.clone()],
            None => ron_files(&target),
        }
        .into_iter()
        .map(|p| {
            let stamp = stamp(&p);
            (p, stamp)
        })
        .collect();
        let mode = if only.is_some() {
            RecursiveMode::NonRecursive
        } else {
            RecursiveMode::Recursive
        };
        let handler = move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            let mut paths: Vec<PathBuf> = events.into_iter().map(|e| e.path).collect();
            paths.sort();
            paths.dedup();
            let mut affected: Vec<PathBuf> = Vec::new();
            for p in paths {
                if let Some(f) = &only {
                    if &p == f {
                        affected.push(p);
                    }
                    continue;
                }
                if p.is_dir() {
                    affected.extend(ron_files(&p));
                    affected.extend(known.keys().filter(|k| k.starts_with(&p)).cloned());
                } else if is_scenario_file(&p) {
                    affected.push(p);
                } else {
                    // A folder that went away: the files that were in it went too.
                    affected.extend(known.keys().filter(|k| k.starts_with(&p)).cloned());
                }
            }
            affected.sort();
            affected.dedup();
            if affected.is_empty() {
                return;
            }
            let mut sent = false;
            for p in affected {
                // Opening a file to read it is an event too (inotify reports it), and reading it
                // here would make another: a file whose size and time of change are as when it
                // was last checked has not been written, and is not read again.
                let now = stamp(&p);
                if now.is_some() && known.get(&p) == Some(&now) {
                    continue;
                }
                let update = check_file(&p, source.clone());
                match update.result {
                    Reloaded::Removed => {
                        known.remove(&p);
                    }
                    _ => {
                        known.insert(p.clone(), now);
                    }
                }
                if tx.send(update).is_err() {
                    return;
                }
                sent = true;
            }
            if !sent {
                return;
            }
            wake();
        };
        let mut debouncer = new_debouncer(DEBOUNCE, handler)
            .map_err(|e| format!("cannot watch {}: {e}", target.display()))?;
        debouncer
            .watcher()
            .watch(&target, mode)
            .map_err(|e| format!("cannot watch {}: {e}", target.display()))?;
        Ok(FolderWatcher {
            updates,
            _debouncer: debouncer,
        })
    }

    /// Every update waiting, without blocking.
    pub fn take(&self) -> Vec<FileUpdate> {
        self.updates.try_iter().collect()
    }

    /// Waits up to `timeout` for the next update.
    pub fn wait(&self, timeout: Duration) -> Option<FileUpdate> {
        self.updates.recv_timeout(timeout).ok()
    }
}
