//! The command line: `deskaudit check`, `deskaudit list`, and the arguments the app takes.

use crate::scenario::{
    Analysis, Band, Library, LoadedScenario, Pillar, ScoreRange, Severity, Source, analyse,
    load::user_scenarios_dir,
};
use std::io::Write;
use std::path::{Path, PathBuf};

/// What the user asked for on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Open the app.
    Gui,
    /// Validate and analyse scenarios.
    Check {
        /// Files or folders; empty means the built-in scenarios and the user's folder.
        paths: Vec<PathBuf>,
        /// Print problems only.
        quiet: bool,
    },
    /// List the scenarios found.
    List,
    /// Export a session record.
    Report {
        /// A record file, or a session id in the data folder.
        record: String,
        /// `html`, `md` or `csv`.
        format: String,
        /// Where to write; standard output when absent.
        output: Option<PathBuf>,
    },
    /// The six-month review report of the programme.
    Programme {
        /// First date covered (`YYYY-MM-DD`).
        from: Option<String>,
        /// Last date covered.
        to: Option<String>,
        /// Scenario areas (none: all).
        areas: Vec<String>,
        /// `html`, `md`, `csv` or `attendance-csv`.
        format: String,
        /// Where to write; standard output when absent.
        output: Option<PathBuf>,
    },
    /// Write one record to a file to send or carry.
    ExportRecord {
        /// The session id.
        id: String,
        /// Where to write.
        output: PathBuf,
    },
    /// Bring record files from other laptops into the data folder.
    Import {
        /// The files.
        files: Vec<PathBuf>,
    },
    /// Print usage.
    Help,
}

/// Parsed arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Args {
    /// The command.
    pub command: Command,
    /// `--data-dir`, if given.
    pub data_dir: Option<PathBuf>,
}

/// Usage text.
pub const USAGE: &str = "\
deskaudit — desktop audits of serious and organised crime risk for councils

USAGE:
    deskaudit [--data-dir DIR]                 open the app
    deskaudit check [--quiet] [PATH…]          validate and analyse scenario files or folders
                                               (no PATH: the built-in scenarios and your folder)
    deskaudit list [--data-dir DIR]            list the scenarios found, with their source
    deskaudit report RECORD --format html|md|csv [-o FILE]
                                               export a session (a record file or a session id)
                                               as a printable HTML report, Markdown, or CSV
    deskaudit programme [--from DATE] [--to DATE] [--area AREA]… --format html|md|csv|attendance-csv [-o FILE]
                                               the six-month review for the Crime and Disorder
                                               Committee (dates as YYYY-MM-DD; csv lists the
                                               recommendations, attendance-csv who took part)
    deskaudit export-record ID -o FILE         write one session record to a file to send
    deskaudit import FILE…                     bring record files from other laptops into the
                                               data folder (checked first; duplicates skipped)
    deskaudit help                             show this text

OPTIONS:
    --data-dir DIR   where sessions, settings and your own scenarios are kept
                     (also the environment variable DESKAUDIT_DATA)
    --quiet, -q      with `check`: print problems only
";

/// Parses the arguments after the program name.
pub fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut data_dir = None;
    let mut rest = Vec::new();
    let mut quiet = false;
    let mut format = None;
    let mut output = None;
    let mut from = None;
    let mut to = None;
    let mut areas = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        match a.as_str() {
            "--data-dir" => {
                i += 1;
                let dir = args
                    .get(i)
                    .ok_or("`--data-dir` needs a folder after it, e.g. `--data-dir ./data`")?;
                data_dir = Some(PathBuf::from(dir));
            }
            "--quiet" | "-q" => quiet = true,
            "--format" | "-f" => {
                i += 1;
                format = Some(
                    args.get(i)
                        .ok_or("`--format` needs html, md or csv after it")?
                        .clone(),
                );
            }
            "-o" | "--output" => {
                i += 1;
                output = Some(PathBuf::from(
                    args.get(i).ok_or("`-o` needs a file name after it")?,
                ));
            }
            "--from" | "--to" | "--area" => {
                i += 1;
                let v = args
                    .get(i)
                    .ok_or_else(|| format!("`{a}` needs a value after it"))?
                    .clone();
                match a.as_str() {
                    "--from" => from = Some(v),
                    "--to" => to = Some(v),
                    _ => areas.push(v),
                }
            }
            "--help" | "-h" => rest.insert(0, "help".to_owned()),
            s if s.starts_with("--data-dir=") => {
                data_dir = Some(PathBuf::from(&s["--data-dir=".len()..]));
            }
            s if s.starts_with('-') && s.len() > 1 => {
                return Err(format!(
                    "unknown option `{s}`; run `deskaudit help` for usage"
                ));
            }
            _ => rest.push(a.clone()),
        }
        i += 1;
    }
    let command = match rest.first().map(String::as_str) {
        None => Command::Gui,
        Some("check") => Command::Check {
            paths: rest[1..].iter().map(PathBuf::from).collect(),
            quiet,
        },
        Some("list") if rest.len() == 1 => Command::List,
        Some("list") => return Err("`deskaudit list` takes no paths".into()),
        Some("help") => Command::Help,
        Some("report") => match rest.get(1) {
            Some(record) if rest.len() == 2 => Command::Report {
                record: record.clone(),
                format: format.unwrap_or_else(|| "html".into()),
                output,
            },
            _ => {
                return Err("usage: deskaudit report RECORD --format html|md|csv [-o FILE]".into());
            }
        },
        Some("programme") if rest.len() == 1 => Command::Programme {
            from,
            to,
            areas,
            format: format.unwrap_or_else(|| "html".into()),
            output,
        },
        Some("programme") => {
            return Err("usage: deskaudit programme [--from DATE] [--to DATE] --format html|md|csv|attendance-csv [-o FILE]".into());
        }
        Some("export-record") => match (rest.get(1), output) {
            (Some(id), Some(output)) if rest.len() == 2 => Command::ExportRecord {
                id: id.clone(),
                output,
            },
            _ => return Err("usage: deskaudit export-record ID -o FILE".into()),
        },
        Some("import") => Command::Import {
            files: rest[1..].iter().map(PathBuf::from).collect(),
        },
        Some(other) => {
            let hint = crate::scenario::text::closest(
                other,
                [
                    "check",
                    "list",
                    "help",
                    "report",
                    "programme",
                    "export-record",
                    "import",
                ],
            )
            .map(|c| format!(" — did you mean `{c}`?"))
            .unwrap_or_default();
            return Err(format!(
                "unknown command `{other}`{hint}; run `deskaudit help` for usage"
            ));
        }
    };
    Ok(Args { command, data_dir })
}

/// The data folder: `--data-dir`, else `DESKAUDIT_DATA`, else the platform's data folder.
pub fn data_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(d) = flag {
        return d.to_path_buf();
    }
    if let Some(d) = std::env::var_os("DESKAUDIT_DATA").filter(|d| !d.is_empty()) {
        return PathBuf::from(d);
    }
    dirs::data_dir()
        .map(|d| d.join("deskaudit"))
        .unwrap_or_else(|| PathBuf::from("deskaudit-data"))
}

/// Loads the built-in scenarios and the user's folder.
pub fn standard_library(data_dir: &Path) -> Library {
    let mut lib = Library::embedded();
    let user = user_scenarios_dir(data_dir);
    if user.is_dir() {
        lib.add_path(Source::UserFolder, &user);
    }
    lib
}

fn range(r: Option<ScoreRange>) -> String {
    match r {
        Some(r) => format!("{:.0}–{:.0}", r.worst, r.best),
        None => "not tested".into(),
    }
}

fn summary(out: &mut dyn Write, s: &LoadedScenario, a: &Analysis) -> std::io::Result<()> {
    let sc = &s.scenario;
    writeln!(
        out,
        "{} — \"{}\" ({} v{}, {}, {} min)",
        s.file, sc.title, sc.id, sc.version, sc.area, sc.minutes
    )?;
    writeln!(
        out,
        "  {} nodes, {} decision points, {} endings ({} good, {} mixed, {} poor)",
        a.nodes,
        a.decision_nodes,
        a.ending_count(),
        a.endings[0],
        a.endings[1],
        a.endings[2]
    )?;
    writeln!(
        out,
        "  {} distinct paths, {}–{} decisions per path, {} states analysed",
        if a.paths == u128::MAX {
            "more than 10^38".to_owned()
        } else {
            a.paths.to_string()
        },
        a.shortest_decisions,
        a.longest_decisions,
        a.states
    )?;
    let bands = match a.bands_reachable {
        Some(b) => {
            let names: Vec<&str> = [Band::Resilient, Band::Developing, Band::Vulnerable]
                .iter()
                .zip(b)
                .filter(|(_, r)| *r)
                .map(|(band, _)| band.label())
                .collect();
            format!("can end {}", names.join(", "))
        }
        None => "bands not enumerated (too many distinct scores)".into(),
    };
    writeln!(out, "  resilience index {} ({bands})", range(a.index))?;
    let pillars: Vec<String> = Pillar::ALL
        .iter()
        .map(|p| format!("{} {}", p.name(), range(a.pillars[p.index()])))
        .collect();
    writeln!(out, "  {}", pillars.join(" · "))
}

/// Runs `deskaudit check`; returns the exit code (0 when there are no errors).
pub fn check(paths: &[PathBuf], quiet: bool, data_dir: &Path, out: &mut dyn Write) -> i32 {
    let lib = if paths.is_empty() {
        standard_library(data_dir)
    } else {
        let mut lib = Library::default();
        for p in paths {
            if !p.exists() {
                lib.failed.push(crate::scenario::FailedFile {
                    source: Source::CommandLine,
                    file: p.display().to_string(),
                    diagnostics: vec![crate::scenario::Diagnostic {
                        severity: Severity::Error,
                        file: p.display().to_string(),
                        line: 1,
                        col: 1,
                        message: "no such file or folder".into(),
                        help: "check the path".into(),
                    }],
                });
                continue;
            }
            lib.add_path(Source::CommandLine, p);
        }
        lib
    };
    let mut errors = 0;
    let mut warnings = 0;
    // Write errors are ignored: a closed pipe must not turn into a panic.
    for s in &lib.scenarios {
        if !quiet {
            match analyse(&s.scenario) {
                Ok(a) => {
                    let _ = summary(out, s, &a);
                }
                Err(e) => {
                    let _ = writeln!(
                        out,
                        "{} — \"{}\": too complex to analyse exactly (over {} states)",
                        s.file, s.scenario.title, e.states
                    );
                }
            }
        }
        for w in &s.warnings {
            warnings += 1;
            let _ = writeln!(out, "{w}");
        }
    }
    for f in &lib.failed {
        for d in &f.diagnostics {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
            let _ = writeln!(out, "{d}");
        }
    }
    if !quiet || errors > 0 {
        let _ = writeln!(
            out,
            "checked {} file(s): {} scenario(s) ready, {} file(s) with errors; {} error(s), {} warning(s)",
            lib.scenarios.len() + lib.failed.len(),
            lib.scenarios.len(),
            lib.failed.len(),
            errors,
            warnings
        );
    }
    i32::from(errors > 0)
}

/// Runs `deskaudit list`.
pub fn list(data_dir: &Path, out: &mut dyn Write) -> i32 {
    let lib = standard_library(data_dir);
    for s in &lib.scenarios {
        let sc = &s.scenario;
        let _ = writeln!(
            out,
            "{:<32} {:<24} {:>3} min  {}  [{}: {}]",
            sc.id.as_str(),
            sc.area,
            sc.minutes,
            sc.title,
            s.source.label(),
            s.file
        );
    }
    for f in &lib.failed {
        let _ = writeln!(
            out,
            "(failed) {}  [{}] — run `deskaudit check` for details",
            f.file,
            f.source.label()
        );
    }
    if lib.scenarios.is_empty() && lib.failed.is_empty() {
        let _ = writeln!(out, "no scenarios found");
    }
    0
}

/// Runs `deskaudit report`; returns the exit code.
pub fn report(
    record: &str,
    format: &str,
    output: Option<&Path>,
    data_dir: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(fmt) = crate::report::Format::parse(format) else {
        let _ = writeln!(
            err,
            "deskaudit: unknown format `{format}`; use html, md or csv"
        );
        return 2;
    };
    let path = Path::new(record);
    let loaded = if path.is_file() {
        crate::store::read_record(path).map(|(_, s)| s)
    } else {
        crate::store::Store::new(data_dir).load(record)
    };
    let session = match loaded {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(err, "deskaudit: cannot read the record: {e}");
            return 1;
        }
    };
    let text = crate::report::render(&session, fmt);
    match output {
        None => {
            let _ = out.write_all(text.as_bytes());
            0
        }
        Some(file) => match write_atomically(file, text.as_bytes()) {
            Ok(()) => {
                let _ = writeln!(err, "wrote {}", file.display());
                0
            }
            Err(e) => {
                let _ = writeln!(err, "deskaudit: cannot write {}: {e}", file.display());
                1
            }
        },
    }
}

/// Writes a file by writing a temporary file beside it and renaming it into place.
pub fn write_atomically(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, file).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
