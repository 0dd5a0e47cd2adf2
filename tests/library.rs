//! The shipped scenario library meets the content requirements: every full scenario plays in
//! 25–45 minutes, has at least 3 endings (good, mixed and poor), at least 8 checkpoints with at
//! least 2 per P (each with a lesson and references), flags that change later events at least
//! twice, at least 2 injects, a chance event, variables, facilitator notes and questions at
//! every decision node — and the analyser proves it can end Resilient, Developing and
//! Vulnerable.

use deskaudit::scenario::{Library, Pillar, Rating, analyse};

#[test]
fn the_library_has_the_eight_required_audits() {
    let lib = Library::embedded();
    for id in [
        "taxi-refused-elsewhere",
        "illicit-tobacco-shop",
        "car-wash-exploitation",
        "front-company-tender",
        "bank-mandate-fraud",
        "housing-insider",
        "cuckooing-tenant",
        "cyber-attack",
    ] {
        assert!(lib.get(id).is_some(), "{id} is missing");
    }
    assert!(lib.failed.is_empty(), "{:?}", lib.failed);
}

#[test]
fn every_full_scenario_meets_the_content_requirements() {
    let lib = Library::embedded();
    let full: Vec<_> = lib
        .scenarios
        .iter()
        .filter(|s| s.scenario.minutes >= 25)
        .collect();
    assert!(full.len() >= 8);
    for loaded in full {
        let s = &loaded.scenario;
        let id = s.id.as_str();
        assert!(
            (25..=45).contains(&s.minutes),
            "{id}: {} minutes",
            s.minutes
        );
        // Content lints (`code` set) are enforced by `shipped_scenarios_pass_content_lints`.
        let warnings: Vec<_> = loaded
            .warnings
            .iter()
            .filter(|w| w.code.is_none())
            .collect();
        assert!(warnings.is_empty(), "{id}: {warnings:?}");

        let a = analyse(s).unwrap_or_else(|e| panic!("{id}: too complex ({e:?})"));
        assert!(a.ending_count() >= 3, "{id}: {} endings", a.ending_count());
        assert!(
            a.endings.iter().all(|n| *n >= 1),
            "{id}: endings {:?}",
            a.endings
        );
        assert_eq!(a.bands_reachable, Some([true, true, true]), "{id}: bands");
        assert!(
            a.longest_decisions >= 10,
            "{id}: longest path {}",
            a.longest_decisions
        );

        assert!(
            s.checkpoints.len() >= 8,
            "{id}: {} checkpoints",
            s.checkpoints.len()
        );
        for p in Pillar::ALL {
            let n = s.checkpoints.iter().filter(|c| c.p == p).count();
            assert!(n >= 2, "{id}: {n} checkpoints for {p}");
        }
        for c in &s.checkpoints {
            assert!(
                !c.references.is_empty(),
                "{id}: checkpoint {} has no references",
                c.id
            );
            assert!(
                c.lesson.len() > 40,
                "{id}: checkpoint {} has a thin lesson",
                c.id
            );
        }

        let conditional = s
            .nodes
            .iter()
            .flat_map(|n| &n.choices)
            .filter(|c| c.when.is_some() || !c.branches.is_empty())
            .count();
        assert!(
            conditional >= 2,
            "{id}: flags change later events only {conditional} times"
        );
        assert!(s.injects.len() >= 2, "{id}: {} injects", s.injects.len());
        assert!(
            s.nodes.iter().any(|n| !n.chance.is_empty()),
            "{id}: no chance event"
        );
        assert!(!s.variables.is_empty(), "{id}: no variables");
        assert!(
            s.nodes.iter().any(|n| !n.evidence.is_empty()),
            "{id}: no evidence"
        );

        for n in s.nodes.iter().filter(|n| !n.is_ending()) {
            assert!(
                !n.facilitator_notes.trim().is_empty(),
                "{id}/{}: no facilitator notes",
                n.id
            );
            assert!(
                !n.questions.is_empty(),
                "{id}/{}: no discussion questions",
                n.id
            );
        }
        let ratings: Vec<Rating> = s
            .nodes
            .iter()
            .filter_map(|n| n.ending.as_ref().map(|e| e.rating))
            .collect();
        for r in [Rating::Good, Rating::Mixed, Rating::Poor] {
            assert!(ratings.contains(&r), "{id}: no {} ending", r.label());
        }
    }
}

/// The content guide's rules, as the content lints of `deskaudit check` measure them: every
/// shipped scenario is lint-clean, and across the library the best choice is the longest at no
/// more than 40% of decisions, no naive strategy reaches the Resilient band and no Good ending
/// is reachable below index 50.
#[test]
fn shipped_scenarios_pass_content_lints() {
    use deskaudit::scenario::lint::{self, MAX_BEST_IS_LONGEST, RESILIENT};
    let lib = Library::embedded();
    let (mut longest, mut decisions) = (0usize, 0usize);
    let mut problems = Vec::new();
    for loaded in &lib.scenarios {
        let s = &loaded.scenario;
        let id = s.id.as_str();
        for w in loaded.warnings.iter().filter(|w| w.code.is_some()) {
            problems.push(format!("{w}"));
        }
        let report = lint::content(s).unwrap_or_else(|e| panic!("{id}: too complex ({e:?})"));
        let g = report
            .giveaway
            .as_ref()
            .unwrap_or_else(|| panic!("{id}: giveaway figures not worked out"));
        longest += g.best_is_longest;
        decisions += g.decisions;
        for (k, r) in deskaudit::scenario::Strategy::ALL
            .iter()
            .zip(report.strategies)
        {
            if let Some(r) = r
                && r.best >= RESILIENT - 0.05
            {
                problems.push(format!("{id}: {} reaches {:.1}", k.label(), r.best));
            }
        }
        for e in &report.endings {
            if let (Rating::Good, Some(r)) = (e.rating, e.index)
                && r.worst < 50.0 - 0.05
            {
                problems.push(format!("{id}: Good ending {} at {:.1}", e.node_id, r.worst));
            }
        }
    }
    assert!(decisions > 0);
    let share = longest as f64 / decisions as f64;
    if share > MAX_BEST_IS_LONGEST {
        problems.push(format!(
            "across the library the best choice is the longest at {longest} of {decisions} decisions ({:.0}%)",
            share * 100.0
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every shipped scenario says in its `council` field what kind of council it is written for,
/// its summary or opening states the same in words (content guide, section 4), and the list
/// of scenarios in the docs gives the same type.
#[test]
fn every_scenario_states_its_council_type_and_the_docs_list_it() {
    use deskaudit::scenario::CouncilType;
    use deskaudit::scenario::council::stated;
    let page = std::fs::read_to_string(format!("{}/docs/scenarios.md", env!("CARGO_MANIFEST_DIR")))
        .unwrap();
    let lib = Library::embedded();
    let mut kinds = std::collections::BTreeSet::new();
    for loaded in &lib.scenarios {
        let s = &loaded.scenario;
        let id = s.id.as_str();
        let council = s
            .council
            .unwrap_or_else(|| panic!("{id}: no `council` field"));
        kinds.insert(council);
        let opening = &s.node(&s.start).unwrap().text;
        let words: Vec<CouncilType> = stated(&s.summary)
            .into_iter()
            .chain(stated(opening))
            .map(|st| st.council)
            .collect();
        assert!(
            words.contains(&council),
            "{id}: `council: {}` but the summary and opening state {words:?}",
            council.ron_name()
        );
        let column = match council {
            CouncilType::District => "District (two-tier)",
            CouncilType::County => "County (two-tier)",
            CouncilType::Unitary => "Unitary",
            CouncilType::MetropolitanBorough => "Metropolitan borough",
            CouncilType::LondonBorough => "London borough",
        };
        let row = page
            .lines()
            .find(|l| l.ends_with(&format!("| `{id}` |")))
            .unwrap_or_else(|| panic!("{id}: not in docs/scenarios.md"));
        assert!(
            row.contains(&format!("| {column} |")),
            "{id}: docs/scenarios.md says {row}, the file says {column}"
        );
    }
    assert!(kinds.len() >= 2, "{kinds:?}");
}
