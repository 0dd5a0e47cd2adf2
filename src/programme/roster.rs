//! The roster: the council's members and officers who should take part in the programme,
//! kept in the data folder as `roster.ron` (RON with a schema version, written by atomic
//! replace) and importable from a spreadsheet saved as CSV.
//!
//! Importing is all or nothing: every row is checked first, and a file with any problem
//! (missing column, unknown role, a name twice, text that is not UTF-8) is refused with the
//! line of each problem, changing nothing. Removing someone keeps the results of the sessions
//! they took part in; the programme then calls them "a former member".

use crate::fsutil::write_atomically as write_file_atomically;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The newest roster schema this build writes and reads.
pub const ROSTER_SCHEMA: u32 = 1;

/// Largest roster CSV read, in bytes (a council has under a hundred members and a few
/// hundred officers; this leaves a wide margin).
pub const MAX_CSV_BYTES: usize = 1024 * 1024;

/// Most people a roster holds.
pub const MAX_PEOPLE: usize = 5_000;

/// Longest name or ward kept, in characters.
pub const MAX_FIELD_CHARS: usize = 120;

/// Whether someone is an elected member or an officer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// An elected councillor.
    Member,
    /// A council officer.
    Officer,
}

impl Role {
    /// Both roles, members first.
    pub const ALL: [Role; 2] = [Role::Member, Role::Officer];

    /// The role in words.
    pub fn label(self) -> &'static str {
        match self {
            Role::Member => "Member",
            Role::Officer => "Officer",
        }
    }

    /// The role a CSV cell names: `member`, `councillor`, `cllr`, `elected member`, or
    /// `officer`, `staff`, `employee` (any case).
    pub fn parse(text: &str) -> Option<Role> {
        match text.trim().to_lowercase().trim_end_matches('.') {
            "member" | "councillor" | "cllr" | "elected member" | "councillor (member)" => {
                Some(Role::Member)
            }
            "officer" | "staff" | "employee" | "council officer" => Some(Role::Officer),
            _ => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Someone on the roster.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// A stable id, kept in attendance lists (so a corrected spelling stays linked).
    pub id: String,
    /// Their name as the council writes it.
    pub name: String,
    /// Member or officer.
    pub role: Role,
    /// A member's ward or an officer's service; may be empty.
    #[serde(default)]
    pub ward_or_service: String,
}

/// The roster file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Roster {
    /// File schema version.
    pub schema: u32,
    /// Everyone, in the order they were added.
    pub people: Vec<Person>,
    /// Tags of people removed from the roster: their id and a one-way tag of their name
    /// ([`name_tag`]), never the name itself. Sessions they took part in then show
    /// "a former member" rather than a name, or "not on the roster".
    #[serde(default)]
    pub former: Vec<String>,
}

/// A one-way tag of a name (FNV-1a of [`name_key`]), kept when someone is removed from the
/// roster so that their results can be recognised as a former member's without keeping
/// the name.
pub fn name_tag(name: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name_key(name).as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("n{h:016x}")
}

/// Problems reading or writing the roster file.
#[derive(Debug, Error)]
pub enum RosterError {
    /// The file exists but could not be read.
    #[error("{path}: {reason}")]
    Unreadable {
        /// The file.
        path: String,
        /// Why, with line and column where known, and what to do.
        reason: String,
    },
    /// It could not be written.
    #[error("could not save {path}: {source}")]
    Write {
        /// The file.
        path: String,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// One problem in a roster CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvProblem {
    /// The line in the file (1 is the header row).
    pub line: u64,
    /// What is wrong.
    pub message: String,
    /// How to put it right.
    pub help: String,
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {}: {}\n    help: {}",
            self.line, self.message, self.help
        )
    }
}

/// What an import would change (or changed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// People added, by name.
    pub added: Vec<String>,
    /// People already on the roster whose role or ward/service changed, by name.
    pub updated: Vec<String>,
    /// Rows that matched someone on the roster exactly.
    pub unchanged: usize,
    /// Columns in the file that were not read (nothing from them is kept).
    pub ignored_columns: Vec<String>,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} added, {} updated, {} already on the roster",
            self.added.len(),
            self.updated.len(),
            self.unchanged
        )?;
        if !self.ignored_columns.is_empty() {
            write!(f, "; columns not read: {}", self.ignored_columns.join(", "))?;
        }
        Ok(())
    }
}

/// A name reduced for matching: case and spacing ignored, and a leading title
/// ("Cllr", "Councillor", "Dr", "Mr", "Mrs", "Ms", "Miss") dropped, so "Cllr Siân  Jones"
/// and "siân jones" are the same person.
pub fn name_key(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    while words.len() > 1
        && matches!(
            words[0].trim_end_matches('.'),
            "cllr" | "councillor" | "dr" | "mr" | "mrs" | "ms" | "miss" | "mx"
        )
    {
        words.remove(0);
    }
    words.join(" ")
}

/// Checks a name or ward for the roster: trimmed, not too long, no control characters.
fn clean(text: &str, what: &str) -> Result<String, String> {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > MAX_FIELD_CHARS {
        return Err(format!(
            "the {what} is longer than {MAX_FIELD_CHARS} characters"
        ));
    }
    if t.chars().any(char::is_control) {
        return Err(format!("the {what} contains a control character"));
    }
    Ok(t)
}

impl Default for Roster {
    fn default() -> Roster {
        Roster::new()
    }
}

impl Roster {
    /// An empty roster.
    pub fn new() -> Roster {
        Roster {
            schema: ROSTER_SCHEMA,
            people: Vec::new(),
            former: Vec::new(),
        }
    }

    /// The roster file in a data folder.
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("roster.ron")
    }

    /// Loads the roster; no file gives an empty roster. A file that cannot be read is an
    /// error (the caller must not save over it).
    pub fn load(data_dir: &Path) -> Result<Roster, RosterError> {
        let path = Roster::path(data_dir);
        let shown = path.display().to_string();
        let bad = |reason: String| RosterError::Unreadable {
            path: shown.clone(),
            reason,
        };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Roster::new()),
            Err(e) => return Err(bad(e.to_string())),
        };
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| bad(format!("not UTF-8 text (at byte {})", e.valid_up_to())))?;
        let roster: Roster = ron::Options::default()
            .with_recursion_limit(16)
            .from_str(text)
            .map_err(|e| {
                bad(format!(
                    "line {}, column {}: {} — fix the file or move it aside and import the roster again",
                    e.span.start.line, e.span.start.col, e.code
                ))
            })?;
        if roster.schema != ROSTER_SCHEMA {
            return Err(bad(format!(
                "schema version {} is not supported (this build reads version {ROSTER_SCHEMA}); it was probably written by a newer deskaudit",
                roster.schema
            )));
        }
        Ok(roster)
    }

    /// Saves the roster by atomic replace.
    pub fn save(&self, data_dir: &Path) -> Result<(), RosterError> {
        let path = Roster::path(data_dir);
        let err = |source| RosterError::Write {
            path: path.display().to_string(),
            source,
        };
        std::fs::create_dir_all(data_dir).map_err(err)?;
        let text =
            ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new().struct_names(true))
                .map_err(|e| err(std::io::Error::other(e)))?;
        write_file_atomically(&path, text.as_bytes()).map_err(err)
    }

    /// Someone by id.
    pub fn get(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    /// Someone by name (see [`name_key`]).
    pub fn find_by_name(&self, name: &str) -> Option<&Person> {
        let key = name_key(name);
        if key.is_empty() {
            return None;
        }
        self.people.iter().find(|p| name_key(&p.name) == key)
    }

    /// How many people have a role.
    pub fn count(&self, role: Role) -> usize {
        self.people.iter().filter(|p| p.role == role).count()
    }

    /// Everyone sorted by role then name, as lists show them.
    pub fn sorted(&self) -> Vec<&Person> {
        let mut v: Vec<&Person> = self.people.iter().collect();
        v.sort_by(|a, b| {
            a.role
                .cmp(&b.role)
                .then_with(|| name_key(&a.name).cmp(&name_key(&b.name)))
                .then_with(|| a.id.cmp(&b.id))
        });
        v
    }

    fn fresh_id(&self) -> String {
        let mut n = crate::session::rng::fresh_seed();
        loop {
            let id = format!("p{:010x}", n & 0xff_ffff_ffff);
            if self.get(&id).is_none() {
                return id;
            }
            n = n.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        }
    }

    /// Adds someone; refused when the name is empty, too long, or already on the roster.
    pub fn add(&mut self, name: &str, role: Role, ward_or_service: &str) -> Result<String, String> {
        let name = clean(name, "name")?;
        let ward = clean(ward_or_service, "ward or service")?;
        if name.is_empty() {
            return Err("Write the person's name.".into());
        }
        if let Some(p) = self.find_by_name(&name) {
            return Err(format!("{} is already on the roster.", p.name));
        }
        if self.people.len() >= MAX_PEOPLE {
            return Err(format!("The roster holds at most {MAX_PEOPLE} people."));
        }
        let id = self.fresh_id();
        self.people.push(Person {
            id: id.clone(),
            name,
            role,
            ward_or_service: ward,
        });
        Ok(id)
    }

    /// Changes someone's details (their id, and so their attendance, stays).
    pub fn edit(
        &mut self,
        id: &str,
        name: &str,
        role: Role,
        ward_or_service: &str,
    ) -> Result<(), String> {
        let name = clean(name, "name")?;
        let ward = clean(ward_or_service, "ward or service")?;
        if name.is_empty() {
            return Err("Write the person's name.".into());
        }
        if let Some(other) = self.find_by_name(&name).filter(|p| p.id != id) {
            return Err(format!("{} is already on the roster.", other.name));
        }
        let p = self
            .people
            .iter_mut()
            .find(|p| p.id == id)
            .ok_or_else(|| "That person is no longer on the roster.".to_owned())?;
        p.name = name;
        p.role = role;
        p.ward_or_service = ward;
        Ok(())
    }

    /// Removes someone. Sessions they took part in keep their results; the programme shows
    /// them as "a former member" (or officer).
    pub fn remove(&mut self, id: &str) -> Option<Person> {
        let at = self.people.iter().position(|p| p.id == id)?;
        let gone = self.people.remove(at);
        for tag in [gone.id.clone(), name_tag(&gone.name)] {
            if !self.former.contains(&tag) {
                self.former.push(tag);
            }
        }
        Some(gone)
    }

    /// True when someone with this roster id or name was removed from the roster (and
    /// nobody of that name is on it now).
    pub fn was_removed(&self, person_id: &str, name: &str) -> bool {
        (!person_id.is_empty() && self.former.iter().any(|t| t == person_id))
            || (!name_key(name).is_empty() && self.former.contains(&name_tag(name)))
    }

    /// Reads a roster CSV (a header row with `name` and `role` columns and optionally
    /// `ward` / `service` / `ward or service`) and returns the roster as it would be after
    /// importing it, with what changed. People already on the roster (by name) keep their id
    /// and take the file's role and ward; nobody is removed. With any problem in the file the
    /// roster is not changed and every problem is returned with its line.
    pub fn import_csv(&self, bytes: &[u8]) -> Result<(Roster, ImportSummary), Vec<CsvProblem>> {
        let rows = parse_csv(bytes)?;
        let mut next = self.clone();
        let mut summary = ImportSummary {
            ignored_columns: rows.ignored_columns,
            ..ImportSummary::default()
        };
        for row in rows.rows {
            let existing = next
                .people
                .iter_mut()
                .find(|p| name_key(&p.name) == name_key(&row.name));
            match existing {
                Some(p) if p.role == row.role && p.ward_or_service == row.ward_or_service => {
                    summary.unchanged += 1;
                }
                Some(p) => {
                    p.role = row.role;
                    p.ward_or_service = row.ward_or_service;
                    summary.updated.push(p.name.clone());
                }
                None => {
                    if next.people.len() >= MAX_PEOPLE {
                        return Err(vec![CsvProblem {
                            line: row.line,
                            message: format!("the roster would hold more than {MAX_PEOPLE} people"),
                            help: "import members and officers who take part in the programme only"
                                .into(),
                        }]);
                    }
                    let id = next.fresh_id();
                    summary.added.push(row.name.clone());
                    next.people.push(Person {
                        id,
                        name: row.name,
                        role: row.role,
                        ward_or_service: row.ward_or_service,
                    });
                }
            }
        }
        Ok((next, summary))
    }
}

/// A checked row of a roster CSV.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvRow {
    /// Its line in the file.
    pub line: u64,
    /// The name.
    pub name: String,
    /// Member or officer.
    pub role: Role,
    /// Ward or service (may be empty).
    pub ward_or_service: String,
}

/// The rows of a roster CSV, all checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvRows {
    /// The people, in file order.
    pub rows: Vec<CsvRow>,
    /// Header names of columns that were not read.
    pub ignored_columns: Vec<String>,
}

/// The text of a CSV file: UTF-8 (a byte-order mark is dropped, as Excel writes one) or
/// UTF-16 with a byte-order mark (Excel's "Unicode text"). Other encodings are refused with
/// the line of the first byte that is not UTF-8.
fn decode(bytes: &[u8]) -> Result<String, CsvProblem> {
    let utf16 = |big: bool| -> Result<String, CsvProblem> {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], c.get(1).copied().unwrap_or(0)];
                if big {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| CsvProblem {
            line: 1,
            message: "the file says it is UTF-16 text but is damaged".into(),
            help: "save the spreadsheet again as \"CSV UTF-8 (Comma delimited)\"".into(),
        })
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => std::str::from_utf8(rest)
            .map(str::to_owned)
            .map_err(|e| not_utf8(rest, e.valid_up_to())),
        [0xFF, 0xFE, ..] => utf16(false),
        [0xFE, 0xFF, ..] => utf16(true),
        _ => std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|e| not_utf8(bytes, e.valid_up_to())),
    }
}

fn not_utf8(bytes: &[u8], at: usize) -> CsvProblem {
    let line = 1 + bytes[..at].iter().filter(|b| **b == b'\n').count() as u64;
    let col = at
        - bytes[..at]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    CsvProblem {
        line,
        message: format!(
            "column {col}: this is not UTF-8 text (probably a name with an accent saved in an older Windows encoding)"
        ),
        help:
            "in Excel choose File › Save As › \"CSV UTF-8 (Comma delimited)\" and import that file"
                .into(),
    }
}

/// Reads and checks a roster CSV without touching any roster.
pub fn parse_csv(bytes: &[u8]) -> Result<CsvRows, Vec<CsvProblem>> {
    if bytes.len() > MAX_CSV_BYTES {
        return Err(vec![CsvProblem {
            line: 1,
            message: format!(
                "the file is {} bytes, more than the {MAX_CSV_BYTES} a roster needs",
                bytes.len()
            ),
            help: "check this is the roster: one row per member or officer".into(),
        }]);
    }
    let text = decode(bytes).map_err(|p| vec![p])?;
    let first_line = text.lines().next().unwrap_or("");
    // Excel in some locales separates with `;`; tab-separated text comes from "Unicode text".
    let delimiter = if first_line.contains(',') {
        b','
    } else if first_line.contains(';') {
        b';'
    } else if first_line.contains('\t') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            return Err(vec![CsvProblem {
                line: e.position().map_or(1, |p| p.line()),
                message: format!("the header row cannot be read: {e}"),
                help: "the first row names the columns: name,role,ward or service".into(),
            }]);
        }
        None => {
            return Err(vec![CsvProblem {
                line: 1,
                message: "the file is empty".into(),
                help: "the first row names the columns (name,role,ward or service), then one row per person".into(),
            }]);
        }
    };
    let heads: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let find = |names: &[&str]| heads.iter().position(|h| names.contains(&h.as_str()));
    let name_col = find(&["name", "full name", "member", "person"]);
    let role_col = find(&["role", "type", "member or officer"]);
    let ward_col = find(&[
        "ward or service",
        "ward/service",
        "ward / service",
        "ward",
        "service",
        "department",
    ]);
    let mut problems = Vec::new();
    for (col, what) in [(name_col, "name"), (role_col, "role")] {
        if col.is_none() {
            problems.push(CsvProblem {
                line: 1,
                message: format!(
                    "there is no `{what}` column (the header row has: {})",
                    header.iter().collect::<Vec<_>>().join(", ")
                ),
                help: "the first row must name the columns, e.g. name,role,ward or service — add a header row if the file starts with a person".into(),
            });
        }
    }
    let (Some(name_col), Some(role_col)) = (name_col, role_col) else {
        return Err(problems);
    };
    let ignored_columns: Vec<String> = header
        .iter()
        .enumerate()
        .filter(|(i, h)| {
            *i != name_col && *i != role_col && Some(*i) != ward_col && !h.trim().is_empty()
        })
        .map(|(_, h)| h.trim().to_owned())
        .collect();
    let mut rows: Vec<CsvRow> = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                problems.push(CsvProblem {
                    line: e.position().map_or(0, |p| p.line()),
                    message: format!("this row cannot be read: {e}"),
                    help: "check the quotes on this line: a cell with a comma in it is written in double quotes".into(),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize| record.get(i).unwrap_or("").to_owned();
        let name = match clean(&cell(name_col), "name") {
            Ok(n) if n.is_empty() => {
                problems.push(CsvProblem {
                    line,
                    message: "the name is empty".into(),
                    help: "write the person's name, or delete the row".into(),
                });
                continue;
            }
            Ok(n) => n,
            Err(e) => {
                problems.push(CsvProblem {
                    line,
                    message: e,
                    help: "shorten it or remove the odd character".into(),
                });
                continue;
            }
        };
        let role = match Role::parse(&cell(role_col)) {
            Some(r) => r,
            None => {
                let got = cell(role_col);
                problems.push(CsvProblem {
                    line,
                    message: if got.trim().is_empty() {
                        format!("{name} has no role")
                    } else {
                        format!("\"{}\" is not a role ({name})", got.trim())
                    },
                    help: "write member (or councillor) or officer".into(),
                });
                continue;
            }
        };
        let ward = match ward_col.map(|c| clean(&cell(c), "ward or service")) {
            None => String::new(),
            Some(Ok(w)) => w,
            Some(Err(e)) => {
                problems.push(CsvProblem {
                    line,
                    message: e,
                    help: "shorten it or remove the odd character".into(),
                });
                continue;
            }
        };
        if let Some(first) = rows.iter().find(|r| name_key(&r.name) == name_key(&name)) {
            problems.push(CsvProblem {
                line,
                message: format!("{name} is already on line {}", first.line),
                help: "keep one row per person (if two people share a name, add a middle initial to tell them apart)".into(),
            });
            continue;
        }
        rows.push(CsvRow {
            line,
            name,
            role,
            ward_or_service: ward,
        });
    }
    if rows.is_empty() && problems.is_empty() {
        problems.push(CsvProblem {
            line: 2,
            message: "there is nobody in the file, only the header row".into(),
            help: "add one row per member or officer under the header".into(),
        });
    }
    if problems.is_empty() {
        Ok(CsvRows {
            rows,
            ignored_columns,
        })
    } else {
        problems.sort_by_key(|p| p.line);
        Err(problems)
    }
}
