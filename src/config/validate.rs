//! From the raw, spanned file to a [`Config`]: ranges, formats, and the warnings for settings
//! that are valid one by one but work against each other.

use std::path::Path;

use jiff::SignedDuration;
use toml::Spanned;

use super::raw::{self, Field};
use super::{
    ActivitySettings, ActivitySource, Config, Exercise, Notifications, Schedule, Snooze, Urgency,
};
use crate::calendar::{ActiveDays, ActiveHours, DAY_NAMES, Window};
use crate::diagnostic::{Diagnostic, closest};
use crate::duration;

/// A value's problem: the message and a hint.
type Problem = (String, String);

/// Parses and validates `text`. Keys absent from the file take their value from `fallback`;
/// with no fallback (the embedded defaults themselves) every key is required.
pub fn from_text(
    path: &Path,
    text: &str,
    fallback: Option<&Config>,
) -> Result<(Config, Vec<String>), Vec<Diagnostic>> {
    let (raw, unknown) = raw::parse(path, text)?;
    let mut v = Validator {
        path,
        text,
        problems: unknown,
    };
    // Every section is checked, so that one run reports every problem.
    let schedule = schedule(&mut v, raw.schedule, fallback.map(|c| &c.schedule));
    let snooze = snooze(&mut v, raw.snooze, fallback.map(|c| &c.snooze));
    let exercise = exercise(&mut v, raw.exercise, fallback.map(|c| &c.exercise));
    let notifications = notifications(
        &mut v,
        raw.notifications,
        fallback.map(|c| &c.notifications),
    );
    let activity = v
        .field(
            "source",
            raw.activity.source,
            fallback.map(|c| c.activity.source),
            |s| one_of(s, &ActivitySource::NAMES, ActivitySource::ALL),
        )
        .map(|source| ActivitySettings { source });
    match (schedule, snooze, exercise, notifications, activity) {
        (Some(schedule), Some(snooze), Some(exercise), Some(notifications), Some(activity))
            if v.problems.is_empty() =>
        {
            let config = Config {
                schedule,
                snooze,
                exercise,
                notifications,
                activity,
            };
            let warnings = warnings(&config);
            Ok((config, warnings))
        }
        _ => Err(v.problems),
    }
}

fn schedule(
    v: &mut Validator<'_>,
    raw: raw::RawSchedule,
    f: Option<&Schedule>,
) -> Option<Schedule> {
    let sets_per_day = v.field(
        "sets_per_day",
        raw.sets_per_day,
        f.map(|s| s.sets_per_day),
        |n| {
            int_in(
                *n,
                1,
                6,
                "the daily goal, and the cap on reminders; 2 or 3 is a good start",
            )
        },
    );
    let hours = v.field(
        "active_hours",
        raw.active_hours,
        f.map(|s| s.window.hours),
        |h| {
            h.parse::<ActiveHours>().map_err(|e| {
                (
                    e.to_string(),
                    "for all day write \"00:00-24:00\"".to_owned(),
                )
            })
        },
    );
    let days = v.days(raw.active_days, f.map(|s| s.window.days));
    let sit = v.duration(
        "sit_before_reminder",
        raw.sit_before_reminder,
        f.map(|s| s.sit_before_reminder),
    );
    let min_gap = v.duration("min_gap", raw.min_gap, f.map(|s| s.min_gap));
    let idle = v.duration(
        "break_after_idle",
        raw.break_after_idle,
        f.map(|s| s.break_after_idle),
    );
    Some(Schedule {
        sets_per_day: sets_per_day?,
        window: Window {
            hours: hours?,
            days: days?,
        },
        sit_before_reminder: sit?,
        min_gap: min_gap?,
        break_after_idle: idle?,
    })
}

fn snooze(v: &mut Validator<'_>, raw: raw::RawSnooze, f: Option<&Snooze>) -> Option<Snooze> {
    let duration = v.duration("duration", raw.duration, f.map(|s| s.duration));
    let max = v.field(
        "max_per_reminder",
        raw.max_per_reminder,
        f.map(|s| s.max_per_reminder),
        |n| int_in(*n, 0, 10, "0 turns snoozing off"),
    );
    Some(Snooze {
        duration: duration?,
        max_per_reminder: max?,
    })
}

fn exercise(
    v: &mut Validator<'_>,
    raw: raw::RawExercise,
    f: Option<&Exercise>,
) -> Option<Exercise> {
    let set_length = v.field("set_length", raw.set_length, f.map(|e| e.set_length), |t| {
        let d = parse_duration(t)?;
        if d < SignedDuration::from_mins(1) || d > SignedDuration::from_mins(30) {
            return Err((
                format!("must be between 1m and 30m, found {}", duration::format(d)),
                "5m to 10m is what the research used".to_owned(),
            ));
        }
        Ok(d)
    });
    let pace = v.field(
        "reps_per_minute",
        raw.reps_per_minute,
        f.map(|e| e.reps_per_minute),
        |n| int_in(*n, 1, 60, "a slow, steady pace is 8 to 12 a minute"),
    );
    Some(Exercise {
        set_length: set_length?,
        reps_per_minute: pace?,
    })
}

fn notifications(
    v: &mut Validator<'_>,
    raw: raw::RawNotifications,
    f: Option<&Notifications>,
) -> Option<Notifications> {
    let urgency = v.field("urgency", raw.urgency, f.map(|n| n.urgency), |u| {
        one_of(u, &Urgency::NAMES, Urgency::ALL)
    });
    let sound = v.field("sound", raw.sound, f.map(|n| n.sound), |b| Ok(*b));
    let expire = v.duration("expire_after", raw.expire_after, f.map(|n| n.expire_after));
    Some(Notifications {
        urgency: urgency?,
        sound: sound?,
        expire_after: expire?,
    })
}

/// Settings that are valid but will not do what the user probably wants.
pub fn warnings(config: &Config) -> Vec<String> {
    let s = &config.schedule;
    let mut out = Vec::new();
    if s.window.days.is_empty() {
        out.push("active_days is empty: soleus will never remind you".to_owned());
    }
    let window = SignedDuration::from_mins(i64::from(s.window.hours.minutes()));
    // Durations are capped at a week, so this cannot overflow; checked all the same.
    let needed = s
        .min_gap
        .checked_mul(i32::from(s.sets_per_day) - 1)
        .and_then(|gaps| gaps.checked_add(s.sit_before_reminder))
        .unwrap_or(SignedDuration::MAX);
    if needed > window {
        out.push(format!(
            "{} reminders a day need at least {} (sit_before_reminder {} then min_gap {} between \
             them), but active_hours {} last {}: fewer than sets_per_day reminders will fit",
            s.sets_per_day,
            duration::format(needed),
            duration::format(s.sit_before_reminder),
            duration::format(s.min_gap),
            s.window.hours,
            duration::format(window),
        ));
    }
    if s.break_after_idle >= s.sit_before_reminder {
        out.push(format!(
            "break_after_idle ({}) is not shorter than sit_before_reminder ({}): a pause that \
             short never counts as a break before a reminder is due",
            duration::format(s.break_after_idle),
            duration::format(s.sit_before_reminder),
        ));
    }
    let set = config.exercise.set_length;
    if set < SignedDuration::from_mins(5) || set > SignedDuration::from_mins(10) {
        out.push(format!(
            "set_length {} is outside the 5m-10m that the research used",
            duration::format(set)
        ));
    }
    out
}

struct Validator<'a> {
    path: &'a Path,
    text: &'a str,
    problems: Vec<Diagnostic>,
}

impl Validator<'_> {
    /// Checks one key: the file's value when present, else the fallback.
    fn field<R, T>(
        &mut self,
        key: &str,
        raw: Field<R>,
        fallback: Option<T>,
        check: impl FnOnce(&R) -> Result<T, Problem>,
    ) -> Option<T> {
        match raw {
            Some(value) => match check(value.get_ref()) {
                Ok(v) => Some(v),
                Err((message, hint)) => {
                    self.problem(&value, format!("{key}: {message}"), hint);
                    None
                }
            },
            None => self.fallback(key, fallback),
        }
    }

    /// The value for a key absent from the file.
    fn fallback<T>(&mut self, key: &str, fallback: Option<T>) -> Option<T> {
        if fallback.is_none() {
            let message = format!("missing key `{key}`");
            self.problems
                .push(Diagnostic::at(self.path, self.text, 0..0, message, None));
        }
        fallback
    }

    fn duration(
        &mut self,
        key: &str,
        raw: Field<String>,
        fallback: Option<SignedDuration>,
    ) -> Option<SignedDuration> {
        self.field(key, raw, fallback, |t| parse_duration(t))
    }

    fn days(
        &mut self,
        raw: Field<Vec<Spanned<String>>>,
        fallback: Option<ActiveDays>,
    ) -> Option<ActiveDays> {
        let Some(list) = raw else {
            return self.fallback("active_days", fallback);
        };
        let mut days = ActiveDays::default();
        let mut ok = true;
        for item in list.get_ref() {
            let name = item.get_ref().trim().to_ascii_lowercase();
            // Full names ("monday") are accepted too: they are what people type first.
            let short = match FULL_DAY_NAMES.iter().position(|full| *full == name) {
                Some(i) => DAY_NAMES[i],
                None => name.as_str(),
            };
            match ActiveDays::day_from_name(short) {
                Some(d) if days.contains(d) => {
                    ok = false;
                    self.problem(
                        item,
                        format!("active_days: `{name}` is listed twice"),
                        "list each day once".to_owned(),
                    );
                }
                Some(d) => days.insert(d),
                None => {
                    ok = false;
                    let hint = closest(&name, DAY_NAMES).map_or_else(
                        || format!("days are {}", DAY_NAMES.join(", ")),
                        |c| format!("did you mean \"{c}\"?"),
                    );
                    self.problem(item, format!("active_days: `{name}` is not a day"), hint);
                }
            }
        }
        ok.then_some(days)
    }

    fn problem<T>(&mut self, at: &Spanned<T>, message: String, hint: String) {
        self.problems.push(Diagnostic::at(
            self.path,
            self.text,
            at.span(),
            message,
            Some(hint),
        ));
    }
}

const FULL_DAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

fn parse_duration(text: &str) -> Result<SignedDuration, Problem> {
    duration::parse(text).map_err(|e| {
        (
            e.to_string(),
            "units are s, m and h; combine them like \"1h30m\"".to_owned(),
        )
    })
}

fn int_in<T: TryFrom<i64>>(n: i64, low: i64, high: i64, hint: &str) -> Result<T, Problem> {
    if (low..=high).contains(&n)
        && let Ok(v) = T::try_from(n)
    {
        return Ok(v);
    }
    Err((
        format!("must be between {low} and {high}, found {n}"),
        hint.to_owned(),
    ))
}

fn one_of<T: Copy, const N: usize>(
    text: &str,
    names: &[&'static str; N],
    values: [T; N],
) -> Result<T, Problem> {
    names
        .iter()
        .position(|n| *n == text)
        .map(|i| values[i])
        .ok_or_else(|| {
            let hint = closest(text, names.iter().copied()).map_or_else(
                || {
                    format!(
                        "choose one of {}",
                        names.map(|n| format!("\"{n}\"")).join(", ")
                    )
                },
                |c| format!("did you mean \"{c}\"?"),
            );
            (format!("`{text}` is not a valid choice"), hint)
        })
}
