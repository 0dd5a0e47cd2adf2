//! Layered layout of the branch map, left to right by depth from the start.
//!
//! The classic Sugiyama pipeline, written here rather than taken from a crate: the one kept
//! crate for it (`rust-sugiyama`) ranks with network simplex (not by depth from the start),
//! lays out each connected part separately, and returns only vertex positions — no routes
//! through the dummy vertices of long edges, so an edge would cut across the cards between
//! its ends, and no room for the several edges (choices, branches) between two nodes that
//! this map must draw apart. Each step here is simple and near linear:
//!
//! 1. **Cycles.** A valid scenario has none; a file being edited may. A depth-first search
//!    from the start marks the edges that close a cycle; they are drawn (in the error
//!    colour) but take no part in the layering.
//! 2. **Layers.** Each node's layer is the longest path to it from a source (the start
//!    first), so every forward edge points right.
//! 3. **Dummies.** An edge that spans several layers gets one dummy vertex per layer it
//!    crosses; each choice and each branch gets its own, so they are drawn apart.
//! 4. **Order.** Barycentre sweeps, down and up, with the edge's port (choice order at the
//!    source) as a fraction so a node's choices fan out in order; the order with the fewest
//!    crossings (counted exactly with a Fenwick tree) is kept.
//! 5. **Coordinates.** Each layer's vertices are pulled towards the mean of their neighbours
//!    and then placed as close to that as their order and spacing allow — an isotonic
//!    regression, solved exactly by pooling adjacent violators.

use super::graph::{MapGraph, NodeKind};

/// Sizes and gaps of the layout, in points.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LayoutParams {
    /// Width of every card.
    pub card_width: f32,
    /// Height of a decision card.
    pub decision_height: f32,
    /// Height of an ending card.
    pub ending_height: f32,
    /// Height of a missing node's card.
    pub missing_height: f32,
    /// Horizontal gap between columns (edges and their labels run here).
    pub column_gap: f32,
    /// Vertical gap between cards in a column.
    pub row_gap: f32,
    /// Vertical gap between edges passing through a column.
    pub lane_gap: f32,
    /// Space around the whole map.
    pub margin: f32,
    /// Barycentre sweeps (each is one pass down and one pass up).
    pub sweeps: usize,
}

impl Default for LayoutParams {
    fn default() -> Self {
        LayoutParams {
            card_width: 230.0,
            // Tall enough for the first line, two rows of title, the id and the badges
            // (see `card::parts`), none of them overlapping.
            decision_height: 104.0,
            ending_height: 84.0,
            missing_height: 66.0,
            column_gap: 130.0,
            row_gap: 30.0,
            lane_gap: 14.0,
            margin: 40.0,
            sweeps: 8,
        }
    }
}

/// An axis-aligned rectangle (top-left corner and size).
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Rect {
    /// Left.
    pub x: f32,
    /// Top.
    pub y: f32,
    /// Width.
    pub w: f32,
    /// Height.
    pub h: f32,
}

impl Rect {
    /// The centre point.
    pub fn centre(&self) -> [f32; 2] {
        [self.x + self.w / 2.0, self.y + self.h / 2.0]
    }

    /// Whether two rectangles overlap.
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }
}

/// How one edge is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    /// The points the edge passes through, from the source's right side to the
    /// destination's left side. Draw each step as a curve with horizontal tangents (see
    /// [`Route::polyline`]).
    pub points: Vec<[f32; 2]>,
    /// The box of the edge's label (its choice number), placed by [`super::labels`] so the
    /// labels of one node's edges never overlap.
    pub label: Rect,
    /// The edge closes a cycle (only in a file with errors): it runs backwards.
    pub backwards: bool,
    /// The bounding box of the route and its label, for culling.
    pub bounds: Rect,
}

impl Route {
    /// The route as straight pieces fine enough to draw, `steps` per curve.
    pub fn polyline(&self, steps: usize) -> Vec<[f32; 2]> {
        let steps = steps.max(1);
        let mut out = Vec::with_capacity(self.points.len() * steps);
        if let Some(first) = self.points.first() {
            out.push(*first);
        }
        for w in self.points.windows(2) {
            let (p, q) = (w[0], w[1]);
            if (p[1] - q[1]).abs() < 0.5 || (p[0] - q[0]).abs() < 0.5 {
                out.push(q);
                continue;
            }
            for k in 1..=steps {
                out.push(curve_at(p, q, k as f32 / steps as f32));
            }
        }
        out
    }

    /// The route as SVG path data (`M … C …`).
    pub fn svg_path(&self) -> String {
        use std::fmt::Write;
        let mut d = String::new();
        if let Some(p) = self.points.first() {
            let _ = write!(d, "M{:.1},{:.1}", p[0], p[1]);
        }
        for w in self.points.windows(2) {
            let (p, q) = (w[0], w[1]);
            if (p[1] - q[1]).abs() < 0.5 || (p[0] - q[0]).abs() < 0.5 {
                let _ = write!(d, " L{:.1},{:.1}", q[0], q[1]);
            } else {
                let [c1, c2] = controls(p, q);
                let _ = write!(
                    d,
                    " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                    c1[0], c1[1], c2[0], c2[1], q[0], q[1]
                );
            }
        }
        d
    }
}

/// Control points of a curve from `p` to `q` that leaves and arrives horizontally.
pub(super) fn controls(p: [f32; 2], q: [f32; 2]) -> [[f32; 2]; 2] {
    let dx = (q[0] - p[0]) / 2.0;
    [[p[0] + dx, p[1]], [q[0] - dx, q[1]]]
}

/// The point at `t` (0 to 1) of the cubic curve from `p` to `q` with the [`controls`] of
/// that pair.
pub(super) fn curve_at(p: [f32; 2], q: [f32; 2], t: f32) -> [f32; 2] {
    let [c1, c2] = controls(p, q);
    let u = 1.0 - t;
    let b = |i: usize| {
        u * u * u * p[i] + 3.0 * u * u * t * c1[i] + 3.0 * u * t * t * c2[i] + t * t * t * q[i]
    };
    [b(0), b(1)]
}

/// Positions of every node and the route of every edge of a [`MapGraph`].
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Layout {
    /// One rectangle per map node, in the graph's node order.
    pub nodes: Vec<Rect>,
    /// One route per map edge, in the graph's edge order.
    pub edges: Vec<Route>,
    /// The layer (column) of each node.
    pub layers: Vec<usize>,
    /// Width of the whole map.
    pub width: f32,
    /// Height of the whole map.
    pub height: f32,
    /// Edge crossings between adjacent layers in the order chosen.
    pub crossings: usize,
}

/// Lays out a map graph.
pub fn layout(g: &MapGraph, p: &LayoutParams) -> Layout {
    let n = g.nodes.len();
    if n == 0 {
        return Layout {
            width: 2.0 * p.margin,
            height: 2.0 * p.margin,
            ..Layout::default()
        };
    }
    let backwards = back_edges(g);
    let layer = layers(g, &backwards);
    let mut lg = LayeredGraph::build(g, &backwards, &layer, p);
    lg.order(g, p.sweeps);
    lg.place(p);
    lg.finish(g, &backwards, &layer, p)
}

/// Marks the edges that close a cycle, by depth-first search from the start and then from
/// every node not yet seen, in file order.
fn back_edges(g: &MapGraph) -> Vec<bool> {
    let n = g.nodes.len();
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in g.edges.iter().enumerate() {
        out_edges[e.from].push(i);
    }
    let mut back = vec![false; g.edges.len()];
    let mut colour = vec![0u8; n];
    let roots = g.start.into_iter().chain(0..n);
    for root in roots {
        if colour[root] != 0 {
            continue;
        }
        colour[root] = 1;
        let mut stack = vec![(root, 0usize)];
        while let Some((v, k)) = stack.pop() {
            if let Some(&ei) = out_edges[v].get(k) {
                stack.push((v, k + 1));
                let w = g.edges[ei].to;
                match colour[w] {
                    0 => {
                        colour[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => back[ei] = true,
                    _ => {}
                }
            } else {
                colour[v] = 2;
            }
        }
    }
    back
}

/// Longest-path layering over the forward edges.
fn layers(g: &MapGraph, backwards: &[bool]) -> Vec<usize> {
    let n = g.nodes.len();
    let mut indegree = vec![0usize; n];
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in g.edges.iter().enumerate() {
        if !backwards[i] {
            indegree[e.to] += 1;
            out_edges[e.from].push(e.to);
        }
    }
    let mut layer = vec![0usize; n];
    let mut queue: std::collections::VecDeque<usize> =
        (0..n).filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = queue.pop_front() {
        for &w in &out_edges[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    layer
}

/// A vertex of the layered graph: a map node or a dummy on a long edge.
#[derive(Clone, Copy, Debug)]
struct Vertex {
    /// Map node index, or `None` for a dummy.
    node: Option<usize>,
    layer: usize,
    height: f32,
    /// Centre y once placed.
    y: f32,
    /// Position within its layer.
    pos: usize,
}

/// A segment between vertices of adjacent layers.
#[derive(Clone, Copy, Debug)]
struct Segment {
    upper: usize,
    lower: usize,
    /// Rank of this segment among the upper vertex's outgoing segments (choice order).
    port: f32,
}

struct LayeredGraph {
    vertices: Vec<Vertex>,
    /// Vertex ids per layer, in order.
    layers: Vec<Vec<usize>>,
    /// Segments from layer k to k+1, per k.
    segments: Vec<Vec<Segment>>,
    /// For each map edge, its chain of vertices (empty for backward edges).
    chains: Vec<Vec<usize>>,
    crossings: usize,
}

impl LayeredGraph {
    fn build(g: &MapGraph, backwards: &[bool], layer: &[usize], p: &LayoutParams) -> Self {
        let n = g.nodes.len();
        let depth = layer.iter().copied().max().unwrap_or(0) + 1;
        let mut vertices: Vec<Vertex> = (0..n)
            .map(|i| Vertex {
                node: Some(i),
                layer: layer[i],
                height: match g.nodes[i].kind {
                    NodeKind::Decision => p.decision_height,
                    NodeKind::Ending(_) => p.ending_height,
                    NodeKind::Missing => p.missing_height,
                },
                y: 0.0,
                pos: 0,
            })
            .collect();
        let mut segments: Vec<Vec<Segment>> = vec![Vec::new(); depth];
        let mut chains = vec![Vec::new(); g.edges.len()];
        let mut out_count = vec![0usize; n];
        for (i, e) in g.edges.iter().enumerate() {
            if !backwards[i] {
                out_count[e.from] += 1;
            }
        }
        let mut out_seen = vec![0usize; n];
        for (i, e) in g.edges.iter().enumerate() {
            if backwards[i] {
                continue;
            }
            let port = out_seen[e.from] as f32 / out_count[e.from].max(1) as f32;
            out_seen[e.from] += 1;
            let mut chain = vec![e.from];
            for l in layer[e.from] + 1..layer[e.to] {
                vertices.push(Vertex {
                    node: None,
                    layer: l,
                    height: 0.0,
                    y: 0.0,
                    pos: 0,
                });
                chain.push(vertices.len() - 1);
            }
            chain.push(e.to);
            for (k, w) in chain.windows(2).enumerate() {
                segments[vertices[w[0]].layer].push(Segment {
                    upper: w[0],
                    lower: w[1],
                    port: if k == 0 { port } else { 0.0 },
                });
            }
            chains[i] = chain;
        }
        let mut layers: Vec<Vec<usize>> = vec![Vec::new(); depth];
        // First order: the start, then nodes in file order; dummies follow their edge.
        let mut seq: Vec<usize> = Vec::with_capacity(vertices.len());
        if let Some(s) = g.start {
            seq.push(s);
        }
        seq.extend((0..n).filter(|&i| Some(i) != g.start));
        for v in seq {
            layers[vertices[v].layer].push(v);
        }
        for chain in &chains {
            for &v in chain.iter().skip(1).take(chain.len().saturating_sub(2)) {
                layers[vertices[v].layer].push(v);
            }
        }
        let mut lg = LayeredGraph {
            vertices,
            layers,
            segments,
            chains,
            crossings: 0,
        };
        lg.renumber();
        lg
    }

    fn renumber(&mut self) {
        for l in &self.layers {
            for (i, &v) in l.iter().enumerate() {
                self.vertices[v].pos = i;
            }
        }
    }

    /// Reorders each layer by barycentre sweeps, keeping the order with fewest crossings.
    fn order(&mut self, g: &MapGraph, sweeps: usize) {
        let _ = g;
        let depth = self.layers.len();
        // Down: initial order by the sources of the first segments.
        self.sweep_down();
        let mut best = self.layers.clone();
        let mut best_crossings = self.count_crossings();
        for _ in 0..sweeps {
            if best_crossings == 0 {
                break;
            }
            self.sweep_up();
            self.sweep_down();
            let c = self.count_crossings();
            if c < best_crossings {
                best_crossings = c;
                best = self.layers.clone();
            }
        }
        if depth > 0 {
            self.layers = best;
            self.renumber();
        }
        self.crossings = best_crossings;
    }

    fn sweep_down(&mut self) {
        for k in 1..self.layers.len() {
            let mut sum = vec![(0.0f32, 0u32); self.vertices.len()];
            for s in &self.segments[k - 1] {
                let key = self.vertices[s.upper].pos as f32 + 0.9 * s.port;
                let e = &mut sum[s.lower];
                e.0 += key;
                e.1 += 1;
            }
            self.reorder(k, &sum);
        }
    }

    fn sweep_up(&mut self) {
        for k in (0..self.layers.len().saturating_sub(1)).rev() {
            let mut sum = vec![(0.0f32, 0u32); self.vertices.len()];
            for s in &self.segments[k] {
                let e = &mut sum[s.upper];
                e.0 += self.vertices[s.lower].pos as f32;
                e.1 += 1;
            }
            self.reorder(k, &sum);
        }
    }

    /// Sorts layer `k` by barycentre; a vertex with no neighbours keeps its place.
    fn reorder(&mut self, k: usize, sum: &[(f32, u32)]) {
        let layer = &mut self.layers[k];
        let mut keyed: Vec<(f32, usize, usize)> = layer
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                let (s, c) = sum[v];
                let key = if c == 0 { i as f32 } else { s / c as f32 };
                (key, i, v)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (i, (_, _, v)) in keyed.into_iter().enumerate() {
            layer[i] = v;
            self.vertices[v].pos = i;
        }
    }

    /// Crossings between every pair of adjacent layers (segments into the same vertex, in
    /// the order of their sources, do not cross).
    fn count_crossings(&self) -> usize {
        let mut total = 0;
        for (k, segs) in self.segments.iter().enumerate() {
            if segs.is_empty() || k + 1 >= self.layers.len() {
                continue;
            }
            let mut pairs: Vec<(f32, usize)> = segs
                .iter()
                .map(|s| {
                    (
                        self.vertices[s.upper].pos as f32 + 0.9 * s.port,
                        self.vertices[s.lower].pos,
                    )
                })
                .collect();
            pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let size = self.layers[k + 1].len();
            let mut tree = vec![0usize; size + 1];
            for (seen, &(_, lower)) in pairs.iter().enumerate() {
                // Count earlier segments that end strictly below this one.
                let mut i = lower + 1;
                let mut not_above = 0;
                while i > 0 {
                    not_above += tree[i];
                    i -= i & i.wrapping_neg();
                }
                total += seen - not_above;
                let mut i = lower + 1;
                while i <= size {
                    tree[i] += 1;
                    i += i & i.wrapping_neg();
                }
            }
        }
        total
    }

    /// Vertical positions: pulled towards neighbours, spaced by isotonic regression.
    fn place(&mut self, p: &LayoutParams) {
        // Start stacked.
        for l in 0..self.layers.len() {
            let ys = self.stack(l, p, |_| 0.0);
            for (i, &v) in self.layers[l].iter().enumerate() {
                self.vertices[v].y = ys[i];
            }
        }
        let mut preds: Vec<Vec<usize>> = vec![Vec::new(); self.vertices.len()];
        let mut succs: Vec<Vec<usize>> = vec![Vec::new(); self.vertices.len()];
        for segs in &self.segments {
            for s in segs {
                preds[s.lower].push(s.upper);
                succs[s.upper].push(s.lower);
            }
        }
        for round in 0..6 {
            let down = round % 2 == 0;
            let range: Vec<usize> = if down {
                (1..self.layers.len()).collect()
            } else {
                (0..self.layers.len().saturating_sub(1)).rev().collect()
            };
            for l in range {
                let want: Vec<f32> = self.layers[l]
                    .iter()
                    .map(|&v| {
                        let ns = if down { &preds[v] } else { &succs[v] };
                        if ns.is_empty() {
                            self.vertices[v].y
                        } else {
                            ns.iter().map(|&u| self.vertices[u].y).sum::<f32>() / ns.len() as f32
                        }
                    })
                    .collect();
                let ys = self.stack(l, p, |i| want[i]);
                for (i, &v) in self.layers[l].iter().enumerate() {
                    self.vertices[v].y = ys[i];
                }
            }
        }
    }

    /// Centres for layer `l` closest (least squares) to `want(i)` that keep the order and the
    /// spacing: with offsets `o_i` (the spacing so far) this is isotonic regression of
    /// `want_i − o_i`, solved by pooling adjacent violators.
    fn stack(&self, l: usize, p: &LayoutParams, want: impl Fn(usize) -> f32) -> Vec<f32> {
        let layer = &self.layers[l];
        let mut offsets = Vec::with_capacity(layer.len());
        let mut o = 0.0f32;
        for (i, &v) in layer.iter().enumerate() {
            if i > 0 {
                let a = &self.vertices[layer[i - 1]];
                let b = &self.vertices[v];
                let gap = match (a.node.is_some(), b.node.is_some()) {
                    (true, true) => p.row_gap,
                    (false, false) => p.lane_gap,
                    _ => p.row_gap / 2.0 + p.lane_gap / 2.0,
                };
                o += a.height / 2.0 + gap + b.height / 2.0;
            }
            offsets.push(o);
        }
        // Blocks of (sum of weighted targets, total weight, count).
        let mut blocks: Vec<(f32, f32, usize)> = Vec::with_capacity(layer.len());
        for (i, &v) in layer.iter().enumerate() {
            // Dummies weigh more, so long edges run straight.
            let w = if self.vertices[v].node.is_some() {
                1.0
            } else {
                3.0
            };
            blocks.push(((want(i) - offsets[i]) * w, w, 1));
            while blocks.len() > 1 {
                let (s2, w2, c2) = blocks[blocks.len() - 1];
                let (s1, w1, c1) = blocks[blocks.len() - 2];
                if s1 / w1 <= s2 / w2 {
                    break;
                }
                blocks.pop();
                let last = blocks.len() - 1;
                blocks[last] = (s1 + s2, w1 + w2, c1 + c2);
            }
        }
        let mut out = Vec::with_capacity(layer.len());
        for (s, w, c) in blocks {
            for _ in 0..c {
                let i = out.len();
                out.push(s / w + offsets[i]);
            }
        }
        out
    }

    fn finish(self, g: &MapGraph, backwards: &[bool], layer: &[usize], p: &LayoutParams) -> Layout {
        let n = g.nodes.len();
        let column = p.card_width + p.column_gap;
        let x_of = |l: usize| p.margin + l as f32 * column;
        // Shift so the topmost thing sits at the margin (plus room for backward edges).
        let has_back = backwards.iter().any(|b| *b);
        let top = self
            .vertices
            .iter()
            .map(|v| v.y - v.height / 2.0)
            .fold(f32::INFINITY, f32::min);
        let shift = p.margin + if has_back { 40.0 } else { 0.0 } - top;
        let y = |v: &Vertex| v.y + shift;
        let mut nodes = vec![Rect::default(); n];
        for v in &self.vertices {
            if let Some(i) = v.node {
                nodes[i] = Rect {
                    x: x_of(v.layer),
                    y: y(v) - v.height / 2.0,
                    w: p.card_width,
                    h: v.height,
                };
            }
        }
        // Ports: a node's outgoing edges leave its right side in the order of where they
        // go, and arrive on the left side in the order of where they come from.
        let mut outs: Vec<Vec<(f32, usize)>> = vec![Vec::new(); n];
        let mut ins: Vec<Vec<(f32, usize)>> = vec![Vec::new(); n];
        for (i, e) in g.edges.iter().enumerate() {
            let chain = &self.chains[i];
            let (next_y, prev_y) = if chain.len() >= 2 {
                (
                    y(&self.vertices[chain[1]]),
                    y(&self.vertices[chain[chain.len() - 2]]),
                )
            } else {
                (nodes[e.to].centre()[1], nodes[e.from].centre()[1])
            };
            outs[e.from].push((next_y, i));
            ins[e.to].push((prev_y, i));
        }
        let mut out_y = vec![0.0f32; g.edges.len()];
        let mut in_y = vec![0.0f32; g.edges.len()];
        for (v, list) in outs.iter_mut().enumerate() {
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let r = nodes[v];
            let k = list.len() as f32;
            for (j, &(_, ei)) in list.iter().enumerate() {
                out_y[ei] = r.y + r.h * (j as f32 + 1.0) / (k + 1.0);
            }
        }
        for (v, list) in ins.iter_mut().enumerate() {
            list.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let r = nodes[v];
            let k = list.len() as f32;
            // Arrivals gather near the middle: a third of the height is enough to tell apart.
            for (j, &(_, ei)) in list.iter().enumerate() {
                in_y[ei] = r.y + r.h / 3.0 + r.h / 3.0 * (j as f32 + 1.0) / (k + 1.0);
            }
        }
        let mut edges = Vec::with_capacity(g.edges.len());
        for (i, e) in g.edges.iter().enumerate() {
            let from = nodes[e.from];
            let to = nodes[e.to];
            let start = [from.x + from.w, out_y[i]];
            let end = [to.x, in_y[i]];
            let mut points = vec![start];
            if backwards[i] {
                // Over the top of the map and back down into the destination.
                let above = p.margin + 10.0;
                points.push([from.x + from.w + 20.0, above]);
                points.push([to.x - 20.0, above]);
            } else {
                let chain = &self.chains[i];
                for &d in chain.iter().skip(1).take(chain.len().saturating_sub(2)) {
                    let v = &self.vertices[d];
                    let yy = y(v);
                    points.push([x_of(v.layer) - 8.0, yy]);
                    points.push([x_of(v.layer) + p.card_width + 8.0, yy]);
                }
            }
            points.push(end);
            let bounds = bounds_of(&points);
            edges.push(Route {
                points,
                label: Rect::default(),
                backwards: backwards[i],
                bounds,
            });
        }
        super::labels::place(g, &nodes, &mut edges, p);
        let depth = layer.iter().copied().max().unwrap_or(0) + 1;
        let width = 2.0 * p.margin + depth as f32 * column - p.column_gap;
        let height = self
            .vertices
            .iter()
            .map(|v| y(v) + v.height / 2.0)
            .fold(0.0f32, f32::max)
            + p.margin;
        Layout {
            nodes,
            edges,
            layers: layer.to_vec(),
            width,
            height,
            crossings: self.crossings,
        }
    }
}

fn bounds_of(points: &[[f32; 2]]) -> Rect {
    let (mut x0, mut y0, mut x1, mut y1) = (
        f32::INFINITY,
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::NEG_INFINITY,
    );
    for p in points {
        x0 = x0.min(p[0]);
        y0 = y0.min(p[1]);
        x1 = x1.max(p[0]);
        y1 = y1.max(p[1]);
    }
    Rect {
        x: x0,
        y: y0,
        w: x1 - x0,
        h: y1 - y0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::graph::MapGraph;
    use crate::scenario::Library;

    fn overlaps(l: &Layout) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for i in 0..l.nodes.len() {
            for j in i + 1..l.nodes.len() {
                if l.nodes[i].intersects(&l.nodes[j]) {
                    out.push((i, j));
                }
            }
        }
        out
    }

    #[test]
    fn shipped_scenarios_lay_out_left_to_right_without_overlaps() {
        let lib = Library::embedded();
        assert!(!lib.scenarios.is_empty());
        for s in &lib.scenarios {
            let g = MapGraph::from_scenario(&s.scenario);
            let l = layout(&g, &LayoutParams::default());
            assert_eq!(l.nodes.len(), g.nodes.len());
            assert_eq!(l.edges.len(), g.edges.len());
            assert!(overlaps(&l).is_empty(), "{}: {:?}", s.file, overlaps(&l));
            // The start is in the first column and every edge goes right.
            let start = g.start.expect("start");
            assert_eq!(l.layers[start], 0);
            for e in &g.edges {
                assert!(l.layers[e.to] > l.layers[e.from], "{}", s.file);
            }
            // Every route starts on its source's right side and ends on the target's left.
            for (e, r) in g.edges.iter().zip(&l.edges) {
                let (a, b) = (l.nodes[e.from], l.nodes[e.to]);
                assert_eq!(r.points[0][0], a.x + a.w);
                assert_eq!(r.points.last().map(|p| p[0]), Some(b.x));
                // No route passes through a card it does not start or end at.
                for w in r.points.windows(2) {
                    if (w[0][1] - w[1][1]).abs() < 0.5 {
                        let seg = Rect {
                            x: w[0][0].min(w[1][0]),
                            y: w[0][1] - 0.5,
                            w: (w[0][0] - w[1][0]).abs(),
                            h: 1.0,
                        };
                        for (k, n) in l.nodes.iter().enumerate() {
                            if k != e.from && k != e.to {
                                assert!(
                                    !n.intersects(&seg),
                                    "{}: edge through {}",
                                    s.file,
                                    g.nodes[k].id
                                );
                            }
                        }
                    }
                }
            }
            assert!(l.width > 0.0 && l.height > 0.0);
        }
    }

    /// Every pair of labels that overlap, and every label that covers a card.
    fn label_clashes(g: &MapGraph, l: &Layout) -> Vec<String> {
        let mut out = Vec::new();
        for (i, a) in l.edges.iter().enumerate() {
            assert!(
                a.label.w > 0.0 && a.label.h > 0.0,
                "every edge has a label box"
            );
            for (j, b) in l.edges.iter().enumerate().skip(i + 1) {
                if a.label.intersects(&b.label) {
                    let (ea, eb) = (&g.edges[i], &g.edges[j]);
                    out.push(format!(
                        "{} of {} and {} of {}",
                        ea.tag(),
                        g.nodes[ea.from].id,
                        eb.tag(),
                        g.nodes[eb.from].id
                    ));
                }
            }
            for (k, n) in l.nodes.iter().enumerate() {
                if a.label.intersects(n) {
                    out.push(format!("{} covers {}", g.edges[i].tag(), g.nodes[k].id));
                }
            }
            // The label sits on its own edge's first piece, beside its source.
            let start = a.points[0];
            assert!(a.label.x >= start[0] && a.label.x + a.label.w <= start[0] + 130.0);
        }
        out
    }

    #[test]
    fn edge_labels_never_overlap_each_other_or_a_card() {
        for s in &Library::embedded().scenarios {
            let g = MapGraph::from_scenario(&s.scenario);
            let l = layout(&g, &LayoutParams::default());
            assert_eq!(label_clashes(&g, &l), Vec::<String>::new(), "{}", s.file);
        }
        // A node with seven choices, two with branches: nine edges leave ports a label's
        // height apart or closer.
        let mut choices = String::new();
        for k in 0..7 {
            let branch = if k % 3 == 0 {
                r#", branches: [Branch(when: Has("f"), goto: "e2")]"#
            } else {
                ""
            };
            choices.push_str(&format!(
                r#"Choice(text: "{k}", goto: "{}", feedback: "F"{branch}),"#,
                if k % 2 == 0 { "e1" } else { "e2" }
            ));
        }
        let text = format!(
            r#"Scenario(format: 1, id: "x", version: "1", title: "X", area: "A", summary: "S",
            minutes: 5, start: "s", flags: [Flag(id: "f", description: "F")],
            checkpoints: [Checkpoint(id: "c", p: Protect, title: "C", lesson: "L")],
            nodes: [
              Node(id: "s", title: "S", text: "T", choices: [{choices}]),
              Node(id: "e1", title: "E1", text: "T", ending: Ending(rating: Good, outcome: "O")),
              Node(id: "e2", title: "E2", text: "T", ending: Ending(rating: Poor, outcome: "O")),
            ])"#
        );
        let g = MapGraph::from_source("x.ron", text.as_bytes()).expect("parses");
        assert_eq!(g.edges.len(), 10);
        let l = layout(&g, &LayoutParams::default());
        assert_eq!(label_clashes(&g, &l), Vec::<String>::new());
        // A generated map of 300 nodes.
        let s = crate::map::synthetic::scenario(300, 7);
        let g = MapGraph::from_scenario(&s);
        let l = layout(&g, &LayoutParams::default());
        assert_eq!(label_clashes(&g, &l), Vec::<String>::new());
    }

    #[test]
    fn crossing_reduction_untangles_a_crossed_pair() {
        // a → {c, d}, b → {c, d} can be drawn with a single crossing at best; a twisted
        // first order (a → d first) must not end with more than that.
        let text = r#"Scenario(format: 1, id: "x", version: "1", title: "X", area: "A", summary: "S",
            minutes: 5, start: "s",
            checkpoints: [Checkpoint(id: "c", p: Protect, title: "C", lesson: "L")],
            nodes: [
              Node(id: "s", title: "S", text: "T", choices: [
                Choice(text: "1", goto: "a", feedback: "F", effects: [Met("c")]),
                Choice(text: "2", goto: "b", feedback: "F")]),
              Node(id: "a", title: "A", text: "T", choices: [
                Choice(text: "1", goto: "e1", feedback: "F"),
                Choice(text: "2", goto: "e2", feedback: "F")]),
              Node(id: "b", title: "B", text: "T", choices: [
                Choice(text: "1", goto: "e2", feedback: "F")]),
              Node(id: "e2", title: "E2", text: "T", ending: Ending(rating: Poor, outcome: "O")),
              Node(id: "e1", title: "E1", text: "T", ending: Ending(rating: Good, outcome: "O")),
            ])"#;
        let g = MapGraph::from_source("x.ron", text.as_bytes()).expect("parses");
        let l = layout(&g, &LayoutParams::default());
        assert_eq!(l.crossings, 0);
        let y = |id: &str| l.nodes[g.find(id).expect("node")].y;
        assert!(
            y("e1") < y("e2"),
            "e1 is a's first choice, so it goes above e2"
        );
    }

    #[test]
    fn a_cycle_in_a_broken_file_is_drawn_backwards_not_looped_forever() {
        let text = r#"Scenario(format: 1, id: "x", version: "1", title: "X", area: "A", summary: "S",
            minutes: 5, start: "a",
            checkpoints: [Checkpoint(id: "c", p: Protect, title: "C", lesson: "L")],
            nodes: [
              Node(id: "a", title: "A", text: "T", choices: [
                Choice(text: "1", goto: "b", feedback: "F", effects: [Met("c")])]),
              Node(id: "b", title: "B", text: "T", choices: [
                Choice(text: "1", goto: "a", feedback: "F"),
                Choice(text: "2", goto: "nowhere", feedback: "F")]),
            ])"#;
        let g = MapGraph::from_source("x.ron", text.as_bytes()).expect("parses");
        let l = layout(&g, &LayoutParams::default());
        let back: Vec<bool> = l.edges.iter().map(|r| r.backwards).collect();
        assert_eq!(back, vec![false, true, false]);
        let missing = g.find("nowhere").expect("placeholder for the broken link");
        assert!(g.nodes[missing].has_problem());
        assert!(overlaps(&l).is_empty());
    }
}
