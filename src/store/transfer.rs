//! Records that travel between laptops: one record exported to a file the user puts where
//! they like (an email attachment, a USB stick, a shared drive), and record files imported
//! into the data folder.
//!
//! Every file is checked whole before anything is written (size, text, RON, schema, that it
//! replays); a damaged or foreign file is refused with the reason and nothing is written for
//! it. A record already in the folder (same id, same events) is skipped; an older copy of one
//! (its events are the start of the folder's) is skipped too, and a newer copy (the folder's
//! events are the start of its) brings the folder's up to date. Any other clash of ids is
//! kept under a new id and reported, so no result is ever lost or overwritten.

use super::shared_folder::{LockState, lock_state};
use super::{Store, StoreError, parse_record, record_text, valid_id};
use crate::fsutil::{create_new as create_file_new, write_atomically as write_file_atomically};
use crate::session::{Mode, Session};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The name a record file is offered under when exported: `deskaudit-record-ID.ron`.
pub fn export_file_name(id: &str) -> String {
    format!("deskaudit-record-{id}.ron")
}

/// Whose data a record carries, in words: "the self-study of The cash buyer by Jane Smith"
/// or "the facilitated session Member training evening (The cash buyer), 12 named attendees".
pub fn carries(session: &Session) -> String {
    let st = session.state();
    let c = &st.started.config;
    match c.mode {
        Mode::SelfStudy if c.participant.trim().is_empty() => format!(
            "an anonymous self-study of \"{}\"",
            st.started.scenario_title
        ),
        Mode::SelfStudy => format!(
            "the self-study of \"{}\" by {}",
            st.started.scenario_title,
            c.participant.trim()
        ),
        Mode::Facilitated => {
            let title = if c.title.trim().is_empty() {
                st.started.scenario_title.clone()
            } else {
                format!("{} ({})", c.title.trim(), st.started.scenario_title)
            };
            let named = st.attendance.len();
            let who = match named {
                0 => "no attendees named".to_owned(),
                1 => "1 attendee named".to_owned(),
                n => format!("{n} attendees named"),
            };
            let by = if c.facilitator.trim().is_empty() {
                String::new()
            } else {
                format!(", facilitated by {}", c.facilitator.trim())
            };
            format!("the facilitated session \"{title}\"{by}, {who}")
        }
    }
}

/// The text of an exported record: the record as the data folder holds it, after comment
/// lines saying what it is and whose data it carries (RON ignores comments, so the file
/// imports as it is and also works as a plain record).
pub fn export_text(id: &str, session: &Session) -> Result<String, StoreError> {
    let mut head = String::new();
    let _ = writeln!(head, "// deskaudit session record {id}");
    let about = carries(session).replace(['\n', '\r'], " ");
    let _ = writeln!(head, "// It carries {about}: names and answers.");
    let _ = writeln!(
        head,
        "// Keep it as you would other personal data; import it with deskaudit (History › Import records…)."
    );
    Ok(head + &record_text(id, session)?)
}

/// Writes one record to `dest` (replacing a file there, as a save dialog has already asked).
pub fn export_record(store: &Store, id: &str, dest: &Path) -> Result<String, StoreError> {
    let session = store.load(id)?;
    let text = export_text(id, &session)?;
    write_file_atomically(dest, text.as_bytes()).map_err(|source| StoreError::Io {
        path: dest.display().to_string(),
        source,
    })?;
    Ok(carries(&session))
}

/// What happened to one imported file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Imported {
    /// A new record, now in the folder under its own id.
    Added {
        /// Its id.
        id: String,
    },
    /// The folder already had it, exactly.
    AlreadyPresent {
        /// Its id.
        id: String,
    },
    /// The folder already had a later state of the same session (the file is an older copy).
    OlderCopy {
        /// Its id.
        id: String,
    },
    /// The file is a later state of a session in the folder, which it brought up to date.
    Updated {
        /// Its id.
        id: String,
        /// How many events it added.
        new_events: usize,
    },
    /// A different session with the same id: kept under a new id.
    Renamed {
        /// The id in the file.
        from: String,
        /// The id it was kept under.
        to: String,
    },
    /// Not imported: nothing was written.
    Refused {
        /// Why.
        reason: String,
    },
}

/// One file's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportOutcome {
    /// The file.
    pub file: PathBuf,
    /// What happened.
    pub result: Imported,
}

impl ImportOutcome {
    /// One line for the user.
    pub fn describe(&self) -> String {
        let f = self.file.display();
        match &self.result {
            Imported::Added { id } => format!("{f}: imported as {id}"),
            Imported::AlreadyPresent { id } => format!("{f}: already here ({id}), skipped"),
            Imported::OlderCopy { id } => {
                format!("{f}: an older copy of {id}, which is already here; skipped")
            }
            Imported::Updated { id, new_events } => {
                format!("{f}: brought {id} up to date ({new_events} newer event(s))")
            }
            Imported::Renamed { from, to } => {
                format!("{f}: a different session already has the id {from}; kept as {to}")
            }
            Imported::Refused { reason } => format!("{f}: not imported — {reason}"),
        }
    }
}

/// Everything an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// One outcome per file, in the order given.
    pub outcomes: Vec<ImportOutcome>,
}

impl ImportReport {
    fn count(&self, f: impl Fn(&Imported) -> bool) -> usize {
        self.outcomes.iter().filter(|o| f(&o.result)).count()
    }

    /// Files that added a record (new, or kept under a new id).
    pub fn added(&self) -> usize {
        self.count(|r| matches!(r, Imported::Added { .. } | Imported::Renamed { .. }))
    }

    /// Files refused.
    pub fn refused(&self) -> usize {
        self.count(|r| matches!(r, Imported::Refused { .. }))
    }

    /// The summary line: "3 imported (1 under a new id), 1 updated, 2 already here, 1 refused".
    pub fn summary(&self) -> String {
        let renamed = self.count(|r| matches!(r, Imported::Renamed { .. }));
        let updated = self.count(|r| matches!(r, Imported::Updated { .. }));
        let present = self.count(|r| {
            matches!(
                r,
                Imported::AlreadyPresent { .. } | Imported::OlderCopy { .. }
            )
        });
        let mut parts = vec![if renamed > 0 {
            format!("{} imported ({renamed} under a new id)", self.added())
        } else {
            format!("{} imported", self.added())
        }];
        if updated > 0 {
            parts.push(format!("{updated} updated"));
        }
        parts.push(format!("{present} already here"));
        parts.push(format!("{} refused", self.refused()));
        parts.join(", ")
    }
}

/// A short, stable tag of a record's content, for the id a clashing record is kept under.
fn content_tag(text: &str) -> String {
    // FNV-1a: stable across builds and platforms, unlike the standard library's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{:06x}", h & 0xff_ffff)
}

/// Reads and checks one file: its record id and session, or why it is refused.
fn check_file(file: &Path) -> Result<(String, Session), Imported> {
    let refused = |reason: String| Err(Imported::Refused { reason });
    let meta = match std::fs::metadata(file) {
        Ok(m) => m,
        Err(e) => return refused(format!("cannot be read: {e}")),
    };
    if !meta.is_file() {
        return refused("is not a file".into());
    }
    if meta.len() > super::MAX_RECORD_BYTES {
        return refused(format!(
            "{} bytes is more than a session record can be ({} at most)",
            meta.len(),
            super::MAX_RECORD_BYTES
        ));
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return refused(format!("cannot be read: {e}")),
    };
    let looks_like_record = std::str::from_utf8(&bytes).is_ok_and(|t| {
        t.lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("//"))
            .is_some_and(|l| l.starts_with("SessionRecord(") || l.starts_with('('))
    });
    let (id, session) = match parse_record(&bytes) {
        Ok(r) => r,
        Err(_) if !looks_like_record => {
            return refused(
                "this is not a deskaudit session record (export one with \"Send my result\" or `deskaudit export-record`)"
                    .into(),
            );
        }
        Err(reason) => return refused(format!("the record is damaged: {reason}")),
    };
    if !valid_id(&id) {
        return refused(format!(
            "the record's id \"{id}\" is not one deskaudit writes (letters, digits and - only)"
        ));
    }
    Ok((id, session))
}

/// Brings one checked record into the folder.
fn import_checked(store: &Store, id: String, session: &Session) -> Imported {
    let refused = |reason: String| Imported::Refused { reason };
    let theirs = session.events();
    match store.load(&id) {
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            match store.create_as(&id, session) {
                Ok(()) => Imported::Added { id },
                // Written by another machine a moment ago: look again.
                Err(StoreError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::AlreadyExists =>
                {
                    import_clash(store, &id, session)
                }
                Err(e) => refused(format!("could not be written: {e}")),
            }
        }
        Ok(ours) => {
            let ours = ours.events();
            if ours == theirs {
                Imported::AlreadyPresent { id }
            } else if theirs.len() < ours.len() && ours[..theirs.len()] == *theirs {
                Imported::OlderCopy { id }
            } else if ours.len() < theirs.len()
                && theirs[..ours.len()] == *ours
                && lock_state(store.dir(), &id) == LockState::Free
            {
                match store.save(&id, session) {
                    Ok(()) => Imported::Updated {
                        new_events: theirs.len() - ours.len(),
                        id,
                    },
                    Err(e) => refused(format!("could not be written: {e}")),
                }
            } else {
                import_clash(store, &id, session)
            }
        }
        // The folder's record of that id cannot be read: never touch it, keep this one apart.
        Err(_) => import_clash(store, &id, session),
    }
}

/// Keeps a session whose id is taken by a different one under `ID-TAG`, the tag derived from
/// its content, so importing the same file twice finds the copy already there.
fn import_clash(store: &Store, id: &str, session: &Session) -> Imported {
    let text = match record_text(id, session) {
        Ok(t) => t,
        Err(e) => {
            return Imported::Refused {
                reason: e.to_string(),
            };
        }
    };
    let base: String = id.chars().take(50).collect();
    let new_id = format!("{base}-i{}", content_tag(&text));
    match store.load(&new_id) {
        Ok(existing) if existing.events() == session.events() => {
            return Imported::AlreadyPresent { id: new_id };
        }
        Ok(_) => {
            return Imported::Refused {
                reason: format!(
                    "a different session already has the id {id}, and so does the name it would be kept under ({new_id})"
                ),
            };
        }
        Err(_) => {}
    }
    match create_file_new(
        &store.path_of(&new_id),
        record_text(&new_id, session).unwrap_or(text).as_bytes(),
    ) {
        Ok(()) => Imported::Renamed {
            from: id.to_owned(),
            to: new_id,
        },
        Err(e) => Imported::Refused {
            reason: format!("could not be written as {new_id}: {e}"),
        },
    }
}

/// Imports record files into the store's folder, each checked whole first; see the module
/// documentation for what happens to each.
pub fn import_files(store: &Store, files: &[PathBuf]) -> ImportReport {
    if let Err(e) = std::fs::create_dir_all(store.dir()) {
        return ImportReport {
            outcomes: files
                .iter()
                .map(|f| ImportOutcome {
                    file: f.clone(),
                    result: Imported::Refused {
                        reason: format!("the data folder cannot be written: {e}"),
                    },
                })
                .collect(),
        };
    }
    // Files are read and checked on several threads, then written on several threads too,
    // one thread per record id at a time: each write waits for the disk (it is synced), so
    // this is what makes a thousand files take seconds rather than tens of seconds. Files of
    // the same id are handled one after the other, in the order given, exactly as a one-by-one
    // import would.
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
        * 2;
    let checked: Vec<Result<(String, Session), Imported>> =
        in_parallel(files, threads, |f| check_file(f));
    let mut by_id: std::collections::BTreeMap<&str, Vec<usize>> = Default::default();
    for (i, c) in checked.iter().enumerate() {
        if let Ok((id, _)) = c {
            by_id.entry(id.as_str()).or_default().push(i);
        }
    }
    let groups: Vec<Vec<usize>> = by_id.into_values().collect();
    let written: Vec<Vec<(usize, Imported)>> = in_parallel(&groups, threads, |group| {
        group
            .iter()
            .filter_map(|&i| match &checked[i] {
                Ok((id, session)) => Some((i, import_checked(store, id.clone(), session))),
                Err(_) => None,
            })
            .collect()
    });
    let mut results: Vec<Option<Imported>> =
        checked.iter().map(|c| c.as_ref().err().cloned()).collect();
    for (i, r) in written.into_iter().flatten() {
        results[i] = Some(r);
    }
    ImportReport {
        outcomes: files
            .iter()
            .zip(results)
            .map(|(f, r)| ImportOutcome {
                file: f.clone(),
                result: r.unwrap_or(Imported::Refused {
                    reason: "was not imported (internal error)".into(),
                }),
            })
            .collect(),
    }
}

/// `f` applied to every item on up to `threads` threads; the results in the items' order.
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    if items.len() < 2 || threads < 2 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                // A panic in a worker is a bug; resume it here rather than lose results.
                Err(e) => std::panic::resume_unwind(e),
            })
            .collect()
    })
}
