//! The command line for scenario authors: `deskaudit new`, `deskaudit map` and
//! `deskaudit check --watch`. Each command is one function that writes to the streams it is
//! given and returns the exit code, so tests run them without a process.

use crate::map::{LayoutParams, MapGraph, layout, to_svg};
use crate::scenario::{Library, Source};
use crate::watch::{FolderWatcher, Reloaded};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// A scenario id made from a name: lower case letters, digits and hyphens.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').chars().take(60).collect()
}

/// Text made safe inside a RON string: backslashes and quotes escaped, line breaks as spaces.
fn ron_text(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\\' => "\\\\".to_owned(),
            '"' => "\\\"".to_owned(),
            c if c.is_control() => " ".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

/// The starter scenario `deskaudit new` writes: small, valid, and explained line by line.
pub fn template(id: &str, title: &str, area: &str) -> String {
    let id = ron_text(id);
    let title = ron_text(title);
    let area = ron_text(area);
    format!(
        r#"// A new deskaudit scenario. Lines starting with // are comments: deskaudit ignores them,
// so keep or delete them as you like. Check the file with `deskaudit check THIS-FILE`, see its
// shape with `deskaudit map THIS-FILE`, or open the Author screen in the app, which shows
// every save at once. docs/scenario-format.md explains every field.
Scenario(
    // The format version this file is written in. Leave it at 1.
    format: 1,
    // A short id that never changes: session records refer to the scenario by it.
    id: "{id}",
    // Your own version number. Raise it when you change the scenario.
    version: "0.1",
    title: "{title}",
    // The area of council business, used to group scenarios in the library.
    area: "{area}",
    // The kind of council the scenario is written for, shown on its library card. One of
    // District (a district council in a two-tier area), County, Unitary, MetropolitanBorough
    // or LondonBorough. It decides what the council runs itself and whom it must call: a
    // district calls the county for Trading Standards and social care. Say it in the summary.
    council: District,
    // One paragraph for the library: the kind of council, and the situation, not the answer.
    summary: "A local business is reported to the council, a district council in a two-tier area. Replace this with your own summary: what the players will face, in two or three sentences.",
    audience: "Members and officers",
    // Estimated playing time in minutes.
    minutes: 20,
    roles: ["Committee member", "Lead officer"],
    // The node where every session starts (see `nodes` below).
    start: "first-report",

    // CHECKPOINTS are what is scored: the measures the council should take. Each belongs to
    // one of the four Ps. Choices record them as Met, PartlyMet or Missed.
    checkpoints: [
        Checkpoint(
            id: "partners-told",
            p: Pursue,
            title: "Intelligence shared with the police and partners",
            weight: 2.0, // more weight for a measure that matters more (up to 10)
            required: true, // a session that never reaches it counts it as missed
            lesson: "Shown in the debrief when missed: what the council could have done, and why it matters.",
            references: ["Crime and Disorder Act 1998, s115"],
        ),
        Checkpoint(
            id: "staff-aware",
            p: Prevent,
            title: "Staff know the warning signs",
            lesson: "Officers who know the warning signs raise them early.",
        ),
        Checkpoint(
            id: "checks-made",
            p: Protect,
            title: "Checks made before the council acts",
            lesson: "A few checks before a decision stop the council being used.",
        ),
        Checkpoint(
            id: "plan-ready",
            p: Prepare,
            title: "A plan for what happens next",
            lesson: "Knowing who leads and who is told makes the next case quicker.",
        ),
    ],

    // FLAGS remember what happened, for conditions later in the story.
    flags: [
        Flag(id: "police_told", description: "The police have been told"),
    ],

    // COUNTERS add up something along the way (money lost, people at risk).
    counters: [
        Counter(id: "at_risk", label: "Public money at risk", unit: "£", start: 5000),
    ],

    // VARIABLES: one value is picked per session and used in text as {{business}}.
    variables: [
        Variable(id: "business", values: ["Northgate Stores", "Riverside Motors"]),
    ],

    // NODES are the moments of the story. A node with `choices` is a decision; a node with
    // an `ending` ends the scenario. Every choice says where it leads (`goto`).
    nodes: [
        Node(
            id: "first-report",
            title: "A report comes in",
            // The narrative, in light Markdown: **bold**, *italic*, lists.
            text: "A member of the public reports that **{{business}}** is trading late at night and that cash is changing hands in the car park.",
            evidence: [
                Evidence(kind: Note, title: "Call log", body: "Caller did not leave a name. Says it has been going on for a month."),
            ],
            // Only the facilitator sees these; never the projector.
            facilitator_notes: "Let the room decide who owns the report before anyone acts.",
            questions: ["Who in the council should hear about this?"],
            model_answer: "Check what the council already knows and share the report with the police.",
            // Write choices of similar length, and do not make the best one the longest or the
            // only one with a reason: `deskaudit check` warns when the answer gives itself away.
            choices: [
                Choice(
                    text: "Check our own records, then share the report with the police",
                    goto: "visit",
                    feedback: "Licensing finds two earlier complaints. The police thank you: the name is known to them.",
                    effects: [Met("partners-told"), Met("checks-made"), Set("police_told")],
                ),
                Choice(
                    text: "Send an officer round tomorrow to see what is going on for ourselves",
                    goto: "visit",
                    feedback: "The visit is booked. Nobody else knows about the report.",
                    effects: [PartlyMet("checks-made"), Missed("partners-told")],
                ),
                Choice(
                    text: "Log the report: one anonymous call is not enough to act on",
                    goto: "bad-end",
                    feedback: "The report sits in a queue.",
                    effects: [Missed("checks-made"), Missed("staff-aware"), Add("at_risk", 20000)],
                ),
            ],
        ),
        Node(
            id: "visit",
            title: "The visit",
            text: "The officer finds the shop shut and a van loading boxes at the back.",
            choices: [
                Choice(
                    text: "Brief frontline staff on the warning signs, and agree who leads",
                    goto: "good-end",
                    // BRANCHES: tried in order before `goto`; the first whose `when` holds wins.
                    branches: [
                        Branch(when: Lacks("police_told"), goto: "mixed-end"),
                    ],
                    feedback: "Staff know what to look for, and there is a plan.",
                    effects: [Met("staff-aware"), Met("plan-ready")],
                ),
                Choice(
                    text: "Close the file, since nothing illegal was seen on the visit today",
                    goto: "bad-end",
                    feedback: "The van keeps coming.",
                    effects: [Missed("staff-aware"), Missed("plan-ready"), Add("at_risk", 10000)],
                ),
            ],
        ),
        Node(
            id: "good-end",
            title: "Joined up",
            text: "The police act on the council's information, and staff spot the next case early.",
            ending: Ending(rating: Good, outcome: "The council shared what it knew and was ready for the next case."),
        ),
        Node(
            id: "mixed-end",
            title: "Ready, but on its own",
            text: "Staff are alert, but the police never heard about the first report.",
            ending: Ending(rating: Mixed, outcome: "The council was prepared but did not share intelligence."),
        ),
        Node(
            id: "bad-end",
            title: "Too late",
            text: "Months later the business is raided by the police. The council's file held the first warning.",
            ending: Ending(rating: Poor, outcome: "The council held the warning and did nothing with it."),
        ),
    ],
)
"#
    )
}

/// Runs `deskaudit new FILE [--title T] [--area A]`: writes a starter scenario, never over an
/// existing file. Returns the exit code.
pub fn new_scenario(
    file: &Path,
    title: Option<&str>,
    area: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let title = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or("My new scenario");
    let area = area
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .unwrap_or("Licensing");
    let from_file = file
        .file_stem()
        .map(|s| slug(&s.to_string_lossy()))
        .unwrap_or_default();
    let id = [from_file, slug(title)]
        .into_iter()
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "my-scenario".into());
    if file.extension().is_none_or(|e| e != "ron") {
        let _ = writeln!(
            err,
            "deskaudit: scenario files end in .ron: try `deskaudit new {}.ron`",
            file.display()
        );
        return 2;
    }
    let text = template(&id, title, area);
    // `create_new` refuses to replace anything that is there, even if it appeared just now.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(file)
        .and_then(|mut f| {
            f.write_all(text.as_bytes())?;
            f.sync_all()
        });
    match written {
        Ok(()) => {
            let _ = writeln!(
                out,
                "wrote {} (id \"{id}\"): a small scenario to change into your own.\n\
                 next: `deskaudit check {}` after each change, or open the Author screen",
                file.display(),
                file.display()
            );
            0
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let _ = writeln!(
                err,
                "deskaudit: {} already exists; it has been left as it was. Choose another name.",
                file.display()
            );
            1
        }
        Err(e) => {
            // Do not leave half a file behind.
            if file.is_file()
                && std::fs::read(file)
                    .map(|b| b != text.as_bytes())
                    .unwrap_or(false)
            {
                let _ = std::fs::remove_file(file);
            }
            let _ = writeln!(err, "deskaudit: cannot write {}: {e}", file.display());
            1
        }
    }
}

/// Runs `deskaudit map FILE [-o OUT]`: writes the branch map as SVG (beside the scenario, as
/// `FILE.svg`, unless `-o` says where; `-o -` writes to standard output). FILE may also be
/// the id of a built-in scenario. A file with errors still gets a map, with its problems
/// marked, as long as it can be read at all.
pub fn map(file: &str, output: Option<&Path>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let path = Path::new(file);
    let graph = if path.is_file() {
        match std::fs::read(path) {
            Ok(bytes) => match MapGraph::from_source(file, &bytes) {
                Ok(g) => g,
                Err(problems) => {
                    for p in problems {
                        let _ = writeln!(err, "{p}");
                    }
                    let _ = writeln!(
                        err,
                        "deskaudit: no map: the file cannot be read as a scenario until the problem above is fixed"
                    );
                    return 1;
                }
            },
            Err(e) => {
                let _ = writeln!(err, "deskaudit: cannot read {file}: {e}");
                return 1;
            }
        }
    } else {
        let lib = Library::embedded();
        match lib.get(file) {
            Some(s) => MapGraph::from_loaded(s),
            None => {
                let _ = writeln!(
                    err,
                    "deskaudit: {file} is neither a file nor a built-in scenario id (see `deskaudit list`)"
                );
                return 1;
            }
        }
    };
    for p in &graph.problems {
        let _ = writeln!(err, "{p}");
    }
    let l = layout(&graph, &LayoutParams::default());
    let svg = to_svg(&graph, &l);
    let target: PathBuf = match output {
        Some(o) if o == Path::new("-") => {
            let _ = out.write_all(svg.as_bytes());
            return 0;
        }
        Some(o) => o.to_path_buf(),
        None if path.is_file() => path.with_extension("svg"),
        None => PathBuf::from(format!("{file}.svg")),
    };
    match crate::fsutil::write_atomically(&target, svg.as_bytes()) {
        Ok(()) => {
            let problem_nodes = graph.nodes.iter().filter(|n| n.has_problem()).count();
            let _ = writeln!(
                out,
                "wrote {}: {} nodes, {} arrows{}",
                target.display(),
                graph.nodes.len(),
                graph.edges.len(),
                if problem_nodes > 0 {
                    format!(", {problem_nodes} outlined in red for a problem")
                } else {
                    String::new()
                }
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "deskaudit: cannot write {}: {e}", target.display());
            1
        }
    }
}

/// Runs `deskaudit check --watch PATH…`: checks once, then again every time a scenario file
/// under the paths is saved, until `stop` is set (Ctrl-C ends the process in normal use).
/// Returns 0 when it was stopped, 1 when nothing could be watched.
pub fn check_watch(
    paths: &[PathBuf],
    data_dir: &Path,
    out: &mut dyn Write,
    stop: &AtomicBool,
) -> i32 {
    let _ = crate::cli::check(paths, false, data_dir, out);
    let targets: Vec<PathBuf> = if paths.is_empty() {
        vec![crate::scenario::load::user_scenarios_dir(data_dir)]
    } else {
        paths.to_vec()
    };
    let mut watchers = Vec::new();
    for t in &targets {
        match FolderWatcher::start(t, Source::CommandLine, || {}) {
            Ok(w) => watchers.push(w),
            Err(e) => {
                let _ = writeln!(out, "deskaudit: {e}");
            }
        }
    }
    if watchers.is_empty() {
        return 1;
    }
    let _ = writeln!(
        out,
        "watching {} for changes (Ctrl-C to stop)…",
        targets
            .iter()
            .map(|t| t.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = out.flush();
    while !stop.load(Ordering::Relaxed) {
        let mut any = false;
        for w in &watchers {
            if let Some(u) = w.wait(Duration::from_millis(100)) {
                any = true;
                report_update(out, &u);
                for more in w.take() {
                    report_update(out, &more);
                }
            }
        }
        if any {
            let _ = out.flush();
        }
    }
    0
}

fn report_update(out: &mut dyn Write, u: &crate::watch::FileUpdate) {
    let now = crate::session::time::local_display(crate::session::time::now());
    let time = now.get(11..16).unwrap_or(&now);
    match &u.result {
        Reloaded::Loaded(s) => {
            let _ = writeln!(
                out,
                "[{time}] {}: ok — \"{}\" ({} nodes){}",
                u.path.display(),
                s.scenario.title,
                s.scenario.nodes.len(),
                if s.warnings.is_empty() {
                    String::new()
                } else {
                    format!(", {} warning(s)", s.warnings.len())
                }
            );
            for w in &s.warnings {
                let _ = writeln!(out, "{w}");
            }
        }
        Reloaded::Failed(problems, _) => {
            let _ = writeln!(
                out,
                "[{time}] {}: {} problem(s)",
                u.path.display(),
                problems.len()
            );
            for p in problems {
                let _ = writeln!(out, "{p}");
            }
        }
        Reloaded::Removed => {
            let _ = writeln!(out, "[{time}] {}: removed", u.path.display());
        }
    }
}

/// Makes an editable copy of a built-in scenario (its `file` is `embedded:NAME`) in `dir`,
/// with a new id (`ID-copy`, `ID-copy-2`, … — whichever `taken` says is free) and "(my copy)"
/// after its title. Returns the new file's path. Never replaces an existing file.
pub fn copy_builtin(
    file: &str,
    dir: &Path,
    taken: &dyn Fn(&str) -> bool,
) -> Result<PathBuf, String> {
    use crate::scenario::spans::{self, Path as SpanPath};
    let name = file
        .strip_prefix("embedded:")
        .ok_or_else(|| format!("{file} is not a built-in scenario"))?;
    let bytes = crate::scenario::load::EMBEDDED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| *b)
        .ok_or_else(|| format!("there is no built-in scenario called {name}"))?;
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let tree = spans::parse(text, crate::scenario::limits::MAX_NESTING)
        .map_err(|_| format!("the built-in scenario {name} could not be read"))?;
    let id_span = tree.resolve(text, &SpanPath::root().field("id"));
    let title_span = tree.resolve(text, &SpanPath::root().field("title"));
    let old_id = text
        .get(id_span.start..id_span.end)
        .map(|s| s.trim_matches('"').to_owned())
        .unwrap_or_default();
    let old_title = text
        .get(title_span.start..title_span.end)
        .map(|s| s.trim_matches('"').to_owned())
        .unwrap_or_default();
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut n = 1;
    let (id, path) = loop {
        let id = if n == 1 {
            format!("{old_id}-copy")
        } else {
            format!("{old_id}-copy-{n}")
        };
        let path = dir.join(format!("{id}.ron"));
        if !taken(&id) && !path.exists() {
            break (id, path);
        }
        n += 1;
        if n > 999 {
            return Err("too many copies already".into());
        }
    };
    // Replace the later span first so the earlier one's offsets still hold.
    let mut edits = [
        (id_span.start, id_span.end, format!("\"{}\"", ron_text(&id))),
        (
            title_span.start,
            title_span.end,
            format!("\"{} (my copy)\"", old_title),
        ),
    ];
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut copy = text.to_owned();
    for (start, end, with) in edits {
        if start < end && end <= copy.len() {
            copy.replace_range(start..end, &with);
        }
    }
    let header =
        format!("// An editable copy of the built-in scenario \"{old_id}\", made by deskaudit.\n");
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| {
            f.write_all(header.as_bytes())?;
            f.write_all(copy.as_bytes())?;
            f.sync_all()
        })
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Writes the starter scenario into `dir` as `my-scenario.ron` (or `my-scenario-2.ron`, …,
/// whichever is free, by file and by id). Returns its path.
pub fn new_in_folder(dir: &Path, taken: &dyn Fn(&str) -> bool) -> Result<PathBuf, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for n in 1..1000 {
        let id = if n == 1 {
            "my-scenario".to_owned()
        } else {
            format!("my-scenario-{n}")
        };
        let path = dir.join(format!("{id}.ron"));
        if taken(&id) || path.exists() {
            continue;
        }
        let title = if n == 1 {
            "My new scenario".to_owned()
        } else {
            format!("My new scenario {n}")
        };
        let text = template(&id, &title, "Licensing");
        return std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| {
                f.write_all(text.as_bytes())?;
                f.sync_all()
            })
            .map(|()| path.clone())
            .map_err(|e| format!("cannot write {}: {e}", path.display()));
    }
    Err("too many new scenarios already: rename some".into())
}
