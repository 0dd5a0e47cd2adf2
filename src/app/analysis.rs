//! Exploring the scenarios' states off the UI thread: the analyses (best and worst index,
//! longest path…) and, for scenarios loaded with their state checks left for later, what
//! those checks and the content lints report. Results come from the data folder's cache when
//! it has them (see [`crate::scenario::cache`]); the window never waits for them before its
//! first frame.

use crate::scenario::cache::{self, Explored};
use crate::scenario::{Library, Scenario};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};

/// One scenario's result, sent back by the worker.
pub(super) struct Done {
    /// The scenario's id.
    pub id: String,
    /// The content hash it was explored for (the library may have changed since).
    pub hash: String,
    /// What was found.
    pub found: Explored,
}

/// The worker exploring the library's scenarios in the background.
pub(super) struct Background {
    results: Receiver<Done>,
    /// Ids still being explored, and whether their state checks are among what is awaited.
    pending: Vec<(String, bool)>,
    /// What the thread needs, until it is started.
    waiting: Option<(PathBuf, Vec<Job>, Sender<Done>)>,
}

struct Job {
    id: String,
    hash: String,
    file: String,
    scenario: Arc<Scenario>,
    text: Option<Arc<str>>,
}

impl Background {
    /// Gets ready to explore every scenario of `library`; nothing runs until [`Self::run`].
    pub fn prepare(data_dir: &Path, library: &Library) -> Background {
        let jobs: Vec<Job> = library
            .scenarios
            .iter()
            .map(|s| Job {
                id: s.scenario.id.0.clone(),
                hash: s.content_hash.clone(),
                file: s.file.clone(),
                scenario: Arc::clone(&s.scenario),
                text: s.deferred.clone(),
            })
            .collect();
        let pending = jobs
            .iter()
            .map(|j| (j.id.clone(), j.text.is_some()))
            .collect();
        let (send, results) = channel();
        Background {
            results,
            pending,
            waiting: Some((data_dir.to_path_buf(), jobs, send)),
        }
    }

    /// Starts the thread, if it has not started yet. The app calls it once its first frame
    /// is on screen, so that the thread does not compete with drawing it.
    pub fn run(&mut self) {
        let Some((data_dir, jobs, send)) = self.waiting.take() else {
            return;
        };
        let spawned = std::thread::Builder::new()
            .name("deskaudit-analysis".into())
            .spawn(move || {
                for job in jobs {
                    let (found, _) = cache::explore(
                        &data_dir,
                        &job.hash,
                        &job.scenario,
                        &job.file,
                        job.text.as_deref(),
                    );
                    let done = Done {
                        id: job.id,
                        hash: job.hash,
                        found,
                    };
                    if send.send(done).is_err() {
                        return; // the app has gone
                    }
                }
            });
        // Without a thread, everything is worked out on first use (see `ensure_analysis`).
        if spawned.is_err() {
            self.pending.clear();
        }
    }

    /// Results that have arrived since the last call.
    pub fn arrived(&mut self) -> Vec<Done> {
        let done: Vec<Done> = self.results.try_iter().collect();
        self.pending
            .retain(|(id, _)| !done.iter().any(|d| &d.id == id));
        done
    }

    /// Waits for every result still to come (for benchmarks and tests).
    pub fn wait_all(&mut self) -> Vec<Done> {
        self.run();
        let mut done = Vec::new();
        while !self.pending.is_empty() {
            match self.results.recv() {
                Ok(d) => {
                    self.pending.retain(|(id, _)| id != &d.id);
                    done.push(d);
                }
                Err(_) => {
                    self.pending.clear();
                }
            }
        }
        done
    }

    /// How many scenarios are still being explored.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// How many of those still await their state checks (so may yet show warnings).
    pub fn checks_pending(&self) -> usize {
        self.pending.iter().filter(|(_, checks)| *checks).count()
    }
}
