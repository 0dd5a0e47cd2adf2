//! The desktop app (egui/eframe): library, self-study play, debrief, history and settings.
//!
//! Screens send [`Command`]s; [`DeskauditApp::handle`] carries them out in one place. The app
//! never follows a `goto` or computes a score: it asks the [`Session`] engine.

mod markdown;
mod screens;
pub mod settings;

use crate::scenario::{Analysis, Library, analyse};
use crate::session::{ChoiceInput, FeedbackMode, Session, SessionConfig, rng};
use crate::store::{RecordSummary, Store, Unreadable};
use settings::{Settings, Theme, ZOOM_RANGE};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Which screen is showing.
#[derive(Clone, Debug, PartialEq)]
pub enum Screen {
    /// Scenarios grouped by area, with problems and sessions to resume.
    Library,
    /// Setting up a self-study session of a scenario.
    Start {
        /// The scenario's id.
        scenario: String,
    },
    /// Playing a session.
    Play,
    /// The debrief of the open session.
    Debrief,
    /// Past sessions and progress.
    History,
    /// Settings.
    Settings,
}

/// Everything a user can ask for, from buttons, menus and keys alike.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Go to a screen.
    Show(Screen),
    /// Open the start screen for a scenario.
    Prepare(String),
    /// Start a self-study session of the scenario being prepared.
    Begin,
    /// Highlight a choice (by its index in the scenario).
    Select(usize),
    /// Take the highlighted choice.
    Confirm,
    /// Dismiss the feedback and go on.
    Continue,
    /// Take back the last decision.
    Undo,
    /// Close the session at its ending and show the debrief.
    Finish,
    /// Start the same scenario again.
    Retry,
    /// Resume a saved session.
    Resume(String),
    /// Open a saved session's debrief.
    OpenDebrief(String),
    /// Delete a saved session (after confirmation).
    Delete(String),
    /// Bigger text.
    ZoomIn,
    /// Smaller text.
    ZoomOut,
    /// Normal text size.
    ZoomReset,
    /// Change the colour scheme.
    SetTheme(Theme),
    /// Change the default feedback mode.
    SetDefaultFeedback(FeedbackMode),
    /// Save the open session's report in a format (into the data folder's `reports`).
    Export(crate::report::Format),
}

/// The session being played or debriefed.
pub struct OpenSession {
    /// Its record id.
    pub id: String,
    /// The engine.
    pub session: Session,
    /// The highlighted choice, if any.
    pub selected: Option<usize>,
    /// Feedback waiting to be read (immediate mode), with the choice text.
    pub pending_feedback: Option<(String, String)>,
}

/// The app's state.
pub struct DeskauditApp {
    /// Scenarios found, and files that failed.
    pub library: Library,
    analyses: BTreeMap<String, Analysis>,
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
    /// Saved sessions, refreshed when History or the Library is shown.
    records: Vec<RecordSummary>,
    unreadable: Vec<Unreadable>,
    /// A message for the user (an error that did not stop the app).
    pub banner: Option<String>,
    start_name: String,
    start_feedback: FeedbackMode,
    confirm_delete: Option<String>,
    applied_style: Option<(Theme, f32)>,
    /// For the start-up benchmark: report the time to the first frame, then close.
    pub first_frame_probe: Option<std::time::Instant>,
}

impl DeskauditApp {
    /// Builds the app on a data folder with the given scenario library.
    pub fn new(data_dir: PathBuf, library: Library) -> Self {
        let (settings, problem) = Settings::load(&data_dir);
        let analyses = library
            .scenarios
            .iter()
            .filter_map(|s| {
                analyse(&s.scenario)
                    .ok()
                    .map(|a| (s.scenario.id.0.clone(), a))
            })
            .collect();
        let store = Store::new(&data_dir);
        let mut app = DeskauditApp {
            library,
            analyses,
            store,
            start_feedback: settings.default_feedback,
            settings,
            settings_writable: problem.is_none(),
            data_dir,
            screen: Screen::Library,
            open: None,
            records: Vec::new(),
            unreadable: Vec::new(),
            banner: problem,
            start_name: String::new(),
            confirm_delete: None,
            applied_style: None,
            first_frame_probe: None,
        };
        app.refresh_records();
        app
    }

    fn refresh_records(&mut self) {
        let (records, unreadable) = self.store.list();
        self.records = records;
        self.unreadable = unreadable;
    }

    fn save_open(&mut self) {
        if let Some(open) = &self.open
            && let Err(e) = self.store.save(&open.id, &open.session)
        {
            self.banner = Some(format!("Could not save the session: {e}"));
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

    /// Analyses a scenario once, on first use.
    fn ensure_analysis(&mut self, scenario_id: &str) {
        if self.analyses.contains_key(scenario_id) {
            return;
        }
        if let Some(a) = self
            .library
            .get(scenario_id)
            .and_then(|l| analyse(&l.scenario).ok())
        {
            self.analyses.insert(scenario_id.to_owned(), a);
        }
    }

    fn start_session(&mut self, scenario_id: &str, participant: String, feedback: FeedbackMode) {
        self.ensure_analysis(scenario_id);
        let Some(loaded) = self.library.get(scenario_id) else {
            self.banner = Some(format!(
                "The scenario \"{scenario_id}\" is no longer available."
            ));
            return;
        };
        let config = SessionConfig {
            participant,
            feedback,
            seed: rng::fresh_seed(),
            shuffle: true,
            ..SessionConfig::default()
        };
        let seed = config.seed;
        let session = Session::start(
            &loaded.scenario,
            &loaded.content_hash,
            config,
            self.analyses.get(scenario_id),
        );
        let id = self.store.new_id(seed);
        self.open = Some(OpenSession {
            id,
            session,
            selected: None,
            pending_feedback: None,
        });
        self.save_open();
        self.screen = Screen::Play;
    }

    /// Carries out a command.
    pub fn handle(&mut self, command: Command) {
        match command {
            Command::Show(screen) => {
                if matches!(screen, Screen::History | Screen::Library) {
                    self.refresh_records();
                }
                self.confirm_delete = None;
                self.screen = screen;
            }
            Command::Prepare(id) => {
                self.start_feedback = self.settings.default_feedback;
                self.screen = Screen::Start { scenario: id };
            }
            Command::Begin => {
                if let Screen::Start { scenario } = self.screen.clone() {
                    let name = self.start_name.trim().to_owned();
                    self.start_session(&scenario, name, self.start_feedback);
                }
            }
            Command::Select(index) => {
                if let Some(open) = &mut self.open
                    && open.pending_feedback.is_none()
                {
                    open.selected = Some(index);
                }
            }
            Command::Confirm => self.confirm(),
            Command::Continue => {
                if let Some(open) = &mut self.open {
                    open.pending_feedback = None;
                }
            }
            Command::Undo => {
                if let Some(open) = &mut self.open {
                    match open.session.undo() {
                        Ok(()) => {
                            open.pending_feedback = None;
                            open.selected = None;
                            self.save_open();
                        }
                        Err(e) => self.banner = Some(e.to_string()),
                    }
                }
            }
            Command::Finish => {
                if let Some(open) = &mut self.open {
                    if !open.session.state().finished
                        && let Err(e) = open.session.finish()
                    {
                        self.banner = Some(e.to_string());
                        return;
                    }
                    self.save_open();
                    self.screen = Screen::Debrief;
                }
            }
            Command::Retry => {
                if let Some(open) = &self.open {
                    let st = open.session.state();
                    let (id, name, feedback) = (
                        st.started.scenario_id.clone(),
                        st.started.config.participant.clone(),
                        st.started.config.feedback,
                    );
                    self.start_session(&id, name, feedback);
                }
            }
            Command::Resume(id) => match self.store.load(&id) {
                Err(_) => self.banner = Some(format!("The session {id} could not be read.")),
                Ok(session) => {
                    let resumable = self
                        .library
                        .get(&session.state().started.scenario_id)
                        .is_some_and(|l| {
                            session.offered(&l.scenario).is_ok() || session.at_ending()
                        });
                    if resumable {
                        self.open_saved(id, session, Screen::Play);
                    } else {
                        self.banner = Some(
                            "This session's scenario has changed or been removed, so it cannot be resumed; its debrief can still be opened.".into(),
                        );
                    }
                }
            },
            Command::OpenDebrief(id) => match self.store.load(&id) {
                Err(_) => self.banner = Some(format!("The session {id} could not be read.")),
                Ok(session) => self.open_saved(id, session, Screen::Debrief),
            },
            Command::Delete(id) => {
                if self.confirm_delete.as_deref() == Some(id.as_str()) {
                    if let Err(e) = self.store.delete(&id) {
                        self.banner = Some(format!("Could not delete the session: {e}"));
                    }
                    if self.open.as_ref().is_some_and(|o| o.id == id) {
                        self.open = None;
                    }
                    self.confirm_delete = None;
                    self.refresh_records();
                } else {
                    self.confirm_delete = Some(id);
                }
            }
            Command::ZoomIn => self.set_zoom(self.settings.zoom + 0.1),
            Command::ZoomOut => self.set_zoom(self.settings.zoom - 0.1),
            Command::ZoomReset => self.set_zoom(Settings::default().zoom),
            Command::SetTheme(theme) => {
                self.settings.theme = theme;
                self.save_settings();
            }
            Command::SetDefaultFeedback(mode) => {
                self.settings.default_feedback = mode;
                self.save_settings();
            }
            Command::Export(format) => self.export(format),
        }
    }

    fn open_saved(&mut self, id: String, session: Session, screen: Screen) {
        self.ensure_analysis(&session.state().started.scenario_id.clone());
        self.open = Some(OpenSession {
            id,
            session,
            selected: None,
            pending_feedback: None,
        });
        self.screen = screen;
    }

    /// Writes the open session's report to `DATA/reports/ID.EXT` and says where.
    fn export(&mut self, format: crate::report::Format) {
        let Some(open) = &self.open else { return };
        let dir = self.data_dir.join("reports");
        let file = dir.join(format!("{}.{}", open.id, format.extension()));
        let text = crate::report::render(&open.session, format);
        let result = std::fs::create_dir_all(&dir)
            .and_then(|()| crate::cli::write_atomically(&file, text.as_bytes()));
        self.banner = Some(match result {
            Ok(()) => format!("Report saved: {}", file.display()),
            Err(e) => format!("Could not save the report to {}: {e}", file.display()),
        });
    }

    fn set_zoom(&mut self, zoom: f32) {
        self.settings.zoom = (zoom * 100.0).round() / 100.0;
        self.settings.zoom = self.settings.zoom.clamp(ZOOM_RANGE.0, ZOOM_RANGE.1);
        self.save_settings();
    }

    fn confirm(&mut self) {
        let Some(open) = &mut self.open else { return };
        if open.pending_feedback.is_some() {
            open.pending_feedback = None;
            return;
        }
        let Some(choice) = open.selected else { return };
        let Some(loaded) = self.library.get(&open.session.state().started.scenario_id) else {
            self.banner = Some("This session's scenario is no longer available.".into());
            return;
        };
        match open.session.choose(
            &loaded.scenario,
            ChoiceInput {
                choice,
                ..ChoiceInput::default()
            },
        ) {
            Ok(decision) => {
                let feedback = (decision.choice_text.clone(), decision.feedback.clone());
                if open.session.config().feedback == FeedbackMode::Immediate {
                    open.pending_feedback = Some(feedback);
                }
                open.selected = None;
                self.save_open();
            }
            Err(e) => self.banner = Some(e.to_string()),
        }
    }

    /// Keyboard shortcuts, turned into commands.
    fn shortcuts(&self, ctx: &egui::Context) -> Vec<Command> {
        let mut out = Vec::new();
        ctx.input(|i| {
            if i.modifiers.command
                && (i.key_pressed(egui::Key::Plus) || i.key_pressed(egui::Key::Equals))
            {
                out.push(Command::ZoomIn);
            }
            if i.modifiers.command && i.key_pressed(egui::Key::Minus) {
                out.push(Command::ZoomOut);
            }
            if i.modifiers.command && i.key_pressed(egui::Key::Num0) {
                out.push(Command::ZoomReset);
            }
        });
        if matches!(self.screen, Screen::Start { .. })
            && ctx.input(|i| i.key_pressed(egui::Key::Enter))
        {
            out.push(Command::Begin);
        }
        if self.screen == Screen::Play
            && let Some(open) = &self.open
            && !ctx.egui_wants_keyboard_input()
        {
            let keys = [
                egui::Key::Num1,
                egui::Key::Num2,
                egui::Key::Num3,
                egui::Key::Num4,
                egui::Key::Num5,
                egui::Key::Num6,
                egui::Key::Num7,
                egui::Key::Num8,
                egui::Key::Num9,
            ];
            let offered = self
                .library
                .get(&open.session.state().started.scenario_id)
                .and_then(|l| open.session.offered(&l.scenario).ok())
                .unwrap_or_default();
            ctx.input(|i| {
                if i.modifiers.command {
                    return;
                }
                for (k, key) in keys.iter().enumerate() {
                    if i.key_pressed(*key)
                        && let Some(c) = offered.get(k)
                    {
                        out.push(Command::Select(c.index));
                    }
                }
                if i.key_pressed(egui::Key::Enter) {
                    out.push(
                        if open.session.at_ending() && open.pending_feedback.is_none() {
                            Command::Finish
                        } else {
                            Command::Confirm
                        },
                    );
                }
            });
        }
        out
    }

    fn apply_style(&mut self, ctx: &egui::Context) {
        let want = (self.settings.theme, self.settings.zoom);
        if self.applied_style == Some(want) {
            return;
        }
        self.applied_style = Some(want);
        screens::apply_theme(ctx, self.settings.theme);
        ctx.set_zoom_factor(self.settings.zoom);
    }

    /// Draws the whole app into `ui` (the root of the window) and handles what was asked.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.apply_style(&ctx);
        let mut commands = self.shortcuts(&ctx);
        commands.extend(screens::draw(self, ui));
        for c in commands {
            self.handle(c);
        }
    }
}

impl eframe::App for DeskauditApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
        if let Some(t0) = self.first_frame_probe.take() {
            println!(
                "first frame after {:.1} ms",
                t0.elapsed().as_secs_f64() * 1e3
            );
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// Opens the app window; returns when it is closed. With `first_frame_probe`, prints the time
/// from that instant to the end of the first frame and closes (for the start-up benchmark).
pub fn run(
    data_dir: PathBuf,
    library: Library,
    first_frame_probe: Option<std::time::Instant>,
) -> Result<(), String> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("deskaudit")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([800.0, 560.0]),
        ..Default::default()
    };
    eframe::run_native(
        "deskaudit",
        options,
        Box::new(move |cc| {
            let mut app = DeskauditApp::new(data_dir, library);
            // Style before the first frame, so it is laid out once, not restyled and redone.
            app.apply_style(&cc.egui_ctx);
            app.first_frame_probe = first_frame_probe;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| e.to_string())
}
