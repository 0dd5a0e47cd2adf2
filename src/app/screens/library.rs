//! The library: scenarios by area (with filters by area and by the kind of council they are
//! written for), sessions to resume, files that failed to load, and the warnings (content
//! lints) on scenarios that did load.

use crate::app::Command;
use crate::app::theme::{SMALL, band_colour, is_dark, muted};
use crate::scenario::{Band, CouncilType, Library, LoadedScenario, Pillar};
use crate::store::index::RecordInfo;
use egui::{RichText, Ui};

/// What the library is narrowed to: an area, and the kind of council scenarios are written for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Filter<'a> {
    /// Only this area's scenarios.
    pub area: Option<&'a str>,
    /// Only scenarios written for this kind of council.
    pub council: Option<CouncilType>,
}

/// The library screen.
pub fn library(
    lib: &Library,
    filter: Filter<'_>,
    records: &[std::sync::Arc<RecordInfo>],
    analysing: usize,
    first_frame: bool,
    ui: &mut Ui,
    out: &mut Vec<Command>,
) {
    let Filter {
        area: area_filter,
        council: council_filter,
    } = filter;
    // Beside the heading, so that it costs no line of its own at the smallest window: the
    // kind of council the scenarios are written for (combined with the area filter below;
    // each entry's count is what choosing it would show).
    let in_area = |s: &&LoadedScenario| area_filter.is_none_or(|a| s.scenario.area == a);
    let councils: Vec<CouncilType> = CouncilType::ALL
        .into_iter()
        .filter(|c| lib.scenarios.iter().any(|s| s.scenario.council == Some(*c)))
        .collect();
    ui.horizontal_wrapped(|ui| {
        ui.heading("Scenarios");
        if councils.len() < 2 {
            return;
        }
        ui.add_space(16.0);
        ui.label(RichText::new("Written for:").color(muted(ui)));
        let all = format!("All ({})", lib.scenarios.iter().filter(in_area).count());
        if ui
            .selectable_label(council_filter.is_none(), all)
            .on_hover_text("Scenarios written for every kind of council")
            .clicked()
        {
            out.push(Command::FilterCouncil(None));
        }
        for council in &councils {
            let count = lib
                .scenarios
                .iter()
                .filter(in_area)
                .filter(|s| s.scenario.council == Some(*council))
                .count();
            let chosen = council_filter == Some(*council);
            if count == 0 && !chosen {
                continue;
            }
            if ui
                .selectable_label(chosen, format!("{} ({count})", short_name(*council)))
                .on_hover_text(council.services())
                .clicked()
            {
                out.push(Command::FilterCouncil(Some(*council)));
            }
        }
    });
    ui.label("Choose a desktop audit to play on your own, or to run for a room with a projector. Each takes 20 to 45 minutes and is scored on the 4Ps: Pursue, Prevent, Protect and Prepare.");
    ui.add_space(8.0);

    // Files that failed to load are listed at the foot of the page: say so at the top.
    let show_problems = egui::Id::unique("library-show-problems");
    if !lib.failed.is_empty() {
        let n = lib.failed.len();
        let total = n + lib.scenarios.len();
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!(
                    "{n} of your {total} scenario files {} problems and could not be loaded.",
                    if n == 1 { "has" } else { "have" }
                ))
                .strong()
                .color(band_colour(Band::Vulnerable, is_dark(ui))),
            );
            if ui.button("Show the problems").clicked() {
                ui.data_mut(|d| d.insert_temp(show_problems, true));
            }
        });
        ui.add_space(8.0);
    }

    let unfinished: Vec<_> = records
        .iter()
        .filter(|r| !r.finished)
        .take(3)
        .map(|r| (r.id.clone(), r.title.clone(), r.decisions as usize))
        .collect();
    if !unfinished.is_empty() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new("Carry on where you left off").strong());
            for (id, title, decisions) in unfinished {
                ui.horizontal(|ui| {
                    if ui.button(format!("Resume “{title}”")).clicked() {
                        out.push(Command::Resume(id.clone()));
                    }
                    ui.label(
                        RichText::new(format!(
                            "{} taken",
                            crate::session::verdict::count(decisions, "decision", "decisions")
                        ))
                        .color(muted(ui)),
                    );
                });
            }
        });
        ui.add_space(8.0);
    }

    // The area filter, combined with the council filter beside the heading; each entry's
    // count is what choosing it would show.
    let of_council =
        |s: &&LoadedScenario| council_filter.is_none_or(|c| s.scenario.council == Some(c));
    let areas = areas_of(lib);
    // With many scenarios, one row of areas to narrow the list (each with its count).
    if areas.len() > 1 {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new("Show:").color(muted(ui)));
            let all = format!(
                "All areas ({})",
                lib.scenarios.iter().filter(of_council).count()
            );
            if ui.selectable_label(area_filter.is_none(), all).clicked() {
                out.push(Command::FilterLibrary(None));
            }
            for area in &areas {
                let count = lib
                    .scenarios
                    .iter()
                    .filter(of_council)
                    .filter(|s| s.scenario.area == *area)
                    .count();
                let chosen = area_filter == Some(*area);
                // An area with nothing for the chosen council is left out (unless chosen,
                // so that it can be unchosen).
                if count == 0 && !chosen {
                    continue;
                }
                if ui
                    .selectable_label(chosen, format!("{area} ({count})"))
                    .clicked()
                {
                    out.push(Command::FilterLibrary(Some((*area).to_owned())));
                }
            }
        });
    }
    let shown: Vec<&str> = match area_filter {
        Some(chosen) if areas.contains(&chosen) => vec![chosen],
        _ => areas.clone(),
    };
    let shown: Vec<&str> = shown
        .into_iter()
        .filter(|area| {
            lib.scenarios
                .iter()
                .filter(of_council)
                .any(|s| s.scenario.area == *area)
        })
        .collect();
    if shown.is_empty() && !lib.scenarios.is_empty() {
        ui.add_space(10.0);
        ui.label(
            "No scenario matches both choices: choose “All areas”, or “All” beside “Written for”.",
        );
    }
    // The window's first frame lays out only the cards in view: those below the window stand
    // in as space of the last card's height, and the next frame, asked for at once, lays them
    // out (they were a third of the first frame's work, for cards nobody could see yet).
    let mut last_card: Option<f32> = None;
    let mut stood_in = false;
    for area in shown {
        ui.add_space(10.0);
        ui.label(RichText::new(area).size(21.0).strong());
        ui.separator();
        for s in lib
            .scenarios
            .iter()
            .filter(of_council)
            .filter(|s| s.scenario.area == area)
        {
            let sc = &s.scenario;
            if let (true, Some(height)) = (first_frame, last_card)
                && ui.cursor().min.y > ui.clip_rect().max.y
            {
                ui.allocate_space(egui::vec2(ui.available_width(), height));
                stood_in = true;
                continue;
            }
            let card = egui::Frame::group(ui.style())
                .inner_margin(egui::Margin::same(14))
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(&sc.title).size(20.0).strong());
                        ui.label(RichText::new(format!("{} min", sc.minutes)).color(muted(ui)));
                    });
                    ui.label(&sc.summary);
                    // Wrapped: at a narrow window the button goes below the tags, never on
                    // top of them.
                    ui.horizontal_wrapped(|ui| {
                        // What tells scenarios apart: how many checkpoints test each P (not
                        // the same four tags on every card) and who it is written for.
                        for p in Pillar::ALL {
                            let n = sc.checkpoints.iter().filter(|c| c.p == p).count();
                            if n > 0 {
                                tag(
                                    ui,
                                    RichText::new(format!("{} {n}", p.name()))
                                        .size(SMALL)
                                        .strong(),
                                )
                                .on_hover_text(format!(
                                    "{} on {}",
                                    crate::session::verdict::count(
                                        n,
                                        "checkpoint tests",
                                        "checkpoints test"
                                    ),
                                    p.name()
                                ));
                            }
                        }
                        // The kind of council decides whose services are the council's own:
                        // a district calls the county for Trading Standards and social care.
                        if let Some(council) = sc.council {
                            tag(
                                ui,
                                RichText::new(format!("· {}", council.label()))
                                    .size(SMALL)
                                    .strong(),
                            )
                            .on_hover_text(council.services());
                        }
                        let audience = sc.audience.split(';').next().unwrap_or("").trim();
                        if !audience.is_empty() {
                            ui.label(
                                RichText::new(format!("· for {audience}"))
                                    .size(SMALL)
                                    .color(muted(ui)),
                            );
                        }
                        // A gap before the button, only where the row has room for it: at the
                        // end of a full row it would push the card past the window's edge.
                        if ui.available_size_before_wrap().x > 12.0 {
                            ui.add_space(12.0);
                        }
                        let b = ui.button(RichText::new(format!("Play “{}”", sc.title)).strong());
                        if b.clicked() {
                            out.push(Command::Prepare(sc.id.0.clone()));
                        }
                    });
                });
            last_card = Some(card.response.rect.height());
        }
    }
    if stood_in {
        ui.ctx().request_repaint();
    }

    if analysing > 0 {
        // Content warnings come from exploring each scenario's states, in the background.
        ui.add_space(16.0);
        ui.label(RichText::new("Checking the scenarios: analysing…").color(muted(ui)));
    }
    let warned: Vec<_> = lib
        .scenarios
        .iter()
        .filter(|s| !s.warnings.is_empty())
        .collect();
    if !warned.is_empty() {
        ui.add_space(16.0);
        let count = warned.len();
        egui::CollapsingHeader::new(RichText::new(format!(
            "Warnings: {count} {} can be played but {} (content lints and other warnings)",
            if count == 1 { "scenario" } else { "scenarios" },
            if count == 1 {
                "needs attention"
            } else {
                "need attention"
            },
        )))
        .default_open(false)
        .show(ui, |ui| {
            for s in warned {
                ui.label(RichText::new(format!("{} — {}", s.file, s.scenario.title)).strong());
                for d in &s.warnings {
                    ui.label(RichText::new(d.to_string()).monospace().size(SMALL));
                }
            }
        });
    }

    if !lib.failed.is_empty() {
        ui.add_space(16.0);
        let n = lib.failed.len();
        let header = egui::CollapsingHeader::new(
            RichText::new(format!(
                "Problems: {} could not be loaded",
                if n == 1 {
                    "1 scenario file".to_owned()
                } else {
                    format!("{n} scenario files")
                }
            ))
            .color(band_colour(Band::Vulnerable, is_dark(ui))),
        )
        .default_open(true)
        .show(ui, |ui| {
            for f in &lib.failed {
                ui.label(RichText::new(&f.file).strong());
                for d in &f.diagnostics {
                    ui.label(RichText::new(d.to_string()).monospace().size(SMALL));
                }
            }
        });
        if ui
            .data_mut(|d| d.remove_temp::<bool>(show_problems))
            .unwrap_or(false)
        {
            header.header_response.scroll_to_me(Some(egui::Align::TOP));
        }
    }
}

/// A short tag on a card (a P count, the council type), kept on one line: at the end of a full
/// line it moves to the next one whole instead of breaking in two ("Protect" on one line and
/// "3" on the next), unless it is wider than a whole line.
fn tag(ui: &mut Ui, text: RichText) -> egui::Response {
    let width = egui::WidgetText::from(text.clone())
        .into_galley(
            ui,
            Some(egui::TextWrapMode::Extend),
            f32::INFINITY,
            egui::TextStyle::Body,
        )
        .size()
        .x;
    let mode = if width <= ui.max_rect().width() {
        egui::TextWrapMode::Extend
    } else {
        egui::TextWrapMode::Wrap
    };
    ui.add(egui::Label::new(text).wrap_mode(mode))
}

/// The kind of council in a word or two, for the filter (the card and the hover text say it
/// in full).
fn short_name(council: CouncilType) -> &'static str {
    match council {
        CouncilType::District => "District",
        CouncilType::County => "County",
        CouncilType::Unitary => "Unitary",
        CouncilType::MetropolitanBorough => "Metropolitan borough",
        CouncilType::LondonBorough => "London borough",
    }
}

/// Every area of council business in the library, once each, in the order the screen lists
/// them.
fn areas_of(lib: &Library) -> Vec<&str> {
    let mut areas: Vec<&str> = lib
        .scenarios
        .iter()
        .map(|s| s.scenario.area.as_str())
        .collect();
    areas.sort_unstable();
    areas.dedup();
    areas
}

#[cfg(test)]
mod tests {
    use super::{Filter, library};
    use crate::scenario::Library;

    /// The "Play" buttons one pass of the library lays out, read from what it tells a screen
    /// reader.
    fn plays_laid_out(lib: &Library, first_frame: bool) -> Vec<String> {
        let ctx = egui::Context::default();
        ctx.enable_accesskit();
        let input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(
                egui::Pos2::ZERO,
                egui::vec2(1120.0, 720.0),
            )),
            ..Default::default()
        };
        let mut output = ctx.run_ui(input, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                library(
                    lib,
                    Filter::default(),
                    &[],
                    0,
                    first_frame,
                    ui,
                    &mut Vec::new(),
                );
            });
        });
        output.textures_delta.clear();
        output
            .platform_output
            .accesskit_update
            .expect("accesskit is on")
            .nodes
            .iter()
            .filter_map(|(_, node)| node.label().filter(|l| l.starts_with("Play “")))
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_first_frame_lays_out_only_the_cards_in_view() {
        let lib = Library::embedded();
        // The cards in the order the screen shows them: by area, then as in the library.
        let areas = super::areas_of(&lib);
        let shown: Vec<String> = areas
            .iter()
            .flat_map(|a| lib.scenarios.iter().filter(move |s| s.scenario.area == *a))
            .map(|s| format!("Play “{}”", s.scenario.title))
            .collect();
        let mut every = plays_laid_out(&lib, false);
        every.sort();
        let mut expected = shown.clone();
        expected.sort();
        assert_eq!(every, expected, "later frames lay out every card");
        let mut first = plays_laid_out(&lib, true);
        assert!(
            (1..shown.len()).contains(&first.len()),
            "{} of {} cards laid out in the first frame",
            first.len(),
            shown.len()
        );
        // The ones laid out are the first cards down the screen.
        first.sort();
        let mut top = shown[..first.len()].to_vec();
        top.sort();
        assert_eq!(first, top);
    }
}
