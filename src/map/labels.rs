//! Where each edge's label (its choice number) goes, so that the labels of a node's edges
//! never sit on top of each other — shared by the app and the SVG.
//!
//! A node with many choices and branches sends its edges out of ports only a few points
//! apart, closer than a label is tall. Each label is put on its own edge, as near the source
//! as it can go without touching a label already placed: the labels of a crowded node step
//! along their edges (which fan out as they go), the labels of a quiet node all sit beside it.

use super::graph::MapGraph;
use super::layout::{LayoutParams, Rect, Route, curve_at};
use std::collections::HashMap;

/// Height of an edge label's box, in points.
pub const LABEL_HEIGHT: f32 = 18.0;

/// Font size of an edge label's text, in points (the app's; the SVG's bold 13 px is as wide).
pub const LABEL_FONT: f32 = 12.5;

/// Room kept clear between two labels, in points.
const LABEL_GAP: f32 = 2.0;

/// Room kept clear before the next column, for the arrowheads that arrive there.
const ARROW_ROOM: f32 = 26.0;

/// The width of an edge label's box for `tag`: padding plus a per-character width generous
/// enough for the app's font and the SVG's bold sans-serif.
pub fn label_width(tag: &str) -> f32 {
    10.0 + 6.9 * tag.chars().count() as f32
}

/// How far a label moves off its edge at each step when every spot on the edge is taken.
const NUDGE: f32 = 8.0;

/// How many steps up (and down) a label may move off its edge.
const NUDGES: usize = 6;

/// Points tried along an edge's first curve (fewer are kept: those inside the gap).
const SAMPLES: usize = 32;

/// The cell size of the grid that finds labels near a candidate position.
const CELL: f32 = 64.0;

/// Placed label boxes, bucketed by grid cell, so a check looks only at its neighbours.
#[derive(Default)]
struct Placed {
    cells: HashMap<(i32, i32), Vec<Rect>>,
}

impl Placed {
    fn cells_of(r: &Rect) -> impl Iterator<Item = (i32, i32)> {
        let (x0, x1) = (
            (r.x / CELL).floor() as i32,
            ((r.x + r.w) / CELL).floor() as i32,
        );
        let (y0, y1) = (
            (r.y / CELL).floor() as i32,
            ((r.y + r.h) / CELL).floor() as i32,
        );
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    /// How much of `r` is covered by labels already placed (0 when it is free).
    fn overlap(&self, r: &Rect) -> f32 {
        let mut area = 0.0;
        let mut seen: Vec<Rect> = Vec::new();
        for c in Self::cells_of(r) {
            for o in self.cells.get(&c).into_iter().flatten() {
                if o.intersects(r) && !seen.contains(o) {
                    let w = (r.x + r.w).min(o.x + o.w) - r.x.max(o.x);
                    let h = (r.y + r.h).min(o.y + o.h) - r.y.max(o.y);
                    area += w * h;
                    seen.push(*o);
                }
            }
        }
        area
    }

    fn insert(&mut self, r: Rect) {
        for c in Self::cells_of(&r) {
            self.cells.entry(c).or_default().push(r);
        }
    }
}

/// Points along the first piece of a route (from the source's port towards the next column)
/// where a label of width `w` can sit: inside the gap between the columns, clear of the cards
/// and of the arrowheads at the far side, nearest the source first.
fn candidates(route: &Route, w: f32, p: &LayoutParams) -> Vec<[f32; 2]> {
    let Some(&start) = route.points.first() else {
        return Vec::new();
    };
    let x_min = start[0] + 6.0 + w / 2.0;
    let x_max = (start[0] + p.column_gap - ARROW_ROOM - w / 2.0).max(x_min);
    let mut out: Vec<[f32; 2]> = Vec::new();
    let mut last_x = f32::NEG_INFINITY;
    let mut push = |q: [f32; 2], out: &mut Vec<[f32; 2]>| {
        if q[0] >= x_min - 0.01 && q[0] <= x_max + 0.01 && q[0] - last_x >= 2.0 {
            last_x = q[0];
            out.push(q);
        }
    };
    match route.points.get(1) {
        Some(&next) if !route.backwards => {
            let curved = (start[1] - next[1]).abs() >= 0.5 && (start[0] - next[0]).abs() >= 0.5;
            for k in 0..=SAMPLES {
                let t = k as f32 / SAMPLES as f32;
                let q = if curved {
                    curve_at(start, next, t)
                } else {
                    [
                        start[0] + t * (next[0] - start[0]),
                        start[1] + t * (next[1] - start[1]),
                    ]
                };
                push(q, &mut out);
            }
        }
        _ => {
            // A backward edge turns up at once: its label stays level with its port.
            for k in 0..=16 {
                let x = x_min + (x_max - x_min) * k as f32 / 16.0;
                push([x, start[1]], &mut out);
            }
        }
    }
    if out.is_empty() {
        out.push([x_min, start[1]]);
    }
    out
}

/// Places every edge's label (filling [`Route::label`] and widening [`Route::bounds`] to
/// take it in). Nodes are taken column by column, top to bottom, and each node's edges in
/// the order they leave it, so the result does not depend on the order of the file.
pub(super) fn place(g: &MapGraph, nodes: &[Rect], routes: &mut [Route], p: &LayoutParams) {
    let mut by_source: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    for (i, e) in g.edges.iter().enumerate() {
        by_source[e.from].push(i);
    }
    let mut sources: Vec<usize> = (0..nodes.len()).collect();
    sources.sort_by(|&a, &b| {
        let (ra, rb) = (&nodes[a], &nodes[b]);
        ra.x.total_cmp(&rb.x)
            .then(ra.y.total_cmp(&rb.y))
            .then(a.cmp(&b))
    });
    let mut placed = Placed::default();
    for v in sources {
        let list = &mut by_source[v];
        list.sort_by(|&a, &b| {
            let ya = routes[a].points.first().map_or(0.0, |q| q[1]);
            let yb = routes[b].points.first().map_or(0.0, |q| q[1]);
            ya.total_cmp(&yb).then(a.cmp(&b))
        });
        for &i in list.iter() {
            let w = label_width(&g.edges[i].tag());
            let boxed = |q: [f32; 2]| Rect {
                x: q[0] - w / 2.0,
                y: q[1] - LABEL_HEIGHT / 2.0,
                w,
                h: LABEL_HEIGHT,
            };
            let margin = |r: Rect| Rect {
                x: r.x - LABEL_GAP,
                y: r.y - LABEL_GAP,
                w: r.w + 2.0 * LABEL_GAP,
                h: r.h + 2.0 * LABEL_GAP,
            };
            let spots = candidates(&routes[i], w, p);
            // The first free spot on the edge; where edges run side by side (several
            // branches to one node) and every spot is taken, the nearest free spot just
            // above or below the edge; failing that, the least covered spot.
            let mut best: Option<(f32, Rect)> = None;
            'search: for step in 0..=2 * NUDGES {
                // 0, then up 1, down 1, up 2, down 2, …
                let dy = if step == 0 {
                    0.0
                } else {
                    let m = step.div_ceil(2) as f32 * NUDGE;
                    if step % 2 == 1 { -m } else { m }
                };
                for &q in &spots {
                    let r = boxed([q[0], q[1] + dy]);
                    let covered = placed.overlap(&margin(r));
                    if best.is_none_or(|(c, _)| covered < c) {
                        best = Some((covered, r));
                    }
                    if covered == 0.0 {
                        break 'search;
                    }
                }
            }
            let Some((_, r)) = best else { continue };
            placed.insert(r);
            let route = &mut routes[i];
            route.label = r;
            route.bounds = union(&route.bounds, &r);
        }
    }
}

fn union(a: &Rect, b: &Rect) -> Rect {
    let x = a.x.min(b.x);
    let y = a.y.min(b.y);
    Rect {
        x,
        y,
        w: (a.x + a.w).max(b.x + b.w) - x,
        h: (a.y + a.h).max(b.y + b.h) - y,
    }
}
