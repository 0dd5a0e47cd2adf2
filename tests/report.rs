//! Exports for the committee: the HTML parses with a real HTML parser, has no script and no
//! external resource, and every hostile name or note comes out escaped and intact; the CSV
//! parses back to the same decisions; the CLI writes the files.

use deskaudit::report::{self, Format};
use deskaudit::scenario::{Library, Pillar};
use deskaudit::session::{ChoiceInput, Mode, Recommendation, Session, SessionConfig};
use deskaudit::store::Store;

const NASTY_TABLE: &str = "Table <script>alert('x')</script> & \"Co\"";
const NASTY_NOTE: &str = "Members asked: is <b>this</b> & that \"safe\"? Ésta — naïve café ✓";
const NASTY_REC: &str = "Search NR3S <before> every grant & renewal, \"no exceptions\" — ÅÄÖ";

fn facilitated_session() -> (Session, Vec<(usize, Vec<usize>)>) {
    let lib = Library::embedded();
    let s = &lib.get("cash-buyer").unwrap().scenario;
    let tables = vec![
        NASTY_TABLE.to_owned(),
        "Table 2".to_owned(),
        "Tábla 3".to_owned(),
    ];
    let config = SessionConfig {
        mode: Mode::Facilitated,
        tables: tables.clone(),
        seed: 11,
        shuffle: false,
        title: "Member Training <evening> & more".into(),
        date: "2026-11-27".into(),
        facilitator: "Chief EHO \"Pat\" O'Neil".into(),
        venue: "Council Chamber".into(),
        ..SessionConfig::default()
    };
    let mut session = Session::start(s, "h", config, None);
    let mut taken = Vec::new();
    let mut k = 0;
    while !session.at_ending() {
        let offered: Vec<usize> = session
            .offered(s)
            .unwrap()
            .iter()
            .map(|o| o.index)
            .collect();
        let votes: Vec<usize> = (0..3).map(|t| offered[(t + k) % offered.len()]).collect();
        let room = votes[1];
        session
            .choose(
                s,
                ChoiceInput {
                    choice: room,
                    votes: tables.iter().cloned().zip(votes.iter().copied()).collect(),
                    rationale: "Because \"the evidence\" was <thin>, & late".into(),
                    override_reason: "The chair's casting view".into(),
                    ..ChoiceInput::default()
                },
            )
            .unwrap();
        taken.push((room, votes));
        k += 1;
    }
    session.note(NASTY_NOTE).unwrap();
    session
        .recommend(Recommendation::new(
            Pillar::Protect,
            NASTY_REC,
            "Head of Licensing & Regulation",
            "31 March 2027",
        ))
        .unwrap();
    session.finish().unwrap();
    (session, taken)
}

#[test]
fn the_html_report_is_self_contained_and_escapes_everything() {
    let (session, _) = facilitated_session();
    let html = report::render(&session, Format::Html);
    let doc = scraper::Html::parse_document(&html);
    assert!(doc.errors.is_empty(), "parse errors: {:?}", doc.errors);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(
        doc.select(&sel("script")).count(),
        0,
        "a <script> element got through"
    );
    assert_eq!(
        doc.select(&sel("link, img, iframe, object, embed")).count(),
        0
    );
    for el in doc.select(&sel("*")) {
        for (name, value) in el.value().attrs() {
            assert!(!name.starts_with("on"), "event handler attribute {name}");
            assert!(
                !(name == "src" || name == "href") || !value.contains("//"),
                "external resource {name}={value}"
            );
        }
    }
    assert_eq!(doc.select(&sel("style")).count(), 1);
    assert_eq!(doc.select(&sel("svg")).count(), 1);
    let text: String = doc.root_element().text().collect();
    for original in [
        NASTY_TABLE,
        NASTY_NOTE,
        NASTY_REC,
        "Chief EHO \"Pat\" O'Neil",
    ] {
        assert!(
            text.contains(original),
            "{original:?} did not come out intact"
        );
    }
    // The recommendations table holds the recommendation, owner and due date as written.
    let cells: Vec<String> = doc
        .select(&sel("table tr td"))
        .map(|c| c.text().collect::<String>())
        .collect();
    assert!(cells.iter().any(|c| c == NASTY_REC));
    assert!(cells.iter().any(|c| c == "Head of Licensing & Regulation"));
    // The index in the report is the engine's.
    let index = format!("{:.0}", session.score().index.unwrap());
    assert!(
        doc.select(&sel(".index"))
            .any(|e| e.text().collect::<String>() == index)
    );
}

#[test]
fn the_csv_parses_back_to_the_same_decisions() {
    let (session, taken) = facilitated_session();
    let text = report::render(&session, Format::Csv);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(headers, report::CSV_HEADER);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        taken.len() * 3,
        "one row per decision per table"
    );
    let path = &session.state().path;
    for (i, (room, votes)) in taken.iter().enumerate() {
        for (t, vote) in votes.iter().enumerate() {
            let row = &rows[i * 3 + t];
            assert_eq!(&row[0], (i + 1).to_string());
            assert_eq!(&row[1], path[i].node.as_str());
            assert_eq!(&row[3], session.config().tables[t]);
            let offered_text = &path[i].offered.iter().find(|(k, _)| k == vote).unwrap().1;
            assert_eq!(&row[4], offered_text.as_str());
            assert_eq!(&row[5], path[i].choice_text);
            assert_eq!(&row[6], if vote == room { "yes" } else { "no" });
            assert_eq!(&row[7], "Because \"the evidence\" was <thin>, & late");
        }
    }
}

#[test]
fn the_markdown_report_escapes_markup() {
    let (session, _) = facilitated_session();
    let md = report::render(&session, Format::Markdown);
    assert!(!md.contains("<script>"));
    assert!(md.contains("\\<script\\>"));
    assert!(md.contains("Recommendations to the Crime and Disorder Committee"));
    assert!(md.contains("Head of Licensing & Regulation"));
}

#[test]
fn the_cli_exports_a_saved_record_in_each_format() {
    let (session, _) = facilitated_session();
    let dir = std::env::temp_dir().join(format!("deskaudit-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = Store::new(&dir);
    store.save("evening", &session).unwrap();
    for (format, ext) in [("html", "html"), ("md", "md"), ("csv", "csv")] {
        let out = dir.join(format!("report.{ext}"));
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_deskaudit"))
            .args(["report", "evening", "--format", format, "-o"])
            .arg(&out)
            .env("DESKAUDIT_DATA", &dir)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        let written = std::fs::read_to_string(&out).unwrap();
        assert_eq!(
            written,
            report::render(&session, Format::parse(format).unwrap())
        );
    }
    // A record path works too, and a bad format is refused.
    let by_path = std::process::Command::new(env!("CARGO_BIN_EXE_deskaudit"))
        .args(["report"])
        .arg(store.path_of("evening"))
        .args(["--format", "pdf"])
        .output()
        .unwrap();
    assert_eq!(by_path.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&by_path.stderr).contains("use html, md or csv"));
    let _ = std::fs::remove_dir_all(&dir);
}
