//! What the user can ask for: the screens, and the one [`Command`] enum that buttons, menus and
//! keys all send. [`DeskauditApp::handle`](super::DeskauditApp::handle) carries them out.

use super::facilitation::OnProjector;
use super::settings::Theme;
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
