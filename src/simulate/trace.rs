//! Activity traces: CSV lines `start,end,state` in local time, `#` comments.
//!
//! ```text
//! # a morning
//! 2026-11-23T09:00,2026-11-23T10:30,active
//! 2026-11-23T10:30,2026-11-23T10:45,locked
//! 2026-11-23T12:30,2026-11-23T12:30,meal
//! 2026-11-23T10:45,2026-11-23T11:30,call
//! ```
//! Time not covered by any line counts as `suspended` (the machine was off). A `meal` line
//! is a meal logged at its end (start = end is allowed); it says nothing about presence, so
//! it may overlap activity lines. The states `dnd`, `fullscreen` and `call` are `active`
//! (at the desk) in a moment not to be interrupted: config `[context]` says what a reminder
//! due then does.

use std::path::Path;

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::context::Kind;
use crate::diagnostic::{Diagnostic, closest};
use crate::schedule::Activity;

/// The longest stretch a trace may cover, the same as `simulate --days`' limit: a
/// simulation holds every happening in memory, and one line from year 1 to 9999 took gigabytes.
pub const MAX_SPAN_DAYS: i64 = 3660;
const MAX_SPAN: SignedDuration = SignedDuration::from_hours(MAX_SPAN_DAYS * 24);

/// The user was in `state` from `start` to `end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: Timestamp,
    pub end: Timestamp,
    pub state: Activity,
    /// Do-not-disturb, fullscreen or a call, all the interval long (the user is active).
    pub context: Option<Kind>,
}

/// A parsed trace: what the user did, and when they ate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    pub intervals: Vec<Interval>,
    /// Meals, as `soleus meal` would have logged them, in time order.
    pub meals: Vec<Timestamp>,
}

/// One line: an activity interval or a meal.
enum Line {
    Activity(Interval),
    Meal(Timestamp),
}

/// Parses a trace; every bad line is reported with its line and column.
pub fn parse(path: &Path, text: &str, tz: &TimeZone) -> Result<Trace, Vec<Diagnostic>> {
    let mut intervals: Vec<Interval> = Vec::new();
    let mut meals = Vec::new();
    let mut problems = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let content = line.split('#').next().unwrap_or("").trim_end();
        if content.trim().is_empty() {
            continue;
        }
        match parse_line(content, tz) {
            Ok(Line::Meal(at)) => meals.push(at),
            Ok(Line::Activity(interval)) => {
                if let Some(first) = intervals.first().or(Some(&interval))
                    && interval.end.duration_since(first.start) > MAX_SPAN
                {
                    problems.push(Diagnostic::at(
                        path,
                        text,
                        here..here,
                        format!(
                            "the trace would cover more than {MAX_SPAN_DAYS} days (about ten years) from its first start"
                        ),
                        Some("split it into traces of up to ten years".to_owned()),
                    ));
                    continue;
                }
                if let Some(prev) = intervals.last()
                    && interval.start < prev.end
                {
                    problems.push(Diagnostic::at(
                        path,
                        text,
                        here..here,
                        "this interval starts before the previous one ends",
                        Some("list intervals in time order, without overlaps".to_owned()),
                    ));
                    continue;
                }
                intervals.push(interval);
            }
            Err((column, message, hint)) => {
                problems.push(Diagnostic::at(
                    path,
                    text,
                    here + column..here + column,
                    message,
                    Some(hint),
                ));
            }
        }
    }
    if intervals.is_empty() && problems.is_empty() {
        problems.push(Diagnostic::at(
            path,
            text,
            0..0,
            "the trace has no intervals",
            Some("write lines like `2026-11-23T09:00,2026-11-23T10:30,active`".to_owned()),
        ));
    }
    meals.sort_unstable();
    if problems.is_empty() {
        Ok(Trace { intervals, meals })
    } else {
        Err(problems)
    }
}

/// A problem in one line: byte column, message, hint.
type LineProblem = (usize, String, String);

fn parse_line(line: &str, tz: &TimeZone) -> Result<Line, LineProblem> {
    let mut fields = Vec::new();
    let mut column = 0;
    for field in line.split(',') {
        let lead = field.len() - field.trim_start().len();
        fields.push((column + lead, field.trim()));
        column += field.len() + 1;
    }
    if fields.len() != 3 {
        return Err((
            0,
            format!(
                "expected 3 fields `start,end,state`, found {}",
                fields.len()
            ),
            "write lines like `2026-11-23T09:00,2026-11-23T10:30,active`".to_owned(),
        ));
    }
    let start = time(fields[0], tz)?;
    let end = time(fields[1], tz)?;
    let (col, name) = fields[2];
    let reversed = || {
        (
            fields[1].0,
            "the interval ends before it starts".to_owned(),
            "the end must come after the start".to_owned(),
        )
    };
    if name == "meal" {
        return if end < start {
            Err(reversed())
        } else {
            Ok(Line::Meal(end))
        };
    }
    let context = Kind::ALL.into_iter().find(|k| k.name() == name);
    let state = Activity::from_name(name)
        .or(context.map(|_| Activity::Active))
        .ok_or_else(|| {
            let names = Activity::NAMES
                .into_iter()
                .chain(Kind::ALL.map(Kind::name))
                .chain(["meal"]);
            let hint = closest(name, names.clone()).map_or_else(
                || format!("states are {}", names.collect::<Vec<_>>().join(", ")),
                |c| format!("did you mean `{c}`?"),
            );
            (col, format!("`{name}` is not an activity state"), hint)
        })?;
    if end <= start {
        return Err(reversed());
    }
    Ok(Line::Activity(Interval {
        start,
        end,
        state,
        context,
    }))
}

fn time((column, text): (usize, &str), tz: &TimeZone) -> Result<Timestamp, LineProblem> {
    let bad = || {
        (
            column,
            format!("`{text}` is not a local date and time"),
            "write it like `2026-11-23T09:00`".to_owned(),
        )
    };
    let civil: DateTime = text.parse().map_err(|_| bad())?;
    civil
        .to_zoned(tz.clone())
        .map(|z| z.timestamp())
        .map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_utc(text: &str) -> Result<Vec<Interval>, Vec<Diagnostic>> {
        parse(Path::new("t.csv"), text, &TimeZone::UTC).map(|t| t.intervals)
    }

    #[test]
    fn meal_lines_are_meals_at_their_end_and_may_overlap_activity() {
        let t = parse(
            Path::new("t.csv"),
            "2026-11-23T09:00,2026-11-23T14:00,active\n2026-11-23T12:30,2026-11-23T12:30,meal\n2026-11-23T07:00,2026-11-23T07:20,meal\n",
            &TimeZone::UTC,
        )
        .expect("valid");
        assert_eq!(t.intervals.len(), 1);
        let ts = |s: &str| s.parse::<Timestamp>().expect("ts");
        assert_eq!(t.meals, [ts("2026-11-23T07:20Z"), ts("2026-11-23T12:30Z")]);
        let e = parse_utc("2026-11-23T12:30,2026-11-23T12:00,meal\n").expect_err("reversed");
        assert!(e[0].message.contains("ends before it starts"), "{}", e[0]);
    }

    #[test]
    fn reads_lines_comments_and_blanks() {
        let t = parse_utc("# x\n\n2026-11-23T09:00,2026-11-23T10:00,active # morning\n2026-11-23T10:00, 2026-11-23T10:05 ,idle\n")
            .expect("valid");
        assert_eq!(t.len(), 2);
        assert_eq!(t[1].state, Activity::Idle);
        assert_eq!(
            t[1].end,
            "2026-11-23T10:05Z".parse::<Timestamp>().expect("ts")
        );
    }

    #[test]
    fn reports_bad_lines_where_they_are() {
        let e = parse_utc(
            "2026-11-23T09:00,2026-11-23T10:00,activ\n2026-11-23T25:00,2026-11-23T10:00,idle\n",
        )
        .expect_err("invalid");
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].line, e[0].column), (1, 35));
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `active`?"));
        assert_eq!((e[1].line, e[1].column), (2, 1));
    }

    #[test]
    fn refuses_overlaps_reversed_and_empty_traces() {
        let e = parse_utc(
            "2026-11-23T09:00,2026-11-23T10:00,active\n2026-11-23T09:30,2026-11-23T11:00,idle\n",
        )
        .expect_err("overlap");
        assert!(e[0].message.contains("before the previous one ends"));
        let e = parse_utc("2026-11-23T10:00,2026-11-23T09:00,active\n").expect_err("reversed");
        assert!(e[0].message.contains("ends before it starts"));
        let e = parse_utc("# nothing\n").expect_err("empty");
        assert!(e[0].message.contains("no intervals"));
        let e = parse_utc("2026-11-23T10:00,active\n").expect_err("fields");
        assert!(e[0].message.contains("3 fields"));
    }

    #[test]
    fn refuses_a_trace_longer_than_ten_years() {
        let e = parse_utc("0001-01-01T00:00,9999-12-01T00:00,active\n").expect_err("one line");
        assert!(
            e[0].message.contains("more than 3660 days"),
            "{}",
            e[0].message
        );
        let e = parse_utc(
            "2026-01-01T00:00,2026-01-02T00:00,active\n2036-01-01T00:00,2036-02-01T00:00,idle\n",
        )
        .expect_err("two lines");
        assert_eq!(e[0].line, 2);
        parse_utc(
            "2026-01-01T00:00,2026-01-02T00:00,active\n2035-12-01T00:00,2035-12-02T00:00,idle\n",
        )
        .expect("just under ten years");
    }
}
