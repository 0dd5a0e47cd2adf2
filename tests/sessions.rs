//! The session engine: random walks through every shipped scenario (and generated ones)
//! end at an ending with scores inside the analyser's bounds; replay, undo and saved records
//! reproduce the state exactly; group scoring and votes behave as a facilitator expects.

use deskaudit::scenario::{Library, Pillar, Scenario, analyse, load::load_bytes};
use deskaudit::session::{ChoiceInput, Recommendation, Session, SessionConfig, SessionError};
use deskaudit::store::Store;
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The shipped scenarios, loaded (and validated) once for all tests in this file.
fn library() -> &'static Library {
    static LIB: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    LIB.get_or_init(Library::embedded)
}

fn config(seed: u64) -> SessionConfig {
    SessionConfig {
        seed,
        shuffle: true,
        ..SessionConfig::default()
    }
}

/// Plays to an ending with random choices, injects and undos drawn from `walk_seed`.
fn random_walk(s: &Scenario, seed: u64, walk_seed: u64) -> Session {
    let mut rng = ChaCha8Rng::seed_from_u64(walk_seed);
    let mut session = Session::start(s, "hash", config(seed), None);
    let mut steps = 0;
    while !session.at_ending() {
        steps += 1;
        assert!(steps < 10_000, "walk does not end");
        if !s.injects.is_empty() && rng.random_bool(0.1) {
            let id = s.injects[rng.random_range(0..s.injects.len())].id.0.clone();
            session.inject(s, &id).unwrap();
        }
        if !session.state().path.is_empty() && rng.random_bool(0.1) {
            session.undo().unwrap();
            continue;
        }
        let offered = session.offered(s).unwrap();
        assert!(
            !offered.is_empty(),
            "no choice offered at {}",
            session.state().current.node
        );
        let pick = offered[rng.random_range(0..offered.len())].index;
        session
            .choose(
                s,
                ChoiceInput {
                    choice: pick,
                    ..ChoiceInput::default()
                },
            )
            .unwrap();
    }
    session
}

fn within(what: &str, got: Option<f64>, range: Option<deskaudit::scenario::ScoreRange>) {
    if let Some(g) = got {
        let r = range
            .unwrap_or_else(|| panic!("{what}: scored {g} but the analyser says not testable"));
        assert!(
            g >= r.worst - 1e-6 && g <= r.best + 1e-6,
            "{what}: {g} outside {}–{}",
            r.worst,
            r.best
        );
    }
}

/// A generated scenario: a layered graph with flags, conditions, branches and chance.
fn generated(layers: usize, width: usize, seed: u64) -> Scenario {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut t = String::from(
        "Scenario(format: 1, id: \"gen\", version: \"1\", title: \"Generated\", area: \"T\", summary: \"S\", minutes: 5, start: \"n0-0\",\n checkpoints: [",
    );
    for (i, p) in ["Pursue", "Prevent", "Protect", "Prepare"]
        .iter()
        .enumerate()
    {
        for k in 0..2 {
            t.push_str(&format!(
                "Checkpoint(id: \"c{i}{k}\", p: {p}, title: \"C\", weight: {}.0, required: {}, lesson: \"L\"),",
                1 + (i + k) % 3,
                k == 1 && i % 2 == 0
            ));
        }
    }
    t.push_str("],\n flags: [Flag(id: \"a\"), Flag(id: \"b\")],\n injects: [Inject(id: \"i\", title: \"I\", text: \"I\", effects: [Set(\"b\")])],\n nodes: [\n");
    let outcomes = ["Met", "PartlyMet", "Missed"];
    let mut made = 0;
    for l in 0..layers {
        for w in 0..width {
            if l == 0 && w > 0 {
                continue;
            }
            let id = format!("n{l}-{w}");
            if l == layers - 1 {
                t.push_str(&format!("Node(id: \"{id}\", title: \"E\", text: \"E\", ending: Ending(rating: Good, outcome: \"O\")),\n"));
                continue;
            }
            let chance = if rng.random_bool(0.3) {
                "chance: [ChanceEvent(id: \"ch{id}\", probability: 0.5, text: \"C\", effects: [Set(\"a\")])],"
            } else {
                ""
            }
            .replace("{id}", &id);
            t.push_str(&format!(
                "Node(id: \"{id}\", title: \"T\", text: \"X\", {chance} choices: ["
            ));
            let fan = if l == 0 { width } else { 3 };
            for k in 0..fan {
                let to = format!("n{}-{}", l + 1, (w + k) % width);
                let alt = format!("n{}-{}", l + 1, (w + k + 1) % width);
                // The first eight choices test each checkpoint once, so every checkpoint can be
                // scored (the validator insists); the rest pick at random.
                let cp = if made < 8 {
                    format!("c{}{}", made / 2, made % 2)
                } else {
                    format!("c{}{}", rng.random_range(0..4), rng.random_range(0..2))
                };
                made += 1;
                let mut effects = format!("{}(\"{cp}\")", outcomes[rng.random_range(0..3)]);
                if rng.random_bool(0.2) {
                    effects.push_str(", Set(\"a\")");
                }
                if rng.random_bool(0.1) {
                    effects.push_str(", Clear(\"a\")");
                }
                let when = if k == 2 && rng.random_bool(0.3) {
                    ", when: Lacks(\"a\")"
                } else {
                    ""
                };
                t.push_str(&format!(
                    "Choice(text: \"O\", goto: \"{to}\", feedback: \"F\", effects: [{effects}], branches: [Branch(when: Has(\"b\"), goto: \"{alt}\")]{when}),"
                ));
            }
            t.push_str("]),\n");
        }
    }
    t.push_str("])");
    match load_bytes("gen.ron", t.as_bytes()) {
        Ok((s, _)) => s,
        Err(e) => panic!("generated scenario invalid: {}", e[0]),
    }
}

#[test]
fn random_walks_through_shipped_scenarios_end_within_the_analysers_bounds() {
    let lib = library();
    for loaded in &lib.scenarios {
        let s = &loaded.scenario;
        let a = analyse(s).unwrap();
        for walk in 0..40u64 {
            let session = random_walk(s, walk * 7919 + 1, walk);
            let score = session.score();
            let what = format!("{} walk {walk}", s.id);
            within(&what, score.index, a.index);
            for p in Pillar::ALL {
                within(
                    &format!("{what} {p}"),
                    score.pillar(p),
                    a.pillars[p.index()],
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_walks_through_generated_scenarios_stay_within_bounds(graph in 0u64..10_000, walk in 0u64..10_000) {
        let s = generated(8, 4, graph);
        let a = analyse(&s).unwrap();
        let session = random_walk(&s, graph ^ walk, walk);
        let score = session.score();
        within("generated", score.index, a.index);
        for p in Pillar::ALL {
            within(&format!("generated {p}"), score.pillar(p), a.pillars[p.index()]);
        }
    }

    #[test]
    fn replaying_the_log_gives_the_identical_state(walk in 0u64..10_000) {
        let lib = library();
        let loaded = &lib.scenarios[(walk as usize) % lib.scenarios.len()];
        let session = random_walk(&loaded.scenario, walk, walk + 1);
        let replayed = Session::from_events(session.events().to_vec()).unwrap();
        prop_assert_eq!(replayed.state(), session.state());
    }

    #[test]
    fn a_saved_record_loads_to_the_identical_state(walk in 0u64..10_000) {
        let lib = library();
        let loaded = &lib.scenarios[(walk as usize) % lib.scenarios.len()];
        let mut session = random_walk(&loaded.scenario, walk, walk + 2);
        session.note("Table 3 wanted the police called earlier — \"sooner\" & <quicker>").unwrap();
        session.recommend(Recommendation::new(Pillar::Protect, "Search NR3S before every grant", "Head of Licensing", "2027-03-31")).unwrap();
        session.finish().unwrap();
        let dir = std::env::temp_dir().join(format!("deskaudit-sessions-{}-{walk}", std::process::id()));
        let store = Store::new(&dir);
        store.save("s-1", &session).unwrap();
        let back = store.load("s-1").unwrap();
        prop_assert_eq!(back.state(), session.state());
        prop_assert_eq!(back.score(), session.score());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn undo_then_the_same_choice_gives_the_identical_state(walk in 0u64..10_000) {
        let lib = library();
        let s = &lib.scenarios[(walk as usize) % lib.scenarios.len()].scenario;
        let mut rng = ChaCha8Rng::seed_from_u64(walk);
        let mut session = Session::start(s, "hash", config(walk), None);
        while !session.at_ending() {
            let offered = session.offered(s).unwrap();
            let pick = offered[rng.random_range(0..offered.len())].index;
            let input = ChoiceInput { choice: pick, ..ChoiceInput::default() };
            session.choose(s, input.clone()).unwrap();
            let before = session.state().clone();
            session.undo().unwrap();
            prop_assert_eq!(session.state().path.len(), before.path.len() - 1);
            session.choose(s, input).unwrap();
            prop_assert_eq!(session.state(), &before);
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_variables_order_and_chance() {
    let lib = library();
    for loaded in &lib.scenarios {
        let s = &loaded.scenario;
        let a = Session::start(s, "h", config(42), None);
        let b = Session::start(s, "h", config(42), None);
        assert_eq!(a.state().started.variables, b.state().started.variables);
        assert_eq!(a.offered(s).unwrap(), b.offered(s).unwrap());
        assert_eq!(a.state().current, b.state().current);
    }
    // Different seeds shuffle differently somewhere.
    let s = &lib.get("cash-buyer").unwrap().scenario;
    let orders: std::collections::BTreeSet<Vec<usize>> = (0..20)
        .map(|seed| {
            Session::start(s, "h", config(seed), None)
                .offered(s)
                .unwrap()
                .iter()
                .map(|o| o.index)
                .collect()
        })
        .collect();
    assert!(
        orders.len() > 1,
        "the seed never changes the order of choices"
    );
    // With shuffling off, the written order is kept.
    let plain = Session::start(
        s,
        "h",
        SessionConfig {
            shuffle: false,
            ..config(3)
        },
        None,
    );
    let idx: Vec<usize> = plain.offered(s).unwrap().iter().map(|o| o.index).collect();
    assert_eq!(idx, vec![0, 1, 2]);
}

#[test]
fn variables_are_filled_in_every_text_the_player_sees() {
    let lib = library();
    let s = &lib.get("cash-buyer").unwrap().scenario;
    let session = Session::start(s, "h", config(5), None);
    let view = session.view(s).unwrap();
    let tenant = &session.state().started.variables[0].1;
    assert!(view.text.contains(tenant.as_str()), "{}", view.text);
    assert!(!view.text.contains('{'));
    assert!(view.choices.iter().all(|c| !c.text.contains('{')));
    assert!(
        view.evidence
            .iter()
            .all(|(_, t, b)| !t.contains('{') && !b.contains('{'))
    );
}

#[test]
fn group_votes_give_table_scores_alignment_and_need_a_reason_to_override() {
    let lib = library();
    let s = &lib.get("cash-buyer").unwrap().scenario;
    let tables = vec![
        "Table 1".to_owned(),
        "Table 2".to_owned(),
        "Table 3".to_owned(),
    ];
    let mut session = Session::start(
        s,
        "h",
        SessionConfig {
            tables: tables.clone(),
            shuffle: false,
            ..config(9)
        },
        None,
    );
    let votes = |a: usize, b: usize, c: usize| {
        vec![
            (tables[0].clone(), a),
            (tables[1].clone(), b),
            (tables[2].clone(), c),
        ]
    };
    // Majority for choice 2 (index 1); the facilitator takes choice 1 without a reason: refused.
    let err = session
        .choose(
            s,
            ChoiceInput {
                choice: 0,
                votes: votes(1, 1, 0),
                ..ChoiceInput::default()
            },
        )
        .unwrap_err();
    assert_eq!(err, SessionError::OverrideNeedsReason);
    // With a reason it stands.
    session
        .choose(
            s,
            ChoiceInput {
                choice: 0,
                votes: votes(1, 1, 0),
                override_reason: "The room agreed after discussion".into(),
                ..ChoiceInput::default()
            },
        )
        .unwrap();
    // Unanimous at the next node.
    session
        .choose(
            s,
            ChoiceInput {
                choice: 0,
                votes: votes(0, 0, 0),
                ..ChoiceInput::default()
            },
        )
        .unwrap();
    let align = session.alignment();
    assert!((align[0].unwrap() - 1.0 / 3.0).abs() < 1e-9);
    assert_eq!(align[1], Some(1.0));
    let scores = session.table_scores();
    // Table 3 voted for the room's choice both times: source-of-funds (3), staff (1) and
    // fraud-referral (2) met. Tables 1 and 2 voted to accept the gift: staff-awareness missed,
    // source-of-funds never reached (required: missed), fraud-referral met.
    let t3 = &scores[2].1;
    assert_eq!(t3.index, Some(100.0));
    let t1 = &scores[0].1;
    assert!(
        (t1.index.unwrap() - 2.0 / 6.0 * 100.0).abs() < 1e-9,
        "{:?}",
        t1.index
    );
    // An unknown table is refused.
    let err = session
        .choose(
            s,
            ChoiceInput {
                choice: 0,
                votes: vec![("Table 9".into(), 0)],
                ..ChoiceInput::default()
            },
        )
        .unwrap_err();
    assert_eq!(err, SessionError::UnknownTable("Table 9".into()));
}

#[test]
fn a_whole_room_show_of_hands_gives_alignment_by_hands() {
    let lib = library();
    let s = &lib.get("cash-buyer").unwrap().scenario;
    let mut session = Session::start(
        s,
        "h",
        SessionConfig {
            shuffle: false,
            ..config(1)
        },
        None,
    );
    session
        .choose(
            s,
            ChoiceInput {
                choice: 0,
                counts: vec![(0, 30), (1, 10)],
                ..ChoiceInput::default()
            },
        )
        .unwrap();
    assert_eq!(session.alignment(), vec![Some(0.75)]);
}

#[test]
fn actions_that_make_no_sense_are_refused_with_a_reason() {
    let lib = library();
    let s = &lib.get("cash-buyer").unwrap().scenario;
    let mut session = Session::start(s, "h", config(1), None);
    assert_eq!(session.undo().unwrap_err(), SessionError::NothingToUndo);
    assert_eq!(session.finish().unwrap_err(), SessionError::NotAtEnding);
    assert_eq!(
        session.inject(s, "nope").unwrap_err(),
        SessionError::UnknownInject("nope".into())
    );
    // A choice hidden by its condition cannot be taken.
    let err = session
        .choose(
            s,
            ChoiceInput {
                choice: 7,
                ..ChoiceInput::default()
            },
        )
        .unwrap_err();
    assert_eq!(err, SessionError::ChoiceNotOffered(7));
}
