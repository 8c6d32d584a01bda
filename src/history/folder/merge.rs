//! Merging device files on read. Every file is read as it is (up to its last complete
//! line, never repaired: only its own device writes to it), and a record is counted once
//! however many files hold it: a file synced twice, a sync tool's conflict copy, a device
//! file restored from a backup.
//!
//! # What makes a record the same record
//! A record written in a sync folder carries an `id`, `<device>-<64 random bits>`: the
//! same id is the same record. A line without one (a history written before the folder
//! was used, moved in as it was, or a line added by hand) is known by its text and its
//! line number: device files are only ever appended to, so a line keeps its number in
//! every copy of its file, and two lines of one file that read the same (two sets logged
//! in the same second) stay two records. Two different machines' files hold the same
//! line at the same number only when one history was copied to both: then it is one.
//!
//! The merge is a union of keyed records: the order files are read in, or records come
//! in, changes nothing (records are ordered by time afterwards), and reading a copy again
//! adds nothing.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, DefaultHasher, Hash, Hasher};

use jiff::Timestamp;

use super::super::recent::{Recent, about};
use super::super::record::Record;
use super::super::store::Line;

/// What a reader keeps of one file's records (all of them, or what the day needs).
pub trait Keep: Extend<Record> {
    /// The kept records, in the order they came.
    fn into_records(self) -> Vec<Record>;
}

impl Keep for Vec<Record> {
    fn into_records(self) -> Vec<Record> {
        self
    }
}

impl Keep for Recent {
    fn into_records(self) -> Vec<Record> {
        Recent::into_records(self)
    }
}

/// The identity of a record across files, as 64 bits: it is only compared within one
/// read, never written down. An id is folded in with FNV-1a: ids are random and short,
/// and at the release build's opt-level the standard hasher cost more than reading the
/// line did when a command read several devices' years. A line without an id is hashed
/// with its text and number.
pub(crate) fn key(line: &Line<'_>) -> u64 {
    if let Some(id) = &line.id {
        return fnv1a(id.as_bytes());
    }
    let mut h = DefaultHasher::new();
    (line.text, line.number).hash(&mut h);
    // Told apart from the ids' keys by the lowest bit.
    h.finish() | 1
}

/// FNV-1a, 64 bits, with the lowest bit clear (see [`key`]).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h & !1
}

/// Keys are hashes already: the set uses them as they are.
#[derive(Debug, Default, Clone, Copy)]
struct AsItIs(u64);

impl Hasher for AsItIs {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed here; anything else is folded in, still a hash.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The records seen so far in one read of the folder.
#[derive(Debug, Default)]
pub struct Seen {
    keys: HashSet<u64, BuildHasherDefault<AsItIs>>,
    /// Records about an earlier time are let through without being remembered: a reader of
    /// the day keeps of them only the last of a kind (a pause, a resolved reminder), which
    /// a second copy does not change, and ten years of keys would only weigh on it.
    horizon: Option<Timestamp>,
}

impl Seen {
    /// Remembers every record from `horizon` on (`None`: every record).
    pub fn from(horizon: Option<Timestamp>) -> Self {
        Self {
            keys: HashSet::default(),
            horizon,
        }
    }

    /// Whether `line` is new to this read (then it is remembered).
    pub(crate) fn admit(&mut self, line: &Line<'_>) -> bool {
        if self.horizon.is_some_and(|h| about(&line.record) < h) {
            return true;
        }
        self.keys.insert(key(line))
    }
}

/// Records of several files, each in its file's order, as one history ordered by time
/// (stable: records of one instant keep their order).
pub fn in_time_order(files: impl IntoIterator<Item = Vec<Record>>) -> Vec<Record> {
    let mut all: Vec<Record> = files.into_iter().flatten().collect();
    all.sort_by_key(Record::at);
    all
}

#[cfg(test)]
mod tests;
