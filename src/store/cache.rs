//! The records of a data folder as History, the Library and the programme list them: one
//! [`RecordInfo`] per record, kept in memory, backed by the record index
//! ([`super::index`]) and brought up to date cheaply.
//!
//! Opening reads the index file and lists the sessions folder once; only records that are new,
//! or whose size or modification time differ from what the index says, are read and replayed.
//! With a current index, 10,000 records cost one file read and one folder listing. A missing or
//! damaged index is rebuilt from the records. A refresh (History polls every few seconds) does
//! the same comparison again, which is how a record written by another machine on a shared
//! folder, or brought in by an import, appears without a restart.
//!
//! When anything changed the index is written again, by atomic replace, on a writer thread of
//! its own, so a save never waits for it; dropping the cache waits for the last write.

use super::index::{
    Entry, IndexEntry, IndexProblem, RecordInfo, Stamp, UnreadableFile, read_index, write_index,
};
use super::intern::Interner;
use super::{Store, Unreadable, read_record};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;

/// What a refresh found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Ids of records that appeared or changed (or files that became unreadable).
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

enum Job {
    Write(Vec<IndexEntry>),
    Sync(mpsc::Sender<()>),
}

/// The thread that writes the index file: it writes only the newest of the snapshots waiting.
struct Writer {
    tx: Option<mpsc::Sender<Job>>,
    handle: Option<std::thread::JoinHandle<()>>,
}

impl Writer {
    fn start(data_dir: PathBuf) -> Writer {
        let (tx, rx) = mpsc::channel::<Job>();
        let handle = std::thread::Builder::new()
            .name("record-index".into())
            .spawn(move || {
                while let Ok(job) = rx.recv() {
                    let mut latest = None;
                    let mut syncs = Vec::new();
                    for job in std::iter::once(job).chain(rx.try_iter()) {
                        match job {
                            Job::Write(entries) => latest = Some(entries),
                            Job::Sync(done) => syncs.push(done),
                        }
                    }
                    if let Some(entries) = latest {
                        // The index is a cache: a failed write only costs re-reading records
                        // at the next start, so it is not reported.
                        let _ = write_index(&data_dir, &entries);
                    }
                    for done in syncs {
                        let _ = done.send(());
                    }
                }
            })
            .ok();
        Writer {
            tx: handle.as_ref().map(|_| tx),
            handle,
        }
    }

    fn write(&self, entries: Vec<IndexEntry>, data_dir: &Path) {
        match &self.tx {
            Some(tx) => {
                let _ = tx.send(Job::Write(entries));
            }
            // No thread could be started: write here.
            None => {
                let _ = write_index(data_dir, &entries);
            }
        }
    }

    fn sync(&self) {
        if let Some(tx) = &self.tx {
            let (done, wait) = mpsc::channel();
            if tx.send(Job::Sync(done)).is_ok() {
                let _ = wait.recv();
            }
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// The records of one data folder, newest first.
pub struct RecordCache {
    store: Store,
    data_dir: PathBuf,
    /// Every record file seen, sorted by file name, each name once. (A sorted vector rather
    /// than a map keyed by name: the key was a second copy of every name, and the map's
    /// nodes cost more than the entries; look-ups are binary searches. Cloned for each index
    /// write: an entry is a stamp and a shared pointer, so a clone allocates nothing more.)
    files: Vec<IndexEntry>,
    sorted: Vec<Arc<RecordInfo>>,
    unreadable: Vec<Unreadable>,
    /// Why the index file was not used when the cache was opened (it was rebuilt).
    index_problem: Option<IndexProblem>,
    writer: Writer,
    /// A cache being opened on another thread, swapped in by [`RecordCache::poll`].
    pending: Option<mpsc::Receiver<RecordCache>>,
    /// The text the summaries share (scenario titles, names…): each summary read or made
    /// by this cache takes its strings from here, so each distinct string is held once.
    interner: Interner,
}

fn record_files(store: &Store) -> Vec<(String, Stamp)> {
    let Ok(entries) = std::fs::read_dir(store.dir()) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Stamp)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.ends_with(".ron") || name.starts_with('.') {
                return None;
            }
            let meta = e.metadata().ok()?;
            meta.is_file().then(|| (name, Stamp::of(&meta)))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn read_entry(store: &Store, file: &str, stamp: Stamp) -> IndexEntry {
    let path = store.dir().join(file);
    let unreadable = |reason: String| {
        Entry::Unreadable(Box::new(UnreadableFile {
            file: file.to_owned(),
            reason,
        }))
    };
    let entry = match read_record(&path) {
        // The id is the file's name without `.ron` (`read_record` takes it from there).
        Ok((id, session)) => Entry::Record(Arc::new(RecordInfo::of(&id, &session))),
        Err(super::StoreError::Unreadable { reason, .. }) => unreadable(reason),
        Err(e) => unreadable(e.to_string()),
    };
    IndexEntry { stamp, entry }
}

/// The entries of an index file sorted by file name, each name once (the last entry of a
/// name wins, should an index list one twice).
fn by_file_name(mut entries: Vec<IndexEntry>) -> Vec<IndexEntry> {
    // Stable: entries of one name stay in the file's order.
    entries.sort_by(IndexEntry::cmp_files);
    entries.dedup_by(|later, kept| {
        let same = later.cmp_files(kept).is_eq();
        if same {
            std::mem::swap(later, kept);
        }
        same
    });
    entries
}

/// Newest first; the id breaks ties so the order never depends on the folder.
fn newest_first(a: &RecordInfo, b: &RecordInfo) -> std::cmp::Ordering {
    b.started_at
        .cmp(&a.started_at)
        .then_with(|| b.id.cmp(&a.id))
}

impl RecordCache {
    fn empty(data_dir: &Path) -> RecordCache {
        RecordCache {
            store: Store::new(data_dir),
            data_dir: data_dir.to_owned(),
            files: Vec::new(),
            sorted: Vec::new(),
            unreadable: Vec::new(),
            index_problem: None,
            writer: Writer::start(data_dir.to_owned()),
            pending: None,
            interner: Interner::new(),
        }
    }

    /// Runs `f` with this cache's interner in scope, so the summaries it reads or makes share
    /// their text with those already held.
    fn interning<R>(&mut self, f: impl FnOnce(&mut RecordCache) -> R) -> R {
        let mut interner = std::mem::take(&mut self.interner);
        let out = interner.scope(|| f(self));
        self.interner = interner;
        out
    }

    /// Opens the records of a data folder: reads the index, then reads only the records it
    /// does not describe as they are now; writes the index again if anything differed.
    pub fn open(data_dir: &Path) -> RecordCache {
        let mut cache = RecordCache::empty(data_dir);
        let changes = cache.interning(|cache| {
            match read_index(data_dir) {
                Ok(entries) => cache.files = by_file_name(entries),
                Err(problem) => cache.index_problem = Some(problem),
            }
            cache.reconcile()
        });
        // Built from the index even when no file changed.
        cache.rebuild_lists();
        if !changes.is_empty() || cache.index_problem.is_some() {
            cache.save_index();
        }
        cache
    }

    /// Opens the records on another thread; until they are there the cache lists nothing and
    /// [`RecordCache::is_loading`] is true. `wait` bounds how long this call waits for them.
    pub fn open_in_background(data_dir: &Path, wait: std::time::Duration) -> RecordCache {
        let (tx, rx) = mpsc::channel();
        let dir = data_dir.to_owned();
        let spawned = std::thread::Builder::new()
            .name("records".into())
            .spawn(move || {
                let _ = tx.send(RecordCache::open(&dir));
            });
        if spawned.is_err() {
            return RecordCache::open(data_dir);
        }
        match rx.recv_timeout(wait) {
            Ok(cache) => cache,
            Err(_) => RecordCache {
                pending: Some(rx),
                ..RecordCache::empty(data_dir)
            },
        }
    }

    /// True while the records are still being read on another thread.
    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    /// Takes in the records read on another thread, if they are ready; true when it did.
    pub fn poll(&mut self) -> bool {
        let Some(rx) = &self.pending else {
            return false;
        };
        match rx.try_recv() {
            Ok(loaded) => {
                *self = loaded;
                true
            }
            Err(mpsc::TryRecvError::Empty) => false,
            // The loading thread died: read them here rather than show nothing for ever.
            Err(mpsc::TryRecvError::Disconnected) => {
                *self = RecordCache::open(&self.data_dir.clone());
                true
            }
        }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The readable records, newest first.
    pub fn records(&self) -> &[Arc<RecordInfo>] {
        &self.sorted
    }

    /// Files that could not be read, by path.
    pub fn unreadable(&self) -> Vec<Unreadable> {
        self.unreadable.clone()
    }

    /// Why the index was rebuilt when the cache was opened (`None`: it was used).
    pub fn index_problem(&self) -> Option<&IndexProblem> {
        self.index_problem.as_ref()
    }

    /// Waits until the index file written for the latest change is on disk.
    pub fn flush(&self) {
        self.writer.sync();
    }

    /// Compares the folder with what is known and reads what differs.
    fn reconcile(&mut self) -> Changes {
        let mut changes = Changes::default();
        let listed = record_files(&self.store);
        let mut files = Vec::with_capacity(listed.len());
        // Both are sorted by file name: one walk through each.
        let mut known = std::mem::take(&mut self.files).into_iter().peekable();
        for (file, stamp) in listed {
            while known.next_if(|e| e.cmp_file(&file).is_lt()).is_some() {
                changes.removed += 1;
            }
            match known.next_if(|e| e.cmp_file(&file).is_eq()) {
                Some(old) if old.stamp == stamp => files.push(old),
                _ => {
                    let e = read_entry(&self.store, &file, stamp);
                    changes.changed.push(match &e.entry {
                        Entry::Record(r) => r.id.clone(),
                        Entry::Unreadable(_) => file.trim_end_matches(".ron").to_owned(),
                    });
                    files.push(e);
                }
            }
        }
        changes.removed += known.count();
        self.files = files;
        changes
    }

    fn rebuild_lists(&mut self) {
        let mut sorted = Vec::with_capacity(self.files.len());
        let mut unreadable = Vec::new();
        for e in &self.files {
            match &e.entry {
                Entry::Record(r) => sorted.push(Arc::clone(r)),
                Entry::Unreadable(u) => unreadable.push(Unreadable {
                    path: self.store.dir().join(&u.file),
                    reason: u.reason.clone(),
                }),
            }
        }
        sorted.sort_by(|a, b| newest_first(a, b));
        self.sorted = sorted;
        self.unreadable = unreadable;
    }

    fn save_index(&self) {
        self.writer.write(self.files.clone(), &self.data_dir);
    }

    /// Brings the cache up to date with the folder: new and changed files are read, removed
    /// ones dropped, and the index written again if anything changed. Cheap when nothing
    /// changed (one listing of the folder, no file read).
    pub fn refresh(&mut self) -> Changes {
        if self.pending.is_some() {
            return if self.poll() {
                Changes {
                    changed: self.sorted.iter().map(|r| r.id.clone()).collect(),
                    removed: 0,
                }
            } else {
                Changes::default()
            };
        }
        let changes = self.interning(RecordCache::reconcile);
        if !changes.is_empty() {
            self.rebuild_lists();
            self.save_index();
        }
        changes
    }

    /// Records that a session was just saved by this program: its summary is updated at once
    /// (without reading the file back) and the index written again.
    pub fn saved(&mut self, id: &str, session: &crate::session::Session) {
        if self.pending.is_some() {
            return;
        }
        let file = format!("{id}.ron");
        let Ok(meta) = std::fs::metadata(self.store.dir().join(&file)) else {
            return;
        };
        let info = Arc::new(self.interning(|_| RecordInfo::of(id, session)));
        match self.sorted.iter().position(|r| r.id == id) {
            Some(i) if self.sorted[i].started_at == info.started_at => {
                self.sorted[i] = info.clone();
            }
            Some(i) => {
                self.sorted.remove(i);
                let at = self
                    .sorted
                    .partition_point(|r| newest_first(r, &info).is_lt());
                self.sorted.insert(at, info.clone());
            }
            None => {
                let at = self
                    .sorted
                    .partition_point(|r| newest_first(r, &info).is_lt());
                self.sorted.insert(at, info.clone());
            }
        }
        let at = self.files.binary_search_by(|e| e.cmp_file(&file));
        let entry = IndexEntry {
            stamp: Stamp::of(&meta),
            entry: Entry::Record(info),
        };
        match at {
            Ok(i) => self.files[i] = entry,
            Err(i) => self.files.insert(i, entry),
        }
        self.save_index();
    }
}
