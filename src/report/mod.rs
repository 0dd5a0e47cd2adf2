//! Exports of a session for the Crime and Disorder Committee: a self-contained printable HTML
//! report (inline CSS and SVG, no scripts, no external resources, every text escaped),
//! Markdown, and CSV of decisions (one row per decision per table). No egui here.

use crate::scenario::{Band, Pillar};
use crate::session::{Decision, Mode, Session, Status, score_text};
use std::fmt::Write;

pub mod programme;

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Printable HTML.
    Html,
    /// Markdown.
    Markdown,
    /// CSV of decisions.
    Csv,
}

impl Format {
    /// Parses `html`, `md`/`markdown` or `csv`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "html" | "htm" => Some(Format::Html),
            "md" | "markdown" => Some(Format::Markdown),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Csv => "csv",
        }
    }
}

/// Renders a session in a format.
pub fn render(session: &Session, format: Format) -> String {
    match format {
        Format::Html => html(session),
        Format::Markdown => markdown(session),
        Format::Csv => csv(session),
    }
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Splits light Markdown (as the app renders it: `**bold**`, `*italic*`) into runs of text
/// with their emphasis: (text, bold, italic). An emphasis left open at the end is closed there.
fn emphasis_runs(text: &str) -> Vec<(&str, bool, bool)> {
    let mut runs = Vec::new();
    let mut rest = text;
    let (mut bold, mut italic) = (false, false);
    while !rest.is_empty() {
        let next = rest.find('*').unwrap_or(rest.len());
        if next > 0 {
            runs.push((&rest[..next], bold, italic));
        }
        rest = &rest[next..];
        if let Some(r) = rest.strip_prefix("**") {
            bold = !bold;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('*') {
            italic = !italic;
            rest = r;
        }
    }
    runs
}

/// Scenario text (light Markdown) as HTML: escaped, with `<strong>` and `<em>` for its
/// emphasis and `<br>` for its line breaks — what the app shows, in the report.
pub fn markdown_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (run, bold, italic) in emphasis_runs(text) {
        let escaped = escape_html(run).replace('\n', "<br>");
        match (bold, italic) {
            (true, true) => {
                let _ = write!(out, "<strong><em>{escaped}</em></strong>");
            }
            (true, false) => {
                let _ = write!(out, "<strong>{escaped}</strong>");
            }
            (false, true) => {
                let _ = write!(out, "<em>{escaped}</em>");
            }
            (false, false) => out.push_str(&escaped),
        }
    }
    out
}

/// Scenario text (light Markdown) for the Markdown report: everything else escaped, its
/// emphasis kept as emphasis, every span closed.
pub fn markdown_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (run, bold, italic) in emphasis_runs(text) {
        // Emphasis marks hug the text: "** x **" is not bold in Markdown.
        let trimmed = run.trim();
        if trimmed.is_empty() || !(bold || italic) {
            out.push_str(&escape_md(run));
            continue;
        }
        let lead = &run[..run.len() - run.trim_start().len()];
        let tail = &run[run.trim_end().len()..];
        let mark = match (bold, italic) {
            (true, true) => "***",
            (true, false) => "**",
            _ => "*",
        };
        let _ = write!(
            out,
            "{}{mark}{}{mark}{}",
            escape_md(lead),
            escape_md(trimmed),
            escape_md(tail)
        );
    }
    out
}

fn band_hex(band: Band) -> &'static str {
    match band {
        Band::Resilient => "#1b7a3a",
        Band::Developing => "#a85d00",
        Band::Vulnerable => "#b3261e",
    }
}

fn range(r: Option<(f64, f64)>) -> String {
    r.map(|(w, b)| format!("{w:.0}–{b:.0}"))
        .unwrap_or_else(|| "—".into())
}

/// The text of a choice by its index, from what was on offer at the decision.
fn choice_text(d: &Decision, index: usize) -> String {
    if index == d.choice {
        return d.choice_text.clone();
    }
    d.offered
        .iter()
        .find(|(i, _)| *i == index)
        .map(|(_, t)| t.clone())
        .unwrap_or_else(|| format!("choice {}", index + 1))
}

/// The votes at a decision, one line per choice voted for: the tables that chose it, how
/// many, and the choice (or the hands counted for each choice in a whole-room vote).
fn vote_lines(d: &Decision) -> Vec<String> {
    let mut by_choice: Vec<(usize, Vec<&str>)> = Vec::new();
    for v in &d.votes {
        match by_choice.iter_mut().find(|(c, _)| *c == v.choice) {
            Some((_, tables)) => tables.push(&v.table),
            None => by_choice.push((v.choice, vec![&v.table])),
        }
    }
    by_choice
        .iter()
        .map(|(c, tables)| {
            format!(
                "{} ({}): {}",
                tables.join(", "),
                tables.len(),
                choice_text(d, *c)
            )
        })
        .chain(
            d.counts
                .iter()
                .map(|c| format!("{} hands: {}", c.hands, choice_text(d, c.choice))),
        )
        .collect()
}

/// The room's rationale, with the facilitator's reason when the decision overrode the
/// majority.
fn rationale_text(d: &Decision) -> String {
    let mut rationale = d.rationale.trim().to_owned();
    if !d.override_reason.trim().is_empty() {
        rationale = format!(
            "{rationale} (overrode the majority: {})",
            d.override_reason.trim()
        )
        .trim()
        .to_owned();
    }
    rationale
}

/// The line under the title: scenario, version, when it started (local time) and whether it
/// is finished.
fn scenario_line(session: &Session) -> String {
    let st = session.state();
    format!(
        "Scenario {} version {} · started {}",
        st.started.scenario_id,
        st.started.scenario_version,
        crate::session::time::local_display(st.started.started_at)
    )
}

fn title(session: &Session) -> String {
    let st = session.state();
    if st.started.config.title.is_empty() {
        format!("Desktop audit: {}", st.started.scenario_title)
    } else {
        format!(
            "{} — {}",
            st.started.config.title, st.started.scenario_title
        )
    }
}

/// An inline SVG bar chart of the four Ps (with a text alternative in `<title>`).
fn svg_chart(session: &Session) -> String {
    let score = session.score();
    let mut s = String::from(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 420 240\" width=\"420\" height=\"240\" role=\"img\" aria-labelledby=\"chart-title\">",
    );
    let alt: Vec<String> = Pillar::ALL
        .iter()
        .map(|p| format!("{} {}", p.name(), score_text(score.pillar(*p))))
        .collect();
    let _ = write!(
        s,
        "<title id=\"chart-title\">4P scores: {}</title>",
        escape_html(&alt.join(", "))
    );
    for v in [0, 25, 50, 75, 100] {
        let y = 200.0 - f64::from(v) * 1.8;
        let _ = write!(
            s,
            "<line x1=\"40\" x2=\"410\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ccc\"/><text x=\"34\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{v}</text>",
            y + 4.0
        );
    }
    for (i, p) in Pillar::ALL.iter().enumerate() {
        let x = 55.0 + i as f64 * 90.0;
        let label = escape_html(p.name());
        match score.pillar(*p) {
            Some(v) => {
                let h = v * 1.8;
                let colour = band_hex(Band::of(v));
                let _ = write!(
                    s,
                    "<rect x=\"{x}\" y=\"{}\" width=\"60\" height=\"{h}\" fill=\"{colour}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\">{v:.0}</text>",
                    200.0 - h,
                    x + 30.0,
                    195.0 - h
                );
            }
            None => {
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"190\" font-size=\"11\" text-anchor=\"middle\">not tested</text>",
                    x + 30.0
                );
            }
        }
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"220\" font-size=\"13\" text-anchor=\"middle\">{label}</text>",
            x + 30.0
        );
    }
    s.push_str("</svg>");
    s
}

/// The reports' shared style sheet (print-friendly).
pub(crate) const CSS: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:60em;margin:2em auto;padding:0 1em;color:#1c1c1c;line-height:1.45}\
h1{font-size:1.7em;margin-bottom:.2em}h2{font-size:1.25em;border-bottom:1px solid #999;margin-top:1.6em}\
.meta{color:#444}.index{font-size:2.4em;font-weight:bold}.band{font-size:1.4em;font-weight:bold}\
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #999;padding:.3em .6em;text-align:left;vertical-align:top}\
th{background:#eee}.chart{display:flex;gap:2em;align-items:flex-start;flex-wrap:wrap}\
.status-met{color:#1b7a3a;font-weight:bold}.status-partly{color:#a85d00;font-weight:bold}.status-missed{color:#b3261e;font-weight:bold}\
.lesson{margin:.2em 0 .6em 1em;font-style:italic}@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}";

/// The HTML report.
pub fn html(session: &Session) -> String {
    let st = session.state();
    let score = session.score();
    let e = escape_html;
    let mut h = String::new();
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        e(&title(session))
    );
    let _ = writeln!(
        h,
        "<h1>{}</h1>\n<p class=\"meta\">{}</p>",
        e(&title(session)),
        e(&session.participants().line())
    );
    let _ = writeln!(
        h,
        "<p class=\"meta\">{}{}</p>",
        e(&scenario_line(session)),
        if st.finished {
            ""
        } else {
            " · <strong>not finished</strong>"
        }
    );
    if let Some((rating, outcome)) = &st.current.ending {
        let _ = writeln!(
            h,
            "<p><strong>Ending ({}):</strong> {}</p>",
            e(rating.label()),
            markdown_html(outcome)
        );
    }

    h.push_str("<h2>Resilience</h2>\n");
    match (score.index, score.band()) {
        (Some(i), Some(b)) => {
            let _ = writeln!(
                h,
                "<p><span class=\"index\" style=\"color:{c}\">{i:.0}</span> / 100 — <span class=\"band\" style=\"color:{c}\">{}</span></p>",
                e(b.label()),
                c = band_hex(b)
            );
        }
        _ => h.push_str("<p>No checkpoint was tested.</p>\n"),
    }
    let _ = writeln!(h, "<p>{}</p>", e(&session.score_note().text()));
    let _ = writeln!(
        h,
        "<p>Possible in this scenario: {}</p>",
        e(&range(st.started.possible_index))
    );
    let _ = writeln!(
        h,
        "<div class=\"chart\">{}\n<table>\n<tr><th>P</th><th>Score</th><th>Possible</th></tr>",
        svg_chart(session)
    );
    for p in Pillar::ALL {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            e(p.name()),
            e(&score_text(score.pillar(p))),
            e(&range(st.started.possible_pillars[p.index()]))
        );
    }
    h.push_str("</table></div>\n");

    let tables = session.table_scores();
    if !tables.is_empty() {
        h.push_str("<h2>Tables compared</h2>\n<table>\n<tr><th>Table</th><th>Index</th>");
        for p in Pillar::ALL {
            let _ = write!(h, "<th>{}</th>", e(p.name()));
        }
        h.push_str("</tr>\n");
        for (name, s) in &tables {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td>",
                e(name),
                e(&score_text(s.index))
            );
            for p in Pillar::ALL {
                let _ = write!(h, "<td>{}</td>", e(&score_text(s.pillar(p))));
            }
            h.push_str("</tr>\n");
        }
        h.push_str("</table>\n");
    }

    // Votes, agreement and rationale belong to a room; a self-study report leaves them out.
    let room = session.config().mode == Mode::Facilitated;
    h.push_str("<h2>Decisions</h2>\n<table>\n<tr><th>#</th><th>Situation</th><th>Decision</th>");
    if room {
        h.push_str("<th>Votes</th><th>Agreement</th><th>Rationale</th>");
    }
    h.push_str("</tr>\n");
    let alignment = session.alignment();
    for (i, d) in st.path.iter().enumerate() {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td>",
            i + 1,
            markdown_html(&d.node_title),
            markdown_html(&d.choice_text),
        );
        if room {
            let votes = vote_lines(d);
            let _ = write!(
                h,
                "<td>{}</td><td>{}</td><td>{}</td>",
                votes.iter().map(|v| e(v)).collect::<Vec<_>>().join("<br>"),
                alignment[i]
                    .map(|a| format!("{:.0}%", a * 100.0))
                    .unwrap_or_else(|| "—".into()),
                e(&rationale_text(d))
            );
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</table>\n");

    h.push_str("<h2>Checkpoints</h2>\n");
    for c in &score.checkpoints {
        let class = match c.status {
            Status::Met => "status-met",
            Status::PartlyMet => "status-partly",
            Status::Missed | Status::NotReached => "status-missed",
            Status::NotTested => "",
        };
        let _ = write!(
            h,
            "<p><span class=\"{class}\">{}</span> — {} ({}, weight {})",
            e(c.status.label()),
            markdown_html(&c.checkpoint.title),
            e(c.checkpoint.p.name()),
            c.checkpoint.weight
        );
        if let Some(d) = c.decided_by.and_then(|i| st.path.get(i)) {
            let _ = write!(h, "<br>Set by: “{}”", markdown_html(&d.choice_text));
        }
        h.push_str("</p>\n");
        if c.status.shows_lesson() {
            let _ = writeln!(
                h,
                "<p class=\"lesson\">What could have been put in place: {}</p>",
                markdown_html(&c.checkpoint.lesson)
            );
        }
        if !c.checkpoint.references.is_empty() {
            let _ = writeln!(
                h,
                "<p class=\"lesson\">References: {}</p>",
                e(&c.checkpoint.references.join("; "))
            );
        }
    }

    if !st.injects.is_empty() {
        h.push_str("<h2>Developments dropped in</h2>\n<ul>\n");
        for (_, t, text, after) in &st.injects {
            let _ = writeln!(
                h,
                "<li><strong>{}</strong> (after decision {after}): {}</li>",
                markdown_html(t),
                markdown_html(text)
            );
        }
        h.push_str("</ul>\n");
    }
    if !st.notes.is_empty() {
        h.push_str("<h2>Observations</h2>\n<ul>\n");
        for n in &st.notes {
            let _ = writeln!(h, "<li>{}</li>", e(n));
        }
        h.push_str("</ul>\n");
    }
    if room || !st.recommendations.is_empty() {
        h.push_str("<h2>Recommendations to the Crime and Disorder Committee</h2>\n");
    }
    if st.recommendations.is_empty() {
        if room {
            h.push_str("<p>None recorded.</p>\n");
        }
    } else {
        h.push_str("<table>\n<tr><th>#</th><th>P</th><th>Recommendation</th><th>Owner</th><th>Due</th><th>Status</th></tr>\n");
        for (i, r) in st.recommendations.iter().enumerate() {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                e(r.p.name()),
                e(&r.text),
                e(&r.owner),
                e(&r.due),
                e(&status_text(r))
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("</body>\n</html>\n");
    h
}

/// Escapes text for a Markdown table cell or line.
fn escape_md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '*' | '_' | '`' | '<' | '>' | '[' | ']' | '#' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The Markdown report: the same facts as the HTML report, in the same order and with the
/// same wording, so either can go to the committee.
pub fn markdown(session: &Session) -> String {
    let st = session.state();
    let score = session.score();
    let m = escape_md;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {}\n\n{}\n",
        m(&title(session)),
        m(&session.participants().line())
    );
    let _ = writeln!(
        s,
        "{}{}\n",
        m(&scenario_line(session)),
        if st.finished {
            ""
        } else {
            " · **not finished**"
        }
    );
    if let Some((rating, outcome)) = &st.current.ending {
        let _ = writeln!(
            s,
            "**Ending ({}):** {}\n",
            rating.label(),
            markdown_md(outcome)
        );
    }
    s.push_str("## Resilience\n\n");
    match (score.index, score.band()) {
        (Some(i), Some(b)) => {
            let _ = writeln!(s, "**{i:.0}** / 100 — **{}**\n", b.label());
        }
        _ => s.push_str("No checkpoint was tested.\n\n"),
    }
    let _ = writeln!(s, "{}\n", m(&session.score_note().text()));
    let _ = writeln!(
        s,
        "Possible in this scenario: {}\n",
        range(st.started.possible_index)
    );
    s.push_str("| P | Score | Possible |\n|---|---|---|\n");
    for p in Pillar::ALL {
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            p.name(),
            score_text(score.pillar(p)),
            range(st.started.possible_pillars[p.index()])
        );
    }
    let tables = session.table_scores();
    if !tables.is_empty() {
        s.push_str("\n## Tables compared\n\n| Table | Index | Pursue | Prevent | Protect | Prepare |\n|---|---|---|---|---|---|\n");
        for (name, t) in &tables {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                m(name),
                score_text(t.index),
                score_text(t.pillar(Pillar::Pursue)),
                score_text(t.pillar(Pillar::Prevent)),
                score_text(t.pillar(Pillar::Protect)),
                score_text(t.pillar(Pillar::Prepare))
            );
        }
    }
    s.push_str("\n## Decisions\n\n");
    let alignment = session.alignment();
    for (i, d) in st.path.iter().enumerate() {
        let _ = writeln!(
            s,
            "{}. **{}** — {}",
            i + 1,
            markdown_md(&d.node_title),
            markdown_md(&d.choice_text)
        );
        for v in vote_lines(d) {
            let _ = writeln!(s, "   - Votes: {}", m(&v));
        }
        if let Some(a) = alignment[i] {
            let _ = writeln!(s, "   - Agreement: {:.0}%", a * 100.0);
        }
        let rationale = rationale_text(d);
        if !rationale.is_empty() {
            let _ = writeln!(s, "   - Rationale: {}", m(&rationale));
        }
    }
    s.push_str("\n## Checkpoints\n\n");
    for c in &score.checkpoints {
        let _ = writeln!(
            s,
            "- **{}** — {} ({}, weight {})",
            c.status.label(),
            markdown_md(&c.checkpoint.title),
            c.checkpoint.p.name(),
            c.checkpoint.weight
        );
        if let Some(d) = c.decided_by.and_then(|i| st.path.get(i)) {
            let _ = writeln!(s, "  - Set by: “{}”", markdown_md(&d.choice_text));
        }
        if c.status.shows_lesson() {
            let _ = writeln!(
                s,
                "  - What could have been put in place: {}",
                markdown_md(&c.checkpoint.lesson)
            );
        }
        if !c.checkpoint.references.is_empty() {
            let _ = writeln!(
                s,
                "  - References: {}",
                m(&c.checkpoint.references.join("; "))
            );
        }
    }
    if !st.injects.is_empty() {
        s.push_str("\n## Developments dropped in\n\n");
        for (_, t, text, after) in &st.injects {
            let _ = writeln!(
                s,
                "- **{}** (after decision {after}): {}",
                markdown_md(t),
                markdown_md(text)
            );
        }
    }
    if !st.notes.is_empty() {
        s.push_str("\n## Observations\n\n");
        for n in &st.notes {
            let _ = writeln!(s, "- {}", m(n));
        }
    }
    let room = session.config().mode == Mode::Facilitated;
    if room || !st.recommendations.is_empty() {
        s.push_str("\n## Recommendations to the Crime and Disorder Committee\n\n");
    }
    if st.recommendations.is_empty() {
        if room {
            s.push_str("None recorded.\n");
        }
    } else {
        s.push_str(
            "| # | P | Recommendation | Owner | Due | Status |\n|---|---|---|---|---|---|\n",
        );
        for (i, r) in st.recommendations.iter().enumerate() {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                i + 1,
                r.p.name(),
                m(&r.text),
                m(&r.owner),
                m(&r.due),
                m(&status_text(r))
            );
        }
    }
    s
}

/// First characters that make a spreadsheet read a cell as a formula (or, for tab and
/// carriage return, can smuggle one past a naive check).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV cell: a text that would start a formula gets a leading `'`, as OWASP advises
/// against CSV injection, so a spreadsheet shows it as text (a table named `=HYPERLINK(..)`
/// must not become a live link); then quoted if it holds a comma, quote or line break.
fn csv_field(text: &str) -> String {
    let neutral;
    let text = if text.starts_with(FORMULA_START) {
        neutral = format!("'{text}");
        neutral.as_str()
    } else {
        text
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The columns of the decisions CSV.
pub const CSV_HEADER: [&str; 10] = [
    "decision",
    "node",
    "situation",
    "table",
    "table_choice",
    "room_choice",
    "agreed",
    "rationale",
    "override_reason",
    "hands",
];

/// A recommendation's status with what its latest review said.
fn status_text(r: &crate::session::Recommendation) -> String {
    if r.review.is_empty() {
        r.progress.label().to_owned()
    } else {
        format!("{}: {}", r.progress.label(), r.review)
    }
}

/// CSV of decisions: one row per decision per table (or per counted choice for a whole
/// room, or one row per decision in self-study).
pub fn csv(session: &Session) -> String {
    let st = session.state();
    let mut out = CSV_HEADER.join(",");
    out.push_str("\r\n");
    let participant = if st.started.config.participant.is_empty() {
        "self-study".to_owned()
    } else {
        st.started.config.participant.clone()
    };
    for (i, d) in st.path.iter().enumerate() {
        let mut rows: Vec<(String, usize, String)> = d
            .votes
            .iter()
            .map(|v| (v.table.clone(), v.choice, String::new()))
            .collect();
        rows.extend(
            d.counts
                .iter()
                .map(|c| ("room".to_owned(), c.choice, c.hands.to_string())),
        );
        if rows.is_empty() {
            rows.push((participant.clone(), d.choice, String::new()));
        }
        for (table, choice, hands) in rows {
            let fields = [
                (i + 1).to_string(),
                d.node.0.clone(),
                d.node_title.clone(),
                table,
                choice_text(d, choice),
                d.choice_text.clone(),
                if choice == d.choice {
                    "yes".into()
                } else {
                    "no".into()
                },
                d.rationale.clone(),
                d.override_reason.clone(),
                hands,
            ];
            out.push_str(
                &fields
                    .iter()
                    .map(|f| csv_field(f))
                    .collect::<Vec<_>>()
                    .join(","),
            );
            out.push_str("\r\n");
        }
    }
    out
}
