//! The fast scenario reader (`scenario::fast_ron`) against `ron` itself: whenever the fast
//! reader returns a value, `ron` (with the options scenario files are read with) must read the
//! same text to the same value; and the fast reader must take every real scenario file.

use deskaudit::map::synthetic::layered_ron;
use deskaudit::scenario::{
    Checkpoint, Choice, Condition, CounterDef, Effect, FlagDef, Node, Scenario, fast_ron, limits,
};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use std::path::{Path, PathBuf};

/// `ron` as `deskaudit` reads scenario files (`ron_options()` in `src/scenario/load.rs`).
fn ron_read<T: DeserializeOwned>(text: &str) -> Result<T, ron::error::SpannedError> {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(limits::MAX_NESTING * 2)
        .from_str(text)
}

/// Checks the one promise of the fast reader on `text`: when it returns a value, `ron` returns
/// the same one. Returns whether the fast reader took the text.
fn agrees<T: DeserializeOwned + Debug>(text: &str) -> bool {
    let Some(fast) = fast_ron::from_str::<T>(text) else {
        return false;
    };
    match ron_read::<T>(text) {
        Ok(slow) => {
            assert_eq!(
                format!("{fast:?}"),
                format!("{slow:?}"),
                "the readers disagree on:\n{text}"
            );
            true
        }
        Err(e) => panic!("the fast reader accepted what ron rejects ({e}):\n{text}"),
    }
}

/// Like [`agrees`], and the fast reader must take the text.
fn taken<T: DeserializeOwned + Debug>(text: &str) {
    assert!(
        agrees::<T>(text),
        "the fast reader gave up on text it should read (ron: {:?}):\n{text}",
        ron_read::<T>(text).err()
    );
}

/// Like [`agrees`], and the fast reader must give up (the text is outside its subset or
/// invalid).
fn given_up<T: DeserializeOwned + Debug>(text: &str) {
    assert!(
        !agrees::<T>(text),
        "the fast reader read text it should give up on:\n{text}"
    );
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    files.sort();
    files
}

fn shipped_scenarios() -> Vec<(PathBuf, String)> {
    let files = ron_files(&repo().join("scenarios"));
    assert!(files.len() >= 10, "the shipped scenarios were not found");
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("scenario file is UTF-8");
            (p, text)
        })
        .collect()
}

// --- Real files ------------------------------------------------------------------------------

#[test]
fn every_shipped_scenario_is_read_fast_and_as_ron_reads_it() {
    for (path, text) in shipped_scenarios() {
        assert!(
            ron_read::<Scenario>(&text).is_ok(),
            "{} does not parse",
            path.display()
        );
        assert!(
            agrees::<Scenario>(&text),
            "the fast reader gave up on {}",
            path.display()
        );
    }
}

#[test]
fn scenarios_saved_with_windows_line_endings_or_tabs_are_read_fast() {
    for (path, text) in shipped_scenarios().into_iter().take(3) {
        let crlf = text.replace('\n', "\r\n");
        assert!(agrees::<Scenario>(&crlf), "CRLF {}", path.display());
        let tabs = text.replace("    ", "\t");
        assert!(agrees::<Scenario>(&tabs), "tabs {}", path.display());
    }
}

#[test]
fn fixture_files_agree_and_the_valid_ones_are_read_fast() {
    let fixtures = repo().join("tests/fixtures");
    let mut files = ron_files(&fixtures);
    for sub in ["analysis", "invalid", "lints"] {
        let dir = fixtures.join(sub);
        if dir.is_dir() {
            files.extend(ron_files(&dir));
        }
    }
    let mut taken_count = 0;
    for path in &files {
        // One fixture is deliberately not UTF-8: `from_str` never sees such a file.
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let fast = agrees::<Scenario>(&text);
        if ron_read::<Scenario>(&text).is_ok() {
            assert!(fast, "the fast reader gave up on {}", path.display());
            taken_count += 1;
        }
    }
    assert!(
        taken_count >= 10,
        "only {taken_count} fixtures parse: wrong folder?"
    );
}

#[test]
fn the_documentation_examples_agree() {
    let docs = repo().join("docs");
    let mut whole = 0;
    for entry in std::fs::read_dir(&docs).expect("docs folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("UTF-8");
        for block in text.split("```ron\n").skip(1) {
            let Some((block, _)) = block.split_once("```") else {
                continue;
            };
            if ron_read::<Scenario>(block).is_ok() {
                assert!(agrees::<Scenario>(block), "gave up on:\n{block}");
                whole += 1;
            } else {
                agrees::<Scenario>(block);
            }
        }
    }
    assert!(whole >= 1, "no whole scenario found in docs/*.md");
}

#[test]
fn generated_scenarios_are_read_fast() {
    for text in [layered_ron(3_000, true), layered_ron(500, false)] {
        taken::<Scenario>(&text);
    }
}

// --- Differential fuzzing --------------------------------------------------------------------

/// What the random edits insert: syntax, the starts of the things the reader gives up on, and
/// the keywords.
const INSERTS: &[&str] = &[
    "\"", ",", "(", ")", "[", "]", ":", "\\", "/", "*", "#", "r", "0", "1", ".", "e", "-", "_",
    "x", "a", "Z", "Some", "None", " ", "\n", "//", "/*", "*/", "'", "u", "{", "}", "r#", "b",
    "Some(", "\\n", "\\u{e9}", "\\x41", "é", "\u{2028}",
];

/// Numbers a number is replaced with: every form `ron` might read differently.
const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "2.5",
    "-2.5",
    "0.25",
    "1e3",
    "1E3",
    "1e-3",
    "1_000",
    "0x10",
    "0b1",
    "0o7",
    ".5",
    "5.",
    "+1",
    "inf",
    "NaN",
    "-inf",
    "1.0f64",
    "1.0f32",
    "1u32",
    "1i64",
    "99999999999999999999",
    "4294967296",
    "-0",
    "007",
    "1..2",
    "1e",
    "1.0.0",
    "--1",
    "9223372036854775808",
    "-9223372036854775808",
    "1e400",
];

/// A random position at a character boundary.
fn boundary(rng: &mut ChaCha8Rng, text: &str) -> usize {
    let mut at = rng.random_range(0..=text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A random position, half the time just before or after a structural character (where the
/// interesting syntax is) rather than anywhere (mostly inside prose).
fn position(rng: &mut ChaCha8Rng, text: &str) -> usize {
    let at = boundary(rng, text);
    if rng.random_bool(0.5) {
        return at;
    }
    let bytes = text.as_bytes();
    match bytes[at..]
        .iter()
        .position(|b| b"()[]:,\"".contains(b))
        .map(|i| at + i)
    {
        Some(i) if rng.random_bool(0.5) => i,
        Some(i) => i + 1,
        None => at,
    }
}

/// One random small edit of `text`.
fn edit(rng: &mut ChaCha8Rng, text: &str) -> String {
    let mut out = text.to_owned();
    // An empty text (every edit can delete) can only grow.
    let kinds = if text.is_empty() { 1..3 } else { 0..6 };
    match rng.random_range(kinds) {
        0 => {
            // Delete one character.
            let at = position(rng, text);
            if let Some(c) = text[at..].chars().next() {
                out.replace_range(at..at + c.len_utf8(), "");
            }
        }
        1 | 2 => {
            let at = position(rng, text);
            out.insert_str(at, INSERTS[rng.random_range(0..INSERTS.len())]);
        }
        3 => {
            // Duplicate or drop a line.
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let i = rng.random_range(0..lines.len());
            let copies = if rng.random_bool(0.5) { 0 } else { 2 };
            let mut rebuilt = String::with_capacity(text.len() + lines[i].len());
            for (j, line) in lines.iter().enumerate() {
                for _ in 0..if j == i { copies } else { 1 } {
                    rebuilt.push_str(line);
                }
            }
            out = rebuilt;
        }
        _ => {
            // Change a number: the first run of digits after a random position.
            let at = boundary(rng, text);
            let bytes = text.as_bytes();
            if let Some(start) = bytes[at..].iter().position(u8::is_ascii_digit) {
                let start = at + start;
                let len = bytes[start..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit() || **b == b'.')
                    .count();
                out.replace_range(
                    start..start + len,
                    NUMBERS[rng.random_range(0..NUMBERS.len())],
                );
            }
        }
    }
    out
}

/// Edits per shipped scenario. Each costs a fast read of a whole file and a `ron` read too,
/// in a debug build.
const EDITS_PER_FILE: usize = 2_000;

/// How a batch of edited files was read.
#[derive(Default)]
struct Tally {
    total: usize,
    /// `ron` read the edited file.
    ron_read: usize,
    /// The fast reader read it (so `ron` did too, to the same value).
    fast_read: usize,
    /// Where the first few files that `ron` read and the fast reader gave up on differ from
    /// the original, to see what the fast reader leaves to `ron`.
    missed: Vec<String>,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.total += other.total;
        self.ron_read += other.ron_read;
        self.fast_read += other.fast_read;
        self.missed.extend(other.missed);
    }
}

/// The edited part of `edited`, with a little context.
fn difference(original: &str, edited: &str) -> String {
    let start = original
        .bytes()
        .zip(edited.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let mut from = start.saturating_sub(20);
    while !edited.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (start + 30).min(edited.len());
    while !edited.is_char_boundary(to) {
        to += 1;
    }
    format!("{:?}", &edited[from..to])
}

#[test]
fn random_edits_of_every_shipped_scenario_never_read_differently() {
    let scenarios = shipped_scenarios();
    let mut tally = Tally::default();
    std::thread::scope(|scope| {
        let halves: Vec<_> = scenarios
            .chunks(scenarios.len().div_ceil(2))
            .enumerate()
            .map(|(half, files)| {
                scope.spawn(move || {
                    let mut tally = Tally::default();
                    for (i, (_, text)) in files.iter().enumerate() {
                        let mut rng = ChaCha8Rng::seed_from_u64(0xFA57 + (half * 100 + i) as u64);
                        for _ in 0..EDITS_PER_FILE {
                            let edited = edit(&mut rng, text);
                            tally.total += 1;
                            if agrees::<Scenario>(&edited) {
                                tally.fast_read += 1;
                                tally.ron_read += 1;
                            } else if ron_read::<Scenario>(&edited).is_ok() {
                                tally.ron_read += 1;
                                if tally.missed.len() < 10 {
                                    tally.missed.push(difference(text, &edited));
                                }
                            }
                        }
                    }
                    tally
                })
            })
            .collect();
        for half in halves {
            tally.add(half.join().expect("fuzz thread"));
        }
    });
    let Tally {
        total,
        ron_read,
        fast_read,
        missed,
    } = tally;
    eprintln!(
        "of {total} edited files, ron read {ron_read} and the fast reader {fast_read}; some it left to ron:"
    );
    for m in &missed {
        eprintln!("  {m}");
    }
    // Most edits land in prose or change a number to another valid one: the fast reader must
    // still read nearly all of what ron reads, or this test would pass by the reader giving up
    // on everything.
    assert!(
        ron_read * 2 >= total,
        "only {ron_read} of {total} edits parse"
    );
    assert!(
        fast_read * 10 >= ron_read * 9,
        "the fast reader read only {fast_read} of the {ron_read} edited files ron read"
    );
}

/// Small texts, each cut and spliced at random, read as a model type that exercises every
/// construct: a quicker fuzz of the syntax the large files rarely reach.
#[test]
fn random_edits_of_small_texts_never_read_differently() {
    type Check = fn(&str) -> bool;
    let samples: &[(Check, &str)] = &[
        (
            agrees::<Choice>,
            r##"Choice(text: "Go \"on\"\n", goto: "n1", feedback: r#"raw "x""#, effects: [Met("c1"), Add("loss", -5), Set("f"),], when: Not(All([Has("a"), Any([Lacks("b")])])), branches: [Branch(when: Has("f"), goto: "n2")])"##,
        ),
        (
            agrees::<Checkpoint>,
            "Checkpoint(id: \"c\", p: Protect, title: \"T\\u{e9}\\x41\", weight: 2.5e0, required: true, lesson: \"L\", references: [\"a\", r\"b\"], // comment\n)",
        ),
        (
            agrees::<CounterDef>,
            "/* a /* nested */ comment */ Counter(id: \"loss\", label: \"Money\", unit: \"£\", start: -1000,)",
        ),
        (
            agrees::<Node>,
            "Node(id: \"e\", title: \"End\", text: \"a\\\n   b\", ending: Some(Ending(rating: Good, outcome: \"ok\")))",
        ),
        (
            agrees::<Node>,
            "(id: \"e\", title: \"End\", text: \"\", ending: (rating: Poor, outcome: \"x\"), choices: [], chance: [ChanceEvent(id: \"ch\", probability: 0.25, text: \"t\", when: None)])",
        ),
    ];
    let mut rng = ChaCha8Rng::seed_from_u64(0x5EED);
    let mut taken_count = 0;
    let mut total = 0;
    for (check, sample) in samples {
        // Every sample is read fast as it stands.
        assert!(check(sample), "the fast reader gave up on {sample}");
        for _ in 0..20_000 {
            let mut text = (*sample).to_owned();
            for _ in 0..rng.random_range(1..=3) {
                text = edit(&mut rng, &text);
            }
            total += 1;
            taken_count += usize::from(check(&text));
        }
    }
    eprintln!("{taken_count} of {total} edited texts took the fast path");
    assert!(taken_count * 10 >= total, "only {taken_count} of {total}");
}

// --- Named cases ------------------------------------------------------------------------------

fn checkpoint_with(field: &str) -> String {
    format!("Checkpoint(id: \"c\", p: Protect, title: \"T\", lesson: \"L\", {field})")
}

#[test]
fn escapes_are_decoded_as_ron_decodes_them() {
    for s in [
        r#""a\"b""#,
        r#""a\\b""#,
        r#""\n\t\r\0""#,
        r#""\'""#,
        r#""\x41\x7f""#,
        r#""\u{e9}\u{1F600}\u{0}""#,
        r#""\u{10FFFF}""#,
        "\"line one\\\n      line two\"",
        "\"line one\\\r\n \t line two\"",
        "\"\\\n\"",
        "\"plain £ é ✓\"",
    ] {
        taken::<String>(s);
    }
    for s in [
        r#""\xC3\xA9""#,   // ron joins byte escapes into one character
        r#""\x80""#,       // not a character on its own
        r#""\u{D800}""#,   // a surrogate
        r#""\u{110000}""#, // beyond Unicode
        r#""\u{}""#,
        r#""\u{1234567}""#,
        r#""\u12""#,
        r#""\q""#,
        r#""\x4""#,
        r#""\xZZ""#,
        "\"a\\\rb\"",
        r#""unclosed"#,
        r#""ends in a backslash\"#,
        r#""#,
    ] {
        given_up::<String>(s);
    }
}

#[test]
fn non_ascii_text_next_to_syntax_is_handled() {
    // Input is `&str`, so it is always valid UTF-8; what matters is that the byte-wise reader
    // never cuts a character or mistakes one of its bytes for syntax.
    for s in [
        "\"é\"",
        "\"é\\n\"",
        "\"\\né\"",
        "\"✓\\\"✓\"",
        "r\"é\"",
        "r#\"é\"é\"#",
        "\"\\u{e9}é\"",
    ] {
        taken::<String>(s);
    }
    for s in ["\"\\é\"", "é", "r#é\"a\"#", "\"a\"é", "\u{a0}\"a\""] {
        given_up::<String>(s);
    }
    let flag = agrees::<FlagDef>;
    assert!(flag("Flag(id: \"é\", description: \"café ✓\")"));
    assert!(!flag("Flagé(id: \"f\")"));
    assert!(!flag("Flag(idé: \"f\")"));
    assert!(!flag("Flag(id\u{2028}: \"f\")"));
}

#[test]
fn raw_strings_are_read_as_ron_reads_them() {
    for s in [
        r#"r"a""#,
        r##"r#"a "quoted" b"#"##,
        r###"r##"a "# b"##"###,
        r#"r"""#,
        r#"r"back\slash \n stays""#,
        "r\"multi\nline\"",
    ] {
        taken::<String>(s);
    }
    for s in [r##"r#"a""##, r#"r"a"#, r#"rx"a""#, "r#", "r"] {
        given_up::<String>(s);
    }
}

#[test]
fn very_long_strings_are_read() {
    let long = "word ".repeat(200_000);
    taken::<String>(&format!("\"{long}\""));
    taken::<String>(&format!("\"{long}\\n{long}\\\"\""));
    taken::<String>(&format!("r#\"{long}\"{long}\"#"));
    let node = format!("Node(id: \"n\", title: \"t\", text: \"{long}\", choices: [])");
    taken::<Node>(&node);
}

#[test]
fn optional_values_bare_in_some_or_none() {
    let choice = |when: &str| format!("Choice(text: \"t\", goto: \"g\", feedback: \"f\", {when})");
    for when in [
        "when: Has(\"f\")",
        "when: Some(Has(\"f\"))",
        "when: Some (Has(\"f\"))",
        "when: Some(Has(\"f\"),)",
        "when: Some( Has(\"f\") )",
        "when: None",
        "when: Not(Has(\"f\"))",
        "",
    ] {
        taken::<Choice>(&choice(when));
    }
    for when in [
        "when: Some Has(\"f\")", // ron reads this; the fast reader leaves it to ron
        "when: Some()",
        "when: Some(None)",
        "when: Nonex",
        "when: None(Has(\"f\"))",
        "when: Some(Has(\"f\")",
        "when: Some(Has(\"f\"),,)",
    ] {
        given_up::<Choice>(&choice(when));
    }
    let node =
        |ending: &str| format!("Node(id: \"e\", title: \"End\", text: \"x\", ending: {ending})");
    for ending in [
        "Ending(rating: Good, outcome: \"o\")",
        "(rating: Mixed, outcome: \"o\")",
        "Some(Ending(rating: Poor, outcome: \"o\"))",
        "Some((rating: Poor, outcome: \"o\"))",
        "None",
    ] {
        taken::<Node>(&node(ending));
    }
    given_up::<Node>(&node("Some(Ended(rating: Poor, outcome: \"o\"))"));
    // The council is an optional unit-variant enum.
    let scenario = |council: &str| {
        let text = layered_ron(30, false);
        text.replace("council: District, ", council)
    };
    for council in [
        "council: County, ",
        "council: Some(Unitary), ",
        "council: None, ",
        "",
    ] {
        taken::<Scenario>(&scenario(council));
    }
    for council in [
        "council: Nowhere, ",
        "council: District(), ",
        "council: Some(District, ",
        "council: \"District\", ",
    ] {
        given_up::<Scenario>(&scenario(council));
    }
}

#[test]
fn struct_names_are_checked_as_ron_checks_them() {
    let flag = agrees::<FlagDef>;
    assert!(flag("Flag(id: \"f\")"));
    assert!(flag("(id: \"f\")"));
    assert!(flag("Flag (id: \"f\")"));
    assert!(flag("Flag/* the name */(id: \"f\")"));
    assert!(flag("Flag\n(\n id: \"f\"\n)"));
    // The Rust name of a renamed struct, a wrong name, a misspelt one, a raw identifier.
    assert!(!flag("FlagDef(id: \"f\")"));
    assert!(!flag("Checkpoint(id: \"f\")"));
    assert!(!flag("Flagg(id: \"f\")"));
    assert!(!flag("r#Flag(id: \"f\")"));
    assert!(!flag("_(id: \"f\")"));
    assert!(!flag("1Flag(id: \"f\")"));
    assert!(!flag("Flag.x(id: \"f\")"));
    assert!(!flag("Flag"));
    assert!(!flag("Flag[id: \"f\"]"));
    assert!(!flag("Flag(id: \"f\""));
    assert!(!flag("Flag(id: \"f\"))"));
    taken::<Checkpoint>(&checkpoint_with(""));
}

#[test]
fn unknown_duplicate_and_missing_fields_give_up() {
    taken::<Checkpoint>(&checkpoint_with("weight: 2.0,"));
    given_up::<Checkpoint>(&checkpoint_with("wieght: 2.0"));
    given_up::<Checkpoint>(&checkpoint_with("weight: 2.0, weight: 3.0"));
    given_up::<Checkpoint>(&checkpoint_with("title: \"again\""));
    given_up::<Checkpoint>("Checkpoint(id: \"c\", p: Protect, title: \"T\")");
    given_up::<Checkpoint>(&checkpoint_with("r#weight: 2.0"));
    given_up::<Checkpoint>(&checkpoint_with("\"weight\": 2.0"));
    given_up::<Checkpoint>(&checkpoint_with("weight 2.0"));
    given_up::<Checkpoint>(&checkpoint_with("weight: 2.0 required: true"));
    given_up::<Checkpoint>(&checkpoint_with(",,"));
    given_up::<Checkpoint>(&checkpoint_with("p: Protekt"));
    given_up::<Checkpoint>(&checkpoint_with("required: True"));
    given_up::<Checkpoint>(&checkpoint_with("required: truest"));
}

#[test]
fn trailing_commas_and_comments_are_read() {
    taken::<Checkpoint>(&checkpoint_with("references: [\"a\", \"b\",],"));
    taken::<Checkpoint>(&checkpoint_with("references: [],"));
    taken::<Checkpoint>(&checkpoint_with(
        "// a line comment\nweight /* before the colon */ : /* after */ 2.0 // the end\n",
    ));
    taken::<Checkpoint>(&checkpoint_with("/* nested /* block */ comment */"));
    taken::<Checkpoint>(&format!("{} // no newline at the end", checkpoint_with("")));
    taken::<Checkpoint>(&format!("\n\t\r\x0B\x0C{}\n\n", checkpoint_with("")));
    given_up::<Checkpoint>(&checkpoint_with("/* unclosed"));
    given_up::<Checkpoint>(&checkpoint_with("/ not a comment"));
    given_up::<Checkpoint>(&checkpoint_with("references: [,]"));
    given_up::<Checkpoint>(&checkpoint_with("references: [\"a\" \"b\"]"));
    given_up::<Checkpoint>(&format!("{} trailing", checkpoint_with("")));
    given_up::<Checkpoint>(&format!("{} /", checkpoint_with("")));
    // ron reads these: other whitespace, attributes. The fast reader leaves them to ron.
    given_up::<Checkpoint>(&checkpoint_with("\u{2028}weight: 2.0"));
    given_up::<Checkpoint>(&format!(
        "#![enable(implicit_some)]\n{}",
        checkpoint_with("")
    ));
    given_up::<Checkpoint>(&format!("\u{feff}{}", checkpoint_with("")));
}

#[test]
fn every_float_form_agrees_with_ron() {
    let weight = |w: &str| checkpoint_with(&format!("weight: {w}"));
    for w in [
        "1", "1.0", "0.25", "-2.5", "1e3", "1E3", "1e-3", "2.5e+2", "-0.0", "007.5",
    ] {
        taken::<Checkpoint>(&weight(w));
    }
    for w in [
        "1_000", "0x10", "inf", "NaN", "-inf", "+inf", "1.0f64", "1.0f32", "1..2", "1e", "--1",
        "1.0.0", "e3", "-", "1.0x", "_1", "1_",
    ] {
        given_up::<Checkpoint>(&weight(w));
    }
    // Read by the same `f64::from_str` as ron: whether taken or not, they must agree.
    for w in [".5", "5.", "+1", "1e400", "-.5", "1.e3"] {
        agrees::<Checkpoint>(&weight(w));
    }
}

#[test]
fn every_integer_form_agrees_with_ron() {
    let start = |n: &str| format!("Counter(id: \"c\", label: \"L\", start: {n})");
    for n in [
        "0",
        "-5",
        "007",
        "-0",
        "9223372036854775807",
        "-9223372036854775808",
    ] {
        taken::<CounterDef>(&start(n));
    }
    for n in [
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999999",
        "1_000",
        "0x10",
        "0b1",
        "0o7",
        "+1",
        "5i64",
        "5u8",
        "1.5",
        "1e3",
        "b'a'",
        "- 1",
        "-",
        "5é",
    ] {
        given_up::<CounterDef>(&start(n));
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read only through Debug, to compare the readers")]
    struct Unsigned {
        n: u32,
        #[serde(default)]
        small: u8,
    }
    for n in ["n: 0", "n: 4294967295", "n: 1, small: 255"] {
        taken::<Unsigned>(&format!("({n})"));
    }
    for n in ["n: 4294967296", "n: -1", "n: -0", "n: 1, small: 256"] {
        given_up::<Unsigned>(&format!("({n})"));
    }
}

#[test]
fn enum_variants_of_every_kind() {
    let effects =
        |e: &str| format!("Choice(text: \"t\", goto: \"g\", feedback: \"f\", effects: [{e}])");
    for e in [
        "Met(\"c\")",
        "PartlyMet( \"c\" , )",
        "Missed (\"c\")",
        "Add(\"loss\", 5)",
        "Add(\"loss\", -5,)",
        "Add ( \"loss\" , 5 )",
        "Clear(\"f\"), Set(\"f\")",
    ] {
        taken::<Choice>(&effects(e));
    }
    for e in [
        "Met",
        "Met()",
        "Met(\"c\", \"d\")",
        "Add(\"loss\")",
        "Add(\"loss\", 5, 6)",
        "Add(\"loss\" 5)",
        "Add[\"loss\", 5]",
        "Gain(\"c\")",
        "met(\"c\")",
        "Met(c)",
    ] {
        given_up::<Choice>(&effects(e));
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code, reason = "read only through Debug, to compare the readers")]
    enum Shape {
        Dot,
        Line { length: f64 },
    }
    taken::<Vec<Shape>>("[Dot, Line(length: 2.0), Line (length: 1,)]");
    given_up::<Vec<Shape>>("[Line(width: 2.0)]");
    given_up::<Vec<Shape>>("[Line]");
}

#[test]
fn empty_and_blank_files_give_up() {
    for text in [
        "",
        " ",
        "\n\n",
        "// only a comment",
        "/* only */",
        "()",
        "Scenario()",
    ] {
        given_up::<Scenario>(text);
    }
}

#[test]
fn nesting_agrees_with_ron_up_to_and_past_the_recursion_limit() {
    // A condition nested `depth` deep inside a choice, which is inside a node, inside a
    // scenario's node list: past some depth ron refuses it, and so must the fast reader.
    let base = layered_ron(30, false);
    let mut deepest_read_by_ron = 0;
    for depth in 1..=40 {
        let when = format!("{}Has(\"f\"){}", "Not(".repeat(depth), ")".repeat(depth));
        let text = base.replacen("goto: ", &format!("when: {when}, goto: "), 1);
        assert_ne!(text, base);
        let fast = agrees::<Scenario>(&text);
        let slow = ron_read::<Scenario>(&text).is_ok();
        // The fast reader counts ron's recursion guards exactly: it takes every depth ron
        // takes.
        assert_eq!(fast, slow, "depth {depth}");
        if slow {
            deepest_read_by_ron = depth;
        }
    }
    assert!(
        (5..40).contains(&deepest_read_by_ron),
        "ron read conditions {deepest_read_by_ron} deep: the test no longer reaches the limit"
    );

    // The same with lists: `All([All([…])])`.
    for depth in 1..=30 {
        let when = format!("{}Has(\"f\"){}", "All([".repeat(depth), "])".repeat(depth));
        let text = base.replacen("goto: ", &format!("when: {when}, goto: "), 1);
        assert_eq!(
            agrees::<Scenario>(&text),
            ron_read::<Scenario>(&text).is_ok(),
            "depth {depth}"
        );
    }
}

#[test]
fn absurd_nesting_gives_up_without_overflowing_the_stack() {
    for depth in [1_000, 100_000] {
        let text = format!("{}Has(\"f\"){}", "Not(".repeat(depth), ")".repeat(depth));
        assert!(fast_ron::from_str::<Condition>(&text).is_none());
        let text = format!("{}Has(\"f\"){}", "Any([".repeat(depth), "])".repeat(depth));
        assert!(fast_ron::from_str::<Condition>(&text).is_none());
        let text = "[".repeat(depth);
        assert!(fast_ron::from_str::<Vec<Vec<Vec<Effect>>>>(&text).is_none());
    }
}
