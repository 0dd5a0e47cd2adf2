//! The branch map widget: draws a [`MapGraph`] laid out by [`crate::map::layout`] in an egui
//! [`egui::Scene`] (pan with a drag, zoom with the wheel or a pinch), with only what is on
//! screen drawn, and every node a focusable widget with an accessible label.

use crate::map::{Layout, MapGraph, NodeKind, palette, svg::initial};
use egui::{
    Color32, CornerRadius, FontId, Pos2, Rect, Role, Sense, Shape, Stroke, StrokeKind, Ui, Vec2,
    WidgetInfo, pos2, vec2,
};

/// Below this zoom, cards are drawn without text (it could not be read anyway).
const TEXT_ZOOM: f32 = 0.3;

/// A map first opens at this zoom (from its start) when the whole of it would be drawn smaller
/// than this: cards an author can read beat an overview nobody can. "Fit to window" shows all.
const READABLE_ZOOM: f32 = 0.8;

/// How far the map zooms out and in.
const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.02..=2.5;

/// Below this zoom an edge is drawn as one straight line without its arrowhead: at that size
/// the curve cannot be seen, and thousands of edges cost a frame otherwise.
const OVERVIEW_ZOOM: f32 = 0.1;

fn c(rgb: palette::Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

fn rect(r: &crate::map::Rect) -> Rect {
    Rect::from_min_size(pos2(r.x, r.y), vec2(r.w, r.h))
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
    /// Fit the whole map into the window at the next frame (as the first frame does when
    /// the whole map is readable that way).
    pub fit: bool,
    /// Bring this node into view at the next frame.
    pub reveal: Option<usize>,
    /// The room the map had at the last frame (to keep its zoom when a panel opens).
    room: Vec2,
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
            fit: false,
            reveal: None,
            room: Vec2::ZERO,
        }
    }

    /// The whole map's bounds.
    pub fn bounds(&self) -> Rect {
        Rect::from_min_size(Pos2::ZERO, vec2(self.layout.width, self.layout.height))
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
            let zoom = (self.room / self.scene_rect.size().max(vec2(1.0, 1.0)))
                .min_elem()
                .clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
            let seen = Rect::from_center_size(self.scene_rect.center(), self.room / zoom);
            self.scene_rect = Rect::from_min_size(seen.min, room / zoom);
        }
        self.room = room;
        if self.fit || self.scene_rect == Rect::ZERO {
            let whole = bounds.expand(10.0);
            let fitted_zoom = (room.x / whole.width()).min(room.y / whole.height());
            self.scene_rect = if self.fit || fitted_zoom >= READABLE_ZOOM {
                whole
            } else {
                // The first column at a readable size, level with the start.
                let size = room / READABLE_ZOOM;
                let start_y = (0..self.graph.nodes.len())
                    .find(|&i| self.graph.nodes[i].is_start)
                    .map(|i| rect(&self.layout.nodes[i]).center().y)
                    .unwrap_or(bounds.center().y);
                let top = (start_y - size.y / 2.0)
                    .clamp(whole.top(), (whole.bottom() - size.y).max(whole.top()));
                Rect::from_min_size(pos2(whole.left(), top), size)
            };
            self.fit = false;
        }
        let revealed = self.reveal.take();
        if let Some(r) = revealed.and_then(|i| self.layout.nodes.get(i)).map(rect)
            && !self.scene_rect.contains_rect(r)
        {
            self.scene_rect = Rect::from_center_size(r.center(), self.scene_rect.size());
        }
        let mut clicked = None;
        let mut scene_rect = self.scene_rect;
        egui::Scene::new()
            .zoom_range(ZOOM_RANGE)
            .show(ui, &mut scene_rect, |ui| {
                let visible = ui.clip_rect();
                let zoom = ui
                    .ctx()
                    .layer_transform_to_global(ui.layer_id())
                    .map(|t| t.scaling)
                    .unwrap_or(1.0);
                let painter = ui.painter().clone();
                painter.rect_filled(bounds, CornerRadius::ZERO, c(palette::BACKGROUND));
                self.draw_edges(&painter, visible, zoom);
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
                    if !on_screen {
                        if response.clicked() {
                            clicked = Some(i);
                        }
                        continue;
                    }
                    if response.clicked() {
                        clicked = Some(i);
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
                        &painter,
                        i,
                        r,
                        zoom,
                        selected == Some(i) || focused,
                        matches.contains(&i),
                    );
                }
            });
        self.scene_rect = scene_rect;
        clicked
    }

    fn draw_edges(&self, painter: &egui::Painter, visible: Rect, zoom: f32) {
        let show_labels = zoom >= TEXT_ZOOM;
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
                    painter.line_segment([a, b], stroke);
                }
                continue;
            }
            if e.conditional {
                painter.extend(Shape::dashed_line(points, stroke, 7.0, 5.0));
            } else {
                painter.add(Shape::line(points.clone(), stroke));
            }
            if let Some(&end) = points.last() {
                painter.add(Shape::convex_polygon(
                    vec![end, end + vec2(-9.0, -4.5), end + vec2(-9.0, 4.5)],
                    colour,
                    Stroke::NONE,
                ));
            }
            if show_labels {
                let tag = if e.best {
                    format!("{} best", e.label())
                } else {
                    e.label()
                };
                let at = pos2(route.label_at[0], route.label_at[1]);
                let galley = painter.layout_no_wrap(tag, FontId::proportional(12.5), colour);
                let size = galley.size() + vec2(8.0, 2.0);
                let bg = Rect::from_center_size(at, size);
                painter.rect(
                    bg,
                    CornerRadius::same(8),
                    Color32::WHITE,
                    Stroke::new(1.0, colour),
                    StrokeKind::Inside,
                );
                painter.galley(bg.center() - galley.size() / 2.0, galley, colour);
            }
        }
    }

    fn draw_node(
        &self,
        painter: &egui::Painter,
        i: usize,
        r: Rect,
        zoom: f32,
        selected: bool,
        matched: bool,
    ) {
        let n = &self.graph.nodes[i];
        let (fill, border) = match n.kind {
            NodeKind::Decision => (c(palette::CARD), c(palette::CARD_BORDER)),
            NodeKind::Ending(rating) => {
                (c(palette::rating_fill(rating)), c(palette::rating(rating)))
            }
            NodeKind::Missing => (c(palette::CARD), c(palette::ERROR)),
        };
        if matched {
            painter.rect_filled(
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
        painter.rect(r, CornerRadius::same(8), fill, stroke, StrokeKind::Inside);
        if selected {
            painter.rect_stroke(
                r.expand(4.0),
                CornerRadius::same(10),
                Stroke::new(3.0, Color32::from_rgb(0x1f, 0x4e, 0x9c)),
                StrokeKind::Outside,
            );
        }
        if zoom < TEXT_ZOOM {
            return;
        }
        let x = r.left() + 10.0;
        let kind_line = n.kind_line();
        let kind_colour = match n.kind {
            NodeKind::Ending(rating) => c(palette::rating(rating)),
            NodeKind::Missing => c(palette::ERROR),
            NodeKind::Decision => c(palette::MUTED),
        };
        painter.text(
            pos2(x, r.top() + 7.0),
            egui::Align2::LEFT_TOP,
            kind_line,
            FontId::proportional(11.5),
            kind_colour,
        );
        if n.has_problem() {
            let flag = match n.problems.len() {
                0 => "PROBLEM".to_owned(),
                1 => "1 PROBLEM".to_owned(),
                k => format!("{k} PROBLEMS"),
            };
            painter.text(
                pos2(r.right() - 10.0, r.top() + 7.0),
                egui::Align2::RIGHT_TOP,
                flag,
                FontId::proportional(12.0),
                c(palette::ERROR),
            );
        }
        if !n.lints.is_empty() {
            painter.text(
                pos2(r.right() - 10.0, r.top() + 24.0),
                egui::Align2::RIGHT_TOP,
                format!("{} LINT", n.lints.len()),
                FontId::proportional(12.0),
                c(palette::LINT),
            );
        }
        // The title, up to two lines, cut with an ellipsis.
        let mut job = egui::text::LayoutJob::simple(
            n.title.clone(),
            FontId::proportional(14.5),
            c(palette::INK),
            r.width() - 34.0,
        );
        job.wrap.max_rows = 2;
        job.wrap.break_anywhere = false;
        let galley = painter.layout_job(job);
        painter.galley(pos2(x, r.top() + 24.0), galley, c(palette::INK));
        let id_y = if n.badges.is_empty() {
            r.bottom() - 20.0
        } else {
            r.bottom() - 40.0
        };
        let mut id_job = egui::text::LayoutJob::simple_singleline(
            n.id.clone(),
            FontId::proportional(11.5),
            c(palette::MUTED),
        );
        id_job.wrap.max_width = r.width() - 20.0;
        id_job.wrap.max_rows = 1;
        painter.galley(pos2(x, id_y), painter.layout_job(id_job), c(palette::MUTED));
        // Badges: one per checkpoint, coloured by P, as many as fit.
        let mut bx = x;
        let by = r.bottom() - 22.0;
        for (k, b) in n.badges.iter().enumerate() {
            let name: String = b.checkpoint.chars().take(12).collect();
            let text = format!("{} {name}", initial(b.pillar));
            let galley = painter.layout_no_wrap(text, FontId::proportional(11.0), Color32::WHITE);
            let w = galley.size().x + 8.0;
            let remaining = n.badges.len() - k;
            if (bx + w > r.right() - 34.0 && remaining > 1) || bx + w > r.right() - 8.0 {
                painter.text(
                    pos2(bx, by + 1.0),
                    egui::Align2::LEFT_TOP,
                    format!("+{remaining}"),
                    FontId::proportional(11.5),
                    c(palette::MUTED),
                );
                break;
            }
            let br = Rect::from_min_size(pos2(bx, by), Vec2::new(w, 16.0));
            painter.rect_filled(br, CornerRadius::same(4), c(palette::pillar(b.pillar)));
            painter.galley(pos2(bx + 4.0, by + 1.5), galley, Color32::WHITE);
            bx += w + 4.0;
        }
    }
}
