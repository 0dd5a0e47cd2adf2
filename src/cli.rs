//! The command line: its grammar (`args`), and `deskaudit check`, `list` and `report` (the
//! programme's commands are in [`crate::cli_programme`]).

use crate::scenario::lint::{self, ContentReport, show_range};
use crate::scenario::{
    Analysis, Band, Library, LoadedScenario, Pillar, ScoreRange, Severity, Source, Strategy,
    load::{Checks, user_scenarios_dir},
};
use std::io::Write;
use std::path::{Path, PathBuf};

mod args;

pub use args::{
    CheckArgs, Cli, Command, ExportRecordArgs, ImportArgs, MapArgs, NewArgs, ProgrammeArgs,
    ReportArgs, parse_args,
};

/// Runs a command (everything but opening the app); returns the exit code.
pub fn run(command: &Command, data_dir: &Path) -> i32 {
    let mut stdout = std::io::stdout().lock();
    match command {
        Command::Check(a) if a.watch => {
            let stop = std::sync::atomic::AtomicBool::new(false);
            crate::cli_author::check_watch(&a.paths, data_dir, &mut stdout, &stop)
        }
        Command::Check(a) => {
            crate::platform::tune_allocator_for_one_command();
            crate::platform::grow_heaps_in_large_steps();
            check(&a.paths, a.quiet, data_dir, &mut stdout)
        }
        Command::New(a) => crate::cli_author::new_scenario(
            &a.file,
            a.title.as_deref(),
            a.area.as_deref(),
            &mut stdout,
            &mut std::io::stderr(),
        ),
        Command::Map(a) => crate::cli_author::map(
            &a.file,
            a.output.as_deref(),
            &mut stdout,
            &mut std::io::stderr(),
        ),
        Command::List => list(data_dir, &mut stdout),
        Command::Report(a) => report(
            &a.record,
            a.format,
            a.output.as_deref(),
            data_dir,
            &mut stdout,
            &mut std::io::stderr(),
        ),
        Command::Programme(a) => crate::cli_programme::programme(
            a.from.as_deref(),
            a.to.as_deref(),
            &a.areas,
            &a.format,
            a.output.as_deref(),
            data_dir,
            &mut stdout,
            &mut std::io::stderr(),
        ),
        Command::ExportRecord(a) => {
            crate::cli_programme::export_record(&a.id, &a.output, data_dir, &mut std::io::stderr())
        }
        Command::Import(a) => crate::cli_programme::import(&a.files, data_dir, &mut stdout),
    }
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
    standard_library_with(data_dir, Checks::Full)
}

/// The built-in scenarios and the user's folder, checked as far as `checks` says (the app
/// asks for [`Checks::Quick`] and finishes the checks in the background).
pub fn standard_library_with(data_dir: &Path, checks: Checks) -> Library {
    let mut lib = Library::embedded_with(checks);
    let user = user_scenarios_dir(data_dir);
    if user.is_dir() {
        lib.add_path_with(Source::UserFolder, &user, checks);
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

/// The content-lint figures: the giveaway summary, the naive strategies and each ending's
/// index range.
fn content_summary(out: &mut dyn Write, c: &ContentReport) -> std::io::Result<()> {
    match &c.giveaway {
        Some(g) if g.decisions > 0 => writeln!(
            out,
            "  the best choice is the longest at {} of {} decisions ({:.0}%); a learner guessing at random would expect {:.1} ({:.0}%)",
            g.best_is_longest,
            g.decisions,
            g.share() * 100.0,
            g.expected_by_chance,
            g.expected_by_chance / g.decisions as f64 * 100.0
        )?,
        Some(_) => writeln!(
            out,
            "  no decision changes the best index that can be reached"
        )?,
        None => writeln!(
            out,
            "  giveaway figures not worked out (too many distinct scores)"
        )?,
    }
    let strategies: Vec<String> = Strategy::ALL
        .iter()
        .zip(c.strategies)
        .map(|(k, r)| match r {
            Some(r) => format!("{}: index {}", k.label(), show_range(r)),
            None => format!("{}: not tested", k.label()),
        })
        .collect();
    writeln!(out, "  {}", strategies.join(" · "))?;
    for e in &c.endings {
        let range = match e.index {
            Some(r) => format!("index {}", show_range(r)),
            None => "not reached with a score".to_owned(),
        };
        writeln!(
            out,
            "  ending \"{}\" ({}): {range}",
            e.node_id,
            e.rating.label()
        )?;
    }
    Ok(())
}

/// Runs `deskaudit check`; returns the exit code (0 when there are no errors).
pub fn check(paths: &[PathBuf], quiet: bool, data_dir: &Path, out: &mut dyn Write) -> i32 {
    // The summary needs the analysis: worked out from the states the checks explore anyway.
    let checks = if quiet { Checks::Full } else { Checks::Analyse };
    let lib = if paths.is_empty() {
        standard_library_with(data_dir, checks)
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
                        code: None,
                    }],
                });
                continue;
            }
            lib.add_path_with(Source::CommandLine, p, checks);
        }
        lib
    };
    let mut errors = 0;
    let mut warnings = 0;
    // Write errors are ignored: a closed pipe must not turn into a panic.
    for s in &lib.scenarios {
        if !quiet {
            // The content figures and the analysis were worked out while loading.
            let analysed = match (&s.analysis, &s.content) {
                (Some(Ok(a)), Some(c)) => Ok((a.clone(), c.clone())),
                (Some(Err(e)), _) => Err(*e),
                _ => lint::analyse_with_content(&s.scenario),
            };
            match analysed {
                Ok((a, c)) => {
                    let _ = summary(out, s, &a);
                    let _ = content_summary(out, &c);
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
    // A large scenario is a great many small allocations, and the answer is out.
    crate::scenario::load::free_aside(lib);
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

/// Runs `deskaudit report`: `record` is a record file, or else a session id in the data
/// folder; returns the exit code.
pub fn report(
    record: &Path,
    format: crate::report::Format,
    output: Option<&Path>,
    data_dir: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let loaded = if record.is_file() {
        crate::store::read_record(record).map(|(_, s)| s)
    } else {
        match record.to_str() {
            Some(id) => crate::store::Store::new(data_dir).load(id),
            None => {
                let _ = writeln!(
                    err,
                    "deskaudit: no record file {}; give a record file or a session id",
                    record.display()
                );
                return 1;
            }
        }
    };
    let session = match loaded {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(err, "deskaudit: cannot read the record: {e}");
            return 1;
        }
    };
    let text = crate::report::render(&session, format);
    match output {
        None => {
            let _ = out.write_all(text.as_bytes());
            0
        }
        Some(file) => match crate::fsutil::write_atomically(file, text.as_bytes()) {
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
