//! The built-in office week `soleus simulate` uses when no trace is given: arrival before
//! nine, a short pause that is not a break, lunch away from the desk with the screen locked
//! (logged with `soleus meal` on the way back), an afternoon coffee break, home at half past
//! five; a little laptop time on Saturday.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;

use super::trace::{Interval, Trace};
use crate::schedule::Activity;

/// One weekday, as (start, end, state) in local "HH:MM".
const WORKDAY: &[(&str, &str, Activity)] = &[
    ("08:50", "10:40", Activity::Active),
    ("10:40", "10:43", Activity::Idle), // reading a document: too short to count as a break
    ("10:43", "12:15", Activity::Active),
    ("12:15", "13:00", Activity::Locked), // lunch
    ("13:00", "15:30", Activity::Active),
    ("15:30", "15:40", Activity::Idle), // coffee with a colleague
    ("15:40", "17:30", Activity::Active),
];

/// Meals logged on a weekday: lunch, as the user sits back down.
const WORKDAY_MEALS: &[&str] = &["13:00"];

const SATURDAY: &[(&str, &str, Activity)] = &[("10:00", "11:30", Activity::Active)];

/// The built-in trace for `days` days from `start`.
pub fn week(start: Date, days: u32, tz: &TimeZone) -> Trace {
    let mut out = Vec::new();
    let mut meals = Vec::new();
    let mut date = start;
    for _ in 0..days {
        let (plan, eats) = match date.weekday() {
            Weekday::Saturday => (SATURDAY, &[][..]),
            Weekday::Sunday => (&[][..], &[][..]),
            _ => (WORKDAY, WORKDAY_MEALS),
        };
        meals.extend(eats.iter().filter_map(|hhmm| at(date, hhmm, tz)));
        for (from, to, state) in plan {
            if let (Some(start), Some(end)) = (at(date, from, tz), at(date, to, tz)) {
                out.push(Interval {
                    start,
                    end,
                    state: *state,
                    context: None,
                });
            }
        }
        match date.checked_add(1.day()) {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    Trace {
        intervals: out,
        meals,
    }
}

fn at(date: Date, hhmm: &str, tz: &TimeZone) -> Option<jiff::Timestamp> {
    let time: jiff::civil::Time = hhmm.parse().ok()?;
    date.to_datetime(time)
        .to_zoned(tz.clone())
        .ok()
        .map(|z| z.timestamp())
}
