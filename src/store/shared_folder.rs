//! A data folder shared by several machines (a network drive): writing files so no reader
//! ever sees half of one, creating files that must never replace another machine's, the
//! machine's name, and the lock that stops a session open on one machine being resumed on
//! another.
//!
//! A lock is a small RON file beside the record (`sessions/ID.lock`) naming the machine,
//! the process and when the session was opened and last touched. It is created without
//! replacing (so two machines cannot both take it), refreshed while the session is open, and
//! removed when it is closed. A machine that crashed leaves its lock behind: it is then
//! reported as stale (its process is gone, or it has not been touched for
//! [`STALE_AFTER_SECS`]), and the user may take it over after being told whose it was.

use crate::fsutil::{create_new as create_file_new, write_atomically as write_file_atomically};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A lock not refreshed for this long is reported as stale. The app refreshes the locks it
/// holds every few minutes while open, so only a machine that stopped (crash, lid closed,
/// network gone) lets one go stale.
pub const STALE_AFTER_SECS: i64 = 20 * 60;

/// How often an open session's lock is refreshed.
pub const REFRESH_EVERY_SECS: i64 = 4 * 60;

/// The name of this machine, as other machines will see it in a lock: the host name with
/// anything but letters, digits, `-`, `_` and `.` dropped ("this computer" if it has none).
pub fn machine_name() -> String {
    let raw = gethostname::gethostname().to_string_lossy().into_owned();
    let name: String = raw
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(63)
        .collect();
    if name.is_empty() {
        "this computer".into()
    } else {
        name
    }
}

/// Seconds since 1970 of an RFC 3339 timestamp (`2026-11-30T19:05:00Z`, as locks hold).
pub fn timestamp_secs(stamp: &str) -> Option<i64> {
    stamp
        .parse::<jiff::Timestamp>()
        .ok()
        .map(jiff::Timestamp::as_second)
}

/// Now, as lock files write it (UTC, whole seconds).
fn utc_now() -> String {
    crate::session::time::now().to_string()
}

/// What a lock file says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockInfo {
    /// The machine holding the session.
    pub machine: String,
    /// Its process.
    pub pid: u32,
    /// A random tag of this opening, so a lock is recognised as one's own exactly.
    pub token: String,
    /// When the session was opened there (UTC).
    pub since: String,
    /// When that machine last said it still has it open (UTC).
    pub refreshed: String,
}

impl LockInfo {
    fn mine() -> LockInfo {
        let now = utc_now();
        LockInfo {
            machine: machine_name(),
            pid: std::process::id(),
            token: format!("{:016x}", crate::session::rng::fresh_seed()),
            since: now.clone(),
            refreshed: now,
        }
    }

    /// Whether the lock is stale: its process is known to be gone (same machine), or it has
    /// not been refreshed for [`STALE_AFTER_SECS`].
    pub fn is_stale(&self) -> bool {
        if self.machine == machine_name()
            && self.pid != std::process::id()
            && process_gone(self.pid)
        {
            return true;
        }
        match (timestamp_secs(&self.refreshed), timestamp_secs(&utc_now())) {
            (Some(then), Some(now)) => now - then > STALE_AFTER_SECS,
            // An unreadable time cannot prove anyone still holds it.
            _ => true,
        }
    }

    /// For the user: "open on LAPTOP-7 since 2026-11-30 19:02 UTC (last active 19:40 UTC)".
    pub fn describe(&self) -> String {
        let short = |s: &str| s.get(11..16).unwrap_or(s).to_owned();
        let day = self.since.get(..10).unwrap_or("");
        format!(
            "open on {} since {day} {} UTC (last active {} UTC)",
            self.machine,
            short(&self.since),
            short(&self.refreshed)
        )
    }
}

/// True when `pid` is known not to be running on this machine (Linux only; elsewhere the
/// lock's age decides).
fn process_gone(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        let proc = Path::new("/proc");
        proc.is_dir() && !proc.join(pid.to_string()).exists()
    } else {
        false
    }
}

/// Who has a session open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LockState {
    /// Nobody.
    Free,
    /// This process.
    Mine,
    /// Another process or machine, which still seems to be using it.
    Held(LockInfo),
    /// Another process or machine that seems to have stopped (crash, shut down).
    Stale(LockInfo),
}

/// Why a session could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// Someone else has it open (maybe stale: see [`LockInfo::is_stale`]).
    #[error("this session is {}", .0.describe())]
    Held(LockInfo),
    /// The lock file could not be written or read.
    #[error("{path}: {source}")]
    Io {
        /// The lock file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// A lock this process holds on a session; released when dropped.
#[derive(Debug)]
pub struct SessionLock {
    path: PathBuf,
    info: LockInfo,
    refreshed_secs: i64,
}

fn lock_path(sessions_dir: &Path, id: &str) -> PathBuf {
    sessions_dir.join(format!("{id}.lock"))
}

fn read_lock(path: &Path) -> Option<LockInfo> {
    let text = std::fs::read_to_string(path).ok()?;
    ron::from_str(&text).ok()
}

fn lock_text(info: &LockInfo) -> Vec<u8> {
    ron::ser::to_string_pretty(info, ron::ser::PrettyConfig::new().struct_names(true))
        .unwrap_or_default()
        .into_bytes()
}

fn now_secs() -> i64 {
    timestamp_secs(&utc_now()).unwrap_or(0)
}

/// Who has session `id` in `sessions_dir` open.
pub fn lock_state(sessions_dir: &Path, id: &str) -> LockState {
    let path = lock_path(sessions_dir, id);
    if !path.exists() {
        return LockState::Free;
    }
    match read_lock(&path) {
        Some(info) if info.pid == std::process::id() && info.machine == machine_name() => {
            LockState::Mine
        }
        Some(info) if info.is_stale() => LockState::Stale(info),
        Some(info) => LockState::Held(info),
        // A lock that cannot be read (half-copied by a sync tool, damaged) holds nothing.
        None => LockState::Stale(LockInfo {
            machine: "an unknown machine".into(),
            pid: 0,
            token: String::new(),
            since: String::new(),
            refreshed: String::new(),
        }),
    }
}

impl SessionLock {
    /// Takes the lock on session `id`, unless another process or machine holds it (stale or
    /// not: taking a stale one over is [`SessionLock::take_over`], after asking the user).
    pub fn acquire(sessions_dir: &Path, id: &str) -> Result<SessionLock, LockError> {
        let path = lock_path(sessions_dir, id);
        let shown = path.display().to_string();
        let io = |source| LockError::Io {
            path: shown.clone(),
            source,
        };
        std::fs::create_dir_all(sessions_dir).map_err(io)?;
        let info = LockInfo::mine();
        match create_file_new(&path, &lock_text(&info)) {
            Ok(()) => Ok(SessionLock {
                path,
                info,
                refreshed_secs: now_secs(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                match lock_state(sessions_dir, id) {
                    // This process already has it (opened twice): share the same lock file.
                    LockState::Mine => {
                        let info = read_lock(&path).unwrap_or(info);
                        Ok(SessionLock {
                            path,
                            info,
                            refreshed_secs: now_secs(),
                        })
                    }
                    LockState::Held(other) | LockState::Stale(other) => Err(LockError::Held(other)),
                    // Released in between: try once more.
                    LockState::Free => {
                        create_file_new(&path, &lock_text(&info)).map_err(io)?;
                        Ok(SessionLock {
                            path,
                            info,
                            refreshed_secs: now_secs(),
                        })
                    }
                }
            }
            Err(e) => Err(io(e)),
        }
    }

    /// Takes the lock over from another machine or process (the user confirmed that it is
    /// stale). Fails if, after replacing it, the file names someone else (two machines took
    /// it over at once: the later one wins and the other is told).
    pub fn take_over(sessions_dir: &Path, id: &str) -> Result<SessionLock, LockError> {
        let path = lock_path(sessions_dir, id);
        let shown = path.display().to_string();
        let io = |source| LockError::Io {
            path: shown.clone(),
            source,
        };
        let info = LockInfo::mine();
        write_file_atomically(&path, &lock_text(&info)).map_err(io)?;
        match read_lock(&path) {
            Some(now) if now.token == info.token => Ok(SessionLock {
                path,
                info,
                refreshed_secs: now_secs(),
            }),
            Some(other) => Err(LockError::Held(other)),
            None => Err(io(std::io::Error::other(
                "the lock file could not be read back",
            ))),
        }
    }

    /// What the lock says.
    pub fn info(&self) -> &LockInfo {
        &self.info
    }

    /// Whether this process still holds it (another machine may have taken it over after
    /// deciding it was stale); `Err` names who has it now.
    pub fn check(&self) -> Result<(), LockInfo> {
        match read_lock(&self.path) {
            Some(info) if info.token == self.info.token => Ok(()),
            Some(info) => Err(info),
            None => Err(LockInfo {
                machine: "nobody (the lock file was removed)".into(),
                pid: 0,
                token: String::new(),
                since: String::new(),
                refreshed: String::new(),
            }),
        }
    }

    /// Tells other machines the session is still open, if the last refresh was more than
    /// [`REFRESH_EVERY_SECS`] ago (cheap to call every frame). Returns `Err` when someone else
    /// took the lock over.
    pub fn refresh_if_due(&mut self) -> Result<(), LockInfo> {
        if now_secs() - self.refreshed_secs < REFRESH_EVERY_SECS {
            return Ok(());
        }
        self.check()?;
        self.info.refreshed = utc_now();
        self.refreshed_secs = now_secs();
        // A failed refresh only makes the lock look stale sooner; the session is unharmed.
        let _ = write_file_atomically(&self.path, &lock_text(&self.info));
        Ok(())
    }
}

impl Drop for SessionLock {
    fn drop(&mut self) {
        // Only remove the file while it is still ours: after a take-over it is someone else's.
        if self.check().is_ok() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("deskaudit-shared-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn a_new_file_never_replaces_another() {
        let d = temp("new");
        let p = d.join("a.ron");
        create_file_new(&p, b"first").unwrap();
        let e = create_file_new(&p, b"second").unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&p).unwrap(), b"first");
        write_file_atomically(&p, b"third").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"third");
        let left: Vec<_> = std::fs::read_dir(&d).unwrap().flatten().collect();
        assert_eq!(left.len(), 1, "temporary files are cleaned up: {left:?}");
    }

    #[test]
    fn a_lock_from_another_machine_is_held_until_stale_then_taken_over() {
        let d = temp("lock");
        let other = LockInfo {
            machine: "LAPTOP-7".into(),
            pid: 4242,
            token: "abc".into(),
            since: utc_now(),
            refreshed: utc_now(),
        };
        std::fs::write(d.join("s1.lock"), lock_text(&other)).unwrap();
        match SessionLock::acquire(&d, "s1") {
            Err(LockError::Held(info)) => {
                assert_eq!(info.machine, "LAPTOP-7");
                assert!(!info.is_stale());
                assert!(info.describe().starts_with("open on LAPTOP-7 since "));
            }
            other => panic!("expected held, got {other:?}"),
        }
        // An hour without a refresh: stale.
        let old = LockInfo {
            refreshed: "2020-01-01T10:00:00Z".into(),
            since: "2020-01-01T09:00:00Z".into(),
            ..other
        };
        std::fs::write(d.join("s1.lock"), lock_text(&old)).unwrap();
        assert!(matches!(lock_state(&d, "s1"), LockState::Stale(_)));
        let lock = SessionLock::take_over(&d, "s1").unwrap();
        assert_eq!(lock_state(&d, "s1"), LockState::Mine);
        assert!(lock.check().is_ok());
        drop(lock);
        assert_eq!(lock_state(&d, "s1"), LockState::Free);
    }

    #[test]
    fn a_lock_taken_over_elsewhere_is_noticed_and_not_removed() {
        let d = temp("taken");
        let lock = SessionLock::acquire(&d, "s2").unwrap();
        let thief = LockInfo {
            machine: "LAPTOP-9".into(),
            pid: 1,
            token: "zzz".into(),
            since: utc_now(),
            refreshed: utc_now(),
        };
        std::fs::write(d.join("s2.lock"), lock_text(&thief)).unwrap();
        assert_eq!(lock.check().unwrap_err().machine, "LAPTOP-9");
        drop(lock);
        assert!(matches!(lock_state(&d, "s2"), LockState::Held(_)));
    }

    #[test]
    fn timestamps_count_seconds() {
        assert_eq!(timestamp_secs("1970-01-02T00:00:01Z"), Some(86_401));
        assert_eq!(timestamp_secs("nonsense"), None);
    }
}
