//! The record index is a cache that can be deleted at any time: delete it, damage it, or change
//! a record behind its back, and the store — and the app's History — show the truth. A current
//! index is really used (a record it describes is not read again), and an unreadable record is
//! listed as unreadable whether or not the index is there.

mod support;

use deskaudit::app::DeskauditApp;
use deskaudit::scenario::Library;
use deskaudit::store::Store;
use deskaudit::store::cache::RecordCache;
use deskaudit::store::index::{IndexProblem, RecordInfo, index_path};
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
        .map(|r| r.participant.to_string())
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
    assert_eq!(dee.index(), finished.score().index);
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

    let h = history(&dir, 2400.0);
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

/// The stamp the index keeps for a record file: its size and modification time (ns).
/// The app on `dir`, in a window `height` points tall, showing History.
fn history(dir: &std::path::Path, height: f32) -> Harness<'static, DeskauditApp> {
    let mut h = Harness::builder()
        .with_size([1400.0, height])
        .build_ui_state(
            |ui, app: &mut DeskauditApp| app.show(ui),
            DeskauditApp::new(dir.to_path_buf(), Library::embedded()),
        );
    h.run();
    h.get_by_label("History").click();
    h.run();
    h
}

fn stamp_of(store: &Store, id: &str) -> (u64, u128) {
    let meta = std::fs::metadata(store.path_of(id)).unwrap();
    let modified = meta
        .modified()
        .unwrap()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    (meta.len(), modified.as_nanos())
}

#[test]
fn an_index_written_before_the_text_was_shared_still_reads_and_is_written_the_same() {
    let dir = temp("index-old-format");
    let store = Store::new(&dir);
    store
        .save(
            "e1",
            &support::evening("cash-buyer", "2026-09-10", "September", &[], 1),
        )
        .unwrap();
    store
        .save("s1", &self_study("cash-buyer", "Ann Able", 2))
        .unwrap();
    let (e_len, e_ns) = stamp_of(&store, "e1");
    let (s_len, s_ns) = stamp_of(&store, "s1");
    // An entry as the build before shared text wrote it (`ron::to_string` of `String`
    // fields): every optional field, an escaped quote, a recommendation without a date.
    // Its values differ from the records' own, so seeing them shows the index was read.
    let evening_entry = format!(
        r#"(file:"e1.ron",stamp:(len:{e_len},modified_ns:Some({e_ns})),entry:Record((id:"e1",scenario_id:"cash-buyer",scenario_title:"The cash buyer",scenario_area:"Housing",mode:Facilitated,title:"Old September",started_at:"2026-09-10T18:00:00Z",date:"10 September 2026",participant:"",venue:"Council Chamber",voting:"whole room",tables:0,finished:true,decisions:3,ending:Some((Good,"Caught in time")),index:Some(75.0),pillars:(Some(60.416666666666664),Some(0.0),Some(43.5),None),attendance:[(person:"p1",name:"Ann Able"),(person:"",name:"Walk-in")],recommendations:[(p:Pursue,text:"Tell the police",owner:"Head of Service",due:"2024-03-31",due_on:Some("2024-03-31"),progress:InProgress,review:"Under way"),(p:Prevent,text:"Train staff",owner:"",due:"June 2027",progress:Open,review:"")],checkpoints:[(id:"fair-assessment",p:Protect,title:"The council\'s own records checked",lesson:"Test it first.",missed:true)])))"#
    );
    let self_study_entry = format!(
        r#"(file:"s1.ron",stamp:(len:{s_len},modified_ns:Some({s_ns})),entry:Record((id:"s1",scenario_id:"cash-buyer",scenario_title:"The cash buyer",scenario_area:"Housing",mode:SelfStudy,title:"The cash buyer",started_at:"2026-09-11T09:00:00Z",date:"",participant:"Ann Able",venue:"",voting:"",tables:0,finished:true,decisions:4,ending:Some((Good,"Caught in time")),index:Some(80.0),pillars:(Some(1.0),Some(2.0),Some(3.0),Some(4.0)),attendance:[],recommendations:[],checkpoints:[])))"#
    );
    std::fs::write(
        index_path(&dir),
        format!("(schema:1,entries:[{evening_entry},{self_study_entry}])"),
    )
    .unwrap();

    let cache = RecordCache::open(&dir);
    assert_eq!(cache.index_problem(), None, "the old index is used");
    let [s, e] = cache.records() else {
        panic!("two records: {:?}", cache.records());
    };
    assert_eq!(&*e.title, "Old September", "read from the index");
    assert_eq!(
        &*e.checkpoints()[0].title,
        "The council's own records checked"
    );
    assert_eq!(&*e.attendance()[1].person, "");
    let due = deskaudit::session::Date::parse_iso("2024-03-31").unwrap();
    assert_eq!(e.recommendations()[0].due_date(), Some(due));
    assert_eq!(e.recommendations()[1].due_on, None);
    assert_eq!(
        e.recommendations()[1].due_date(),
        deskaudit::session::Date::parse_lenient("June 2027")
    );
    assert!(
        e.recommendations()[1]
            .is_overdue(deskaudit::session::Date::parse_iso("2027-07-01").unwrap())
    );
    assert_eq!(e.pillars()[3], None);
    // Read once for both records: the text they have in common is one allocation.
    assert!(std::sync::Arc::ptr_eq(&e.scenario_title, &s.scenario_title));
    assert!(std::sync::Arc::ptr_eq(&e.scenario_area, &s.scenario_area));
    let (e_end, s_end) = (&e.ending.as_ref().unwrap().1, &s.ending.as_ref().unwrap().1);
    assert!(std::sync::Arc::ptr_eq(e_end, s_end));
    assert!(std::sync::Arc::ptr_eq(
        &e.attendance()[0].name,
        &s.participant
    ));

    // Written again (a third record appears), the old entries are written exactly as the
    // old build wrote them: the file's format has not changed.
    store
        .save("s2", &self_study("cash-buyer", "Ben", 3))
        .unwrap();
    let mut cache = cache;
    assert_eq!(cache.refresh().changed, ["s2"]);
    cache.flush();
    let written = std::fs::read_to_string(index_path(&dir)).unwrap();
    assert!(
        written.contains(&format!("[{evening_entry},{self_study_entry},")),
        "{written}"
    );

    // History shows what the old index says.
    drop(cache);
    let h = history(&dir, 1200.0);
    h.get_by_label("Sessions (3)");
    assert!(
        h.query_by_label_contains("facilitated: Old September, Council Chamber, whole room")
            .is_some()
    );
}

#[test]
fn records_of_one_scenario_share_their_text_and_list_and_count_the_same() {
    use deskaudit::programme::{self, Filter, roster::Roster};
    use deskaudit::scenario::Pillar;
    use deskaudit::session::{Date, Recommendation};
    use std::sync::Arc;

    let dir = temp("index-shared-text");
    let store = Store::new(&dir);
    let people = [("", "Ann Able"), ("", "Ben Bold")];
    for (id, date, pick) in [("e1", "2026-09-10", 1), ("e2", "2026-10-08", 2)] {
        let mut s = support::evening("cash-buyer", date, "Evening", &people, pick);
        s.recommend(Recommendation::due_on(
            Pillar::Protect,
            "Check every cash purchase",
            "Head of Housing",
            Date::parse_iso("2027-01-31").unwrap(),
        ))
        .unwrap();
        store.save(id, &s).unwrap();
    }
    store
        .save("s1", &self_study("cash-buyer", "Ann Able", 1))
        .unwrap();
    store
        .save("s2", &self_study("cash-buyer", "Ann Able", 2))
        .unwrap();

    // Built from the records, then opened from the index as at every later start.
    let built = RecordCache::open(&dir);
    built.flush();
    drop(built);
    let mut cache = RecordCache::open(&dir);
    assert_eq!(cache.index_problem(), None);
    let by_id = |cache: &RecordCache, id: &str| {
        cache
            .records()
            .iter()
            .find(|r| r.id == id)
            .cloned()
            .unwrap()
    };
    let (e1, e2, s1, s2) = (
        by_id(&cache, "e1"),
        by_id(&cache, "e2"),
        by_id(&cache, "s1"),
        by_id(&cache, "s2"),
    );
    for r in [&e2, &s1, &s2] {
        assert!(Arc::ptr_eq(&e1.scenario_id, &r.scenario_id));
        assert!(Arc::ptr_eq(&e1.scenario_title, &r.scenario_title));
        assert!(Arc::ptr_eq(&e1.scenario_area, &r.scenario_area));
    }
    assert!(Arc::ptr_eq(&s1.participant, &s2.participant));
    assert!(Arc::ptr_eq(&e1.attendance()[0].name, &s1.participant));
    assert_eq!((e1.venue(), s1.venue()), ("", ""));
    let mut both = 0;
    for a in e1.checkpoints() {
        if let Some(b) = e2.checkpoints().iter().find(|b| b.id == a.id) {
            assert!(Arc::ptr_eq(&a.id, &b.id) && Arc::ptr_eq(&a.lesson, &b.lesson));
            both += 1;
        }
    }
    assert!(both > 0, "the two evenings tested a checkpoint in common");
    let (r1, r2) = (&e1.recommendations()[0], &e2.recommendations()[0]);
    assert!(Arc::ptr_eq(&r1.text, &r2.text) && Arc::ptr_eq(&r1.owner, &r2.owner));

    // A session saved while the app runs shares the text already held.
    let s3 = self_study("cash-buyer", "Ann Able", 3);
    store.save("s3", &s3).unwrap();
    cache.saved("s3", &s3);
    let s3 = by_id(&cache, "s3");
    assert!(Arc::ptr_eq(&s3.scenario_title, &e1.scenario_title));
    assert!(Arc::ptr_eq(&s3.participant, &s1.participant));

    // Nothing a user sees changes: the summaries equal ones made afresh from the records,
    // and the programme worked out from them is the same.
    let (fresh, bad) = store.list();
    assert!(bad.is_empty());
    let mut fresh: Vec<RecordInfo> = fresh
        .iter()
        .map(|r| RecordInfo::of(&r.id, &r.session))
        .collect();
    fresh.sort_by(|a, b| b.started_at.cmp(&a.started_at).then(b.id.cmp(&a.id)));
    let listed: Vec<RecordInfo> = cache.records().iter().map(|r| (**r).clone()).collect();
    assert_eq!(listed, fresh);
    let today = Date::parse_iso("2027-03-01").unwrap();
    let from_cache = programme::compute(
        cache.records(),
        &Roster::new(),
        &Filter::default(),
        today,
        &|_| None,
    );
    let from_records =
        programme::compute(&fresh, &Roster::new(), &Filter::default(), today, &|_| None);
    assert_eq!(from_cache, from_records);
    assert_eq!(from_cache.recommendations.len(), 2);
    assert!(from_cache.recommendations.iter().all(|r| r.overdue));
}

#[test]
fn an_index_entry_naming_a_record_other_than_its_file_is_not_trusted() {
    let (dir, store) = folder("index-wrong-id");
    std::fs::write(store.path_of("r9"), "garbage").unwrap();
    let cache = RecordCache::open(&dir);
    cache.flush();
    drop(cache);
    // Used as written: the unreadable file keeps its name through the index.
    let cache = RecordCache::open(&dir);
    assert_eq!(cache.index_problem(), None);
    let unreadable = cache.unreadable();
    assert_eq!(unreadable.len(), 1);
    assert_eq!(unreadable[0].path, store.path_of("r9"));
    drop(cache);

    // The store names each record file after its id; an index saying r2.ron holds record
    // "r7" was not written by it, and is rebuilt rather than believed.
    let text = std::fs::read_to_string(index_path(&dir)).unwrap();
    assert!(text.contains(r#"(file:"r2.ron""#) && text.contains(r#"(id:"r2""#));
    std::fs::write(
        index_path(&dir),
        text.replacen(r#"(id:"r2""#, r#"(id:"r7""#, 1),
    )
    .unwrap();
    let cache = RecordCache::open(&dir);
    assert!(
        matches!(cache.index_problem(), Some(IndexProblem::Damaged(r)) if r.contains("r2.ron") && r.contains("r7")),
        "{:?}",
        cache.index_problem()
    );
    assert_eq!(names(&cache), ["Ann", "Ben", "Cat", "Dee"]);
    assert!(cache.records().iter().any(|r| r.id == "r2"));
    assert!(cache.records().iter().all(|r| r.id != "r7"));
}
