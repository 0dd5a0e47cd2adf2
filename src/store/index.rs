//! The record index: a small summary of every record ([`RecordInfo`]: scenario, mode, title,
//! date, ending, index, band, per-P scores, attendance, recommendations with their status,
//! checkpoints missed) kept in one file in the data folder, `record-index.ron`, so listing
//! 10,000 records reads one file instead of replaying 10,000.
//!
//! The index is only a cache. Each entry carries the size and modification time of the record
//! file it was made from; an entry whose file has changed, or a file with no entry, is read
//! again, and an entry whose file has gone is dropped (see
//! [`RecordCache`](super::cache::RecordCache)). An index that is missing, damaged or from
//! another version is rebuilt from the records. It may be deleted at any time; nothing in it is
//! ever the only copy of anything. It is written by atomic replace
//! ([`crate::fsutil::write_atomically`]), so a reader — on this machine or another sharing the
//! folder — sees a whole index or the previous one, never part of one.

use super::intern::{self, intern};
use crate::scenario::{Band, Pillar, Rating};
use crate::session::{Attendee, Date, Mode, Progress, Recommendation, Session, Status};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The index file's schema; an index of another schema is rebuilt, not read.
pub const INDEX_SCHEMA: u32 = 1;

/// The index file of a data folder.
pub fn index_path(data_dir: &Path) -> PathBuf {
    data_dir.join("record-index.ron")
}

/// A checkpoint as it stood at the end of a session (only checkpoints the session tested).
/// Its text is shared with every other record of the scenario (see [`super::intern`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CheckpointInfo {
    /// The checkpoint's id in its scenario.
    #[serde(deserialize_with = "intern::text")]
    pub id: Arc<str>,
    /// Its P.
    pub p: Pillar,
    /// Its title.
    #[serde(deserialize_with = "intern::text")]
    pub title: Arc<str>,
    /// What could have been put in place.
    #[serde(deserialize_with = "intern::text")]
    pub lesson: Arc<str>,
    /// Missed, or required and never reached.
    pub missed: bool,
}

/// Someone who took part in a facilitated session, as a summary holds them: a
/// [`Attendee`] whose name and roster id are shared with the other records they attended.
/// Written to the index exactly as an [`Attendee`] is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendeeInfo {
    /// Their id on the roster they were picked from (empty when typed in by hand).
    #[serde(default = "intern::empty", deserialize_with = "intern::text")]
    pub person: Arc<str>,
    /// Their name as it was when the attendance was taken.
    #[serde(deserialize_with = "intern::text")]
    pub name: Arc<str>,
}

impl AttendeeInfo {
    /// The summary of an attendee (its text shared through the interner in scope).
    pub fn of(a: &Attendee) -> AttendeeInfo {
        AttendeeInfo {
            person: intern(&a.person),
            name: intern(&a.name),
        }
    }
}

/// A recommendation as a summary holds it: a [`Recommendation`] with its text shared
/// (owners and review notes repeat across evenings). Written to the index exactly as a
/// [`Recommendation`] is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecommendationInfo {
    /// Which P it strengthens.
    pub p: Pillar,
    /// What the council should do.
    #[serde(deserialize_with = "intern::text")]
    pub text: Arc<str>,
    /// Who owns it.
    #[serde(default = "intern::empty", deserialize_with = "intern::text")]
    pub owner: Arc<str>,
    /// When it is due, as written.
    #[serde(default = "intern::empty", deserialize_with = "intern::text")]
    pub due: Arc<str>,
    /// When it is due, as a date, where it was recorded as one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_on: Option<Date>,
    /// Where it stands at the latest review.
    #[serde(default)]
    pub progress: Progress,
    /// What the latest review said, and when (as written).
    #[serde(default = "intern::empty", deserialize_with = "intern::text")]
    pub review: Arc<str>,
}

impl RecommendationInfo {
    /// The summary of a recommendation (its text shared through the interner in scope).
    pub fn of(r: &Recommendation) -> RecommendationInfo {
        RecommendationInfo {
            p: r.p,
            text: intern(&r.text),
            owner: intern(&r.owner),
            due: intern(&r.due),
            due_on: r.due_on,
            progress: r.progress,
            review: intern(&r.review),
        }
    }

    /// The due date, as [`Recommendation::due_date`] works it out.
    pub fn due_date(&self) -> Option<Date> {
        Recommendation::due_date_of(self.due_on, &self.due)
    }

    /// True when it is due before `today` and neither done nor dropped, as
    /// [`Recommendation::is_overdue`] says.
    pub fn is_overdue(&self, today: Date) -> bool {
        Recommendation::overdue(self.progress, self.due_date(), today)
    }
}

/// What lists, the programme and the review report need about one record, without its events.
///
/// Kept small, as 10,000 of them stay in memory: its text is `Arc<str>`, shared between the
/// records read or summarised within one [`intern::Interner::scope`] (the record cache keeps
/// one), so ten thousand records of a dozen scenarios hold each title, area and ending title
/// once; the scores are plain numbers ([`RecordInfo::index`], [`RecordInfo::pillars`]); what
/// only facilitated sessions have is held apart, and not at all for a self-study session
/// ([`RecordInfo::venue`] and the rest). The index file is the same as before any of this:
/// every field written as it always was (see [`RecordInfo`]'s `Serialize`).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(from = "RecordIn")]
pub struct RecordInfo {
    /// The record id (its file name without `.ron`).
    pub id: String,
    /// The scenario's id.
    pub scenario_id: Arc<str>,
    /// The scenario's title when played.
    pub scenario_title: Arc<str>,
    /// The scenario's area when played (empty in records made before it was kept).
    pub scenario_area: Arc<str>,
    /// Self-study or facilitated.
    pub mode: Mode,
    /// The title lists show: the facilitator's title, else the scenario's.
    pub title: Arc<str>,
    /// When the session started.
    pub started_at: jiff::Timestamp,
    /// The date the facilitator wrote (free text), if any.
    pub date: Arc<str>,
    /// Self-study: the learner's name, if given.
    pub participant: Arc<str>,
    /// Whether the session was closed at an ending.
    pub finished: bool,
    /// Decisions taken.
    pub decisions: u32,
    /// The ending reached: its rating and title.
    pub ending: Option<(Rating, Arc<str>)>,
    /// The resilience index and each P.
    scores: Scores,
    /// What facilitated sessions have; `None` when all of it is empty (self-study).
    facilitated: Option<Box<FacilitatedInfo>>,
}

/// The parts of a summary that only facilitated sessions have.
#[derive(Clone, Debug, PartialEq)]
struct FacilitatedInfo {
    venue: Arc<str>,
    voting: Arc<str>,
    tables: usize,
    attendance: Box<[AttendeeInfo]>,
    recommendations: Box<[RecommendationInfo]>,
    checkpoints: Box<[CheckpointInfo]>,
}

impl FacilitatedInfo {
    /// These parts as a summary holds them: `None` when they are all empty.
    fn held(self) -> Option<Box<FacilitatedInfo>> {
        let empty = self.venue.is_empty()
            && self.voting.is_empty()
            && self.tables == 0
            && self.attendance.is_empty()
            && self.recommendations.is_empty()
            && self.checkpoints.is_empty();
        (!empty).then(|| Box::new(self))
    }
}

/// The resilience index and the four Ps as plain numbers, NaN standing for "none" (a score
/// is never NaN: a score with nothing to score is none): 40 bytes where five `Option<f64>`
/// take 80.
#[derive(Clone, Copy, Debug)]
struct Scores([f64; 5]);

impl Scores {
    fn new(index: Option<f64>, pillars: [Option<f64>; 4]) -> Scores {
        let [a, b, c, d] = pillars.map(|p| p.unwrap_or(f64::NAN));
        Scores([index.unwrap_or(f64::NAN), a, b, c, d])
    }

    fn get(&self, i: usize) -> Option<f64> {
        let v = self.0[i];
        (!v.is_nan()).then_some(v)
    }
}

impl PartialEq for Scores {
    fn eq(&self, other: &Scores) -> bool {
        (0..5).all(|i| self.get(i) == other.get(i))
    }
}

/// A summary as the index file holds it (the layout of every index written so far).
#[derive(Serialize)]
#[serde(rename = "RecordInfo")]
struct RecordOut<'a> {
    id: &'a str,
    scenario_id: &'a str,
    scenario_title: &'a str,
    scenario_area: &'a str,
    mode: Mode,
    title: &'a str,
    started_at: jiff::Timestamp,
    date: &'a str,
    participant: &'a str,
    venue: &'a str,
    voting: &'a str,
    tables: usize,
    finished: bool,
    decisions: u32,
    ending: Option<(Rating, &'a str)>,
    index: Option<f64>,
    pillars: [Option<f64>; 4],
    attendance: &'a [AttendeeInfo],
    recommendations: &'a [RecommendationInfo],
    checkpoints: &'a [CheckpointInfo],
}

impl Serialize for RecordInfo {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        RecordOut {
            id: &self.id,
            scenario_id: &self.scenario_id,
            scenario_title: &self.scenario_title,
            scenario_area: &self.scenario_area,
            mode: self.mode,
            title: &self.title,
            started_at: self.started_at,
            date: &self.date,
            participant: &self.participant,
            venue: self.venue(),
            voting: self.voting(),
            tables: self.tables(),
            finished: self.finished,
            decisions: self.decisions,
            ending: self.ending.as_ref().map(|(r, t)| (*r, &**t)),
            index: self.index(),
            pillars: self.pillars(),
            attendance: self.attendance(),
            recommendations: self.recommendations(),
            checkpoints: self.checkpoints(),
        }
        .serialize(s)
    }
}

/// [`RecordOut`], read: the text shared through the interner in scope.
#[derive(Deserialize)]
#[serde(rename = "RecordInfo")]
struct RecordIn {
    id: String,
    #[serde(deserialize_with = "intern::text")]
    scenario_id: Arc<str>,
    #[serde(deserialize_with = "intern::text")]
    scenario_title: Arc<str>,
    #[serde(deserialize_with = "intern::text")]
    scenario_area: Arc<str>,
    mode: Mode,
    #[serde(deserialize_with = "intern::text")]
    title: Arc<str>,
    started_at: jiff::Timestamp,
    #[serde(deserialize_with = "intern::text")]
    date: Arc<str>,
    #[serde(deserialize_with = "intern::text")]
    participant: Arc<str>,
    #[serde(deserialize_with = "intern::text")]
    venue: Arc<str>,
    #[serde(deserialize_with = "intern::text")]
    voting: Arc<str>,
    tables: usize,
    finished: bool,
    decisions: u32,
    #[serde(deserialize_with = "intern::ending")]
    ending: Option<(Rating, Arc<str>)>,
    index: Option<f64>,
    pillars: [Option<f64>; 4],
    attendance: Box<[AttendeeInfo]>,
    recommendations: Box<[RecommendationInfo]>,
    checkpoints: Box<[CheckpointInfo]>,
}

impl From<RecordIn> for RecordInfo {
    fn from(r: RecordIn) -> RecordInfo {
        RecordInfo {
            id: r.id,
            scenario_id: r.scenario_id,
            scenario_title: r.scenario_title,
            scenario_area: r.scenario_area,
            mode: r.mode,
            title: r.title,
            started_at: r.started_at,
            date: r.date,
            participant: r.participant,
            finished: r.finished,
            decisions: r.decisions,
            ending: r.ending,
            scores: Scores::new(r.index, r.pillars),
            facilitated: FacilitatedInfo {
                venue: r.venue,
                voting: r.voting,
                tables: r.tables,
                attendance: r.attendance,
                recommendations: r.recommendations,
                checkpoints: r.checkpoints,
            }
            .held(),
        }
    }
}

impl RecordInfo {
    /// The summary of a replayed session (its text shared through the interner in scope,
    /// see [`intern::Interner::scope`]).
    pub fn of(id: &str, session: &Session) -> RecordInfo {
        let st = session.state();
        let cfg = &st.started.config;
        let score = session.score();
        let facilitated = cfg.mode == Mode::Facilitated;
        let checkpoints = if facilitated {
            score
                .checkpoints
                .iter()
                .filter(|c| c.status != Status::NotTested)
                .map(|c| CheckpointInfo {
                    id: intern(&c.checkpoint.id.0),
                    p: c.checkpoint.p,
                    title: intern(&c.checkpoint.title),
                    lesson: intern(&c.checkpoint.lesson),
                    missed: matches!(c.status, Status::Missed | Status::NotReached),
                })
                .collect()
        } else {
            Box::default()
        };
        let who = session.participants();
        RecordInfo {
            id: id.to_owned(),
            scenario_id: intern(&st.started.scenario_id),
            scenario_title: intern(&st.started.scenario_title),
            scenario_area: intern(&st.started.scenario_area),
            mode: cfg.mode,
            title: intern(&session.display_title()),
            started_at: st.started.started_at,
            date: intern(&cfg.date),
            participant: intern(&cfg.participant),
            finished: st.finished,
            decisions: u32::try_from(st.path.len()).unwrap_or(u32::MAX),
            ending: st
                .current
                .ending
                .as_ref()
                .map(|(rating, _)| (*rating, intern(&st.current.title))),
            scores: Scores::new(score.index, score.pillars),
            facilitated: FacilitatedInfo {
                venue: intern(&who.venue),
                voting: if facilitated {
                    intern(&who.voting())
                } else {
                    intern::empty()
                },
                tables: cfg.tables.len(),
                attendance: st.attendance.iter().map(AttendeeInfo::of).collect(),
                recommendations: st
                    .recommendations
                    .iter()
                    .map(RecommendationInfo::of)
                    .collect(),
                checkpoints,
            }
            .held(),
        }
    }

    /// Resilience index.
    pub fn index(&self) -> Option<f64> {
        self.scores.get(0)
    }

    /// Each P, in [`Pillar::ALL`] order.
    pub fn pillars(&self) -> [Option<f64>; 4] {
        [1, 2, 3, 4].map(|i| self.scores.get(i))
    }

    /// The band of the index.
    pub fn band(&self) -> Option<Band> {
        self.index().map(Band::of)
    }

    /// The score of one P.
    pub fn pillar(&self, p: Pillar) -> Option<f64> {
        self.scores.get(1 + p.index())
    }

    /// Facilitated: where (empty if not written).
    pub fn venue(&self) -> &str {
        self.facilitated.as_ref().map_or("", |f| &f.venue)
    }

    /// Facilitated: how the room voted, in words ("3 tables: A, B, C").
    pub fn voting(&self) -> &str {
        self.facilitated.as_ref().map_or("", |f| &f.voting)
    }

    /// Facilitated: tables that voted (0: the whole room).
    pub fn tables(&self) -> usize {
        self.facilitated.as_ref().map_or(0, |f| f.tables)
    }

    /// Who attended (facilitated).
    pub fn attendance(&self) -> &[AttendeeInfo] {
        self.facilitated.as_ref().map_or(&[], |f| &f.attendance)
    }

    /// Recommendations, with where each stands at review.
    pub fn recommendations(&self) -> &[RecommendationInfo] {
        self.facilitated
            .as_ref()
            .map_or(&[], |f| &f.recommendations)
    }

    /// The checkpoints the session tested (facilitated sessions only: the programme counts
    /// the ones missed most often).
    pub fn checkpoints(&self) -> &[CheckpointInfo] {
        self.facilitated.as_ref().map_or(&[], |f| &f.checkpoints)
    }
}

/// A record file's size and modification time: when either differs from what the index says,
/// the record is read again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Size in bytes.
    pub len: u64,
    /// Modification time, nanoseconds since 1970 (`None` where the platform has none; a
    /// `u64` lasts until 2554).
    pub modified_ns: Option<u64>,
}

impl Stamp {
    /// The stamp of a file's metadata.
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            len: meta.len(),
            modified_ns: meta
                .modified()
                .ok()
                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                .and_then(|d: Duration| u64::try_from(d.as_nanos()).ok()),
        }
    }

    /// The modification time as a `SystemTime`.
    pub fn modified(&self) -> Option<SystemTime> {
        let ns = self.modified_ns?;
        UNIX_EPOCH.checked_add(Duration::from_nanos(ns))
    }
}

/// What the index holds about one file.
#[derive(Clone, Debug, PartialEq)]
pub enum Entry {
    /// A record that was read (shared: the record cache's sorted list holds the same
    /// summary, not a copy — with 10,000 records a copy was about 8 MB). Its file is named
    /// after its id.
    Record(Arc<RecordInfo>),
    /// A file that could not be read (it is still listed, as unreadable). Boxed: rare, and
    /// inline it would double the size of every entry.
    Unreadable(Box<UnreadableFile>),
}

/// A file of the sessions folder that could not be read as a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnreadableFile {
    /// The file's name in the sessions folder.
    pub file: String,
    /// Why it could not be read.
    pub reason: String,
}

/// One file of the sessions folder as indexed.
///
/// A record's file name is not held: it is the record's id with `.ron` (the store names
/// each record file so, and reads a record's id from its file name), so holding it would be
/// a second copy of every id. The index file still names each entry's file, as it always has.
#[derive(Clone, Debug, PartialEq)]
pub struct IndexEntry {
    /// How the file looked when it was read.
    pub stamp: Stamp,
    /// What was found in it.
    pub entry: Entry,
}

impl IndexEntry {
    /// The file's name in the sessions folder.
    pub fn file(&self) -> std::borrow::Cow<'_, str> {
        match &self.entry {
            Entry::Record(r) => format!("{}.ron", r.id).into(),
            Entry::Unreadable(u) => u.file.as_str().into(),
        }
    }

    /// The file's name in two parts, for comparing it without making it.
    fn file_parts(&self) -> (&str, &str) {
        match &self.entry {
            Entry::Record(r) => (&r.id, ".ron"),
            Entry::Unreadable(u) => (&u.file, ""),
        }
    }

    /// Compares the file's name with `name`, as strings compare.
    pub fn cmp_file(&self, name: &str) -> std::cmp::Ordering {
        let (a, b) = self.file_parts();
        a.bytes().chain(b.bytes()).cmp(name.bytes())
    }

    /// Compares the file names of two entries, as strings compare.
    pub fn cmp_files(&self, other: &IndexEntry) -> std::cmp::Ordering {
        let ((a, b), (c, d)) = (self.file_parts(), other.file_parts());
        a.bytes().chain(b.bytes()).cmp(c.bytes().chain(d.bytes()))
    }
}

/// An entry as the index file holds it: the file's name, its stamp, and the record or why it
/// could not be read (the layout of every index written so far).
#[derive(Serialize)]
#[serde(rename = "IndexEntry")]
struct EntryOut<'a> {
    file: &'a str,
    stamp: Stamp,
    entry: EntryOutKind<'a>,
}

#[derive(Serialize)]
#[serde(rename = "Entry")]
enum EntryOutKind<'a> {
    Record(&'a RecordInfo),
    Unreadable(&'a str),
}

impl Serialize for IndexEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let file = self.file();
        EntryOut {
            file: &file,
            stamp: self.stamp,
            entry: match &self.entry {
                Entry::Record(r) => EntryOutKind::Record(r),
                Entry::Unreadable(u) => EntryOutKind::Unreadable(&u.reason),
            },
        }
        .serialize(s)
    }
}

/// [`EntryOut`], read: the name borrowed from the file's bytes where it can be (it is only
/// compared with the record's id), the record read straight into its `Arc`.
#[derive(Deserialize)]
#[serde(rename = "IndexEntry")]
struct EntryIn<'a> {
    #[serde(borrow)]
    file: std::borrow::Cow<'a, str>,
    stamp: Stamp,
    entry: EntryInKind,
}

#[derive(Deserialize)]
#[serde(rename = "Entry")]
enum EntryInKind {
    Record(#[serde(deserialize_with = "in_arc")] Arc<RecordInfo>),
    Unreadable(String),
}

impl<'de> Deserialize<'de> for IndexEntry {
    /// An index whose entry for a file describes a record of another id is refused as a
    /// whole (and so rebuilt from the records): the store would never have written it.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<IndexEntry, D::Error> {
        let read = EntryIn::deserialize(d)?;
        let entry = match read.entry {
            EntryInKind::Record(r) => {
                if read.file.strip_suffix(".ron") != Some(r.id.as_str()) {
                    return Err(serde::de::Error::custom(format!(
                        "the entry for {} describes record {}",
                        read.file, r.id
                    )));
                }
                Entry::Record(r)
            }
            EntryInKind::Unreadable(reason) => Entry::Unreadable(Box::new(UnreadableFile {
                file: read.file.into_owned(),
                reason,
            })),
        };
        Ok(IndexEntry {
            stamp: read.stamp,
            entry,
        })
    }
}

/// The index file.
#[derive(Debug, Deserialize)]
struct IndexFile {
    schema: u32,
    entries: Vec<IndexEntry>,
}

/// Reads a value straight into its `Arc`. (Serde's own `Arc<T>` reads a `Box<T>` first and
/// copies it across: a second allocation, freed at once, for each of 10,000 records.)
fn in_arc<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Arc<T>, D::Error> {
    T::deserialize(d).map(Arc::new)
}

/// Borrowed form of [`IndexFile`] for writing without copying the entries.
#[derive(Serialize)]
#[serde(rename = "IndexFile")]
struct IndexFileRef<'a> {
    schema: u32,
    entries: Vec<&'a IndexEntry>,
}

/// Why an index was not used (it is then rebuilt from the records).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IndexProblem {
    /// There is no index file yet.
    Missing,
    /// It could not be read or parsed, or is of another schema: the reason.
    Damaged(String),
}

/// Reads the index file of a data folder.
///
/// Each entry's text is shared through the interner in scope, if any (see
/// [`super::intern::Interner::scope`]).
pub fn read_index(data_dir: &Path) -> Result<Vec<IndexEntry>, IndexProblem> {
    let path = index_path(data_dir);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(IndexProblem::Missing),
        Err(e) => return Err(IndexProblem::Damaged(format!("{}: {e}", path.display()))),
    };
    let file: IndexFile = ron::de::from_bytes(&bytes)
        .map_err(|e| IndexProblem::Damaged(format!("{}: {e}", path.display())))?;
    if file.schema != INDEX_SCHEMA {
        return Err(IndexProblem::Damaged(format!(
            "{}: schema {} (this build reads {INDEX_SCHEMA})",
            path.display(),
            file.schema
        )));
    }
    Ok(file.entries)
}

/// Writes the index file by atomic replace (entries in the order given).
pub fn write_index<'a>(
    data_dir: &Path,
    entries: impl IntoIterator<Item = &'a IndexEntry>,
) -> std::io::Result<()> {
    let file = IndexFileRef {
        schema: INDEX_SCHEMA,
        entries: entries.into_iter().collect(),
    };
    let text = ron::to_string(&file).map_err(std::io::Error::other)?;
    std::fs::create_dir_all(data_dir)?;
    crate::fsutil::write_atomically(&index_path(data_dir), text.as_bytes())
}
