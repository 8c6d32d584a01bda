//! Which set-aside history files the user has acknowledged (`soleus stats --ack`).
//!
//! A history that could not be read is kept aside, and every read says so, so that the
//! user learns of it even days later. Once they have, the note is noise: acknowledging
//! records the set-aside file's path in `<history>.acknowledged`, one per line, beside the
//! history. The history itself stays append-only and its header keeps the recovery.

use std::io;
use std::path::{Path, PathBuf};

/// The file listing acknowledged set-aside files, beside `history`.
fn list_path(history: &Path) -> PathBuf {
    let mut name = history
        .file_name()
        .map(ToOwned::to_owned)
        .unwrap_or_default();
    name.push(".acknowledged");
    history.with_file_name(name)
}

/// Whether the set-aside file `aside` was acknowledged.
pub fn is_acknowledged(history: &Path, aside: &str) -> bool {
    std::fs::read_to_string(list_path(history))
        .is_ok_and(|text| text.lines().any(|line| line == aside))
}

/// Records `aside` as acknowledged; does nothing when it already is.
pub fn acknowledge(history: &Path, aside: &str) -> io::Result<()> {
    let path = list_path(history);
    let mut text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    if text.lines().any(|line| line == aside) {
        return Ok(());
    }
    text.push_str(aside);
    text.push('\n');
    crate::atomic_file::write(&path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_acknowledged_file_stays_acknowledged_and_others_do_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let history = dir.path().join("history.jsonl");
        assert!(!is_acknowledged(&history, "/a/history.jsonl.corrupt-1"));
        acknowledge(&history, "/a/history.jsonl.corrupt-1").expect("ack");
        acknowledge(&history, "/a/history.jsonl.corrupt-1").expect("twice is fine");
        assert!(is_acknowledged(&history, "/a/history.jsonl.corrupt-1"));
        assert!(!is_acknowledged(&history, "/a/history.jsonl.corrupt-2"));
        let text = std::fs::read_to_string(list_path(&history)).expect("list");
        assert_eq!(text.lines().count(), 1);
    }
}
