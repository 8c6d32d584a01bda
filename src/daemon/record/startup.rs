//! The `soleus log` runs that raced the daemon's start.
//!
//! The daemon listens on its socket before it reads the history, so a `log` that finds no
//! daemon has its set read from history, and one that finds the daemon is counted by its
//! request. Between the two, a `log` can write its set before the read and tell the daemon
//! after the socket opened: that request names a set the daemon already counted from the
//! file. The last sets and undos read at start are kept for a short while to recognise
//! such requests; each is matched at most once, so the same set logged twice still counts
//! twice.

use jiff::{SignedDuration, Timestamp};

use crate::history::record::{Record, local_time};
use crate::ipc::Request;

/// How many of the last history records may belong to a `log` that raced the start: one
/// per `log` run at that moment, far below this.
const TAIL: usize = 64;

/// How long after the read a racing request can still arrive: a `log` tells the daemon
/// right after its write, within the client's 10 s timeout.
const WINDOW: SignedDuration = SignedDuration::from_secs(30);

#[derive(Debug)]
pub struct ReadAtStart {
    /// The requests the last sets and undos of the history would have sent.
    requests: Vec<Request>,
    until: Timestamp,
}

impl ReadAtStart {
    pub fn new(records: &[Record], now: Timestamp) -> Self {
        let requests = records
            .iter()
            .rev()
            .take(TAIL)
            .filter_map(|record| match record {
                Record::Set(s) => Some(Request::Logged {
                    at: local_time::render(s.at),
                    reps: s.reps,
                    duration_s: s.duration_s,
                }),
                Record::Undo(u) => Some(Request::Undone {
                    at: local_time::render(u.set_at),
                    reps: u.reps,
                }),
                _ => None,
            })
            .collect();
        Self {
            requests,
            until: now.saturating_add(WINDOW).unwrap_or(now),
        }
    }

    /// Whether `request` tells of a set or undo the daemon read from history as it
    /// started (and counts it as told from now on).
    pub fn already_read(&mut self, request: &Request, now: Timestamp) -> bool {
        if now > self.until {
            self.requests = Vec::new();
        }
        match self.requests.iter().position(|r| r == request) {
            Some(i) => {
                self.requests.swap_remove(i);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::record::{SetOrigin, SetRecord};

    fn set(at: &str) -> Record {
        Record::Set(SetRecord {
            at: at.parse().expect("time"),
            reps: 40,
            duration_s: 240,
            origin: SetOrigin::Manual,
        })
    }

    fn logged(at: &str) -> Request {
        Request::Logged {
            at: local_time::render(at.parse().expect("time")),
            reps: 40,
            duration_s: 240,
        }
    }

    #[test]
    fn a_set_read_at_start_is_recognised_once_and_only_for_a_while() {
        let now: Timestamp = "2026-11-23T10:00:00Z".parse().expect("now");
        let records = [set("2026-11-23T09:00:00Z"), set("2026-11-23T09:00:00Z")];
        let mut read = ReadAtStart::new(&records, now);
        let same = logged("2026-11-23T09:00:00Z");
        assert!(!read.already_read(&logged("2026-11-23T09:30:00Z"), now));
        assert!(read.already_read(&same, now));
        assert!(read.already_read(&same, now), "logged twice, read twice");
        assert!(!read.already_read(&same, now), "a third is new");
        let mut read = ReadAtStart::new(&records, now);
        let later = now + SignedDuration::from_secs(31);
        assert!(!read.already_read(&same, later));
    }
}
