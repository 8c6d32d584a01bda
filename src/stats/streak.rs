//! Streaks: consecutive days with at least one set.
//!
//! A day outside `active_days` never breaks a streak (a weekend inside a run of weekdays
//! keeps it going), and one with a set extends it: a set done on a Saturday is a set, and a
//! streak of "0 days" after it would read as if it had not counted. An empty today does not
//! break the current streak: the day is not over yet.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::DayStats;
use crate::calendar::ActiveDays;

fn sets(days: &BTreeMap<Date, DayStats>, date: Date) -> u32 {
    days.get(&date).map_or(0, |d| d.sets)
}

/// The streak running up to `today`.
pub fn current_streak(days: &BTreeMap<Date, DayStats>, today: Date, active: ActiveDays) -> u32 {
    let Some(first) = days.keys().next().copied() else {
        return 0;
    };
    let mut count = 0;
    let mut date = today;
    while date >= first {
        if sets(days, date) > 0 {
            count += 1;
        } else if active.contains(date.weekday()) && date != today {
            break;
        }
        match date.yesterday() {
            Ok(d) => date = d,
            Err(_) => break,
        }
    }
    count
}

/// The longest streak in the whole history, up to `today`.
pub fn longest_streak(days: &BTreeMap<Date, DayStats>, today: Date, active: ActiveDays) -> u32 {
    let Some(mut date) = days.keys().next().copied() else {
        return 0;
    };
    let (mut best, mut run) = (0, 0);
    while date <= today {
        if sets(days, date) > 0 {
            run += 1;
            best = best.max(run);
        } else if active.contains(date.weekday()) && date != today {
            run = 0;
        }
        match date.tomorrow() {
            Ok(d) => date = d,
            Err(_) => break,
        }
    }
    best
}
