//! The desktop app (egui/eframe): library, self-study play, debrief, history and settings.
//!
//! Screens send [`Command`]s; [`DeskauditApp::handle`] carries them out in one place. The app
//! never follows a `goto` or computes a score: it asks the [`Session`] engine.

mod analysis;
pub mod authoring;
mod command;
mod export;
pub mod facilitation;
mod handle;
mod keys;
pub mod map_view;
mod markdown;
pub mod programme;
pub mod projector;
mod screens;
pub mod settings;
mod state;
pub mod theme;
mod widgets;

pub use authoring::{AuthorEntry, AuthorState};
pub use command::{Command, Screen};
pub use state::{OpenSession, StartForm};

use crate::scenario::{Analysis, FailedFile, Library, Severity, Source, analyse, cache};
use crate::store::{Store, Unreadable};
use crate::watch::{FolderWatcher, LiveLibrary};
use settings::{Settings, Theme};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How often History looks for records written by another machine, in seconds.
const POLL_SECS: f64 = 5.0;

/// The app's state.
pub struct DeskauditApp {
    /// Scenarios found, and files that failed.
    pub library: Library,
    /// Analyses by scenario id, as they arrive from `background` (or are worked out on
    /// first use, when a session starts before they arrive).
    analyses: BTreeMap<String, Analysis>,
    /// Explores the scenarios' states off the UI thread, from the second frame on.
    background: analysis::Background,
    /// Frames drawn so far (saturating).
    frames_shown: u32,
    /// Where data lives.
    pub data_dir: PathBuf,
    store: Store,
    /// User settings.
    pub settings: Settings,
    /// Whether settings may be written (false when the file could not be read).
    settings_writable: bool,
    /// The current screen.
    pub screen: Screen,
    /// The open session.
    pub open: Option<OpenSession>,
    /// Saved sessions, refreshed when History or the Library is shown, and every few
    /// seconds while History is on screen (only new or changed files are read), so records
    /// written by another machine on a shared folder appear without a restart.
    records: crate::store::cache::RecordCache,
    /// When History last looked for new records (`ctx` time, seconds).
    last_poll_secs: f64,
    /// The learner's 4P profile, computed when the records change.
    history_profile: state::ProfileSummary,
    unreadable: Vec<Unreadable>,
    /// A message for the user (an error that did not stop the app).
    pub banner: Option<String>,
    /// The start screen's form.
    pub start: StartForm,
    confirm_delete: Option<String>,
    applied_style: Option<(Theme, f32)>,
    /// For the start-up benchmark: report the time to the first frame and to the first frame
    /// at the window's size, then close.
    pub first_frame_probe: Option<FirstFrameProbe>,
    /// Whether exports offer a native save dialog (off in tests and headless runs; the report
    /// is always saved in the data folder as well).
    pub save_dialogs: bool,
    /// Commands for the projector window, sent at the next frame.
    pending_viewport_commands: Vec<egui::ViewportCommand>,
    /// Review notes being written in History: (record id, recommendation) → text.
    pub review_drafts: BTreeMap<(String, usize), String>,
    /// The library shows only this area's scenarios (`None`: all).
    pub library_area: Option<String>,
    /// The library shows only scenarios written for this kind of council (`None`: all).
    pub library_council: Option<crate::scenario::CouncilType>,
    /// The programme: roster, filter, and what is computed from them.
    pub programme: programme::ProgrammeState,
    /// A session the user tried to resume that another machine has open: (id, whose lock).
    pub takeover: Option<(String, crate::store::shared_folder::LockInfo)>,
    /// The built-in scenarios and the user's folder, kept up to date as files change;
    /// `library` is its copy.
    pub live: LiveLibrary,
    /// Watches the user's scenarios folder, once [`DeskauditApp::watch_user_folder`] is called.
    watcher: Option<FolderWatcher>,
    /// The Author screen's state.
    pub author: AuthorState,
    /// The live library's change count `library` was copied at.
    mirrored_changes: u64,
    /// Counts arrivals on a screen, so each visit starts scrolled to the top.
    screen_visit: u64,
}

impl DeskauditApp {
    /// Builds the app on a data folder with the given scenario library, with its saved
    /// sessions listed (waiting up to five seconds for them: tests and tools want them there).
    pub fn new(data_dir: PathBuf, library: Library) -> Self {
        Self::with_records_wait(data_dir, library, std::time::Duration::from_secs(5))
    }

    /// Builds the app; the saved sessions are read on another thread, and this waits at most
    /// `wait` for them (the window waits not at all: History says it is reading them).
    pub fn with_records_wait(
        data_dir: PathBuf,
        library: Library,
        wait: std::time::Duration,
    ) -> Self {
        let (settings, problem) = Settings::load(&data_dir);
        // Nothing heavy before the first frame: the states are explored in the background.
        let background = analysis::Background::prepare(&data_dir, &library);
        let store = Store::new(&data_dir);
        let records = crate::store::cache::RecordCache::open_in_background(&data_dir, wait);
        // The user's folder follows its files from now on (nothing is read again here).
        let live = LiveLibrary::from_loaded(library.clone(), Source::UserFolder);
        let mut app = DeskauditApp {
            library,
            analyses: BTreeMap::new(),
            background,
            frames_shown: 0,
            store,
            start: StartForm {
                feedback: settings.default_feedback,
                ..StartForm::default()
            },
            settings,
            settings_writable: problem.is_none(),
            data_dir,
            screen: Screen::Library,
            open: None,
            records,
            last_poll_secs: 0.0,
            history_profile: state::ProfileSummary::default(),
            unreadable: Vec::new(),
            banner: problem,
            confirm_delete: None,
            library_area: None,
            library_council: None,
            applied_style: None,
            first_frame_probe: None,
            save_dialogs: false,
            pending_viewport_commands: Vec::new(),
            review_drafts: BTreeMap::new(),
            programme: programme::ProgrammeState::default(),
            takeover: None,
            live,
            watcher: None,
            author: AuthorState::default(),
            mirrored_changes: 0,
            screen_visit: 0,
        };
        app.programme = programme::ProgrammeState::load(&app.data_dir);
        app.records_changed();
        app
    }

    /// Whether the frame being drawn is the first the app draws.
    pub(crate) fn first_frame(&self) -> bool {
        self.frames_shown == 1
    }

    /// How many saved sessions are listed (0 while they are still being read).
    pub fn records_len(&self) -> usize {
        self.records.records().len()
    }

    fn refresh_records(&mut self) {
        let changes = self.records.refresh();
        if !changes.is_empty() {
            self.records_changed();
        }
    }

    /// Recomputes what is shown from the records (once per change, never per frame).
    fn records_changed(&mut self) {
        self.unreadable = self.records.unreadable();
        self.history_profile = state::ProfileSummary::of(self.records.records());
        self.programme.invalidate();
    }

    /// Saves the open session, only while this machine holds its lock: on a shared folder a
    /// session taken over by another machine is never saved over.
    fn save_open(&mut self) {
        use crate::store::shared_folder::{LockError, SessionLock};
        let Some(open) = &mut self.open else { return };
        // A test play from the Author screen is never saved.
        if open.session.is_test() {
            return;
        }
        match &open.lock {
            Some(lock) => {
                if let Err(holder) = lock.check() {
                    self.banner = Some(format!(
                        "This change was not saved: the session is now {}. Close it here.",
                        holder.describe()
                    ));
                    return;
                }
            }
            None => match SessionLock::acquire(self.store.dir(), &open.id) {
                Ok(lock) => open.lock = Some(lock),
                Err(LockError::Held(info)) => {
                    self.banner = Some(format!(
                        "This change was not saved: the session is {}.",
                        info.describe()
                    ));
                    return;
                }
                // A folder where no lock can be written still gets the record saved.
                Err(LockError::Io { .. }) => {}
            },
        }
        match self.store.save(&open.id, &open.session) {
            Ok(()) => {
                self.records.saved(&open.id, &open.session);
                self.records_changed();
            }
            Err(e) => self.banner = Some(format!("Could not save the session: {e}")),
        }
    }

    fn save_settings(&mut self) {
        if !self.settings_writable {
            return;
        }
        if let Err(e) = self.settings.save(&self.data_dir) {
            self.banner = Some(format!("Could not save settings: {e}"));
        }
    }

    /// Takes in what the background exploration has found so far; while it is still at work,
    /// asks for another frame soon so that its results show without the user's input.
    pub fn poll_analyses(&mut self, ctx: Option<&egui::Context>) {
        if self.frames_shown > 0 {
            // The first frame is on screen: the exploration no longer delays it.
            self.background.run();
        }
        let done = self.background.arrived();
        self.absorb(done);
        if let (Some(ctx), true) = (ctx, self.background.pending() > 0) {
            if self.frames_shown == 0 {
                ctx.request_repaint(); // a second frame at once, which starts the thread
            } else {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
            }
        }
    }

    /// Waits until the background exploration has finished (benchmarks and tests).
    pub fn wait_for_analyses(&mut self) {
        let done = self.background.wait_all();
        self.absorb(done);
    }

    /// How many scenarios still await, in the background, the checks that explore their
    /// states (the library says "analysing…" meanwhile: their warnings are still to come).
    pub fn analysing(&self) -> usize {
        self.background.checks_pending()
    }

    /// The analysis of a scenario, if it is known yet.
    pub fn analysis(&self, scenario_id: &str) -> Option<&Analysis> {
        self.analyses.get(scenario_id)
    }

    /// Records what exploring the states found: the analysis, and the problems of a
    /// scenario whose state checks had been left for later (a scenario they find an error
    /// in moves to the failed files, as it would have at load time).
    fn absorb(&mut self, done: Vec<analysis::Done>) {
        if !done.is_empty() && self.background.pending() == 0 {
            // The last check is in: what exploring the states allocated is free again.
            crate::platform::release_freed_memory();
        }
        for d in done {
            let Some(i) = self
                .library
                .scenarios
                .iter()
                .position(|s| s.scenario.id.0 == d.id && s.content_hash == d.hash)
            else {
                continue; // the library changed since
            };
            if let (Some(found), Some(_)) =
                (d.found.diagnostics, &self.library.scenarios[i].deferred)
            {
                let loaded = &mut self.library.scenarios[i];
                loaded.deferred = None;
                loaded.warnings.extend(found);
                loaded.warnings.sort_by_key(|w| (w.line, w.col));
                if loaded
                    .warnings
                    .iter()
                    .any(|w| w.severity == Severity::Error)
                {
                    let loaded = self.library.scenarios.remove(i);
                    self.analyses.remove(&d.id);
                    self.library.failed.push(FailedFile {
                        source: loaded.source,
                        file: loaded.file,
                        diagnostics: loaded.warnings,
                    });
                    continue;
                }
            }
            if let Ok(a) = d.found.analysis {
                self.analyses.insert(d.id, a);
            }
        }
    }

    /// Analyses a scenario on first use, if the background has not done so yet (and
    /// finishes its state checks, which may find it cannot be played after all).
    fn ensure_analysis(&mut self, scenario_id: &str) {
        self.poll_analyses(None);
        if self.analyses.contains_key(scenario_id) {
            return;
        }
        let Some(l) = self.library.get(scenario_id) else {
            return;
        };
        let found = match &l.deferred {
            Some(text) => {
                cache::explore(
                    &self.data_dir,
                    &l.content_hash,
                    &l.scenario,
                    &l.file,
                    Some(text),
                )
                .0
            }
            None => cache::Explored {
                analysis: analyse(&l.scenario),
                diagnostics: None,
            },
        };
        let done = analysis::Done {
            id: scenario_id.to_owned(),
            hash: l.content_hash.clone(),
            found,
        };
        self.absorb(vec![done]);
    }

    fn apply_style(&mut self, ctx: &egui::Context) {
        self.apply_style_at(ctx, false);
    }

    /// [`Self::apply_style`]; `before_first_pass` when the context has not run a pass yet
    /// (the window is being created).
    fn apply_style_at(&mut self, ctx: &egui::Context, before_first_pass: bool) {
        let want = (self.settings.theme, self.settings.zoom);
        if self.applied_style == Some(want) {
            return;
        }
        self.applied_style = Some(want);
        // Ctrl + and Ctrl − are the app's own commands (with its limits, and saved in the
        // settings); egui's built-in keyboard zoom would also act on them and carry the text
        // past the largest size the app offers.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        theme::apply_theme(ctx, self.settings.theme);
        set_zoom(ctx, self.settings.zoom, before_first_pass);
    }

    /// Draws the whole app into `ui` (the root of the window) and handles what was asked.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.apply_style(&ctx);
        self.sync_live();
        self.poll_analyses(Some(&ctx));
        self.frames_shown = self.frames_shown.saturating_add(1);
        if let Some(open) = &mut self.open
            && let Some(f) = &mut open.facilitation
            && self.screen == Screen::Console
        {
            f.tick(&ctx, &open.session);
        }
        if let Some(open) = &mut self.open
            && let Some(lock) = &mut open.lock
            && let Err(holder) = lock.refresh_if_due()
        {
            self.banner = Some(format!(
                "This session has been taken over: it is now {}. Changes here are no longer saved.",
                holder.describe()
            ));
        }
        if self.records.is_loading() {
            if self.records.poll() {
                self.records_changed();
                // Reading the index left freed memory behind.
                crate::platform::release_freed_memory();
            } else {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
            }
        }
        if self.screen == Screen::History {
            // Look for records written by another machine every few seconds (one listing of
            // the folder; only new or changed files are read).
            let now = ctx.input(|i| i.time);
            if now - self.last_poll_secs >= POLL_SECS {
                self.last_poll_secs = now;
                self.refresh_records();
            }
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(POLL_SECS));
        }
        // What the projector window was asked for (its keys, its close button) comes first.
        let mut commands = self.projector_requests();
        commands.extend(self.shortcuts(&ctx));
        commands.extend(screens::draw(self, ui));
        for c in commands {
            self.handle(c);
        }
        self.sync_projector(&ctx);
    }

    /// Commands the projector window sent since the last frame.
    fn projector_requests(&mut self) -> Vec<Command> {
        let Some(f) = self.open.as_ref().and_then(|o| o.facilitation.as_ref()) else {
            return Vec::new();
        };
        match f.link.lock() {
            Ok(mut shared) => std::mem::take(&mut shared.requests),
            Err(poisoned) => std::mem::take(&mut poisoned.into_inner().requests),
        }
    }

    /// What the projector shows now: `None` when no projector window is open.
    pub fn projector_show(&self) -> Option<projector::Show> {
        let open = self.open.as_ref()?;
        let f = open.facilitation.as_ref()?;
        if !f.projector_open || !matches!(self.screen, Screen::Console | Screen::Debrief) {
            return None;
        }
        let scenario = self
            .library
            .get(&open.session.state().started.scenario_id)
            .map(|l| &*l.scenario);
        Some(facilitation::projector_show(open, scenario))
    }

    /// Keeps the projector window open while a facilitated session is on screen, and tells it
    /// at once when what it shows has changed.
    fn sync_projector(&mut self, ctx: &egui::Context) {
        let show = self.projector_show();
        let Some(f) = self.open.as_mut().and_then(|o| o.facilitation.as_mut()) else {
            return;
        };
        let Some(show) = show else {
            self.pending_viewport_commands.clear();
            return;
        };
        let changed = match f.link.lock() {
            Ok(mut shared) => {
                let changed = shared.show != show;
                if changed {
                    shared.show = show;
                }
                changed
            }
            Err(_) => false,
        };
        projector::show_window(ctx, &f.link);
        for cmd in self.pending_viewport_commands.drain(..) {
            ctx.send_viewport_cmd_to(projector::projector_id(), cmd);
        }
        if changed {
            ctx.request_repaint_of(projector::projector_id());
        }
    }
}

impl eframe::App for DeskauditApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
        if let Some(probe) = &mut self.first_frame_probe {
            probe.frame(ui.ctx());
        }
    }
}

/// Sets the zoom; `before_first_pass` when the context has not run a pass yet. Then it is
/// set as it is: `set_zoom_factor` rescales the previous pass's screen to the new zoom, and
/// before the first pass that is egui's 10,000-pixel placeholder, so the first pass laid the
/// library out on a screen 8,000 points wide, off the window, and it appeared only at the
/// second pass, some 60 ms later.
fn set_zoom(ctx: &egui::Context, zoom: f32, before_first_pass: bool) {
    if before_first_pass {
        ctx.options_mut(|o| o.zoom_factor = zoom);
    } else {
        ctx.set_zoom_factor(zoom);
    }
}

/// Whether this pass knows the window's real size. Until egui is told one it lays out on a
/// placeholder screen 10,000 pixels square, and a rescaled placeholder can be larger than the
/// monitor (eframe's first pass came out 8,000 points square when the zoom was set the
/// wrong way before it).
pub fn window_sized(ctx: &egui::Context) -> bool {
    ctx.input(|i| {
        let screen = i.viewport_rect();
        let pixels = screen.size() * i.pixels_per_point();
        let placeholder = pixels.x >= 9_999.0 && pixels.y >= 9_999.0;
        // Both in points at this pass's scale; a little slack for window decorations.
        let beyond_monitor = i.viewport().monitor_size.is_some_and(|monitor| {
            screen.width() > monitor.x * 1.5 || screen.height() > monitor.y * 1.5
        });
        !placeholder && !beyond_monitor
    })
}

/// The start-up benchmark's probe (`DESKAUDIT_FIRST_FRAME_PROBE`), for the app and the bare
/// window it is compared with (`examples/bare_window.rs`): it prints "first frame after N ms"
/// at the first frame and "first frame at the window's size after N ms" at the first frame
/// laid out at the window's real size (see [`window_sized`]), then closes the window.
/// `scripts/bench.sh` reads both lines.
#[derive(Clone, Copy, Debug)]
pub struct FirstFrameProbe {
    started: std::time::Instant,
    reported_first: bool,
    done: bool,
}

impl FirstFrameProbe {
    /// A probe timing from `started` (when the program started).
    pub fn new(started: std::time::Instant) -> Self {
        Self {
            started,
            reported_first: false,
            done: false,
        }
    }

    /// Call at the end of each frame.
    pub fn frame(&mut self, ctx: &egui::Context) {
        if self.done {
            return;
        }
        let ms = self.started.elapsed().as_secs_f64() * 1e3;
        if !self.reported_first {
            self.reported_first = true;
            println!("first frame after {ms:.1} ms");
        }
        if window_sized(ctx) {
            println!("first frame at the window's size after {ms:.1} ms");
            self.done = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// The program's mark (`assets/icon/deskaudit.svg`, rendered to PNG) for the title bar and
/// task bar. A PNG that failed to decode would only cost the icon, never the window.
pub fn window_icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon/deskaudit-256.png")).ok()
}

fn with_window_icon(builder: egui::ViewportBuilder) -> egui::ViewportBuilder {
    match window_icon() {
        Some(icon) => builder.with_icon(icon),
        None => builder,
    }
}

/// Opens the app window; returns when it is closed. With `first_frame_probe`, reports the
/// time from that instant to the first frame and to the first frame at the window's size,
/// then closes (for the start-up benchmark: see [`FirstFrameProbe`]).
pub fn run(
    data_dir: PathBuf,
    library: Library,
    first_frame_probe: Option<std::time::Instant>,
) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: with_window_icon(
            egui::ViewportBuilder::default()
                .with_title("deskaudit")
                .with_app_id("deskaudit")
                .with_inner_size([1400.0, 900.0])
                .with_min_inner_size([800.0, 560.0]),
        ),
        ..Default::default()
    };
    eframe::run_native(
        "deskaudit",
        options,
        Box::new(move |cc| {
            let mut app =
                DeskauditApp::with_records_wait(data_dir, library, std::time::Duration::ZERO);
            app.save_dialogs = true;
            let ctx = cc.egui_ctx.clone();
            app.watch_user_folder(move || ctx.request_repaint());
            // Style before the first frame, so it is laid out once, not restyled and redone.
            app.apply_style_at(&cc.egui_ctx, true);
            app.first_frame_probe = first_frame_probe.map(FirstFrameProbe::new);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::{set_zoom, window_sized};

    /// A first pass as eframe runs it: the window's size in points at the zoom in force.
    fn first_pass(ctx: &egui::Context) -> (egui::Rect, bool) {
        let size = egui::vec2(1400.0, 900.0) / ctx.zoom_factor();
        let mut input = egui::RawInput {
            screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
            ..Default::default()
        };
        input.viewports.insert(
            egui::ViewportId::ROOT,
            egui::ViewportInfo {
                monitor_size: Some(egui::vec2(1600.0, 1000.0) / ctx.zoom_factor()),
                ..Default::default()
            },
        );
        let mut seen = (egui::Rect::NOTHING, false);
        let mut output = ctx.run_ui(input, |ui| {
            seen = (ui.ctx().content_rect(), window_sized(ui.ctx()));
        });
        output.textures_delta.clear();
        seen
    }

    #[test]
    fn the_zoom_set_before_the_first_pass_lays_it_out_at_the_windows_size() {
        let ctx = egui::Context::default();
        set_zoom(&ctx, 1.25, true);
        let (rect, sized) = first_pass(&ctx);
        assert_eq!(rect.size(), egui::vec2(1120.0, 720.0));
        assert!(sized);
        // What it replaced: egui rescales its 10,000-pixel placeholder to the new zoom.
        let ctx = egui::Context::default();
        set_zoom(&ctx, 1.25, false);
        let (rect, sized) = first_pass(&ctx);
        assert_eq!(rect.size(), egui::vec2(8000.0, 8000.0));
        assert!(
            !sized,
            "a pass on the placeholder screen is not taken for the window's"
        );
    }
}
