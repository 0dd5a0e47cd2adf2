//! What the user can ask for: the screens, and the one [`Command`] enum that buttons, menus and
//! keys all send. [`DeskauditApp::handle`](super::DeskauditApp::handle) carries them out.

use super::authoring::AuthorEntry;
use super::facilitation::OnProjector;
use super::settings::Theme;
use crate::scenario::CouncilType;
use crate::session::FeedbackMode;

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
    /// The programme's roster of members and officers (from History).
    Roster,
    /// Writing scenarios: the branch map, live reload, play from here.
    Author,
}

impl Screen {
    /// The screen's name, as on the top bar.
    pub fn label(&self) -> &'static str {
        match self {
            Screen::Library => "Scenarios",
            Screen::Start { .. } => "Start",
            Screen::Play => "Play",
            Screen::Console => "Console",
            Screen::Debrief => "Debrief",
            Screen::History => "History",
            Screen::Settings => "Settings",
            Screen::Roster => "Roster",
            Screen::Author => "Author",
        }
    }
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
    /// Dismiss the message in the banner.
    DismissBanner,
    /// Show only the library's scenarios in this area (`None`: every area).
    FilterLibrary(Option<String>),
    /// Show only the library's scenarios written for this kind of council (`None`: every kind).
    FilterCouncil(Option<CouncilType>),
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
    /// Facilitated, whole room: the hands counted for a choice (by choice index).
    SetHands(usize, u32),
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
    /// Facilitated: the time box for each situation, in minutes (0 for none).
    SetTimeBox(u32),
    /// Facilitated: whether evidence documents go on the projector with the situation.
    SetEvidenceWithSituation(bool),
    /// Facilitated: pause (holding screen, timer stopped) or carry on.
    TogglePause,
    /// Facilitated: open the projector window again after it was closed.
    OpenProjector,
    /// Facilitated: projector full screen (or back).
    ProjectorFullScreen,
    /// Facilitated: the projector leaves full screen (if it is).
    LeaveFullScreen,
    /// Facilitated: the projector window was closed (the console offers to open it again).
    CloseProjector,
    /// Record the observation being written.
    AddObservation,
    /// Record the recommendation being written.
    AddRecommendation,
    /// Withdraw a recommendation (by position).
    RemoveRecommendation(usize),
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
    ImportRecords(Vec<std::path::PathBuf>),
    /// Import the roster from a CSV file (none given: pick it in a dialog).
    ImportRoster(Option<std::path::PathBuf>),
    /// Facilitated: record who attended the open session (the whole list).
    SetAttendance(Vec<crate::session::Attendee>),
    /// Self-study debrief: write the open session's record to a file to send (to the given
    /// file, or one picked in a save dialog).
    SendResult(Option<std::path::PathBuf>),
    /// Take over a session locked by another machine (after the user was told whose it was).
    TakeOver(String),
    /// Leave a session locked by another machine alone.
    LeaveLocked,
    /// Roster: add the person written in the roster screen's form.
    AddToRoster,
    /// Roster: remove someone (by roster id); their sessions' results are kept.
    RemoveFromRoster(String),
    /// Author: show this scenario's branch map.
    OpenMap(AuthorEntry),
    /// Author: select a node of the map (by its index in the map) and show its content.
    SelectMapNode(usize),
    /// Author: close the node's panel.
    CloseNodePanel,
    /// Author: fit the whole map into the window, however small.
    FitMap,
    /// Author: fit the map's height into the window at a readable size (pan sideways).
    FitMapHeight,
    /// Author: show (or hide) the list of scenarios beside the map.
    ShowAuthorList(bool),
    /// Author: save the map as SVG in the data folder's `maps` folder.
    SaveMapSvg,
    /// Author: make an editable copy of a built-in scenario (by id) in the user's folder.
    CopyToMyScenarios(String),
    /// Author: write a new starter scenario into the user's folder.
    NewScenario,
    /// Author: read the user's scenarios folder again.
    RescanScenarios,
    /// Author: set (or not) a flag for the next test play.
    SetTestFlag(String, bool),
    /// Author: a counter's value for the next test play.
    SetTestCounter(String, i64),
    /// Author: start a test play at the selected node with the flags and counters chosen.
    PlayFromHere,
}

/// A keyboard shortcut: a key (or either of two), with or without the platform's command
/// modifier (Ctrl; ⌘ on a Mac).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shortcut {
    /// The key.
    pub key: egui::Key,
    /// Another key that does the same (`=` for `+`, which needs Shift on most keyboards).
    pub alt_key: Option<egui::Key>,
    /// Whether the command modifier is held.
    pub command: bool,
    /// How the shortcut is written for people: "Enter", "Ctrl +".
    pub text: &'static str,
}

impl Shortcut {
    const fn key(key: egui::Key, text: &'static str) -> Shortcut {
        Shortcut {
            key,
            alt_key: None,
            command: false,
            text,
        }
    }

    const fn ctrl(key: egui::Key, alt_key: Option<egui::Key>, text: &'static str) -> Shortcut {
        Shortcut {
            key,
            alt_key,
            command: true,
            text,
        }
    }

    /// Whether it was pressed this frame (with the modifier it needs, and only that).
    pub fn pressed(&self, input: &egui::InputState) -> bool {
        input.modifiers.command == self.command
            && (input.key_pressed(self.key) || self.alt_key.is_some_and(|k| input.key_pressed(k)))
    }
}

/// The keys 1–9 that pick the choice shown with that number.
pub const CHOICE_KEYS: [egui::Key; 9] = [
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

/// How the choice keys are written for people.
pub const CHOICE_KEYS_TEXT: &str = "1–9";

const ENTER: Shortcut = Shortcut::key(egui::Key::Enter, "Enter");

/// What records the text being written from a single-line field (its form's button).
pub const RECORD_FROM_LINE: Shortcut = ENTER;

/// What records the text being written from a multi-line field, where Enter starts a new line.
pub const RECORD_FROM_BOX: Shortcut = Shortcut::ctrl(egui::Key::Enter, None, "Ctrl+Enter");

impl Command {
    /// What a button for this command says where the screen has nothing more particular to
    /// say (a screen may name the thing acted on, e.g. "Resume “The cash buyer”").
    pub fn label(&self) -> String {
        match self {
            Command::Show(screen) => screen.label().to_owned(),
            Command::Prepare(_) => "Play".into(),
            Command::Begin => "Start".into(),
            Command::Select(_) => "Pick this choice".into(),
            Command::Confirm => "Confirm decision".into(),
            Command::Continue => "Continue".into(),
            Command::Undo => "Undo last decision".into(),
            Command::Finish => "See the debrief".into(),
            Command::Retry => "Play it again".into(),
            Command::Resume(_) => "Resume".into(),
            Command::OpenDebrief(_) => "Open debrief".into(),
            Command::Delete(_) => "Delete".into(),
            Command::DismissBanner => "Dismiss".into(),
            Command::FilterLibrary(None) => "All areas".into(),
            Command::FilterLibrary(Some(area)) => area.clone(),
            Command::FilterCouncil(None) => "All councils".into(),
            Command::FilterCouncil(Some(council)) => council.label().into(),
            Command::ZoomIn => "Bigger".into(),
            Command::ZoomOut => "Smaller".into(),
            Command::ZoomReset => "Reset".into(),
            Command::SetTheme(theme) => theme.label().into(),
            Command::SetDefaultFeedback(FeedbackMode::Immediate) => "After each decision".into(),
            Command::SetDefaultFeedback(FeedbackMode::AtEnd) => "Only in the debrief".into(),
            Command::Export(crate::report::Format::Html) => "Save report (HTML)".into(),
            Command::Export(crate::report::Format::Markdown) => "Save as Markdown".into(),
            Command::Export(crate::report::Format::Csv) => "Save decisions (CSV)".into(),
            Command::Vote(table, _) => format!("{table} votes"),
            Command::SetHands(_, _) => "Hands".into(),
            Command::SetRoomChoice(_) => "The room's decision".into(),
            Command::RecordDecision => "Record the room's decision".into(),
            Command::Reveal => "Reveal the consequence on the projector".into(),
            Command::NextSituation => "Go on".into(),
            Command::Inject(_) => "Drop in".into(),
            Command::Project(_) => "Show on the projector".into(),
            Command::SetTimeBox(_) => "Time box".into(),
            Command::SetEvidenceWithSituation(_) => "evidence with the situation".into(),
            Command::TogglePause => "Pause".into(),
            Command::OpenProjector => "Open the projector window".into(),
            Command::ProjectorFullScreen => "Full screen".into(),
            Command::LeaveFullScreen => "Leave full screen".into(),
            Command::CloseProjector => "Close the projector window".into(),
            Command::AddObservation => "Add observation".into(),
            Command::AddRecommendation => "Add recommendation".into(),
            Command::RemoveRecommendation(_) => "Remove".into(),
            Command::Review { .. } => "Save note".into(),
            Command::ProgrammeFilter { .. } => "Apply dates".into(),
            Command::SortRecommendations(by) => by.label().into(),
            Command::ExportReview => "Export the six-month review…".into(),
            Command::ImportRecords(_) => "Import records…".into(),
            Command::ImportRoster(_) => "Import roster (CSV)…".into(),
            Command::SetAttendance(_) => "Who attended".into(),
            Command::SendResult(_) => "Send my result…".into(),
            Command::TakeOver(_) => "Take it over and resume here".into(),
            Command::LeaveLocked => "Leave it".into(),
            Command::AddToRoster => "Add to the roster".into(),
            Command::RemoveFromRoster(_) => "Remove".into(),
            Command::OpenMap(_) => "Show the map".into(),
            Command::SelectMapNode(_) => "Show this node".into(),
            Command::CloseNodePanel => "Close".into(),
            Command::FitMap => "Whole map".into(),
            Command::FitMapHeight => "Fit height".into(),
            Command::ShowAuthorList(true) => "Scenarios…".into(),
            Command::ShowAuthorList(false) => "Hide the list".into(),
            Command::SaveMapSvg => "Save map as SVG".into(),
            Command::CopyToMyScenarios(_) => "Copy to my scenarios".into(),
            Command::NewScenario => "New scenario".into(),
            Command::RescanScenarios => "Read the folder again".into(),
            Command::SetTestFlag(flag, _) => flag.clone(),
            Command::SetTestCounter(counter, _) => counter.clone(),
            Command::PlayFromHere => "Play from here (test)".into(),
        }
    }

    /// What the command does, in a sentence, for its tooltip (without the shortcut: see
    /// [`Self::tooltip`]).
    pub fn description(&self) -> Option<String> {
        let text = match self {
            Command::ZoomIn => "Bigger text",
            Command::ZoomOut => "Smaller text",
            Command::ZoomReset => "Normal text size",
            Command::Reveal => "Show the room what happened next",
            Command::NextSituation => {
                "Move on to the situation the decision led to, once the consequence is revealed"
            }
            Command::TogglePause => {
                "Pause: the projector shows a holding screen and the timer stops; again to carry on"
            }
            Command::SetEvidenceWithSituation(_) => {
                "Long evidence moves off the situation page by itself; show it with Evidence"
            }
            Command::CloseNodePanel => "Close this panel",
            Command::FitMap => {
                "Show the whole map, however small: text too small to read is hidden"
            }
            Command::FitMapHeight => {
                "Fit the map's height to the window at a readable size; drag sideways to move along it"
            }
            Command::ShowAuthorList(true) => "Show the list of scenarios beside the map",
            Command::ShowAuthorList(false) => "Hide the list of scenarios: the map gets the room",
            Command::SaveMapSvg => {
                "Write the map as a printable SVG into the data folder's maps folder"
            }
            Command::CopyToMyScenarios(_) => {
                "Make an editable copy, with a new id, in your scenarios folder"
            }
            Command::NewScenario => {
                "Write a small, valid scenario with comments into your scenarios folder"
            }
            Command::RescanScenarios => "Read every file in your scenarios folder again",
            Command::PlayFromHere => {
                "Play from this node in a test mode, marked TEST; nothing is saved to History"
            }
            Command::ProjectorFullScreen => {
                return Some(format!(
                    "Or press {} in the projector window; {} leaves full screen",
                    Command::ProjectorFullScreen
                        .shortcut_text()
                        .unwrap_or_default(),
                    Command::LeaveFullScreen.shortcut_text().unwrap_or_default()
                ));
            }
            Command::Show(_)
            | Command::Prepare(_)
            | Command::Begin
            | Command::Select(_)
            | Command::Confirm
            | Command::Continue
            | Command::Undo
            | Command::Finish
            | Command::Retry
            | Command::Resume(_)
            | Command::OpenDebrief(_)
            | Command::Delete(_)
            | Command::DismissBanner
            | Command::FilterLibrary(_)
            | Command::FilterCouncil(_)
            | Command::SetTheme(_)
            | Command::SetDefaultFeedback(_)
            | Command::Export(_)
            | Command::Vote(_, _)
            | Command::SetHands(_, _)
            | Command::SetRoomChoice(_)
            | Command::RecordDecision
            | Command::Inject(_)
            | Command::Project(_)
            | Command::SetTimeBox(_)
            | Command::OpenProjector
            | Command::LeaveFullScreen
            | Command::CloseProjector
            | Command::AddObservation
            | Command::AddRecommendation
            | Command::RemoveRecommendation(_)
            | Command::Review { .. }
            | Command::ProgrammeFilter { .. }
            | Command::SortRecommendations(_)
            | Command::SetAttendance(_)
            | Command::TakeOver(_)
            | Command::LeaveLocked
            | Command::AddToRoster
            | Command::RemoveFromRoster(_)
            | Command::OpenMap(_)
            | Command::SelectMapNode(_)
            | Command::SetTestFlag(_, _)
            | Command::SetTestCounter(_, _) => return None,
            Command::ExportReview => {
                "Save the review for the Crime and Disorder Committee: a printable page, and CSVs of the recommendations and of attendance"
            }
            Command::ImportRecords(_) => {
                "Bring in record files sent from other laptops (checked first; duplicates are skipped)"
            }
            Command::ImportRoster(_) => {
                "A CSV with a header row: name, role (member or officer), ward or service"
            }
            Command::SendResult(_) => {
                "Save your result as one file to e-mail or carry to whoever runs the programme"
            }
        };
        Some(text.to_owned())
    }

    /// The tooltip: the description and the shortcut, e.g. "Bigger text (Ctrl +)".
    pub fn tooltip(&self) -> Option<String> {
        match (self.description(), self.shortcut_text()) {
            (Some(d), Some(k)) => Some(format!("{d} ({k})")),
            (Some(d), None) => Some(d),
            (None, Some(k)) => Some(k.to_owned()),
            (None, None) => None,
        }
    }

    /// The command's keyboard shortcut, if it has one. (Choices are picked with
    /// [`CHOICE_KEYS`], by the number they are shown with.)
    pub fn shortcut(&self) -> Option<Shortcut> {
        match self {
            Command::ZoomIn => Some(Shortcut::ctrl(
                egui::Key::Plus,
                Some(egui::Key::Equals),
                "Ctrl +",
            )),
            Command::ZoomOut => Some(Shortcut::ctrl(egui::Key::Minus, None, "Ctrl −")),
            Command::ZoomReset => Some(Shortcut::ctrl(egui::Key::Num0, None, "Ctrl 0")),
            Command::Begin
            | Command::Confirm
            | Command::Continue
            | Command::Finish
            | Command::RecordDecision
            | Command::Reveal
            | Command::NextSituation => Some(ENTER),
            Command::TogglePause => Some(Shortcut::key(egui::Key::P, "P")),
            Command::ProjectorFullScreen => Some(Shortcut::key(egui::Key::F11, "F11")),
            Command::LeaveFullScreen | Command::CloseNodePanel => {
                Some(Shortcut::key(egui::Key::Escape, "Esc"))
            }
            Command::Show(_)
            | Command::Prepare(_)
            | Command::Select(_)
            | Command::Undo
            | Command::Retry
            | Command::Resume(_)
            | Command::OpenDebrief(_)
            | Command::Delete(_)
            | Command::DismissBanner
            | Command::FilterLibrary(_)
            | Command::FilterCouncil(_)
            | Command::SetTheme(_)
            | Command::SetDefaultFeedback(_)
            | Command::Export(_)
            | Command::Vote(_, _)
            | Command::SetHands(_, _)
            | Command::SetRoomChoice(_)
            | Command::Inject(_)
            | Command::Project(_)
            | Command::SetTimeBox(_)
            | Command::SetEvidenceWithSituation(_)
            | Command::OpenProjector
            | Command::CloseProjector
            | Command::AddObservation
            | Command::AddRecommendation
            | Command::RemoveRecommendation(_)
            | Command::Review { .. }
            | Command::ProgrammeFilter { .. }
            | Command::SortRecommendations(_)
            | Command::ExportReview
            | Command::ImportRecords(_)
            | Command::ImportRoster(_)
            | Command::SetAttendance(_)
            | Command::SendResult(_)
            | Command::TakeOver(_)
            | Command::LeaveLocked
            | Command::AddToRoster
            | Command::RemoveFromRoster(_)
            | Command::OpenMap(_)
            | Command::SelectMapNode(_)
            | Command::FitMap
            | Command::FitMapHeight
            | Command::ShowAuthorList(_)
            | Command::SaveMapSvg
            | Command::CopyToMyScenarios(_)
            | Command::NewScenario
            | Command::RescanScenarios
            | Command::SetTestFlag(_, _)
            | Command::SetTestCounter(_, _)
            | Command::PlayFromHere => None,
        }
    }

    /// How the shortcut is written, if there is one.
    pub fn shortcut_text(&self) -> Option<&'static str> {
        self.shortcut().map(|s| s.text)
    }

    /// `text` with the command's key after it, as on buttons that show it:
    /// "Continue  (Enter)".
    pub fn with_key(&self, text: &str) -> String {
        match self.shortcut_text() {
            Some(k) => format!("{text}  ({k})"),
            None => text.to_owned(),
        }
    }

    /// Whether its shortcut was pressed this frame.
    pub fn pressed(&self, input: &egui::InputState) -> bool {
        self.shortcut().is_some_and(|s| s.pressed(input))
    }
}
