//! The desktop app (egui/eframe): library, self-study play, debrief, history and settings.
//!
//! Screens send [`Command`]s; [`DeskauditApp::handle`] carries them out in one place. The app
//! never follows a `goto` or computes a score: it asks the [`Session`] engine.

pub mod console;
mod markdown;
pub mod programme;
pub mod projector;
mod screens;
pub mod settings;

use crate::scenario::{Analysis, Library, analyse};
use crate::session::{
    ChoiceInput, FeedbackMode, Mode, Recommendation, Session, SessionConfig, rng,
};
use crate::store::{Store, Unreadable};
use console::{Facilitation, OnProjector, Phase};
use settings::{Settings, Theme, ZOOM_RANGE};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// How often History looks for records written by another machine, in seconds.
const POLL_SECS: f64 = 5.0;

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
    /// Running a facilitated session: the facilitator's console.
    Console,
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
    /// Save the open session's report in a format (into the data folder's `reports`, and
    /// where the user picks in a save dialog).
    Export(crate::report::Format),
    /// Facilitated: record (or withdraw, on a second click) a table's vote.
    Vote(String, usize),
    /// Facilitated: the room's decision (by choice index), when not simply the majority.
    SetRoomChoice(usize),
    /// Facilitated: record the room's decision with the votes, rationale and any override.
    RecordDecision,
    /// Facilitated: show the last decision's consequence on the projector.
    Reveal,
    /// Facilitated: move on from a decision to the situation it led to.
    NextSituation,
    /// Facilitated: drop in an inject (by id).
    Inject(String),
    /// Facilitated: change what the projector shows.
    Project(OnProjector),
    /// Facilitated: pause (holding screen, timer stopped) or carry on.
    TogglePause,
    /// Facilitated: open the projector window again after it was closed.
    OpenProjector,
    /// Facilitated: projector full screen (or back).
    ProjectorFullScreen,
    /// Record the observation being written.
    AddObservation,
    /// Record the recommendation being written.
    AddRecommendation,
    /// Withdraw a recommendation (by position).
    RemoveRecommendation(usize),
    /// Programme: show sessions in a date range (`YYYY-MM-DD`, empty for open) and areas
    /// (empty for all).
    ProgrammeFilter {
        /// First date, as typed.
        from: String,
        /// Last date, as typed.
        to: String,
        /// Areas to include.
        areas: std::collections::BTreeSet<String>,
    },
    /// Programme: order the recommendations.
    SortRecommendations(crate::programme::RecSort),
    /// Programme: save the six-month review (HTML, and both CSVs) in the data folder's
    /// `reports` folder and, with save dialogs on, where the user picks.
    ExportReview,
    /// Bring record files from other laptops into the data folder (none given: pick them in
    /// a dialog).
    ImportRecords(Vec<PathBuf>),
    /// Import the roster from a CSV file (none given: pick it in a dialog).
    ImportRoster(Option<PathBuf>),
    /// Facilitated: record who attended the open session (the whole list).
    SetAttendance(Vec<crate::session::Attendee>),
    /// Self-study debrief: write the open session's record to a file to send (to the given
    /// file, or one picked in a save dialog).
    SendResult(Option<PathBuf>),
    /// Take over a session locked by another machine (after the user was told whose it was).
    TakeOver(String),
    /// Leave a session locked by another machine alone.
    LeaveLocked,
    /// Record where a saved session's recommendation stands at a review.
    Review {
        /// The session's record id.
        record: String,
        /// The recommendation's position.
        index: usize,
        /// Where it stands.
        progress: crate::session::Progress,
        /// What the review said.
        review: String,
    },
}

/// The start screen's form.
#[derive(Clone, Debug, Default)]
pub struct StartForm {
    /// Self-study or facilitated.
    pub mode: Mode,
    /// Self-study: the learner's name.
    pub name: String,
    /// Self-study: feedback mode.
    pub feedback: FeedbackMode,
    /// Facilitated: session title.
    pub title: String,
    /// Facilitated: date.
    pub date: String,
    /// Facilitated: who runs it.
    pub facilitator: String,
    /// Facilitated: where.
    pub venue: String,
    /// Facilitated: whether tables vote separately (else the whole room, by show of hands).
    pub by_tables: bool,
    /// Facilitated: table names, one per line.
    pub tables: String,
    /// What is wrong with the form, if Begin was refused.
    pub problem: Option<String>,
}

impl StartForm {
    /// Table names from the form: trimmed, blank lines dropped; duplicates are an error.
    pub fn table_names(&self) -> Result<Vec<String>, String> {
        if !self.by_tables {
            return Ok(Vec::new());
        }
        let mut names: Vec<String> = Vec::new();
        for line in self.tables.lines() {
            let name = line.trim();
            if name.is_empty() {
                continue;
            }
            if name.chars().count() > 60 {
                return Err(format!(
                    "The table name \"{name}\" is too long: keep it under 60 characters."
                ));
            }
            if names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                return Err(format!(
                    "Two tables are called \"{name}\": give each table its own name."
                ));
            }
            names.push(name.to_owned());
        }
        if names.is_empty() {
            return Err("Name at least one table (one per line), or choose \"The whole room decides together\".".into());
        }
        if names.len() > 40 {
            return Err(format!(
                "{} tables is more than this screen can take: at most 40.",
                names.len()
            ));
        }
        Ok(names)
    }
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
    /// The facilitator's working state (facilitated sessions only).
    pub facilitation: Option<Facilitation>,
    /// This machine's lock on the session (a shared data folder): taken when it is first
    /// saved or resumed, released when it is closed.
    pub lock: Option<crate::store::shared_folder::SessionLock>,
}

impl OpenSession {
    fn new(id: String, session: Session) -> Self {
        let facilitation = (session.config().mode == Mode::Facilitated)
            .then(|| Facilitation::new(&console::session_title(&session)));
        OpenSession {
            id,
            session,
            selected: None,
            pending_feedback: None,
            facilitation,
            lock: None,
        }
    }
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
    /// Saved sessions, refreshed when History or the Library is shown, and every few
    /// seconds while History is on screen (only new or changed files are read), so records
    /// written by another machine on a shared folder appear without a restart.
    records: crate::store::cache::RecordCache,
    /// When History last looked for new records (`ctx` time, seconds).
    last_poll_secs: f64,
    unreadable: Vec<Unreadable>,
    /// A message for the user (an error that did not stop the app).
    pub banner: Option<String>,
    /// The start screen's form.
    pub start: StartForm,
    confirm_delete: Option<String>,
    applied_style: Option<(Theme, f32)>,
    /// For the start-up benchmark: report the time to the first frame, then close.
    pub first_frame_probe: Option<std::time::Instant>,
    /// Whether exports offer a native save dialog (off in tests and headless runs; the report
    /// is always saved in the data folder as well).
    pub save_dialogs: bool,
    /// Commands for the projector window, sent at the next frame.
    pending_viewport_commands: Vec<egui::ViewportCommand>,
    /// Review notes being written in History: (record id, recommendation) → text.
    pub review_drafts: BTreeMap<(String, usize), String>,
    /// The programme: roster, filter, and what is computed from them.
    pub programme: programme::ProgrammeState,
    /// A session the user tried to resume that another machine has open: (id, whose lock).
    pub takeover: Option<(String, crate::store::shared_folder::LockInfo)>,
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
        let records = crate::store::cache::RecordCache::new(store.clone());
        let mut app = DeskauditApp {
            library,
            analyses,
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
            unreadable: Vec::new(),
            banner: problem,
            confirm_delete: None,
            applied_style: None,
            first_frame_probe: None,
            save_dialogs: false,
            pending_viewport_commands: Vec::new(),
            review_drafts: BTreeMap::new(),
            programme: programme::ProgrammeState::default(),
            takeover: None,
        };
        app.programme = programme::ProgrammeState::load(&app.data_dir);
        app.refresh_records();
        app
    }

    fn refresh_records(&mut self) {
        let changes = self.records.refresh();
        if !changes.is_empty() {
            self.unreadable = self.records.unreadable();
            self.programme.invalidate();
        }
    }

    /// Saves the open session, only while this machine holds its lock: on a shared folder a
    /// session taken over by another machine is never saved over.
    fn save_open(&mut self) {
        use crate::store::shared_folder::{LockError, SessionLock};
        let Some(open) = &mut self.open else { return };
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
        if let Err(e) = self.store.save(&open.id, &open.session) {
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

    fn start_session(&mut self, scenario_id: &str, config: SessionConfig) {
        self.ensure_analysis(scenario_id);
        let Some(loaded) = self.library.get(scenario_id) else {
            self.banner = Some(format!(
                "The scenario \"{scenario_id}\" is no longer available."
            ));
            return;
        };
        let config = SessionConfig {
            seed: rng::fresh_seed(),
            shuffle: true,
            ..config
        };
        let session = Session::start(
            &loaded.scenario,
            &loaded.content_hash,
            config,
            self.analyses.get(scenario_id),
        );
        // Created under a fresh id without replacing anything: two machines on a shared
        // folder never take the same one.
        let id = match self.store.create(&session) {
            Ok(id) => id,
            Err(e) => {
                self.banner = Some(format!("Could not save the new session: {e}"));
                return;
            }
        };
        let facilitated = session.config().mode == Mode::Facilitated;
        self.open = Some(OpenSession::new(id, session));
        self.save_open();
        self.screen = if facilitated {
            Screen::Console
        } else {
            Screen::Play
        };
    }

    /// Starts the session the start screen describes, or says what is wrong with the form.
    fn begin(&mut self, scenario: &str) {
        let form = &self.start;
        let config = match form.mode {
            Mode::SelfStudy => SessionConfig {
                participant: form.name.trim().to_owned(),
                feedback: form.feedback,
                ..SessionConfig::default()
            },
            Mode::Facilitated => match form.table_names() {
                Err(problem) => {
                    self.start.problem = Some(problem);
                    return;
                }
                Ok(tables) => SessionConfig {
                    mode: Mode::Facilitated,
                    tables,
                    title: form.title.trim().to_owned(),
                    date: form.date.trim().to_owned(),
                    facilitator: form.facilitator.trim().to_owned(),
                    venue: form.venue.trim().to_owned(),
                    ..SessionConfig::default()
                },
            },
        };
        self.start.problem = None;
        self.start_session(scenario, config);
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
                self.start.feedback = self.settings.default_feedback;
                self.start.problem = None;
                if self.start.tables.trim().is_empty() {
                    self.start.by_tables = true;
                    self.start.tables = (1..=5).map(|n| format!("Table {n}\n")).collect();
                }
                if self.start.date.trim().is_empty() {
                    self.start.date = crate::session::utc_now().chars().take(10).collect();
                }
                self.start.title = self
                    .library
                    .get(&id)
                    .map(|l| format!("Desktop audit: {}", l.scenario.title))
                    .unwrap_or_default();
                self.screen = Screen::Start { scenario: id };
            }
            Command::Begin => {
                if let Screen::Start { scenario } = self.screen.clone() {
                    self.begin(&scenario);
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
                    let undone = open.session.state().path.last().cloned();
                    match open.session.undo() {
                        Ok(()) => {
                            open.pending_feedback = None;
                            open.selected = None;
                            // A mis-click is fixed by changing one vote, not entering them all
                            // again: the undone decision's votes come back as the draft.
                            if let (Some(f), Some(d)) = (&mut open.facilitation, undone) {
                                f.clear_decision();
                                f.votes = d
                                    .votes
                                    .iter()
                                    .map(|v| (v.table.clone(), v.choice))
                                    .collect();
                                f.counts = d.counts.iter().map(|c| (c.choice, c.hands)).collect();
                                f.rationale = d.rationale;
                                f.phase = Phase::Discuss;
                                f.revealed = false;
                                f.on_projector = OnProjector::Situation;
                            }
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
                    let id = st.started.scenario_id.clone();
                    let config = st.started.config.clone();
                    self.start_session(&id, config);
                }
            }
            Command::TakeOver(id) => {
                self.takeover = None;
                match crate::store::shared_folder::SessionLock::take_over(self.store.dir(), &id) {
                    Ok(lock) => {
                        // Release at once: resuming takes it again, as its own.
                        drop(lock);
                        self.handle(Command::Resume(id));
                    }
                    Err(e) => self.banner = Some(format!("Could not take the session over: {e}")),
                }
            }
            Command::LeaveLocked => self.takeover = None,
            Command::Resume(id)
                if matches!(
                    crate::store::shared_folder::lock_state(self.store.dir(), &id),
                    crate::store::shared_folder::LockState::Held(_)
                        | crate::store::shared_folder::LockState::Stale(_)
                ) =>
            {
                if let crate::store::shared_folder::LockState::Held(info)
                | crate::store::shared_folder::LockState::Stale(info) =
                    crate::store::shared_folder::lock_state(self.store.dir(), &id)
                {
                    self.takeover = Some((id, info));
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
                        let screen = if session.config().mode == Mode::Facilitated {
                            Screen::Console
                        } else {
                            Screen::Play
                        };
                        self.open_saved(id.clone(), session, screen);
                        // Locked while open here, so another machine on a shared folder
                        // cannot resume it at the same time.
                        if let Some(open) = &mut self.open {
                            open.lock = crate::store::shared_folder::SessionLock::acquire(
                                self.store.dir(),
                                &id,
                            )
                            .ok();
                        }
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
            Command::AddObservation => {
                if let Some(open) = &mut self.open {
                    let text = open
                        .facilitation
                        .as_ref()
                        .map(|f| f.observation.trim().to_owned())
                        .unwrap_or_default();
                    match open.session.note(&text) {
                        Ok(()) => {
                            if let Some(f) = &mut open.facilitation {
                                f.observation.clear();
                            }
                            self.save_open();
                        }
                        Err(e) => self.banner = Some(e.to_string()),
                    }
                }
            }
            Command::AddRecommendation => {
                if let Some(open) = &mut self.open
                    && let Some(f) = &mut open.facilitation
                {
                    let rec = Recommendation::new(
                        f.rec_p,
                        f.rec_text.trim().to_owned(),
                        f.rec_owner.trim().to_owned(),
                        f.rec_due.trim().to_owned(),
                    );
                    match open.session.recommend(rec) {
                        Ok(()) => {
                            f.rec_text.clear();
                            f.rec_owner.clear();
                            f.rec_due.clear();
                            self.save_open();
                        }
                        Err(e) => self.banner = Some(e.to_string()),
                    }
                }
            }
            Command::RemoveRecommendation(i) => {
                if let Some(open) = &mut self.open {
                    match open.session.remove_recommendation(i) {
                        Ok(()) => self.save_open(),
                        Err(e) => self.banner = Some(e.to_string()),
                    }
                }
            }
            Command::Review {
                record,
                index,
                progress,
                review,
            } => self.review(&record, index, progress, &review),
            Command::ProgrammeFilter { from, to, areas } => {
                self.programme.from_text = from.clone();
                self.programme.to_text = to.clone();
                match programme::parse_filter(&from, &to, &areas) {
                    Ok(f) => {
                        self.programme.filter = f;
                        self.programme.filter_problem = None;
                        self.programme.invalidate();
                    }
                    Err(e) => self.programme.filter_problem = Some(e),
                }
            }
            Command::SortRecommendations(by) => {
                self.programme.sort = by;
                if let Some(p) = &mut self.programme.computed {
                    crate::programme::sort_recommendations(&mut p.recommendations, by);
                }
            }
            Command::ExportReview => self.export_review(),
            Command::ImportRecords(files) => self.import_records(files),
            Command::ImportRoster(file) => self.import_roster(file),
            Command::SetAttendance(list) => {
                if let Some(open) = &mut self.open {
                    match open.session.record_attendance(list) {
                        Ok(()) => self.save_open(),
                        Err(e) => self.banner = Some(e.to_string()),
                    }
                }
            }
            Command::SendResult(file) => self.send_result(file),
            other => self.handle_facilitation(other),
        }
    }

    /// Appends a review of a recommendation to a saved session's record. A record that cannot
    /// be read is left as it is.
    fn review(
        &mut self,
        record: &str,
        index: usize,
        progress: crate::session::Progress,
        review: &str,
    ) {
        let mut session = match self.store.load(record) {
            Ok(s) => s,
            Err(e) => {
                self.banner = Some(format!("The session {record} could not be read: {e}"));
                return;
            }
        };
        if let Err(e) = session.review_recommendation(index, progress, review) {
            self.banner = Some(e.to_string());
            return;
        }
        match self.store.save(record, &session) {
            Ok(()) => {
                self.review_drafts.remove(&(record.to_owned(), index));
                if let Some(open) = &mut self.open
                    && open.id == record
                {
                    open.session = session;
                }
            }
            Err(e) => self.banner = Some(format!("Could not save the review: {e}")),
        }
        self.refresh_records();
    }

    /// The facilitator's commands.
    fn handle_facilitation(&mut self, command: Command) {
        let Some(open) = &mut self.open else { return };
        let scenario = self
            .library
            .get(&open.session.state().started.scenario_id)
            .map(|l| &l.scenario);
        let Some(f) = &mut open.facilitation else {
            return;
        };
        match command {
            Command::Vote(table, choice) => {
                if f.votes.get(&table) == Some(&choice) {
                    f.votes.remove(&table);
                } else {
                    f.votes.insert(table, choice);
                }
            }
            Command::SetRoomChoice(choice) => {
                f.room_choice = Some(choice);
                if Session::majority(&f.tally()) == Some(choice) {
                    f.override_reason.clear();
                }
            }
            Command::RecordDecision => {
                let Some(input) = f.decision() else {
                    self.banner = Some(
                        "Enter the tables' votes (or pick the room's decision) before recording it."
                            .into(),
                    );
                    return;
                };
                let Some(scenario) = scenario else {
                    self.banner = Some("This session's scenario is no longer available.".into());
                    return;
                };
                match open.session.choose(scenario, input) {
                    Ok(_) => {
                        f.clear_decision();
                        f.phase = Phase::Decided;
                        f.revealed = false;
                        // The room sees what it decided; the consequence waits for the reveal.
                        f.on_projector = OnProjector::Decision;
                        self.save_open();
                    }
                    Err(e) => self.banner = Some(e.to_string()),
                }
            }
            Command::Reveal => {
                f.revealed = true;
                f.paused = false;
                f.on_projector = OnProjector::Decision;
            }
            Command::NextSituation => {
                f.phase = Phase::Discuss;
                f.on_projector = OnProjector::Situation;
            }
            Command::Inject(id) => {
                let Some(scenario) = scenario else { return };
                match open.session.inject(scenario, &id) {
                    Ok(()) => {
                        f.on_projector = OnProjector::Inject(
                            open.session.state().injects.len().saturating_sub(1),
                        );
                        f.paused = false;
                        self.save_open();
                    }
                    Err(e) => self.banner = Some(e.to_string()),
                }
            }
            Command::Project(what) => {
                f.on_projector = what;
                f.paused = false;
                f.projector_open = true;
            }
            Command::TogglePause => f.paused = !f.paused,
            Command::OpenProjector => f.projector_open = true,
            Command::ProjectorFullScreen => {
                f.projector_open = true;
                if let Ok(mut shared) = f.link.lock() {
                    shared.fullscreen = !shared.fullscreen;
                    self.pending_viewport_commands
                        .push(egui::ViewportCommand::Fullscreen(shared.fullscreen));
                }
            }
            _ => {}
        }
    }

    fn open_saved(&mut self, id: String, session: Session, screen: Screen) {
        self.ensure_analysis(&session.state().started.scenario_id.clone());
        self.open = Some(OpenSession::new(id, session));
        self.screen = screen;
    }

    /// Writes the open session's report to `DATA/reports/ID.EXT` (always, so a copy is kept
    /// even when no dialog can be shown) and, with save dialogs on, also where the user picks.
    fn export(&mut self, format: crate::report::Format) {
        let Some(open) = &self.open else { return };
        let dir = self.data_dir.join("reports");
        let file = dir.join(format!("{}.{}", open.id, format.extension()));
        let text = crate::report::render(&open.session, format);
        let result = std::fs::create_dir_all(&dir)
            .and_then(|()| crate::cli::write_atomically(&file, text.as_bytes()));
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
                message = match crate::cli::write_atomically(&path, text.as_bytes()) {
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

    /// Saves the six-month review for the current programme filter: HTML, the
    /// recommendations CSV and the attendance CSV in `DATA/reports/`, and (with dialogs on)
    /// the HTML where the user picks.
    fn export_review(&mut self) {
        use crate::report::programme::{ReviewFormat, render};
        programme::ensure_computed(self);
        let Some(p) = &self.programme.computed else {
            return;
        };
        let dir = self.data_dir.join("reports");
        let stem = format!("six-month-review-{}", p.today);
        let mut written = Vec::new();
        let mut html = String::new();
        for (format, suffix) in [
            (ReviewFormat::Html, ".html"),
            (ReviewFormat::RecommendationsCsv, "-recommendations.csv"),
            (ReviewFormat::AttendanceCsv, "-attendance.csv"),
        ] {
            let text = render(p, format);
            let file = dir.join(format!("{stem}{suffix}"));
            let result = std::fs::create_dir_all(&dir).and_then(|()| {
                crate::store::shared_folder::write_file_atomically(&file, text.as_bytes())
            });
            if let Err(e) = result {
                self.banner = Some(format!("Could not save {}: {e}", file.display()));
                return;
            }
            if format == ReviewFormat::Html {
                html = text;
            }
            written.push(file);
        }
        let mut message = format!(
            "Six-month review saved in {} (the report, and CSVs of the recommendations and of attendance). It names the people who took part.",
            dir.display()
        );
        if self.save_dialogs
            && let Some(path) = rfd::FileDialog::new()
                .set_title("Save the six-month review")
                .set_file_name(format!("{stem}.html"))
                .add_filter("Web page (printable)", &["html"])
                .save_file()
        {
            message =
                match crate::store::shared_folder::write_file_atomically(&path, html.as_bytes()) {
                    Ok(()) => format!(
                        "Six-month review saved: {} (copies in {})",
                        path.display(),
                        dir.display()
                    ),
                    Err(e) => format!(
                        "Could not save {}: {e}. Copies are in {}",
                        path.display(),
                        dir.display()
                    ),
                };
        }
        self.banner = Some(message);
    }

    /// Imports record files (picked in a dialog when none are given) and says what happened.
    fn import_records(&mut self, mut files: Vec<PathBuf>) {
        if files.is_empty() && self.save_dialogs {
            files = rfd::FileDialog::new()
                .set_title("Import records from other laptops")
                .add_filter("deskaudit records", &["ron"])
                .pick_files()
                .unwrap_or_default();
        }
        if files.is_empty() {
            return;
        }
        let report = crate::store::transfer::import_files(&self.store, &files);
        let mut lines = vec![format!("Import: {}.", report.summary())];
        lines.extend(
            report
                .outcomes
                .iter()
                .filter(|o| !matches!(o.result, crate::store::transfer::Imported::Added { .. }))
                .map(|o| o.describe()),
        );
        self.banner = Some(lines.join("\n"));
        self.refresh_records();
    }

    /// Imports the roster from a CSV (picked in a dialog when none is given). A file with any
    /// problem changes nothing; the problems are listed by line.
    fn import_roster(&mut self, file: Option<PathBuf>) {
        let file = match file {
            Some(f) => f,
            None if self.save_dialogs => match rfd::FileDialog::new()
                .set_title("Import the roster")
                .add_filter("CSV (name, role, ward or service)", &["csv", "txt"])
                .pick_file()
            {
                Some(f) => f,
                None => return,
            },
            None => return,
        };
        if self.programme.roster_problem.is_some() {
            self.banner = Some(
                "The roster file in the data folder cannot be read, so it is not replaced: fix or move it first."
                    .into(),
            );
            return;
        }
        let bytes = match std::fs::read(&file) {
            Ok(b) => b,
            Err(e) => {
                self.banner = Some(format!("Could not read {}: {e}", file.display()));
                return;
            }
        };
        match self.programme.roster.import_csv(&bytes) {
            Ok((roster, summary)) => match roster.save(&self.data_dir) {
                Ok(()) => {
                    self.programme.roster = roster;
                    self.programme.roster_errors.clear();
                    self.programme.invalidate();
                    self.banner = Some(format!(
                        "Roster imported from {}: {summary}.",
                        file.display()
                    ));
                }
                Err(e) => self.banner = Some(e.to_string()),
            },
            Err(problems) => {
                let name = file.display().to_string();
                self.programme.roster_errors =
                    problems.iter().map(|p| format!("{name}:{p}")).collect();
                self.banner = Some(format!(
                    "The roster was not imported: {} problem(s) in {name}; nothing changed.",
                    problems.len()
                ));
            }
        }
    }

    /// Writes the open session's record to a file to send (self-study "Send my result").
    fn send_result(&mut self, file: Option<PathBuf>) {
        let Some(open) = &self.open else { return };
        let name = crate::store::transfer::export_file_name(&open.id);
        let file = match file {
            Some(f) => f,
            None if self.save_dialogs => match rfd::FileDialog::new()
                .set_title("Send my result: save it to e-mail or carry")
                .set_file_name(name)
                .add_filter("deskaudit record", &["ron"])
                .save_file()
            {
                Some(f) => f,
                None => return,
            },
            None => self.data_dir.join("outbox").join(name),
        };
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        self.banner = Some(
            match crate::store::transfer::export_record(&self.store, &open.id, &file) {
                Ok(carries) => format!(
                    "Saved {}: it carries {carries}. Send it to whoever runs the programme (they use Import records… in History).",
                    file.display()
                ),
                Err(e) => format!("Could not save your result: {e}"),
            },
        );
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
            && (self.start.mode == Mode::SelfStudy || !ctx.egui_wants_keyboard_input())
            && ctx.input(|i| i.key_pressed(egui::Key::Enter))
        {
            out.push(Command::Begin);
        }
        if self.screen == Screen::Console
            && let Some(open) = &self.open
            && let Some(f) = &open.facilitation
            && !ctx.egui_wants_keyboard_input()
            && !ctx.input(|i| i.modifiers.command)
        {
            // Enter moves the evening on: record, reveal, go on; P pauses.
            if ctx.input(|i| i.key_pressed(egui::Key::Enter)) {
                out.push(match f.phase {
                    Phase::Decided if !f.revealed => Command::Reveal,
                    Phase::Decided => Command::NextSituation,
                    Phase::Discuss if open.session.at_ending() => Command::Finish,
                    Phase::Discuss => Command::RecordDecision,
                });
            }
            if ctx.input(|i| i.key_pressed(egui::Key::P)) {
                out.push(Command::TogglePause);
            }
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
        let mut commands = self.shortcuts(&ctx);
        commands.extend(screens::draw(self, ui));
        for c in commands {
            self.handle(c);
        }
        self.sync_projector(&ctx);
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
            .map(|l| &l.scenario);
        Some(console::projector_show(open, scenario))
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
                if shared.closed {
                    // The facilitator closed the window; the console offers to open it again.
                    shared.closed = false;
                    shared.fullscreen = false;
                    f.projector_open = false;
                    return;
                }
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
        if let Some(t0) = self.first_frame_probe.take() {
            println!(
                "first frame after {:.1} ms",
                t0.elapsed().as_secs_f64() * 1e3
            );
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// A file name for a report: the session's title and date, made safe for any file system.
fn export_file_name(session: &Session, id: &str, format: crate::report::Format) -> String {
    let cfg = session.config();
    let base = if cfg.mode == Mode::Facilitated {
        format!("{} {}", console::session_title(session), cfg.date)
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
            app.save_dialogs = true;
            // Style before the first frame, so it is laid out once, not restyled and redone.
            app.apply_style(&cc.egui_ctx);
            app.first_frame_probe = first_frame_probe;
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| e.to_string())
}
