//! Laying out a [`Show`] for a wall: type sized to the window, long evidence moved off the page.

use super::Show;
use crate::app::markdown;
use crate::app::theme::band_colour;
use crate::scenario::Band;
use egui::text::LayoutJob;
use egui::{Color32, FontId, Galley, TextFormat, Ui};
use std::sync::Arc;

/// Kinds of block on a projector page.
#[derive(Clone, Debug)]
enum Kind {
    /// Small muted line at the top.
    Kicker,
    /// The page's title.
    Title,
    /// Body text (light Markdown inline).
    Body,
    /// A heading inside a column ("What does the council do?").
    Label,
    /// Body text in a shaded box (evidence, developments).
    Boxed,
    /// A choice, with its number.
    Choice(usize),
    /// A very large coloured line (the index).
    Big(Color32),
    /// A horizontal bar: label, value 0–100 (None = not tested), colour.
    Bar(Option<f64>, Color32),
}

#[derive(Clone, Debug)]
struct Block {
    kind: Kind,
    text: String,
    colour: Option<Color32>,
}

fn block(kind: Kind, text: impl Into<String>) -> Block {
    Block {
        kind,
        text: text.into(),
        colour: None,
    }
}

/// Body size (points) for a 720-pixel-high window at the largest and smallest it may go.
const BODY_MAX_720: f32 = 34.0;
const BODY_MIN_720: f32 = 22.0;
/// Below this body size the evidence leaves the situation page.
const EVIDENCE_MIN_720: f32 = 27.0;

/// Draws a `Show` filling `ui`, inside a margin that keeps text off the edges of the wall.
pub fn draw(ui: &mut Ui, show: &Show) {
    let outer = ui.available_size();
    let scale = (outer.y / 720.0).min(outer.x / 1280.0).max(0.4);
    egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(
            (44.0 * scale).clamp(0.0, 120.0).round() as i8,
            (30.0 * scale).clamp(0.0, 120.0).round() as i8,
        ))
        .show(ui, |ui| draw_page(ui, show, scale));
}

fn draw_page(ui: &mut Ui, show: &Show, scale: f32) {
    let avail = ui.available_size();
    let dark = ui.visuals().dark_mode;
    if let Show::Holding { title, line } = show {
        ui.vertical_centered(|ui| {
            ui.add_space(avail.y * 0.32);
            ui.label(egui::RichText::new(title).size(52.0 * scale).strong());
            ui.add_space(16.0 * scale);
            ui.label(
                egui::RichText::new(line)
                    .size(32.0 * scale)
                    .color(ui.visuals().weak_text_color()),
            );
        });
        return;
    }
    let gap = 36.0 * scale;
    let widths = |columns: &[(f32, Vec<Block>)]| -> Vec<f32> {
        let total = avail.x - gap * (columns.len().saturating_sub(1)) as f32;
        columns.iter().map(|(f, _)| total * f).collect()
    };
    // The largest body size at which every column fits the window's height.
    let fit = |columns: &[(f32, Vec<Block>)]| -> f32 {
        let widths = widths(columns);
        let mut size = BODY_MAX_720 * scale;
        let min = BODY_MIN_720 * scale;
        while size > min {
            let tallest = columns
                .iter()
                .zip(&widths)
                .map(|((_, blocks), w)| column_height(ui, blocks, *w, size))
                .fold(0.0, f32::max);
            if tallest <= avail.y {
                break;
            }
            size -= scale;
        }
        size.max(min)
    };
    let mut columns = page(show, dark, true);
    let mut size = fit(&columns);
    // Long evidence would shrink the situation below what the back of the room can read: it
    // then comes off this page (the facilitator shows it on its own).
    if size < EVIDENCE_MIN_720 * scale
        && let Show::Situation { evidence, .. } = show
        && !evidence.is_empty()
    {
        columns = page(show, dark, false);
        size = fit(&columns);
    }
    let widths = widths(&columns);
    // Below the smallest legible size the page scrolls rather than shrinking further.
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.horizontal_top(|ui| {
                for (i, ((_, blocks), w)) in columns.iter().zip(&widths).enumerate() {
                    if i > 0 {
                        ui.add_space(gap);
                    }
                    ui.vertical(|ui| {
                        ui.set_width(*w);
                        // Spacing is all in `space_after`, so the measured height is the drawn one.
                        ui.spacing_mut().item_spacing.y = 0.0;
                        for b in blocks {
                            draw_block(ui, b, *w, size);
                        }
                    });
                }
            });
        });
}

/// The page for a `Show`: columns of blocks with their share of the width.
fn page(show: &Show, dark: bool, with_evidence: bool) -> Vec<(f32, Vec<Block>)> {
    let amber = band_colour(Band::Developing, dark);
    match show {
        Show::Holding { .. } => Vec::new(),
        Show::Situation {
            kicker,
            title,
            text,
            developments,
            evidence,
            choices,
            ending,
        } => {
            let mut story = vec![block(Kind::Kicker, kicker), block(Kind::Title, title)];
            story.extend(paragraphs(text));
            for d in developments {
                story.push(Block {
                    kind: Kind::Label,
                    text: "Meanwhile".into(),
                    colour: Some(amber),
                });
                story.push(block(Kind::Boxed, d));
            }
            if with_evidence {
                for (t, body) in evidence {
                    story.push(block(Kind::Label, t));
                    story.push(block(Kind::Boxed, body));
                }
            }
            let mut side = Vec::new();
            if let Some(outcome) = ending {
                side.push(block(Kind::Label, "How it ended"));
                side.extend(paragraphs(outcome));
            } else {
                side.push(block(Kind::Label, "What does the council do?"));
                for (n, c) in choices {
                    side.push(block(Kind::Choice(*n), markdown::plain(c)));
                }
            }
            vec![(0.56, story), (0.44, side)]
        }
        Show::Decision {
            title,
            choice,
            consequence,
        } => {
            let mut b = vec![
                block(Kind::Kicker, title),
                block(Kind::Label, "The room decided"),
                block(Kind::Title, markdown::plain(choice)),
            ];
            if let Some(c) = consequence {
                b.push(block(Kind::Label, "What happened next"));
                b.extend(paragraphs(c));
            }
            vec![(1.0, b)]
        }
        Show::Evidence { title, documents } => {
            let mut cols: Vec<Vec<Block>> =
                vec![vec![block(Kind::Kicker, format!("Evidence · {title}"))]];
            let half = documents.len().div_ceil(2);
            for (i, (t, body)) in documents.iter().enumerate() {
                if i == half && documents.len() > 1 {
                    cols.push(vec![block(Kind::Kicker, "")]);
                }
                let col = cols.last_mut().expect("one column at least");
                col.push(block(Kind::Label, t));
                col.push(block(Kind::Boxed, body));
            }
            let share = 1.0 / cols.len() as f32;
            cols.into_iter().map(|c| (share, c)).collect()
        }
        Show::Inject { title, text } => {
            let mut b = vec![
                Block {
                    kind: Kind::Kicker,
                    text: "A new development".into(),
                    colour: Some(amber),
                },
                block(Kind::Title, title),
            ];
            b.extend(paragraphs(text));
            vec![(1.0, b)]
        }
        Show::Results {
            title,
            ending,
            index,
            pillars,
            tables,
        } => {
            let mut left = vec![block(Kind::Kicker, title)];
            match index {
                Some((i, band)) => {
                    left.push(block(Kind::Label, "The room's resilience index"));
                    left.push(block(
                        Kind::Big(band_colour(*band, dark)),
                        format!("{i:.0}  {}", band.label()),
                    ));
                }
                None => left.push(block(Kind::Title, "No checkpoint was tested")),
            }
            if let Some((rating, outcome)) = ending {
                left.push(block(Kind::Label, format!("Ending: {rating}")));
                left.extend(paragraphs(outcome));
            }
            let mut right = vec![block(Kind::Label, "The 4Ps")];
            for (p, v) in pillars {
                let colour = v
                    .map(|v| band_colour(Band::of(v), dark))
                    .unwrap_or(Color32::GRAY);
                right.push(block(Kind::Bar(*v, colour), p.name()));
            }
            if !tables.is_empty() {
                right.push(block(Kind::Label, "Each table"));
                for (t, s) in tables {
                    right.push(match s {
                        Some((i, band)) => {
                            block(Kind::Bar(Some(*i), band_colour(*band, dark)), t.to_string())
                        }
                        None => block(Kind::Bar(None, Color32::GRAY), t.to_string()),
                    });
                }
            }
            vec![(0.5, left), (0.5, right)]
        }
        Show::Review {
            kicker,
            title,
            choice,
            consequence,
            model_answer,
        } => {
            let mut left = vec![
                block(Kind::Kicker, kicker),
                block(Kind::Title, title),
                block(Kind::Label, "The room decided"),
                block(Kind::Body, markdown::plain(choice)),
            ];
            left.extend(paragraphs(consequence));
            let mut right = vec![block(Kind::Label, "What good looks like")];
            right.extend(paragraphs(model_answer));
            vec![(0.5, left), (0.5, right)]
        }
    }
}

/// Splits light Markdown into body blocks, one per paragraph or bullet.
fn paragraphs(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    for para in text.split("\n\n") {
        let lines: Vec<&str> = para
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        if lines.iter().any(|l| l.starts_with("- ")) {
            for l in lines {
                let l = l.strip_prefix("- ").map(|x| format!("•  {x}"));
                out.push(block(Kind::Body, l.unwrap_or_default()));
            }
        } else {
            let joined = lines
                .iter()
                .map(|l| {
                    l.strip_prefix("## ")
                        .or_else(|| l.strip_prefix("# "))
                        .unwrap_or(l)
                })
                .collect::<Vec<_>>()
                .join(" ");
            out.push(block(Kind::Body, joined));
        }
    }
    out
}

/// Body-relative size of each kind of block.
fn factor(kind: &Kind) -> f32 {
    match kind {
        Kind::Kicker => 0.72,
        Kind::Title => 1.45,
        Kind::Label => 0.85,
        Kind::Big(_) => 2.6,
        Kind::Body | Kind::Boxed | Kind::Choice(_) | Kind::Bar(..) => 1.0,
    }
}

fn inner_margin(kind: &Kind, size: f32) -> f32 {
    match kind {
        Kind::Boxed | Kind::Choice(_) => size * 0.45,
        _ => 0.0,
    }
}

fn space_after(kind: &Kind, size: f32) -> f32 {
    match kind {
        Kind::Kicker | Kind::Label => size * 0.2,
        Kind::Choice(_) | Kind::Bar(..) => size * 0.35,
        _ => size * 0.55,
    }
}

/// Lays out a block's text at body size `size` within `width`.
fn galley(ui: &Ui, b: &Block, width: f32, size: f32) -> Arc<Galley> {
    let visuals = ui.visuals();
    let px = size * factor(&b.kind);
    let colour = b.colour.unwrap_or(match b.kind {
        Kind::Kicker | Kind::Label => visuals.weak_text_color(),
        Kind::Big(c) => c,
        Kind::Title => visuals.strong_text_color(),
        _ => visuals.text_color(),
    });
    let mut job = LayoutJob::default();
    let strong = visuals.strong_text_color();
    let bar_label_width = size * 7.0;
    match &b.kind {
        Kind::Choice(n) => {
            job.append(
                &format!("{n}  "),
                0.0,
                TextFormat::simple(FontId::proportional(px * 1.1), strong),
            );
            markdown::append_inline(&mut job, &b.text, px, colour, strong);
        }
        Kind::Bar(v, _) => {
            let value = crate::session::score_text(*v);
            job.append(
                &format!("{}  {value}", b.text),
                0.0,
                TextFormat::simple(FontId::proportional(px), colour),
            );
        }
        _ => markdown::append_inline(&mut job, &b.text, px, colour, strong),
    }
    let margin = inner_margin(&b.kind, size);
    job.wrap.max_width = match b.kind {
        Kind::Bar(..) => bar_label_width,
        _ => (width - 2.0 * margin).max(10.0),
    };
    ui.painter().layout_job(job)
}

fn column_height(ui: &Ui, blocks: &[Block], width: f32, size: f32) -> f32 {
    blocks
        .iter()
        .map(|b| {
            let g = galley(ui, b, width, size);
            let frame = match b.kind {
                Kind::Boxed | Kind::Choice(_) => 2.0 * inner_margin(&b.kind, size) + 4.0,
                _ => 0.0,
            };
            g.size().y + frame + space_after(&b.kind, size)
        })
        .sum()
}

fn draw_block(ui: &mut Ui, b: &Block, width: f32, size: f32) {
    let g = galley(ui, b, width, size);
    let margin = inner_margin(&b.kind, size);
    let visuals = ui.visuals().clone();
    match &b.kind {
        Kind::Boxed | Kind::Choice(_) => {
            let stroke = match b.kind {
                Kind::Choice(_) => egui::Stroke::new(2.0, visuals.widgets.inactive.fg_stroke.color),
                _ => egui::Stroke::NONE,
            };
            egui::Frame::new()
                .fill(visuals.extreme_bg_color)
                .stroke(stroke)
                .corner_radius(6.0)
                .inner_margin(egui::Margin::same(margin.round() as i8))
                .show(ui, |ui| {
                    ui.set_width(width - 2.0 * margin);
                    ui.label(g);
                });
        }
        Kind::Bar(v, colour) => {
            ui.horizontal(|ui| {
                let label_w = size * 7.0;
                ui.allocate_ui_with_layout(
                    egui::vec2(label_w, g.size().y),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_min_width(label_w);
                        ui.label(g.clone());
                    },
                );
                let bar_w = (width - label_w - size).max(size);
                let (rect, _) = ui
                    .allocate_exact_size(egui::vec2(bar_w, g.size().y * 0.8), egui::Sense::hover());
                ui.painter()
                    .rect_filled(rect, 4.0, visuals.extreme_bg_color);
                if let Some(v) = v {
                    let mut filled = rect;
                    filled.set_width(rect.width() * (*v as f32 / 100.0).clamp(0.0, 1.0));
                    ui.painter().rect_filled(filled, 4.0, *colour);
                }
            });
        }
        _ => {
            ui.label(g);
        }
    }
    ui.add_space(space_after(&b.kind, size));
}
