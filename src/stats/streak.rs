//! Streaks: consecutive days with at least one set.
//!
//! Days outside `active_days` neither break nor extend a streak (a weekend inside a run of
//! weekdays keeps it going). An empty today does not break the current streak: the day is
//! not over yet.

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
        if active.contains(date.weekday()) {
            if sets(days, date) > 0 {
                count += 1;
            } else if date != today {
                break;
            }
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
        if active.contains(date.weekday()) {
            if sets(days, date) > 0 {
                run += 1;
                best = best.max(run);
            } else if date != today {
                run = 0;
            }
        }
        match date.tomorrow() {
            Ok(d) => date = d,
            Err(_) => break,
        }
    }
    best
}
