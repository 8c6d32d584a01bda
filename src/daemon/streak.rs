//! Keeping the streak right when the past changes. The scheduler carries the streak from
//! day to day on its own (see [`crate::stats::streak`]); what it cannot know is a set
//! logged or taken back on an earlier day (`soleus log --at`, `log --undo` of yesterday's
//! set, a guided set started before midnight), or a new `active_days`, which changes which
//! empty days break a streak. Those read the history again, once, as `soleus stats` would.
//! Part of the router, kept apart from the loop itself.

use jiff::Timestamp;

use super::state::Daemon;
use crate::calendar::local_date;
use crate::history::record::Record;
use crate::schedule::{Action, Event, Outcome};

impl Daemon {
    /// Whether `event` tells of a set logged or taken back on a day before today.
    pub(super) fn tells_of_past(&self, event: &Event, now: Timestamp) -> bool {
        match event {
            Event::SetLogged { at, .. } | Event::SetUndone { at, .. } => self.past(*at, now),
            _ => false,
        }
    }

    /// Whether the scheduler recorded a set (or its undo) on a day before today.
    pub(super) fn records_past(&self, outcome: &Outcome, now: Timestamp) -> bool {
        outcome.actions.iter().any(|a| match a {
            Action::Record(Record::Set(s)) => self.past(s.at, now),
            Action::Record(Record::Undo(u)) => self.past(u.set_at, now),
            _ => false,
        })
    }

    fn past(&self, at: Timestamp, now: Timestamp) -> bool {
        let tz = self.scheduler.time_zone();
        local_date(at, tz) < local_date(now, tz)
    }

    /// Reads the days in a row with sets before today again from history: with a sync
    /// folder, from every device's file, as the folder's read does.
    pub(super) fn recount_streak(&mut self, now: Timestamp) {
        if self.elsewhere.watched().is_some() {
            let tz = self.scheduler.time_zone().clone();
            self.elsewhere.read(now, &tz);
            return;
        }
        let here = now.to_zoned(self.scheduler.time_zone().clone());
        let days = self.scheduler.config().schedule.window.days;
        match self.recorder.streak_before(&here, days) {
            Ok(run) => self.scheduler.resume_streak(run),
            Err(e) => tracing::warn!("history: the streak stays as it was: {e}"),
        }
    }
}
