//! Reading scenario files: embedded, from the user's folder and from paths on the command line.

use super::analyse::{Analysis, TooComplex};
use super::diagnostic::{Diagnostic, Severity, has_errors};
use super::fast_ron;
use super::limits;
use super::lint::ContentReport;
use super::model::{FORMAT_VERSION, Node, Scenario};
use super::spans::{self, LineIndex, SpanError, SpanNode};
use super::validate::{self, StateChecks};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Where a scenario came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Shipped inside the binary.
    Embedded,
    /// The user's scenarios folder.
    UserFolder,
    /// A path given on the command line.
    CommandLine,
}

impl Source {
    /// Short words for lists.
    pub fn label(&self) -> &'static str {
        match self {
            Source::Embedded => "built in",
            Source::UserFolder => "your scenarios folder",
            Source::CommandLine => "command line",
        }
    }
}

/// A scenario that parsed and validated without errors.
#[derive(Clone, Debug)]
pub struct LoadedScenario {
    /// The scenario itself (shared: the library is copied for the background checks and
    /// the live reload, and the scenarios need not be).
    pub scenario: Arc<Scenario>,
    /// Where it came from.
    pub source: Source,
    /// The file name or path shown to users.
    pub file: String,
    /// A hash of the file's bytes, kept in session records.
    pub content_hash: String,
    /// Warnings found while validating.
    pub warnings: Vec<Diagnostic>,
    /// The content-lint figures (best choices, naive strategies, each ending's index range),
    /// worked out while validating; `None` when the scenario is too complex to analyse, or
    /// when the checks that explore its states were left for later (see `deferred`).
    pub content: Option<ContentReport>,
    /// The analysis, when loading was asked for it ([`Checks::Analyse`]), from the same
    /// states as the content lints; `Err` when the scenario is too complex.
    pub analysis: Option<Result<Analysis, TooComplex>>,
    /// With [`Checks::Quick`]: the file's text, kept because the checks that explore the
    /// scenario's states (a node where no choice is left, choices never offered, the content
    /// lints) are still to be done, by [`validate::finish_states`]. Until then `warnings`
    /// lacks what those find, and an error among them would still make the file fail.
    pub deferred: Option<Arc<str>>,
}

/// How much of the checking loading a file does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Checks {
    /// Every rule, the exploration of the states and the content lints included.
    Full,
    /// [`Checks::Full`], and the analysis from the same exploration (`deskaudit check`).
    Analyse,
    /// Every rule that needs no exploration of the states: what a window needs before its
    /// first frame. The rest is done by [`validate::finish_states`] (see
    /// [`LoadedScenario::deferred`]).
    Quick,
}

/// A file that could not be used, with every error found in it.
#[derive(Clone, Debug)]
pub struct FailedFile {
    /// Where it came from.
    pub source: Source,
    /// The file name or path shown to users.
    pub file: String,
    /// Errors (and any warnings) found in it.
    pub diagnostics: Vec<Diagnostic>,
}

/// Every scenario found, and every file that failed.
#[derive(Clone, Debug, Default)]
pub struct Library {
    /// Scenarios ready to play, in the order found.
    pub scenarios: Vec<LoadedScenario>,
    /// Files that failed to load.
    pub failed: Vec<FailedFile>,
}

/// A parsed file: the scenario and its source text, before validation.
pub struct Parsed {
    /// The scenario model.
    pub scenario: Scenario,
    /// The source text.
    pub text: String,
    /// Positions of every value, read from `text` the first time a problem has to be
    /// located: a file with nothing to report never pays for it.
    tree: OnceLock<Option<SpanNode>>,
}

impl Parsed {
    /// Positions of every value (`None` when the reader could not follow the text; `ron`
    /// accepted it, so problems are then located by searching the text).
    pub fn tree(&self) -> Option<&SpanNode> {
        self.tree
            .get_or_init(|| spans::parse_lazy(&self.text, limits::MAX_NESTING).ok())
            .as_ref()
    }

    /// The lazily built tree itself, for the validator's reporter.
    pub(crate) fn tree_cell(&self) -> &OnceLock<Option<SpanNode>> {
        &self.tree
    }
}

/// From this size on a file is large enough for a second thread to pay: its RON is parsed in
/// two halves ([`parse_in_halves`]); a check that explores the states works out the file's
/// hash beside the parse; and the text and tree are freed on a thread of their own
/// ([`free_aside`]). (The tree of positions of such a file is read while the rules wait for
/// its states: see `validate::validate_in_steps`.)
const LARGE_FILE_BYTES: usize = 1 << 20;

/// Hash of file contents (64-bit FNV-1a, hex): stable across builds and platforms.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn diag(file: &str, line: usize, col: usize, message: String, help: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_owned(),
        line,
        col,
        message,
        help,
        code: None,
    }
}

/// Parses bytes into a scenario, checking the limits that must hold before parsing.
/// Validation is separate: see [`load_bytes`].
pub fn parse_bytes(file: &str, bytes: &[u8]) -> Result<Parsed, Vec<Diagnostic>> {
    if bytes.len() > limits::MAX_FILE_BYTES {
        return Err(vec![diag(
            file,
            1,
            1,
            format!(
                "the file is {} bytes; scenario files are limited to {} bytes",
                bytes.len(),
                limits::MAX_FILE_BYTES
            ),
            "split the scenario into smaller scenarios".into(),
        )]);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let (line, col) = LineIndex::new(good).line_col(good, good.len());
            return Err(vec![diag(
                file,
                line,
                col,
                format!(
                    "the file is not valid UTF-8 text (bad byte 0x{:02x})",
                    bytes[e.valid_up_to()]
                ),
                "save the file as UTF-8 in your editor (\"Save with encoding\" → UTF-8)".into(),
            )]);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_blank(text) {
        return Err(vec![diag(
            file,
            1,
            1,
            "the file is empty".into(),
            "a scenario file starts with `Scenario(` — copy the example in docs/scenario-format.md"
                .into(),
        )]);
    }
    // The nesting limit comes first: it is reported instead of whatever `ron` would say.
    // The quick scan rules it out for nearly every file without building the tree.
    let mut tree = None;
    // A large file is scanned once for both its depth and where to cut it in two.
    let large = text.len() >= LARGE_FILE_BYTES;
    let (may_be_deep, cut) = if large {
        spans::scan_shape(text, limits::MAX_NESTING, "nodes")
    } else {
        (spans::may_exceed_depth(text, limits::MAX_NESTING), None)
    };
    if may_be_deep {
        match spans::parse(text, limits::MAX_NESTING) {
            Ok(t) => tree = Some(Some(t)),
            Err(SpanError::TooDeep { offset }) => return Err(vec![too_deep(file, text, offset)]),
            Err(SpanError::Syntax) => tree = Some(None),
        }
    }
    // The fast reader first (it gives up on anything outside the subset it reads, and on
    // any error), then `ron`, which also says where an error is.
    let parse = || {
        if let Some(cut) = cut
            && let Some(scenario) = parse_in_halves(text, cut)
        {
            return Ok(scenario);
        }
        match fast_ron::from_str::<Scenario>(text) {
            Some(scenario) => Ok(scenario),
            None => ron_options().from_str::<Scenario>(text),
        }
    };
    match parse() {
        Ok(scenario) => {
            let cell = OnceLock::new();
            if let Some(t) = tree {
                let _ = cell.set(t);
            }
            Ok(Parsed {
                scenario,
                text: text.to_owned(),
                tree: cell,
            })
        }
        Err(e) => {
            let tree = tree.unwrap_or_else(|| spans::parse_lazy(text, limits::MAX_NESTING).ok());
            Err(vec![ron_error(file, text, tree.as_ref(), &e)])
        }
    }
}

/// A large file parsed on two threads: the nodes after `cut`, the comma nearest the middle of
/// the `nodes` list ([`spans::list_cut`]; `close` is the list's `]`), on a second thread, the
/// rest of the file here. `None` when either half does not parse: the caller then parses the
/// whole file, which also gives
/// the line and column of any error. A node reads the same wherever it stands in the file, so
/// the result is the whole file's.
fn parse_in_halves(text: &str, (cut, close): (usize, usize)) -> Option<Scenario> {
    // Attributes (`#![enable(…)]`) would have to be repeated for the second half.
    if text[..cut].contains("#!") {
        return None;
    }
    let mut first = String::with_capacity(cut + text.len() - close);
    first.push_str(&text[..cut]);
    first.push_str(&text[close..]);
    let second = format!("[{}]", &text[cut + 1..close]);
    std::thread::scope(|scope| {
        let side = std::thread::Builder::new()
            .spawn_scoped(scope, || read_quickly::<Vec<Node>>(&second))
            .ok()?;
        let mut scenario = read_quickly::<Scenario>(&first);
        let rest = side.join().ok().flatten();
        if let (Some(s), Some(rest)) = (scenario.as_mut(), rest) {
            s.nodes.extend(rest);
            return scenario;
        }
        None
    })
}

/// `text` read by the fast reader, or by `ron` where that gives up; `None` on an error.
fn read_quickly<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    fast_ron::from_str(text).or_else(|| ron_options().from_str(text).ok())
}

/// How scenario files are read: `Some` may be left out, and nesting is limited.
fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(limits::MAX_NESTING * 2)
}

fn too_deep(file: &str, text: &str, offset: usize) -> Diagnostic {
    let (line, col) = LineIndex::new(text).line_col(text, offset);
    diag(
        file,
        line,
        col,
        format!(
            "values are nested more than {} levels deep here",
            limits::MAX_NESTING
        ),
        "flatten the structure; a condition rarely needs more than two levels".into(),
    )
}

fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with("//")
    })
}

/// Turns a `ron` error into a diagnostic an author can act on.
fn ron_error(
    file: &str,
    text: &str,
    tree: Option<&SpanNode>,
    e: &ron::error::SpannedError,
) -> Diagnostic {
    use ron::error::Error as E;
    let mut line = e.span.start.line.max(1);
    let mut col = e.span.start.col.max(1);
    let inside = |outer: &Option<String>| match outer {
        Some(o) => format!(" in `{o}`"),
        None => String::new(),
    };
    let (message, help) = match &e.code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            format!("unknown field `{found}`{}", inside(outer)),
            match super::text::closest(found, expected.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("the fields allowed here are: {}", expected.join(", ")),
            },
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            format!("unknown value `{found}`{}", inside(outer)),
            match super::text::closest(found, expected.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("the values allowed here are: {}", expected.join(", ")),
            },
        ),
        E::MissingStructField { field, outer } => {
            // ron reports the end of the record; point at its start, and name it by its id.
            let index = LineIndex::new(text);
            let at = index.offset(text, line, col);
            let found = tree.and_then(|t| t.innermost_struct_at(text, at));
            let what = match (outer, found.as_ref().and_then(|(_, id)| id.as_deref())) {
                (Some(o), Some(id)) => format!("this `{o}` (id \"{id}\")"),
                (Some(o), None) => format!("this `{o}`"),
                (None, _) => "this record".to_owned(),
            };
            if let Some((node, _)) = found {
                (line, col) = index.line_col(text, node.start);
            }
            (
                format!("{what} is missing the field `{field}`"),
                format!("add `{field}: …` to it (see docs/scenario-format.md for what it holds)"),
            )
        }
        E::DuplicateStructField { field, outer } => (
            format!("the field `{field}` is given twice{}", inside(outer)),
            "delete one of the two".into(),
        ),
        E::ExpectedDifferentStructName { expected, found } => (
            format!("expected `{expected}(…)` here, found `{found}(…)`"),
            format!("write `{expected}(` instead of `{found}(`"),
        ),
        E::Eof => {
            let (l, c) = LineIndex::new(text).line_col(text, text.trim_end().len());
            line = l;
            col = c;
            (
                "the file ends before the scenario is complete".into(),
                "a `(`, `[` or `\"` is probably not closed; check the last thing you edited".into(),
            )
        }
        E::ExpectedComma | E::ExpectedStructLikeEnd | E::ExpectedArrayEnd => {
            match unclosed_text(text) {
                Some(at) => {
                    (line, col) = LineIndex::new(text).line_col(text, at);
                    (
                        "this text seems not to be closed: it runs on into the fields after it"
                            .into(),
                        "end the text with a `\"`; write `\\\"` for a quote inside text".into(),
                    )
                }
                None if matches!(e.code, E::ExpectedComma) => {
                    // Point just after the value that should have been followed by a comma.
                    let index = LineIndex::new(text);
                    let at = index.offset(text, line, col);
                    let before = text[..at].trim_end();
                    (line, col) = index.line_col(text, before.len());
                    (
                        "a comma is missing here".into(),
                        "put a `,` after each field and each list item".into(),
                    )
                }
                None => (
                    format!("{}", e.code),
                    "check for a missing comma, bracket or parenthesis just before this point"
                        .into(),
                ),
            }
        }
        E::ExpectedStringEnd => (
            "this text is not closed".into(),
            "end the text with a `\"`; write `\\\"` for a quote inside text".into(),
        ),
        E::ExceededRecursionLimit => (
            "values are nested too deeply".into(),
            "flatten the structure".into(),
        ),
        E::TrailingCharacters => (
            "unexpected text after the end of the scenario".into(),
            "the scenario's closing `)` is followed by more text: delete it or move it inside"
                .into(),
        ),
        E::ExpectedInteger | E::IntegerOutOfBounds => (
            format!("{}", e.code),
            "write a whole number here, e.g. `30`".into(),
        ),
        E::ExpectedFloat => (
            format!("{}", e.code),
            "write a number here, e.g. `1.0` or `0.25`".into(),
        ),
        E::ExpectedString => (
            format!("{}", e.code),
            "put the text in double quotes: \"like this\"".into(),
        ),
        E::ExpectedArray => (
            format!("{}", e.code),
            "write a list in square brackets: [\"a\", \"b\"]".into(),
        ),
        E::InvalidValueForType { expected, found } => (
            format!("expected {expected} here, found {found}"),
            "see docs/scenario-format.md for what this field holds".into(),
        ),
        other => (
            format!("{other}"),
            "check the punctuation just before this point: a missing comma, bracket or quote"
                .into(),
        ),
    };
    diag(file, line, col, message, help)
}

/// The start of the first string literal that swallowed what looks like the following
/// fields (a line of the form `name: `), the usual result of a missing closing quote.
fn unclosed_text(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let body = &text[start + 1..i.min(text.len())];
                let swallowed = body.lines().skip(1).any(|l| {
                    let l = l.trim_start();
                    let name_len = l
                        .bytes()
                        .take_while(|b| b.is_ascii_lowercase() || *b == b'_')
                        .count();
                    name_len > 0 && l[name_len..].starts_with(": ")
                });
                if swallowed {
                    return Some(start);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Parses and validates one file. `Ok` carries the scenario and its warnings.
pub fn load_bytes(
    file: &str,
    bytes: &[u8],
) -> Result<(Scenario, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_bytes_with_content(file, bytes).map(|(s, w, _)| (s, w))
}

/// A scenario that loaded: the scenario, its warnings and its content-lint figures.
pub type Loaded = (Scenario, Vec<Diagnostic>, Option<ContentReport>);

/// Parses and validates one file, keeping the content-lint figures worked out on the way.
pub fn load_bytes_with_content(file: &str, bytes: &[u8]) -> Result<Loaded, Vec<Diagnostic>> {
    load_bytes_with(file, bytes, Checks::Full).map(|l| (l.scenario, l.warnings, l.content))
}

/// A file that loaded with the checks asked for.
pub struct LoadedFile {
    /// The scenario.
    pub scenario: Scenario,
    /// Its warnings (see [`LoadedScenario::deferred`] for what [`Checks::Quick`] leaves out).
    pub warnings: Vec<Diagnostic>,
    /// See [`LoadedScenario::content`].
    pub content: Option<ContentReport>,
    /// See [`LoadedScenario::analysis`].
    pub analysis: Option<Result<Analysis, TooComplex>>,
    /// See [`LoadedScenario::deferred`].
    pub deferred: Option<Arc<str>>,
}

/// Parses and validates one file, as far as `checks` says.
pub fn load_bytes_with(
    file: &str,
    bytes: &[u8],
    checks: Checks,
) -> Result<LoadedFile, Vec<Diagnostic>> {
    let parsed = parse_bytes(file, bytes)?;
    let mut diagnostics = Vec::new();
    if parsed.scenario.format > FORMAT_VERSION || parsed.scenario.format == 0 {
        let at = parsed
            .tree()
            .map(|t| {
                t.resolve(&parsed.text, &spans::Path::root().field("format"))
                    .start
            })
            .unwrap_or(0);
        let (line, col) = LineIndex::new(&parsed.text).line_col(&parsed.text, at);
        diagnostics.push(diag(
            file,
            line,
            col,
            format!(
                "format version {} is not supported (this build reads version {FORMAT_VERSION})",
                parsed.scenario.format
            ),
            format!("write `format: {FORMAT_VERSION},` or update deskaudit"),
        ));
        return Err(diagnostics);
    }
    let states = match checks {
        Checks::Full => StateChecks::Now { analysis: false },
        Checks::Analyse => StateChecks::Now { analysis: true },
        Checks::Quick => StateChecks::Later,
    };
    let (found, explored) = validate::validate_in_steps(&parsed, file, states);
    diagnostics.extend(found);
    if has_errors(&diagnostics) {
        return Err(diagnostics);
    }
    let (content, analysis) = match explored {
        Some(e) => (e.content, e.analysis),
        None => (None, None),
    };
    let deferred = (checks == Checks::Quick).then(|| Arc::from(parsed.text.as_str()));
    let Parsed {
        scenario,
        text,
        tree,
    } = parsed;
    // The tree of a large file is a few hundred thousand small allocations: they are freed
    // on a thread of their own rather than on the clock of whoever is waiting for the check.
    if text.len() >= LARGE_FILE_BYTES {
        free_aside((text, tree));
    }
    Ok(LoadedFile {
        scenario,
        warnings: diagnostics,
        content,
        analysis,
        deferred,
    })
}

/// Drops `value` on a short-lived thread of its own (here, if no thread can be had): for
/// large structures whose freeing would otherwise hold up a result that is ready.
pub fn free_aside<T: Send + 'static>(value: T) {
    // On failure the closure, and the value with it, is dropped here.
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(value));
}

impl Library {
    /// The built-in scenarios only.
    pub fn embedded() -> Self {
        Self::embedded_with(Checks::Full)
    }

    /// The built-in scenarios only, checked as far as `checks` says.
    ///
    /// With [`Checks::Quick`] (a window about to open) the built-in scenarios are only
    /// deserialised: they are part of the program, and the test suite checks every one of
    /// them against every rule (`tests/robustness.rs`: no errors, no warnings), so running
    /// the rules again at each start-up could find nothing; it was a third of reading the
    /// library before the first frame. The checks that explore the states still run in the
    /// background, as for any file.
    pub fn embedded_with(checks: Checks) -> Self {
        let mut lib = Library::default();
        for (name, bytes) in EMBEDDED {
            let file = format!("embedded:{name}");
            match (checks, std::str::from_utf8(bytes)) {
                (Checks::Quick, Ok(text)) => match read_quickly::<Scenario>(text) {
                    Some(scenario) => lib.scenarios.push(LoadedScenario {
                        scenario: Arc::new(scenario),
                        source: Source::Embedded,
                        content_hash: content_hash(bytes),
                        file,
                        warnings: Vec::new(),
                        content: None,
                        analysis: None,
                        deferred: Some(Arc::from(text)),
                    }),
                    // Not expected (the tests parse every built-in scenario), but should it
                    // happen, the full load reports it like any other file's problem.
                    None => lib.add_with(Source::Embedded, file, bytes, checks),
                },
                _ => lib.add_with(Source::Embedded, file, bytes, checks),
            }
        }
        lib
    }

    /// Adds one file's contents. A scenario whose id is already in the library is refused.
    pub fn add(&mut self, source: Source, file: String, bytes: &[u8]) {
        self.add_with(source, file, bytes, Checks::Full);
    }

    /// [`Library::add`], checked as far as `checks` says.
    pub fn add_with(&mut self, source: Source, file: String, bytes: &[u8], checks: Checks) {
        // A large file's hash (a byte-at-a-time pass, 5 ms for 4 MB) is worked out on a
        // second thread while the first parses it: the parse leaves that thread idle.
        let (loaded, hash) = if checks != Checks::Quick && bytes.len() >= LARGE_FILE_BYTES {
            std::thread::scope(|scope| {
                let side = std::thread::Builder::new().spawn_scoped(scope, || content_hash(bytes));
                let loaded = load_bytes_with(&file, bytes, checks);
                let hash = side.ok().and_then(|h| h.join().ok());
                (loaded, hash)
            })
        } else {
            (load_bytes_with(&file, bytes, checks), None)
        };
        match loaded {
            Ok(LoadedFile {
                scenario,
                warnings,
                content,
                analysis,
                deferred,
            }) => {
                if let Some(other) = self.scenarios.iter().find(|s| s.scenario.id == scenario.id) {
                    self.failed.push(FailedFile {
                        source,
                        diagnostics: vec![diag(
                            &file,
                            1,
                            1,
                            format!(
                                "the scenario id `{}` is already used by {}",
                                scenario.id, other.file
                            ),
                            "give this scenario its own `id`".into(),
                        )],
                        file,
                    });
                    return;
                }
                self.scenarios.push(LoadedScenario {
                    scenario: Arc::new(scenario),
                    source,
                    content_hash: hash.unwrap_or_else(|| content_hash(bytes)),
                    file,
                    warnings,
                    content,
                    analysis,
                    deferred,
                });
            }
            Err(diagnostics) => self.failed.push(FailedFile {
                source,
                file,
                diagnostics,
            }),
        }
    }

    /// Adds a file, or every `.ron` file under a folder (sorted by path).
    pub fn add_path(&mut self, source: Source, path: &Path) {
        self.add_path_with(source, path, Checks::Full);
    }

    /// [`Library::add_path`], checked as far as `checks` says.
    pub fn add_path_with(&mut self, source: Source, path: &Path, checks: Checks) {
        if path.is_dir() {
            for f in ron_files(path) {
                self.add_file(source.clone(), &f, checks);
            }
        } else {
            self.add_file(source, path, checks);
        }
    }

    fn add_file(&mut self, source: Source, path: &Path, checks: Checks) {
        let file = path.display().to_string();
        match std::fs::metadata(path) {
            Ok(m) if m.len() > limits::MAX_FILE_BYTES as u64 => {
                self.failed.push(FailedFile {
                    source,
                    diagnostics: vec![diag(
                        &file,
                        1,
                        1,
                        format!(
                            "the file is {} bytes; scenario files are limited to {} bytes",
                            m.len(),
                            limits::MAX_FILE_BYTES
                        ),
                        "split the scenario into smaller scenarios".into(),
                    )],
                    file,
                });
                return;
            }
            _ => {}
        }
        match std::fs::read(path) {
            Ok(bytes) => self.add_with(source, file, &bytes, checks),
            Err(e) => self.failed.push(FailedFile {
                source,
                diagnostics: vec![diag(
                    &file,
                    1,
                    1,
                    format!("cannot read the file: {e}"),
                    "check that the path is right and that you may read it".into(),
                )],
                file,
            }),
        }
    }

    /// The scenario with this id.
    pub fn get(&self, id: &str) -> Option<&LoadedScenario> {
        self.scenarios.iter().find(|s| s.scenario.id.as_str() == id)
    }
}

/// Every scenario file under `dir` (four folders deep at most), sorted: what the library
/// loads from a folder, and what the folder watcher (`crate::watch`) follows.
pub fn ron_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
        if depth > 4 {
            return;
        }
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, depth + 1, out);
            } else if is_scenario_file(&path) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, 0, &mut out);
    out.sort();
    out
}

/// Whether a path names a scenario file: it ends in `.ron` and is not hidden (editors keep
/// hidden lock and back-up files such as `.#name.ron` beside the real one).
pub fn is_scenario_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "ron")
        && !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// The user's scenarios folder: `scenarios/` inside the data folder.
pub fn user_scenarios_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("scenarios")
}

#[cfg(test)]
mod tests {
    use super::{parse_in_halves, ron_options};
    use crate::scenario::Scenario;

    #[test]
    fn a_large_file_parsed_in_halves_is_the_file_parsed_whole() {
        let text = crate::map::synthetic::layered_ron(3_000, true);
        let whole: Scenario = ron_options().from_str(&text).expect("parses");
        let cut = crate::scenario::spans::list_cut(&text, "nodes").expect("the nodes list is cut");
        let halves = parse_in_halves(&text, cut).expect("the halves parse");
        assert_eq!(halves.nodes.len(), whole.nodes.len());
        assert_eq!(format!("{halves:?}"), format!("{whole:?}"));
    }

    #[test]
    fn a_half_that_does_not_parse_leaves_the_file_to_be_parsed_whole() {
        let text = crate::map::synthetic::layered_ron(3_000, true);
        // A misspelt field in the last node: the second half fails, so no result here, and
        // the whole-file parse reports it where it is.
        let at = text.rfind("goto:").expect("a choice");
        let broken = format!("{}gotoo:{}", &text[..at], &text[at + 5..]);
        let cut =
            crate::scenario::spans::list_cut(&broken, "nodes").expect("the nodes list is cut");
        assert!(parse_in_halves(&broken, cut).is_none());
        let errors = super::parse_bytes("big.ron", broken.as_bytes())
            .err()
            .expect("an unknown field is an error");
        let line = broken[..at].matches('\n').count() + 1;
        assert_eq!(errors[0].line, line, "{}", errors[0]);
    }
}
