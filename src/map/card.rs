//! Where each part of a node's card goes — the first line (kind, and the problem and lint
//! counts), the title, the id and the checkpoint badges — shared by the app and the SVG.
//!
//! Each part has its own band of the card, so a long title can never run under a badge or a
//! count: the title is wrapped to its band's width and rows and cut with an ellipsis (its
//! whole text is in the node's accessible label and the side panel), and the first line's
//! kind gives way to the counts, which are what an author must not miss.

use super::graph::MapNode;
use super::layout::Rect;

/// Font size of the first line and the id, in points.
pub const SMALL_FONT: f32 = 11.5;
/// Font size of the title, in points.
pub const TITLE_FONT: f32 = 14.5;
/// Font size of a badge's text, in points.
pub const BADGE_FONT: f32 = 11.0;
/// The height a row of title text takes, in points (the fonts' line height is under this).
pub const TITLE_ROW: f32 = 17.5;
/// The height a row of small text takes, in points.
pub const SMALL_ROW: f32 = 15.0;
/// Height of a badge, in points.
pub const BADGE_HEIGHT: f32 = 16.0;
/// Space between the card's edge and its text, in points.
pub const PADDING: f32 = 10.0;
/// The most rows a title takes.
const TITLE_ROWS: usize = 2;

/// The bands of one card, in map coordinates.
#[derive(Clone, Debug, PartialEq)]
pub struct CardParts {
    /// The first line's kind ("DECISION", "GOOD ENDING · index 70–90"), left.
    pub kind: Rect,
    /// The problem and lint counts, right of the kind on the first line, with their text.
    pub flags: Option<(Rect, String)>,
    /// The title's box: `title_rows` rows of [`TITLE_ROW`].
    pub title: Rect,
    /// How many rows the title may take (at least one).
    pub title_rows: usize,
    /// The id's line, when there is room for it.
    pub id: Option<Rect>,
    /// The badges' row, when the node has badges.
    pub badges: Option<Rect>,
}

/// The counts shown on a card's first line: problems and content lints, in capitals.
pub fn flags_text(n: &MapNode) -> Option<String> {
    let mut parts = Vec::new();
    if n.has_problem() {
        parts.push(match n.problems.len() {
            0 => "PROBLEM".to_owned(),
            1 => "1 PROBLEM".to_owned(),
            k => format!("{k} PROBLEMS"),
        });
    }
    match n.lints.len() {
        0 => {}
        1 => parts.push("1 LINT".to_owned()),
        k => parts.push(format!("{k} LINTS")),
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// A generous width for capitals at [`SMALL_FONT`] (the app measures its own text and cuts
/// it to the box; the SVG has only this estimate).
pub fn caps_width(text: &str) -> f32 {
    text.chars()
        .map(|c| match c {
            ' ' | '·' | '.' => 4.0,
            '0'..='9' => 7.0,
            _ => 8.6,
        })
        .sum()
}

/// The bands of node `n`'s card drawn in `r`.
pub fn parts(n: &MapNode, r: &Rect) -> CardParts {
    let inner_left = r.x + PADDING;
    let inner_width = (r.w - 2.0 * PADDING).max(1.0);
    let top = r.y + 6.0;
    let bottom = r.y + r.h - 6.0;
    let flags = flags_text(n).map(|text| {
        let w = caps_width(&text).min(inner_width * 0.6);
        (
            Rect {
                x: r.x + r.w - PADDING - w,
                y: top,
                w,
                h: SMALL_ROW,
            },
            text,
        )
    });
    let kind_width = match &flags {
        Some((f, _)) => (f.x - 8.0 - inner_left).max(1.0),
        None => inner_width,
    };
    let kind = Rect {
        x: inner_left,
        y: top,
        w: kind_width,
        h: SMALL_ROW,
    };
    let badges = (!n.badges.is_empty()).then_some(Rect {
        x: inner_left,
        y: bottom - BADGE_HEIGHT,
        w: inner_width,
        h: BADGE_HEIGHT,
    });
    let title_top = top + SMALL_ROW + 3.0;
    let id_bottom = badges.map_or(bottom, |b| b.y - 2.0);
    let id_top = id_bottom - SMALL_ROW;
    let rows_with_id = ((id_top - 2.0 - title_top) / TITLE_ROW).floor().max(0.0) as usize;
    let (title_rows, id) = if rows_with_id >= 1 {
        (
            rows_with_id.min(TITLE_ROWS),
            Some(Rect {
                x: inner_left,
                y: id_top,
                w: inner_width,
                h: SMALL_ROW,
            }),
        )
    } else {
        // No room for the id as well: the title comes first (the id is in the side panel).
        let rows = ((id_bottom - title_top) / TITLE_ROW).floor().max(1.0) as usize;
        (rows.min(TITLE_ROWS), None)
    };
    CardParts {
        kind,
        flags,
        title: Rect {
            x: inner_left,
            y: title_top,
            w: inner_width,
            h: title_rows as f32 * TITLE_ROW,
        },
        title_rows,
        id,
        badges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::graph::MapGraph;
    use crate::map::layout::{LayoutParams, layout};
    use crate::scenario::Library;

    fn inside(inner: &Rect, outer: &Rect) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.x + inner.w <= outer.x + outer.w
            && inner.y + inner.h <= outer.y + outer.h
    }

    #[test]
    fn every_part_of_every_card_has_its_own_band_inside_the_card() {
        for s in &Library::embedded().scenarios {
            let mut g = MapGraph::from_scenario(&s.scenario);
            // Every node with a problem and two lints too, so every part is there.
            for n in &mut g.nodes {
                n.dead_end = true;
                n.lints = vec!["a".into(), "b".into()];
            }
            let l = layout(&g, &LayoutParams::default());
            for (n, r) in g.nodes.iter().zip(&l.nodes) {
                let p = parts(n, r);
                let (flags, text) = p.flags.clone().expect("counts shown");
                assert_eq!(text, "PROBLEM · 2 LINTS");
                let mut boxes = vec![("kind", p.kind), ("flags", flags), ("title", p.title)];
                boxes.extend(p.id.map(|b| ("id", b)));
                boxes.extend(p.badges.map(|b| ("badges", b)));
                assert!(p.title_rows >= 1, "{}", n.id);
                assert!(p.id.is_some(), "{}: the id has room", n.id);
                assert_eq!(p.badges.is_some(), !n.badges.is_empty());
                for (i, (a, ra)) in boxes.iter().enumerate() {
                    assert!(inside(ra, r), "{}: {a} leaves the card", n.id);
                    for (b, rb) in &boxes[i + 1..] {
                        assert!(!ra.intersects(rb), "{}: {a} overlaps {b}", n.id);
                    }
                }
            }
        }
    }

    #[test]
    fn the_counts_say_problems_and_lints_in_words() {
        let s = Library::embedded();
        let mut g = MapGraph::from_scenario(&s.scenarios[0].scenario);
        let n = &mut g.nodes[0];
        assert_eq!(flags_text(n), None);
        n.lints.push("x".into());
        assert_eq!(flags_text(n).as_deref(), Some("1 LINT"));
        n.unreachable = true;
        assert_eq!(flags_text(n).as_deref(), Some("PROBLEM · 1 LINT"));
    }
}
