//! Keeping what cannot be used out of the way without losing a byte of it: an unreadable
//! history renamed aside (a fresh one started in its place), a foreign incomplete last
//! line copied to a file of its own before it is cut.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Seek, Write};
use std::path::PathBuf;

use jiff::Timestamp;

use super::parse::Parsed;
use super::{Discard, History, HistoryError, push_line, sibling, sync_dir};
use crate::history::record::{Header, Recovery};

impl History {
    /// Copies the bytes of `file` from `from` on to a new file beside it, durably.
    pub(super) fn keep_tail(&self, file: &File, from: u64) -> Result<PathBuf, HistoryError> {
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
    pub(super) fn set_aside(&self, reason: &str) -> Result<(Vec<String>, Parsed), HistoryError> {
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
            header: Some(header),
            valid_len: text.len() as u64,
            needs_newline: false,
            torn: None,
            unknown: 0,
        };
        Ok((vec![notice], parsed))
    }

    /// What stays true of a file until it changes: the set-aside file it was started after
    /// (until the user acknowledges it), records of a newer kind it holds.
    pub(super) fn standing(&self, recovery: Option<&Recovery>, unknown: usize) -> Vec<String> {
        let mut notices = Vec::new();
        if let Some(Recovery { path, reason }) =
            recovery.filter(|r| !crate::history::ack::is_acknowledged(&self.path, &r.path))
        {
            notices.push(format!(
                "an earlier history file could not be read ({reason}); it was kept as \
                 {path} (`soleus stats --ack` stops this note)"
            ));
        }
        if unknown > 0 {
            notices.push(format!(
                "{}: skipped {unknown} record(s) of a kind a newer soleus wrote (they stay in the file)",
                self.path.display(),
            ));
        }
        notices
    }

    /// Acknowledges the set-aside file this history was started after, so reads stop
    /// noting it; returns its path, or `None` when there is nothing to acknowledge.
    pub fn acknowledge(&self) -> Result<Option<String>, HistoryError> {
        let Ok((_, mut parsed)) = self.check(&mut Discard)? else {
            return Ok(None);
        };
        let Some(recovery) = parsed.header.take().and_then(|h| h.recovered_from) else {
            return Ok(None);
        };
        crate::history::ack::acknowledge(&self.path, &recovery.path).map_err(|source| {
            HistoryError::Io {
                action: "record the acknowledgement beside",
                path: self.path.clone(),
                source,
            }
        })?;
        Ok(Some(recovery.path))
    }
}
