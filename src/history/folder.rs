//! The history in a folder a sync tool carries between machines (config `[history]
//! sync_folder`): each device appends only to its own file there, `<host>-<device>.jsonl`,
//! and reads every device's file, merged on read ([`merge`]). Sync tools never see two
//! machines write one file, so they never have to merge text; what they do instead (keep
//! a conflict copy, bring back an old version, copy a file twice) only adds copies of
//! records the merge already knows.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::recent::Recent;
use super::record::Record;
use super::store::Line;
use super::{History, HistoryError, Loaded};
use crate::config::HistorySettings;
use crate::paths::Paths;
use merge::{Keep, Seen};

pub mod device;
pub mod merge;
mod migrate;

#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error(
        "{} does not hold a device id (16 hex digits): delete it, and soleus makes a new one \
         (this machine's file in the sync folder then starts afresh; the old one is still read)",
        path.display()
    )]
    DeviceId { path: PathBuf },
    #[error(
        "the sync folder {} is not a folder: set [history] sync_folder to a folder your sync tool carries",
        path.display()
    )]
    NotAFolder { path: PathBuf },
    #[error(transparent)]
    History(#[from] HistoryError),
}

/// Where this machine's history is written and read.
#[derive(Debug, Clone)]
pub enum Place {
    /// On this machine only: the one file, as always.
    Local(History),
    /// In a sync folder.
    Folder(Folder),
}

impl Place {
    /// The history `settings` ask for. With a sync folder, the local history is moved into
    /// it first, if it was not already.
    pub fn open(paths: &Paths, settings: &HistorySettings) -> Result<Self, FolderError> {
        match &settings.sync_folder {
            None => Ok(Self::Local(History::new(&paths.history))),
            Some(dir) => Folder::open(&paths.history, dir).map(Self::Folder),
        }
    }

    /// The file this machine appends to.
    pub fn own(&self) -> &History {
        match self {
            Self::Local(history) => history,
            Self::Folder(folder) => &folder.own,
        }
    }

    /// What the day of `now` needs, for commands that only look at today (`status`
    /// without a daemon); with a sync folder, of every device. Without one, every record,
    /// as before.
    pub fn read_day(&self, now: &jiff::Zoned) -> Result<Loaded, HistoryError> {
        match self {
            Self::Local(history) => history.read(),
            Self::Folder(folder) => {
                let mut read = folder.read_day(now, jiff::SignedDuration::ZERO)?;
                Ok(Loaded {
                    notices: std::mem::take(&mut read.notices),
                    records: read.merged(),
                })
            }
        }
    }

    /// Every record, for commands that only look; with a sync folder, every device's.
    pub fn read(&self) -> Result<Loaded, HistoryError> {
        match self {
            Self::Local(history) => history.read(),
            Self::Folder(folder) => {
                let mut read = folder.read(Vec::new, None)?;
                Ok(Loaded {
                    notices: std::mem::take(&mut read.notices),
                    records: read.merged(),
                })
            }
        }
    }
}

/// A sync folder as this device sees it.
#[derive(Debug, Clone)]
pub struct Folder {
    dir: PathBuf,
    device: String,
    own: History,
    /// What moving the local history in did, when this opening did it.
    moved: Option<String>,
}

/// One file's part of a read.
#[derive(Debug)]
pub struct FileRead {
    pub path: PathBuf,
    /// Host and device, from the file's name (`None`: not named as soleus names them).
    pub device: Option<(String, String)>,
    /// This device's own file (not a copy of it).
    pub own: bool,
    /// What the reader kept of its records not seen in a file before it.
    pub records: Vec<Record>,
    /// The latest time any of its records (kept or not) is about.
    pub last: Option<Timestamp>,
}

/// What reading the folder found.
#[derive(Debug, Default)]
pub struct FolderRead {
    pub files: Vec<FileRead>,
    pub notices: Vec<String>,
}

impl FolderRead {
    /// Every device's records as one history, in time order (moved, not copied: `stats`
    /// merges years of several devices).
    pub fn merged(self) -> Vec<Record> {
        merge::in_time_order(self.files.into_iter().map(|f| f.records))
    }

    /// This device's own records, and the merged history, each in time order.
    pub fn own_and_all(self) -> (Vec<Record>, Vec<Record>) {
        let own = self
            .files
            .iter()
            .filter(|f| f.own)
            .flat_map(|f| f.records.clone())
            .collect();
        let all = merge::in_time_order(self.files.into_iter().map(|f| f.records));
        (own, all)
    }
}

impl Folder {
    /// The folder `dir`, as the device whose id is kept beside `local` (the local history
    /// path), with the local history moved in.
    pub fn open(local: &Path, dir: &Path) -> Result<Self, FolderError> {
        let data = local.parent().unwrap_or(Path::new("."));
        let device = device::id(&data.join("device-id"))?;
        match fs::metadata(dir) {
            Ok(meta) if !meta.is_dir() => {
                return Err(FolderError::NotAFolder {
                    path: dir.to_owned(),
                });
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(dir).map_err(|source| FolderError::Io {
                    action: "create the sync folder",
                    path: dir.to_owned(),
                    source,
                })?;
            }
            Err(source) => {
                return Err(FolderError::Io {
                    action: "open the sync folder",
                    path: dir.to_owned(),
                    source,
                });
            }
        }
        let path = device::own_file(dir, &device, &device::host());
        let mut lock = local.as_os_str().to_owned();
        lock.push(".lock");
        let own = History::of_device(path, PathBuf::from(lock), device.clone());
        let mut folder = Self {
            dir: dir.to_owned(),
            device,
            own,
            moved: None,
        };
        folder.moved = migrate::move_in(local, &folder)?;
        Ok(folder)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn device(&self) -> &str {
        &self.device
    }

    pub fn own(&self) -> &History {
        &self.own
    }

    /// The history files in the folder, in name order.
    pub fn files(&self) -> Result<Vec<PathBuf>, HistoryError> {
        let entries = fs::read_dir(&self.dir).map_err(|source| HistoryError::Io {
            action: "list",
            path: self.dir.clone(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_str().is_some_and(device::is_history))
            .filter(|e| fs::metadata(e.path()).is_ok_and(|m| m.is_file()))
            .map(|e| e.path())
            .collect();
        files.sort();
        Ok(files)
    }

    /// Reads every device's file, each into what `fresh` makes, counting each record
    /// once (records about `horizon` or later are told apart by key; see [`Seen`]). This
    /// device's own file is read first, under its writers' shared lock, so an append under
    /// way is not half seen. Files that cannot be read are named in the notices and
    /// counted as empty: another device's file is never changed here.
    pub fn read<C: Keep>(
        &self,
        fresh: impl Fn() -> C,
        horizon: Option<Timestamp>,
    ) -> Result<FolderRead, HistoryError> {
        self.read_files(fresh, horizon, true)
    }

    /// [`Folder::read`] by a caller that holds this device's writer lock already.
    pub fn read_holding_lock<C: Keep>(
        &self,
        fresh: impl Fn() -> C,
        horizon: Option<Timestamp>,
    ) -> Result<FolderRead, HistoryError> {
        self.read_files(fresh, horizon, false)
    }

    /// What the day of `now` needs of every device's file (see [`Recent`]).
    pub fn read_day(
        &self,
        now: &jiff::Zoned,
        reach_back: jiff::SignedDuration,
    ) -> Result<FolderRead, HistoryError> {
        let since = Recent::for_day(now, reach_back).since();
        self.read(|| Recent::for_day(now, reach_back), Some(since))
    }

    fn read_files<C: Keep>(
        &self,
        fresh: impl Fn() -> C,
        horizon: Option<Timestamp>,
        lock_own: bool,
    ) -> Result<FolderRead, HistoryError> {
        let mut seen = Seen::from(horizon);
        let mut read = FolderRead::default();
        read.notices.extend(self.moved.clone());
        let mut files = self.files()?;
        files.retain(|f| *f != self.own.path());
        files.insert(0, self.own.path().to_owned());
        for path in files {
            let own = path == self.own.path();
            let _shared = (own && lock_own).then(|| self.own.shared_lock()).flatten();
            let mut kept = fresh();
            let mut last: Option<Timestamp> = None;
            let mut sink = |line: Line<'_>| {
                last = last.max(Some(line.record.at()));
                if seen.admit(&line) {
                    kept.extend(std::iter::once(line.record));
                }
            };
            let history = History::new(&path);
            match history.read_foreign(&mut sink) {
                Ok(Ok(notices)) => read.notices.extend(notices),
                Ok(Err(reason)) => read.notices.push(format!(
                    "{} cannot be read ({reason}); nothing in it is counted until {}",
                    path.display(),
                    if own {
                        "the next write keeps it aside and starts a fresh one"
                    } else {
                        "the device that writes it repairs it"
                    }
                )),
                Err(e) => read.notices.push(e.to_string()),
            }
            let device = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(device::of_name)
                .map(|(h, d)| (h.to_owned(), d.to_owned()));
            read.files.push(FileRead {
                device,
                own,
                records: kept.into_records(),
                last,
                path,
            });
        }
        Ok(read)
    }
}

#[cfg(test)]
mod tests;
