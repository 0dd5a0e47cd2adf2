//! The programme in History: who has taken part against the roster, the 4P profile over time
//! (a chart with a table beside it), the checkpoints missed most often, and every
//! recommendation, sortable, overdue marked, with where it stands at review; filters by date
//! and area; the six-month review export, the roster import and record import.
//!
//! What is shown is a [`Programme`] computed once per change (records, roster or filter) and
//! kept in [`ProgrammeState`](crate::app::programme::ProgrammeState); drawing a frame only
//! reads it.

use crate::app::theme::band_colour;
use crate::app::{Command, DeskauditApp, widgets};
use crate::programme::roster::Role;
use crate::programme::{Programme, RecSort};
use crate::scenario::Pillar;
use crate::session::{Attendee, Date, Progress, score_text};
use egui::{Color32, RichText, Ui};
use std::collections::BTreeSet;

fn heading(ui: &mut Ui, text: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(text).strong().size(17.0));
}

/// The programme section of History.
pub fn programme(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    app.ensure_programme();
    let dark = ui.visuals().dark_mode;
    let muted = ui.visuals().weak_text_color();
    ui.add_space(12.0);
    ui.label(
        RichText::new("Facilitated sessions: the programme")
            .size(21.0)
            .strong(),
    );
    if let Some(problem) = &app.programme.roster_problem {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("The roster could not be read and is left as it is: {problem}"),
        );
    }

    filters(app, ui, out);
    let Some(p) = app.programme.computed.as_ref() else {
        return;
    };

    ui.horizontal_wrapped(|ui| {
        if ui.button("Export the six-month review…").clicked() {
            out.push(Command::ExportReview);
        }
        if ui.button("Import records…").clicked() {
            out.push(Command::ImportRecords(Vec::new()));
        }
        if ui.button("Import roster (CSV)…").clicked() {
            out.push(Command::ImportRoster(None));
        }
        if ui.button("Edit the roster…").clicked() {
            out.push(Command::Show(crate::app::Screen::Roster));
        }
    });
    if !app.programme.roster_errors.is_empty() {
        ui.colored_label(
            ui.visuals().error_fg_color,
            "The roster file was not imported; nothing changed. Put these right and import it again:",
        );
        for e in &app.programme.roster_errors {
            ui.label(e);
        }
    }

    // Coverage.
    heading(ui, "Who has taken part");
    for role in Role::ALL {
        ui.label(RichText::new(p.coverage.headline(role)).strong());
    }
    if app.programme.roster.people.is_empty() {
        ui.label("Import the roster (a CSV with name, role and ward or service) to see who has not taken part yet.");
    }
    egui::CollapsingHeader::new("Member by member")
        .id_salt("coverage-list")
        .show(ui, |ui| {
            egui::Grid::new("coverage")
                .striped(true)
                .spacing(egui::vec2(18.0, 4.0))
                .show(ui, |ui| {
                    for h in ["Name", "Role", "Ward or service", "Taken part"] {
                        ui.label(RichText::new(h).strong());
                    }
                    ui.end_row();
                    for c in &p.coverage.people {
                        ui.label(&c.person.name);
                        ui.label(c.person.role.label());
                        ui.label(&c.person.ward_or_service);
                        if c.took_part.is_empty() {
                            ui.label(RichText::new("Not yet").color(muted));
                        } else {
                            ui.label(
                                c.took_part
                                    .iter()
                                    .map(|t| t.describe())
                                    .collect::<Vec<_>>()
                                    .join("; "),
                            );
                        }
                        ui.end_row();
                    }
                });
            if !p.coverage.not_on_roster.is_empty() {
                let names: Vec<&str> = p
                    .coverage
                    .not_on_roster
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect();
                ui.label(format!(
                    "Also took part, not on the roster: {}",
                    names.join(", ")
                ));
            }
            if !p.coverage.former.is_empty() {
                ui.label(format!(
                    "Former members (removed from the roster): {}.",
                    crate::session::verdict::count(p.coverage.former.len(), "session", "sessions")
                ));
            }
        });

    // The profile over time: a chart, with the same figures in a table below it.
    heading(ui, "4P profile over time");
    if p.sessions.is_empty() {
        ui.label("No facilitated session was finished in this period.");
    } else {
        profile_chart(ui, p);
        ui.add_space(8.0);
        profile_table(ui, p, dark);
    }

    heading(ui, "Checkpoints missed most often");
    if p.missed.is_empty() {
        ui.label("No checkpoint was missed in these sessions.");
    }
    for m in p.missed.iter().take(8) {
        ui.label(format!(
            "{} · {} ({}): missed in {} of {} that tested it",
            m.p,
            m.title,
            m.scenario,
            m.missed,
            crate::session::verdict::count(m.tested, "session", "sessions")
        ));
    }

    heading(ui, "Recommendations and where they stand");
    ui.horizontal_wrapped(|ui| {
        ui.label("Order by:");
        for s in RecSort::ALL {
            let on = app.programme.sort == s;
            if ui.selectable_label(on, s.label()).clicked() && !on {
                out.push(Command::SortRecommendations(s));
            }
        }
    });
    if p.recommendations.is_empty() {
        ui.label("No recommendations were recorded in these sessions.");
    }
    let today = p.today;
    // Three lines a recommendation, so every row is one height and only those in view are
    // drawn (a programme of years can carry thousands).
    let line = ui
        .spacing()
        .interact_size
        .y
        .max(ui.text_style_height(&egui::TextStyle::Body));
    let row_height = 3.0 * line + 2.0 * ui.spacing().item_spacing.y + 10.0;
    let drafts = &mut app.review_drafts;
    egui::ScrollArea::vertical()
        .id_salt("programme-recommendations")
        .max_height(row_height * 5.0)
        .min_scrolled_height(
            (row_height + ui.spacing().item_spacing.y) * p.recommendations.len().min(5) as f32,
        )
        .auto_shrink([false, true])
        .show_rows(ui, row_height, p.recommendations.len(), |ui, range| {
            for rec in &p.recommendations[range] {
                ui.allocate_ui(egui::vec2(ui.available_width(), row_height), |ui| {
                    ui.set_min_height(row_height);
                    recommendation_row(ui, rec, today, muted, drafts, out);
                });
            }
        });
}

/// One recommendation: what, whose, when due (overdue marked), its latest review, and the
/// buttons to record where it stands.
fn recommendation_row(
    ui: &mut Ui,
    rec: &crate::programme::RecRow,
    today: Date,
    muted: Color32,
    drafts: &mut std::collections::BTreeMap<(String, usize), String>,
    out: &mut Vec<Command>,
) {
    let name = format!(
        "{} ({}), recommendation {}",
        rec.session,
        rec.session_date,
        rec.index + 1
    );
    ui.separator();
    ui.horizontal(|ui| {
        if rec.overdue {
            ui.label(
                RichText::new("OVERDUE")
                    .strong()
                    .color(Color32::WHITE)
                    .background_color(Color32::from_rgb(0xb3, 0x26, 0x1e)),
            );
        }
        ui.add(
            egui::Label::new(RichText::new(format!("{} · {}", rec.p, rec.text)).strong())
                .truncate(),
        );
    });
    let mut meta = format!(
        "{name} · owner: {} · due: {}{}",
        if rec.owner.is_empty() {
            "—"
        } else {
            &rec.owner
        },
        rec.due_shown(),
        if rec.overdue {
            format!(" (overdue: today is {})", today.long())
        } else {
            String::new()
        }
    );
    if !rec.review.is_empty() {
        meta.push_str(&format!(" · Latest review: {}", rec.review));
    }
    ui.add(egui::Label::new(RichText::new(meta).color(muted)).truncate());
    ui.horizontal(|ui| {
        for pr in Progress::ALL {
            let on = rec.progress == pr;
            let b = ui.add(egui::Button::new(pr.label()).selected(on));
            let label = format!("{name}: {}", pr.label());
            b.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, on, &label));
            if b.clicked() && !on {
                out.push(Command::Review {
                    record: rec.record.clone(),
                    index: rec.index,
                    progress: pr,
                    review: rec.review.clone(),
                });
            }
        }
        let key = (rec.record.clone(), rec.index);
        let draft = drafts.entry(key).or_default();
        let l = ui.label("Review note");
        let field = ui
            .add(
                egui::TextEdit::singleline(draft)
                    .hint_text("e.g. June 2027: procedure adopted, training booked")
                    .desired_width(320.0),
            )
            .labelled_by(l.id);
        // Enter saves from this one-line field, as everywhere.
        let entered = crate::app::widgets::submitted(ui, &field, false);
        let save = ui.add_enabled(!draft.trim().is_empty(), egui::Button::new("Save note"));
        let label = format!("Save review note for {name}");
        save.widget_info(|| {
            egui::WidgetInfo::labeled(egui::Role::Button, !draft.trim().is_empty(), &label)
        });
        if save.clicked() || (entered && !draft.trim().is_empty()) {
            out.push(Command::Review {
                record: rec.record.clone(),
                index: rec.index,
                progress: rec.progress,
                review: draft.trim().to_owned(),
            });
        }
    });
}

/// The profile over time as a table: one row a session, only the rows in view drawn.
fn profile_table(ui: &mut Ui, p: &Programme, dark: bool) {
    const WIDTHS: [f32; 9] = [92.0, 240.0, 48.0, 90.0, 84.0, 84.0, 84.0, 84.0, 84.0];
    let cell = |ui: &mut Ui, w: f32, text: RichText| {
        ui.add_sized(
            [w, ui.spacing().interact_size.y],
            egui::Label::new(text).truncate(),
        );
    };
    ui.horizontal(|ui| {
        for (h, w) in [
            "Date", "Session", "Index", "Band", "Pursue", "Prevent", "Protect", "Prepare",
            "Attended",
        ]
        .into_iter()
        .zip(WIDTHS)
        {
            cell(ui, w, RichText::new(h).strong());
        }
    });
    let row_height = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("programme-profile")
        .max_height((row_height + ui.spacing().item_spacing.y) * 10.0)
        .min_scrolled_height(
            (row_height + ui.spacing().item_spacing.y) * p.sessions.len().min(10) as f32,
        )
        .auto_shrink([false, true])
        .show_rows(ui, row_height, p.sessions.len(), |ui, range| {
            for r in &p.sessions[range] {
                ui.horizontal(|ui| {
                    let band = match r.band {
                        Some(b) => RichText::new(b.label()).color(band_colour(b, dark)),
                        None => RichText::new("—"),
                    };
                    let cells = [
                        RichText::new(r.date.to_string()),
                        RichText::new(&r.title),
                        RichText::new(score_text(r.index)),
                        band,
                        RichText::new(score_text(r.pillars[0])),
                        RichText::new(score_text(r.pillars[1])),
                        RichText::new(score_text(r.pillars[2])),
                        RichText::new(score_text(r.pillars[3])),
                        RichText::new(if r.attended == 0 {
                            "—".to_owned()
                        } else {
                            r.attended.to_string()
                        }),
                    ];
                    for (text, w) in cells.into_iter().zip(WIDTHS) {
                        cell(ui, w, text);
                    }
                });
            }
        });
}

/// The date and area filters.
fn filters(app: &mut DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let state = &mut app.programme;
    let areas = state
        .computed
        .as_ref()
        .map(|p| p.areas.clone())
        .unwrap_or_default();
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("From");
        ui.add(
            egui::TextEdit::singleline(&mut state.from_text)
                .hint_text("YYYY-MM-DD")
                .desired_width(110.0),
        )
        .labelled_by(l.id);
        let l = ui.label("To");
        ui.add(
            egui::TextEdit::singleline(&mut state.to_text)
                .hint_text("YYYY-MM-DD")
                .desired_width(110.0),
        )
        .labelled_by(l.id);
        if ui.button("Apply dates").clicked() {
            out.push(Command::ProgrammeFilter {
                from: state.from_text.clone(),
                to: state.to_text.clone(),
                areas: state.filter.areas.clone(),
            });
        }
        if ui.button("Last six months").clicked() {
            let today = Date::today();
            out.push(Command::ProgrammeFilter {
                from: today
                    .add_days(-183)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                to: today.to_string(),
                areas: state.filter.areas.clone(),
            });
        }
        if ui.button("All dates").clicked() {
            out.push(Command::ProgrammeFilter {
                from: String::new(),
                to: String::new(),
                areas: state.filter.areas.clone(),
            });
        }
    });
    if areas.len() > 1 || !state.filter.areas.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.label("Areas:");
            for a in &areas {
                let mut on = state.filter.areas.is_empty() || state.filter.areas.contains(a);
                if ui.checkbox(&mut on, a).changed() {
                    let mut chosen: BTreeSet<String> = if state.filter.areas.is_empty() {
                        areas.iter().cloned().collect()
                    } else {
                        state.filter.areas.clone()
                    };
                    if on {
                        chosen.insert(a.clone());
                    } else {
                        chosen.remove(a);
                    }
                    // Every area ticked is the same as no area filter.
                    if chosen.len() == areas.len() {
                        chosen.clear();
                    }
                    out.push(Command::ProgrammeFilter {
                        from: state.from_text.clone(),
                        to: state.to_text.clone(),
                        areas: chosen,
                    });
                }
            }
        });
    }
    if let Some(problem) = &state.filter_problem {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
    ui.label(
        RichText::new(format!("Showing: {}", state.filter.period()))
            .color(ui.visuals().weak_text_color()),
    );
}

/// The profile over time as lines (index and each P; x is days since the first session).
fn profile_chart(ui: &mut Ui, p: &Programme) {
    let first = p.sessions.first().map_or(0, |r| r.date.days_since_epoch());
    let colours = [
        Color32::from_rgb(0x1f, 0x5f, 0xa8),
        Color32::from_rgb(0x8a, 0x3b, 0x9e),
        Color32::from_rgb(0x1b, 0x7a, 0x3a),
        Color32::from_rgb(0xa8, 0x5d, 0x00),
    ];
    let text = ui.visuals().text_color();
    ui.allocate_ui(egui::vec2(760.0, 280.0), |ui| {
        widgets::score_chart("programme-chart")
            .height(270.0)
            .width(750.0)
            .legend(egui_plot::Legend::default().position(egui_plot::Corner::RightBottom))
            .x_axis_formatter(move |mark, _| {
                Date::from_days_since_epoch(first + mark.value.round() as i64)
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            })
            .show(ui, |plot| {
                let series = |f: &dyn Fn(&crate::programme::SessionRow) -> Option<f64>| {
                    p.sessions
                        .iter()
                        .filter_map(|r| {
                            f(r).map(|v| [(r.date.days_since_epoch() - first) as f64, v])
                        })
                        .collect::<Vec<[f64; 2]>>()
                };
                plot.line(
                    egui_plot::Line::new("Resilience index", series(&|r| r.index))
                        .color(text)
                        .width(3.0),
                );
                for (q, colour) in Pillar::ALL.iter().zip(colours) {
                    let i = q.index();
                    plot.line(
                        egui_plot::Line::new(q.name(), series(&|r| r.pillars[i]))
                            .color(colour)
                            .width(2.0)
                            .style(egui_plot::LineStyle::dashed_loose()),
                    );
                }
            });
    });
}

/// Who attended a facilitated session, ticked from the roster (shown in its debrief).
pub fn attendance_picker(app: &DeskauditApp, ui: &mut Ui, out: &mut Vec<Command>) {
    let Some(open) = &app.open else { return };
    let present = &open.session.state().attendance;
    ui.add_space(10.0);
    ui.label(RichText::new("Who attended").size(21.0).strong());
    if app.programme.roster.people.is_empty() {
        ui.label("Import the roster in History to tick who attended (optional).");
        return;
    }
    ui.label(format!(
        "{} ticked. Optional: the programme counts who has taken part.",
        present.len()
    ));
    egui::CollapsingHeader::new("Tick who attended")
        .id_salt("attendance")
        .show(ui, |ui| {
            for role in Role::ALL {
                ui.label(RichText::new(format!("{}s", role.label())).strong());
                ui.horizontal_wrapped(|ui| {
                    for person in app
                        .programme
                        .roster
                        .sorted()
                        .into_iter()
                        .filter(|p| p.role == role)
                    {
                        let was = present.iter().any(|a| a.person == person.id);
                        let mut on = was;
                        if ui.checkbox(&mut on, &person.name).changed() {
                            let mut list: Vec<Attendee> = present
                                .iter()
                                .filter(|a| a.person != person.id)
                                .cloned()
                                .collect();
                            if on {
                                list.push(Attendee {
                                    person: person.id.clone(),
                                    name: person.name.clone(),
                                });
                            }
                            out.push(Command::SetAttendance(list));
                        }
                    }
                });
            }
        });
}
