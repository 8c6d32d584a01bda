//! Where the next append goes, as this process last left the file: what lets a writer
//! that already read the history (the daemon) append without reading it again.

use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;

use crate::history::record::Recovery;

/// The file as it stood after this process's last read or write under the lock: which
/// file (device and inode), how long, and when it last changed. Any other writer (a
/// `soleus log`, a hand edit, a file set aside and replaced) changes the length, the
/// inode or the change time, and the next append then checks the file again in full, so
/// torn tails, foreign tails and corrupt files are handled as on a first write. Change
/// times are as fine as the kernel's clock tick: an edit that kept the length and came
/// within a tick of this process's write could pass unseen, but every soleus writer
/// changes the length, and no hand edit is that quick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct End {
    dev: u64,
    ino: u64,
    pub(super) len: u64,
    /// The inode's change time: unlike the modification time, no tool can set it back.
    ctime: (i64, i64),
    mtime: (i64, i64),
}

impl End {
    /// A file `len` bytes long, to be written at its end right away (its other fields are
    /// read back from the file after the write).
    pub(super) fn at(len: u64) -> Self {
        Self {
            dev: 0,
            ino: 0,
            len,
            ctime: (0, 0),
            mtime: (0, 0),
        }
    }

    pub(super) fn of(meta: &Metadata) -> Self {
        Self {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            ctime: (meta.ctime(), meta.ctime_nsec()),
            mtime: (meta.mtime(), meta.mtime_nsec()),
        }
    }
}

/// The file as this process last left it, whole, and what stands true of it until
/// someone else changes it: the notes an append at its end repeats without reading it.
#[derive(Debug, Clone)]
pub(super) struct Known {
    pub(super) end: End,
    /// The set-aside file its header names.
    pub(super) recovery: Option<Recovery>,
    /// Records of a newer kind it holds.
    pub(super) unknown: usize,
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::super::History;
    use super::super::tests::{kept_aside, set, temp};

    /// A writer that knows where the file ends (the daemon) still sees what another writer
    /// (`soleus log`) or a crash left there since: nothing is written over, a torn tail is
    /// cut, a corrupt line sets the file aside.
    #[test]
    fn a_known_end_gives_way_to_what_others_wrote_since() {
        let (_dir, daemon) = temp();
        daemon.append(&[set(1)]).expect("append");
        daemon.load().expect("load");
        let other = History::new(daemon.path());
        other.append(&[set(2)]).expect("append");
        daemon.append(&[set(3)]).expect("append");
        assert_eq!(
            daemon.load().expect("load").records,
            vec![set(1), set(2), set(3)]
        );

        let mut bytes = fs::read(daemon.path()).expect("read");
        bytes.extend_from_slice(b"{\"type\":\"set\",\"at\":\"2026-11");
        fs::write(daemon.path(), &bytes).expect("write");
        daemon.append(&[set(4)]).expect("append");
        assert_eq!(
            daemon.load().expect("load").records,
            vec![set(1), set(2), set(3), set(4)]
        );

        let mut text = fs::read_to_string(daemon.path()).expect("read");
        text.push_str("not json at all\n");
        fs::write(daemon.path(), &text).expect("write");
        daemon.append(&[set(5)]).expect("append");
        kept_aside(&daemon, text.as_bytes());
        assert_eq!(daemon.load().expect("load").records, vec![set(5)]);
        // What stays true of the file is still said by appends that do not read it.
        let notices = daemon.append(&[set(6)]).expect("append");
        assert!(
            notices.len() == 1 && notices[0].contains("could not be read"),
            "{notices:?}"
        );
    }
}
