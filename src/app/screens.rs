//! The screens. Each draws from the app's state and returns the commands the user gave.

use super::markdown;
use super::settings::Theme;
use super::{Command, DeskauditApp, Screen};
use crate::scenario::{Band, Pillar};
use crate::session::{FeedbackMode, Mode, Status};
use egui::{Color32, RichText, Ui};

/// Body text size (points).
pub const BODY: f32 = 17.0;
/// Small text size (points).
pub const SMALL: f32 = 14.5;
const MAX_TEXT_WIDTH: f32 = 860.0;

/// Colours for the bands: green, amber, red (always shown with the band's name too).
pub fn band_colour(band: Band, dark: bool) -> Color32 {
    match (band, dark) {
        (Band::Resilient, false) => Color32::from_rgb(0x1b, 0x7a, 0x3a),
        (Band::Developing, false) => Color32::from_rgb(0xa8, 0x5d, 0x00),
        (Band::Vulnerable, false) => Color32::from_rgb(0xb3, 0x26, 0x1e),
        (Band::Resilient, true) => Color32::from_rgb(0x6f, 0xd3, 0x8a),
        (Band::Developing, true) => Color32::from_rgb(0xf2, 0xb0, 0x4c),
        (Band::Vulnerable, true) => Color32::from_rgb(0xff, 0x8a, 0x80),
    }
}

/// Sets the colour scheme.
pub fn apply_theme(ctx: &egui::Context, theme: Theme) {
    let mut visuals = match theme {
        Theme::Light => egui::Visuals::light(),
        Theme::Dark => egui::Visuals::dark(),
        Theme::HighContrast => {
            let mut v = egui::Visuals::light();
            v.override_text_color = Some(Color32::BLACK);
            v.panel_fill = Color32::WHITE;
            v.window_fill = Color32::WHITE;
            v.extreme_bg_color = Color32::WHITE;
            v.widgets.inactive.bg_stroke = egui::Stroke::new(2.0, Color32::BLACK);
            v.widgets.hovered.bg_stroke = egui::Stroke::new(3.0, Color32::BLACK);
            v.selection.bg_fill = Color32::from_rgb(0xff, 0xdd, 0x00);
            v.selection.stroke = egui::Stroke::new(2.0, Color32::BLACK);
            v
        }
    };
    if theme == Theme::Light {
        // Near-black text on a warm off-white: legible from the back of a room.
        visuals.panel_fill = Color32::from_rgb(0xf6, 0xf5, 0xf1);
        visuals.override_text_color = Some(Color32::from_rgb(0x1c, 0x1c, 0x1c));
    }
    ctx.set_theme(if theme == Theme::Dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    ctx.set_visuals(visuals);
    ctx.all_styles_mut(|s| {
        s.spacing.item_spacing = egui::vec2(10.0, 8.0);
        s.spacing.button_padding = egui::vec2(14.0, 8.0);
        s.text_styles
            .insert(egui::TextStyle::Body, egui::FontId::proportional(BODY));
        s.text_styles
            .insert(egui::TextStyle::Button, egui::FontId::proportional(BODY));
        s.text_styles
            .insert(egui::TextStyle::Heading, egui::FontId::proportional(28.0));
        s.text_styles
            .insert(egui::TextStyle::Small, egui::FontId::proportional(SMALL));
    });
}

fn is_dark(ui: &Ui) -> bool {
    ui.visuals().dark_mode
}

fn muted(ui: &Ui) -> Color32 {
    ui.visuals().weak_text_color()
}

/// Draws the current screen and returns what the user asked for.
pub fn draw(app: &mut DeskauditApp, ui: &mut Ui) -> Vec<Command> {
    let mut out = Vec::new();
    egui::Panel::top("top-bar").show(ui, |ui| {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            ui.label(RichText::new("deskaudit").size(22.0).strong());
            ui.label(RichText::new("Serious and organised crime: desktop audits").color(muted(ui)));
            ui.add_space(24.0);
            for (label, screen) in [
                ("Scenarios", Screen::Library),
                ("History", Screen::History),
                ("Settings", Screen::Settings),
            ] {
                let active = app.screen == screen;
                if ui.selectable_label(active, label).clicked() {
                    out.push(Command::Show(screen));
                }
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("A+")
                    .on_hover_text("Bigger text (Ctrl +)")
                    .clicked()
                {
                    out.push(Command::ZoomIn);
                }
                if ui
                    .button("A−")
                    .on_hover_text("Smaller text (Ctrl −)")
                    .clicked()
                {
                    out.push(Command::ZoomOut);
                }
            });
        });
        ui.add_space(6.0);
    });
    if let Some((id, info)) = app.takeover.clone() {
        egui::Panel::top("takeover").show(ui, |ui| {
            ui.label(
                RichText::new(format!("This session is {}.", info.describe()))
                    .strong()
                    .color(band_colour(Band::Developing, is_dark(ui))),
            );
            ui.label(if info.is_stale() {
                "That machine seems to have stopped (it crashed, or was shut down without closing the session). Take the session over only if nobody is using it there."
            } else {
                "Someone may still be using it there. Taking it over stops that machine saving any more changes to it."
            });
            ui.horizontal(|ui| {
                if ui.button("Take it over and resume here").clicked() {
                    out.push(Command::TakeOver(id.clone()));
                }
                if ui.button("Leave it").clicked() {
                    out.push(Command::LeaveLocked);
                }
            });
        });
    }
    if let Some(message) = app.banner.clone() {
        egui::Panel::top("banner").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new("Note:")
                        .strong()
                        .color(band_colour(Band::Developing, is_dark(ui))),
                );
                ui.label(message);
                if ui.button("Dismiss").clicked() {
                    app.banner = None;
                }
            });
        });
    }
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.add_space(12.0);
                // The console uses the whole laptop screen; reading screens keep a measure.
                let max = if app.screen == Screen::Console {
                    ui.available_width() - 24.0
                } else {
                    MAX_TEXT_WIDTH + 320.0
                };
                let width = ui.available_width().min(max);
                let margin = ((ui.available_width() - width) / 2.0).max(0.0);
                ui.horizontal(|ui| {
                    ui.add_space(margin);
                    ui.vertical(|ui| {
                        ui.set_max_width(width);
                        match app.screen.clone() {
                            Screen::Library => library(app, ui, &mut out),
                            Screen::Start { scenario } => start(app, ui, &scenario, &mut out),
                            Screen::Play => play(app, ui, &mut out),
                            Screen::Console => super::console::console(app, ui, &mut out),
                            Screen::Debrief => debrief(app, ui, &mut out),
                            Screen::History => history(app, ui, &mut out),
                            Screen::Settings => settings(app, ui, &mut out),
                        }
                    });
                });
                ui.add_space(24.0);
            });
    });
    out
}

fn pillar_chips(ui: &mut Ui, pillars: &[Pillar]) {
    for p in Pillar::ALL {
        let on = pillars.contains(&p);
        let text = RichText::new(p.name()).size(SMALL);
        ui.label(if on {
            text.strong()
        } else {
            text.color(muted(ui)).strikethrough()
        });
    }
}

fn library(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    ui.heading("Scenarios");
    ui.label("Choose a desktop audit to play on your own, or to run for a room with a projector. Each takes 20 to 45 minutes and is scored on the 4Ps: Pursue, Prevent, Protect and Prepare.");
    ui.add_space(8.0);

    let unfinished: Vec<_> = app
        .records
        .records()
        .iter()
        .filter(|r| !r.session.state().finished)
        .take(3)
        .map(|r| {
            (
                r.id.clone(),
                super::console::session_title(&r.session),
                r.session.state().path.len(),
            )
        })
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
                        RichText::new(format!("{decisions} decisions taken")).color(muted(ui)),
                    );
                });
            }
        });
        ui.add_space(8.0);
    }

    let mut areas: Vec<&str> = app
        .library
        .scenarios
        .iter()
        .map(|s| s.scenario.area.as_str())
        .collect();
    areas.sort_unstable();
    areas.dedup();
    for area in areas {
        ui.add_space(10.0);
        ui.label(RichText::new(area).size(21.0).strong());
        ui.separator();
        for s in app
            .library
            .scenarios
            .iter()
            .filter(|s| s.scenario.area == area)
        {
            let sc = &s.scenario;
            egui::Frame::group(ui.style())
                .inner_margin(egui::Margin::same(14))
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        ui.label(RichText::new(&sc.title).size(20.0).strong());
                        ui.label(RichText::new(format!("{} min", sc.minutes)).color(muted(ui)));
                    });
                    ui.label(&sc.summary);
                    ui.horizontal(|ui| {
                        let covered: Vec<Pillar> = sc.checkpoints.iter().map(|c| c.p).collect();
                        pillar_chips(ui, &covered);
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            let b =
                                ui.button(RichText::new(format!("Play “{}”", sc.title)).strong());
                            if b.clicked() {
                                out.push(Command::Prepare(sc.id.0.clone()));
                            }
                        });
                    });
                });
        }
    }

    if !app.library.failed.is_empty() {
        ui.add_space(16.0);
        egui::CollapsingHeader::new(
            RichText::new(format!(
                "Problems: {} scenario file(s) could not be loaded",
                app.library.failed.len()
            ))
            .color(band_colour(Band::Vulnerable, is_dark(ui))),
        )
        .default_open(true)
        .show(ui, |ui| {
            for f in &app.library.failed {
                ui.label(RichText::new(&f.file).strong());
                for d in &f.diagnostics {
                    ui.label(RichText::new(d.to_string()).monospace().size(SMALL));
                }
            }
        });
    }
}

fn start(app: &mut DeskauditApp, ui: &mut Ui, scenario: &str, out: &mut Vec<Command>) {
    let Some(loaded) = app.library.get(scenario) else {
        ui.label("This scenario is no longer available.");
        return;
    };
    let sc = loaded.scenario.clone();
    ui.heading(&sc.title);
    ui.label(RichText::new(format!("{} · about {} minutes", sc.area, sc.minutes)).color(muted(ui)));
    ui.add_space(6.0);
    ui.label(&sc.summary);
    if !sc.roles.is_empty() {
        ui.label(format!("You play: {}.", sc.roles.join("; ")));
    }
    ui.add_space(14.0);
    ui.label(RichText::new("How will it be played?").strong());
    ui.horizontal(|ui| {
        ui.radio_value(
            &mut app.start.mode,
            Mode::SelfStudy,
            "On my own (self-study)",
        );
        ui.radio_value(
            &mut app.start.mode,
            Mode::Facilitated,
            "Facilitated, for a room (console and projector)",
        );
    });
    ui.add_space(8.0);
    if app.start.mode == Mode::SelfStudy {
        ui.horizontal(|ui| {
            let l = ui.label("Your name (optional)");
            ui.add(
                egui::TextEdit::singleline(&mut app.start.name)
                    .hint_text("Leave blank to stay anonymous")
                    .desired_width(320.0),
            )
            .labelled_by(l.id);
        });
        ui.add_space(8.0);
        ui.label("When would you like feedback on your decisions?");
        ui.radio_value(
            &mut app.start.feedback,
            FeedbackMode::Immediate,
            "After each decision",
        );
        ui.radio_value(
            &mut app.start.feedback,
            FeedbackMode::AtEnd,
            "Only in the debrief at the end",
        );
    } else {
        egui::Grid::new("facilitated-form")
            .num_columns(2)
            .spacing(egui::vec2(16.0, 8.0))
            .show(ui, |ui| {
                for (label, value, hint) in [
                    (
                        "Session title",
                        &mut app.start.title,
                        "Shown on the projector and the report",
                    ),
                    ("Date", &mut app.start.date, "e.g. 2026-11-28"),
                    (
                        "Facilitator",
                        &mut app.start.facilitator,
                        "Who runs the session",
                    ),
                    ("Venue", &mut app.start.venue, "e.g. Council Chamber"),
                ] {
                    let l = ui.label(label);
                    ui.add(
                        egui::TextEdit::singleline(value)
                            .hint_text(hint)
                            .desired_width(420.0),
                    )
                    .labelled_by(l.id);
                    ui.end_row();
                }
            });
        ui.add_space(8.0);
        ui.label("Who votes?");
        ui.radio_value(
            &mut app.start.by_tables,
            true,
            "Each table votes (one click per table)",
        );
        ui.radio_value(
            &mut app.start.by_tables,
            false,
            "The whole room decides together (count hands)",
        );
        if app.start.by_tables {
            let l = ui.label("Table names, one per line");
            ui.add(
                egui::TextEdit::multiline(&mut app.start.tables)
                    .desired_rows(6)
                    .desired_width(320.0),
            )
            .labelled_by(l.id);
            match app.start.table_names() {
                Ok(names) => {
                    ui.label(RichText::new(format!("{} tables", names.len())).color(muted(ui)));
                }
                Err(problem) => {
                    ui.label(
                        RichText::new(problem).color(band_colour(Band::Vulnerable, is_dark(ui))),
                    );
                }
            }
        }
        ui.label(
            RichText::new("A second window opens for the projector: drag it to the projector's screen and press F11 for full screen. It shows the room only the story, the evidence and the choices; your notes stay on this screen.")
                .color(muted(ui)),
        );
    }
    if let Some(problem) = &app.start.problem {
        ui.label(RichText::new(problem).color(band_colour(Band::Vulnerable, is_dark(ui))));
    }
    ui.add_space(14.0);
    ui.horizontal(|ui| {
        let label = if app.start.mode == Mode::Facilitated {
            "Start the session"
        } else {
            "Start the scenario"
        };
        if ui.button(RichText::new(label).strong()).clicked() {
            out.push(Command::Begin);
        }
        if ui.button("Back to scenarios").clicked() {
            out.push(Command::Show(Screen::Library));
        }
    });
}

fn play(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(open) = &app.open else {
        out.push(Command::Show(Screen::Library));
        return;
    };
    let Some(loaded) = app.library.get(&open.session.state().started.scenario_id) else {
        ui.label("This session's scenario is no longer available.");
        return;
    };
    let view = match open.session.view(&loaded.scenario) {
        Ok(v) => v,
        Err(e) => {
            ui.label(e.to_string());
            return;
        }
    };
    let longest = app
        .analyses
        .get(&loaded.scenario.id.0)
        .map(|a| a.longest_decisions)
        .unwrap_or(0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(&open.session.state().started.scenario_title).color(muted(ui)));
        ui.label(
            RichText::new(if view.ending.is_some() {
                format!("· Ending reached after {} decisions", view.decisions_taken)
            } else {
                format!(
                    "· Decision {} (at most {longest} in this scenario)",
                    view.decisions_taken + 1
                )
            })
            .color(muted(ui)),
        );
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Leave (resume later)").clicked() {
                out.push(Command::Show(Screen::Library));
            }
            if view.decisions_taken > 0 && ui.button("Undo last decision").clicked() {
                out.push(Command::Undo);
            }
        });
    });
    ui.add(
        egui::ProgressBar::new(if longest == 0 {
            1.0
        } else {
            view.decisions_taken as f32 / longest as f32
        })
        .desired_height(6.0),
    );
    ui.add_space(10.0);

    if let Some((choice, feedback)) = &open.pending_feedback {
        egui::Frame::group(ui.style())
            .inner_margin(egui::Margin::same(16))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new("You decided").color(muted(ui)));
                ui.label(RichText::new(choice).size(19.0).strong());
                ui.add_space(6.0);
                markdown::show(ui, feedback, BODY + 1.0);
                if ui
                    .button(RichText::new("Continue  (Enter)").strong())
                    .clicked()
                {
                    out.push(Command::Continue);
                }
            });
        return;
    }

    // On a wide window the choices sit beside the story, so they are visible without scrolling.
    let wide = ui.available_width() >= 1100.0;
    let selected = open.selected;
    if wide {
        let story_width = (ui.available_width() * 0.58).min(MAX_TEXT_WIDTH);
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(story_width);
                story(ui, &view);
            });
            ui.add_space(24.0);
            ui.vertical(|ui| {
                ui.set_width(ui.available_width());
                decision_panel(ui, &view, selected, out);
            });
        });
    } else {
        story(ui, &view);
        ui.add_space(12.0);
        decision_panel(ui, &view, selected, out);
    }
}

/// The narrative, what happened meanwhile, and the evidence.
fn story(ui: &mut Ui, view: &crate::session::NodeView) {
    ui.label(RichText::new(&view.title).size(26.0).strong());
    ui.add_space(4.0);
    markdown::show(ui, &view.text, BODY + 2.0);
    for d in &view.developments {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new("Meanwhile")
                    .strong()
                    .color(band_colour(Band::Developing, is_dark(ui))),
            );
            markdown::show(ui, d, BODY + 1.0);
        });
    }
    for (kind, title, body) in &view.evidence {
        egui::CollapsingHeader::new(RichText::new(format!("{kind:?}: {title}")).strong())
            .default_open(true)
            .show(ui, |ui| {
                egui::Frame::new()
                    .fill(ui.visuals().extreme_bg_color)
                    .inner_margin(egui::Margin::same(12))
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        markdown::show(ui, body, BODY);
                    });
            });
    }
}

/// The choices (or, at an ending, the outcome and the way to the debrief).
fn decision_panel(
    ui: &mut Ui,
    view: &crate::session::NodeView,
    selected: Option<usize>,
    out: &mut Vec<Command>,
) {
    if let Some((rating, outcome)) = &view.ending {
        egui::Frame::group(ui.style())
            .inner_margin(egui::Margin::same(16))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(format!("Ending — rated {}", rating.label())).strong());
                markdown::show(ui, outcome, BODY + 1.0);
            });
        ui.add_space(10.0);
        if ui
            .button(
                RichText::new("See the debrief  (Enter)")
                    .strong()
                    .size(19.0),
            )
            .clicked()
        {
            out.push(Command::Finish);
        }
        return;
    }
    ui.label(
        RichText::new("What does the council do?")
            .size(21.0)
            .strong(),
    );
    ui.label(
        RichText::new("Pick with the mouse or the keys 1–9, then confirm (Enter).")
            .color(muted(ui)),
    );
    ui.add_space(4.0);
    for c in &view.choices {
        let is_selected = selected == Some(c.index);
        let text = format!("{}.  {}", c.number, markdown::plain(&c.text));
        let visuals = ui.visuals();
        let (fill, stroke) = if is_selected {
            (
                visuals.selection.bg_fill,
                egui::Stroke::new(2.5, visuals.strong_text_color()),
            )
        } else {
            (
                visuals.extreme_bg_color,
                egui::Stroke::new(1.5, visuals.widgets.inactive.fg_stroke.color),
            )
        };
        let button = egui::Button::selectable(is_selected, RichText::new(text).size(BODY + 1.0))
            .fill(fill)
            .stroke(stroke)
            .min_size(egui::vec2(ui.available_width(), 48.0))
            .wrap();
        if ui.add(button).clicked() {
            out.push(Command::Select(c.index));
        }
    }
    ui.add_space(8.0);
    if ui
        .add_enabled(
            selected.is_some(),
            egui::Button::new(
                RichText::new("Confirm decision  (Enter)")
                    .strong()
                    .size(19.0),
            ),
        )
        .clicked()
    {
        out.push(Command::Confirm);
    }
}

fn score_text(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.0}"))
        .unwrap_or_else(|| "not tested".into())
}

fn debrief(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(open) = &app.open else {
        out.push(Command::Show(Screen::Library));
        return;
    };
    let facilitated = open.facilitation.is_some();
    if facilitated {
        super::console::debrief_projector(app, ui, out);
    }
    debrief_scores(app, ui, out);
    if facilitated {
        super::console::debrief_tables(app, ui);
    }
    debrief_path(app, ui, out);
    if facilitated {
        super::programme::attendance_picker(app, ui, out);
        super::console::debrief_plan(app, ui, out);
    }
    debrief_actions(ui, facilitated, out);
}

fn debrief_scores(app: &DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(open) = &app.open else {
        out.push(Command::Show(Screen::Library));
        return;
    };
    let st = open.session.state();
    let score = open.session.score();
    let dark = is_dark(ui);
    let facilitated = open.facilitation.is_some();
    ui.label(
        RichText::new(format!(
            "Debrief: {}",
            super::console::session_title(&open.session)
        ))
        .size(28.0)
        .strong(),
    );
    if facilitated {
        let cfg = &st.started.config;
        let mut meta: Vec<String> = Vec::new();
        if cfg.title.trim() != st.started.scenario_title && !cfg.title.trim().is_empty() {
            meta.push(st.started.scenario_title.clone());
        }
        meta.extend(
            [&cfg.date, &cfg.venue]
                .into_iter()
                .filter(|s| !s.trim().is_empty())
                .cloned(),
        );
        if !cfg.facilitator.trim().is_empty() {
            meta.push(format!("facilitated by {}", cfg.facilitator));
        }
        meta.push(if cfg.tables.is_empty() {
            "whole room".to_owned()
        } else {
            format!("{} tables", cfg.tables.len())
        });
        ui.label(RichText::new(meta.join(" · ")).color(muted(ui)));
    }
    if let Some((rating, outcome)) = &st.current.ending {
        ui.label(format!("Ending ({}): {outcome}", rating.label()));
    }
    ui.add_space(10.0);
    ui.horizontal(|ui| match (score.index, score.band()) {
        (Some(index), Some(band)) => {
            ui.label(
                RichText::new(format!("{index:.0}"))
                    .size(64.0)
                    .strong()
                    .color(band_colour(band, dark)),
            );
            ui.vertical(|ui| {
                ui.label(
                    RichText::new(format!(
                        "Resilience index {index:.0} out of 100: {}",
                        band.label()
                    ))
                    .color(muted(ui)),
                );
                ui.label(
                    RichText::new(band.label())
                        .size(30.0)
                        .strong()
                        .color(band_colour(band, dark)),
                );
                if let Some((worst, best)) = st.started.possible_index {
                    ui.label(format!(
                        "Possible in this scenario: {worst:.0} to {best:.0}"
                    ));
                }
            });
        }
        _ => {
            ui.label("No checkpoint was tested on this path.");
        }
    });
    ui.add_space(10.0);
    ui.label(RichText::new("The 4Ps").size(21.0).strong());
    ui.horizontal(|ui| {
        let bars: Vec<egui_plot::Bar> = Pillar::ALL
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let v = score.pillar(*p).unwrap_or(0.0);
                let colour = score
                    .pillar(*p)
                    .map(Band::of)
                    .map(|b| band_colour(b, dark))
                    .unwrap_or(Color32::GRAY);
                egui_plot::Bar::new(i as f64, v)
                    .name(p.name())
                    .fill(colour)
                    .width(0.6)
            })
            .collect();
        ui.allocate_ui(egui::vec2(420.0, 260.0), |ui| {
            egui_plot::Plot::new("four-p-chart")
                .height(250.0)
                .width(410.0)
                .include_y(0.0)
                .include_y(100.0)
                .allow_zoom(false)
                .allow_drag(false)
                .allow_scroll(false)
                .x_axis_formatter(|mark, _| {
                    Pillar::ALL
                        .get(mark.value.round() as usize)
                        .filter(|_| (mark.value - mark.value.round()).abs() < 1e-6)
                        .map(|p| p.name().to_owned())
                        .unwrap_or_default()
                })
                .show(ui, |plot| {
                    plot.bar_chart(egui_plot::BarChart::new("4P scores", bars))
                });
        });
        ui.add_space(16.0);
        egui::Grid::new("four-p-table")
            .striped(true)
            .spacing(egui::vec2(24.0, 8.0))
            .show(ui, |ui| {
                ui.label(RichText::new("P").strong());
                ui.label(RichText::new("Score").strong());
                ui.label(RichText::new("Possible").strong());
                ui.end_row();
                for p in Pillar::ALL {
                    ui.label(p.name());
                    ui.label(score_text(score.pillar(p)));
                    ui.label(
                        st.started.possible_pillars[p.index()]
                            .map(|(w, b)| format!("{w:.0}–{b:.0}"))
                            .unwrap_or_else(|| "not tested".into()),
                    );
                    ui.end_row();
                }
            });
    });
}

fn debrief_path(app: &DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(open) = &app.open else { return };
    let st = open.session.state();
    let score = open.session.score();
    let dark = is_dark(ui);
    let facilitated = open.facilitation.is_some();
    ui.add_space(12.0);
    ui.label(RichText::new("Checkpoints").size(21.0).strong());
    for c in &score.checkpoints {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            let colour = match c.status {
                Status::Met => band_colour(Band::Resilient, dark),
                Status::PartlyMet => band_colour(Band::Developing, dark),
                Status::Missed | Status::NotReached => band_colour(Band::Vulnerable, dark),
                Status::NotTested => muted(ui),
            };
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(c.status.label()).strong().color(colour));
                ui.label(
                    RichText::new(format!("{} · {}", c.checkpoint.p, c.checkpoint.title)).strong(),
                );
            });
            if let Some(d) = c.decided_by.and_then(|i| st.path.get(i)) {
                ui.label(
                    RichText::new(format!(
                        "Set by {} decision: “{}”",
                        if facilitated { "the room's" } else { "your" },
                        d.choice_text
                    ))
                    .color(muted(ui)),
                );
            }
            if c.status.shows_lesson() {
                ui.label(RichText::new("What could have been put in place").italics());
                markdown::show(ui, &c.checkpoint.lesson, BODY);
            }
            if !c.checkpoint.references.is_empty() {
                ui.label(
                    RichText::new(format!(
                        "References: {}",
                        c.checkpoint.references.join("; ")
                    ))
                    .size(SMALL)
                    .color(muted(ui)),
                );
            }
        });
    }

    ui.add_space(12.0);
    ui.label(
        RichText::new(if facilitated {
            "The room's decisions"
        } else {
            "Your decisions"
        })
        .size(21.0)
        .strong(),
    );
    let alignment = open.session.alignment();
    // Now the session is over, the facilitator's notes and model answers can be shown.
    let scenario = app
        .library
        .get(&st.started.scenario_id)
        .map(|l| &l.scenario);
    let vars = &st.started.variables;
    let fill = |t: &str| {
        crate::scenario::text::fill(t, &|name| {
            vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    };
    for (i, d) in st.path.iter().enumerate() {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(format!("{}. {}", i + 1, d.node_title)).strong());
            if facilitated {
                ui.label(format!("The room chose: {}", d.choice_text));
                let number = |index: usize| {
                    d.offered
                        .iter()
                        .position(|(c, _)| *c == index)
                        .map(|p| (p + 1).to_string())
                        .unwrap_or_else(|| "?".into())
                };
                let mut line: Vec<String> = d
                    .votes
                    .iter()
                    .map(|v| format!("{}: {}", v.table, number(v.choice)))
                    .collect();
                line.extend(
                    d.counts
                        .iter()
                        .map(|c| format!("{} hands for {}", c.hands, number(c.choice))),
                );
                if !line.is_empty() {
                    ui.label(format!(
                        "Votes (choice numbers as shown): {}",
                        line.join(" · ")
                    ));
                }
                if let Some(Some(a)) = alignment.get(i) {
                    ui.label(
                        RichText::new(format!(
                            "Agreement with the room's decision: {:.0}%",
                            a * 100.0
                        ))
                        .strong(),
                    );
                }
                if !d.override_reason.is_empty() {
                    ui.label(format!(
                        "Majority overridden because: {}",
                        d.override_reason
                    ));
                }
                if !d.rationale.is_empty() {
                    ui.label(format!("Rationale: {}", d.rationale));
                }
                if ui
                    .button(format!(
                        "Show decision {} on the projector with its model answer",
                        i + 1
                    ))
                    .clicked()
                {
                    out.push(Command::Project(super::console::OnProjector::Review(i)));
                }
            } else {
                ui.label(format!("You chose: {}", d.choice_text));
            }
            markdown::show(ui, &d.feedback, BODY - 1.0);
            if let Some(node) = scenario.and_then(|s| s.node(&d.node)) {
                if !node.model_answer.trim().is_empty() {
                    ui.label(RichText::new("What good looks like").italics());
                    markdown::show(ui, &fill(&node.model_answer), BODY - 1.0);
                }
                if !node.facilitator_notes.trim().is_empty() {
                    ui.label(RichText::new("For discussion").italics());
                    markdown::show(ui, &fill(&node.facilitator_notes), BODY - 1.0);
                }
            }
        });
    }
    let counters = open.session.counters();
    if !counters.is_empty() {
        ui.add_space(8.0);
        for (label, unit, value) in counters {
            let shown = if unit == "£" {
                format!("£{value}")
            } else {
                format!("{value} {unit}")
            };
            ui.label(format!("{label}: {shown}"));
        }
    }
}

fn debrief_actions(ui: &mut Ui, facilitated: bool, out: &mut Vec<Command>) {
    ui.add_space(14.0);
    ui.horizontal_wrapped(|ui| {
        if !facilitated
            && ui
                .button(RichText::new("Send my result…").strong())
                .clicked()
        {
            out.push(Command::SendResult(None));
        }
        if ui
            .button(
                RichText::new(if facilitated {
                    "Run it again with the same tables"
                } else {
                    "Play it again"
                })
                .strong(),
            )
            .clicked()
        {
            out.push(Command::Retry);
        }
        for (label, format) in [
            ("Save report (HTML)", crate::report::Format::Html),
            ("Save as Markdown", crate::report::Format::Markdown),
            ("Save decisions (CSV)", crate::report::Format::Csv),
        ] {
            if ui.button(label).clicked() {
                out.push(Command::Export(format));
            }
        }
        if ui.button("Back to scenarios").clicked() {
            out.push(Command::Show(Screen::Library));
        }
    });
}

fn history(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    ui.heading("History and progress");
    // The learner's own progress: self-study sessions (facilitated ones have their own section).
    let finished: Vec<_> = app
        .records
        .records()
        .iter()
        .filter(|r| r.session.state().finished && r.session.config().mode == Mode::SelfStudy)
        .collect();
    // The learner's 4P profile: the latest finished session of each scenario.
    let mut latest: std::collections::BTreeMap<String, crate::session::Score> = Default::default();
    for r in finished.iter().rev() {
        latest.insert(
            r.session.state().started.scenario_id.clone(),
            r.session.score(),
        );
    }
    if latest.is_empty() {
        ui.label("Finish a scenario on your own to see your 4P profile here.");
    } else {
        ui.label(format!(
            "Your 4P profile across {} scenario(s) completed (latest attempt of each):",
            latest.len()
        ));
        egui::Grid::new("profile")
            .striped(true)
            .spacing(egui::vec2(24.0, 6.0))
            .show(ui, |ui| {
                for p in Pillar::ALL {
                    let vals: Vec<f64> = latest.values().filter_map(|s| s.pillar(p)).collect();
                    ui.label(p.name());
                    ui.label(if vals.is_empty() {
                        "not tested".into()
                    } else {
                        format!(
                            "{:.0} (average of {})",
                            vals.iter().sum::<f64>() / vals.len() as f64,
                            vals.len()
                        )
                    });
                    ui.end_row();
                }
            });
    }
    super::programme::programme(app, ui, out);
    ui.add_space(12.0);
    ui.label(RichText::new("Sessions").size(21.0).strong());
    if app.records.records().is_empty() {
        ui.label("No sessions yet.");
    }
    for r in app.records.records() {
        let st = r.session.state();
        let score = r.session.score();
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&st.started.scenario_title).strong());
                ui.label(
                    RichText::new(st.started.started_at.replace('T', " ").replace('Z', " UTC"))
                        .color(muted(ui)),
                );
                if !st.started.config.participant.is_empty() {
                    ui.label(format!("· {}", st.started.config.participant));
                }
                let cfg = &st.started.config;
                if cfg.mode == Mode::Facilitated {
                    let mut what = vec![format!(
                        "facilitated: {}",
                        super::console::session_title(&r.session)
                    )];
                    if !cfg.venue.trim().is_empty() {
                        what.push(cfg.venue.clone());
                    }
                    what.push(if cfg.tables.is_empty() {
                        "whole room".to_owned()
                    } else {
                        format!("{} tables", cfg.tables.len())
                    });
                    ui.label(format!("· {}", what.join(", ")));
                }
                if st.finished {
                    if let (Some(i), Some(b)) = (score.index, score.band()) {
                        ui.label(
                            RichText::new(format!("{i:.0} {}", b.label()))
                                .strong()
                                .color(band_colour(b, is_dark(ui))),
                        );
                    }
                } else {
                    ui.label(format!("unfinished · {} decisions", st.path.len()));
                }
            });
            ui.horizontal(|ui| {
                if st.finished {
                    if ui.button("Open debrief").clicked() {
                        out.push(Command::OpenDebrief(r.id.clone()));
                    }
                } else if ui.button("Resume").clicked() {
                    out.push(Command::Resume(r.id.clone()));
                }
                let confirming = app.confirm_delete.as_deref() == Some(r.id.as_str());
                if ui
                    .button(if confirming {
                        "Really delete?"
                    } else {
                        "Delete"
                    })
                    .clicked()
                {
                    out.push(Command::Delete(r.id.clone()));
                }
            });
        });
    }
    if !app.unreadable.is_empty() {
        ui.add_space(12.0);
        ui.label(
            RichText::new("Records that could not be read (left untouched)")
                .strong()
                .color(band_colour(Band::Vulnerable, is_dark(ui))),
        );
        for u in &app.unreadable {
            ui.label(format!("{}: {}", u.path.display(), u.reason));
        }
    }
}

fn settings(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    ui.heading("Settings");
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label(format!("Text size: {:.0}%", app.settings.zoom * 100.0));
        if ui.button("Smaller").clicked() {
            out.push(Command::ZoomOut);
        }
        if ui.button("Bigger").clicked() {
            out.push(Command::ZoomIn);
        }
        if ui.button("Reset").clicked() {
            out.push(Command::ZoomReset);
        }
        ui.label(RichText::new("(Ctrl + / Ctrl − / Ctrl 0)").color(muted(ui)));
    });
    ui.add_space(6.0);
    ui.label("Colours");
    ui.horizontal(|ui| {
        for t in [Theme::Light, Theme::Dark, Theme::HighContrast] {
            if ui.radio(app.settings.theme == t, t.label()).clicked() {
                out.push(Command::SetTheme(t));
            }
        }
    });
    ui.add_space(6.0);
    ui.label("Feedback in new self-study sessions");
    ui.horizontal(|ui| {
        for (m, label) in [
            (FeedbackMode::Immediate, "After each decision"),
            (FeedbackMode::AtEnd, "Only in the debrief"),
        ] {
            if ui
                .radio(app.settings.default_feedback == m, label)
                .clicked()
            {
                out.push(Command::SetDefaultFeedback(m));
            }
        }
    });
    ui.add_space(10.0);
    ui.label(format!("Data folder: {}", app.data_dir.display()));
    ui.label(RichText::new("Sessions, settings and your own scenarios (in its scenarios folder) are kept here. Change it with --data-dir or DESKAUDIT_DATA.").color(muted(ui)));
}
