//! Records on disk: damaged ones are reported with the reason and left exactly as they were;
//! good ones list, load and delete.

use deskaudit::scenario::Library;
use deskaudit::session::{ChoiceInput, Session, SessionConfig};
use deskaudit::store::Store;
use std::path::PathBuf;

fn temp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("deskaudit-store-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn played(lib: &Library, steps: usize) -> Session {
    let s = &lib.get("cash-buyer").unwrap().scenario;
    let mut session = Session::start(
        s,
        "h",
        SessionConfig {
            seed: 3,
            ..SessionConfig::default()
        },
        None,
    );
    for _ in 0..steps {
        if session.at_ending() {
            break;
        }
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
    }
    session
}

#[test]
fn damaged_records_are_reported_and_never_touched() {
    let lib = Library::embedded();
    let dir = temp("damaged");
    let store = Store::new(&dir);
    store.save("good", &played(&lib, 2)).unwrap();
    let good = std::fs::read_to_string(store.path_of("good")).unwrap();
    let sessions = store.dir().to_path_buf();
    let damaged: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", good.as_bytes()[..good.len() / 2].to_vec()),
        (
            "flipped",
            good.replacen("events: [", "events: #[", 1).into_bytes(),
        ),
        (
            "newer",
            good.replacen("schema: 1", "schema: 99", 1).into_bytes(),
        ),
        ("empty", Vec::new()),
        ("binary", vec![0xff, 0xfe, 0x00, 0x41]),
    ];
    for (name, bytes) in &damaged {
        std::fs::write(sessions.join(format!("{name}.ron")), bytes).unwrap();
    }
    let (ok, bad) = store.list();
    assert_eq!(
        ok.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["good"],
        "{bad:?}"
    );
    let reason = |name: &str| {
        bad.iter()
            .find(|u| u.path.ends_with(format!("{name}.ron")))
            .unwrap_or_else(|| panic!("{name} not reported: {bad:?}"))
            .reason
            .clone()
    };
    assert!(
        reason("truncated").contains("line "),
        "{}",
        reason("truncated")
    );
    assert!(reason("flipped").contains("line "), "{}", reason("flipped"));
    assert!(
        reason("newer").contains("schema version 99 is not supported"),
        "{}",
        reason("newer")
    );
    assert_eq!(reason("empty"), "the record is empty");
    assert!(
        reason("binary").contains("not valid UTF-8"),
        "{}",
        reason("binary")
    );
    // Loading, deleting and saving other sessions leave every damaged file exactly as it was.
    for (name, _) in &damaged {
        assert!(store.load(name).is_err());
        assert!(store.delete(name).is_err());
    }
    store.save("another", &played(&lib, 1)).unwrap();
    for (name, bytes) in &damaged {
        let now = std::fs::read(sessions.join(format!("{name}.ron"))).unwrap();
        assert_eq!(&now, bytes, "{name} was changed");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn records_list_newest_first_load_and_delete() {
    let lib = Library::embedded();
    let dir = temp("list");
    let store = Store::new(&dir);
    let a = played(&lib, 1);
    let b = played(&lib, 3);
    store.save("a", &a).unwrap();
    store.save("b", &b).unwrap();
    let (ok, bad) = store.list();
    assert!(bad.is_empty());
    // Newest first: by start time, and by id when two started in the same second.
    let order: Vec<(&str, &str)> = ok
        .iter()
        .map(|r| (r.session.state().started.started_at.as_str(), r.id.as_str()))
        .collect();
    let mut expected = order.clone();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(order, expected);
    assert_eq!(ok.len(), 2);
    assert_eq!(store.load("b").unwrap().state(), b.state());
    store.delete("a").unwrap();
    assert!(!store.path_of("a").exists());
    assert_eq!(store.list().0.len(), 1);
    // Ids that could escape the folder are refused.
    assert!(store.save("../evil", &a).is_err());
    assert!(store.load("../../etc/passwd").is_err());
    // Unfinished sessions are the ones to offer for resume.
    let unfinished: Vec<_> = store
        .list()
        .0
        .into_iter()
        .filter(|r| !r.session.state().finished)
        .collect();
    assert_eq!(unfinished.len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_record_still_replays_and_scores_after_its_scenario_is_gone() {
    let lib = Library::embedded();
    let dir = temp("gone");
    let store = Store::new(&dir);
    let session = played(&lib, 10);
    store.save("s", &session).unwrap();
    drop(lib);
    // Only the record: the score, the path's choice texts and the lessons are all there.
    let back = store.load("s").unwrap();
    assert_eq!(back.score(), session.score());
    assert!(back.state().path.iter().all(|d| !d.choice_text.is_empty()));
    assert!(
        back.score()
            .checkpoints
            .iter()
            .all(|c| !c.checkpoint.lesson.is_empty())
    );
    assert_eq!(back.state().started.scenario_id, "cash-buyer");
    let _ = std::fs::remove_dir_all(&dir);
}
