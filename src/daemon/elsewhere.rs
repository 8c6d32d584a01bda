//! Sets done on other devices (config `[history] sync_folder`): the owner that watches the
//! folder and tells the scheduler what the other devices did today.
//!
//! The folder is watched by the daemon's one file watcher, config reload's (inotify on Linux): a
//! sync tool that brings a peer's file changes it (Syncthing writes a temporary file and
//! renames it over, Nextcloud and Dropbox much the same), and that wakes the loop; nothing
//! polls. Changes settle for a moment, as config edits do, then the folder is read for the
//! day only ([`crate::history::recent::Recent`], keys of the day's records only), and the
//! reader keeps nothing between reads: the daemon at rest holds no more than without a
//! folder. What this machine writes is its own file: changes to it are not a peer's.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::mpsc::UnboundedSender;

use super::input::Input;
use crate::history::Folder;
use crate::history::folder::merge::Keep;
use crate::history::recent::Recent;
use crate::history::record::Record;
use crate::schedule::Event;
use crate::stats::streak::SetDays;

/// How long changes settle before the folder is read: a sync tool writes a few files in a
/// row.
const SETTLE: SignedDuration = SignedDuration::from_millis(300);

#[derive(Debug)]
pub struct Elsewhere {
    folder: Option<Folder>,
    due: Option<Timestamp>,
    tx: UnboundedSender<Input>,
    /// A read runs (on a thread of its own, so that years of other devices' files never
    /// hold up the loop); `again`: the folder changed meanwhile.
    reading: bool,
    again: bool,
}

impl Elsewhere {
    /// The owner for `folder`, if any; reads report to the loop through `tx`.
    pub fn new(folder: Option<Folder>, tx: UnboundedSender<Input>) -> Self {
        Self {
            folder,
            due: None,
            tx,
            reading: false,
            again: false,
        }
    }

    /// Whether `wanted` (`[history] sync_folder` as config.toml now says) differs from the
    /// folder this daemon writes to. The place is chosen at start, where the local history
    /// is moved in under the history's lock, so a change waits for the next start.
    pub fn restart_needed(&self, wanted: Option<&Path>) -> bool {
        self.folder.as_ref().map(Folder::dir) != wanted
    }

    /// What the file watcher is to watch for this owner, with a sync folder.
    pub fn watched(&self) -> Option<Watched> {
        self.folder.as_ref().map(|f| Watched {
            dir: f.dir().to_owned(),
            own: f.own().path().to_owned(),
        })
    }

    /// Another device's file changed.
    pub fn touched(&mut self, now: Timestamp) {
        if self.folder.is_some() {
            self.due = Some(now + SETTLE);
        }
    }

    pub fn deadline(&self) -> Option<Timestamp> {
        self.due
    }

    /// Once changes have settled, reads the folder (see [`Elsewhere::read`]).
    pub fn due(&mut self, now: Timestamp, tz: &TimeZone) {
        if self.due.is_none_or(|at| at > now) {
            return;
        }
        self.due = None;
        self.read(now, tz);
    }

    /// Starts reading the folder, as of `now`, on a thread; the loop gets what the other
    /// devices did today as [`Input::Elsewhere`], to hand to [`Elsewhere::finished`].
    pub fn read(&mut self, now: Timestamp, tz: &TimeZone) {
        let Some(folder) = self.folder.clone() else {
            return;
        };
        if self.reading {
            self.again = true;
            return;
        }
        let (tx, tz) = (self.tx.clone(), tz.clone());
        let spawned = std::thread::Builder::new()
            .name("soleus-folder".to_owned())
            .spawn(move || {
                let _ = tx.send(Input::Elsewhere(read(&folder, now, &tz)));
            });
        match spawned {
            Ok(_) => self.reading = true,
            Err(e) => tracing::warn!("sync folder not read: {e}"),
        }
    }

    /// A read is done: what it found. When the folder changed while it ran, the next read
    /// is due now.
    pub fn finished(&mut self, found: Option<Found>, now: Timestamp) -> Option<Found> {
        self.reading = false;
        if std::mem::take(&mut self.again) {
            self.due = Some(now);
        }
        found
    }
}

/// What a read of the folder found.
#[derive(Debug)]
pub struct Found {
    /// The sets done on other devices today, for the scheduler.
    pub event: Event,
    /// Every device's sets by day: the streak counts days with a set on any device, as
    /// `soleus stats` does. A few bytes a day with sets, dropped once the run is known.
    pub set_days: SetDays,
}

/// One device file's part of a read: the day's records (see [`Recent`]), and every set
/// counted into the days shared by all files, in the same pass.
struct DayAndSets<'a> {
    recent: Recent,
    set_days: &'a RefCell<SetDays>,
}

impl Extend<Record> for DayAndSets<'_> {
    fn extend<I: IntoIterator<Item = Record>>(&mut self, records: I) {
        let mut set_days = self.set_days.borrow_mut();
        for record in records {
            set_days.count(&record);
            self.recent.extend([record]);
        }
    }
}

impl Keep for DayAndSets<'_> {
    fn into_records(self) -> Vec<Record> {
        self.recent.into_records()
    }
}

/// Reads `folder`: the sets done on other devices on the day of `now`, and every device's
/// sets by day. Records from today on are counted once however many files hold them;
/// before today a second copy (a sync tool's conflict copy) is let through, as the day's
/// reader does: it changes whether a day had a set only when it holds a set that an undo
/// took back.
fn read(folder: &Folder, now: Timestamp, tz: &TimeZone) -> Option<Found> {
    let now = now.to_zoned(tz.clone());
    let set_days = RefCell::new(SetDays::new(tz));
    let fresh = || DayAndSets {
        recent: Recent::for_day(&now, SignedDuration::ZERO),
        set_days: &set_days,
    };
    let since = Recent::for_day(&now, SignedDuration::ZERO).since();
    let read = match folder.read(fresh, Some(since)) {
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
    Some(Found {
        event: Event::SetsElsewhere {
            day: now.date(),
            sets,
            reps,
        },
        set_days: set_days.into_inner(),
    })
}

/// What the daemon's one file watcher (see [`super::reload`]) watches of a sync folder:
/// the folder, for changes to history files other than this device's own.
#[derive(Debug, Clone)]
pub struct Watched {
    pub dir: PathBuf,
    own: PathBuf,
}

impl Watched {
    /// Whether an event about `path` is another device's file changing.
    pub fn is_peer(&self, path: &Path) -> bool {
        path != self.own
            && path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(crate::history::folder::device::is_history)
    }
}
