//! The six-month review report for the Crime and Disorder Committee: sessions held, who has
//! taken part, the 4P profile over time, the checkpoints missed most often, and every
//! recommendation with its owner, due date, status (overdue marked in words, not only in
//! colour) and review notes.
//!
//! HTML (self-contained and printable: inline CSS and an SVG chart with a text alternative,
//! no scripts, every text escaped), Markdown, and two CSVs for the clerk's tracker: the
//! recommendations, and attendance. CSV cells that a spreadsheet would run as a formula
//! (starting `=`, `+`, `-`, `@`, tab or carriage return) are neutralised with a leading `'`.

use super::{CSS, escape_html};
use crate::programme::roster::Role;
use crate::programme::{Programme, RecRow};
use crate::scenario::{Band, Pillar};
use crate::session::Mode;
use std::fmt::Write;

/// The review report's formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReviewFormat {
    /// Printable HTML.
    Html,
    /// Markdown.
    Markdown,
    /// CSV of every recommendation.
    RecommendationsCsv,
    /// CSV of who took part in what.
    AttendanceCsv,
}

impl ReviewFormat {
    /// Parses `html`, `md`, `csv` (recommendations) or `attendance-csv`.
    pub fn parse(s: &str) -> Option<ReviewFormat> {
        match s.to_ascii_lowercase().as_str() {
            "html" | "htm" => Some(ReviewFormat::Html),
            "md" | "markdown" => Some(ReviewFormat::Markdown),
            "csv" | "recommendations-csv" => Some(ReviewFormat::RecommendationsCsv),
            "attendance-csv" | "attendance" => Some(ReviewFormat::AttendanceCsv),
            _ => None,
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ReviewFormat::Html => "html",
            ReviewFormat::Markdown => "md",
            ReviewFormat::RecommendationsCsv | ReviewFormat::AttendanceCsv => "csv",
        }
    }
}

/// Renders the review in a format.
pub fn render(p: &Programme, format: ReviewFormat) -> String {
    match format {
        ReviewFormat::Html => html(p),
        ReviewFormat::Markdown => markdown(p),
        ReviewFormat::RecommendationsCsv => recommendations_csv(p),
        ReviewFormat::AttendanceCsv => attendance_csv(p),
    }
}

/// The report's title.
pub const TITLE: &str = "Desktop audits of serious and organised crime: six-month review";

/// Who the report is for.
pub const ADDRESSEE: &str = "For the Crime and Disorder Committee";

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.0}"))
        .unwrap_or_else(|| "not tested".into())
}

fn band_hex(band: Band) -> &'static str {
    match band {
        Band::Resilient => "#1b7a3a",
        Band::Developing => "#a85d00",
        Band::Vulnerable => "#b3261e",
    }
}

/// Status as words, "Overdue" first when it is.
fn status(r: &RecRow) -> String {
    if r.overdue {
        format!("Overdue ({})", r.progress.label())
    } else {
        r.progress.label().to_owned()
    }
}

/// The lines of the profile chart: the index and each P, with colour and dash (so the lines
/// are told apart without colour too).
const SERIES: [(&str, &str, &str); 5] = [
    ("Resilience index", "#1c1c1c", ""),
    ("Pursue", "#1f5fa8", "6 3"),
    ("Prevent", "#8a3b9e", "2 3"),
    ("Protect", "#1b7a3a", "10 3 2 3"),
    ("Prepare", "#a85d00", "4 4"),
];

fn series_value(row: &crate::programme::SessionRow, i: usize) -> Option<f64> {
    if i == 0 {
        row.index
    } else {
        row.pillars[i - 1]
    }
}

/// The 4P profile over time as an inline SVG line chart, with a text alternative that
/// states every value (the table beside it says the same).
fn svg_profile(p: &Programme) -> String {
    let (w, h) = (640.0, 280.0);
    let (left, right, top, bottom) = (44.0, 620.0, 16.0, 220.0);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"profile-title profile-desc\">"
    );
    let _ = write!(
        s,
        "<title id=\"profile-title\">4P profile over time, {}</title>",
        crate::session::verdict::count(
            p.sessions.len(),
            "facilitated session",
            "facilitated sessions"
        )
    );
    let desc: Vec<String> = p
        .sessions
        .iter()
        .map(|r| {
            format!(
                "{}: index {}, {}",
                r.date.long(),
                pct(r.index),
                Pillar::ALL
                    .iter()
                    .map(|q| format!("{} {}", q.name(), pct(r.pillars[q.index()])))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    let _ = write!(
        s,
        "<desc id=\"profile-desc\">{}</desc>",
        escape_html(&if desc.is_empty() {
            "No facilitated session in this period.".to_owned()
        } else {
            desc.join("; ")
        })
    );
    for v in [0, 25, 50, 75, 100] {
        let y = bottom - f64::from(v) / 100.0 * (bottom - top);
        let _ = write!(
            s,
            "<line x1=\"{left}\" x2=\"{right}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"#ccc\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\">{v}</text>",
            left - 6.0,
            y + 4.0
        );
    }
    let n = p.sessions.len();
    if n > 0 {
        let first = p.sessions[0].date.days_since_epoch();
        let last = p.sessions[n - 1].date.days_since_epoch();
        let span = (last - first).max(1) as f64;
        let x_of = |i: usize| -> f64 {
            if first == last {
                // All on one day: spread them evenly so each can be seen.
                if n == 1 {
                    (left + right) / 2.0
                } else {
                    left + 10.0 + (right - left - 20.0) * i as f64 / (n - 1) as f64
                }
            } else {
                let d = (p.sessions[i].date.days_since_epoch() - first) as f64;
                left + 10.0 + (right - left - 20.0) * d / span
            }
        };
        let y_of = |v: f64| bottom - v.clamp(0.0, 100.0) / 100.0 * (bottom - top);
        for (k, (_, colour, dash)) in SERIES.iter().enumerate() {
            // A P not tested in a session breaks its line there.
            let mut segments: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            for (i, row) in p.sessions.iter().enumerate() {
                match (series_value(row, k), segments.last_mut()) {
                    (Some(v), Some(seg)) => seg.push((x_of(i), y_of(v))),
                    _ => segments.push(Vec::new()),
                }
            }
            let width = if k == 0 { 3 } else { 2 };
            for seg in segments.iter().filter(|seg| !seg.is_empty()) {
                let pts: Vec<String> = seg.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                if seg.len() > 1 {
                    let _ = write!(
                        s,
                        "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"{width}\" stroke-dasharray=\"{dash}\" points=\"{}\"/>",
                        pts.join(" ")
                    );
                }
                if n <= 60 {
                    for (x, y) in seg {
                        let _ = write!(
                            s,
                            "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"{colour}\"/>"
                        );
                    }
                }
            }
        }
        let _ = write!(
            s,
            "<text x=\"{left}\" y=\"{}\" font-size=\"11\">{}</text><text x=\"{right}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
            bottom + 16.0,
            escape_html(&p.sessions[0].date.long()),
            bottom + 16.0,
            escape_html(&p.sessions[n - 1].date.long())
        );
    }
    for (k, (name, colour, dash)) in SERIES.iter().enumerate() {
        // "Resilience index" is the longest name: its entry is wider than the P's.
        let x = left
            + if k == 0 {
                0.0
            } else {
                140.0 + (k - 1) as f64 * 100.0
            };
        let y = h - 24.0;
        let _ = write!(
            s,
            "<line x1=\"{x}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"3\" stroke-dasharray=\"{dash}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            x + 26.0,
            x + 30.0,
            y + 4.0,
            escape_html(name)
        );
    }
    s.push_str("</svg>");
    s
}

const EXTRA_CSS: &str = ".overdue td{background:#fde8e6}.overdue .state{color:#b3261e;font-weight:bold}\
.note{color:#444;font-size:.95em}.none{color:#444;font-style:italic}.num{text-align:right}\
table{font-size:.92em}th,td{padding:.25em .45em}";

/// The HTML report.
pub fn html(p: &Programme) -> String {
    let e = escape_html;
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}{EXTRA_CSS}</style>\n</head>\n<body>",
        e(TITLE)
    );
    let _ = writeln!(
        h,
        "<h1>{}</h1>\n<p class=\"meta\"><strong>{}</strong> · period: {} · prepared {}</p>",
        e(TITLE),
        e(ADDRESSEE),
        e(&p.filter.period()),
        e(&p.today.long())
    );
    if !p.filter.areas.is_empty() {
        let areas: Vec<&str> = p.filter.areas.iter().map(String::as_str).collect();
        let _ = writeln!(
            h,
            "<p class=\"meta\">Scenario areas: {}</p>",
            e(&areas.join(", "))
        );
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">This report names the members and officers who took part. Keep it as you would other personal data.</p>"
    );

    h.push_str("<h2>Summary</h2>\n<ul>\n");
    let _ = writeln!(
        h,
        "<li>{} held; {} finished.</li>",
        crate::session::verdict::count(
            p.sessions.len(),
            "facilitated session",
            "facilitated sessions"
        ),
        crate::session::verdict::count(
            p.self_study.finished,
            "self-study session",
            "self-study sessions"
        )
    );
    for role in Role::ALL {
        let _ = writeln!(h, "<li>{}.</li>", e(&p.coverage.headline(role)));
    }
    let overdue = p.recommendations.iter().filter(|r| r.overdue).count();
    let _ = writeln!(
        h,
        "<li>{}, {} overdue.</li>\n</ul>",
        crate::session::verdict::count(
            p.recommendations.len(),
            "recommendation",
            "recommendations"
        ),
        overdue
    );

    h.push_str("<h2>Sessions held and the 4P profile over time</h2>\n");
    if p.sessions.is_empty() {
        h.push_str("<p class=\"none\">No facilitated session was finished in this period.</p>\n");
    } else {
        let _ = writeln!(h, "<div class=\"chart\">{}</div>", svg_profile(p));
        h.push_str("<table>\n<tr><th>Date</th><th>Session</th><th>Scenario</th><th>Area</th><th>Attended</th><th>Index</th><th>Band</th>");
        for q in Pillar::ALL {
            let _ = write!(h, "<th>{}</th>", e(q.name()));
        }
        h.push_str("</tr>\n");
        for r in &p.sessions {
            let band = match r.band {
                Some(b) => format!(
                    "<span style=\"color:{}\">{}</span>",
                    band_hex(b),
                    e(b.label())
                ),
                None => "—".into(),
            };
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{band}</td>",
                e(&r.date.long()),
                e(&r.title),
                e(&r.scenario),
                e(&r.area),
                if r.attended == 0 {
                    "not recorded".to_owned()
                } else {
                    r.attended.to_string()
                },
                e(&pct(r.index)),
            );
            for v in r.pillars {
                let _ = write!(h, "<td class=\"num\">{}</td>", e(&pct(v)));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</table>\n");
    }
    if p.self_study.finished > 0 {
        let _ = writeln!(
            h,
            "<p>Self-study: {} finished by {}{}.</p>",
            crate::session::verdict::count(p.self_study.finished, "session", "sessions"),
            crate::session::verdict::count(p.self_study.people, "named person", "named people"),
            p.self_study
                .mean_index
                .map(|m| format!(", mean resilience index {m:.0}"))
                .unwrap_or_default()
        );
    }

    h.push_str("<h2>Who has taken part</h2>\n");
    for role in Role::ALL {
        let people: Vec<_> = p
            .coverage
            .people
            .iter()
            .filter(|c| c.person.role == role)
            .collect();
        let _ = writeln!(h, "<h3>{}</h3>", e(&p.coverage.headline(role)));
        if people.is_empty() {
            continue;
        }
        let _ = writeln!(
            h,
            "<table>\n<tr><th>Name</th><th>{}</th><th>Taken part</th></tr>",
            if role == Role::Member {
                "Ward"
            } else {
                "Service"
            }
        );
        for c in people {
            let took = if c.took_part.is_empty() {
                "<span class=\"none\">Not yet</span>".to_owned()
            } else {
                c.took_part
                    .iter()
                    .map(|t| e(&t.describe()))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{took}</td></tr>",
                e(&c.person.name),
                e(&c.person.ward_or_service)
            );
        }
        h.push_str("</table>\n");
    }
    if !p.coverage.former.is_empty() {
        let _ = writeln!(
            h,
            "<p>Former members or officers (removed from the roster): {} taken part in; their results are kept without their names.</p>",
            crate::session::verdict::count(p.coverage.former.len(), "session", "sessions")
        );
    }
    if !p.coverage.not_on_roster.is_empty() {
        h.push_str("<p>Also took part, not on the roster:</p>\n<ul>\n");
        for (name, took) in &p.coverage.not_on_roster {
            let _ = writeln!(
                h,
                "<li>{} — {}</li>",
                e(name),
                e(&took
                    .iter()
                    .map(|t| t.describe())
                    .collect::<Vec<_>>()
                    .join("; "))
            );
        }
        h.push_str("</ul>\n");
    }
    if p.coverage.anonymous > 0 {
        let _ = writeln!(
            h,
            "<p>{} finished without a name.</p>",
            match p.coverage.anonymous {
                1 => "1 self-study session was".to_owned(),
                n => format!("{n} self-study sessions were"),
            }
        );
    }

    h.push_str("<h2>Checkpoints missed most often</h2>\n");
    if p.missed.is_empty() {
        h.push_str("<p class=\"none\">No checkpoint was missed in this period's facilitated sessions.</p>\n");
    } else {
        h.push_str("<table>\n<tr><th>P</th><th>Checkpoint</th><th>Scenario</th><th>Missed</th><th>What could have been put in place</th></tr>\n");
        for m in p.missed.iter().take(15) {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} of {}</td><td>{}</td></tr>",
                e(m.p.name()),
                e(&m.title),
                e(&m.scenario),
                m.missed,
                crate::session::verdict::count(m.tested, "session", "sessions"),
                e(&m.lesson)
            );
        }
        h.push_str("</table>\n");
    }

    h.push_str("<h2>Recommendations and where they stand</h2>\n");
    if p.recommendations.is_empty() {
        h.push_str("<p class=\"none\">No recommendation was recorded in this period.</p>\n");
    } else {
        let _ = writeln!(
            h,
            "<p>Soonest due first. Overdue: due before {} and neither done nor dropped.</p>",
            e(&p.today.long())
        );
        h.push_str("<table>\n<tr><th>#</th><th>P</th><th>Recommendation</th><th>From</th><th>Owner</th><th>Due</th><th>Status</th><th>Review notes</th></tr>\n");
        for (i, r) in p.recommendations.iter().enumerate() {
            let _ = writeln!(
                h,
                "<tr{}><td>{}</td><td>{}</td><td>{}</td><td>{} ({})</td><td>{}</td><td>{}</td><td class=\"state\">{}</td><td>{}</td></tr>",
                if r.overdue { " class=\"overdue\"" } else { "" },
                i + 1,
                e(r.p.name()),
                e(&r.text),
                e(&r.session),
                e(&r.session_date.long()),
                e(if r.owner.trim().is_empty() {
                    "—"
                } else {
                    &r.owner
                }),
                e(&r.due_shown()),
                e(&status(r)),
                e(&r.review)
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// The Markdown report.
pub fn markdown(p: &Programme) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {TITLE}\n\n**{ADDRESSEE}** · period: {} · prepared {}\n",
        super::escape_md(&p.filter.period()),
        p.today.long()
    );
    if !p.filter.areas.is_empty() {
        let areas: Vec<String> = p.filter.areas.iter().map(|a| super::escape_md(a)).collect();
        let _ = writeln!(s, "Scenario areas: {}\n", areas.join(", "));
    }
    s.push_str("This report names the members and officers who took part. Keep it as you would other personal data.\n\n## Summary\n\n");
    let _ = writeln!(
        s,
        "- {} held; {} finished.",
        crate::session::verdict::count(
            p.sessions.len(),
            "facilitated session",
            "facilitated sessions"
        ),
        crate::session::verdict::count(
            p.self_study.finished,
            "self-study session",
            "self-study sessions"
        )
    );
    for role in Role::ALL {
        let _ = writeln!(s, "- {}.", p.coverage.headline(role));
    }
    let _ = writeln!(
        s,
        "- {}, {} overdue.",
        crate::session::verdict::count(
            p.recommendations.len(),
            "recommendation",
            "recommendations"
        ),
        p.recommendations.iter().filter(|r| r.overdue).count()
    );
    s.push_str("\n## Sessions held and the 4P profile over time\n\n");
    if p.sessions.is_empty() {
        s.push_str("No facilitated session was finished in this period.\n");
    } else {
        s.push_str("| Date | Session | Scenario | Area | Attended | Index | Band | Pursue | Prevent | Protect | Prepare |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for r in &p.sessions {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.date.long(),
                super::escape_md(&r.title),
                super::escape_md(&r.scenario),
                super::escape_md(&r.area),
                if r.attended == 0 {
                    "not recorded".to_owned()
                } else {
                    r.attended.to_string()
                },
                pct(r.index),
                r.band.map(|b| b.label()).unwrap_or("—"),
                pct(r.pillars[0]),
                pct(r.pillars[1]),
                pct(r.pillars[2]),
                pct(r.pillars[3])
            );
        }
    }
    s.push_str("\n## Who has taken part\n");
    for role in Role::ALL {
        let _ = writeln!(s, "\n### {}\n", p.coverage.headline(role));
        for c in p.coverage.people.iter().filter(|c| c.person.role == role) {
            let took = if c.took_part.is_empty() {
                "not yet".to_owned()
            } else {
                c.took_part
                    .iter()
                    .map(|t| super::escape_md(&t.describe()))
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let ward = if c.person.ward_or_service.is_empty() {
                String::new()
            } else {
                format!(" ({})", super::escape_md(&c.person.ward_or_service))
            };
            let _ = writeln!(s, "- {}{ward}: {took}", super::escape_md(&c.person.name));
        }
    }
    if !p.coverage.former.is_empty() {
        let _ = writeln!(
            s,
            "\nFormer members or officers (removed from the roster): {} taken part in.",
            crate::session::verdict::count(p.coverage.former.len(), "session", "sessions")
        );
    }
    if !p.coverage.not_on_roster.is_empty() {
        s.push_str("\nAlso took part, not on the roster:\n\n");
        for (name, took) in &p.coverage.not_on_roster {
            let _ = writeln!(
                s,
                "- {}: {}",
                super::escape_md(name),
                took.iter()
                    .map(|t| super::escape_md(&t.describe()))
                    .collect::<Vec<_>>()
                    .join("; ")
            );
        }
    }
    s.push_str("\n## Checkpoints missed most often\n\n");
    if p.missed.is_empty() {
        s.push_str("None in this period's facilitated sessions.\n");
    } else {
        s.push_str("| P | Checkpoint | Scenario | Missed |\n|---|---|---|---|\n");
        for m in p.missed.iter().take(15) {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} of {} |",
                m.p.name(),
                super::escape_md(&m.title),
                super::escape_md(&m.scenario),
                m.missed,
                m.tested
            );
        }
    }
    s.push_str("\n## Recommendations and where they stand\n\n");
    if p.recommendations.is_empty() {
        s.push_str("None recorded in this period.\n");
    } else {
        s.push_str("| # | P | Recommendation | From | Owner | Due | Status | Review notes |\n|---|---|---|---|---|---|---|---|\n");
        for (i, r) in p.recommendations.iter().enumerate() {
            let state = if r.overdue {
                format!("**{}**", status(r))
            } else {
                status(r)
            };
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} ({}) | {} | {} | {state} | {} |",
                i + 1,
                r.p.name(),
                super::escape_md(&r.text),
                super::escape_md(&r.session),
                r.session_date.long(),
                super::escape_md(&r.owner),
                super::escape_md(&r.due_shown()),
                super::escape_md(&r.review)
            );
        }
    }
    s
}

/// A CSV cell: quoted when needed, and neutralised with a leading `'` when a spreadsheet
/// would take it for a formula.
pub fn csv_cell(text: &str) -> String {
    let t = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if t.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", t.replace('"', "\"\""))
    } else {
        t
    }
}

fn csv_line(out: &mut String, cells: &[String]) {
    out.push_str(
        &cells
            .iter()
            .map(|c| csv_cell(c))
            .collect::<Vec<_>>()
            .join(","),
    );
    out.push_str("\r\n");
}

/// The columns of the recommendations CSV.
pub const RECOMMENDATIONS_HEADER: [&str; 11] = [
    "number",
    "p",
    "recommendation",
    "owner",
    "due",
    "status",
    "overdue",
    "review",
    "session",
    "session_date",
    "record",
];

/// Every recommendation, one row each, soonest due first.
pub fn recommendations_csv(p: &Programme) -> String {
    let mut out = String::new();
    csv_line(&mut out, &RECOMMENDATIONS_HEADER.map(str::to_owned));
    for (i, r) in p.recommendations.iter().enumerate() {
        csv_line(
            &mut out,
            &[
                (i + 1).to_string(),
                r.p.name().to_owned(),
                r.text.clone(),
                r.owner.clone(),
                r.due
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| r.due_text.clone()),
                r.progress.label().to_owned(),
                if r.overdue { "yes" } else { "no" }.to_owned(),
                r.review.clone(),
                r.session.clone(),
                r.session_date.to_string(),
                r.record.clone(),
            ],
        );
    }
    out
}

/// The columns of the attendance CSV.
pub const ATTENDANCE_HEADER: [&str; 7] = [
    "name",
    "role",
    "ward_or_service",
    "date",
    "scenario",
    "mode",
    "record",
];

/// Who took part in what: one row per person per session, and one row for each person on
/// the roster who has not taken part (with the date empty). Former members appear as
/// "a former member"; people not on the roster with an empty role.
pub fn attendance_csv(p: &Programme) -> String {
    let mut out = String::new();
    csv_line(&mut out, &ATTENDANCE_HEADER.map(str::to_owned));
    let mode = |m: Mode| match m {
        Mode::Facilitated => "evening",
        Mode::SelfStudy => "self-study",
    };
    for c in &p.coverage.people {
        let who = [
            c.person.name.clone(),
            c.person.role.label().to_owned(),
            c.person.ward_or_service.clone(),
        ];
        if c.took_part.is_empty() {
            let mut row = who.to_vec();
            row.extend(["".into(), "".into(), "not yet".into(), "".into()]);
            csv_line(&mut out, &row);
        }
        for t in &c.took_part {
            let mut row = who.to_vec();
            row.extend([
                t.date.to_string(),
                t.scenario.clone(),
                mode(t.mode).to_owned(),
                t.record.clone(),
            ]);
            csv_line(&mut out, &row);
        }
    }
    for (name, took) in &p.coverage.not_on_roster {
        for t in took {
            csv_line(
                &mut out,
                &[
                    name.clone(),
                    String::new(),
                    "not on the roster".into(),
                    t.date.to_string(),
                    t.scenario.clone(),
                    mode(t.mode).to_owned(),
                    t.record.clone(),
                ],
            );
        }
    }
    for t in &p.coverage.former {
        csv_line(
            &mut out,
            &[
                "a former member".into(),
                String::new(),
                String::new(),
                t.date.to_string(),
                t.scenario.clone(),
                mode(t.mode).to_owned(),
                t.record.clone(),
            ],
        );
    }
    out
}
