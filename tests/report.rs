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

#[test]
fn csv_cells_that_would_start_a_formula_are_read_as_text() {
    let lib = Library::embedded();
    let s = &lib.get("cash-buyer").unwrap().scenario;
    let table = "=HYPERLINK(\"x\")";
    let tables = vec![
        table.to_owned(),
        "+SUM(A1:A9)".to_owned(),
        "@cmd".to_owned(),
        "-2+3".to_owned(),
        "\t=1+1".to_owned(),
        "\r=1+1".to_owned(),
        "Table = fine".to_owned(),
    ];
    let config = SessionConfig {
        mode: Mode::Facilitated,
        tables: tables.clone(),
        seed: 5,
        ..SessionConfig::default()
    };
    let mut session = Session::start(s, "h", config, None);
    let first = session.offered(s).unwrap()[0].index;
    session
        .choose(
            s,
            ChoiceInput {
                choice: first,
                votes: tables.iter().map(|t| (t.clone(), first)).collect(),
                rationale: "=cmd|' /C calc'!A0".into(),
                ..ChoiceInput::default()
            },
        )
        .unwrap();
    let text = report::render(&session, Format::Csv);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let cells: Vec<&str> = rows.iter().map(|r| &r[3]).collect();
    assert_eq!(
        cells,
        [
            "'=HYPERLINK(\"x\")",
            "'+SUM(A1:A9)",
            "'@cmd",
            "'-2+3",
            "'\t=1+1",
            "'\r=1+1",
            "Table = fine",
        ]
    );
    assert!(rows.iter().all(|r| &r[7] == "'=cmd|' /C calc'!A0"));
    // No cell in the file starts a formula, whatever column it is in.
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    // The HTML and Markdown reports show the name as typed: the quote is for spreadsheets only.
    assert!(report::render(&session, Format::Html).contains("=HYPERLINK(&quot;x&quot;)"));
}

/// Collapses runs of whitespace, so a line break in one format matches a space in the other.
fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every text the HTML report shows, with the `h2` section it is under ("" before the first),
/// leaving out column headings and the chart (whose numbers are in the table beside it).
fn html_facts(html: &str) -> Vec<(String, String)> {
    fn walk(el: scraper::ElementRef, section: &str, out: &mut Vec<(String, String)>) {
        if matches!(el.value().name(), "svg" | "th" | "style" | "head") {
            return;
        }
        for child in el.children() {
            if let Some(text) = child.value().as_text() {
                let t = normalise(text);
                if !t.is_empty() {
                    out.push((section.to_owned(), t));
                }
            } else if let Some(e) = scraper::ElementRef::wrap(child) {
                walk(e, section, out);
            }
        }
    }
    let doc = scraper::Html::parse_document(html);
    let body = doc
        .select(&scraper::Selector::parse("body").unwrap())
        .next()
        .unwrap();
    let mut section = String::new();
    let mut out = Vec::new();
    for child in body.children() {
        let Some(el) = scraper::ElementRef::wrap(child) else {
            continue;
        };
        if el.value().name() == "h2" {
            section = normalise(&el.text().collect::<String>());
        } else {
            walk(el, &section, &mut out);
        }
    }
    out
}

/// The Markdown report's sections (by `##` heading; "" before the first) as plain text:
/// escapes undone, emphasis marks dropped, whitespace collapsed.
fn markdown_sections(md: &str) -> std::collections::BTreeMap<String, String> {
    let mut sections = std::collections::BTreeMap::<String, String>::new();
    let mut section = String::new();
    for line in md.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h.trim().to_owned();
            continue;
        }
        let mut plain = String::new();
        let mut chars = line.trim_start_matches("# ").chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                plain.extend(chars.next());
            } else {
                plain.push(c);
            }
        }
        let entry = sections.entry(section.clone()).or_default();
        entry.push(' ');
        entry.push_str(&plain.replace("**", ""));
    }
    sections
        .into_iter()
        .map(|(k, v)| (k, normalise(&v)))
        .collect()
}

#[test]
fn the_markdown_report_carries_every_fact_of_the_html_report() {
    // A record written by an earlier build (five tables, an inject, notes, recommendations),
    // and the hostile session above with an inject dropped in.
    let (_, recorded) = deskaudit::store::read_record(std::path::Path::new(
        "tests/fixtures/records/20261130030411-000007.ron",
    ))
    .unwrap();
    let (finished, _) = facilitated_session();
    let mut events = finished.events().to_vec();
    let last = events.len() - 1;
    events.insert(
        last,
        deskaudit::session::Event::Injected {
            id: "journalist".into(),
            title: "A <journalist> calls & asks".into(),
            text: "\"Is the council *sure*?\" | asks [the] _Echo_ # 2".into(),
            effects: Vec::new(),
        },
    );
    let hostile = Session::from_events(events).unwrap();
    for session in [recorded, hostile] {
        let st = session.state();
        assert!(!st.injects.is_empty() && !st.notes.is_empty());
        assert!(!st.recommendations.is_empty());
        assert!(st.path.iter().all(|d| !d.votes.is_empty()));
        let facts = html_facts(&report::render(&session, Format::Html));
        let md = markdown_sections(&report::render(&session, Format::Markdown));
        // What each section must show, so the walk cannot pass by finding nothing.
        let has = |section: &str, pred: &dyn Fn(&str) -> bool| {
            facts.iter().any(|(s, f)| s == section && pred(f))
        };
        assert!(has("Decisions", &|f| st
            .path
            .iter()
            .any(|d| f == d.choice_text)));
        assert!(has("Decisions", &|f| f.contains(" (1): ")
            || f.contains(" (2): ")));
        assert!(has("Decisions", &|f| f.ends_with('%')));
        assert!(has("Checkpoints", &|f| f.starts_with("References: ")));
        assert!(has("Checkpoints", &|f| f.starts_with("Set by: ")));
        assert!(has("Developments dropped in", &|f| f
            .contains("(after decision ")));
        assert!(has("Observations", &|f| *f == normalise(&st.notes[0])));
        assert!(has(
            "Recommendations to the Crime and Disorder Committee",
            &|f| *f == normalise(&st.recommendations[0].text)
        ));
        let missing: Vec<&(String, String)> = facts
            .iter()
            .filter(|(section, fact)| !md.get(section).is_some_and(|text| text.contains(fact)))
            .collect();
        assert!(
            missing.is_empty(),
            "in the HTML report but not in the same section of the Markdown: {missing:#?}"
        );
    }
}

/// The fixture record, with its start time changed to a summer evening, in a scratch folder.
fn summer_record(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("deskaudit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string("tests/fixtures/records/20261130030411-000007.ron")
        .unwrap()
        .replace("2026-11-30T03:04:11Z", "2026-06-15T18:30:00Z");
    let record = dir.join("summer.ron");
    std::fs::write(&record, text).unwrap();
    (dir, record)
}

#[test]
fn reports_show_the_start_in_the_local_time_zone() {
    let (dir, record) = summer_record("tz");
    for (tz, shown) in [
        ("GMT0BST,M3.5.0/1,M10.5.0", "started 2026-06-15 19:30 BST"),
        ("EST5EDT,M3.2.0,M11.1.0", "started 2026-06-15 14:30 EDT"),
        ("UTC0", "started 2026-06-15 18:30 UTC"),
    ] {
        for format in ["--format=md", "--format=html"] {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_deskaudit"))
                .arg("report")
                .arg(&record)
                .arg(format)
                .env("TZ", tz)
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(text.contains(shown), "TZ={tz} {format}: no {shown:?}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A full disk, made with a 4 KiB tmpfs in a private mount namespace (Linux, as root): the
/// export fails with a clear message, the old file is untouched and no temporary file is left.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_the_old_report_and_no_temporary_file() {
    let (dir, record) = summer_record("full");
    let session = deskaudit::store::read_record(&record).unwrap().1;
    assert!(report::render(&session, Format::Html).len() > 4096);
    let mount = dir.join("full");
    std::fs::create_dir_all(&mount).unwrap();
    let script = r#"mount -t tmpfs -o size=4k tmpfs "$1" || exit 97
printf 'old report' > "$1/report.html" || exit 98
"$2" report "$3" --format html -o "$1/report.html"
echo "exit=$?"
cat "$1/report.html"; echo
ls -A "$1""#;
    let run = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", script, "sh"])
        .arg(&mount)
        .arg(env!("CARGO_BIN_EXE_deskaudit"))
        .arg(&record)
        .output();
    let out = match run {
        Ok(out) if out.status.code() != Some(97) => out,
        _ => {
            // Not root, or no mount namespaces: this machine cannot fake a full disk.
            eprintln!("skipped: cannot mount a small tmpfs here");
            let _ = std::fs::remove_dir_all(&dir);
            return;
        }
    };
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        ["exit=1", "old report", "report.html"],
        "{stderr}"
    );
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(stderr.contains("report.html"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}
