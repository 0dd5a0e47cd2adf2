//! The branch map widget: draws a [`MapGraph`] laid out by [`crate::map::layout`] in an egui
//! [`egui::Scene`] (pan with a drag, zoom with the wheel or a pinch), with only what is on
//! screen drawn, and every node a focusable widget with an accessible label.
//!
//! Cards, edges and badges are drawn in the scene's layer, which egui scales as the map is
//! zoomed. Text is not: a glyph rasterised at the card's size and shrunk with the layer loses
//! its thin strokes ("MISSING" came out as "MISS NG") and blurs when enlarged. So the text is
//! laid out at its size on screen, in a layer of its own just above the scene, and is not
//! drawn at all when it would be smaller than [`MIN_TEXT_PX`]. The laid-out text is kept for
//! the zoom step it was made for ([`TextCache`]), so a frame only places it.

use crate::map::card::{self, BADGE_FONT, SMALL_FONT, TITLE_FONT};
use crate::map::labels::LABEL_FONT;
use crate::map::{Layout, MapGraph, NodeKind, palette, svg::initial};
use egui::{
    Color32, CornerRadius, FontId, Galley, LayerId, Painter, Pos2, Rect, Role, Sense, Shape,
    Stroke, StrokeKind, Ui, Vec2, WidgetInfo, emath::TSTransform, pos2, vec2,
};
use std::sync::Arc;

/// The smallest text the map draws, in points on screen: below this, text is hidden and
/// the cards keep their colours and outlines.
pub const MIN_TEXT_PX: f32 = 8.0;

/// The smallest zoom "Fit height" (and a newly opened map) uses: the cards' titles are
/// comfortably readable there; a map taller than the window is panned instead.
pub const READABLE_ZOOM: f32 = 0.8;

/// The largest zoom a fit uses (a tiny map is not blown up to fill a projector).
const MAX_FIT_ZOOM: f32 = 1.5;

/// How far the map zooms out and in.
const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.02..=2.5;

/// Below this zoom an edge is drawn as one straight line without its arrowhead: at that size
/// the curve cannot be seen, and thousands of edges cost a frame otherwise.
const OVERVIEW_ZOOM: f32 = 0.1;

/// Text is laid out at one of eight sizes per doubling of the zoom (each about 9% apart),
/// the one at or just below the zoom, so zooming re-lays out text only now and then, and
/// text never outgrows the box the card keeps for it.
const TEXT_STEPS_PER_OCTAVE: f32 = 8.0;

fn c(rgb: palette::Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

fn rect(r: &crate::map::Rect) -> Rect {
    Rect::from_min_size(pos2(r.x, r.y), vec2(r.w, r.h))
}

/// How the map is brought into the window at the next frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// All of it, however small (text too small to read is hidden).
    Whole,
    /// Its height, at a readable size or larger, from where the view is now (or from the
    /// start): wider maps are panned sideways.
    Height,
}

/// The text of one card, laid out for one zoom step (absent parts are too small to draw).
struct NodeText {
    kind: Option<Arc<Galley>>,
    flags: Option<Arc<Galley>>,
    title: Option<Arc<Galley>>,
    id: Option<Arc<Galley>>,
    /// Each badge shown: its box (map coordinates), colour and text.
    badges: Vec<(Rect, Color32, Option<Arc<Galley>>)>,
    /// Where "+N" goes for the badges that did not fit, and its text.
    more: Option<(Pos2, Option<Arc<Galley>>)>,
}

/// Text laid out for the current zoom step, per node and per edge label, filled in as
/// nodes come on screen.
#[derive(Default)]
struct TextCache {
    /// The zoom step and pixels per point the text was laid out for.
    key: Option<(i32, u32)>,
    nodes: Vec<Option<NodeText>>,
    labels: Vec<Option<Option<Arc<Galley>>>>,
}

/// A laid-out map and what the widget keeps between frames.
pub struct MapView {
    /// The graph.
    pub graph: MapGraph,
    /// Its layout.
    pub layout: Layout,
    /// Each edge as a polyline, computed once.
    polylines: Vec<Vec<Pos2>>,
    /// The part of the map on screen (scene coordinates); egui's `Scene` updates it.
    pub scene_rect: Rect,
    /// Bring the map into the window this way at the next frame.
    pub fit: Option<Fit>,
    /// Bring this node into view at the next frame.
    pub reveal: Option<usize>,
    /// The room the map had at the last frame (to keep its zoom when a panel opens).
    room: Vec2,
    /// Where the map was on screen at the last frame.
    shown: Rect,
    texts: TextCache,
    /// Each node's badge widths at the map's own size (they do not change with the zoom),
    /// measured when the node is first drawn.
    badge_widths: Vec<Option<Vec<f32>>>,
}

impl MapView {
    /// Lays out `graph`.
    pub fn new(graph: MapGraph) -> Self {
        let layout = crate::map::layout(&graph, &crate::map::LayoutParams::default());
        let polylines = layout
            .edges
            .iter()
            .map(|r| {
                r.polyline(10)
                    .into_iter()
                    .map(|p| pos2(p[0], p[1]))
                    .collect()
            })
            .collect();
        MapView {
            graph,
            layout,
            polylines,
            scene_rect: Rect::ZERO,
            fit: None,
            reveal: None,
            room: Vec2::ZERO,
            shown: Rect::NOTHING,
            texts: TextCache::default(),
            badge_widths: Vec::new(),
        }
    }

    /// The whole map's bounds.
    pub fn bounds(&self) -> Rect {
        Rect::from_min_size(Pos2::ZERO, vec2(self.layout.width, self.layout.height))
    }

    /// Where the map was drawn on screen at the last frame (nothing before the first).
    pub fn shown_rect(&self) -> Rect {
        self.shown
    }

    /// The zoom the map was drawn at in the last frame (screen points per map point).
    pub fn zoom(&self) -> f32 {
        if self.scene_rect.width() <= 0.0 || self.scene_rect.height() <= 0.0 {
            return 1.0;
        }
        (self.room / self.scene_rect.size())
            .min_elem()
            .clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end())
    }

    /// The scene rectangle that shows the map per `fit` in a room of `room` points.
    fn fitted(&self, fit: Fit, room: Vec2) -> Rect {
        let whole = self.bounds().expand(10.0);
        let whole_zoom = (room / whole.size()).min_elem();
        match fit {
            // A small map is not blown up past the largest fit zoom: it sits in the middle.
            Fit::Whole if whole_zoom > MAX_FIT_ZOOM => {
                Rect::from_center_size(whole.center(), room / MAX_FIT_ZOOM)
            }
            Fit::Whole => whole,
            Fit::Height => {
                let zoom = (room.y / whole.height()).clamp(READABLE_ZOOM, MAX_FIT_ZOOM);
                let size = room / zoom;
                // Level with the view so far, or else with the start; from the left edge
                // when the view has not moved yet.
                let start = self
                    .graph
                    .start
                    .map(|i| rect(&self.layout.nodes[i]).center());
                let (cx, cy) = if self.scene_rect == Rect::ZERO {
                    (
                        whole.left() + size.x / 2.0,
                        start.map_or(whole.center().y, |p| p.y),
                    )
                } else {
                    (self.scene_rect.center().x, self.scene_rect.center().y)
                };
                let clamp = |c: f32, lo: f32, hi: f32, len: f32| {
                    if hi - lo <= len {
                        (lo + hi) / 2.0
                    } else {
                        c.clamp(lo + len / 2.0, hi - len / 2.0)
                    }
                };
                let x = clamp(cx, whole.left(), whole.right(), size.x);
                let y = clamp(cy, whole.top(), whole.bottom(), size.y);
                Rect::from_center_size(pos2(x, y), size)
            }
        }
    }

    /// Node map indices in reading order: column by column, top to bottom.
    pub fn reading_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.graph.nodes.len()).collect();
        order.sort_by(|&a, &b| {
            let (ra, rb) = (&self.layout.nodes[a], &self.layout.nodes[b]);
            ra.x.total_cmp(&rb.x).then(ra.y.total_cmp(&rb.y))
        });
        order
    }

    /// The node next to `from` in a direction: left and right follow the arrows (to the
    /// nearest node before or after it), up and down move within the column.
    pub fn neighbour(&self, from: usize, key: egui::Key) -> Option<usize> {
        let r = &self.layout.nodes[from];
        let (cx, cy) = (r.x + r.w / 2.0, r.y + r.h / 2.0);
        let candidates: Vec<usize> = match key {
            egui::Key::ArrowRight => self
                .graph
                .edges
                .iter()
                .filter(|e| e.from == from)
                .map(|e| e.to)
                .collect(),
            egui::Key::ArrowLeft => self
                .graph
                .edges
                .iter()
                .filter(|e| e.to == from)
                .map(|e| e.from)
                .collect(),
            egui::Key::ArrowUp | egui::Key::ArrowDown => (0..self.graph.nodes.len())
                .filter(|&i| {
                    let o = &self.layout.nodes[i];
                    (o.x - r.x).abs() < 1.0
                        && if key == egui::Key::ArrowUp {
                            o.y < r.y
                        } else {
                            o.y > r.y
                        }
                })
                .collect(),
            _ => Vec::new(),
        };
        candidates.into_iter().min_by(|&a, &b| {
            let d = |i: usize| {
                let o = &self.layout.nodes[i];
                let (x, y) = (o.x + o.w / 2.0, o.y + o.h / 2.0);
                (x - cx).powi(2) + (y - cy).powi(2)
            };
            d(a).total_cmp(&d(b))
        })
    }

    /// Draws the map; returns the node clicked (or activated with the keyboard), if any.
    pub fn ui(&mut self, ui: &mut Ui, selected: Option<usize>, matches: &[usize]) -> Option<usize> {
        let bounds = self.bounds();
        let room = ui.available_size().max(vec2(1.0, 1.0));
        if self.room != Vec2::ZERO && self.room != room && self.scene_rect != Rect::ZERO {
            // The node panel opened or closed, or the window was resized: the map keeps its
            // size on screen and its top left corner, rather than shrinking or growing.
            // (`Scene` centres the scene rect in its room at the largest zoom that fits it.)
            let zoom = self.zoom();
            let seen = Rect::from_center_size(self.scene_rect.center(), self.room / zoom);
            self.scene_rect = Rect::from_min_size(seen.min, room / zoom);
        }
        self.room = room;
        if self.scene_rect == Rect::ZERO && self.fit.is_none() {
            // A new map opens whole if it can be read that way, else at its height, readable,
            // from its start.
            let whole = self.bounds().expand(10.0);
            self.fit = Some(if (room / whole.size()).min_elem() >= READABLE_ZOOM {
                Fit::Whole
            } else {
                Fit::Height
            });
        }
        if let Some(fit) = self.fit.take() {
            self.scene_rect = self.fitted(fit, room);
        }
        let revealed = self.reveal.take();
        if let Some(r) = revealed.and_then(|i| self.layout.nodes.get(i)).map(rect)
            && !self.scene_rect.contains_rect(r)
        {
            self.scene_rect = Rect::from_center_size(r.center(), self.scene_rect.size());
        }
        let mut clicked = None;
        let mut scene_rect = self.scene_rect;
        let parent_layer = ui.layer_id();
        // `Scene` takes all the room left, from here.
        self.shown = Rect::from_min_size(ui.available_rect_before_wrap().min, room);
        egui::Scene::new()
            .zoom_range(ZOOM_RANGE)
            .show(ui, &mut scene_rect, |ui| {
                let visible = ui.clip_rect();
                let to_screen = ui
                    .ctx()
                    .layer_transform_to_global(ui.layer_id())
                    .unwrap_or(TSTransform::IDENTITY);
                let zoom = to_screen.scaling;
                let painter = ui.painter().clone();
                // The text layer: just above the scene, unscaled, clipped to the map.
                let text_layer = LayerId::new(parent_layer.order, ui.scope_id().with("map-text"));
                ui.ctx().set_sublayer(parent_layer, text_layer);
                let text = Painter::new(ui.ctx().clone(), text_layer, to_screen * visible);
                let step = (zoom.max(1e-3).log2() * TEXT_STEPS_PER_OCTAVE).floor();
                let scale = (step / TEXT_STEPS_PER_OCTAVE).exp2();
                let key = (step as i32, ui.ctx().pixels_per_point().to_bits());
                if self.texts.key != Some(key) {
                    self.texts = TextCache {
                        key: Some(key),
                        nodes: (0..self.graph.nodes.len()).map(|_| None).collect(),
                        labels: vec![None; self.graph.edges.len()],
                    };
                }
                let pen = Pen {
                    map: &painter,
                    text: &text,
                    to_screen,
                    scale,
                    zoom,
                };
                painter.rect_filled(bounds, CornerRadius::ZERO, c(palette::BACKGROUND));
                self.draw_edges(&pen, visible, zoom);
                // With a screen reader (or a test) listening, every node is in the
                // accessibility tree, on screen or not; otherwise only what is on screen costs
                // anything.
                let reader = ui
                    .ctx()
                    .accesskit_node_builder(ui.unique_id(), |_| ())
                    .is_some();
                for i in 0..self.graph.nodes.len() {
                    let r = rect(&self.layout.nodes[i]);
                    let on_screen = visible.intersects(r);
                    if !on_screen && !reader {
                        continue;
                    }
                    let id = ui.scope_id().with(("map-node", i));
                    let response = ui.interact(r, id, Sense::click());
                    let label = self.graph.nodes[i].describe(self.graph.choice_counts[i]);
                    response.widget_info(|| WidgetInfo::labeled(Role::Button, true, &label));
                    if response.clicked() {
                        clicked = Some(i);
                    }
                    if !on_screen {
                        continue;
                    }
                    // A node chosen by a click, a key, a link or the search takes the keys, so
                    // the arrows go on from it and a screen reader reads it.
                    if revealed == Some(i)
                        || (selected == Some(i)
                            && !response.has_focus()
                            && ui.memory(|m| m.focused().is_none()))
                    {
                        response.request_focus();
                    }
                    let focused = response.has_focus();
                    self.draw_node(
                        &pen,
                        i,
                        r,
                        selected == Some(i) || focused,
                        matches.contains(&i),
                    );
                }
            });
        self.scene_rect = scene_rect;
        clicked
    }

    fn draw_edges(&mut self, pen: &Pen, visible: Rect, zoom: f32) {
        let mut labelled: Vec<(usize, Color32)> = Vec::new();
        for (i, (e, route)) in self.graph.edges.iter().zip(&self.layout.edges).enumerate() {
            let b = route.bounds;
            let bb = Rect::from_min_size(pos2(b.x, b.y), vec2(b.w.max(1.0), b.h.max(1.0)));
            if !visible.intersects(bb.expand(12.0)) {
                continue;
            }
            let broken = route.backwards || self.graph.nodes[e.to].kind == NodeKind::Missing;
            let colour = if broken {
                c(palette::ERROR)
            } else if e.best {
                c(palette::BEST)
            } else {
                c(palette::EDGE)
            };
            let stroke = Stroke::new(if e.best { 3.0 } else { 1.6 }, colour);
            let points = &self.polylines[i];
            if zoom < OVERVIEW_ZOOM {
                if let (Some(&a), Some(&b)) = (points.first(), points.last()) {
                    pen.map.line_segment([a, b], stroke);
                }
                continue;
            }
            if e.conditional {
                pen.map.extend(Shape::dashed_line(points, stroke, 7.0, 5.0));
            } else {
                pen.map.add(Shape::line(points.clone(), stroke));
            }
            if let Some(&end) = points.last() {
                pen.map.add(Shape::convex_polygon(
                    vec![end, end + vec2(-9.0, -4.5), end + vec2(-9.0, 4.5)],
                    colour,
                    Stroke::NONE,
                ));
            }
            labelled.push((i, colour));
        }
        // The labels after all the edges, so no edge runs over a label.
        // A label too small to read is not drawn at all: a blank pill on every edge of a
        // zoomed-out map says nothing and costs a shape each.
        if LABEL_FONT * pen.scale < MIN_TEXT_PX {
            return;
        }
        for (i, colour) in labelled {
            let b = rect(&self.layout.edges[i].label);
            if !visible.intersects(b) {
                continue;
            }
            pen.map.rect(
                b,
                CornerRadius::same(8),
                Color32::WHITE,
                Stroke::new(1.0, colour),
                StrokeKind::Inside,
            );
            let galley = self.texts.labels[i].get_or_insert_with(|| {
                Some(pen.text.layout_no_wrap(
                    self.graph.edges[i].tag(),
                    FontId::proportional(LABEL_FONT * pen.scale),
                    colour,
                ))
            });
            if let Some(g) = galley {
                let centre = pen.to_screen * b.center();
                pen.text.galley(centre - g.size() / 2.0, g.clone(), colour);
            }
        }
    }

    fn draw_node(&mut self, pen: &Pen, i: usize, r: Rect, selected: bool, matched: bool) {
        let n = &self.graph.nodes[i];
        let (fill, border) = match n.kind {
            NodeKind::Decision => (c(palette::CARD), c(palette::CARD_BORDER)),
            NodeKind::Ending(rating) => {
                (c(palette::rating_fill(rating)), c(palette::rating(rating)))
            }
            NodeKind::Missing => (c(palette::CARD), c(palette::ERROR)),
        };
        if matched {
            pen.map.rect_filled(
                r.expand(7.0),
                CornerRadius::same(12),
                Color32::from_rgb(0xff, 0xdd, 0x00),
            );
        }
        let stroke = if n.has_problem() {
            Stroke::new(4.0, c(palette::ERROR))
        } else {
            Stroke::new(1.5, border)
        };
        pen.map
            .rect(r, CornerRadius::same(8), fill, stroke, StrokeKind::Inside);
        if selected {
            pen.map.rect_stroke(
                r.expand(4.0),
                CornerRadius::same(10),
                Stroke::new(3.0, Color32::from_rgb(0x1f, 0x4e, 0x9c)),
                StrokeKind::Outside,
            );
        }
        if pen.zoom < OVERVIEW_ZOOM {
            // A card a few points across: its colours and outline are all there is to see.
            return;
        }
        if self.texts.nodes[i].is_none() {
            if self.badge_widths.len() != self.graph.nodes.len() {
                self.badge_widths = vec![None; self.graph.nodes.len()];
            }
            let widths = self.badge_widths[i].get_or_insert_with(|| {
                n.badges
                    .iter()
                    .map(|b| {
                        pen.text
                            .layout_no_wrap(
                                badge_tag(b),
                                FontId::proportional(BADGE_FONT),
                                Color32::WHITE,
                            )
                            .size()
                            .x
                            + 8.0
                    })
                    .collect()
            });
            self.texts.nodes[i] = Some(node_text(n, &self.layout.nodes[i], widths, pen));
        }
        let Some(t) = &self.texts.nodes[i] else {
            return;
        };
        let parts = card::parts(n, &self.layout.nodes[i]);
        for (b, colour, galley) in &t.badges {
            pen.map.rect_filled(*b, CornerRadius::same(4), *colour);
            if let Some(g) = galley {
                pen.place(g, pos2(b.left() + 4.0, b.center().y), Align::Left);
            }
        }
        if let Some((at, Some(g))) = &t.more {
            pen.place(g, *at, Align::Left);
        }
        let middle = |b: &crate::map::Rect| pos2(b.x, b.y + b.h / 2.0);
        if let Some(g) = &t.kind {
            pen.place(g, middle(&parts.kind), Align::Left);
        }
        if let (Some(g), Some((f, _))) = (&t.flags, &parts.flags) {
            pen.place(g, pos2(f.x + f.w, f.y + f.h / 2.0), Align::Right);
        }
        if let Some(g) = &t.title {
            // Rows from the top of the title's box.
            let at = pen.to_screen * pos2(parts.title.x, parts.title.y);
            pen.text.galley(at, g.clone(), c(palette::INK));
        }
        if let (Some(g), Some(id)) = (&t.id, &parts.id) {
            pen.place(g, middle(id), Align::Left);
        }
    }
}

/// Which side of a point text is placed on.
#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

/// What a frame draws with: the scene's painter (map coordinates, scaled by egui), the text
/// layer's (screen coordinates), the transform between them and the text's scale.
struct Pen<'a> {
    map: &'a Painter,
    text: &'a Painter,
    to_screen: TSTransform,
    scale: f32,
    zoom: f32,
}

impl Pen<'_> {
    /// Draws laid-out text beside a map point (left or right of it), centred on it vertically.
    fn place(&self, g: &Arc<Galley>, at: Pos2, align: Align) {
        let p = self.to_screen * at;
        let x = match align {
            Align::Left => p.x,
            Align::Right => p.x - g.size().x,
        };
        self.text.galley(
            pos2(x, p.y - g.size().y / 2.0),
            g.clone(),
            Color32::PLACEHOLDER,
        );
    }

    /// Text laid out at `size` points on the map (drawn at `size × scale` on screen), cut to
    /// `width` map points and `rows` rows with an ellipsis; `None` when it would be too small.
    fn lay_out(
        &self,
        text: &str,
        size: f32,
        colour: Color32,
        width: f32,
        rows: usize,
    ) -> Option<Arc<Galley>> {
        let on_screen = size * self.scale;
        if on_screen < MIN_TEXT_PX || text.is_empty() {
            return None;
        }
        let mut job = egui::text::LayoutJob::simple(
            text.to_owned(),
            FontId::proportional(on_screen),
            colour,
            width * self.scale,
        );
        job.wrap.max_rows = rows.max(1);
        job.wrap.break_anywhere = rows <= 1;
        Some(self.text.layout_job(job))
    }
}

/// A badge's text: the P's initial and the checkpoint's id, cut to twelve characters.
fn badge_tag(b: &crate::map::Badge) -> String {
    let name: String = b.checkpoint.chars().take(12).collect();
    format!("{} {name}", initial(b.pillar))
}

/// Lays out one card's text for the current zoom step, and places its badges.
fn node_text(
    n: &crate::map::MapNode,
    r: &crate::map::Rect,
    badge_widths: &[f32],
    pen: &Pen,
) -> NodeText {
    let parts = card::parts(n, r);
    let kind_colour = match n.kind {
        NodeKind::Ending(rating) => c(palette::rating(rating)),
        NodeKind::Missing => c(palette::ERROR),
        NodeKind::Decision => c(palette::MUTED),
    };
    let kind = pen.lay_out(&n.kind_line(), SMALL_FONT, kind_colour, parts.kind.w, 1);
    let flags = parts.flags.as_ref().and_then(|(f, text)| {
        let colour = if n.has_problem() {
            c(palette::ERROR)
        } else {
            c(palette::LINT)
        };
        pen.lay_out(text, SMALL_FONT, colour, f.w.max(card::caps_width(text)), 1)
    });
    let title = pen.lay_out(
        &n.title,
        TITLE_FONT,
        c(palette::INK),
        parts.title.w,
        parts.title_rows,
    );
    let id = parts
        .id
        .as_ref()
        .and_then(|b| pen.lay_out(&n.id, SMALL_FONT, c(palette::MUTED), b.w, 1));
    // Badges: one per checkpoint, coloured by P, as many as fit, then "+N". Their widths
    // come from the text at the map's own size, so they do not change with the zoom.
    let mut badges = Vec::new();
    let mut more = None;
    if let Some(row) = &parts.badges {
        let mut bx = row.x;
        let right = row.x + row.w;
        for (k, (b, &w)) in n.badges.iter().zip(badge_widths).enumerate() {
            let tag = badge_tag(b);
            let remaining = n.badges.len() - k;
            if (bx + w > right - 24.0 && remaining > 1) || bx + w > right {
                let text = pen.lay_out(
                    &format!("+{remaining}"),
                    SMALL_FONT,
                    c(palette::MUTED),
                    24.0,
                    1,
                );
                more = Some((pos2(bx, row.y + row.h / 2.0), text));
                break;
            }
            let boxed = Rect::from_min_size(pos2(bx, row.y), vec2(w, row.h));
            let text = pen.lay_out(&tag, BADGE_FONT, Color32::WHITE, w, 1);
            badges.push((boxed, c(palette::pillar(b.pillar)), text));
            bx += w + 4.0;
        }
    }
    NodeText {
        kind,
        flags,
        title,
        id,
        badges,
        more,
    }
}
