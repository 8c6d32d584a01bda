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

use crate::history::record::Record;
use crate::ipc::Request;

/// How many of the last history records may belong to a `log` that raced the start: one
/// per `log` run at that moment, far below this.
const TAIL: usize = 64;

/// How long after the read a racing request can still arrive: a `log` tells the daemon
/// right after its write, within the client's 10 s timeout.
const WINDOW: SignedDuration = SignedDuration::from_secs(30);

/// A set or an undo as both the history and a request name it. Times are compared as
/// instants: the client may render them in another time zone than the daemon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Told {
    Logged(Timestamp, u32, u32),
    Undone(Timestamp, u32),
}

impl Told {
    fn of(request: &Request) -> Option<Self> {
        match request {
            Request::Logged {
                at,
                reps,
                duration_s,
            } => Some(Self::Logged(at.parse().ok()?, *reps, *duration_s)),
            Request::Undone { at, reps, .. } => Some(Self::Undone(at.parse().ok()?, *reps)),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct ReadAtStart {
    /// What the last sets and undos of the history would have told.
    told: Vec<Told>,
    until: Timestamp,
}

impl ReadAtStart {
    pub fn new(records: &[Record], now: Timestamp) -> Self {
        // Whole seconds, as the history and the requests carry them.
        let second = |t: Timestamp| Timestamp::from_second(t.as_second()).unwrap_or(t);
        let told = records
            .iter()
            .rev()
            .take(TAIL)
            .filter_map(|record| match record {
                Record::Set(s) => Some(Told::Logged(second(s.at), s.reps, s.duration_s)),
                Record::Undo(u) => Some(Told::Undone(second(u.set_at), u.reps)),
                _ => None,
            })
            .collect();
        Self {
            told,
            until: now.saturating_add(WINDOW).unwrap_or(now),
        }
    }

    /// Whether `request` tells of a set or undo the daemon read from history as it
    /// started (and counts it as told from now on).
    pub fn already_read(&mut self, request: &Request, now: Timestamp) -> bool {
        if now > self.until {
            self.told = Vec::new();
        }
        let Some(told) = Told::of(request) else {
            return false;
        };
        match self.told.iter().position(|t| *t == told) {
            Some(i) => {
                self.told.swap_remove(i);
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::record::{SetOrigin, SetRecord, local_time};

    fn set(at: &str) -> Record {
        Record::Set(SetRecord {
            at: at.parse().expect("time"),
            reps: 40,
            duration_s: 240,
            origin: SetOrigin::Manual,
            id: None,
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
        let elsewhere = Request::Logged {
            at: "2026-11-23T04:00:00-05:00".to_owned(),
            reps: 40,
            duration_s: 240,
        };
        assert!(
            read.already_read(&elsewhere, now),
            "the same instant, told from New York"
        );
        let mut read = ReadAtStart::new(&records, now);
        assert!(read.already_read(&same, now));
        assert!(read.already_read(&same, now), "logged twice, read twice");
        assert!(!read.already_read(&same, now), "a third is new");
        let mut read = ReadAtStart::new(&records, now);
        let later = now + SignedDuration::from_secs(31);
        assert!(!read.already_read(&same, later));
    }
}
