//! The authoring side of the app: the Author screen's state, live reload of the user's
//! scenarios folder into the library, and test plays from any node of a map.
//!
//! Files are read and checked on the watcher's thread ([`crate::watch`]); the UI thread only
//! takes the results. The scenario of the open session is pinned in the live library, so a
//! reload never changes the rules under a session in progress.

use super::map_view::MapView;
use super::state::OpenSession;
use super::{DeskauditApp, Screen};
use crate::map::MapGraph;
use crate::scenario::load::user_scenarios_dir;
use crate::scenario::{LoadedScenario, Source};
use crate::session::{FeedbackMode, Session, SessionConfig, rng};
use crate::watch::{FolderWatcher, LiveLibrary};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// Which scenario the Author screen shows.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum AuthorEntry {
    /// A built-in scenario, by id: read-only.
    BuiltIn(String),
    /// A file in the user's scenarios folder.
    File(PathBuf),
}

/// The Author screen's own state.
#[derive(Default)]
pub struct AuthorState {
    /// The scenario shown.
    pub entry: Option<AuthorEntry>,
    /// Its map, laid out; rebuilt when the library changes.
    pub view: Option<MapView>,
    /// The live library's change count the map was built at.
    pub built_at: Option<u64>,
    /// The selected node (its index in the map).
    pub node: Option<usize>,
    /// The search box.
    pub search: String,
    /// Flags to set for a test play.
    pub test_flags: BTreeSet<String>,
    /// Counter values for a test play (absent: the declared start).
    pub test_counters: BTreeMap<String, i64>,
    /// Whether the user's folder is watched (else the screen offers to read it again).
    pub watching: bool,
    /// Why the folder is not watched, if it is not.
    pub watch_problem: Option<String>,
    /// Whether the list of scenarios shows beside the map: `None` lets the window decide
    /// (shown when wide, or when no map is open; hidden in a narrow window, for the map).
    pub list_open: Option<bool>,
    /// Whether the folder has been read in full since start-up (which also draws the maps
    /// of files that failed to load); done when the screen is first shown.
    pub scanned: bool,
}

/// The scenario behind an entry: a built-in one, or the last good version of a file.
pub fn scenario_of<'a>(live: &'a LiveLibrary, entry: &AuthorEntry) -> Option<&'a LoadedScenario> {
    match entry {
        AuthorEntry::BuiltIn(id) => live
            .library()
            .scenarios
            .iter()
            .find(|s| s.source != Source::UserFolder && s.scenario.id.as_str() == id),
        AuthorEntry::File(p) => live.files().get(p).and_then(|f| f.last_good.as_ref()),
    }
}

impl AuthorState {
    /// Makes sure the map matches the entry and the library; returns whether it was rebuilt.
    pub fn refresh(&mut self, live: &LiveLibrary) -> bool {
        let Some(entry) = self.entry.clone() else {
            self.view = None;
            return false;
        };
        if self.built_at == Some(live.changes()) && self.view.is_some() {
            return false;
        }
        self.built_at = Some(live.changes());
        let graph = match &entry {
            AuthorEntry::BuiltIn(_) => scenario_of(live, &entry).map(MapGraph::from_loaded),
            AuthorEntry::File(p) => live.files().get(p).and_then(|f| {
                // A file with problems shows as it is now, problems marked; a file that
                // cannot be parsed at all shows its last good version.
                f.graph
                    .clone()
                    .or_else(|| f.last_good.as_ref().map(MapGraph::from_loaded))
            }),
        };
        let camera = self.view.as_ref().map(|v| v.scene_rect);
        self.view = graph.map(MapView::new);
        if let (Some(v), Some(rect)) = (&mut self.view, camera) {
            // A reload keeps the author's place on the map.
            v.scene_rect = rect;
            v.fit = None;
        }
        if let Some(v) = &self.view
            && self.node.is_some_and(|n| n >= v.graph.nodes.len())
        {
            self.node = None;
        }
        true
    }

    /// Map indices of the nodes whose id or title contains the search text.
    pub fn matches(&self) -> Vec<usize> {
        let q = self.search.trim().to_lowercase();
        let Some(v) = &self.view else {
            return Vec::new();
        };
        if q.is_empty() {
            return Vec::new();
        }
        (0..v.graph.nodes.len())
            .filter(|&i| {
                let n = &v.graph.nodes[i];
                n.id.to_lowercase().contains(&q) || n.title.to_lowercase().contains(&q)
            })
            .collect()
    }

    /// Shows another scenario's map (from its start, with no test flags chosen).
    pub(super) fn open(&mut self, entry: AuthorEntry) {
        self.entry = Some(entry);
        self.list_open = None;
        self.view = None;
        self.built_at = None;
        self.node = None;
        self.test_flags.clear();
        self.test_counters.clear();
    }

    /// Selects a node, brings it into view and gives it the keyboard focus.
    pub(super) fn select(&mut self, node: usize) {
        if let Some(v) = &mut self.view
            && node < v.graph.nodes.len()
        {
            self.node = Some(node);
            v.reveal = Some(node);
        }
    }
}

impl DeskauditApp {
    /// Starts watching the user's scenarios folder (creating it if need be); `wake` is called
    /// from the watcher's thread when a change is ready (the app asks for a repaint).
    pub fn watch_user_folder(&mut self, wake: impl Fn() + Send + 'static) {
        let dir = user_scenarios_dir(&self.data_dir);
        let started = std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))
            .and_then(|()| FolderWatcher::start(&dir, Source::UserFolder, wake));
        match started {
            Ok(w) => {
                self.watcher = Some(w);
                self.author.watching = true;
                self.author.watch_problem = None;
            }
            Err(e) => {
                self.author.watching = false;
                self.author.watch_problem = Some(format!(
                    "Changes are not picked up by themselves ({e}): use \"Read the folder again\" after saving."
                ));
            }
        }
    }

    /// Pins the open session's scenario, takes the watcher's news, and mirrors the live
    /// library into `library` when it changed. Called at the start of every frame.
    pub(super) fn sync_live(&mut self) {
        // The pin comes first: a file changed in the same frame as a session started must
        // not reach that session.
        self.pin_open_scenario();
        if self.screen == Screen::Author && !self.author.scanned {
            self.author.scanned = true;
            self.live.rescan(&user_scenarios_dir(&self.data_dir));
        }
        if let Some(w) = &self.watcher {
            let updates = w.take();
            self.live.apply(updates);
        }
        if self.live.changes() != self.mirrored_changes {
            self.mirror_live();
        }
    }

    /// Copies the live library into `library`.
    fn mirror_live(&mut self) {
        // An analysis of a version that is gone is dropped; the new one is worked out when
        // it is first needed (not here, on the UI thread, for every save).
        let mut now = self.live.library().clone();
        let old = &self.library;
        self.analyses
            .retain(|id, _| match (old.get(id), now.get(id)) {
                (Some(a), Some(b)) => a.content_hash == b.content_hash,
                _ => false,
            });
        // The live copy of an unchanged file may still lack what the background checks found
        // since start-up (its state checks were deferred): keep those findings.
        for s in &mut now.scenarios {
            if s.deferred.is_some()
                && let Some(before) = old.get(&s.scenario.id.0)
                && before.content_hash == s.content_hash
                && before.deferred.is_none()
            {
                s.deferred = None;
                s.warnings = before.warnings.clone();
            }
        }
        self.library = now;
        self.mirrored_changes = self.live.changes();
    }

    /// Keeps exactly the version of the scenario the open session started with, if there is
    /// one; lets it follow its file again when no session needs it.
    fn pin_open_scenario(&mut self) {
        let wanted = self.open.as_ref().map(|o| {
            let st = o.session.state();
            (
                st.started.scenario_id.clone(),
                st.started.content_hash.clone(),
            )
        });
        let pinned = self
            .live
            .pinned_version()
            .map(|s| (s.scenario.id.0.clone(), s.content_hash.clone()));
        if wanted == pinned {
            return;
        }
        let version = wanted.as_ref().and_then(|(id, hash)| {
            self.live
                .library()
                .get(id)
                .filter(|s| &s.content_hash == hash)
                .cloned()
        });
        match version {
            Some(v) => self.live.pin_version(v),
            None => self.live.unpin(),
        }
    }

    /// Shows a scenario's map on the Author screen.
    pub(super) fn open_map(&mut self, entry: AuthorEntry) {
        self.author.open(entry);
        self.screen = Screen::Author;
    }

    /// Makes an editable copy of a built-in scenario in the user's folder, and shows it.
    pub(super) fn copy_to_my_scenarios(&mut self, id: &str) {
        let Some(file) = self
            .live
            .library()
            .scenarios
            .iter()
            .find(|s| s.source == Source::Embedded && s.scenario.id.as_str() == id)
            .map(|s| s.file.clone())
        else {
            self.banner = Some(format!("There is no built-in scenario \"{id}\" to copy."));
            return;
        };
        let lib = self.live.library();
        let taken = |id: &str| lib.get(id).is_some();
        let made =
            crate::cli_author::copy_builtin(&file, &user_scenarios_dir(&self.data_dir), &taken);
        self.after_writing(made, "an editable copy");
    }

    /// Writes a new starter scenario into the user's folder, and shows it.
    pub(super) fn new_scenario(&mut self) {
        let lib = self.live.library();
        let taken = |id: &str| lib.get(id).is_some();
        let made = crate::cli_author::new_in_folder(&user_scenarios_dir(&self.data_dir), &taken);
        self.after_writing(made, "a new scenario");
    }

    /// After a new file or a copy was written: loads it now (not waiting for the watcher)
    /// and shows its map.
    fn after_writing(&mut self, made: Result<PathBuf, String>, what: &str) {
        match made {
            Ok(path) => {
                self.live
                    .apply(vec![crate::watch::check_file(&path, Source::UserFolder)]);
                self.banner = Some(format!(
                    "Wrote {what}: {}. Open it in your text editor; this screen shows every save.",
                    path.display()
                ));
                self.open_map(AuthorEntry::File(path));
            }
            Err(e) => self.banner = Some(format!("Could not write {what}: {e}")),
        }
    }

    /// Reads the user's folder again (when it cannot be watched, or to be sure).
    pub(super) fn rescan_scenarios(&mut self) {
        self.live.rescan(&user_scenarios_dir(&self.data_dir));
    }

    /// Saves the map shown as SVG in the data folder's `maps` folder.
    pub(super) fn save_map_svg(&mut self) {
        let Some(v) = &self.author.view else { return };
        let name = match &self.author.entry {
            Some(AuthorEntry::File(p)) => p
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "map".into()),
            _ => v.graph.scenario_id.clone(),
        };
        let dir = self.data_dir.join("maps");
        let file = dir.join(format!("{}.svg", crate::cli_author::slug(&name)));
        let svg = crate::map::to_svg(&v.graph, &v.layout);
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| crate::fsutil::write_atomically(&file, svg.as_bytes()));
        self.banner = Some(match written {
            Ok(()) => format!("Map saved: {}", file.display()),
            Err(e) => format!("Could not save the map to {}: {e}", file.display()),
        });
    }

    /// Sets (or clears) a flag for the next test play.
    pub(super) fn set_test_flag(&mut self, flag: String, on: bool) {
        if on {
            self.author.test_flags.insert(flag);
        } else {
            self.author.test_flags.remove(&flag);
        }
    }

    /// Whether the open session is a test play (which is never saved).
    pub(super) fn testing(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.session.is_test())
    }

    /// Starts a test play at the Author screen's selected node.
    pub(super) fn play_from_here(&mut self) {
        let (Some(entry), Some(n), Some(view)) =
            (&self.author.entry, self.author.node, &self.author.view)
        else {
            return;
        };
        let Some(node) = view.graph.nodes.get(n).map(|m| m.id.clone()) else {
            return;
        };
        let Some(loaded) = scenario_of(&self.live, entry).cloned() else {
            self.banner = Some(
                "This file has never loaded without errors, so it cannot be played yet: fix the problems shown."
                    .into(),
            );
            return;
        };
        let flags: Vec<String> = self.author.test_flags.iter().cloned().collect();
        let counters: Vec<(String, i64)> = self
            .author
            .test_counters
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        self.start_test(loaded, &node, &flags, &counters);
    }

    fn start_test(
        &mut self,
        loaded: LoadedScenario,
        node: &str,
        flags: &[String],
        counters: &[(String, i64)],
    ) {
        let config = SessionConfig {
            participant: "Test play".into(),
            feedback: FeedbackMode::Immediate,
            seed: rng::fresh_seed(),
            // The author sees the choices in the order written, numbered as on the map.
            shuffle: false,
            ..SessionConfig::default()
        };
        match Session::start_at(
            &loaded.scenario,
            &loaded.content_hash,
            config,
            node,
            flags,
            counters,
        ) {
            Ok(session) => {
                // The version played is kept while it is played, whatever happens to the file.
                self.live.pin_version(loaded);
                self.open = Some(OpenSession::new("test-play".into(), session));
                self.screen = Screen::Play;
            }
            Err(_) => {
                self.banner = Some(format!(
                    "The node \"{node}\" is not in the last version of the scenario that loaded: fix the problems first."
                ));
            }
        }
    }

    /// Plays the same test again from the node it started at, with the same flags and counters.
    pub(super) fn retry_test(&mut self) {
        let Some(open) = &self.open else { return };
        let st = open.session.state();
        let node = st.started.arrival.node.0.clone();
        let flags = st
            .started
            .test
            .as_ref()
            .map(|t| t.flags.clone())
            .unwrap_or_default();
        let counters: Vec<(String, i64)> = st
            .started
            .counters
            .iter()
            .map(|(id, _, _, v)| (id.clone(), *v))
            .collect();
        let Some(loaded) = self
            .library
            .get(&st.started.scenario_id)
            .filter(|l| l.content_hash == st.started.content_hash)
            .cloned()
        else {
            self.banner = Some(
                "This scenario has changed since the test began: start it again from the map."
                    .into(),
            );
            return;
        };
        self.start_test(loaded, &node, &flags, &counters);
    }
}
