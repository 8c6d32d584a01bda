//! Streaks: consecutive days with at least one set.
//!
//! A day outside `active_days` never breaks a streak (a weekend inside a run of weekdays
//! keeps it going), and one with a set extends it: a set done on a Saturday is a set, and a
//! streak of "0 days" after it would read as if it had not counted. An empty today does not
//! break the current streak: the day is not over yet.
//!
//! The rule is [`step`], one day at a time, walked forward. `soleus stats` walks the whole
//! history with it; the daemon, which keeps only the recent records, walks the history once
//! as it starts ([`SetDays`]) and then one step per day as the days go by
//! ([`carry`]), so `status` and the tray show the same streak as `stats` for a streak of
//! any length, at the cost of one number kept.

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::DayStats;
use crate::calendar::{ActiveDays, LocalDates};
use crate::history::record::Record;

/// The run of days with sets after `date`, given the run before it: a day with a set
/// extends it, an empty active day other than `today` (which is not over yet) ends it, and
/// an empty day off leaves it as it was.
pub fn step(run: u32, date: Date, sets: u32, today: Date, active: ActiveDays) -> u32 {
    if sets > 0 {
        run.saturating_add(1)
    } else if active.contains(date.weekday()) && date != today {
        0
    } else {
        run
    }
}

/// Walks `first..=last` with [`step`]: the run at the end, and the longest run on the way.
fn walk(
    first: Date,
    last: Date,
    today: Date,
    active: ActiveDays,
    sets: impl Fn(Date) -> u32,
) -> (u32, u32) {
    let (mut run, mut best) = (0, 0);
    let mut date = first;
    while date <= last {
        run = step(run, date, sets(date), today, active);
        best = best.max(run);
        match date.tomorrow() {
            Ok(d) => date = d,
            Err(_) => break,
        }
    }
    (run, best)
}

fn sets(days: &BTreeMap<Date, DayStats>, date: Date) -> u32 {
    days.get(&date).map_or(0, |d| d.sets)
}

/// The streak running up to `today`.
pub fn current_streak(days: &BTreeMap<Date, DayStats>, today: Date, active: ActiveDays) -> u32 {
    days.keys().next().map_or(0, |first| {
        walk(*first, today, today, active, |d| sets(days, d)).0
    })
}

/// The longest streak in the whole history, up to `today`.
pub fn longest_streak(days: &BTreeMap<Date, DayStats>, today: Date, active: ActiveDays) -> u32 {
    days.keys().next().map_or(0, |first| {
        walk(*first, today, today, active, |d| sets(days, d)).1
    })
}

/// The run before `to`, from the run before `from` and the sets of `from`: the days in
/// between had no set (the day's counts are the scheduler's, and a day it did not see
/// had none it knows of). Any seven days in a row hold every weekday, so past a week of
/// empty days the run is what it was after the first seven.
pub fn carry(run: u32, from: Date, sets: u32, to: Date, active: ActiveDays) -> u32 {
    if to <= from {
        return run;
    }
    let run = step(run, from, sets, to, active);
    let (Ok(next), Ok(last)) = (from.tomorrow(), to.yesterday()) else {
        return run;
    };
    let last = next
        .checked_add(jiff::ToSpan::days(6))
        .map_or(last, |week| week.min(last));
    let mut run = run;
    let mut date = next;
    while date <= last {
        run = step(run, date, 0, to, active);
        match date.tomorrow() {
            Ok(d) => date = d,
            Err(_) => break,
        }
    }
    run
}

/// Sets per local day, counted as a history streams past (an `Extend` for
/// [`crate::history::History::load_into`]), for a reader that keeps no records: the
/// daemon as it starts. A few bytes a day with sets, dropped once the run is known.
///
/// An undo takes a set off its day. `log --undo` writes one only for a set it found, under
/// the history's lock, so this counts what [`crate::history::record::effective`] keeps.
/// Counts are signed: with a sync folder the undo can be in another device's file, read
/// before the set's, and the order files are read in must not matter.
#[derive(Debug, Clone)]
pub struct SetDays {
    dates: LocalDates,
    days: BTreeMap<Date, i32>,
}

impl SetDays {
    pub fn new(tz: &TimeZone) -> Self {
        Self {
            dates: LocalDates::new(tz),
            days: BTreeMap::new(),
        }
    }

    /// The run of days with sets through the day before `today`: with today's sets,
    /// [`step`] gives the current streak.
    pub fn run_before(&self, today: Date, active: ActiveDays) -> u32 {
        let (Some(first), Ok(yesterday)) = (self.days.keys().next(), today.yesterday()) else {
            return 0;
        };
        let sets = |d| self.days.get(&d).map_or(0, |&n| n.max(0).unsigned_abs());
        walk(*first, yesterday, today, active, sets).0
    }
}

impl SetDays {
    /// Counts `record` when it is a set or an undo; anything else changes nothing.
    pub fn count(&mut self, record: &Record) {
        let (at, by) = match record {
            Record::Set(s) => (s.at, 1),
            Record::Undo(u) => (u.set_at, -1),
            _ => return,
        };
        let day = self.days.entry(self.dates.of(at)).or_insert(0);
        *day = day.saturating_add(by);
    }
}

impl Extend<Record> for SetDays {
    fn extend<I: IntoIterator<Item = Record>>(&mut self, records: I) {
        for record in records {
            self.count(&record);
        }
    }
}
