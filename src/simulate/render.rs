//! The two faces of a simulation: JSON lines for programs, a day-by-day timeline for people.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

use super::{Happening, Kind, Respond};
use crate::duration::words;
use crate::timefmt::hm;

pub use crate::timefmt::rfc3339 as local;

/// One JSON object per happening.
pub fn json_lines(happenings: &[Happening], tz: &TimeZone) -> String {
    let mut out = String::new();
    for h in happenings {
        let mut v = match &h.kind {
            Kind::Reminder {
                number,
                of,
                snoozes,
                again,
                sitting,
                after_meal,
                quiet,
            } => {
                let mut v = json!({"kind": "reminder", "number": number, "of": of, "snoozes": snoozes, "again": again, "sitting_seconds": sitting.as_secs(), "after_meal": after_meal.is_some(), "quiet": quiet});
                if let (Some(meal), Value::Object(fields)) = (after_meal, &mut v) {
                    fields.insert("meal".to_owned(), Value::String(local(*meal, tz)));
                }
                v
            }
            Kind::Meal => json!({"kind": "meal"}),
            Kind::Snooze { until, snoozes } => {
                json!({"kind": "snooze", "until": local(*until, tz), "snoozes": snoozes})
            }
            Kind::Set {
                reps,
                duration,
                origin,
            } => {
                json!({"kind": "set", "reps": reps, "duration_seconds": duration.as_secs(), "origin": origin})
            }
            Kind::Skip => json!({"kind": "skip"}),
            Kind::Missed => json!({"kind": "missed"}),
            Kind::Unconfirmed => json!({"kind": "unconfirmed"}),
            Kind::Held { withdrawn } => json!({"kind": "held", "withdrawn": withdrawn}),
            Kind::Released => json!({"kind": "released"}),
            Kind::Break { since, state } => json!({
                "kind": "break", "since": local(*since, tz), "state": state,
                "away_seconds": h.at.duration_since(*since).as_secs()
            }),
        };
        // `at` first, then `kind` and the rest, as people read them.
        let mut line = serde_json::Map::new();
        line.insert("at".to_owned(), Value::String(local(h.at, tz)));
        if let Value::Object(fields) = &mut v {
            line.append(fields);
        }
        let _ = writeln!(out, "{}", Value::Object(line));
    }
    out
}

/// A readable timeline, one block per day from `first` for `days` days.
pub fn timeline(
    happenings: &[Happening],
    tz: &TimeZone,
    first: Date,
    days: u32,
    respond: Respond,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Simulated {days} day{} from {} {first} ({}), answering every reminder with \"{}\".",
        if days == 1 { "" } else { "s" },
        first.strftime("%a"),
        tz.iana_name().unwrap_or("local time"),
        respond_name(respond),
    );
    // Each happening's local date is worked out once: filtering all of them for every day
    // made a ten-year timeline take seconds and a forty-year one a quarter of a minute.
    let mut by_date: BTreeMap<Date, Vec<&Happening>> = BTreeMap::new();
    for h in happenings {
        by_date
            .entry(h.at.to_zoned(tz.clone()).date())
            .or_default()
            .push(h);
    }
    let mut totals = Totals::default();
    let mut date = first;
    for _ in 0..days {
        let _ = writeln!(out, "\n{} {date}", date.strftime("%a"));
        let today = by_date.remove(&date).unwrap_or_default();
        let mut day = Totals::default();
        for h in &today {
            let _ = writeln!(out, "  {}  {}", hm(h.at, tz), describe(h, tz));
            day.add(&h.kind);
        }
        if day.reminders == 0 && day.sets == 0 {
            let _ = writeln!(out, "  no reminders");
        } else {
            let _ = writeln!(out, "  = {}", day.summary());
        }
        totals.merge(&day);
        match date.tomorrow() {
            Ok(next) => date = next,
            Err(_) => break,
        }
    }
    let _ = writeln!(out, "\nIn all: {}.", totals.summary());
    out
}

fn respond_name(r: Respond) -> &'static str {
    match r {
        Respond::Done => "done",
        Respond::Snooze => "snooze",
        Respond::Skip => "skip",
        Respond::Ignore => "ignore",
    }
}

fn describe(h: &Happening, tz: &TimeZone) -> String {
    match &h.kind {
        Kind::Reminder {
            number,
            of,
            snoozes: 0,
            again: false,
            sitting,
            after_meal,
            quiet,
        } => {
            let mut text = format!(
                "reminder {number} of {of}, after {} of sitting",
                words(*sitting)
            );
            if let Some(meal) = after_meal {
                let _ = write!(text, ", after the meal at {}", hm(*meal, tz));
            }
            if *quiet {
                text.push_str(" (quiet: under the desk)");
            }
            text
        }
        Kind::Reminder {
            number,
            again: true,
            ..
        } => format!("reminder {number} again, after the hold"),
        Kind::Reminder {
            number, snoozes, ..
        } => match snoozes {
            1 => format!("reminder {number} again (snoozed once)"),
            n => format!("reminder {number} again (snoozed {n} times)"),
        },
        Kind::Snooze { until, .. } => format!(
            "snoozed until {}",
            crate::timefmt::short(*until, &h.at.to_zoned(tz.clone()))
        ),
        Kind::Set { reps, duration, .. } => {
            format!("set done: {reps} reps in {}", words(*duration))
        }
        Kind::Skip => "skipped".to_owned(),
        Kind::Meal => "meal".to_owned(),
        Kind::Missed => "missed (no answer)".to_owned(),
        Kind::Unconfirmed => "guided set never confirmed".to_owned(),
        Kind::Held { withdrawn: false } => {
            "reminder due, held: not a moment to interrupt".to_owned()
        }
        Kind::Held { withdrawn: true } => {
            "reminder taken off the screen and held: not a moment to interrupt".to_owned()
        }
        Kind::Released => "free again: the held reminder is released".to_owned(),
        Kind::Break { since, state } => format!(
            "back after {} {}: sitting starts again",
            words(h.at.duration_since(*since)),
            state.name()
        ),
    }
}

#[derive(Debug, Default)]
struct Totals {
    reminders: u32,
    sets: u32,
    reps: u32,
    snoozes: u32,
    skips: u32,
    missed: u32,
    held: u32,
}

impl Totals {
    fn add(&mut self, kind: &Kind) {
        match kind {
            Kind::Reminder {
                snoozes: 0,
                again: false,
                ..
            } => self.reminders += 1,
            Kind::Set { reps, .. } => {
                self.sets += 1;
                self.reps += reps;
            }
            Kind::Snooze { .. } => self.snoozes += 1,
            Kind::Skip => self.skips += 1,
            Kind::Missed | Kind::Unconfirmed => self.missed += 1,
            Kind::Held { .. } => self.held += 1,
            Kind::Reminder { .. } | Kind::Break { .. } | Kind::Meal | Kind::Released => {}
        }
    }

    fn merge(&mut self, other: &Self) {
        self.reminders += other.reminders;
        self.sets += other.sets;
        self.reps += other.reps;
        self.snoozes += other.snoozes;
        self.skips += other.skips;
        self.missed += other.missed;
        self.held += other.held;
    }

    fn summary(&self) -> String {
        let held = if self.held > 0 {
            format!(", {} held", self.held)
        } else {
            String::new()
        };
        let s = |n: u32| crate::stats::human::plural(n as usize);
        format!(
            "{} reminder{}, {} set{}, {} rep{}, {} snoozed, {} skipped, {} missed{held}",
            self.reminders,
            s(self.reminders),
            self.sets,
            s(self.sets),
            self.reps,
            s(self.reps),
            self.snoozes,
            self.skips,
            self.missed
        )
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use jiff::civil::date;

    use super::*;

    /// Ten years of reminders render in well under a second; filtering every happening
    /// for every day took minutes here (a debug build) before.
    #[test]
    fn a_ten_year_timeline_renders_in_linear_time() {
        let first = date(2026, 1, 1);
        let days = 3660;
        let start = first.to_zoned(TimeZone::UTC).expect("date").timestamp();
        let happenings: Vec<Happening> = (0..i64::from(days) * 4)
            .map(|i| Happening {
                at: start + jiff::SignedDuration::from_hours(i * 6),
                kind: Kind::Skip,
            })
            .collect();
        let began = Instant::now();
        let text = timeline(&happenings, &TimeZone::UTC, first, days, Respond::Skip);
        assert!(
            began.elapsed() < Duration::from_secs(5),
            "took {:?}",
            began.elapsed()
        );
        assert!(text.contains("In all: 0 reminders, 0 sets, 0 reps, 0 snoozed, 14640 skipped"));
        assert_eq!(text.matches("skipped").count(), 14640 + 1);
    }

    #[test]
    fn one_of_a_thing_is_said_in_the_singular() {
        let one = Totals {
            reminders: 1,
            sets: 1,
            reps: 1,
            held: 1,
            ..Totals::default()
        };
        assert_eq!(
            one.summary(),
            "1 reminder, 1 set, 1 rep, 0 snoozed, 0 skipped, 0 missed, 1 held"
        );
    }
}
