//! A child process plays sessions and saves after every event while this test kills it with
//! SIGKILL at random moments, 200 times. Afterwards every record on disk must load and hold
//! every event the child reported as saved.

use deskaudit::scenario::load::{EMBEDDED, load_bytes};
use deskaudit::session::{ChoiceInput, Session, SessionConfig};
use deskaudit::store::{Store, read_record};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const CHILD_ENV: &str = "DESKAUDIT_CRASH_CHILD";

/// The child: plays sessions of the cash-buyer scenario for a few seconds, saving after every
/// event and printing `saved ID EVENTS` once each save has returned. Does nothing unless
/// started by the test below.
#[test]
fn crash_child() {
    let Ok(spec) = std::env::var(CHILD_ENV) else {
        return;
    };
    let (dir, run) = spec.split_once('|').expect("dir|run");
    let (_, bytes) = EMBEDDED
        .iter()
        .find(|(n, _)| *n == "cash-buyer.ron")
        .expect("cash-buyer is shipped");
    let (s, _) = load_bytes("cash-buyer.ron", bytes).expect("valid");
    let store = Store::new(std::path::Path::new(dir));
    let mut rng = ChaCha8Rng::seed_from_u64(run.parse().unwrap_or(0));
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "ready");
    let _ = out.flush();
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut k = 0;
    // Every event rewrites the session's record, so kills land on overwrites.
    while Instant::now() < deadline {
        let id = format!("r{run}-{k}");
        k += 1;
        let config = SessionConfig {
            seed: rng.random(),
            shuffle: true,
            ..SessionConfig::default()
        };
        let mut session = Session::start(&s, "h", config, None);
        let mut save = |session: &Session| {
            store.save(&id, session).expect("save");
            let _ = writeln!(out, "saved {id} {}", session.events().len());
            let _ = out.flush();
        };
        save(&session);
        while !session.at_ending() {
            let offered = session.offered(&s).expect("offered");
            let pick = offered[rng.random_range(0..offered.len())].index;
            session
                .choose(
                    &s,
                    ChoiceInput {
                        choice: pick,
                        rationale: "x".repeat(rng.random_range(0..400)),
                        ..ChoiceInput::default()
                    },
                )
                .expect("choose");
            save(&session);
        }
        session.finish().expect("finish");
        save(&session);
    }
}

#[test]
fn records_survive_being_killed_at_any_moment() {
    let dir = std::env::temp_dir().join(format!("deskaudit-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut kills = 0;
    let mut saves_seen = 0;
    for run in 0..200 {
        let mut child = Command::new(&exe)
            .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, format!("{}|{run}", dir.display()))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Wait until the child is playing, then let it run for a random moment.
        let ready = Instant::now() + Duration::from_secs(30);
        let mut lines = Vec::new();
        while Instant::now() < ready {
            if let Ok(line) = rx.recv_timeout(Duration::from_millis(50)) {
                let go = line.ends_with("ready");
                lines.push(line);
                if go {
                    break;
                }
            }
        }
        std::thread::sleep(Duration::from_micros(rng.random_range(0..40_000)));
        child.kill().unwrap(); // SIGKILL on Unix
        let _ = child.wait();
        kills += 1;
        reader.join().unwrap();
        lines.extend(rx.try_iter());
        // The latest event count the child reported as saved, per record.
        let mut reported: std::collections::BTreeMap<String, usize> = Default::default();
        for line in &lines {
            if let Some(rest) = line.strip_prefix("saved ") {
                let (id, n) = rest.split_once(' ').unwrap();
                reported.insert(id.to_owned(), n.parse().unwrap());
                saves_seen += 1;
            }
        }
        for (id, n) in reported {
            let path = dir.join("sessions").join(format!("{id}.ron"));
            let (_, session) = read_record(&path)
                .unwrap_or_else(|e| panic!("run {run}: record {id} does not load: {e}"));
            // At most the one save in flight when the child was killed is extra.
            let got = session.events().len();
            assert!(
                got == n || got == n + 1,
                "run {run}: {id} holds {got} events, but the child reported {n} saved"
            );
        }
    }
    assert_eq!(kills, 200);
    assert!(
        saves_seen > 200,
        "the child saved only {saves_seen} times in 200 runs"
    );
    // Every record left on disk loads.
    let (ok, bad) = Store::new(&dir).list();
    assert!(bad.is_empty(), "{bad:?}");
    assert!(!ok.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
