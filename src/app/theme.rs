//! Text sizes and colours: the app's palette in one place (bands, checkpoint statuses), and
//! the egui style built from the user's colour scheme.

use super::settings::Theme;
use crate::scenario::Band;
use crate::session::Status;
use egui::{Color32, Ui};

/// Body text size (points).
pub const BODY: f32 = 17.0;
/// Small text size (points).
pub const SMALL: f32 = 14.5;
/// The widest a column of reading text gets (points).
pub const MAX_TEXT_WIDTH: f32 = 860.0;

/// The bands' colours as RGB: green, amber, red; the light scheme's are the printed report's.
/// Plain data (no egui), so the reports can share the palette.
pub const fn band_rgb(band: Band, dark: bool) -> [u8; 3] {
    match (band, dark) {
        (Band::Resilient, false) => [0x1b, 0x7a, 0x3a],
        (Band::Developing, false) => [0xa8, 0x5d, 0x00],
        (Band::Vulnerable, false) => [0xb3, 0x26, 0x1e],
        (Band::Resilient, true) => [0x6f, 0xd3, 0x8a],
        (Band::Developing, true) => [0xf2, 0xb0, 0x4c],
        (Band::Vulnerable, true) => [0xff, 0x8a, 0x80],
    }
}

/// Colours for the bands: green, amber, red (always shown with the band's name too).
pub fn band_colour(band: Band, dark: bool) -> Color32 {
    let [r, g, b] = band_rgb(band, dark);
    Color32::from_rgb(r, g, b)
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

/// Whether the UI is in a dark scheme.
pub fn is_dark(ui: &Ui) -> bool {
    ui.visuals().dark_mode
}

/// Muted text colour for secondary lines.
pub fn muted(ui: &Ui) -> Color32 {
    ui.visuals().weak_text_color()
}

/// Colour for a checkpoint status: met green, partly amber, missed red, not tested muted.
pub fn status_colour(status: Status, ui: &Ui) -> Color32 {
    let dark = is_dark(ui);
    match status {
        Status::Met => band_colour(Band::Resilient, dark),
        Status::PartlyMet => band_colour(Band::Developing, dark),
        Status::Missed | Status::NotReached => band_colour(Band::Vulnerable, dark),
        Status::NotTested => muted(ui),
    }
}
