//! The programme's working state in the app (roster, filter, the [`Programme`] computed from
//! the records) and what its commands do: the six-month review export, importing records and
//! the roster, and "Send my result". The programme view itself is `screens/programme.rs`.
//!
//! What is shown is a [`Programme`] computed once per change (records, roster or filter) and
//! kept in [`ProgrammeState`]; drawing a frame only reads it.

use super::DeskauditApp;
use crate::programme::roster::Roster;
use crate::programme::{Filter, Programme, RecSort, sort_recommendations};
use crate::session::Date;
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The programme view's state: the roster, the filter being edited, and the programme
/// computed for the current records, roster and filter.
#[derive(Default)]
pub struct ProgrammeState {
    /// The roster, as loaded from the data folder.
    pub roster: Roster,
    /// Why the roster file could not be read (then it is not saved over).
    pub roster_problem: Option<String>,
    /// The filter in force.
    pub filter: Filter,
    /// The "from" field as typed (`YYYY-MM-DD` or empty).
    pub from_text: String,
    /// The "to" field as typed.
    pub to_text: String,
    /// What is wrong with the typed dates.
    pub filter_problem: Option<String>,
    /// How recommendations are ordered.
    pub sort: RecSort,
    /// The programme for the current records, roster and filter; `None` when out of date.
    pub computed: Option<Programme>,
    /// Problems of the last roster import, one per line.
    pub roster_errors: Vec<String>,
    /// The roster screen's "add someone" form.
    pub roster_form: RosterForm,
}

/// The roster screen's form for adding someone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterForm {
    /// Their name.
    pub name: String,
    /// Member or officer.
    pub role: crate::programme::roster::Role,
    /// Their ward (members) or service (officers).
    pub ward: String,
}

impl Default for RosterForm {
    fn default() -> Self {
        RosterForm {
            name: String::new(),
            role: crate::programme::roster::Role::Member,
            ward: String::new(),
        }
    }
}

impl ProgrammeState {
    /// Loads the roster of a data folder.
    pub fn load(data_dir: &std::path::Path) -> ProgrammeState {
        let (roster, roster_problem) = match Roster::load(data_dir) {
            Ok(r) => (r, None),
            Err(e) => (Roster::new(), Some(e.to_string())),
        };
        ProgrammeState {
            roster,
            roster_problem,
            ..ProgrammeState::default()
        }
    }

    /// Marks the programme out of date (records, roster or filter changed).
    pub fn invalidate(&mut self) {
        self.computed = None;
    }
}

impl DeskauditApp {
    /// Computes the programme if it is out of date. Called when History is drawn; cheap when
    /// it is up to date.
    pub fn ensure_programme(&mut self) {
        ensure_computed(self);
    }
}

fn ensure_computed(app: &mut DeskauditApp) {
    if app.programme.computed.is_some() {
        return;
    }
    let lib = &app.library;
    let area_of = |id: &str| lib.get(id).map(|l| l.scenario.area.clone());
    let mut p = crate::programme::compute(
        app.records.records(),
        &app.programme.roster,
        &app.programme.filter,
        Date::today(),
        &area_of,
    );
    sort_recommendations(&mut p.recommendations, app.programme.sort);
    app.programme.computed = Some(p);
}

/// Parses the filter fields into a filter, or says what is wrong.
pub fn parse_filter(from: &str, to: &str, areas: &BTreeSet<String>) -> Result<Filter, String> {
    let date = |label: &str, t: &str| -> Result<Option<Date>, String> {
        if t.trim().is_empty() {
            Ok(None)
        } else {
            Date::parse_iso(t)
                .map(Some)
                .map_err(|e| format!("{label}: {e}"))
        }
    };
    let filter = Filter {
        from: date("From", from)?,
        to: date("To", to)?,
        areas: areas.clone(),
    };
    if let (Some(f), Some(t)) = (filter.from, filter.to)
        && f > t
    {
        return Err("The \"from\" date is after the \"to\" date.".into());
    }
    Ok(filter)
}

impl DeskauditApp {
    /// Saves the six-month review for the current programme filter: HTML, the
    /// recommendations CSV and the attendance CSV in `DATA/reports/`, and (with dialogs on)
    /// the HTML where the user picks.
    pub(super) fn export_review(&mut self) {
        use crate::report::programme::{ReviewFormat, render};
        ensure_computed(self);
        let Some(p) = &self.programme.computed else {
            return;
        };
        let dir = self.data_dir.join("reports");
        let stem = format!("six-month-review-{}", p.today);
        let mut written = Vec::new();
        let mut html = String::new();
        for (format, suffix) in [
            (ReviewFormat::Html, ".html"),
            (ReviewFormat::RecommendationsCsv, "-recommendations.csv"),
            (ReviewFormat::AttendanceCsv, "-attendance.csv"),
        ] {
            let text = render(p, format);
            let file = dir.join(format!("{stem}{suffix}"));
            let result = std::fs::create_dir_all(&dir)
                .and_then(|()| crate::fsutil::write_atomically(&file, text.as_bytes()));
            if let Err(e) = result {
                self.banner = Some(format!("Could not save {}: {e}", file.display()));
                return;
            }
            if format == ReviewFormat::Html {
                html = text;
            }
            written.push(file);
        }
        let mut message = format!(
            "Six-month review saved in {} (the report, and CSVs of the recommendations and of attendance). It names the people who took part.",
            dir.display()
        );
        if self.save_dialogs
            && let Some(path) = rfd::FileDialog::new()
                .set_title("Save the six-month review")
                .set_file_name(format!("{stem}.html"))
                .add_filter("Web page (printable)", &["html"])
                .save_file()
        {
            message = match crate::fsutil::write_atomically(&path, html.as_bytes()) {
                Ok(()) => format!(
                    "Six-month review saved: {} (copies in {})",
                    path.display(),
                    dir.display()
                ),
                Err(e) => format!(
                    "Could not save {}: {e}. Copies are in {}",
                    path.display(),
                    dir.display()
                ),
            };
        }
        self.banner = Some(message);
    }

    /// Imports record files (picked in a dialog when none are given) and says what happened.
    pub(super) fn import_records(&mut self, mut files: Vec<PathBuf>) {
        if files.is_empty() && self.save_dialogs {
            files = rfd::FileDialog::new()
                .set_title("Import records from other laptops")
                .add_filter("deskaudit records", &["ron"])
                .pick_files()
                .unwrap_or_default();
        }
        if files.is_empty() {
            return;
        }
        let report = crate::store::transfer::import_files(&self.store, &files);
        let mut lines = vec![format!("Import: {}.", report.summary())];
        lines.extend(
            report
                .outcomes
                .iter()
                .filter(|o| !matches!(o.result, crate::store::transfer::Imported::Added { .. }))
                .map(|o| o.describe()),
        );
        self.banner = Some(lines.join("\n"));
        self.refresh_records();
    }

    /// Imports the roster from a CSV (picked in a dialog when none is given). A file with any
    /// problem changes nothing; the problems are listed by line.
    pub(super) fn import_roster(&mut self, file: Option<PathBuf>) {
        let file = match file {
            Some(f) => f,
            None if self.save_dialogs => match rfd::FileDialog::new()
                .set_title("Import the roster")
                .add_filter("CSV (name, role, ward or service)", &["csv", "txt"])
                .pick_file()
            {
                Some(f) => f,
                None => return,
            },
            None => return,
        };
        if self.programme.roster_problem.is_some() {
            self.banner = Some(
                "The roster file in the data folder cannot be read, so it is not replaced: fix or move it first."
                    .into(),
            );
            return;
        }
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                self.banner = Some(format!("Could not read {}: {e}", file.display()));
                return;
            }
        };
        match self.programme.roster.import_csv(&bytes) {
            Ok((roster, summary)) => match roster.save(&self.data_dir) {
                Ok(()) => {
                    self.programme.roster = roster;
                    self.programme.roster_errors.clear();
                    self.programme.invalidate();
                    self.banner = Some(format!(
                        "Roster imported from {}: {summary}.",
                        file.display()
                    ));
                }
                Err(e) => self.banner = Some(e.to_string()),
            },
            Err(problems) => {
                let name = file.display().to_string();
                self.programme.roster_errors =
                    problems.iter().map(|p| format!("{name}:{p}")).collect();
                self.banner = Some(format!(
                    "The roster was not imported: {} in {name}; nothing changed.",
                    crate::session::verdict::count(problems.len(), "problem", "problems")
                ));
            }
        }
    }

    /// Writes the open session's record to a file to send (self-study "Send my result").
    pub(super) fn send_result(&mut self, file: Option<PathBuf>) {
        let Some(open) = &self.open else { return };
        let name = crate::store::transfer::export_file_name(&open.id);
        let file = match file {
            Some(f) => f,
            None if self.save_dialogs => match rfd::FileDialog::new()
                .set_title("Send my result: save it to e-mail or carry")
                .set_file_name(name)
                .add_filter("deskaudit record", &["ron"])
                .save_file()
            {
                Some(f) => f,
                None => return,
            },
            None => self.data_dir.join("outbox").join(name),
        };
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        self.banner = Some(
            match crate::store::transfer::export_record(&self.store, &open.id, &file) {
                Ok(carries) => format!(
                    "Saved {}: it carries {carries}. Send it to whoever runs the programme (they use Import records… in History).",
                    file.display()
                ),
                Err(e) => format!("Could not save your result: {e}"),
            },
        );
    }

    /// Saves a changed roster, unless the roster file could not be read (then it is never
    /// written over); says what happened.
    fn save_roster(&mut self, roster: Roster, done: String) {
        if self.programme.roster_problem.is_some() {
            self.banner = Some(
                "The roster file in the data folder cannot be read, so it is not replaced: fix or move it first."
                    .into(),
            );
            return;
        }
        match roster.save(&self.data_dir) {
            Ok(()) => {
                self.programme.roster = roster;
                self.programme.invalidate();
                self.banner = Some(done);
            }
            Err(e) => self.banner = Some(e.to_string()),
        }
    }

    /// Adds the person in the roster screen's form.
    pub(super) fn add_to_roster(&mut self) {
        let form = self.programme.roster_form.clone();
        let mut roster = self.programme.roster.clone();
        match roster.add(&form.name, form.role, &form.ward) {
            Ok(_) => {
                self.programme.roster_form = RosterForm {
                    role: form.role,
                    ..RosterForm::default()
                };
                let name = form.name.trim().to_owned();
                self.save_roster(roster, format!("{name} added to the roster."));
            }
            Err(e) => self.banner = Some(e),
        }
    }

    /// Removes someone from the roster; the results of their sessions stay.
    pub(super) fn remove_from_roster(&mut self, id: &str) {
        let mut roster = self.programme.roster.clone();
        match roster.remove(id) {
            Some(gone) => self.save_roster(
                roster,
                format!(
                    "{} removed from the roster. The sessions they took part in keep their results (counted as a former {}).",
                    gone.name,
                    gone.role.label().to_lowercase()
                ),
            ),
            None => self.banner = Some("That person is no longer on the roster.".into()),
        }
    }
}
