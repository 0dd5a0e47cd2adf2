//! Every rule of the scenario format has a fixture that breaks it, and each gets its own
//! precise message at the right line and column.

use deskaudit::scenario::load::load_bytes;
use deskaudit::scenario::{Diagnostic, Severity};

fn problems(fixture: &str) -> Vec<Diagnostic> {
    let path = format!(
        "{}/tests/fixtures/invalid/{fixture}.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(&path).expect("fixture exists");
    match load_bytes(fixture, &bytes) {
        Ok((_, warnings)) => warnings,
        Err(diagnostics) => diagnostics,
    }
}

/// Asserts that `fixture` yields a diagnostic of `severity` at `line`:`col` whose message
/// contains `message` and whose help contains `help`.
fn expect(fixture: &str, severity: Severity, line: usize, col: usize, message: &str, help: &str) {
    let found = problems(fixture);
    assert!(
        found.iter().any(|d| d.severity == severity
            && d.line == line
            && d.col == col
            && d.message.contains(message)
            && d.help.contains(help)),
        "{fixture}: expected {severity} at {line}:{col} containing {message:?} / {help:?}, got:\n{}",
        found.iter().map(|d| format!("{d}\n")).collect::<String>()
    );
}

use Severity::{Error, Warning};

#[test]
fn the_base_fixture_is_valid_and_clean() {
    let path = format!("{}/tests/fixtures/base.ron", env!("CARGO_MANIFEST_DIR"));
    let (scenario, warnings) = load_bytes("base", &std::fs::read(path).unwrap()).unwrap();
    assert_eq!(scenario.nodes.len(), 4);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn syntax_error_points_after_the_value_missing_its_comma() {
    expect(
        "syntax_missing_comma",
        Error,
        9,
        15,
        "a comma is missing here",
        "put a `,`",
    );
}

#[test]
fn unknown_node_suggests_the_closest_id() {
    expect(
        "unknown_node",
        Error,
        29,
        45,
        "unknown node `\"grnat\"`",
        "did you mean `\"grant\"`?",
    );
}

#[test]
fn unknown_start_lists_the_nodes() {
    expect(
        "unknown_start",
        Error,
        10,
        12,
        "unknown node `\"begin\"`",
        "end, grant, refuse, start",
    );
}

#[test]
fn duplicate_node_id_names_the_first_use() {
    expect(
        "duplicate_node_id",
        Error,
        43,
        17,
        "duplicate node id `\"grant\"`",
        "its own id",
    );
}

#[test]
fn cycle_is_named_node_by_node() {
    expect(
        "cycle",
        Error,
        47,
        44,
        "goes round in a circle: start → refuse → start",
        "move forward in time",
    );
}

#[test]
fn unreachable_node_is_reported_at_its_id() {
    expect(
        "unreachable_node",
        Error,
        43,
        17,
        "`\"refuse\"` cannot be reached from the start",
        "point some choice",
    );
}

#[test]
fn dead_end_is_reported_at_its_id() {
    expect(
        "dead_end",
        Error,
        43,
        17,
        "`\"refuse\"` is a dead end",
        "add choices, or an `ending",
    );
}

#[test]
fn untouched_checkpoint_is_an_error() {
    expect(
        "untouched_checkpoint",
        Error,
        16,
        24,
        "no choice affects checkpoint `\"drill\"`",
        "Met(\"drill\")",
    );
}

#[test]
fn weight_out_of_range() {
    expect(
        "bad_weight",
        Error,
        12,
        71,
        "has weight 0; weights must be greater than 0 and at most 10",
        "up to 10 for a critical one",
    );
}

#[test]
fn probability_out_of_range() {
    expect(
        "bad_probability",
        Error,
        46,
        59,
        "has probability 1.5",
        "probability: 0.3",
    );
}

#[test]
fn unknown_variable_in_text_points_at_the_placeholder() {
    expect(
        "unknown_variable",
        Error,
        36,
        20,
        "unknown variable `{nmae}` in narrative",
        "did you mean `{name}`?",
    );
}

#[test]
fn unclosed_placeholder() {
    expect(
        "unclosed_brace",
        Error,
        27,
        20,
        "a `{` in this narrative is never closed",
        "`{{`",
    );
}

#[test]
fn unknown_field_suggests_the_right_name() {
    expect(
        "unknown_field",
        Error,
        29,
        54,
        "unknown field `feedbak` in `Choice`",
        "did you mean `feedback`?",
    );
}

#[test]
fn unknown_pillar_suggests_the_right_one() {
    expect(
        "unknown_pillar",
        Error,
        12,
        36,
        "unknown value `Protekt` in `Pillar`",
        "did you mean `Protect`?",
    );
}

#[test]
fn missing_field_points_at_the_record_and_names_it() {
    expect(
        "missing_field",
        Error,
        33,
        9,
        "this `Node` (id \"grant\") is missing the field `title`",
        "add `title:",
    );
}

#[test]
fn duplicate_field() {
    expect(
        "duplicate_field",
        Error,
        10,
        5,
        "the field `minutes` is given twice",
        "delete one",
    );
}

#[test]
fn empty_required_text() {
    expect(
        "empty_choice_text",
        Error,
        38,
        30,
        "the choice text is empty",
        "write the choice text",
    );
}

#[test]
fn unknown_checkpoint_in_an_effect() {
    expect(
        "unknown_checkpoint",
        Error,
        38,
        89,
        "unknown checkpoint `\"referr\"`",
        "did you mean `\"refer\"`?",
    );
}

#[test]
fn unknown_flag_in_a_condition() {
    expect(
        "unknown_flag",
        Error,
        39,
        112,
        "unknown flag `\"tld\"` in condition",
        "did you mean `\"told\"`?",
    );
}

#[test]
fn injects_never_score() {
    expect(
        "inject_scores",
        Error,
        24,
        84,
        "an inject cannot record a checkpoint outcome",
        "only a decision scores",
    );
}

#[test]
fn a_reachable_situation_with_no_choice_is_an_error() {
    expect(
        "no_choice_available",
        Error,
        37,
        22,
        "at node `\"grant\"` no choice is available when no flags are set",
        "loosen the conditions",
    );
}

#[test]
fn more_than_nine_choices() {
    expect(
        "too_many_choices",
        Error,
        56,
        17,
        "has 11 choices; at most 9",
        "merge similar choices",
    );
}

#[test]
fn unsupported_format_version() {
    expect(
        "unsupported_format",
        Error,
        3,
        13,
        "format version 2 is not supported",
        "format: 1",
    );
}

#[test]
fn nesting_limit_has_its_own_message() {
    expect(
        "nesting_too_deep",
        Error,
        39,
        218,
        "nested more than 32 levels deep",
        "flatten",
    );
}

#[test]
fn condition_depth_limit_has_its_own_message() {
    expect(
        "condition_too_deep",
        Error,
        39,
        106,
        "nests 10 levels deep; at most 8",
        "simplify",
    );
}

#[test]
fn text_length_limit_has_its_own_message() {
    expect(
        "text_too_long",
        Error,
        45,
        19,
        "20700 characters long; the limit is 20000",
        "shorten",
    );
}

#[test]
fn a_node_cannot_have_choices_and_an_ending() {
    expect(
        "choices_and_ending",
        Error,
        50,
        139,
        "has both choices and an ending",
        "remove one",
    );
}

#[test]
fn unclosed_string_is_found_where_it_opens() {
    expect(
        "unclosed_string",
        Error,
        8,
        14,
        "this text seems not to be closed",
        "end the text with a `\"`",
    );
}

#[test]
fn truncated_file() {
    expect(
        "truncated",
        Error,
        30,
        39,
        "the file ends before the scenario is complete",
        "not closed",
    );
}

#[test]
fn empty_file() {
    expect("empty", Error, 1, 1, "the file is empty", "Scenario(");
    expect(
        "comments_only",
        Error,
        1,
        1,
        "the file is empty",
        "Scenario(",
    );
}

#[test]
fn invalid_utf8_gives_the_position_of_the_bad_byte() {
    expect(
        "invalid_utf8",
        Error,
        45,
        32,
        "not valid UTF-8 text (bad byte 0xe9)",
        "UTF-8",
    );
}

#[test]
fn a_p_without_checkpoints_is_a_warning() {
    expect(
        "pillar_without_checkpoint",
        Warning,
        11,
        18,
        "no checkpoint is tagged Prepare",
        "p: Prepare",
    );
}

#[test]
fn a_flag_nothing_tests_is_a_warning() {
    expect(
        "flag_never_tested",
        Warning,
        18,
        18,
        "flag `\"told\"` is never tested",
        "use it in a `when:`",
    );
}

#[test]
fn node_count_limit_has_its_own_message() {
    let mut text = String::from(
        "Scenario(format: 1, id: \"big\", version: \"1\", title: \"Big\", area: \"T\", summary: \"S\", minutes: 5, start: \"n0\",\n checkpoints: [Checkpoint(id: \"c\", p: Protect, title: \"C\", lesson: \"L\")],\n nodes: [\n",
    );
    for i in 0..20_001 {
        text.push_str(&format!(
            "Node(id: \"n{i}\", title: \"T\", text: \"x\", choices: [Choice(text: \"go\", goto: \"n{}\", feedback: \"f\", effects: [Met(\"c\")])]),\n",
            i + 1
        ));
    }
    text.push_str("Node(id: \"n20001\", title: \"E\", text: \"x\", ending: Ending(rating: Good, outcome: \"o\")),\n])");
    let errs = load_bytes("big.ron", text.as_bytes()).unwrap_err();
    assert_eq!(errs.len(), 1);
    assert_eq!((errs[0].line, errs[0].col), (3, 9));
    assert!(
        errs[0].message.contains("20002 nodes; at most 20000"),
        "{}",
        errs[0]
    );
}

#[test]
fn file_size_limit_has_its_own_message() {
    let text = format!("// {}\n", "x".repeat(9 * 1024 * 1024));
    let errs = load_bytes("huge.ron", text.as_bytes()).unwrap_err();
    assert_eq!((errs[0].line, errs[0].col), (1, 1));
    assert!(
        errs[0]
            .message
            .contains("scenario files are limited to 8388608 bytes"),
        "{}",
        errs[0]
    );
}

#[test]
fn every_fixture_has_its_own_test() {
    let source = include_str!("validate_errors.rs");
    let dir = format!("{}/tests/fixtures/invalid", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let stem = name.trim_end_matches(".ron");
        assert!(
            source.contains(&format!("\"{stem}\",")),
            "no test expects {name}"
        );
        count += 1;
    }
    assert!(count >= 20);
}

#[test]
fn a_scenario_without_its_council_type_is_a_warning_that_names_the_line_to_add() {
    expect(
        "council_missing",
        Warning,
        7,
        11,
        "does not say which kind of council it is written for",
        "add a line such as `council: District,` after `area`; the allowed values are District, County, Unitary, MetropolitanBorough, LondonBorough",
    );
}

#[test]
fn a_summary_that_states_another_council_type_is_a_warning_at_its_words() {
    expect(
        "council_mismatch",
        Warning,
        9,
        44,
        "the summary says the council is \"a district council\" but `council` is County",
        "set `council: District,`",
    );
    // Only one: Westmoor County Council, named by its title, is a partner, not a statement
    // of the scenario's own type.
    assert_eq!(problems("council_mismatch").len(), 1);
}

#[test]
fn an_opening_that_states_another_council_type_is_a_warning_at_its_words() {
    expect(
        "council_mismatch_opening",
        Warning,
        28,
        29,
        "the opening says the council is \"a metropolitan borough\" but `council` is Unitary",
        "set `council: MetropolitanBorough,`",
    );
}

/// A large scenario's states are explored on a second thread while its rules are checked
/// (the exploration needs none of them to be safe). A broken rule must still be reported
/// exactly as for a small scenario: the rule's error, and nothing from the states.
#[test]
fn a_large_scenario_that_breaks_a_rule_reports_the_rule_and_nothing_from_its_states() {
    let good = deskaudit::map::synthetic::layered_ron(3_000, true);
    let from_states = |d: &Diagnostic| d.code.is_some() || d.message.contains("never offered");
    let (_, warnings) =
        load_bytes("big.ron", good.as_bytes()).expect("the generated file is valid");
    assert!(
        warnings.iter().any(from_states),
        "the valid file has warnings from its states (the content lints)"
    );
    let broken = [
        // A missing node: the states cannot be explored.
        ("goto: \"n7-1\"", "goto: \"n7-1x\"", "n7-1x"),
        // A way back to the start: a cycle.
        ("goto: \"n9-2\"", "goto: \"n0-0\"", "goes round in a circle"),
        // An empty title: found by the rules checked while the states are explored.
        ("title: \"Layer 40\"", "title: \"\"", "title"),
    ];
    for (from, to, message) in broken {
        let text = good.replacen(from, to, 1);
        assert_ne!(text, good, "{from} is in the file");
        let found = load_bytes("big.ron", text.as_bytes())
            .err()
            .unwrap_or_else(|| panic!("{to}: the file fails"));
        assert!(
            found
                .iter()
                .any(|d| d.severity == Error && d.message.contains(message)),
            "{to}: expected an error containing {message:?}, got:\n{}",
            found.iter().map(|d| format!("{d}\n")).collect::<String>()
        );
        assert!(
            !found.iter().any(from_states),
            "{to}: nothing from the states is reported, got:\n{}",
            found.iter().map(|d| format!("{d}\n")).collect::<String>()
        );
    }
}
