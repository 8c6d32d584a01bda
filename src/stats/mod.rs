//! Pure summaries of the history: per-day counts, streaks, reminder outcomes, and their
//! renderings (JSON and CSV here, the human view in [`human`]).

pub mod devices;
pub mod human;
mod meals;
mod outcomes;
pub mod streak;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan, Zoned};
use serde::Serialize;

use crate::calendar::{ActiveDays, LocalDates};
use crate::history::record::{Record, ReminderEvent, SetOrigin, effective};
use crate::schedule::Tally;
pub use meals::{MealCoverage, MealPlan};
pub use outcomes::Outcomes;
pub use streak::{current_streak, longest_streak};

/// One day of history (a row of `stats --json` `days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DayStats {
    #[serde(serialize_with = "date_string")]
    pub date: Date,
    pub sets: u32,
    pub reps: u32,
    /// Reminders shown (first showings).
    pub reminders: u32,
    pub snoozes: u32,
    pub skips: u32,
    pub missed: u32,
    /// Meals that day (logged, or usual times on an active day).
    pub meals: u32,
    /// Of those, the ones a set followed within the window.
    pub meals_followed: u32,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `serialize_with` signature
fn date_string<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// The `stats --json` document: the contract's fields first, then the extras.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub days: Vec<DayStats>,
    pub total_sets: u32,
    pub total_reps: u32,
    pub streak_days: u32,
    pub longest_streak_days: u32,
    pub goal_sets: u8,
    /// Days of the period on which the goal was met.
    pub days_goal_met: u32,
    #[serde(serialize_with = "date_string")]
    pub from: Date,
    #[serde(serialize_with = "date_string")]
    pub to: Date,
    /// Today's counts, whether or not today is in the period (the human view shows them
    /// only when it is).
    pub today: DayStats,
    pub reminders: Outcomes,
    pub after_meals: MealCoverage,
}

/// What the report needs to know besides the history.
#[derive(Debug, Clone, PartialEq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
    pub today: Date,
    pub goal: u8,
    pub active_days: ActiveDays,
    pub meals: MealPlan,
}

/// Counts per local day, undone sets removed.
///
/// Records come in time order, so the day being counted is kept aside and goes into the
/// map when the next day begins: one map operation a day rather than one a record, which
/// with [`LocalDates`] took most of the time `soleus stats` spent after reading.
pub fn by_day(records: &[Record], tz: &TimeZone) -> BTreeMap<Date, DayStats> {
    let mut days: BTreeMap<Date, DayStats> = BTreeMap::new();
    let mut dates = LocalDates::new(tz);
    let mut open: Option<DayStats> = None;
    for record in effective(records) {
        // A pause is no activity: it must not make a day appear.
        if matches!(
            record,
            Record::Pause(_) | Record::Resume(_) | Record::UnconfirmedSet(_)
        ) {
            continue;
        }
        let date = dates.of(record.at());
        let day = match &mut open {
            Some(day) if day.date == date => day,
            _ => {
                if let Some(done) = open.take() {
                    days.insert(done.date, done);
                }
                open.insert(days.remove(&date).unwrap_or(DayStats {
                    date,
                    ..DayStats::default()
                }))
            }
        };
        match record {
            Record::Set(s) => {
                day.sets += 1;
                day.reps = day.reps.saturating_add(s.reps);
            }
            Record::Reminder(r) => match r.event {
                ReminderEvent::Shown => day.reminders += 1,
                ReminderEvent::Snoozed => day.snoozes += 1,
                ReminderEvent::Skipped => day.skips += 1,
                ReminderEvent::Missed | ReminderEvent::Unconfirmed => day.missed += 1,
                ReminderEvent::Done | ReminderEvent::Held | ReminderEvent::Released => {}
            },
            Record::Undo(_)
            | Record::Pause(_)
            | Record::Resume(_)
            | Record::UnconfirmedSet(_)
            | Record::Meal(_)
            | Record::MealUndo(_) => {}
        }
    }
    if let Some(done) = open {
        days.insert(done.date, done);
    }
    days
}

/// What a restarted daemon needs to carry on the day of `now`: its counts, and when the
/// last reminder was resolved.
///
/// A resolution dated after `now` was written while the clock ran ahead; taken as the last
/// one, it would hold reminders back until the clock caught up (a day, once). It is not
/// a reason to wait: the latest one up to `now` is.
pub fn today(records: &[Record], now: &Zoned) -> (Tally, Option<Timestamp>) {
    let day = by_day(records, now.time_zone())
        .get(&now.date())
        .copied()
        .unwrap_or_default();
    let last_resolved = records.iter().rev().find_map(|r| match r {
        Record::Reminder(r) if r.event.resolves() && r.at <= now.timestamp() => Some(r.at),
        _ => None,
    });
    (
        Tally {
            reminders: day.reminders,
            sets: day.sets,
            reps: day.reps,
        },
        last_resolved,
    )
}

/// The report for `period.from..=period.to`, every day present, zeros included.
pub fn report(records: &[Record], tz: &TimeZone, period: &Period) -> Report {
    let all = by_day(records, tz);
    let (meal_days, after_meals) = meals::coverage(
        records,
        tz,
        (period.from, period.to),
        period.active_days,
        &period.meals,
    );
    let mut days = Vec::new();
    let mut date = period.from;
    while date <= period.to {
        let (meals, meals_followed) = meal_days.get(&date).copied().unwrap_or_default();
        days.push(DayStats {
            meals,
            meals_followed,
            ..all.get(&date).copied().unwrap_or(DayStats {
                date,
                ..DayStats::default()
            })
        });
        match date.tomorrow() {
            Ok(d) => date = d,
            Err(_) => break,
        }
    }
    let goal = u32::from(period.goal);
    Report {
        total_sets: days.iter().map(|d| d.sets).sum(),
        total_reps: days.iter().map(|d| d.reps).sum(),
        days_goal_met: days.iter().filter(|d| d.sets >= goal).count() as u32,
        streak_days: current_streak(&all, period.today, period.active_days),
        longest_streak_days: longest_streak(&all, period.today, period.active_days),
        goal_sets: period.goal,
        from: period.from,
        to: period.to,
        today: all.get(&period.today).copied().unwrap_or(DayStats {
            date: period.today,
            ..DayStats::default()
        }),
        reminders: Outcomes::of(records, tz, period.from, period.to),
        after_meals,
        days,
    }
}

/// One day per CSV row, for spreadsheets.
pub fn csv(report: &Report) -> String {
    let mut out =
        String::from("date,sets,reps,reminders,snoozes,skips,missed,meals,meals_followed\n");
    for d in &report.days {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{}",
            d.date,
            d.sets,
            d.reps,
            d.reminders,
            d.snoozes,
            d.skips,
            d.missed,
            d.meals,
            d.meals_followed
        );
    }
    out
}

/// A set as `stats --sets` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetRow {
    /// Local RFC 3339 start.
    pub at: String,
    pub reps: u32,
    pub duration_seconds: u32,
    pub origin: SetOrigin,
}

/// The sets that started in the period, oldest first, undone ones removed.
pub fn sets_in(records: &[Record], tz: &TimeZone, from: Date, to: Date) -> Vec<SetRow> {
    let mut dates = LocalDates::new(tz);
    let mut rows: Vec<(Timestamp, SetRow)> = effective(records)
        .into_iter()
        .filter_map(|r| match r {
            Record::Set(s) if (from..=to).contains(&dates.of(s.at)) => Some((
                s.at,
                SetRow {
                    at: crate::timefmt::rfc3339(s.at, tz),
                    reps: s.reps,
                    duration_seconds: s.duration_s,
                    origin: s.origin,
                },
            )),
            _ => None,
        })
        .collect();
    rows.sort_by_key(|(at, _)| *at);
    rows.into_iter().map(|(_, row)| row).collect()
}

/// `--days N` ending today as a period start.
pub fn days_back(today: Date, days: u32) -> Option<Date> {
    today.checked_sub((i64::from(days) - 1).days()).ok()
}

#[cfg(test)]
mod tests;
