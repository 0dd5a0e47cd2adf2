//! Two processes on one data folder, as two laptops on a network drive: a session open in one
//! is locked against the other (the lock names the machine), the lock of a process that was
//! killed is recognised as stale and can be taken over, records created at the same moment
//! never collide and none is lost, and records written by the other process are seen without
//! a restart.

mod support;

use deskaudit::session::{ChoiceInput, SessionConfig};
use deskaudit::store::Store;
use deskaudit::store::cache::RecordCache;
use deskaudit::store::shared_folder::{
    LockError, LockState, SessionLock, lock_state, machine_name,
};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use support::{library, self_study, temp};

const CHILD_ENV: &str = "DESKAUDIT_SHARED_CHILD";

/// The other "laptop": driven by lines on its standard input, answering on its output.
/// Does nothing unless started by the tests below.
#[test]
fn shared_child() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let store = Store::new(std::path::Path::new(&dir));
    let s = &library().get("cash-buyer").unwrap().scenario;
    let mut out = std::io::stdout().lock();
    let mut lock = None;
    let mut open = None;
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let mut words = line.split_whitespace();
        match words.next() {
            // Start a session, save it and lock it for as long as it is open.
            Some("open") => {
                let session = deskaudit::session::Session::start(
                    s,
                    "h",
                    SessionConfig {
                        participant: "Child".into(),
                        seed: 9,
                        ..SessionConfig::default()
                    },
                    None,
                );
                let id = store.create(&session).unwrap();
                lock = Some(SessionLock::acquire(store.dir(), &id).unwrap());
                open = Some((id.clone(), session));
                writeln!(out, "opened {id}").unwrap();
            }
            // One decision in the open session, saved only while the lock is still ours.
            Some("decide") => {
                let (id, session) = open.as_mut().unwrap();
                let c = session.offered(s).unwrap()[0].index;
                session
                    .choose(
                        s,
                        ChoiceInput {
                            choice: c,
                            ..ChoiceInput::default()
                        },
                    )
                    .unwrap();
                match lock.as_ref().unwrap().check() {
                    Ok(()) => {
                        store.save(id, session).unwrap();
                        writeln!(out, "saved {}", session.events().len()).unwrap();
                    }
                    Err(holder) => writeln!(out, "refused {}", holder.machine).unwrap(),
                }
            }
            // Race the parent creating records under the same ids.
            Some("race") => {
                let n: usize = words.next().unwrap().parse().unwrap();
                let session = self_study("cash-buyer", "Child", 1);
                let mut won = Vec::new();
                for i in 0..n {
                    if store.create_as(&format!("race-{i}"), &session).is_ok() {
                        won.push(i.to_string());
                    }
                }
                writeln!(out, "won {}", won.join(",")).unwrap();
            }
            // Create records under fresh ids.
            Some("create") => {
                let n: usize = words.next().unwrap().parse().unwrap();
                for k in 0..n {
                    store
                        .create(&self_study("cash-buyer", "Child", k as u64))
                        .unwrap();
                }
                writeln!(out, "created {n}").unwrap();
            }
            Some("release") => {
                lock = None;
                writeln!(out, "released").unwrap();
            }
            _ => break,
        }
        out.flush().unwrap();
    }
    drop(lock);
}

struct Other {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl Other {
    fn start(dir: &std::path::Path) -> Other {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "shared_child", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let input = child.stdin.take().unwrap();
        let output = BufReader::new(child.stdout.take().unwrap());
        Other {
            child,
            input,
            output,
        }
    }

    /// Sends a command and returns the child's answer (skipping the test harness's lines).
    fn ask(&mut self, line: &str) -> String {
        writeln!(self.input, "{line}").unwrap();
        self.input.flush().unwrap();
        loop {
            let mut answer = String::new();
            assert!(
                self.output.read_line(&mut answer).unwrap() > 0,
                "child ended"
            );
            // The first answer follows the harness's "test shared_child ... " on its line.
            for w in ["opened", "saved", "refused", "won", "created", "released"] {
                if let Some(at) = answer.find(w) {
                    return answer[at..].trim().to_owned();
                }
            }
        }
    }
}

#[test]
fn a_session_open_in_one_process_is_locked_against_the_other_and_nothing_is_lost() {
    let dir = temp("shared-two");
    let store = Store::new(&dir);
    let mut cache = RecordCache::open(&dir);
    assert!(cache.records().is_empty());

    let mut other = Other::start(&dir);
    let opened = other.ask("open");
    let id = opened.strip_prefix("opened ").unwrap().to_owned();

    // Seen here without a restart.
    let changes = cache.refresh();
    assert_eq!(changes.changed, std::slice::from_ref(&id));
    assert_eq!(&*cache.records()[0].participant, "Child");

    // Locked: the lock names the machine and when.
    match SessionLock::acquire(store.dir(), &id) {
        Err(LockError::Held(info)) => {
            assert_eq!(info.machine, machine_name());
            assert!(!info.is_stale());
            assert!(
                info.describe()
                    .contains(&format!("open on {}", machine_name()))
            );
        }
        other => panic!("expected the lock to be held, got {other:?}"),
    }
    assert_eq!(other.ask("decide"), "saved 2");
    let changes = cache.refresh();
    assert_eq!(
        changes.changed,
        std::slice::from_ref(&id),
        "the new decision is seen"
    );
    assert_eq!(cache.records()[0].decisions, 1);
    // Nothing changed: nothing re-read.
    assert!(cache.refresh().is_empty());

    // Both create 150 records at once under fresh ids: none collides, none is lost.
    writeln!(other.input, "create 150").unwrap();
    other.input.flush().unwrap();
    for k in 0..150u64 {
        store
            .create(&self_study("cash-buyer", "Parent", k))
            .unwrap();
    }
    loop {
        let mut l = String::new();
        assert!(other.output.read_line(&mut l).unwrap() > 0, "child ended");
        if l.contains("created") {
            break;
        }
    }
    let (all, bad) = store.list();
    assert!(bad.is_empty(), "{bad:?}");
    assert_eq!(all.len(), 301);
    let by = |who: &str| {
        all.iter()
            .filter(|r| r.session.config().participant == who)
            .count()
    };
    assert_eq!((by("Parent"), by("Child")), (150, 151));
    cache.refresh();
    assert_eq!(cache.records().len(), 301);

    // Released: now this process may open it.
    assert_eq!(other.ask("release"), "released");
    assert_eq!(lock_state(store.dir(), &id), LockState::Free);
    let mine = SessionLock::acquire(store.dir(), &id).unwrap();
    assert!(mine.check().is_ok());
    drop(mine);
    let _ = other.child.kill();
    let _ = other.child.wait();
}

#[test]
fn records_created_under_the_same_id_at_once_never_overwrite_each_other() {
    let dir = temp("shared-race");
    let store = Store::new(&dir);
    let mut other = Other::start(&dir);
    let n = 200;
    writeln!(other.input, "race {n}").unwrap();
    other.input.flush().unwrap();
    let session = self_study("cash-buyer", "Parent", 2);
    let mut mine = Vec::new();
    for i in 0..n {
        if store.create_as(&format!("race-{i}"), &session).is_ok() {
            mine.push(i);
        }
    }
    let answer = loop {
        let mut l = String::new();
        assert!(other.output.read_line(&mut l).unwrap() > 0, "child ended");
        if let Some(at) = l.find("won") {
            break l[at + 3..].trim().to_owned();
        }
    };
    let theirs: Vec<usize> = answer
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    // Every id was won exactly once, and the file holds the winner's record.
    let mut all: Vec<usize> = mine.iter().chain(&theirs).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..n).collect::<Vec<_>>());
    for i in mine {
        assert_eq!(
            store
                .load(&format!("race-{i}"))
                .unwrap()
                .config()
                .participant,
            "Parent"
        );
    }
    for i in theirs {
        assert_eq!(
            store
                .load(&format!("race-{i}"))
                .unwrap()
                .config()
                .participant,
            "Child"
        );
    }
    let _ = other.child.kill();
    let _ = other.child.wait();
}

#[test]
fn the_lock_of_a_killed_process_is_stale_and_can_be_taken_over() {
    let dir = temp("shared-killed");
    let store = Store::new(&dir);
    let mut other = Other::start(&dir);
    let id = other
        .ask("open")
        .strip_prefix("opened ")
        .unwrap()
        .to_owned();
    assert!(matches!(lock_state(store.dir(), &id), LockState::Held(_)));
    other.child.kill().unwrap();
    other.child.wait().unwrap();
    // The crash left the lock behind; its process is gone, so it is stale (on Linux at
    // once; elsewhere after it has not been refreshed for a while).
    if cfg!(target_os = "linux") {
        let LockState::Stale(info) = lock_state(store.dir(), &id) else {
            panic!("expected stale");
        };
        assert_eq!(info.machine, machine_name());
        // Acquiring without asking the user is still refused...
        assert!(matches!(
            SessionLock::acquire(store.dir(), &id),
            Err(LockError::Held(_))
        ));
        // ...taking over after asking works, and the record is intact.
        let lock = SessionLock::take_over(store.dir(), &id).unwrap();
        assert_eq!(lock_state(store.dir(), &id), LockState::Mine);
        assert_eq!(store.load(&id).unwrap().config().participant, "Child");
        drop(lock);
    }
}

#[test]
fn a_process_whose_lock_was_taken_over_does_not_save_over_the_new_holder() {
    let dir = temp("shared-takeover");
    let store = Store::new(&dir);
    let mut other = Other::start(&dir);
    let id = other
        .ask("open")
        .strip_prefix("opened ")
        .unwrap()
        .to_owned();
    // This process decides the other is gone (the user confirmed) and takes the session.
    let lock = SessionLock::take_over(store.dir(), &id).unwrap();
    assert_eq!(other.ask("decide"), format!("refused {}", machine_name()));
    assert_eq!(store.load(&id).unwrap().events().len(), 1, "not saved over");
    drop(lock);
    let _ = other.child.kill();
    let _ = other.child.wait();
}
