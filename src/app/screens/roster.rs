//! The roster: the council's members and officers, imported from a CSV or added here one by
//! one, and removed without losing anyone's results (their sessions then count "a former
//! member"). Reached from the programme view in History.

use crate::app::programme::RosterForm;
use crate::app::theme::muted;
use crate::app::widgets;
use crate::app::{Command, Screen};
use crate::programme::roster::{Role, Roster};
use egui::{RichText, Ui};

/// The roster screen.
pub fn roster(
    roster: &Roster,
    problem: Option<&str>,
    import_errors: &[String],
    form: &mut RosterForm,
    ui: &mut Ui,
    out: &mut Vec<Command>,
) {
    ui.heading("Roster");
    let count = |n: usize, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    ui.label(format!(
        "{} and {}. Names stay on this computer (in roster.ron in the data folder).",
        count(roster.count(Role::Member), "member"),
        count(roster.count(Role::Officer), "officer")
    ));
    if let Some(problem) = problem {
        ui.colored_label(
            ui.visuals().error_fg_color,
            format!("The roster file could not be read and is left as it is: {problem}"),
        );
        return;
    }
    ui.horizontal_wrapped(|ui| {
        widgets::command_button(ui, Command::ImportRoster(None), out);
        let back = ui.button("Back to History");
        widgets::sends(back, Command::Show(Screen::History), out);
    });
    if !import_errors.is_empty() {
        ui.colored_label(
            ui.visuals().error_fg_color,
            "The roster file was not imported; nothing changed. Put these right and import it again:",
        );
        for e in import_errors {
            ui.label(e);
        }
    }

    widgets::heading(ui, "Add someone");
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Name");
        ui.add(egui::TextEdit::singleline(&mut form.name).desired_width(220.0))
            .labelled_by(l.id);
        for role in Role::ALL {
            ui.radio_value(&mut form.role, role, role.label());
        }
        let l = ui.label("Ward or service");
        ui.add(egui::TextEdit::singleline(&mut form.ward).desired_width(180.0))
            .labelled_by(l.id);
        let add = Command::AddToRoster;
        let r = ui.add_enabled(!form.name.trim().is_empty(), egui::Button::new(add.label()));
        widgets::sends(r, add, out);
    });

    widgets::heading(ui, "Everyone on the roster");
    if roster.people.is_empty() {
        ui.label("Nobody yet: import the council's list (a CSV with name, role and ward or service) or add people above.");
        return;
    }
    ui.label(
        RichText::new(
            "Removing someone keeps the results of the sessions they took part in: the programme then counts them as a former member.",
        )
        .color(muted(ui)),
    );
    egui::Grid::new("roster-people")
        .striped(true)
        .spacing(egui::vec2(18.0, 4.0))
        .show(ui, |ui| {
            for h in ["Name", "Role", "Ward or service", ""] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for p in roster.sorted() {
                ui.label(&p.name);
                ui.label(p.role.label());
                ui.label(&p.ward_or_service);
                let remove = Command::RemoveFromRoster(p.id.clone());
                let r = ui.button(remove.label());
                let name = format!("Remove {} from the roster", p.name);
                r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
                widgets::sends(r, remove, out);
                ui.end_row();
            }
        });
}
