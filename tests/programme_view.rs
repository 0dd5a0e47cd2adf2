//! The programme in the app, driven through egui_kittest by accessible labels: the roster
//! imported, coverage shown, the date filter, the six-month review exported, records
//! imported from another laptop, "Send my result", and a session locked by another machine
//! offered for take-over rather than opened.

mod support;

use deskaudit::app::{Command, DeskauditApp};
use deskaudit::programme::roster::Roster;
use deskaudit::scenario::{Library, Pillar};
use deskaudit::session::{Date, Recommendation};
use deskaudit::store::Store;
use deskaudit::store::transfer::export_text;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use support::{evening, self_study, temp};

fn harness(dir: &std::path::Path) -> Harness<'static, DeskauditApp> {
    Harness::builder()
        .with_size([1600.0, 1600.0])
        .build_ui_state(
            |ui, app: &mut DeskauditApp| app.show(ui),
            DeskauditApp::new(dir.to_path_buf(), Library::embedded()),
        )
}

#[test]
fn the_programme_shows_coverage_filters_by_date_and_exports_the_review() {
    let dir = temp("view-programme");
    let store = Store::new(&dir);
    let csv = dir.join("members.csv");
    std::fs::write(
        &csv,
        "name,role,ward\nCllr Ann Able,member,Abbey\nCllr Ben Bold,member,Bridge\nDee Dunn,officer,Licensing\n",
    )
    .unwrap();
    let mut h = harness(&dir);
    h.run();
    h.state_mut().handle(Command::ImportRoster(Some(csv)));
    let roster = Roster::load(&dir).unwrap();
    assert_eq!(roster.people.len(), 3, "imported and saved");
    let ann = roster.find_by_name("Ann Able").unwrap().id.clone();
    let mut s = evening(
        "cash-buyer",
        "2026-05-14",
        "May evening",
        &[(&ann, "Cllr Ann Able")],
        0,
    );
    s.recommend(Recommendation::due_on(
        Pillar::Protect,
        "Check right to work",
        "Head of Licensing",
        Date::parse_iso("2020-01-31").unwrap(),
    ))
    .unwrap();
    store.save("e1", &s).unwrap();
    store
        .save(
            "e0",
            &evening("cash-buyer", "2025-01-10", "Old evening", &[], 0),
        )
        .unwrap();

    h.get_by_label("History").click_accesskit();
    h.run();
    h.get_by_label("1 of 2 members have taken part");
    h.get_by_label("0 of 1 officer has taken part");
    h.get_by_label("OVERDUE");
    assert!(h.query_by_label("Old evening").is_some());

    h.get_by_role_and_label(Role::TextInput, "From")
        .set_text_value_accesskit("2026-01-01");
    h.run();
    h.get_by_label("Apply dates").click_accesskit();
    h.run();
    assert!(h.query_by_label("Old evening").is_none(), "filtered out");
    h.get_by_label("May evening");
    h.get_by_role_and_label(Role::TextInput, "From")
        .set_text_value_accesskit("14/05/2026");
    h.run();
    h.get_by_label("Apply dates").click_accesskit();
    h.run();
    h.get_by_label("From: \"14/05/2026\" is not a date written as year-month-day, e.g. 2027-06-30");

    h.get_by_label("Export the six-month review…")
        .click_accesskit();
    h.run();
    let reports: Vec<String> = std::fs::read_dir(dir.join("reports"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(reports.len(), 3, "{reports:?}");
    let html_name = reports.iter().find(|n| n.ends_with(".html")).unwrap();
    let html = std::fs::read_to_string(dir.join("reports").join(html_name)).unwrap();
    assert!(html.contains("May evening"));
    assert!(
        !html.contains("Old evening"),
        "the filter applies to the export"
    );
    assert!(html.contains("1 of 2 members have taken part"));
}

#[test]
fn records_from_another_laptop_appear_in_history_and_a_result_can_be_sent() {
    let dir = temp("view-import");
    let laptop = temp("view-import-laptop");
    let other = Store::new(&laptop);
    other
        .save(
            "20261101100000-aaaaaa",
            &self_study("cash-buyer", "Cllr Ben Bold", 1),
        )
        .unwrap();
    let file = laptop.join("ben.ron");
    std::fs::write(
        &file,
        export_text(
            "20261101100000-aaaaaa",
            &other.load("20261101100000-aaaaaa").unwrap(),
        )
        .unwrap(),
    )
    .unwrap();
    let mut h = harness(&dir);
    h.run();
    h.get_by_label("History").click_accesskit();
    h.run();
    assert!(h.query_by_label("· Cllr Ben Bold").is_none());
    h.state_mut()
        .handle(Command::ImportRecords(vec![file.clone()]));
    h.run();
    h.get_by_label("· Cllr Ben Bold");
    h.get_by_label_contains("Import: 1 imported, 0 already here, 0 refused.");

    // A record written by another machine straight into the shared folder appears too.
    Store::new(&dir)
        .save(
            "20261102100000-bbbbbb",
            &self_study("cash-buyer", "Cllr Cat Cole", 2),
        )
        .unwrap();
    h.state_mut()
        .handle(Command::Show(deskaudit::app::Screen::History));
    h.run();
    h.get_by_label("· Cllr Cat Cole");

    // "Send my result" from the self-study debrief writes one record file.
    h.state_mut()
        .handle(Command::OpenDebrief("20261102100000-bbbbbb".into()));
    h.run();
    h.get_by_label("Send my result…").click_accesskit();
    h.run();
    let sent = dir
        .join("outbox")
        .join("deskaudit-record-20261102100000-bbbbbb.ron");
    let text = std::fs::read_to_string(&sent).unwrap();
    assert!(text.contains("by Cllr Cat Cole"));
}

#[test]
fn a_session_open_on_another_machine_is_offered_for_take_over_not_opened() {
    let dir = temp("view-locked");
    let store = Store::new(&dir);
    // Started on the shipped file (its real content hash), so it may be resumed.
    let loaded = support::library().get("cash-buyer").unwrap();
    let s = deskaudit::session::Session::start(
        &loaded.scenario,
        &loaded.content_hash,
        deskaudit::session::SessionConfig::default(),
        None,
    );
    store.save("20261103100000-cccccc", &s).unwrap();
    std::fs::write(
        store.dir().join("20261103100000-cccccc.lock"),
        format!(
            "LockInfo(machine: \"LAPTOP-7\", pid: 1, token: \"x\", since: \"{now}\", refreshed: \"{now}\")",
            now = deskaudit::session::time::now()
        ),
    )
    .unwrap();
    let mut h = harness(&dir);
    h.run();
    h.state_mut()
        .handle(Command::Resume("20261103100000-cccccc".into()));
    h.run();
    assert!(h.state().open.is_none(), "not opened while locked");
    h.get_by_label_contains("This session is open on LAPTOP-7 since");
    h.get_by_label("Take it over and resume here")
        .click_accesskit();
    h.run();
    assert_eq!(
        h.state().open.as_ref().map(|o| o.id.as_str()),
        Some("20261103100000-cccccc")
    );
    let lock = std::fs::read_to_string(store.dir().join("20261103100000-cccccc.lock")).unwrap();
    assert!(!lock.contains("LAPTOP-7"), "the lock is this machine's now");
}

#[test]
fn the_roster_is_edited_in_the_app_and_a_removed_member_keeps_their_results() {
    let dir = temp("view-roster");
    let mut h = harness(&dir);
    h.run();
    h.get_by_label("History").click_accesskit();
    h.run();
    h.get_by_label("Edit the roster…").click_accesskit();
    h.run();
    h.get_by_label(
        "0 members and 0 officers. Names stay on this computer (in roster.ron in the data folder).",
    );
    for (name, officer) in [("Cllr Ann Able", false), ("Dee Dunn", true)] {
        h.get_by_role_and_label(Role::TextInput, "Name")
            .set_text_value_accesskit(name);
        if officer {
            h.get_by_role_and_label(Role::RadioButton, "Officer")
                .click_accesskit();
        }
        h.run();
        h.get_by_label("Add to the roster").click_accesskit();
        h.run();
    }
    let roster = Roster::load(&dir).unwrap();
    assert_eq!(roster.people.len(), 2, "saved in the data folder");
    h.get_by_label(
        "1 member and 1 officer. Names stay on this computer (in roster.ron in the data folder).",
    );
    // The same name again is refused, and nothing is added.
    h.get_by_role_and_label(Role::TextInput, "Name")
        .set_text_value_accesskit("cllr ann able");
    h.run();
    h.get_by_label("Add to the roster").click_accesskit();
    h.run();
    h.get_by_label("Cllr Ann Able is already on the roster.");
    assert_eq!(Roster::load(&dir).unwrap().people.len(), 2);

    // Ann attended an evening; removed from the roster, her attendance still counts.
    let ann = roster.find_by_name("Cllr Ann Able").unwrap().id.clone();
    Store::new(&dir)
        .save(
            "e1",
            &evening(
                "cash-buyer",
                "2026-05-14",
                "May evening",
                &[(&ann, "Cllr Ann Able")],
                0,
            ),
        )
        .unwrap();
    h.get_by_label("Remove Cllr Ann Able from the roster")
        .click_accesskit();
    h.run();
    h.get_by_label_contains("Cllr Ann Able removed from the roster.");
    assert_eq!(Roster::load(&dir).unwrap().people.len(), 1);
    h.get_by_label("History").click_accesskit();
    h.run();
    h.get_by_label("No members on the roster yet");
    h.get_by_label("Member by member").click_accesskit();
    h.run();
    h.get_by_label("Former members (removed from the roster): 1 session.");
    assert!(
        h.query_by_label("May evening").is_some(),
        "the session is kept"
    );
}
