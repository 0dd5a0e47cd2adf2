//! Records that travel: one record exported and imported on another laptop; duplicates,
//! older and newer copies, clashing ids and damaged or foreign files; and the commands.

mod support;

use deskaudit::scenario::Pillar;
use deskaudit::session::{Progress, Recommendation};
use deskaudit::store::Store;
use deskaudit::store::transfer::{Imported, export_record, export_text, import_files};
use support::{evening, self_study, temp};

#[test]
fn an_exported_record_says_whose_data_it_carries_and_imports_on_another_laptop() {
    let laptop = temp("xfer-laptop");
    let office = temp("xfer-office");
    let mine = Store::new(&laptop);
    let id = mine
        .create(&self_study("cash-buyer", "Cllr Jo Bloggs", 3))
        .unwrap();
    let file = laptop.join("send-me.ron");
    let carries = export_record(&mine, &id, &file).unwrap();
    assert!(carries.contains("Cllr Jo Bloggs"), "{carries}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with(&format!("// deskaudit session record {id}")));
    assert!(text.contains("It carries the self-study of \"The cash buyer\" by Cllr Jo Bloggs"));

    let theirs = Store::new(&office);
    let report = import_files(&theirs, std::slice::from_ref(&file));
    assert_eq!(
        report.outcomes[0].result,
        Imported::Added { id: id.clone() }
    );
    assert_eq!(report.summary(), "1 imported, 0 already here, 0 refused");
    let back = theirs.load(&id).unwrap();
    assert_eq!(back.events(), mine.load(&id).unwrap().events());

    // The same file again: recognised and skipped.
    let again = import_files(&theirs, std::slice::from_ref(&file));
    assert_eq!(
        again.outcomes[0].result,
        Imported::AlreadyPresent { id: id.clone() }
    );
    assert_eq!(again.summary(), "0 imported, 1 already here, 0 refused");
    assert_eq!(theirs.list().0.len(), 1);
}

#[test]
fn a_clashing_id_is_kept_under_a_new_id_and_importing_it_twice_adds_it_once() {
    let a = temp("xfer-clash-a");
    let b = temp("xfer-clash-b");
    let (sa, sb) = (Store::new(&a), Store::new(&b));
    // Two different sessions that happen to carry the same id.
    sa.save("20261130190000-abcdef", &self_study("cash-buyer", "Ann", 1))
        .unwrap();
    sb.save("20261130190000-abcdef", &self_study("cash-buyer", "Ben", 2))
        .unwrap();
    let file = a.join("ann.ron");
    std::fs::write(
        &file,
        export_text(
            "20261130190000-abcdef",
            &sa.load("20261130190000-abcdef").unwrap(),
        )
        .unwrap(),
    )
    .unwrap();

    let report = import_files(&sb, std::slice::from_ref(&file));
    let Imported::Renamed { from, to } = &report.outcomes[0].result else {
        panic!("{report:?}");
    };
    assert_eq!(from, "20261130190000-abcdef");
    assert!(to.starts_with("20261130190000-abcdef-i"), "{to}");
    assert!(report.outcomes[0].describe().contains("kept as"));
    // Ben's record is untouched; Ann's is there under the new id.
    assert_eq!(
        sb.load("20261130190000-abcdef")
            .unwrap()
            .config()
            .participant,
        "Ben"
    );
    assert_eq!(sb.load(to).unwrap().config().participant, "Ann");
    let again = import_files(&sb, std::slice::from_ref(&file));
    assert_eq!(
        again.outcomes[0].result,
        Imported::AlreadyPresent { id: to.clone() }
    );
    assert_eq!(sb.list().0.len(), 2);
}

#[test]
fn newer_copies_bring_a_record_up_to_date_and_older_copies_are_skipped() {
    let laptop = temp("xfer-newer-laptop");
    let office = temp("xfer-newer-office");
    let (l, o) = (Store::new(&laptop), Store::new(&office));
    let mut s = evening("cash-buyer", "2026-05-14", "May", &[], 0);
    s.recommend(Recommendation::new(
        Pillar::Protect,
        "Do it",
        "Me",
        "June 2027",
    ))
    .unwrap();
    l.save("ev1", &s).unwrap();
    let first = laptop.join("first.ron");
    std::fs::write(&first, export_text("ev1", &s).unwrap()).unwrap();
    assert_eq!(
        import_files(&o, std::slice::from_ref(&first)).outcomes[0].result,
        Imported::Added { id: "ev1".into() }
    );
    // The review is recorded on the laptop and sent again.
    s.review_recommendation(0, Progress::Done, "Done in May")
        .unwrap();
    let second = laptop.join("second.ron");
    std::fs::write(&second, export_text("ev1", &s).unwrap()).unwrap();
    assert_eq!(
        import_files(&o, std::slice::from_ref(&second)).outcomes[0].result,
        Imported::Updated {
            id: "ev1".into(),
            new_events: 1
        }
    );
    assert_eq!(
        o.load("ev1").unwrap().state().recommendations[0].progress,
        Progress::Done
    );
    // The first file, sent late, does not take the review away.
    assert_eq!(
        import_files(&o, std::slice::from_ref(&first)).outcomes[0].result,
        Imported::OlderCopy { id: "ev1".into() }
    );
    assert_eq!(
        o.load("ev1").unwrap().state().recommendations[0].progress,
        Progress::Done
    );
}

#[test]
fn damaged_and_foreign_files_are_refused_with_a_reason_and_nothing_is_written() {
    let src = temp("xfer-bad-src");
    let dst = temp("xfer-bad-dst");
    let store = Store::new(&dst);
    let good = export_text("r1", &self_study("cash-buyer", "Ann", 1)).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.ron",
            good.as_bytes()[..good.len() / 2].to_vec(),
            "damaged",
        ),
        (
            "newer.ron",
            good.replacen("schema: 1", "schema: 9", 1).into_bytes(),
            "newer deskaudit",
        ),
        (
            "scenario.ron",
            std::fs::read("scenarios/cash-buyer.ron").unwrap(),
            "not a deskaudit session record",
        ),
        (
            "photo.jpg",
            vec![0xff, 0xd8, 0xff, 0xe0, 0, 16],
            "not a deskaudit session record",
        ),
        ("empty.ron", Vec::new(), "not a deskaudit session record"),
        (
            "bad-id.ron",
            good.replacen("id: \"r1\"", "id: \"../../etc/passwd\"", 1)
                .into_bytes(),
            "not one deskaudit writes",
        ),
    ];
    let mut files = Vec::new();
    for (name, bytes, _) in &cases {
        let f = src.join(name);
        std::fs::write(&f, bytes).unwrap();
        files.push(f);
    }
    files.push(src.join("missing.ron"));
    let report = import_files(&store, &files);
    for (o, (name, _, why)) in report.outcomes.iter().zip(&cases) {
        match &o.result {
            Imported::Refused { reason } => {
                assert!(reason.contains(why), "{name}: {reason}")
            }
            other => panic!("{name}: {other:?}"),
        }
    }
    assert!(matches!(
        report.outcomes[6].result,
        Imported::Refused { .. }
    ));
    assert_eq!(report.summary(), "0 imported, 0 already here, 7 refused");
    let written: Vec<_> = std::fs::read_dir(store.dir()).unwrap().flatten().collect();
    assert!(written.is_empty(), "nothing written: {written:?}");
}

#[test]
fn the_export_and_import_commands_work_end_to_end() {
    let laptop = temp("xfer-cli-laptop");
    let office = temp("xfer-cli-office");
    let id = Store::new(&laptop)
        .create(&self_study("cash-buyer", "Ann", 1))
        .unwrap();
    let file = laptop.join("ann.ron");
    let bin = env!("CARGO_BIN_EXE_deskaudit");
    let out = std::process::Command::new(bin)
        .arg("--data-dir")
        .arg(&laptop)
        .args(["export-record", &id, "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("it carries the self-study"));
    let junk = laptop.join("junk.txt");
    std::fs::write(&junk, "hello").unwrap();
    let out = std::process::Command::new(bin)
        .arg("--data-dir")
        .arg(&office)
        .arg("import")
        .arg(&file)
        .arg(&junk)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "one file refused: {text}");
    assert!(text.contains(&format!("imported as {id}")), "{text}");
    assert!(text.contains("junk.txt: not imported"), "{text}");
    assert!(
        text.ends_with("1 imported, 0 already here, 1 refused\n"),
        "{text}"
    );
}
