//! The programme commands: `deskaudit programme` (the six-month review report),
//! `deskaudit export-record` and `deskaudit import`. Each is one function taking parsed
//! arguments, writing to the given streams and returning the exit code, so the argument
//! parser only has to call it.

use crate::programme::roster::Roster;
use crate::programme::{self, Filter};
use crate::report::programme::{ReviewFormat, render};
use crate::session::Date;
use crate::store::Store;
use crate::store::transfer::{export_record as export_one, import_files};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The areas of the scenarios this installation knows, by scenario id (for records made
/// before the area was kept in them).
pub fn scenario_areas(data_dir: &Path) -> BTreeMap<String, String> {
    crate::cli::standard_library(data_dir)
        .scenarios
        .iter()
        .map(|s| (s.scenario.id.0.clone(), s.scenario.area.clone()))
        .collect()
}

/// Parses a `--from`/`--to` date, with the message the user sees when it is not one.
pub fn parse_date_arg(flag: &str, text: &str) -> Result<Date, String> {
    Date::parse_iso(text).map_err(|e| format!("`{flag}`: {e}"))
}

/// Runs `deskaudit programme [--from D] [--to D] [--area A]… --format F [-o FILE]`:
/// the six-month review for the Crime and Disorder Committee. Returns the exit code.
#[allow(clippy::too_many_arguments)]
pub fn programme(
    from: Option<&str>,
    to: Option<&str>,
    areas: &[String],
    format: &str,
    output: Option<&Path>,
    data_dir: &Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let Some(fmt) = ReviewFormat::parse(format) else {
        let _ = writeln!(
            err,
            "deskaudit: unknown format `{format}`; use html, md, csv (recommendations) or attendance-csv"
        );
        return 2;
    };
    let mut filter = Filter {
        areas: areas.iter().cloned().collect::<BTreeSet<String>>(),
        ..Filter::default()
    };
    for (flag, text, slot) in [
        ("--from", from, &mut filter.from),
        ("--to", to, &mut filter.to),
    ] {
        if let Some(t) = text {
            match parse_date_arg(flag, t) {
                Ok(d) => *slot = Some(d),
                Err(e) => {
                    let _ = writeln!(err, "deskaudit: {e}");
                    return 2;
                }
            }
        }
    }
    if let (Some(f), Some(t)) = (filter.from, filter.to)
        && f > t
    {
        let _ = writeln!(
            err,
            "deskaudit: `--from {f}` is after `--to {t}`: swap them"
        );
        return 2;
    }
    let roster = match Roster::load(data_dir) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "deskaudit: cannot read the roster: {e}");
            return 1;
        }
    };
    // Through the record index: one file read for every record it describes as it is now.
    let cache = crate::store::cache::RecordCache::open(data_dir);
    let (records, unreadable) = (cache.records(), cache.unreadable());
    for u in &unreadable {
        let _ = writeln!(
            err,
            "deskaudit: left out {} (cannot be read: {})",
            u.path.display(),
            u.reason
        );
    }
    let needs_lookup = records.iter().any(|r| r.scenario_area.trim().is_empty());
    let known = if needs_lookup {
        scenario_areas(data_dir)
    } else {
        BTreeMap::new()
    };
    let p = programme::compute(records, &roster, &filter, Date::today(), &|id| {
        known.get(id).cloned()
    });
    let text = render(&p, fmt);
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

/// Runs `deskaudit export-record ID -o FILE`: one record to a file to send or carry.
pub fn export_record(id: &str, output: &Path, data_dir: &Path, err: &mut dyn Write) -> i32 {
    let store = Store::new(data_dir);
    match export_one(&store, id, output) {
        Ok(carries) => {
            let _ = writeln!(
                err,
                "wrote {}: it carries {carries}; keep it as you would other personal data",
                output.display()
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "deskaudit: cannot export {id}: {e}");
            1
        }
    }
}

/// Runs `deskaudit import FILE…`: record files from other laptops into the data folder.
/// Prints one line per file and a summary; exits 1 when any file was refused.
pub fn import(files: &[PathBuf], data_dir: &Path, out: &mut dyn Write) -> i32 {
    if files.is_empty() {
        let _ = writeln!(out, "deskaudit: name the record files to import");
        return 2;
    }
    let report = import_files(&Store::new(data_dir), files);
    for o in &report.outcomes {
        let _ = writeln!(out, "{}", o.describe());
    }
    let _ = writeln!(out, "{}", report.summary());
    i32::from(report.refused() > 0)
}
