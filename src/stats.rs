//! Pure summaries of the history: per-day counts, streaks, and their renderings.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::history::record::{Record, ReminderEvent};
use crate::schedule::Tally;
use crate::schedule::window::{ActiveDays, local_date};

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
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's `serialize_with` signature
fn date_string<S: serde::Serializer>(d: &Date, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(d)
}

/// The `stats --json` document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub days: Vec<DayStats>,
    pub total_sets: u32,
    pub total_reps: u32,
    pub streak_days: u32,
    pub goal_sets: u8,
    /// Days of the period on which the goal was met.
    pub days_goal_met: u32,
}

/// Counts per local day.
pub fn by_day(records: &[Record], tz: &TimeZone) -> BTreeMap<Date, DayStats> {
    let mut days: BTreeMap<Date, DayStats> = BTreeMap::new();
    for record in records {
        let date = local_date(record.at(), tz);
        let day = days.entry(date).or_insert_with(|| DayStats {
            date,
            ..DayStats::default()
        });
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
                ReminderEvent::Done => {}
            },
        }
    }
    days
}

/// What a restarted daemon needs to carry on `today`: its counts, and when the last
/// reminder was resolved.
pub fn today(records: &[Record], tz: &TimeZone, today: Date) -> (Tally, Option<jiff::Timestamp>) {
    let day = by_day(records, tz).get(&today).copied().unwrap_or_default();
    let last_resolved = records.iter().rev().find_map(|r| match r {
        Record::Reminder(r)
            if !matches!(r.event, ReminderEvent::Shown | ReminderEvent::Snoozed) =>
        {
            Some(r.at)
        }
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

/// Consecutive days with at least one set, up to `today`. An empty today does not break a
/// streak that ran through yesterday; days outside `active_days` neither break nor extend
/// it.
pub fn streak(days: &BTreeMap<Date, DayStats>, today: Date, active_days: ActiveDays) -> u32 {
    let Some(first) = days.keys().next().copied() else {
        return 0;
    };
    let mut count = 0;
    let mut date = today;
    while date >= first {
        let sets = days.get(&date).map_or(0, |d| d.sets);
        if active_days.contains(date.weekday()) {
            if sets > 0 {
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

/// The report for `from..=to` (every day present, zeros included).
pub fn report(
    records: &[Record],
    tz: &TimeZone,
    from: Date,
    to: Date,
    today: Date,
    goal: u8,
    active_days: ActiveDays,
) -> Report {
    let all = by_day(records, tz);
    let mut days = Vec::new();
    let mut date = from;
    while date <= to {
        days.push(all.get(&date).copied().unwrap_or(DayStats {
            date,
            ..DayStats::default()
        }));
        match date.tomorrow() {
            Ok(d) => date = d,
            Err(_) => break,
        }
    }
    Report {
        total_sets: days.iter().map(|d| d.sets).sum(),
        total_reps: days.iter().map(|d| d.reps).sum(),
        days_goal_met: days.iter().filter(|d| d.sets >= u32::from(goal)).count() as u32,
        streak_days: streak(&all, today, active_days),
        goal_sets: goal,
        days,
    }
}

/// One row per day for spreadsheets.
pub fn csv(report: &Report) -> String {
    let mut out = String::from("date,sets,reps,reminders,snoozes,skips,missed\n");
    for d in &report.days {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{}",
            d.date, d.sets, d.reps, d.reminders, d.snoozes, d.skips, d.missed
        );
    }
    out
}

/// A plain table for people.
pub fn table(report: &Report) -> String {
    let mut out = format!(
        "{:<15} {:>4} {:>5} {:>9} {:>7} {:>7} {:>6}\n",
        "day", "sets", "reps", "reminders", "snoozed", "skipped", "missed"
    );
    for d in &report.days {
        let mark = if d.sets >= u32::from(report.goal_sets) {
            " *"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "{} {} {:>4} {:>5} {:>9} {:>7} {:>7} {:>6}{mark}",
            d.date.strftime("%a"),
            d.date,
            d.sets,
            d.reps,
            d.reminders,
            d.snoozes,
            d.skips,
            d.missed
        );
    }
    let _ = write!(
        out,
        "\n{} sets, {} reps. Goal of {} sets met on {} of {} days (*). Streak: {} day{}.\n",
        report.total_sets,
        report.total_reps,
        report.goal_sets,
        report.days_goal_met,
        report.days.len(),
        report.streak_days,
        if report.streak_days == 1 { "" } else { "s" },
    );
    out
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;
    use jiff::{Timestamp, ToSpan};

    use super::*;
    use crate::history::record::{ReminderRecord, SetOrigin, SetRecord};

    fn set_on(d: Date, reps: u32) -> Record {
        let at: Timestamp = d
            .at(10, 0, 0, 0)
            .to_zoned(TimeZone::UTC)
            .expect("zoned")
            .timestamp();
        Record::Set(SetRecord {
            at,
            reps,
            duration_s: 300,
            origin: SetOrigin::Manual,
        })
    }

    fn weekdays() -> ActiveDays {
        let mut days = ActiveDays::default();
        for name in ["mon", "tue", "wed", "thu", "fri"] {
            days.insert(ActiveDays::day_from_name(name).expect("day"));
        }
        days
    }

    fn streak_of(sets: &[Date], today: Date) -> u32 {
        let records: Vec<Record> = sets.iter().map(|d| set_on(*d, 50)).collect();
        streak(&by_day(&records, &TimeZone::UTC), today, weekdays())
    }

    #[test]
    fn streak_counts_up_to_today_without_breaking_on_an_empty_today() {
        // Mon 23 .. Wed 25 with sets; today Thu 26 empty.
        let days = [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)];
        assert_eq!(streak_of(&days, date(2026, 11, 26)), 3);
        assert_eq!(streak_of(&days, date(2026, 11, 25)), 3);
    }

    #[test]
    fn a_weekend_inside_a_streak_neither_breaks_nor_extends_it() {
        let days = [
            date(2026, 11, 26),
            date(2026, 11, 27),
            date(2026, 11, 28),
            date(2026, 11, 30),
        ];
        // Thu, Fri, (Sat set does not count), Sun empty, Mon.
        assert_eq!(streak_of(&days, date(2026, 11, 30)), 3);
    }

    #[test]
    fn a_gap_ends_the_streak() {
        let days = [date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 26)];
        assert_eq!(streak_of(&days, date(2026, 11, 26)), 2);
        assert_eq!(streak_of(&[], date(2026, 11, 26)), 0);
        assert_eq!(streak_of(&[date(2026, 11, 23)], date(2026, 11, 26)), 0);
    }

    #[test]
    fn report_has_every_day_and_counts_reminder_outcomes() {
        let d = date(2026, 11, 24);
        let shown: Timestamp = d
            .at(9, 45, 0, 0)
            .to_zoned(TimeZone::UTC)
            .expect("z")
            .timestamp();
        let mut records = vec![set_on(d, 70), set_on(d, 30)];
        for (event, minutes) in [
            (ReminderEvent::Shown, 0),
            (ReminderEvent::Snoozed, 1),
            (ReminderEvent::Skipped, 12),
        ] {
            records.push(Record::Reminder(ReminderRecord {
                at: shown + i64::from(minutes).minutes(),
                reminder: shown,
                event,
                until: None,
            }));
        }
        let r = report(
            &records,
            &TimeZone::UTC,
            date(2026, 11, 20),
            date(2026, 11, 26),
            date(2026, 11, 26),
            2,
            weekdays(),
        );
        assert_eq!(r.days.len(), 7);
        let tue = r.days.iter().find(|x| x.date == d).expect("day");
        assert_eq!(
            (tue.sets, tue.reps, tue.reminders, tue.snoozes, tue.skips),
            (2, 100, 1, 1, 1)
        );
        assert_eq!(
            (r.total_sets, r.total_reps, r.days_goal_met, r.streak_days),
            (2, 100, 1, 0)
        );
        let json = serde_json::to_value(&r).expect("json");
        assert_eq!(json["days"][4]["date"], "2026-11-24");
        assert!(csv(&r).starts_with(
            "date,sets,reps,reminders,snoozes,skips,missed\n2026-11-20,0,0,0,0,0,0\n"
        ));
        assert!(table(&r).contains("Tue 2026-11-24    2   100"));
    }
}
