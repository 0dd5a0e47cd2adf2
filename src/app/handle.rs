//! Carrying out commands: the one place the app changes state in answer to the user.

use super::facilitation::{OnProjector, Phase};
use super::map_view::Fit;
use super::settings::{Settings, ZOOM_RANGE};
use super::state::OpenSession;
use super::{Command, DeskauditApp, Screen};
use crate::session::{
    ChoiceInput, FeedbackMode, Mode, Recommendation, Session, SessionConfig, rng,
};

impl DeskauditApp {
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

    /// Carries out a command. A command that changes the screen starts the new one at its
    /// top and takes away a message about the last one (unless it raised one itself).
    pub fn handle(&mut self, command: Command) {
        let (screen_before, banner_before) = (self.screen.clone(), self.banner.clone());
        self.carry_out(command);
        if self.screen != screen_before {
            self.screen_visit += 1;
            if self.banner == banner_before {
                self.banner = None;
            }
        }
    }

    /// Carries out a command: the one place the app's state changes in answer to the user.
    fn carry_out(&mut self, command: Command) {
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
                    self.start.date = crate::session::time::today();
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
            // A test play starts again where it started, as a test.
            Command::Retry if self.testing() => self.retry_test(),
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
                        // Released at once: resuming takes it again, as its own.
                        drop(lock);
                        self.resume(id);
                    }
                    Err(e) => self.banner = Some(format!("Could not take the session over: {e}")),
                }
            }
            Command::LeaveLocked => self.takeover = None,
            Command::Resume(id) => {
                use crate::store::shared_folder::{LockState, lock_state};
                match lock_state(self.store.dir(), &id) {
                    // Open on another machine (or left there by a crash): say whose it is and
                    // let the user choose.
                    LockState::Held(info) | LockState::Stale(info) => {
                        self.takeover = Some((id, info));
                    }
                    LockState::Free | LockState::Mine => self.resume(id),
                }
            }
            Command::ProgrammeFilter { from, to, areas } => {
                self.programme.from_text = from.clone();
                self.programme.to_text = to.clone();
                match super::programme::parse_filter(&from, &to, &areas) {
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
            Command::AddToRoster => self.add_to_roster(),
            Command::RemoveFromRoster(id) => self.remove_from_roster(&id),
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
            Command::Export(_) if self.testing() => {
                self.banner = Some("A test play has no report: nothing from it is saved.".into());
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
            Command::DismissBanner => self.banner = None,
            Command::FilterLibrary(area) => self.library_area = area,
            Command::FilterCouncil(council) => self.library_council = council,
            Command::Vote(table, choice) => {
                if let Some(f) = self.facilitation_mut() {
                    f.toggle_vote(table, choice);
                }
            }
            Command::SetHands(choice, hands) => {
                if let Some(f) = self.facilitation_mut() {
                    f.counts.insert(choice, hands);
                }
            }
            Command::SetRoomChoice(choice) => {
                if let Some(f) = self.facilitation_mut() {
                    f.set_room_choice(choice);
                }
            }
            Command::RecordDecision => self.record_decision(),
            Command::Reveal => {
                if let Some(f) = self.facilitation_mut() {
                    f.revealed = true;
                    f.paused = false;
                    f.on_projector = OnProjector::Decision;
                }
            }
            Command::NextSituation => {
                if let Some(f) = self.facilitation_mut() {
                    f.phase = Phase::Discuss;
                    f.on_projector = OnProjector::Situation;
                }
            }
            Command::Inject(id) => self.inject(&id),
            Command::Project(what) => {
                if let Some(f) = self.facilitation_mut() {
                    f.on_projector = what;
                    f.paused = false;
                    f.projector_open = true;
                }
            }
            Command::SetTimeBox(mins) => {
                if let Some(f) = self.facilitation_mut() {
                    f.time_box_mins = mins;
                }
            }
            Command::SetEvidenceWithSituation(on) => {
                if let Some(f) = self.facilitation_mut() {
                    f.show_evidence = on;
                }
            }
            Command::TogglePause => {
                if let Some(f) = self.facilitation_mut() {
                    f.paused = !f.paused;
                }
            }
            Command::OpenProjector => {
                if let Some(f) = self.facilitation_mut() {
                    f.projector_open = true;
                }
            }
            Command::ProjectorFullScreen => {
                if let Some(f) = self.facilitation_mut() {
                    f.projector_open = true;
                    let on = f.set_fullscreen(None);
                    self.pending_viewport_commands
                        .push(egui::ViewportCommand::Fullscreen(on));
                }
            }
            Command::LeaveFullScreen => {
                if let Some(f) = self.facilitation_mut()
                    && f.fullscreen()
                {
                    f.set_fullscreen(Some(false));
                    self.pending_viewport_commands
                        .push(egui::ViewportCommand::Fullscreen(false));
                }
            }
            Command::CloseProjector => {
                if let Some(f) = self.facilitation_mut() {
                    f.projector_open = false;
                    f.set_fullscreen(Some(false));
                }
            }
            Command::OpenMap(entry) => self.open_map(entry),
            Command::SelectMapNode(node) => self.author.select(node),
            Command::CloseNodePanel => self.author.node = None,
            Command::FitMap => {
                if let Some(v) = &mut self.author.view {
                    v.fit = Some(Fit::Whole);
                }
            }
            Command::FitMapHeight => {
                if let Some(v) = &mut self.author.view {
                    v.fit = Some(Fit::Height);
                }
            }
            Command::ShowAuthorList(open) => self.author.list_open = Some(open),
            Command::SaveMapSvg => self.save_map_svg(),
            Command::CopyToMyScenarios(id) => self.copy_to_my_scenarios(&id),
            Command::NewScenario => self.new_scenario(),
            Command::RescanScenarios => self.rescan_scenarios(),
            Command::SetTestFlag(flag, on) => self.set_test_flag(flag, on),
            Command::SetTestCounter(counter, value) => {
                self.author.test_counters.insert(counter, value);
            }
            Command::PlayFromHere => self.play_from_here(),
        }
    }

    /// Resumes a saved session (not locked by another machine), taking this machine's lock.
    fn resume(&mut self, id: String) {
        match self.store.load(&id) {
            Err(_) => self.banner = Some(format!("The session {id} could not be read.")),
            Ok(session) => {
                let resumable = self
                    .library
                    .get(&session.state().started.scenario_id)
                    .is_some_and(|l| {
                        // Replaying decisions against a changed file could score them
                        // by rules they were not taken under: same file, or no resume.
                        l.content_hash == session.state().started.content_hash
                            && (session.offered(&l.scenario).is_ok() || session.at_ending())
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
                self.records.saved(record, &session);
                // What History shows (the programme's statuses) follows at once.
                self.records_changed();
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

    /// The open session's facilitation state, if it is facilitated.
    fn facilitation_mut(&mut self) -> Option<&mut crate::app::facilitation::Facilitation> {
        self.open.as_mut().and_then(|o| o.facilitation.as_mut())
    }

    /// Records the room's decision with the votes, rationale and any override.
    fn record_decision(&mut self) {
        let Some(open) = &mut self.open else { return };
        let scenario = self
            .library
            .get(&open.session.state().started.scenario_id)
            .map(|l| &l.scenario);
        let Some(f) = &mut open.facilitation else {
            return;
        };
        let Some(input) = f.decision() else {
            self.banner = Some(
                "Enter the tables' votes (or pick the room's decision) before recording it.".into(),
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

    /// Drops in an inject and puts it on the projector.
    fn inject(&mut self, id: &str) {
        let Some(open) = &mut self.open else { return };
        let Some(scenario) = self
            .library
            .get(&open.session.state().started.scenario_id)
            .map(|l| &l.scenario)
        else {
            return;
        };
        let Some(f) = &mut open.facilitation else {
            return;
        };
        match open.session.inject(scenario, id) {
            Ok(()) => {
                f.on_projector =
                    OnProjector::Inject(open.session.state().injects.len().saturating_sub(1));
                f.paused = false;
                self.save_open();
            }
            Err(e) => self.banner = Some(e.to_string()),
        }
    }

    fn open_saved(&mut self, id: String, session: Session, screen: Screen) {
        self.ensure_analysis(&session.state().started.scenario_id.clone());
        self.open = Some(OpenSession::new(id, session));
        self.screen = screen;
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
}
