//! The user's settings, persisted as RON in the data folder by atomic replace. A settings
//! file that cannot be read is reported and left alone; defaults are used instead.
//!
//! Settings belong to a machine, not to the data folder: when several laptops share one data
//! folder on a network drive, each keeps its own text size and theme in
//! `settings/MACHINE.ron`. A `settings.ron` from before that is read once as a starting point.

use crate::session::FeedbackMode;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Colour schemes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Theme {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
    /// Maximum contrast: black on white, strong outlines.
    HighContrast,
}

impl Theme {
    /// The words shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Theme::Light => "Light",
            Theme::Dark => "Dark",
            Theme::HighContrast => "High contrast",
        }
    }
}

/// Everything the user can set.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// File schema version.
    pub schema: u32,
    /// Text size as a zoom factor (1.0 = normal).
    pub zoom: f32,
    /// Colour scheme.
    pub theme: Theme,
    /// Feedback mode new self-study sessions start with.
    pub default_feedback: FeedbackMode,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            schema: 1,
            zoom: 1.25,
            theme: Theme::Light,
            default_feedback: FeedbackMode::Immediate,
        }
    }
}

/// Smallest and largest zoom.
pub const ZOOM_RANGE: (f32, f32) = (0.75, 2.5);

impl Settings {
    /// This machine's settings file in a data folder.
    pub fn path(data_dir: &Path) -> PathBuf {
        data_dir.join("settings").join(format!(
            "{}.ron",
            crate::store::shared_folder::machine_name()
        ))
    }

    /// Where settings were kept before they were per machine.
    fn shared_path(data_dir: &Path) -> PathBuf {
        data_dir.join("settings.ron")
    }

    /// Loads settings; a missing file gives defaults, an unreadable one gives defaults and
    /// the reason (the file is left as it is and not overwritten this session).
    pub fn load(data_dir: &Path) -> (Settings, Option<String>) {
        let own = Settings::path(data_dir);
        let path = if own.exists() || !Settings::shared_path(data_dir).exists() {
            own
        } else {
            Settings::shared_path(data_dir)
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            if path.exists() {
                return (
                    Settings::default(),
                    Some(format!(
                        "{}: could not be read as text; using default settings",
                        path.display()
                    )),
                );
            }
            return (Settings::default(), None);
        };
        match ron::from_str::<Settings>(&text) {
            Ok(mut s) => {
                s.zoom = s.zoom.clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
                (s, None)
            }
            Err(e) => (
                Settings::default(),
                Some(format!(
                    "{}:{}:{}: {} — using default settings; fix or delete the file",
                    path.display(),
                    e.span.start.line,
                    e.span.start.col,
                    e.code
                )),
            ),
        }
    }

    /// Saves settings by atomic replace.
    pub fn save(&self, data_dir: &Path) -> std::io::Result<()> {
        let path = Settings::path(data_dir);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text =
            ron::ser::to_string_pretty(self, ron::ser::PrettyConfig::new().struct_names(true))
                .map_err(std::io::Error::other)?;
        crate::fsutil::write_atomically(&path, text.as_bytes())
    }
}
