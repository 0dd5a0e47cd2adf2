//! Records on disk: damaged ones are reported with the reason and left exactly as they were;
//! good ones list, load and delete.

use deskaudit::scenario::Library;
use deskaudit::session::time::Timestamp;
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
    let order: Vec<(Timestamp, &str)> = ok
        .iter()
        .map(|r| (r.session.state().started.started_at, r.id.as_str()))
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

#[test]
fn a_record_from_an_earlier_build_reads_and_saves_back_byte_for_byte() {
    // Written by the build before timestamps were `jiff` values: a finished facilitated
    // session with votes, an inject, notes and recommendations.
    let id = "20261130030411-000007";
    let fixture = std::path::Path::new("tests/fixtures/records").join(format!("{id}.ron"));
    let original = std::fs::read_to_string(&fixture).unwrap();
    assert!(original.contains("started_at: \"2026-11-30T03:04:11Z\","));
    let dir = temp("earlier");
    let store = Store::new(&dir);
    std::fs::create_dir_all(store.dir()).unwrap();
    std::fs::copy(&fixture, store.path_of(id)).unwrap();
    let session = store.load(id).unwrap();
    let started = session.state().started.started_at;
    assert_eq!(
        started,
        "2026-11-30T03:04:11Z".parse::<Timestamp>().unwrap()
    );
    assert_eq!(started.to_string(), "2026-11-30T03:04:11Z");
    assert!(session.state().finished);
    // Saved again, the record is the same text, timestamp and all.
    store.save(id, &session).unwrap();
    assert_eq!(
        std::fs::read_to_string(store.path_of(id)).unwrap(),
        original
    );
    // A new session's timestamp has the same shape.
    let fresh = played(&Library::embedded(), 1);
    store.save("fresh", &fresh).unwrap();
    let text = std::fs::read_to_string(store.path_of("fresh")).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("started_at:"))
        .unwrap()
        .trim();
    assert_eq!(
        line.len(),
        r#"started_at: "2026-11-30T03:04:11Z","#.len(),
        "{line}"
    );
    assert!(line.ends_with(r#"Z","#), "{line}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_timestamp_that_is_not_a_time_is_reported_with_its_line() {
    let id = "20261130030411-000007";
    let fixture = std::path::Path::new("tests/fixtures/records").join(format!("{id}.ron"));
    let text = std::fs::read_to_string(&fixture)
        .unwrap()
        .replace("2026-11-30T03:04:11Z", "2026-13-45T99:00:00Z");
    let dir = temp("bad-time");
    let store = Store::new(&dir);
    std::fs::create_dir_all(store.dir()).unwrap();
    std::fs::write(store.path_of(id), &text).unwrap();
    let err = store.load(id).unwrap_err().to_string();
    assert!(err.contains("line 28"), "{err}");
    // Left exactly as it was.
    assert_eq!(std::fs::read_to_string(store.path_of(id)).unwrap(), text);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn settings_and_records_that_cannot_be_written_leave_no_temporary_file() {
    use deskaudit::app::settings::Settings;
    let dir = temp("unwritable");
    std::fs::create_dir_all(&dir).unwrap();
    // Saved twice: the file is replaced and nothing else is left in the folder.
    let mut settings = Settings::default();
    settings.save(&dir).unwrap();
    settings.zoom = 2.0;
    settings.save(&dir).unwrap();
    assert_eq!(Settings::load(&dir).0.zoom, 2.0);
    let names = |d: &std::path::Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    // Settings are per machine (a data folder may be shared): `settings/MACHINE.ron`.
    let own = Settings::path(&dir);
    let own_name = own.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(names(&dir), ["settings"]);
    assert_eq!(
        names(&dir.join("settings")),
        std::slice::from_ref(&own_name)
    );
    // A folder where the settings file should be: the rename fails, the temporary file goes.
    std::fs::remove_file(Settings::path(&dir)).unwrap();
    std::fs::create_dir(Settings::path(&dir)).unwrap();
    assert!(settings.save(&dir).is_err());
    assert_eq!(names(&dir.join("settings")), [own_name]);
    assert!(Settings::path(&dir).is_dir());
    // The same for a record, and the error names the record.
    let store = Store::new(&dir);
    std::fs::create_dir_all(store.path_of("s")).unwrap();
    let err = store
        .save("s", &played(&Library::embedded(), 1))
        .unwrap_err()
        .to_string();
    assert!(err.contains("s.ron"), "{err}");
    assert_eq!(names(store.dir()), ["s.ron"]);
    let _ = std::fs::remove_dir_all(&dir);
}
