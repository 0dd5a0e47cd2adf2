//! The records of a data folder kept in memory and brought up to date cheaply: a refresh
//! lists the folder and re-reads only files that are new or whose size or modification time
//! changed. This is how a record written by another machine on a shared folder (or brought
//! in by an import) appears in History without a restart, without replaying every record.

use super::{RecordSummary, Store, Unreadable, read_record};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::SystemTime;

/// What a file looked like when it was last read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

/// The records of one folder, newest first, kept up to date by [`RecordCache::refresh`].
pub struct RecordCache {
    store: Store,
    /// Every record file seen, with how it looked when read.
    files: BTreeMap<PathBuf, Stamp>,
    sorted: Vec<RecordSummary>,
    unreadable: BTreeMap<PathBuf, Unreadable>,
}

/// What a refresh found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Ids of records that appeared or changed.
    pub changed: Vec<String>,
    /// Files that went away.
    pub removed: usize,
}

impl Changes {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.removed == 0
    }
}

fn record_files(store: &Store) -> Vec<(PathBuf, Stamp)> {
    let Ok(entries) = std::fs::read_dir(store.dir()) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, Stamp)> = entries
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            let visible = p.extension().is_some_and(|x| x == "ron")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !visible {
                return None;
            }
            let meta = e.metadata().ok()?;
            Some((
                p,
                Stamp {
                    len: meta.len(),
                    modified: meta.modified().ok(),
                },
            ))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

impl RecordCache {
    /// An empty cache of a store's folder (call [`RecordCache::refresh`] to fill it).
    pub fn new(store: Store) -> RecordCache {
        RecordCache {
            store,
            files: BTreeMap::new(),
            sorted: Vec::new(),
            unreadable: BTreeMap::new(),
        }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The readable records, newest first (as [`Store::list`] orders them).
    pub fn records(&self) -> &[RecordSummary] {
        &self.sorted
    }

    /// Files that could not be read, by path.
    pub fn unreadable(&self) -> Vec<Unreadable> {
        self.unreadable.values().cloned().collect()
    }

    /// Brings the cache up to date with the folder: new and changed files are read, removed
    /// ones dropped. Cheap when nothing changed (one listing of the folder, no file read).
    pub fn refresh(&mut self) -> Changes {
        let mut changes = Changes::default();
        let listed = record_files(&self.store);
        let mut gone: BTreeMap<PathBuf, Stamp> = std::mem::take(&mut self.files);
        let mut stale_ids: Vec<String> = Vec::new();
        let mut fresh: Vec<RecordSummary> = Vec::new();
        for (path, stamp) in listed {
            let old = gone.remove(&path);
            self.files.insert(path.clone(), stamp);
            if old == Some(stamp) {
                continue;
            }
            if old.is_some() {
                stale_ids.push(stem(&path));
            }
            self.unreadable.remove(&path);
            match read_record(&path) {
                Ok((id, session)) => {
                    changes.changed.push(id.clone());
                    fresh.push(RecordSummary { id, session });
                }
                Err(e) => {
                    let reason = match e {
                        super::StoreError::Unreadable { reason, .. } => reason,
                        other => other.to_string(),
                    };
                    self.unreadable
                        .insert(path.clone(), Unreadable { path, reason });
                }
            }
        }
        changes.removed = gone.len();
        for path in gone.keys() {
            self.unreadable.remove(path);
            stale_ids.push(stem(path));
        }
        if !stale_ids.is_empty() {
            stale_ids.sort();
            self.sorted
                .retain(|r| stale_ids.binary_search(&r.id).is_err());
        }
        if !fresh.is_empty() {
            self.sorted.extend(fresh);
            self.sorted.sort_by(|a, b| {
                b.session
                    .state()
                    .started
                    .started_at
                    .cmp(&a.session.state().started.started_at)
                    .then_with(|| b.id.cmp(&a.id))
            });
        }
        changes
    }
}

fn stem(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}
