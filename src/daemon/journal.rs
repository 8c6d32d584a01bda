//! The journal: the daemon's records on their way to the history file.
//!
//! A write can fail (a full disk, a folder turned read-only). The records of that moment
//! are facts the user was told about (a "Done" confirmed on screen), so they are not
//! dropped: they stay pending here, in memory and in order, and every later write (and a
//! retry timer while any are pending) writes them first. A later record is never written
//! before an earlier pending one, and the error stays in `status` until the queue is empty:
//! a later success must not hide an earlier failure.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use crate::backoff::Backoff;
use crate::history::History;
use crate::history::record::Record;

const RETRY_FIRST: Duration = Duration::from_secs(5);
const RETRY_MAX: Duration = Duration::from_secs(300);

#[derive(Debug)]
pub struct Journal {
    history: History,
    /// Records not yet on disk, oldest first.
    pending: Vec<Record>,
    /// Why the oldest pending records could not be written.
    error: Option<String>,
    /// Notices of the last successful read or write (a recovered file, skipped lines).
    notices: Vec<String>,
    retry_at: Option<Timestamp>,
    backoff: Backoff,
}

/// What a write did, for the loop to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Everything is on disk (or there was nothing to write).
    Done,
    /// Writing just started failing: say so, once.
    NewlyFailing(String),
    /// Still failing; the user already knows.
    StillFailing,
}

impl Journal {
    pub fn new(history: History, notices: Vec<String>) -> Self {
        Self {
            history,
            pending: Vec::new(),
            error: None,
            notices,
            retry_at: None,
            backoff: Backoff::new(RETRY_FIRST, RETRY_MAX),
        }
    }

    /// Why records are waiting to be written, with how many, while any are.
    pub fn error(&self) -> Option<String> {
        self.error.as_ref().map(|e| {
            format!(
                "could not record to history ({} record(s) kept in memory and retried): {e}",
                self.pending.len()
            )
        })
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn notices(&self) -> &[String] {
        &self.notices
    }

    /// Records waiting to be written, oldest first.
    pub fn pending(&self) -> &[Record] {
        &self.pending
    }

    /// When [`Journal::retry`] should run next.
    pub fn deadline(&self) -> Option<Timestamp> {
        self.retry_at
    }

    /// The wall clock was stepped by `by` (negative: set back): the retry keeps its wait in
    /// elapsed time instead of waiting out the step.
    pub fn clock_stepped(&mut self, by: SignedDuration) {
        self.retry_at = self.retry_at.map(|t| t.checked_add(by).unwrap_or(t));
    }

    /// Queues `records` behind any pending ones and writes them all, in order.
    pub fn write(&mut self, records: &[Record], now: Timestamp) -> Written {
        self.pending.extend_from_slice(records);
        self.flush(now)
    }

    /// Writes pending records if the retry is due.
    pub fn due(&mut self, now: Timestamp) -> Written {
        match self.retry_at {
            Some(at) if at <= now => self.flush(now),
            _ => Written::Done,
        }
    }

    /// A last try before the daemon stops; what still cannot be written is lost with the
    /// process, so the log says how much.
    pub fn finish(&mut self, now: Timestamp) {
        if self.flush(now) != Written::Done {
            tracing::error!(
                "stopping with {} record(s) that could not be written to history",
                self.pending.len()
            );
        }
    }

    fn flush(&mut self, now: Timestamp) -> Written {
        if self.pending.is_empty() {
            return Written::Done;
        }
        match self.history.append(&self.pending) {
            Ok(notices) => {
                if self.error.is_some() {
                    tracing::info!(
                        "{} pending record(s) written to history",
                        self.pending.len()
                    );
                }
                self.notices = notices;
                self.pending.clear();
                self.error = None;
                self.retry_at = None;
                self.backoff.reset();
                Written::Done
            }
            Err(e) => {
                tracing::error!(
                    "could not record {} entries (kept in memory, retried): {e}",
                    self.pending.len()
                );
                let wait = SignedDuration::try_from(self.backoff.next_wait())
                    .unwrap_or(SignedDuration::from_mins(5));
                self.retry_at = Some(now.saturating_add(wait).unwrap_or(now));
                let first = self.error.is_none();
                let message = e.to_string();
                self.error = Some(message.clone());
                if first {
                    Written::NewlyFailing(message)
                } else {
                    Written::StillFailing
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
