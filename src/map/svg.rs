//! The branch map as a self-contained SVG: for the facilitator's pack and for printing.
//!
//! The same layout and colours as the app's map. No script, no external reference (fonts
//! fall back to the reader's sans-serif), every text escaped. Each node and each edge is one
//! `<g>` with an `aria-label` and a `<title>`, so a screen reader (and a test) can find it.

use super::card;
use super::graph::{MapGraph, NodeKind};
use super::layout::{Layout, Rect};
use super::palette::{self, Rgb};
use crate::scenario::Pillar;
use std::fmt::Write;

/// Height of the heading and legend above the map.
const HEADER: f32 = 96.0;

/// Escapes text for XML content and attribute values, and drops the control characters XML
/// 1.0 does not allow.
pub fn escape(s: &str) -> String {
    let xml_safe: String = s
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => None,
            c => Some(c),
        })
        .collect();
    crate::report::escape_html(&xml_safe)
}

/// Splits `text` into at most `lines` lines of about `width` characters, breaking at spaces
/// and ending with `…` when it does not fit.
pub fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let len = current.chars().count();
        if len == 0 {
            current = w.chars().take(width).collect();
            i += 1;
        } else if len + 1 + w.chars().count() <= width {
            current.push(' ');
            current.push_str(w);
            i += 1;
        } else {
            out.push(std::mem::take(&mut current));
            if out.len() == lines {
                break;
            }
        }
    }
    if !current.is_empty() && out.len() < lines {
        out.push(current);
    }
    let cut = i < words.len();
    if cut && let Some(last) = out.last_mut() {
        let keep: String = last.chars().take(width.saturating_sub(1)).collect();
        *last = format!("{}…", keep.trim_end());
    }
    out
}

fn text(out: &mut String, x: f32, y: f32, class: &str, fill: Rgb, s: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" class="{class}" fill="{}">{}</text>"#,
        fill.hex(),
        escape(s)
    );
}

/// Writes the map of `g`, laid out as `l`, as an SVG document.
pub fn to_svg(g: &MapGraph, l: &Layout) -> String {
    // The legend first, to know how wide it is: the map is at least that wide.
    let mut key = String::new();
    let key_width = legend(&mut key, g);
    let width = l.width.max(760.0).max(key_width);
    let height = l.height + HEADER;
    let mut s = String::with_capacity(4096 + g.nodes.len() * 900);
    let title = format!("Branch map of \"{}\" ({})", g.title, g.scenario_id);
    let _ = write!(
        s,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" role="img" aria-labelledby="map-title">
<title id="map-title">{}</title>
<style>
text {{ font-family: "Atkinson Hyperlegible", "Segoe UI", Arial, sans-serif; }}
.h {{ font-size: 22px; font-weight: bold; }}
.t {{ font-size: 14px; font-weight: bold; }}
.s {{ font-size: 12px; }}
.b {{ font-size: 11px; font-weight: bold; }}
.l {{ font-size: 13px; font-weight: bold; }}
</style>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{}"/></marker>
<marker id="arrow-error" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{}"/></marker></defs>
<rect x="0" y="0" width="{width:.0}" height="{height:.0}" fill="{}"/>
"#,
        escape(&title),
        palette::EDGE.hex(),
        palette::ERROR.hex(),
        palette::BACKGROUND.hex(),
    );
    s.push_str(&key);
    let _ = writeln!(s, r#"<g transform="translate(0 {HEADER:.0})">"#);
    s.push_str("<g class=\"edges\">\n");
    for (i, (e, r)) in g.edges.iter().zip(&l.edges).enumerate() {
        let from = &g.nodes[e.from];
        let to = &g.nodes[e.to];
        let mut label = format!("Choice {} from {} to {}", e.label(), from.id, to.id);
        if e.branch.is_some() {
            label.push_str(" (a branch: taken when its condition holds)");
        } else if e.conditional {
            label.push_str(" (offered only when its condition holds)");
        }
        if e.best {
            label.push_str(", the best choice here");
        }
        if r.backwards {
            label.push_str(", goes back to an earlier node: the story would go round in a circle");
        }
        let colour = edge_colour(g, e, r);
        let dash = if e.conditional {
            r#" stroke-dasharray="7 5""#
        } else {
            ""
        };
        let marker = if colour == palette::ERROR {
            "arrow-error"
        } else {
            "arrow"
        };
        let _ = writeln!(
            s,
            r#"<g class="edge" id="edge-{i}" aria-label="{}"><title>{}</title><path d="{}" fill="none" stroke="{}" stroke-width="{}"{dash} marker-end="url(#{marker})"/>"#,
            escape(&label),
            escape(&label),
            r.svg_path(),
            colour.hex(),
            if e.best { 3.0 } else { 1.6 },
        );
        s.push_str("</g>\n");
    }
    // The labels after every edge, so no edge is drawn over a label; each edge's group says
    // the same in words, so these are hidden from screen readers.
    s.push_str("</g>\n<g class=\"edge-labels\" aria-hidden=\"true\">\n");
    for (e, r) in g.edges.iter().zip(&l.edges) {
        let colour = edge_colour(g, e, r);
        let b = r.label;
        let _ = write!(
            s,
            r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="{}" stroke="{}"/>"#,
            b.x,
            b.y,
            b.w,
            b.h,
            palette::CARD.hex(),
            colour.hex()
        );
        let _ = writeln!(
            s,
            r#"<text x="{:.1}" y="{:.1}" class="l" text-anchor="middle" fill="{}">{}</text>"#,
            b.x + b.w / 2.0,
            b.y + b.h / 2.0 + 4.5,
            colour.hex(),
            escape(&e.tag())
        );
    }
    s.push_str("</g>\n<g class=\"nodes\">\n");
    for (i, (n, r)) in g.nodes.iter().zip(&l.nodes).enumerate() {
        node(&mut s, i, n, g.choice_counts[i], r);
    }
    s.push_str("</g>\n</g>\n</svg>\n");
    s
}

/// An edge's colour: the error colour when it goes nowhere or backwards, green when it is
/// the best choice.
fn edge_colour(g: &MapGraph, e: &super::graph::MapEdge, r: &super::layout::Route) -> Rgb {
    if r.backwards || g.nodes[e.to].kind == NodeKind::Missing {
        palette::ERROR
    } else if e.best {
        palette::BEST
    } else {
        palette::EDGE
    }
}

/// Cuts `text` to about `width` points of `per_char` each, ending with `…` when cut.
fn cut(text: &str, width: f32, per_char: f32) -> String {
    let keep = (width / per_char).floor().max(1.0) as usize;
    if text.chars().count() <= keep {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(keep.saturating_sub(1)).collect();
        format!("{}…", kept.trim_end())
    }
}

fn node(s: &mut String, i: usize, n: &super::graph::MapNode, choices: usize, r: &Rect) {
    let label = n.describe(choices);
    let (fill, border) = match n.kind {
        NodeKind::Decision => (palette::CARD, palette::CARD_BORDER),
        NodeKind::Ending(rating) => (palette::rating_fill(rating), palette::rating(rating)),
        NodeKind::Missing => (palette::CARD, palette::ERROR),
    };
    let (stroke, width) = if n.has_problem() {
        (palette::ERROR, 4.0)
    } else {
        (border, 1.5)
    };
    let kind = match n.kind {
        NodeKind::Decision => "decision",
        NodeKind::Ending(_) => "ending",
        NodeKind::Missing => "missing",
    };
    let _ = write!(
        s,
        r#"<g class="node {kind}" id="node-{i}" data-id="{}" aria-label="{}"><title>{}</title>"#,
        escape(&n.id),
        escape(&label),
        escape(&label)
    );
    let dash = if n.kind == NodeKind::Missing {
        r#" stroke-dasharray="6 4""#
    } else {
        ""
    };
    let _ = write!(
        s,
        r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="{}" stroke="{}" stroke-width="{width}"{dash}/>"#,
        r.x,
        r.y,
        r.w,
        r.h,
        fill.hex(),
        stroke.hex()
    );
    let parts = card::parts(n, r);
    // Baselines sit about four fifths down each band.
    let baseline = |b: &Rect| b.y + b.h * 0.8;
    // The first line says what kind of node this is, so colour is never the only signal.
    let kind_colour = match n.kind {
        NodeKind::Ending(rating) => palette::rating(rating),
        NodeKind::Missing => palette::ERROR,
        NodeKind::Decision => palette::MUTED,
    };
    text(
        s,
        parts.kind.x,
        baseline(&parts.kind),
        "b",
        kind_colour,
        &cut(&n.kind_line(), parts.kind.w, 7.6),
    );
    if let Some((f, flags)) = &parts.flags {
        let _ = write!(
            s,
            r#"<text x="{:.1}" y="{:.1}" class="b" text-anchor="end" fill="{}">{}</text>"#,
            f.x + f.w,
            baseline(f),
            if n.has_problem() {
                palette::ERROR
            } else {
                palette::LINT
            }
            .hex(),
            escape(flags)
        );
    }
    let chars = (parts.title.w / 7.8).floor().max(1.0) as usize;
    let mut y = parts.title.y + 14.0;
    for line in wrap(&n.title, chars, parts.title_rows) {
        text(s, parts.title.x, y, "t", palette::INK, &line);
        y += card::TITLE_ROW;
    }
    if let Some(id) = &parts.id {
        text(
            s,
            id.x,
            baseline(id),
            "s",
            palette::MUTED,
            &cut(&n.id, id.w, 6.4),
        );
    }
    // Badges: one per checkpoint, coloured by P, as many as fit, then "+N".
    if let Some(row) = &parts.badges {
        let mut bx = row.x;
        let by = row.y;
        let right = row.x + row.w;
        for (k, b) in n.badges.iter().enumerate() {
            let name: String = b.checkpoint.chars().take(12).collect();
            let tag = format!("{} {}", initial(b.pillar), name);
            let w = 8.0 + 6.4 * tag.chars().count() as f32;
            let remaining = n.badges.len() - k;
            if (bx + w > right - 24.0 && remaining > 1) || bx + w > right {
                text(
                    s,
                    bx,
                    by + 12.0,
                    "b",
                    palette::MUTED,
                    &format!("+{remaining}"),
                );
                break;
            }
            let _ = write!(
                s,
                r#"<rect x="{bx:.1}" y="{by:.1}" width="{w:.1}" height="{:.0}" rx="4" fill="{}"/>"#,
                card::BADGE_HEIGHT,
                palette::pillar(b.pillar).hex()
            );
            text(s, bx + 4.0, by + 12.0, "b", Rgb(0xff, 0xff, 0xff), &tag);
            bx += w + 4.0;
        }
    }
    s.push_str("</g>\n");
}

/// The P's initial, shown on badges beside the colour.
pub fn initial(p: Pillar) -> &'static str {
    match p {
        Pillar::Pursue => "Pu",
        Pillar::Prevent => "Pv",
        Pillar::Protect => "Pt",
        Pillar::Prepare => "Pp",
    }
}

/// Writes the heading and legend; returns how wide they are.
fn legend(s: &mut String, g: &MapGraph) -> f32 {
    s.push_str("<g class=\"legend\" aria-label=\"Legend\">\n");
    text(
        s,
        20.0,
        34.0,
        "h",
        palette::INK,
        &format!("{} — branch map", g.title),
    );
    let mut x = 20.0;
    let y = 62.0;
    for p in Pillar::ALL {
        let tag = format!("{} {}", initial(p), p.name());
        let w = 10.0 + 6.6 * tag.chars().count() as f32;
        let _ = write!(
            s,
            r#"<rect x="{x:.1}" y="{:.1}" width="{w:.1}" height="17" rx="4" fill="{}"/>"#,
            y - 12.5,
            palette::pillar(p).hex()
        );
        text(s, x + 5.0, y, "b", Rgb(0xff, 0xff, 0xff), &tag);
        x += w + 6.0;
    }
    x += 12.0;
    for r in [
        crate::scenario::Rating::Good,
        crate::scenario::Rating::Mixed,
        crate::scenario::Rating::Poor,
    ] {
        let _ = write!(
            s,
            r#"<rect x="{x:.1}" y="{:.1}" width="16" height="16" rx="3" fill="{}" stroke="{}" stroke-width="2"/>"#,
            y - 12.0,
            palette::rating_fill(r).hex(),
            palette::rating(r).hex()
        );
        text(
            s,
            x + 21.0,
            y,
            "s",
            palette::INK,
            &format!("{} ending", r.label()),
        );
        x += 21.0 + text_width(&format!("{} ending", r.label())) + 16.0;
    }
    let _ = write!(
        s,
        r#"<path d="M{x:.1},{:.1} h36" stroke="{}" stroke-width="1.6" stroke-dasharray="7 5"/>"#,
        y - 4.0,
        palette::EDGE.hex()
    );
    text(s, x + 42.0, y, "s", palette::INK, "only under a condition");
    x += 42.0 + text_width("only under a condition") + 16.0;
    text(s, x, y, "l", palette::BEST, "best: the best choice");
    // (Bold and a point larger than the rest.)
    x += 1.2 * text_width("best: the best choice") + 16.0;
    let _ = write!(
        s,
        r#"<rect x="{x:.1}" y="{:.1}" width="16" height="16" rx="3" fill="none" stroke="{}" stroke-width="3"/>"#,
        y - 12.0,
        palette::ERROR.hex()
    );
    text(s, x + 21.0, y, "s", palette::INK, "has a problem");
    x += 21.0 + text_width("has a problem");
    let _ = write!(
        s,
        r#"<text x="20" y="{:.1}" class="s" fill="{}">Numbers on the arrows are the choice numbers; 2.1 is choice 2's first branch.</text>"#,
        y + 22.0,
        palette::MUTED.hex()
    );
    s.push_str("</g>\n");
    x + 20.0
}

/// A generous width for `text` at the legend's 12 px (no font metrics in an SVG writer).
fn text_width(text: &str) -> f32 {
    7.0 * text.chars().count() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            escape("<script>\"a\" & 'b'\u{1}</script>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn wraps_at_spaces_and_marks_what_was_cut() {
        assert_eq!(wrap("one two three", 7, 2), vec!["one two", "three"]);
        assert_eq!(wrap("one two three four", 7, 2), vec!["one two", "three…"]);
        assert_eq!(wrap("", 7, 2), Vec::<String>::new());
    }
}
