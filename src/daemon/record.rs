//! The daemon's side of the history file, and its diary.
//!
//! What the scheduler decided is appended here, fsynced, before anything is shown: after a
//! crash the restarted daemon reads the day (sets, reminders, a pause) back from it. Each
//! record is also a line in the daemon's log at the default level (reminder shown, how it
//! was answered, sets, pauses), so `journalctl --user -u soleus` tells the day without
//! `RUST_LOG`. Writes go through the [`Journal`], which keeps what a full disk refused.

use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

use super::journal::{Journal, Written};
use crate::calendar::ActiveDays;
use crate::history::recent::Recent;
use crate::history::record::{Record, ReminderEvent};
use crate::history::{History, HistoryError};
use crate::ipc::Request;
use crate::logging::DIARY;
use crate::schedule::{Action, Outcome};
use crate::stats::streak::SetDays;
use crate::timefmt::hm;
use startup::ReadAtStart;

mod startup;

#[derive(Debug)]
pub struct Recorder {
    journal: Journal,
    read_at_start: ReadAtStart,
}

impl Recorder {
    /// Opens the history and reads what the day of `now` needs of it (see [`Recent`]):
    /// the daemon runs for months, and ten years of records would only weigh on it. The
    /// same read counts the days in a row with sets before today (of `active` days), a
    /// number: the streak can be longer than what is kept.
    pub fn open(
        history: History,
        now: &Zoned,
        active: ActiveDays,
    ) -> Result<(Self, Vec<Record>, u32), HistoryError> {
        let (AtStart { recent, set_days }, notices) = history.load_into(|| AtStart {
            recent: Recent::for_day(now, crate::schedule::MEALS_KEPT),
            set_days: SetDays::new(now.time_zone()),
        })?;
        let streak = set_days.run_before(now.date(), active);
        drop(set_days);
        for notice in &notices {
            tracing::warn!("history: {notice}");
        }
        let records = recent.into_records();
        let recorder = Self {
            journal: Journal::new(history, notices),
            read_at_start: ReadAtStart::new(&records, now.timestamp()),
        };
        Ok((recorder, records, streak))
    }

    /// The days in a row with sets before the day of `now`, read again from the whole
    /// history: after a set logged or taken back on an earlier day, or a change of
    /// `active_days`. Keeps nothing.
    pub fn streak_before(&self, now: &Zoned, active: ActiveDays) -> Result<u32, HistoryError> {
        let (set_days, notices) = self
            .journal
            .history()
            .load_into(|| SetDays::new(now.time_zone()))?;
        for notice in &notices {
            tracing::warn!("history: {notice}");
        }
        Ok(set_days.run_before(now.date(), active))
    }

    /// Whether `request` (from `soleus log`) tells of a set or undo that was already in
    /// the history this daemon read as it started: see [`startup`].
    pub fn already_read(&mut self, request: &Request, now: Timestamp) -> bool {
        self.read_at_start.already_read(request, now)
    }

    /// Things to know about the history file (a corrupt one set aside).
    pub fn notices(&self) -> &[String] {
        self.journal.notices()
    }

    /// Why records wait to be written, while any do (a later success of other records
    /// does not hide it).
    pub fn error(&self) -> Option<String> {
        self.journal.error()
    }

    /// When pending records are tried again.
    pub fn deadline(&self) -> Option<Timestamp> {
        self.journal.deadline()
    }

    /// The wall clock was stepped by `by`: see [`Journal::clock_stepped`].
    pub fn clock_stepped(&mut self, by: jiff::SignedDuration) {
        self.journal.clock_stepped(by);
    }

    /// Tries pending records again if that is due.
    pub fn due(&mut self, now: Timestamp) -> Written {
        self.journal.due(now)
    }

    /// A last try before the daemon stops.
    pub fn finish(&mut self, now: Timestamp) {
        self.journal.finish(now);
    }

    /// Appends the records in `outcome` (behind any pending ones), then writes their diary
    /// lines; says whether writing works.
    pub fn write(&mut self, outcome: &Outcome, tz: &TimeZone, now: Timestamp) -> Written {
        let records: Vec<Record> = outcome
            .actions
            .iter()
            .filter_map(|a| match a {
                Action::Record(r) => Some(r.clone()),
                _ => None,
            })
            .collect();
        if records.is_empty() {
            return Written::Done;
        }
        let written = self.journal.write(&records, now);
        for record in &records {
            tracing::info!(target: DIARY, "{}", diary(record, tz));
        }
        written
    }
}

/// What the daemon reads as it starts: the records it keeps, and the sets per day it counts
/// the streak from (then drops).
struct AtStart {
    recent: Recent,
    set_days: SetDays,
}

impl Extend<Record> for AtStart {
    fn extend<I: IntoIterator<Item = Record>>(&mut self, records: I) {
        for record in records {
            if matches!(record, Record::Set(_) | Record::Undo(_)) {
                self.set_days.extend([record.clone()]);
            }
            self.recent.extend([record]);
        }
    }
}

/// The record as a line for people reading the log.
pub fn diary(record: &Record, tz: &TimeZone) -> String {
    let at = |t: Timestamp| hm(t, tz);
    match record {
        Record::Reminder(r) => {
            let id = at(r.reminder);
            match (r.event, r.until) {
                (ReminderEvent::Shown, _) => format!("reminder {id} shown"),
                (ReminderEvent::Snoozed, Some(until)) => {
                    format!("reminder {id} snoozed until {}", at(until))
                }
                (ReminderEvent::Snoozed, None) => format!("reminder {id} snoozed"),
                (ReminderEvent::Done, _) => format!("reminder {id} answered: done"),
                (ReminderEvent::Skipped, _) => format!("reminder {id} answered: skipped"),
                (ReminderEvent::Missed, _) => format!("reminder {id} missed: nobody answered"),
                (ReminderEvent::Held, _) => {
                    format!("reminder due at {id} held: not a moment to interrupt")
                }
                (ReminderEvent::Released, _) => format!("reminder due at {id} released"),
                (ReminderEvent::Unconfirmed, _) => {
                    format!("reminder {id}: its guided set was never confirmed")
                }
            }
        }
        Record::Set(s) => format!(
            "set logged: {} reps from {} ({})",
            s.reps,
            at(s.at),
            s.origin.name()
        ),
        Record::UnconfirmedSet(s) => {
            format!("guided set from {} ended unconfirmed", at(s.at))
        }
        Record::Undo(u) => format!("set from {} taken back", at(u.set_at)),
        Record::Pause(p) => match p.until {
            Some(until) => format!("paused until {}", crate::timefmt::rfc3339(until, tz)),
            None => "paused until `soleus resume`".to_owned(),
        },
        Record::Resume(_) => "reminders resumed".to_owned(),
        Record::Meal(m) => format!("meal at {}", at(m.at)),
        Record::MealUndo(u) => format!("meal at {} taken back", at(u.meal_at)),
    }
}
