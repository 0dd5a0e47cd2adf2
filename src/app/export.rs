//! Saving the open session's report: always into the data folder's `reports` folder, and with
//! save dialogs on, also where the user picks.

use super::DeskauditApp;
use crate::session::{Mode, Session};

impl DeskauditApp {
    /// Writes the open session's report to `DATA/reports/ID.EXT` (always, so a copy is kept
    /// even when no dialog can be shown) and, with save dialogs on, also where the user picks.
    pub(super) fn export(&mut self, format: crate::report::Format) {
        let Some(open) = &self.open else { return };
        let dir = self.data_dir.join("reports");
        let file = dir.join(format!("{}.{}", open.id, format.extension()));
        let text = crate::report::render(&open.session, format);
        let result = std::fs::create_dir_all(&dir)
            .and_then(|()| crate::fsutil::write_atomically(&file, text.as_bytes()));
        let mut message = match result {
            Ok(()) => format!("Report saved in the data folder: {}", file.display()),
            Err(e) => format!("Could not save the report to {}: {e}", file.display()),
        };
        if self.save_dialogs {
            let name = export_file_name(&open.session, &open.id, format);
            let (kind, ext) = match format {
                crate::report::Format::Html => ("Web page (printable)", "html"),
                crate::report::Format::Markdown => ("Markdown", "md"),
                crate::report::Format::Csv => ("CSV spreadsheet", "csv"),
            };
            // Blocks this window while the system dialog is open, as a save dialog should.
            let chosen = rfd::FileDialog::new()
                .set_title("Save the report")
                .set_file_name(name)
                .add_filter(kind, &[ext])
                .save_file();
            if let Some(path) = chosen {
                message = match crate::fsutil::write_atomically(&path, text.as_bytes()) {
                    Ok(()) => format!(
                        "Report saved: {} (a copy is in {})",
                        path.display(),
                        dir.display()
                    ),
                    Err(e) => format!(
                        "Could not save the report to {}: {e}. A copy is in {}",
                        path.display(),
                        dir.display()
                    ),
                };
            }
        }
        self.banner = Some(message);
    }
}

/// A file name for a report: the session's title and date, made safe for any file system.
fn export_file_name(session: &Session, id: &str, format: crate::report::Format) -> String {
    let cfg = session.config();
    let base = if cfg.mode == Mode::Facilitated {
        format!("{} {}", session.display_title(), cfg.date)
    } else {
        format!("{} {id}", session.state().started.scenario_title)
    };
    let safe: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    let safe: String = safe.chars().take(80).collect();
    format!(
        "{}.{}",
        if safe.is_empty() { id } else { &safe },
        format.extension()
    )
}
