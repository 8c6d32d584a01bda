//! Reading and appending the history file under its lock. See the module docs of
//! [`crate::history`] for the durability argument.

use std::fmt::Write as _;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use crate::regular_file;

use super::record::{Header, Record, VERSION};
use end::{End, Known};
pub(crate) use parse::Line;
use parse::{Parsed, READ_BUFFER, Tail, Unreadable, parse};

mod aside;
mod end;
mod parse;

/// The history file at one path.
#[derive(Debug)]
pub struct History {
    path: PathBuf,
    /// The writers' lock: `<name>.lock` beside the file, or, for a device's file in a sync
    /// folder, in the local data folder (a lock is for this machine's writers only, and
    /// has no business being carried to the others).
    lock: PathBuf,
    /// In a sync folder, the device id every record written gets in its `id`.
    device: Option<String>,
    /// Where this process's last read or write under the lock left the file, when it left
    /// it whole (no torn tail to cut): the next append goes there without reading the file
    /// again, unless someone else changed it since.
    known: Mutex<Option<Known>>,
}

impl Clone for History {
    fn clone(&self) -> Self {
        Self {
            path: self.path.clone(),
            lock: self.lock.clone(),
            device: self.device.clone(),
            known: Mutex::new(self.known()),
        }
    }
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
        let path = path.into();
        Self {
            lock: sibling(&path, ".lock"),
            path,
            device: None,
            known: Mutex::new(None),
        }
    }

    /// Device `device`'s own file in a sync folder, at `path`: its writers lock `lock`,
    /// and every record it appends gets an id `<device>-<64 random bits>`.
    pub fn of_device(path: PathBuf, lock: PathBuf, device: String) -> Self {
        Self {
            path,
            lock,
            device: Some(device),
            known: Mutex::new(None),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads every record. A corrupt file is set aside and a fresh one started.
    pub fn load(&self) -> Result<Loaded, HistoryError> {
        let (records, notices) = self.load_into(|| self.sized_vec())?;
        Ok(Loaded { records, notices })
    }

    /// Reads the history into what `fresh` makes, record by record, so a reader keeps
    /// only what it needs (the daemon: the day, not ten years); returns it with the
    /// notices. A corrupt file is set aside and a fresh one started: what was read of it
    /// is dropped and a new, empty collection returned. Remembers where the file ends, so
    /// this process's next append need not read it again.
    pub fn load_into<C: Extend<Record>>(
        &self,
        fresh: impl Fn() -> C,
    ) -> Result<(C, Vec<String>), HistoryError> {
        let _lock = self.lock()?;
        let mut kept = fresh();
        let (notices, _) = self.load_locked(&mut kept, fresh)?;
        Ok((kept, notices))
    }

    /// Appends `records` durably: when this returns `Ok`, they are on disk. Returns what
    /// the user should know of the file (a torn tail cut, a corrupt file set aside).
    ///
    /// When this process left the file as it still is, the records go at its known end
    /// without reading it: an append costs the same in a ten-year history as in an empty
    /// one. Otherwise the file is checked first, as [`History::load`] does, keeping nothing.
    pub fn append(&self, records: &[Record]) -> Result<Vec<String>, HistoryError> {
        let _lock = self.lock()?;
        if let Some(known) = self.known() {
            let mut file = self.open_for_append()?;
            let now = file.metadata().map_err(|e| self.io("inspect", e))?;
            if End::of(&now) == known.end {
                let notices = self.standing(known.recovery.as_ref(), known.unknown);
                let text = lines(records, None, self.device.as_deref());
                self.write_at(&mut file, &text, known)?;
                return Ok(notices);
            }
        }
        let (mut notices, parsed) = self.load_locked(&mut Discard, || Discard)?;
        self.write_checked(&parsed, records, &mut notices)?;
        Ok(notices)
    }

    /// Reads the history and appends what `decide` makes of it, all under the lock, so no
    /// other writer comes between the decision and its record (two `log --undo` at once
    /// take back two sets, not the same one twice). The records go, in file order, into
    /// what `fresh` makes (a reader keeps what it needs), and `decide` sees that. `None`
    /// from `decide` writes nothing and returns `None`; otherwise the collection with the
    /// new records added, the notices, and what `decide` returned beside them.
    pub fn append_decided<C: Extend<Record>, T>(
        &self,
        fresh: impl Fn() -> C,
        decide: impl FnOnce(&C) -> Option<(Vec<Record>, T)>,
    ) -> Result<Option<(C, Vec<String>, T)>, HistoryError> {
        let _lock = self.lock()?;
        let mut kept = fresh();
        let (mut notices, parsed) = self.load_locked(&mut kept, &fresh)?;
        let Some((new, decided)) = decide(&kept) else {
            return Ok(None);
        };
        self.write_checked(&parsed, &new, &mut notices)?;
        kept.extend(new);
        Ok(Some((kept, notices, decided)))
    }

    /// Appends `records` after reading the history into what `fresh` makes: for a writer
    /// that reports on what it wrote (`soleus log`: today's sets). Returns the collection
    /// with `records` added, and the notices.
    pub fn append_seeing<C: Extend<Record>>(
        &self,
        fresh: impl Fn() -> C,
        records: &[Record],
    ) -> Result<(C, Vec<String>), HistoryError> {
        let written = self.append_decided(&fresh, |_| Some((records.to_vec(), ())))?;
        Ok(written.map_or_else(
            || (fresh(), Vec::new()),
            |(kept, notices, ())| (kept, notices),
        ))
    }

    /// Appends `records` to the file just checked, first cutting (and, when foreign,
    /// keeping) a torn tail and writing the header of a new file.
    fn write_checked(
        &self,
        parsed: &Parsed,
        records: &[Record],
        notices: &mut Vec<String>,
    ) -> Result<(), HistoryError> {
        let text = lines(records, Some(parsed), self.device.as_deref());
        let mut file = self.open_for_append()?;
        if let Some(tail) = parsed.torn {
            if tail == Tail::Foreign {
                // Not something an interrupted append of ours leaves: someone wrote it, so
                // a copy is kept before the file is repaired.
                let aside = self.keep_tail(&file, parsed.valid_len)?;
                notices.push(format!(
                    "{}: an incomplete last line that soleus did not write was moved to {}",
                    self.path.display(),
                    aside.display()
                ));
            }
            // An incomplete tail was never acknowledged to anyone: cut it off.
            file.set_len(parsed.valid_len)
                .map_err(|e| self.io("repair", e))?;
        }
        // The valid part is the whole file unless a torn tail was just cut off.
        let known = Known {
            end: End::at(parsed.valid_len),
            recovery: parsed
                .header
                .as_ref()
                .and_then(|h| h.recovered_from.clone()),
            unknown: parsed.unknown,
        };
        self.write_at(&mut file, &text, known)?;
        if parsed.header.is_none() {
            sync_dir(&self.path).map_err(|e| self.io("sync the folder of", e))?;
        }
        Ok(())
    }

    /// Writes `text` at the end `known` gives, durably, and remembers where the file now
    /// ends.
    fn write_at(&self, file: &mut File, text: &str, known: Known) -> Result<(), HistoryError> {
        // Until the write is known whole, where the file ends is not.
        self.set_known(None);
        file.seek(io::SeekFrom::Start(known.end.len))
            .map_err(|e| self.io("seek in", e))?;
        file.write_all(text.as_bytes())
            .map_err(|e| self.io("write", e))?;
        file.sync_all().map_err(|e| self.io("sync", e))?;
        let meta = file.metadata().map_err(|e| self.io("inspect", e))?;
        self.set_known(Some(Known {
            end: End::of(&meta),
            ..known
        }));
        Ok(())
    }

    fn known(&self) -> Option<Known> {
        self.known
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn set_known(&self, known: Option<Known>) {
        *self.known.lock().unwrap_or_else(PoisonError::into_inner) = known;
    }

    fn open_for_append(&self) -> Result<File, HistoryError> {
        regular_file::open(
            &self.path,
            OpenOptions::new()
                .create(true)
                .read(true)
                .write(true)
                .truncate(false),
        )
        .map_err(|e| self.io("open", e))
    }

    fn io(&self, action: &'static str, source: io::Error) -> HistoryError {
        HistoryError::Io {
            action,
            path: self.path.clone(),
            source,
        }
    }

    /// Takes the exclusive writer lock on `<name>.lock`, creating the folder if needed.
    fn lock(&self) -> Result<File, HistoryError> {
        let lock_path = self.lock.clone();
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
        let _shared = self.shared_lock();
        let mut records = self.sized_vec();
        Ok(match self.check(&mut records)? {
            Ok((notices, _)) => Loaded { records, notices },
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

    /// The writers' lock taken shared, when its file can be opened: a writer's half-done
    /// append stays out of view while it is held.
    pub(crate) fn shared_lock(&self) -> Option<File> {
        regular_file::open_read(&self.lock)
            .ok()
            .filter(|f| f.lock_shared().is_ok())
    }

    /// Takes the writers' lock (exclusive), as appends do: for moving the file.
    pub(crate) fn writer_lock(&self) -> Result<File, HistoryError> {
        self.lock()
    }

    /// An empty vector with room for every record of the file: lines are about a hundred
    /// bytes, so one allocation and no regrowth while ten years are read.
    fn sized_vec(&self) -> Vec<Record> {
        let size = fs::metadata(&self.path).map_or(0, |m| m.len());
        Vec::with_capacity(usize::try_from(size / 90).unwrap_or(0))
    }

    /// Checks the file under the writer lock, records into `kept`; a corrupt file is set
    /// aside and `kept` replaced by a fresh collection. Remembers where a whole file ends.
    fn load_locked<C: Extend<Record>>(
        &self,
        kept: &mut C,
        fresh: impl Fn() -> C,
    ) -> Result<(Vec<String>, Parsed), HistoryError> {
        self.set_known(None);
        match self.check(kept)? {
            Ok((notices, parsed)) => {
                if parsed.torn.is_none() && !parsed.needs_newline && parsed.header.is_some() {
                    // Under the lock nobody else writes: the file is as it was just read.
                    if let Ok(meta) = fs::metadata(&self.path) {
                        let end = End::of(&meta);
                        self.set_known((end.len == parsed.valid_len).then(|| {
                            Known {
                                end,
                                recovery: parsed
                                    .header
                                    .as_ref()
                                    .and_then(|h| h.recovered_from.clone()),
                                unknown: parsed.unknown,
                            }
                        }));
                    }
                }
                Ok((notices, parsed))
            }
            Err(reason) => {
                *kept = fresh();
                self.set_aside(&reason)
            }
        }
    }

    /// Reads and checks the file, handing its records to `kept`: the notices, or why it
    /// is corrupt (then `kept` may hold some of its records, to be dropped).
    fn check<C: Extend<Record>>(
        &self,
        kept: &mut C,
    ) -> Result<Result<(Vec<String>, Parsed), String>, HistoryError> {
        self.check_lines(&mut |line: Line<'_>| kept.extend(std::iter::once(line.record)))
    }

    /// Reads the file as another device's, without a lock and without changing it: every
    /// complete record goes to `sink`, an incomplete last line (a sync under way) is left
    /// out and left in place. The notices, or why the file cannot be read.
    pub(crate) fn read_foreign(
        &self,
        sink: &mut dyn FnMut(Line<'_>),
    ) -> Result<Result<Vec<String>, String>, HistoryError> {
        Ok(self.check_lines(sink)?.map(|(notices, _)| notices))
    }

    fn check_lines(
        &self,
        sink: &mut dyn FnMut(Line<'_>),
    ) -> Result<Result<(Vec<String>, Parsed), String>, HistoryError> {
        let parsed = match regular_file::open_read(&self.path) {
            // Line by line through a small buffer: reading a ten-year file whole would
            // touch megabytes of fresh memory, and page faults were most of the time.
            Ok(f) => parse(io::BufReader::with_capacity(READ_BUFFER, f), sink),
            Err(e) if e.kind() == io::ErrorKind::NotFound => parse(io::empty(), sink),
            Err(source) => return Err(self.io("open", source)),
        };
        match parsed {
            Err(Unreadable::Io(source)) => Err(self.io("read", source)),
            Err(Unreadable::Newer(found)) => Err(HistoryError::Newer {
                path: self.path.clone(),
                found,
            }),
            Err(Unreadable::Corrupt(reason)) => Ok(Err(reason)),
            Ok(parsed) => {
                let recovery = parsed
                    .header
                    .as_ref()
                    .and_then(|h| h.recovered_from.as_ref());
                let mut notices = self.standing(recovery, parsed.unknown);
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
                Ok(Ok((notices, parsed)))
            }
        }
    }
}

/// Records for the text of an append: after `checked`, the file's state when it was just
/// read (a header for a new file, a newline a last line lacks); `None` at a known end.
/// With a `device`, each record gets an id (see [`History::of_device`]).
fn lines(records: &[Record], checked: Option<&Parsed>, device: Option<&str>) -> String {
    let mut text = String::new();
    match checked {
        Some(parsed) if parsed.header.is_none() => push_line(&mut text, &Header::new(None)),
        Some(parsed) if parsed.needs_newline => text.push('\n'),
        _ => {}
    }
    for record in records {
        match device {
            Some(device) => push_identified(&mut text, record, device),
            None => push_line(&mut text, record),
        }
    }
    text
}

/// Appends `record` as a line with the id it is written with in a sync folder: its own
/// fields first, so the line starts as every line soleus writes (see `parse::Tail`), then
/// `"id"`. `device` is hex digits: nothing in it needs escaping.
fn push_identified(text: &mut String, record: &Record, device: &str) {
    push_line(text, record);
    let has_id = matches!(record, Record::Set(s) if s.id.is_some());
    if !has_id && text.ends_with("}\n") {
        text.truncate(text.len() - 2);
        let _ = writeln!(text, ",\"id\":\"{device}-{:016x}\"}}", random_u64());
    }
}

/// 64 random bits from the operating system; should it fail, the clock and a counter,
/// which still differ from one record to the next.
fn random_u64() -> u64 {
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    getrandom::u64().unwrap_or_else(|_| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        nanos
            ^ COUNTER
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                .rotate_left(48)
    })
}

/// Drops every record: for checks that only want the file's state.
pub(super) struct Discard;

impl Extend<Record> for Discard {
    fn extend<I: IntoIterator<Item = Record>>(&mut self, records: I) {
        records.into_iter().for_each(drop);
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
