//! The branch map as SVG: read back through a real XML parser.

use deskaudit::map::{LayoutParams, MapGraph, NodeKind, layout, palette, synthetic, to_svg};
use deskaudit::scenario::Library;

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}"))
}

fn groups<'a>(doc: &'a roxmltree::Document<'a>, class: &str) -> Vec<roxmltree::Node<'a, 'a>> {
    doc.descendants()
        .filter(|n| {
            n.has_tag_name("g")
                && n.attribute("class")
                    .is_some_and(|c| c.split(' ').next() == Some(class))
        })
        .collect()
}

fn assert_no_script(doc: &roxmltree::Document) {
    for n in doc.descendants() {
        assert!(!n.has_tag_name("script"), "a script element");
        assert!(!n.has_tag_name("foreignObject"), "foreign content");
        for a in n.attributes() {
            assert!(
                !a.name().to_ascii_lowercase().starts_with("on"),
                "event handler attribute {}",
                a.name()
            );
            assert!(!a.value().contains("javascript:"), "script in {}", a.name());
            assert!(
                a.name() != "href" || a.value().starts_with('#'),
                "external reference {}",
                a.value()
            );
        }
    }
}

#[test]
fn every_shipped_scenario_maps_to_xml_with_one_labelled_group_per_node_and_edge() {
    let lib = Library::embedded();
    for s in &lib.scenarios {
        let g = MapGraph::from_scenario(&s.scenario);
        let svg = to_svg(&g, &layout(&g, &LayoutParams::default()));
        let doc = parse(&svg);
        assert_eq!(doc.root_element().tag_name().name(), "svg");
        assert_no_script(&doc);
        let nodes = groups(&doc, "node");
        assert_eq!(nodes.len(), s.scenario.nodes.len(), "{}", s.file);
        for (n, scenario_node) in nodes.iter().zip(&s.scenario.nodes) {
            let label = n.attribute("aria-label").expect("every node is labelled");
            assert!(label.contains(&scenario_node.title), "{label}");
            assert_eq!(n.attribute("data-id"), Some(scenario_node.id.as_str()));
            // The title element carries the same words for readers that show tooltips.
            let title = n
                .children()
                .find(|c| c.has_tag_name("title"))
                .expect("title");
            assert_eq!(title.text(), Some(label));
        }
        let edges = groups(&doc, "edge");
        let expected: usize = s
            .scenario
            .nodes
            .iter()
            .flat_map(|n| &n.choices)
            .map(|c| 1 + c.branches.len())
            .sum();
        assert_eq!(edges.len(), expected, "{}", s.file);
        for e in &edges {
            let label = e.attribute("aria-label").expect("every edge is labelled");
            assert!(label.starts_with("Choice "), "{label}");
        }
        // A valid shipped scenario has nothing outlined in the error colour.
        assert!(!svg.contains(&format!(
            "stroke=\"{}\" stroke-width=\"4\"",
            palette::ERROR.hex()
        )));
    }
}

#[test]
fn text_from_the_scenario_is_escaped_not_interpreted() {
    let text = r#"Scenario(format: 1, id: "x", version: "1", title: "<script>alert('x')</script> & \"co\"",
        area: "A", summary: "S", minutes: 5, start: "a",
        checkpoints: [Checkpoint(id: "c", p: Protect, title: "C", lesson: "L")],
        nodes: [
          Node(id: "a", title: "Pay <b>now</b> & \"quickly\"", text: "T", choices: [
            Choice(text: "1", goto: "e", feedback: "F", effects: [Met("c")])]),
          Node(id: "e", title: "End ]]> here", text: "T", ending: Ending(rating: Good, outcome: "O")),
        ])"#;
    let g = MapGraph::from_source("x.ron", text.as_bytes()).expect("parses");
    let svg = to_svg(&g, &layout(&g, &LayoutParams::default()));
    assert!(!svg.contains("<script"));
    assert!(!svg.contains("<b>"));
    let doc = parse(&svg);
    assert_no_script(&doc);
    let all_text: String = doc
        .descendants()
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("|");
    assert!(
        all_text.contains("Pay <b>now</b> & \"quickly\""),
        "{all_text}"
    );
    assert!(all_text.contains("<script>alert('x')</script>"));
}

#[test]
fn problems_are_outlined_and_broken_links_drawn_to_a_missing_node() {
    // `goto: "grnat"` names no node, and "orphan" cannot be reached.
    let text = r#"Scenario(format: 1, id: "x", version: "1", title: "Broken", area: "A", summary: "S",
        minutes: 5, start: "a",
        checkpoints: [Checkpoint(id: "c", p: Protect, title: "C", lesson: "L")],
        nodes: [
          Node(id: "a", title: "Start", text: "T", choices: [
            Choice(text: "1", goto: "grnat", feedback: "F", effects: [Met("c")]),
            Choice(text: "2", goto: "e", feedback: "F")]),
          Node(id: "orphan", title: "Orphan", text: "T", choices: [
            Choice(text: "1", goto: "e", feedback: "F")]),
          Node(id: "e", title: "End", text: "T", ending: Ending(rating: Mixed, outcome: "O")),
        ])"#;
    let g = MapGraph::from_source("broken.ron", text.as_bytes()).expect("parses");
    let a = &g.nodes[g.find("a").expect("a")];
    assert!(
        a.problems
            .iter()
            .any(|p| p.message.contains("grnat") && p.line == 6),
        "the unknown node is reported at its line: {:?}",
        a.problems
    );
    let missing = &g.nodes[g.find("grnat").expect("placeholder")];
    assert_eq!(missing.kind, NodeKind::Missing);
    assert!(g.nodes[g.find("orphan").expect("orphan")].unreachable);
    assert!(!g.nodes[g.find("e").expect("e")].has_problem());
    let svg = to_svg(&g, &layout(&g, &LayoutParams::default()));
    let doc = parse(&svg);
    let outlined: Vec<String> = groups(&doc, "node")
        .iter()
        .filter(|n| {
            n.children().any(|c| {
                c.has_tag_name("rect")
                    && c.attribute("stroke") == Some(&palette::ERROR.hex())
                    && c.attribute("stroke-width") == Some("4")
            })
        })
        .map(|n| n.attribute("data-id").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(outlined, vec!["a", "orphan", "grnat"]);
}

#[test]
fn a_generated_thousand_node_map_is_valid_xml_too() {
    let s = synthetic::scenario(1_000, 7);
    let g = MapGraph::from_scenario(&s);
    let svg = to_svg(&g, &layout(&g, &LayoutParams::default()));
    let doc = parse(&svg);
    assert_eq!(groups(&doc, "node").len(), 1_000);
    assert_eq!(groups(&doc, "edge").len(), g.edges.len());
}

#[test]
fn every_ending_of_a_shipped_map_shows_the_index_a_session_can_end_with() {
    let library = Library::embedded();
    let loaded = library.get("market-day").expect("market-day ships");
    let g = MapGraph::from_scenario(&loaded.scenario);
    let endings: Vec<_> = g
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, NodeKind::Ending(_)))
        .collect();
    assert_eq!(endings.len(), 6, "market-day has six endings");
    for e in &endings {
        let r = e
            .index_range
            .unwrap_or_else(|| panic!("ending {} has no index range on the map", e.id));
        assert!(0.0 <= r.worst && r.worst <= r.best && r.best <= 100.0);
        assert!(
            e.describe(0).contains("index"),
            "the accessible label of {} gives its index range",
            e.id
        );
    }
    // The same figures as `deskaudit check`: the Good ending "quiet-market" reaches 51.9–94.8.
    let quiet = endings.iter().find(|n| n.id == "quiet-market").unwrap();
    let r = quiet.index_range.unwrap();
    assert!(
        (r.worst - 51.9).abs() < 0.06 && (r.best - 94.8).abs() < 0.06,
        "{r:?}"
    );
    let svg = to_svg(&g, &layout(&g, &LayoutParams::default()));
    assert!(
        svg.contains("ENDING · index 52–95"),
        "the SVG prints the range"
    );
}

#[test]
fn the_printed_map_draws_edge_labels_apart() {
    // Every shipped map: one box per edge, its words as on screen, no two boxes touching.
    let lib = Library::embedded();
    for s in &lib.scenarios {
        let g = MapGraph::from_scenario(&s.scenario);
        let svg = to_svg(&g, &layout(&g, &LayoutParams::default()));
        let doc = parse(&svg);
        let labels = groups(&doc, "edge-labels");
        assert_eq!(labels.len(), 1, "one group of labels");
        assert_eq!(labels[0].attribute("aria-hidden"), Some("true"));
        let boxes: Vec<[f32; 4]> = labels[0]
            .children()
            .filter(|c| c.has_tag_name("rect"))
            .map(|c| {
                let a = |n: &str| c.attribute(n).and_then(|v| v.parse().ok()).expect("number");
                [a("x"), a("y"), a("width"), a("height")]
            })
            .collect();
        let texts: Vec<&str> = labels[0]
            .children()
            .filter(|c| c.has_tag_name("text"))
            .filter_map(|c| c.text())
            .collect();
        assert_eq!(boxes.len(), g.edges.len(), "{}", s.file);
        assert_eq!(texts.len(), g.edges.len());
        for (e, t) in g.edges.iter().zip(&texts) {
            assert_eq!(*t, e.tag(), "the same words as on screen");
        }
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                let apart = a[0] + a[2] <= b[0]
                    || b[0] + b[2] <= a[0]
                    || a[1] + a[3] <= b[1]
                    || b[1] + b[3] <= a[1];
                assert!(apart, "{}: labels at {a:?} and {b:?} overlap", s.file);
            }
        }
    }
}

/// The map of a scenario loaded in full (as the Author screen gets a saved file from the
/// watcher) uses the content figures from loading: the same map as working them out again.
#[test]
fn a_map_from_the_figures_worked_out_at_load_is_the_map_worked_out_afresh() {
    let svg = |g: &MapGraph| to_svg(g, &layout(g, &LayoutParams::default()));
    for s in &Library::embedded().scenarios {
        assert!(s.content.is_some(), "{}: loaded in full", s.file);
        let from_load = svg(&MapGraph::from_loaded(s));
        assert!(
            from_load.contains(" best"),
            "{}: best choices marked",
            s.file
        );
        assert_eq!(
            from_load,
            svg(&MapGraph::from_scenario(&s.scenario)),
            "{}",
            s.file
        );
    }
}
