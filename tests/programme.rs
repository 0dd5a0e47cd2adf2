//! The programme across evenings and laptops: the roster (CSV import, good and bad files,
//! removal), attendance recorded in sessions and shown as coverage, due dates and overdue,
//! the filters, and the six-month review report read back through a real HTML parser and a
//! CSV reader.

mod support;

use deskaudit::programme::roster::{Role, Roster};
use deskaudit::programme::{self, Filter, RecSort, sort_recommendations};
use deskaudit::report::programme::{self as review, ReviewFormat};
use deskaudit::scenario::Pillar;
use deskaudit::session::{Date, Progress, Recommendation, Session};
use deskaudit::store::Store;
use deskaudit::store::index::RecordInfo;
use std::path::Path;
use support::{evening, self_study, temp};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new("tests/fixtures/roster").join(name)).unwrap()
}

fn d(text: &str) -> Date {
    Date::parse_iso(text).unwrap()
}

#[test]
fn a_good_roster_csv_imports_with_titles_quotes_and_extra_columns() {
    let (roster, summary) = Roster::new().import_csv(&fixture("good.csv")).unwrap();
    let names: Vec<(&str, Role, &str)> = roster
        .people
        .iter()
        .map(|p| (p.name.as_str(), p.role, p.ward_or_service.as_str()))
        .collect();
    assert_eq!(
        names,
        [
            ("Cllr Siân Jones", Role::Member, "Abbey"),
            ("Smith, Pat", Role::Member, "Castle"),
            ("Amir Khan", Role::Officer, "Licensing"),
            ("Dr Ruth Okafor", Role::Member, "Mill Lane, North"),
        ]
    );
    assert_eq!(summary.added.len(), 4);
    // The e-mail column is not kept, and the user is told.
    assert_eq!(summary.ignored_columns, ["email"]);
    assert!(summary.to_string().contains("columns not read: email"));
    // Ids are distinct.
    let mut ids: Vec<&str> = roster.people.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 4);
    // "Cllr" and spacing do not stop a match.
    assert_eq!(
        roster.find_by_name("siân   JONES").map(|p| p.name.as_str()),
        Some("Cllr Siân Jones")
    );
}

#[test]
fn excel_files_with_a_byte_order_mark_semicolons_or_utf16_import() {
    let (r, _) = Roster::new()
        .import_csv(&fixture("excel-semicolon-bom.csv"))
        .unwrap();
    assert_eq!(r.people.len(), 2);
    assert_eq!(r.people[0].name, "Jo Bloggs");
    assert_eq!(r.people[1].role, Role::Officer);
    let (r, _) = Roster::new().import_csv(&fixture("utf16.csv")).unwrap();
    assert_eq!(r.people[0].name, "Zoë Adams");
    assert_eq!(r.people[0].ward_or_service, "East");
}

#[test]
fn a_bad_roster_csv_lists_every_problem_by_line_and_changes_nothing() {
    let dir = temp("roster-bad");
    let mut roster = Roster::new();
    roster
        .add("Existing Person", Role::Member, "Abbey")
        .unwrap();
    roster.save(&dir).unwrap();
    let before = std::fs::read(Roster::path(&dir)).unwrap();

    let problems = roster.import_csv(&fixture("bad-rows.csv")).unwrap_err();
    let lines: Vec<(u64, &str)> = problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (3, "\"Cheif Officer\" is not a role (Sam Lee)"),
            (4, "JO BLOGGS is already on line 2"),
            (5, "the name is empty"),
            (6, "Kim Ode has no role"),
        ],
        "{problems:#?}"
    );
    assert!(
        problems[0]
            .help
            .contains("member (or councillor) or officer")
    );
    // Nothing changed: not the roster in memory, not the file.
    assert_eq!(roster.people.len(), 1);
    assert_eq!(std::fs::read(Roster::path(&dir)).unwrap(), before);

    let missing = Roster::new()
        .import_csv(&fixture("missing-role.csv"))
        .unwrap_err();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].line, 1);
    assert!(
        missing[0].message.contains("no `role` column"),
        "{missing:?}"
    );
    assert!(missing[0].message.contains("name, ward"));

    let latin1 = Roster::new()
        .import_csv(&fixture("windows-1252.csv"))
        .unwrap_err();
    assert_eq!(latin1[0].line, 2);
    assert!(
        latin1[0].message.contains("column 4: this is not UTF-8"),
        "{latin1:?}"
    );
    assert!(latin1[0].help.contains("CSV UTF-8"));

    let empty = Roster::new().import_csv(b"").unwrap_err();
    assert!(empty[0].message.contains("empty"));
    let header_only = Roster::new().import_csv(b"name,role\n").unwrap_err();
    assert!(header_only[0].message.contains("nobody"));
}

#[test]
fn importing_again_updates_people_by_name_and_keeps_their_ids() {
    let (first, _) = Roster::new().import_csv(&fixture("good.csv")).unwrap();
    let amir = first.find_by_name("Amir Khan").unwrap().id.clone();
    let (second, summary) = first
        .import_csv(b"name,role,service\nAmir Khan,officer,Trading Standards\nNew Person,member,\n")
        .unwrap();
    assert_eq!(summary.added, ["New Person"]);
    assert_eq!(summary.updated, ["Amir Khan"]);
    let a = second.find_by_name("amir khan").unwrap();
    assert_eq!(a.id, amir);
    assert_eq!(a.ward_or_service, "Trading Standards");
    assert_eq!(second.people.len(), 5, "nobody is removed by an import");
}

#[test]
fn the_roster_saves_and_loads_with_its_schema_and_refuses_a_damaged_file() {
    let dir = temp("roster-file");
    assert!(Roster::load(&dir).unwrap().people.is_empty());
    let (roster, _) = Roster::new().import_csv(&fixture("good.csv")).unwrap();
    roster.save(&dir).unwrap();
    let text = std::fs::read_to_string(Roster::path(&dir)).unwrap();
    assert!(text.contains("schema: 1"), "{text}");
    assert_eq!(Roster::load(&dir).unwrap(), roster);
    std::fs::write(Roster::path(&dir), text.replace("people: [", "people: [[")).unwrap();
    let e = Roster::load(&dir).unwrap_err().to_string();
    assert!(e.contains("roster.ron") && e.contains("line"), "{e}");
    std::fs::write(Roster::path(&dir), text.replace("schema: 1", "schema: 7")).unwrap();
    assert!(
        Roster::load(&dir)
            .unwrap_err()
            .to_string()
            .contains("newer deskaudit")
    );
}

fn summaries(sessions: Vec<(&str, Session)>) -> Vec<RecordInfo> {
    sessions
        .into_iter()
        .map(|(id, session)| RecordInfo::of(id, &session))
        .collect()
}

fn roster_of_five() -> Roster {
    let mut r = Roster::new();
    for (name, role, ward) in [
        ("Cllr Ann Able", Role::Member, "Abbey"),
        ("Cllr Ben Bold", Role::Member, "Bridge"),
        ("Cllr Cat Cole", Role::Member, "Castle"),
        ("Dee Dunn", Role::Officer, "Licensing"),
        ("Eve East", Role::Member, "East"),
    ] {
        r.add(name, role, ward).unwrap();
    }
    r
}

fn id_of(r: &Roster, name: &str) -> String {
    r.find_by_name(name).unwrap().id.clone()
}

#[test]
fn attendance_and_self_study_show_as_coverage() {
    let roster = roster_of_five();
    let ann = id_of(&roster, "Ann Able");
    let dee = id_of(&roster, "Dee Dunn");
    let records = summaries(vec![
        (
            "e1",
            evening(
                "cash-buyer",
                "2026-03-12",
                "Spring training",
                &[
                    (&ann, "Cllr Ann Able"),
                    (&dee, "Dee Dunn"),
                    ("", "Visiting Officer"),
                ],
                0,
            ),
        ),
        // Ben did self-study on his own laptop, typing his name without the title.
        ("s1", self_study("cash-buyer", "ben bold", 1)),
        ("s2", self_study("cash-buyer", "", 2)),
    ]);
    let p = programme::compute(
        &records,
        &roster,
        &Filter::default(),
        d("2026-11-30"),
        &|_| None,
    );
    assert_eq!(
        p.coverage.headline(Role::Member),
        "2 of 4 members have taken part"
    );
    assert_eq!(
        p.coverage.headline(Role::Officer),
        "1 of 1 officer has taken part"
    );
    let who = |name: &str| {
        p.coverage
            .people
            .iter()
            .find(|c| c.person.name.contains(name))
            .unwrap()
    };
    assert_eq!(
        who("Ann").took_part[0].describe(),
        "12 March 2026, The cash buyer (evening)"
    );
    assert!(who("Ben").took_part[0].describe().ends_with("(self-study)"));
    assert!(who("Cat").took_part.is_empty());
    assert_eq!(p.coverage.not_on_roster.len(), 1);
    assert_eq!(p.coverage.not_on_roster[0].0, "Visiting Officer");
    assert_eq!(p.coverage.anonymous, 1);
    assert_eq!(p.self_study.finished, 2);
    assert_eq!(p.self_study.people, 1);
    assert_eq!(p.sessions.len(), 1);
    assert_eq!(p.sessions[0].attended, 3);
}

#[test]
fn someone_removed_from_the_roster_becomes_a_former_member_and_keeps_their_results() {
    let mut roster = roster_of_five();
    let ann = id_of(&roster, "Ann Able");
    let records = summaries(vec![
        (
            "e1",
            evening(
                "cash-buyer",
                "2026-03-12",
                "Spring",
                &[(&ann, "Cllr Ann Able")],
                0,
            ),
        ),
        ("s1", self_study("cash-buyer", "Eve East", 1)),
    ]);
    roster.remove(&ann).unwrap();
    let eve = id_of(&roster, "Eve East");
    roster.remove(&eve).unwrap();
    // The roster file keeps no trace of their names.
    let text = ron::to_string(&roster).unwrap();
    assert!(!text.contains("Ann") && !text.contains("Eve"), "{text}");

    let p = programme::compute(
        &records,
        &roster,
        &Filter::default(),
        d("2026-11-30"),
        &|_| None,
    );
    assert_eq!(
        p.coverage.headline(Role::Member),
        "0 of 2 members have taken part"
    );
    assert_eq!(p.coverage.former.len(), 2);
    assert!(p.coverage.not_on_roster.is_empty());
    // The session's results stay.
    assert_eq!(p.sessions.len(), 1);
    assert!(p.sessions[0].index.is_some());
    let csv = review::attendance_csv(&p);
    assert!(csv.contains("a former member"));
    assert!(
        !csv.contains("Ann Able") && !csv.contains("Eve East"),
        "{csv}"
    );
}

fn with_recommendations(mut s: Session) -> Session {
    // Due dates: one overdue (a date), one overdue written as old free text, one done but
    // past due (not overdue), one in the future, one undated free text.
    s.recommend(Recommendation::due_on(
        Pillar::Protect,
        "Check right to work <before> granting & renewing",
        "Head of Licensing",
        d("2026-09-30"),
    ))
    .unwrap();
    s.recommend(Recommendation::new(
        Pillar::Prevent,
        "=HYPERLINK(\"http://x\") train staff",
        "+Fraud Manager",
        "31/10/2026",
    ))
    .unwrap();
    s.recommend(Recommendation::due_on(
        Pillar::Pursue,
        "Share intelligence with police",
        "-Community Safety",
        d("2026-06-30"),
    ))
    .unwrap();
    s.review_recommendation(2, Progress::Done, "Protocol signed in June")
        .unwrap();
    s.recommend(Recommendation::due_on(
        Pillar::Prepare,
        "Exercise the fraud response plan",
        "@Chief Auditor",
        d("2027-03-31"),
    ))
    .unwrap();
    s.recommend(Recommendation::new(
        Pillar::Protect,
        "Review the tobacco licensing conditions",
        "Trading Standards",
        "by the summer",
    ))
    .unwrap();
    s
}

fn review_programme() -> programme::Programme {
    let roster = roster_of_five();
    let ann = id_of(&roster, "Ann Able");
    let records = summaries(vec![
        (
            "e1",
            with_recommendations(evening(
                "cash-buyer",
                "2026-05-14",
                "Member training <May> & \"more\"",
                &[(&ann, "Cllr Ann Able")],
                0,
            )),
        ),
        (
            "e2",
            evening("cash-buyer", "2026-09-10", "September evening", &[], 1),
        ),
    ]);
    programme::compute(
        &records,
        &roster,
        &Filter::default(),
        d("2026-11-30"),
        &|_| None,
    )
}

#[test]
fn recommendations_have_real_due_dates_old_text_stays_readable_and_overdue_is_marked() {
    let p = review_programme();
    let rows: Vec<(String, bool)> = p
        .recommendations
        .iter()
        .map(|r| (r.due_shown(), r.overdue))
        .collect();
    // Soonest due first; undated last.
    assert_eq!(
        rows,
        [
            ("30 June 2026".to_owned(), false),
            ("30 September 2026".to_owned(), true),
            ("31 October 2026".to_owned(), true),
            ("31 March 2027".to_owned(), false),
            ("by the summer".to_owned(), false),
        ]
    );
    let mut by_status = p.recommendations.clone();
    sort_recommendations(&mut by_status, RecSort::Status);
    assert!(by_status[0].overdue && by_status[1].overdue);
    assert_eq!(by_status[4].progress, Progress::Done);
}

#[test]
fn filters_by_date_range_and_area() {
    let roster = roster_of_five();
    let records = summaries(vec![
        ("e1", evening("cash-buyer", "2026-05-14", "May", &[], 0)),
        (
            "e2",
            evening("cash-buyer", "2026-09-10", "September", &[], 1),
        ),
        (
            "e3",
            evening("cash-buyer", "10 November 2026", "November", &[], 0),
        ),
    ]);
    let area = records[0].scenario_area.to_string();
    assert_eq!(area, "Housing");
    let filter = Filter {
        from: Some(d("2026-06-01")),
        to: Some(d("2026-11-30")),
        ..Filter::default()
    };
    let p = programme::compute(&records, &roster, &filter, d("2026-11-30"), &|_| None);
    let titles: Vec<&str> = p.sessions.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["September", "November"]);
    assert_eq!(filter.period(), "1 June 2026 to 30 November 2026");
    let other_area = Filter {
        areas: ["Licensing".to_owned()].into(),
        ..Filter::default()
    };
    let p = programme::compute(&records, &roster, &other_area, d("2026-11-30"), &|_| None);
    assert!(p.sessions.is_empty());
    assert_eq!(p.areas, ["Housing"]);
}

#[test]
fn records_made_before_the_area_was_kept_take_it_from_the_library() {
    let roster = Roster::new();
    let mut s = evening("cash-buyer", "2026-05-14", "May", &[], 0);
    // Simulate an old record: no area in the start event.
    let mut events = s.events().to_vec();
    if let deskaudit::session::Event::Started(st) = &mut events[0] {
        st.scenario_area.clear();
    }
    s = Session::from_events(events).unwrap();
    let records = summaries(vec![("old", s)]);
    let p = programme::compute(
        &records,
        &roster,
        &Filter::default(),
        d("2026-11-30"),
        &|id| (id == "cash-buyer").then(|| "Housing (from the library)".to_owned()),
    );
    assert_eq!(p.areas, ["Housing (from the library)"]);
}

#[test]
fn old_records_without_attendance_or_due_dates_still_load() {
    let dir = temp("old-records");
    let store = Store::new(&dir);
    let s = evening("cash-buyer", "2026-05-14", "May", &[], 0);
    store.save("old-one", &s).unwrap();
    // Strip what this build adds: the area, the attendance event, typed due dates.
    let text = std::fs::read_to_string(store.path_of("old-one")).unwrap();
    let old = text
        .lines()
        .filter(|l| !l.contains("scenario_area:"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!old.contains("scenario_area"));
    std::fs::write(store.path_of("old-one"), &old).unwrap();
    let loaded = store.load("old-one").unwrap();
    assert_eq!(loaded.state().started.scenario_area, "");
    assert!(loaded.state().attendance.is_empty());
    // An old recommendation with free-text due date deserialises without `due_on`.
    let rec: Recommendation = ron::from_str(
        "(p: Protect, text: \"Do it\", owner: \"Me\", due: \"June 2027\", progress: Open, review: \"\")",
    )
    .unwrap();
    assert_eq!(rec.due_on, None);
    assert_eq!(rec.due_date(), Some(d("2027-06-30")));
}

#[test]
fn the_review_report_parses_has_no_script_escapes_everything_and_marks_overdue() {
    let p = review_programme();
    let html = review::render(&p, ReviewFormat::Html);
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(doc.select(&sel("script")).count(), 0);
    assert_eq!(doc.select(&sel("[src], link, iframe, object")).count(), 0);
    for a in doc.select(&sel("*")) {
        for (name, _) in a.value().attrs() {
            assert!(!name.starts_with("on"), "event handler attribute {name}");
        }
    }
    let h1: String = doc.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(h1, review::TITLE);
    assert!(html.contains("For the Crime and Disorder Committee"));
    // The chart has a text alternative stating the values.
    let desc: String = doc
        .select(&sel("svg desc"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(desc.contains("14 May 2026: index"), "{desc}");
    assert!(desc.contains("Pursue"));
    // Every recommendation is there, text intact after escaping, overdue ones marked.
    let rows: Vec<scraper::ElementRef> = doc
        .select(&sel("table"))
        .next_back()
        .unwrap()
        .select(&sel("tr"))
        .skip(1)
        .collect();
    assert_eq!(rows.len(), 5);
    let text = |r: &scraper::ElementRef| r.text().collect::<String>();
    assert!(text(&rows[1]).contains("Check right to work <before> granting & renewing"));
    let overdue: Vec<String> = doc
        .select(&sel("tr.overdue td.state"))
        .map(|c| c.text().collect())
        .collect();
    assert_eq!(overdue, ["Overdue (Open)", "Overdue (Open)"]);
    // The hostile session title comes through as text, never as markup.
    assert!(html.contains("Member training &lt;May&gt; &amp; &quot;more&quot;"));
    assert_eq!(doc.select(&sel("May")).count(), 0);
    // Coverage is in it.
    assert!(html.contains("1 of 4 members have taken part"));

    let md = review::render(&p, ReviewFormat::Markdown);
    assert!(md.contains("**Overdue (Open)**"));
    assert!(md.contains("Check right to work \\<before\\> granting & renewing"));
}

#[test]
fn the_review_csvs_read_back_with_formulas_neutralised() {
    let p = review_programme();
    let csv_text = review::render(&p, ReviewFormat::RecommendationsCsv);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(headers, review::RECOMMENDATIONS_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    let overdue: Vec<&str> = rows.iter().map(|r| &r[6]).collect();
    assert_eq!(overdue, ["no", "yes", "yes", "no", "no"]);
    assert_eq!(&rows[2][2], "'=HYPERLINK(\"http://x\") train staff");
    assert_eq!(&rows[2][3], "'+Fraud Manager");
    assert_eq!(&rows[0][3], "'-Community Safety");
    assert_eq!(&rows[3][3], "'@Chief Auditor");
    assert_eq!(&rows[1][4], "2026-09-30");
    assert_eq!(&rows[4][4], "by the summer");
    assert_eq!(&rows[0][7], "Protocol signed in June");
    for r in &rows {
        for cell in r.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }

    let att = review::render(&p, ReviewFormat::AttendanceCsv);
    let mut reader = csv::Reader::from_reader(att.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        review::ATTENDANCE_HEADER
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ann: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[0] == "Cllr Ann Able").collect();
    assert_eq!(ann.len(), 1);
    assert_eq!(&ann[0][3], "2026-05-14");
    assert_eq!(&ann[0][5], "evening");
    let not_yet = rows.iter().filter(|r| &r[5] == "not yet").count();
    assert_eq!(not_yet, 4);
}

#[test]
fn the_programme_command_writes_the_review() {
    let dir = temp("cli-programme");
    let store = Store::new(&dir);
    let roster = roster_of_five();
    roster.save(&dir).unwrap();
    let ann = id_of(&roster, "Ann Able");
    store
        .save(
            "e1",
            &with_recommendations(evening(
                "cash-buyer",
                "2026-05-14",
                "May",
                &[(&ann, "Cllr Ann Able")],
                0,
            )),
        )
        .unwrap();
    store
        .save(
            "e0",
            &evening("cash-buyer", "2025-01-14", "Long ago", &[], 0),
        )
        .unwrap();
    let file = dir.join("review.html");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_deskaudit"))
        .args(["--data-dir"])
        .arg(&dir)
        .args([
            "programme",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "html",
            "-o",
        ])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains("May"));
    assert!(!html.contains("Long ago"), "outside the period");
    assert!(html.contains("1 January 2026 to 31 December 2026"));

    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_deskaudit"))
        .args(["--data-dir"])
        .arg(&dir)
        .args(["programme", "--from", "14/05/2026", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("year-month-day"));

    let csv = std::process::Command::new(env!("CARGO_BIN_EXE_deskaudit"))
        .args(["--data-dir"])
        .arg(&dir)
        .args(["programme", "--format", "csv"])
        .output()
        .unwrap();
    assert!(csv.status.success());
    assert_eq!(
        csv::Reader::from_reader(&csv.stdout[..]).records().count(),
        5
    );
}
