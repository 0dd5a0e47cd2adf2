//! Durable session records: one RON file per session in the data folder, rewritten after
//! every event by atomic replace. A record that cannot be read is reported and left alone:
//! never overwritten, never deleted.

pub mod cache;
pub mod index;
pub mod intern;
pub mod shared_folder;
pub mod transfer;

use crate::session::{Event, Session, SessionError};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The newest record schema this build writes and reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Largest record file read, in bytes (a 300-decision session is well under 1 MiB).
pub const MAX_RECORD_BYTES: u64 = 32 * 1024 * 1024;

/// A session record as stored on disk.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SessionRecord {
    /// Record schema version.
    pub schema: u32,
    /// The session's id (also its file name).
    pub id: String,
    /// The session's events.
    pub events: Vec<Event>,
}

/// Problems reading or writing records.
#[derive(Debug, Error)]
pub enum StoreError {
    /// An I/O error, with the file concerned.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
    /// A record that cannot be used, with where and why.
    #[error("{path}: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// Why, with line and column where known.
        reason: String,
    },
    /// The id is not a valid record id.
    #[error("\"{0}\" is not a session id")]
    BadId(String),
}

/// A record that could not be read, as listed for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    /// The file.
    pub path: PathBuf,
    /// Why, with line and column where known.
    pub reason: String,
}

/// What history lists need about a record without keeping every event.
#[derive(Clone, Debug)]
pub struct RecordSummary {
    /// The session id.
    pub id: String,
    /// The replayed session.
    pub session: Session,
}

/// The folder of session records.
#[derive(Clone, Debug)]
pub struct Store {
    dir: PathBuf,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// True for ids this store creates: letters, digits and `-`.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

impl Store {
    /// The store for a data folder (records live in its `sessions` folder).
    pub fn new(data_dir: &Path) -> Store {
        Store {
            dir: data_dir.join("sessions"),
        }
    }

    /// The folder records are kept in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a session.
    pub fn path_of(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.ron"))
    }

    /// A new id, not used by any file in the folder: the start time and a random tail.
    pub fn new_id(&self, seed: u64) -> String {
        let stamp = crate::session::time::now().strftime("%Y%m%d%H%M%S");
        let mut n = seed;
        loop {
            let id = format!("{stamp}-{:06x}", n & 0xff_ffff);
            if !self.path_of(&id).exists() {
                return id;
            }
            n = n.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        }
    }

    /// Writes the first record of a new session under a fresh id and returns the id. The
    /// file is created without replacing anything, so two machines sharing the folder can
    /// never take the same id: a clash (however unlikely) just moves on to another id.
    pub fn create(&self, session: &Session) -> Result<String, StoreError> {
        std::fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        let mut seed = session.config().seed ^ crate::session::rng::fresh_seed();
        for _ in 0..100 {
            let id = self.new_id(seed);
            match self.create_as(&id, session) {
                Err(StoreError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::AlreadyExists =>
                {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(7);
                }
                Err(e) => return Err(e),
                Ok(()) => return Ok(id),
            }
        }
        Err(StoreError::Unreadable {
            path: self.dir.display().to_string(),
            reason: "could not find a free record name".into(),
        })
    }

    /// Writes a record that must not exist yet (`AlreadyExists` if it does).
    pub fn create_as(&self, id: &str, session: &Session) -> Result<(), StoreError> {
        if !valid_id(id) {
            return Err(StoreError::BadId(id.to_owned()));
        }
        std::fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        let text = record_text(id, session)?;
        let target = self.path_of(id);
        crate::fsutil::create_new(&target, text.as_bytes()).map_err(io(&target))
    }

    /// Writes a session's record by atomic replace ([`crate::fsutil::write_atomically`]): a
    /// reader, or a crash, sees the old record or the new one, never part of one.
    pub fn save(&self, id: &str, session: &Session) -> Result<(), StoreError> {
        if !valid_id(id) {
            return Err(StoreError::BadId(id.to_owned()));
        }
        std::fs::create_dir_all(&self.dir).map_err(io(&self.dir))?;
        let text = record_text(id, session)?;
        let target = self.path_of(id);
        crate::fsutil::write_atomically(&target, text.as_bytes()).map_err(io(&target))
    }

    /// Reads and replays one record.
    pub fn load(&self, id: &str) -> Result<Session, StoreError> {
        if !valid_id(id) {
            return Err(StoreError::BadId(id.to_owned()));
        }
        read_record(&self.path_of(id)).map(|(_, s)| s)
    }

    /// Every record in the folder, newest first, and every file that could not be read.
    pub fn list(&self) -> (Vec<RecordSummary>, Vec<Unreadable>) {
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return (ok, bad);
        };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "ron")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        for p in paths {
            match read_record(&p) {
                Ok((id, session)) => ok.push(RecordSummary { id, session }),
                Err(e) => bad.push(Unreadable {
                    reason: match e {
                        StoreError::Unreadable { reason, .. } => reason,
                        other => other.to_string(),
                    },
                    path: p,
                }),
            }
        }
        ok.sort_by(|a, b| {
            b.session
                .state()
                .started
                .started_at
                .cmp(&a.session.state().started.started_at)
                .then_with(|| b.id.cmp(&a.id))
        });
        (ok, bad)
    }

    /// Deletes a record (only one that reads; an unreadable one is left for the user).
    pub fn delete(&self, id: &str) -> Result<(), StoreError> {
        let session = self.load(id)?;
        drop(session);
        let p = self.path_of(id);
        std::fs::remove_file(&p).map_err(io(&p))
    }
}

/// The text of a record file.
pub fn record_text(id: &str, session: &Session) -> Result<String, StoreError> {
    let record = SessionRecord {
        schema: SCHEMA_VERSION,
        id: id.to_owned(),
        events: session.events().to_vec(),
    };
    ron::ser::to_string_pretty(&record, ron::ser::PrettyConfig::new().struct_names(true)).map_err(
        |e| StoreError::Unreadable {
            path: id.to_owned(),
            reason: format!("could not write the record: {e}"),
        },
    )
}

/// The `schema: N` written near the top of a record, if any.
fn declared_schema(text: &str) -> Option<u32> {
    let at = text.get(..text.len().min(400))?.find("schema:")?;
    let digits: String = text[at + "schema:".len()..]
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// Reads a record file: checks size, UTF-8, RON, schema version and that it replays.
pub fn read_record(path: &Path) -> Result<(String, Session), StoreError> {
    let shown = path.display().to_string();
    let bad = |reason: String| StoreError::Unreadable {
        path: shown.clone(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(io(path))?;
    if meta.len() > MAX_RECORD_BYTES {
        return Err(bad(format!(
            "the record is {} bytes, more than the {} allowed",
            meta.len(),
            MAX_RECORD_BYTES
        )));
    }
    let bytes = std::fs::read(path).map_err(io(path))?;
    let (written_id, session) = parse_record(&bytes).map_err(bad)?;
    // The file name is the id: it is what `load`, `save` and `delete` use.
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or(written_id);
    Ok((id, session))
}

/// Checks the bytes of a record file: size, UTF-8, RON, schema version and that it replays.
/// The error is the reason, with line and column where known.
/// Returns the id written in the record and the session.
pub fn parse_record(bytes: &[u8]) -> Result<(String, Session), String> {
    let bad = |r: String| r;
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        return Err(format!(
            "the record is {} bytes, more than the {} allowed",
            bytes.len(),
            MAX_RECORD_BYTES
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(bad("the record is empty".into()));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        bad(format!(
            "not valid UTF-8 text (at byte {})",
            e.valid_up_to()
        ))
    })?;
    let options = ron::Options::default().with_recursion_limit(64);
    let newer = |schema: u32| {
        bad(format!(
            "schema version {schema} is not supported (this build reads version {SCHEMA_VERSION}); it was probably written by a newer deskaudit"
        ))
    };
    let record: SessionRecord = match options.from_str::<SessionRecord>(text) {
        Ok(r) if r.schema != SCHEMA_VERSION => return Err(newer(r.schema)),
        Ok(r) => r,
        // A record from a newer build may not parse at all: say so rather than show its syntax.
        Err(e) => match declared_schema(text) {
            Some(v) if v != SCHEMA_VERSION => return Err(newer(v)),
            _ => {
                return Err(bad(format!(
                    "line {}, column {}: {}",
                    e.span.start.line, e.span.start.col, e.code
                )));
            }
        },
    };
    let session =
        Session::from_events(record.events).map_err(|e: SessionError| bad(e.to_string()))?;
    Ok((record.id, session))
}
