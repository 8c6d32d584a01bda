//! Reading and appending the history file under its lock. See the module docs of
//! [`crate::history`] for the durability argument.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::regular_file;

use super::record::{Header, Record, Recovery, VERSION};
use parse::{Parsed, READ_BUFFER, Tail, Unreadable, parse};

mod parse;

/// The history file at one path.
#[derive(Debug, Clone)]
pub struct History {
    path: PathBuf,
}

/// What a read found.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub records: Vec<Record>,
    /// Things the user should know: a recovered file, an ignored incomplete line.
    pub notices: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error(
        "{} was written by a newer soleus (history version {found}, this one reads {VERSION}); \
         it was left untouched: upgrade soleus to use it",
        path.display()
    )]
    Newer { path: PathBuf, found: u32 },
}

impl History {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads every record. A corrupt file is set aside and a fresh one started.
    pub fn load(&self) -> Result<Loaded, HistoryError> {
        let _lock = self.lock()?;
        self.load_locked().map(|(loaded, _)| loaded)
    }

    /// Appends `records` durably: when this returns `Ok`, they are on disk. Returns the
    /// whole history including them.
    pub fn append(&self, records: &[Record]) -> Result<Loaded, HistoryError> {
        self.append_decided(|_| Some((records.to_vec(), ())))
            .map(|written| written.map_or_else(Loaded::default, |(loaded, ())| loaded))
    }

    /// Reads the history and appends what `decide` makes of it, all under the lock, so no
    /// other writer comes between the decision and its record (two `log --undo` at once
    /// take back two sets, not the same one twice). `None` from `decide` writes nothing
    /// and returns `None`; otherwise the whole history including the new records and what
    /// `decide` returned beside them.
    pub fn append_decided<T>(
        &self,
        decide: impl FnOnce(&[Record]) -> Option<(Vec<Record>, T)>,
    ) -> Result<Option<(Loaded, T)>, HistoryError> {
        let _lock = self.lock()?;
        let (mut loaded, parsed) = self.load_locked()?;
        let Some((records, decided)) = decide(&loaded.records) else {
            return Ok(None);
        };
        let records = records.as_slice();
        let mut text = String::new();
        if parsed.header.is_none() {
            push_line(&mut text, &Header::new(None));
        } else if parsed.needs_newline {
            text.push('\n');
        }
        for record in records {
            push_line(&mut text, record);
        }
        let io = |action, source| HistoryError::Io {
            action,
            path: self.path.clone(),
            source,
        };
        let mut file = regular_file::open(
            &self.path,
            OpenOptions::new()
                .create(true)
                .read(true)
                .write(true)
                .truncate(false),
        )
        .map_err(|e| io("open", e))?;
        if let Some(tail) = parsed.torn {
            if tail == Tail::Foreign {
                // Not something an interrupted append of ours leaves: someone wrote it, so
                // a copy is kept before the file is repaired.
                let aside = self.keep_tail(&file, parsed.valid_len)?;
                loaded.notices.push(format!(
                    "{}: an incomplete last line that soleus did not write was moved to {}",
                    self.path.display(),
                    aside.display()
                ));
            }
            // An incomplete tail was never acknowledged to anyone: cut it off.
            file.set_len(parsed.valid_len)
                .map_err(|e| io("repair", e))?;
        }
        // The valid part is the whole file unless a torn tail was just cut off.
        file.seek(io::SeekFrom::Start(parsed.valid_len))
            .map_err(|e| io("seek in", e))?;
        file.write_all(text.as_bytes())
            .map_err(|e| io("write", e))?;
        file.sync_all().map_err(|e| io("sync", e))?;
        if parsed.header.is_none() {
            sync_dir(&self.path).map_err(|e| io("sync the folder of", e))?;
        }
        loaded.records.extend_from_slice(records);
        Ok(Some((loaded, decided)))
    }

    /// Takes the exclusive writer lock on `<name>.lock`, creating the folder if needed.
    fn lock(&self) -> Result<File, HistoryError> {
        let lock_path = sibling(&self.path, ".lock");
        let io = |action, source| HistoryError::Io {
            action,
            path: lock_path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(|source| HistoryError::Io {
                action: "create the folder",
                path: dir.to_owned(),
                source,
            })?;
        }
        let file = regular_file::open(
            &lock_path,
            OpenOptions::new().create(true).truncate(false).write(true),
        )
        .map_err(|e| io("open the lock file", e))?;
        file.lock().map_err(|e| io("lock", e))?;
        Ok(file)
    }

    /// Reads every record without changing anything, for commands that only look
    /// (`stats`, `doctor`): it needs no write access to the folder, and a corrupt file is
    /// reported, not set aside (the next write does that, under the lock). A shared lock,
    /// when the lock file can be opened, keeps a writer's half-done append out of view.
    pub fn read(&self) -> Result<Loaded, HistoryError> {
        let _shared = regular_file::open_read(&sibling(&self.path, ".lock"))
            .ok()
            .filter(|f| f.lock_shared().is_ok());
        Ok(match self.check()? {
            Ok((loaded, _)) => loaded,
            Err(reason) => Loaded {
                records: Vec::new(),
                notices: vec![format!(
                    "{} cannot be read ({reason}); it is left as it is: nothing in it is counted, and the next \
                     write (`soleus log`, the daemon) keeps it aside and starts a fresh one",
                    self.path.display()
                )],
            },
        })
    }

    fn load_locked(&self) -> Result<(Loaded, Parsed), HistoryError> {
        match self.check()? {
            Ok(checked) => Ok(checked),
            Err(reason) => self.set_aside(&reason),
        }
    }

    /// Reads and checks the file: what it holds, or why it is corrupt.
    fn check(&self) -> Result<Result<(Loaded, Parsed), String>, HistoryError> {
        let parsed = match regular_file::open_read(&self.path) {
            // Line by line through a small buffer: reading a ten-year file whole would
            // touch megabytes of fresh memory, and page faults were most of the time.
            Ok(f) => {
                let size = f.metadata().map_or(0, |m| m.len());
                parse(io::BufReader::with_capacity(READ_BUFFER, f), size)
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => parse(io::empty(), 0),
            Err(source) => {
                return Err(HistoryError::Io {
                    action: "open",
                    path: self.path.clone(),
                    source,
                });
            }
        };
        match parsed {
            Err(Unreadable::Io(source)) => Err(HistoryError::Io {
                action: "read",
                path: self.path.clone(),
                source,
            }),
            Err(Unreadable::Newer(found)) => Err(HistoryError::Newer {
                path: self.path.clone(),
                found,
            }),
            Err(Unreadable::Corrupt(reason)) => Ok(Err(reason)),
            Ok(mut parsed) => {
                let mut notices = Vec::new();
                if let Some(Recovery { path, reason }) = self.recovered_from(&parsed) {
                    notices.push(format!(
                        "an earlier history file could not be read ({reason}); it was kept as \
                         {path} (`soleus stats --ack` stops this note)"
                    ));
                }
                if parsed.unknown > 0 {
                    notices.push(format!(
                        "{}: skipped {} record(s) of a kind a newer soleus wrote (they stay in the file)",
                        self.path.display(),
                        parsed.unknown
                    ));
                }
                match parsed.torn {
                    Some(Tail::Ours) => notices.push(format!(
                        "{}: ignored an incomplete last line (an interrupted write)",
                        self.path.display()
                    )),
                    Some(Tail::Foreign) => notices.push(format!(
                        "{}: ignored an incomplete last line soleus did not write; \
                         it is kept in a file of its own at the next write",
                        self.path.display()
                    )),
                    None => {}
                }
                let loaded = Loaded {
                    records: std::mem::take(&mut parsed.records),
                    notices,
                };
                Ok(Ok((loaded, parsed)))
            }
        }
    }

    /// The set-aside file this history was started after, unless the user acknowledged it.
    fn recovered_from<'p>(&self, parsed: &'p Parsed) -> Option<&'p Recovery> {
        let recovery = parsed.header.as_ref()?.recovered_from.as_ref()?;
        (!super::ack::is_acknowledged(&self.path, &recovery.path)).then_some(recovery)
    }

    /// Acknowledges the set-aside file this history was started after, so reads stop
    /// noting it; returns its path, or `None` when there is nothing to acknowledge.
    pub fn acknowledge(&self) -> Result<Option<String>, HistoryError> {
        let Ok((_, mut parsed)) = self.check()? else {
            return Ok(None);
        };
        let Some(recovery) = parsed.header.take().and_then(|h| h.recovered_from) else {
            return Ok(None);
        };
        super::ack::acknowledge(&self.path, &recovery.path).map_err(|source| HistoryError::Io {
            action: "record the acknowledgement beside",
            path: self.path.clone(),
            source,
        })?;
        Ok(Some(recovery.path))
    }

    /// Copies the bytes of `file` from `from` on to a new file beside it, durably.
    fn keep_tail(&self, file: &File, from: u64) -> Result<PathBuf, HistoryError> {
        let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%S%.fZ").to_string();
        let aside = sibling(&self.path, &format!(".tail-{stamp}"));
        let io = |action, source| HistoryError::Io {
            action,
            path: aside.clone(),
            source,
        };
        let mut source = file;
        source
            .seek(io::SeekFrom::Start(from))
            .map_err(|e| io("read the tail for", e))?;
        let mut copy = OpenOptions::new()
            .create_new(true)
            .write(true)
            .open(&aside)
            .map_err(|e| io("create", e))?;
        io::copy(&mut source, &mut copy).map_err(|e| io("write", e))?;
        copy.sync_all().map_err(|e| io("sync", e))?;
        sync_dir(&aside).map_err(|e| io("sync the folder of", e))?;
        Ok(aside)
    }

    /// Renames the unreadable file aside and starts a fresh one that remembers why.
    fn set_aside(&self, reason: &str) -> Result<(Loaded, Parsed), HistoryError> {
        let stamp = Timestamp::now().strftime("%Y%m%dT%H%M%S%.fZ").to_string();
        let aside = sibling(&self.path, &format!(".corrupt-{stamp}"));
        let io = |action, source| HistoryError::Io {
            action,
            path: self.path.clone(),
            source,
        };
        let header = Header::new(Some(Recovery {
            path: aside.display().to_string(),
            reason: reason.to_owned(),
        }));
        let mut text = String::new();
        push_line(&mut text, &header);
        // Readers see the old file or the fresh one that points to it, never neither: the
        // fresh file is written in full first (on a full disk this fails and nothing has
        // changed), the old one gets its second name by a hard link, and a rename puts the
        // fresh one in its place in one step.
        let fresh = sibling(&self.path, &format!(".new-{stamp}"));
        let written = OpenOptions::new()
            .create_new(true)
            .write(true)
            .open(&fresh)
            .and_then(|mut file| {
                file.write_all(text.as_bytes())?;
                file.sync_all()
            });
        if let Err(e) = written {
            let _ = fs::remove_file(&fresh);
            return Err(io("start a fresh history beside", e));
        }
        if let Err(e) = fs::hard_link(&self.path, &aside) {
            // A file system without hard links: a rename, then a moment without a file.
            tracing::debug!("no hard link for {}: {e}; renaming", aside.display());
            if let Err(e) = fs::rename(&self.path, &aside) {
                let _ = fs::remove_file(&fresh);
                return Err(io("set aside", e));
            }
        }
        fs::rename(&fresh, &self.path).map_err(|e| io("replace", e))?;
        sync_dir(&self.path).map_err(|e| io("sync the folder of", e))?;
        let notice = format!(
            "{} could not be read ({reason}); it was kept as {} and a fresh history was started",
            self.path.display(),
            aside.display()
        );
        tracing::info!("{notice}");
        let parsed = Parsed {
            records: Vec::new(),
            header: Some(header),
            valid_len: text.len() as u64,
            needs_newline: false,
            torn: None,
            unknown: 0,
        };
        Ok((
            Loaded {
                records: Vec::new(),
                notices: vec![notice],
            },
            parsed,
        ))
    }
}

fn push_line<T: serde::Serialize>(text: &mut String, value: &T) {
    // Records are plain data with string keys: serialising them cannot fail.
    if let Ok(json) = serde_json::to_string(value) {
        text.push_str(&json);
        text.push('\n');
    }
}

/// `path` with `suffix` appended to its file name.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().map(ToOwned::to_owned).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// Makes a new or renamed directory entry durable.
fn sync_dir(path: &Path) -> io::Result<()> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => File::open(dir)?.sync_all(),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests;
