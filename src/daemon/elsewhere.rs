//! Sets done on other devices (config `[history] sync_folder`): the owner that watches the
//! folder and tells the scheduler what the other devices did today.
//!
//! The folder is watched with the file-watching config reload uses (inotify on Linux): a
//! sync tool that brings a peer's file changes it (Syncthing writes a temporary file and
//! renames it over, Nextcloud and Dropbox much the same), and that wakes the loop; nothing
//! polls. Changes settle for a moment, as config edits do, then the folder is read for the
//! day only ([`crate::history::recent::Recent`], keys of the day's records only), and the
//! reader keeps nothing between reads: the daemon at rest holds no more than without a
//! folder. What this machine writes is its own file: changes to it are not a peer's.

use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc::UnboundedSender;

use super::input::Input;
use crate::history::Folder;
use crate::schedule::Event;

/// How long changes settle before the folder is read: a sync tool writes a few files in a
/// row.
const SETTLE: SignedDuration = SignedDuration::from_millis(300);

#[derive(Debug, Default)]
pub struct Elsewhere {
    folder: Option<Folder>,
    watcher: Option<RecommendedWatcher>,
    due: Option<Timestamp>,
}

impl Elsewhere {
    /// Watches `folder`, when there is one.
    pub fn start(folder: Option<Folder>, tx: UnboundedSender<Input>) -> Self {
        let watcher = folder.as_ref().and_then(|f| {
            watch(f.dir(), f.own().path().to_owned(), tx)
                .inspect_err(|e| {
                    tracing::warn!(
                        "sets on other devices will count from the next start only: {e}"
                    );
                })
                .ok()
        });
        Self {
            folder,
            watcher,
            due: None,
        }
    }

    /// Another device's file changed.
    pub fn touched(&mut self, now: Timestamp) {
        if self.watcher.is_some() {
            self.due = Some(now + SETTLE);
        }
    }

    pub fn deadline(&self) -> Option<Timestamp> {
        self.due
    }

    /// Once changes have settled: what the other devices did today.
    pub fn due(&mut self, now: Timestamp, tz: &TimeZone) -> Option<Event> {
        if self.due.is_none_or(|at| at > now) {
            return None;
        }
        self.due = None;
        self.read(now, tz)
    }

    /// Reads the folder now: the sets done today on other devices, as an event.
    pub fn read(&self, now: Timestamp, tz: &TimeZone) -> Option<Event> {
        let folder = self.folder.as_ref()?;
        let now = now.to_zoned(tz.clone());
        let read = match folder.read_day(&now, SignedDuration::ZERO) {
            Ok(read) => read,
            Err(e) => {
                tracing::warn!("sync folder: {e}");
                return None;
            }
        };
        for notice in &read.notices {
            tracing::info!("sync folder: {notice}");
        }
        let (own, all) = read.own_and_all();
        let (here, _) = crate::stats::today(&own, &now);
        let (everywhere, _) = crate::stats::today(&all, &now);
        let sets = everywhere.sets.saturating_sub(here.sets);
        let reps = everywhere.reps.saturating_sub(here.reps);
        tracing::info!("sync folder: {sets} sets on other devices today");
        Some(Event::SetsElsewhere {
            day: now.date(),
            sets,
            reps,
        })
    }
}

/// Watches `dir` for changes to history files other than `own`.
fn watch(
    dir: &Path,
    own: PathBuf,
    tx: UnboundedSender<Input>,
) -> Result<RecommendedWatcher, String> {
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
            && event.paths.iter().any(|p| {
                *p != own
                    && p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(crate::history::folder::device::is_history)
            })
        {
            let _ = tx.send(Input::FolderTouched);
        }
    })
    .map_err(|e| e.to_string())?;
    watcher
        .watch(dir, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    Ok(watcher)
}
