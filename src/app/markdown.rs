//! Light Markdown for scenario text: paragraphs, `# `/`## ` headings, `- ` bullets, `**bold**`
//! and `*italic*`. Nothing else is interpreted, and nothing from a scenario is executed.

use egui::text::LayoutJob;
use egui::{Color32, FontId, RichText, TextFormat, Ui};

/// Renders `text` into `ui` at body size `size` (points).
pub fn show(ui: &mut Ui, text: &str, size: f32) {
    for block in text.split("\n\n") {
        let block = block.trim_matches('\n');
        if block.trim().is_empty() {
            continue;
        }
        for line in block.lines() {
            let trimmed = line.trim_start();
            if let Some(h) = trimmed
                .strip_prefix("## ")
                .or_else(|| trimmed.strip_prefix("# "))
            {
                ui.label(RichText::new(h).strong().size(size * 1.15));
            } else if let Some(item) = trimmed.strip_prefix("- ") {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("•").size(size));
                    inline(ui, item, size);
                });
            } else {
                inline(ui, line, size);
            }
        }
        ui.add_space(size * 0.6);
    }
}

/// One line with `**bold**` and `*italic*` spans.
pub fn inline(ui: &mut Ui, line: &str, size: f32) {
    let mut job = LayoutJob::default();
    let colour = ui.visuals().text_color();
    let strong = ui.visuals().strong_text_color();
    append_inline(&mut job, line, size, colour, strong);
    job.wrap.max_width = ui.available_width();
    ui.label(job);
}

/// Appends `line` to `job` at `size` points, `**bold**` spans in `strong` and `*italic*` spans
/// in italics.
pub fn append_inline(job: &mut LayoutJob, line: &str, size: f32, colour: Color32, strong: Color32) {
    let mut rest = line;
    let (mut bold, mut italic) = (false, false);
    while !rest.is_empty() {
        let next = rest.find('*').unwrap_or(rest.len());
        if next > 0 {
            let mut f = TextFormat::simple(
                FontId::proportional(size),
                if bold { strong } else { colour },
            );
            f.italics = italic;
            job.append(&rest[..next], 0.0, f);
        }
        rest = &rest[next..];
        if let Some(r) = rest.strip_prefix("**") {
            bold = !bold;
            rest = r;
        } else if let Some(r) = rest.strip_prefix('*') {
            italic = !italic;
            rest = r;
        }
    }
}

/// The text with Markdown marks removed (for accessible labels and plain exports).
pub fn plain(text: &str) -> String {
    text.replace("**", "").replace('*', "")
}
