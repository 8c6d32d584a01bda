//! A long, realistic history for the benchmarks: every day of `years` years ending on
//! `last_day`, three reminders a day (about 10:05, 13:40 and 15:55 with a few minutes of
//! spread). One in five is snoozed first; nine in ten end in a set, the rest are skipped or
//! missed in turn; and on one day in three a set is logged by hand in the evening. Ten years
//! give about 11,000 sets and 11,000 reminders, as the performance budget names them.
//!
//! The records are the types the daemon writes, so the file is the real format. The spread
//! comes from a fixed-seed generator: the same arguments give the same history.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use soleus::history::record::{Record, ReminderEvent, ReminderRecord, SetOrigin, SetRecord};

/// A small xorshift generator: deterministic spread, no dependency.
struct Spread(u64);

impl Spread {
    fn next(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// The records of `years` years ending on `last_day`, oldest first.
pub fn records(last_day: Date, years: i16, tz: &TimeZone) -> Vec<Record> {
    let mut spread = Spread(0x9e37_79b9_7f4a_7c15);
    let mut out = Vec::new();
    let first = last_day
        .checked_sub(years.years())
        .unwrap_or(last_day)
        .tomorrow()
        .unwrap_or(last_day);
    let mut day = first;
    let mut answered = 0u64;
    while day <= last_day {
        for (hour, minute) in [(10, 5), (13, 40), (15, 55)] {
            let Some(shown) = at(tz, day, hour, minute + spread.next(10) as i64) else {
                continue;
            };
            let reminder = |at: Timestamp, event, until| {
                Record::Reminder(ReminderRecord {
                    at,
                    reminder: shown,
                    event,
                    until,
                })
            };
            out.push(reminder(shown, ReminderEvent::Shown, None));
            let mut answer_at = shown + SignedDuration::from_secs(20 + spread.next(100) as i64);
            if spread.next(5) == 0 {
                let until = answer_at + SignedDuration::from_mins(10);
                out.push(reminder(answer_at, ReminderEvent::Snoozed, Some(until)));
                answer_at = until + SignedDuration::from_secs(30);
            }
            answered += 1;
            match answered % 20 {
                0 => out.push(reminder(answer_at, ReminderEvent::Skipped, None)),
                10 => out.push(reminder(
                    answer_at + SignedDuration::from_mins(30),
                    ReminderEvent::Missed,
                    None,
                )),
                _ => {
                    out.push(reminder(answer_at, ReminderEvent::Done, None));
                    out.push(set(answer_at, &mut spread, SetOrigin::Reminder));
                }
            }
        }
        if spread.next(3) == 0
            && let Some(evening) = at(tz, day, 19, spread.next(50) as i64)
        {
            out.push(set(evening, &mut spread, SetOrigin::Manual));
        }
        let Some(next) = day.tomorrow().ok() else {
            break;
        };
        day = next;
    }
    out
}

/// `minutes` after the full `hour` of `day`, in `tz`.
fn at(tz: &TimeZone, day: Date, hour: i8, minutes: i64) -> Option<Timestamp> {
    let start = day.at(hour, 0, 0, 0).to_zoned(tz.clone()).ok()?;
    Some(start.timestamp() + SignedDuration::from_mins(minutes))
}

fn set(at: Timestamp, spread: &mut Spread, origin: SetOrigin) -> Record {
    Record::Set(SetRecord {
        at,
        reps: 50 + spread.next(51) as u32,
        duration_s: 300 + spread.next(301) as u32,
        origin,
        id: None,
    })
}
