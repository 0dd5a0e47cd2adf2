//! The record index is a cache that can be deleted at any time: delete it, damage it, or change
//! a record behind its back, and the store — and the app's History — show the truth. A current
//! index is really used (a record it describes is not read again), and an unreadable record is
//! listed as unreadable whether or not the index is there.

mod support;

use deskaudit::app::DeskauditApp;
use deskaudit::scenario::Library;
use deskaudit::store::Store;
use deskaudit::store::cache::RecordCache;
use deskaudit::store::index::{IndexProblem, index_path};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use support::{played, self_study, temp};

/// Three finished self-study sessions (Ann, Ben, Cat) and one unfinished (Dee).
fn folder(name: &str) -> (std::path::PathBuf, Store) {
    let dir = temp(name);
    let store = Store::new(&dir);
    for (id, who, seed) in [("r1", "Ann", 1), ("r2", "Ben", 2), ("r3", "Cat", 3)] {
        store
            .save(id, &self_study("cash-buyer", who, seed))
            .unwrap();
    }
    let s = &support::library().get("cash-buyer").unwrap().scenario;
    let unfinished = deskaudit::session::Session::start(
        s,
        "h",
        deskaudit::session::SessionConfig {
            participant: "Dee".into(),
            ..Default::default()
        },
        None,
    );
    store.save("r4", &unfinished).unwrap();
    (dir, store)
}

fn names(cache: &RecordCache) -> Vec<String> {
    let mut n: Vec<String> = cache
        .records()
        .iter()
        .map(|r| r.participant.clone())
        .collect();
    n.sort();
    n
}

#[test]
fn a_missing_index_is_built_and_then_used_without_reading_the_records() {
    let (dir, store) = folder("index-built");
    let cache = RecordCache::open(&dir);
    assert_eq!(cache.index_problem(), Some(&IndexProblem::Missing));
    assert_eq!(names(&cache), ["Ann", "Ben", "Cat", "Dee"]);
    cache.flush();
    drop(cache);
    assert!(index_path(&dir).exists(), "the index was written");

    // Replace a record's contents with nonsense of the same size and give it back its
    // modification time: a cache that re-read it would list it as unreadable, so a clean
    // listing shows the index was used (one file read, not one per record).
    let path = store.path_of("r2");
    let meta = std::fs::metadata(&path).unwrap();
    let garbage = vec![b'x'; meta.len() as usize];
    std::fs::write(&path, garbage).unwrap();
    let f = std::fs::File::options().write(true).open(&path).unwrap();
    f.set_modified(meta.modified().unwrap()).unwrap();
    drop(f);
    let cache = RecordCache::open(&dir);
    assert_eq!(cache.index_problem(), None);
    assert_eq!(names(&cache), ["Ann", "Ben", "Cat", "Dee"]);
    assert!(cache.unreadable().is_empty());
}

#[test]
fn deleting_or_damaging_the_index_loses_nothing() {
    let (dir, _store) = folder("index-damaged");
    let first = RecordCache::open(&dir);
    let before: Vec<_> = first.records().to_vec();
    first.flush();
    drop(first);

    std::fs::remove_file(index_path(&dir)).unwrap();
    let cache = RecordCache::open(&dir);
    assert_eq!(cache.index_problem(), Some(&IndexProblem::Missing));
    assert_eq!(cache.records(), &before[..]);
    cache.flush();
    drop(cache);

    for damage in [
        &b"IndexFile(schema: 1, entries: [ (file: \"r1.ron\""[..],
        b"\xff\xfe\x00",
        b"",
    ] {
        std::fs::write(index_path(&dir), damage).unwrap();
        let cache = RecordCache::open(&dir);
        assert!(
            matches!(cache.index_problem(), Some(IndexProblem::Damaged(_))),
            "{:?}",
            cache.index_problem()
        );
        assert_eq!(cache.records(), &before[..], "rebuilt from the records");
        cache.flush();
        drop(cache);
        // Written again, whole: the next open uses it.
        assert_eq!(RecordCache::open(&dir).index_problem(), None);
    }

    // An index from another version is not trusted either.
    let text = std::fs::read_to_string(index_path(&dir)).unwrap();
    std::fs::write(index_path(&dir), text.replacen("schema:1", "schema:99", 1)).unwrap();
    let cache = RecordCache::open(&dir);
    assert!(matches!(cache.index_problem(), Some(IndexProblem::Damaged(r)) if r.contains("99")));
    assert_eq!(cache.records(), &before[..]);
}

#[test]
fn records_changed_added_removed_or_damaged_behind_its_back_are_seen() {
    let (dir, store) = folder("index-behind");
    let cache = RecordCache::open(&dir);
    cache.flush();
    drop(cache);

    // Another program (or machine) finishes Dee's session, adds Eve's, deletes Ann's and
    // damages Cat's — all while the index still describes the old folder.
    let finished = played(
        "cash-buyer",
        deskaudit::session::SessionConfig {
            participant: "Dee".into(),
            ..Default::default()
        },
        0,
    );
    store.save("r4", &finished).unwrap();
    store
        .save("r5", &self_study("cash-buyer", "Eve", 5))
        .unwrap();
    store.delete("r1").unwrap();
    std::fs::write(
        store.path_of("r3"),
        "SessionRecord(schema: 1, id: \"r3\", events: [",
    )
    .unwrap();

    let cache = RecordCache::open(&dir);
    assert_eq!(names(&cache), ["Ben", "Dee", "Eve"]);
    let dee = cache.records().iter().find(|r| r.id == "r4").unwrap();
    assert!(
        dee.finished,
        "the finished session, not the indexed unfinished one"
    );
    assert_eq!(dee.index, finished.score().index);
    let bad = cache.unreadable();
    assert_eq!(bad.len(), 1, "{bad:?}");
    assert!(bad[0].path.ends_with("r3.ron"));

    // The damaged record stays listed as unreadable when the index is used next time.
    cache.flush();
    drop(cache);
    let again = RecordCache::open(&dir);
    assert_eq!(again.index_problem(), None);
    assert_eq!(again.unreadable().len(), 1);
    assert_eq!(names(&again), ["Ben", "Dee", "Eve"]);

    // And a refresh of an open cache sees the next change too.
    let mut cache = again;
    std::fs::copy(store.path_of("r2"), store.path_of("r3")).unwrap();
    std::fs::write(
        store.path_of("r3"),
        std::fs::read_to_string(store.path_of("r2"))
            .unwrap()
            .replace("id: \"r2\"", "id: \"r3\""),
    )
    .unwrap();
    let changes = cache.refresh();
    assert_eq!(changes.changed, ["r3"]);
    assert!(cache.unreadable().is_empty(), "repaired");
    assert_eq!(names(&cache), ["Ben", "Ben", "Dee", "Eve"]);
}

#[test]
fn the_app_lists_the_truth_when_the_index_is_damaged_or_stale() {
    let (dir, store) = folder("index-app");
    drop(RecordCache::open(&dir));
    // The index now describes r1–r4; damage it and add a record it does not know.
    std::fs::write(index_path(&dir), "not an index").unwrap();
    store
        .save("r5", &self_study("cash-buyer", "Eve", 5))
        .unwrap();
    std::fs::write(store.path_of("r9"), "garbage").unwrap();

    let mut h = Harness::builder()
        .with_size([1400.0, 2400.0])
        .build_ui_state(
            |ui, app: &mut DeskauditApp| app.show(ui),
            DeskauditApp::new(dir.clone(), Library::embedded()),
        );
    h.run();
    h.get_by_label("History").click();
    h.run();
    h.get_by_label("Sessions (5)");
    for who in ["Ann", "Ben", "Cat", "Dee", "Eve"] {
        assert!(
            h.query_by_label_contains(who).is_some(),
            "{who} is listed in History"
        );
    }
    assert!(
        h.query_by_label_contains("r9.ron").is_some(),
        "the unreadable record is listed as unreadable"
    );
}
