//! From config.toml to a [`Config`]: each key read with its check (range, format), and the
//! warnings for settings that are valid one by one but work against each other.
//!
//! This is the one place a key's name, the type it is written as, and its check are spelled
//! out; see [`Config`] for the others.

use std::path::Path;

use jiff::SignedDuration;
use toml::Spanned;

use super::reader::{PlacedProblem, Problem, Reader, Section};
use super::{
    ActivitySettings, ActivitySource, Config, ContextSettings, Exercise, HistorySettings, Meals,
    Notifications, Policy, Schedule, Snooze, TraySettings, Urgency,
};
use crate::calendar::{ActiveDays, ActiveHours, DAY_NAMES, HoursError, TimeOfDay, Window};
use crate::diagnostic::{Diagnostic, closest};
use crate::duration;

/// Parses and validates `text`. Keys absent from the file take their value from `fallback`;
/// with no fallback (the embedded defaults themselves) every key is required.
pub fn from_text(
    path: &Path,
    text: &str,
    fallback: Option<&Config>,
) -> Result<(Config, Vec<String>), Vec<Diagnostic>> {
    let mut file = Reader::parse(path, text)?;
    // Every section is read, so that one run reports every problem and knows every key.
    let schedule = file.section("schedule", |sec| {
        schedule(sec, fallback.map(|c| &c.schedule))
    });
    let snooze = file.section("snooze", |sec| snooze(sec, fallback.map(|c| &c.snooze)));
    let exercise = file.section("exercise", |sec| {
        exercise(sec, fallback.map(|c| &c.exercise))
    });
    let notifications = file.section("notifications", |sec| {
        notifications(sec, fallback.map(|c| &c.notifications))
    });
    let activity = file.section("activity", |sec| {
        let source = sec.key(
            "source",
            fallback.map(|c| c.activity.source),
            |name: &String| one_of(name, &ActivitySource::NAMES, ActivitySource::ALL),
        );
        source.map(|source| ActivitySettings { source })
    });
    let meals = file.section("meals", |sec| meals(sec, fallback.map(|c| &c.meals)));
    let tray = file.section("tray", |sec| {
        let enabled = sec.key("enabled", fallback.map(|c| c.tray.enabled), |b: &bool| {
            Ok(*b)
        });
        enabled.map(|enabled| TraySettings { enabled })
    });
    let context = file.section("context", |sec| context(sec, fallback.map(|c| &c.context)));
    let history = file.section("history", |sec| {
        let folder = sec.key(
            "sync_folder",
            fallback.map(|c| c.history.sync_folder.clone()),
            |text: &String| sync_folder(text, std::env::var_os("HOME")),
        );
        folder.map(|sync_folder| HistorySettings { sync_folder })
    });
    let problems = file.finish();
    // Each section is named once: a section with a problem is `None`, and then so is this.
    let config = (|| {
        Some(Config {
            schedule: schedule?,
            snooze: snooze?,
            exercise: exercise?,
            notifications: notifications?,
            activity: activity?,
            meals: meals?,
            tray: tray?,
            context: context?,
            history: history?,
        })
    })();
    match config {
        Some(config) if problems.is_empty() => {
            let warnings = warnings(&config);
            Ok((config, warnings))
        }
        _ => Err(problems),
    }
}

fn schedule(sec: &mut Section<'_, '_>, f: Option<&Schedule>) -> Option<Schedule> {
    let sets_per_day = sec.key("sets_per_day", f.map(|s| s.sets_per_day), |n: &i64| {
        int_in(
            *n,
            1,
            6,
            "the daily goal, and the cap on reminders; 2 or 3 is a good start",
        )
    });
    let hours = sec.key("active_hours", f.map(|s| s.window.hours), |h: &String| {
        h.parse::<ActiveHours>().map_err(|e| {
            let hint = match e {
                HoursError::Syntax(_) | HoursError::Time(_) => {
                    "write it like \"09:00-18:00\" (or \"9-18\"); for all day \"00:00-24:00\""
                }
                HoursError::Order(_) | HoursError::Empty(_) => "for all day write \"00:00-24:00\"",
            };
            (e.to_string(), hint.to_owned())
        })
    });
    let days = sec.key_spanned("active_days", f.map(|s| s.window.days), days);
    let sit = duration_key(sec, "sit_before_reminder", f.map(|s| s.sit_before_reminder));
    let min_gap = duration_key(sec, "min_gap", f.map(|s| s.min_gap));
    let idle = duration_key(sec, "break_after_idle", f.map(|s| s.break_after_idle));
    let spread = sec.key("spread", f.map(|s| s.spread), |b: &bool| Ok(*b));
    Some(Schedule {
        sets_per_day: sets_per_day?,
        window: Window {
            hours: hours?,
            days: days?,
        },
        sit_before_reminder: sit?,
        min_gap: min_gap?,
        break_after_idle: idle?,
        spread: spread?,
    })
}

fn snooze(sec: &mut Section<'_, '_>, f: Option<&Snooze>) -> Option<Snooze> {
    let duration = duration_key(sec, "duration", f.map(|s| s.duration));
    let max = sec.key(
        "max_per_reminder",
        f.map(|s| s.max_per_reminder),
        |n: &i64| int_in(*n, 0, 10, "0 turns snoozing off"),
    );
    Some(Snooze {
        duration: duration?,
        max_per_reminder: max?,
    })
}

fn context(sec: &mut Section<'_, '_>, f: Option<&ContextSettings>) -> Option<ContextSettings> {
    let mut policy = |name: &'static str, fallback: Option<Policy>| {
        sec.key(name, fallback, |p: &String| {
            one_of(p, &Policy::NAMES, Policy::ALL)
        })
    };
    let dnd = policy("dnd", f.map(|c| c.dnd));
    let fullscreen = policy("fullscreen", f.map(|c| c.fullscreen));
    let call = policy("call", f.map(|c| c.call));
    let mako_mode = sec.key("mako_mode", f.map(|c| c.mako_mode.clone()), |m: &String| {
        mode_name(m)
    });
    Some(ContextSettings {
        dnd: dnd?,
        fullscreen: fullscreen?,
        call: call?,
        mako_mode: mako_mode?,
    })
}

/// A mako mode's name as `makoctl mode -a NAME` takes it and a `[mode=NAME]` section of
/// mako's config can spell it: not empty, no spaces, no control characters, no `]`.
fn mode_name(name: &str) -> Result<String, Problem> {
    let hint = || "the name given to `makoctl mode -a`, e.g. \"do-not-disturb\"".to_owned();
    if name.is_empty() {
        return Err(("must not be empty".to_owned(), hint()));
    }
    if name.chars().count() > 64 {
        return Err((
            format!(
                "must be at most 64 characters, found {}",
                name.chars().count()
            ),
            hint(),
        ));
    }
    if let Some(c) = name
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || *c == ']')
    {
        return Err((
            format!("must be one word without spaces, control characters or `]`, found {c:?}"),
            hint(),
        ));
    }
    Ok(name.to_owned())
}

fn exercise(sec: &mut Section<'_, '_>, f: Option<&Exercise>) -> Option<Exercise> {
    let set_length = sec.key("set_length", f.map(|e| e.set_length), |t: &String| {
        let d = parse_duration(t)?;
        if d < SignedDuration::from_mins(1) || d > SignedDuration::from_mins(30) {
            return Err((
                format!("must be between 1m and 30m, found {}", duration::format(d)),
                "5m to 10m is what the research used".to_owned(),
            ));
        }
        Ok(d)
    });
    let pace = sec.key(
        "reps_per_minute",
        f.map(|e| e.reps_per_minute),
        |n: &i64| int_in(*n, 1, 60, "a slow, steady pace is 8 to 12 a minute"),
    );
    Some(Exercise {
        set_length: set_length?,
        reps_per_minute: pace?,
    })
}

fn notifications(sec: &mut Section<'_, '_>, f: Option<&Notifications>) -> Option<Notifications> {
    let urgency = sec.key("urgency", f.map(|n| n.urgency), |u: &String| {
        one_of(u, &Urgency::NAMES, Urgency::ALL)
    });
    let sound = sec.key("sound", f.map(|n| n.sound), |b: &bool| Ok(*b));
    let expire = duration_key(sec, "expire_after", f.map(|n| n.expire_after));
    Some(Notifications {
        urgency: urgency?,
        sound: sound?,
        expire_after: expire?,
    })
}

fn meals(sec: &mut Section<'_, '_>, f: Option<&Meals>) -> Option<Meals> {
    let times = sec.key_spanned("times", f.map(|m| m.times.clone()), meal_times);
    let window = sec.key("window", f.map(|m| m.window), |t: &String| {
        let d = parse_duration(t)?;
        if d < SignedDuration::from_mins(20) || d > SignedDuration::from_hours(3) {
            return Err((
                format!("must be between 20m and 3h, found {}", duration::format(d)),
                "the benefit is largest in the first hour or two after eating; 90m is a good start"
                    .to_owned(),
            ));
        }
        Ok(d)
    });
    Some(Meals {
        times: times?,
        window: window?,
    })
}

/// `[meals] times`: each a time of day, each once, kept in order; every bad item is
/// reported at its own place in the list.
fn meal_times(list: &Spanned<Vec<Spanned<String>>>) -> Result<Vec<TimeOfDay>, Vec<PlacedProblem>> {
    let mut times = Vec::new();
    let mut problems = Vec::new();
    for item in list.get_ref() {
        let text = item.get_ref();
        match text.parse::<TimeOfDay>() {
            Ok(t) if times.contains(&t) => problems.push((
                item.span(),
                (
                    format!("`{text}` is listed twice"),
                    "list each meal once".to_owned(),
                ),
            )),
            Ok(t) => times.push(t),
            Err(e) => problems.push((
                item.span(),
                (e.to_string(), "write meal times like \"12:30\"".to_owned()),
            )),
        }
    }
    times.sort_unstable();
    if problems.is_empty() {
        Ok(times)
    } else {
        Err(problems)
    }
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
    let window_minutes = u16::try_from(config.meals.window.as_mins()).unwrap_or(u16::MAX);
    for meal in &config.meals.times {
        if !s.window.hours.overlaps_after(*meal, window_minutes) {
            out.push(format!(
                "the meal at {meal} is outside active_hours {}: no reminder is timed for it",
                s.window.hours
            ));
        }
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

/// A key whose value is a duration, written as a string like `"1h30m"`.
fn duration_key(
    sec: &mut Section<'_, '_>,
    key: &'static str,
    fallback: Option<SignedDuration>,
) -> Option<SignedDuration> {
    sec.key(key, fallback, |t: &String| parse_duration(t))
}

/// `active_days`: each day once, by short or full name; every bad item is reported at its
/// own place in the list.
fn days(list: &Spanned<Vec<Spanned<String>>>) -> Result<ActiveDays, Vec<PlacedProblem>> {
    let mut days = ActiveDays::default();
    let mut problems = Vec::new();
    for item in list.get_ref() {
        let name = item.get_ref().trim().to_ascii_lowercase();
        // Full names ("monday") are accepted too: they are what people type first.
        let short = match FULL_DAY_NAMES.iter().position(|full| *full == name) {
            Some(i) => DAY_NAMES[i],
            None => name.as_str(),
        };
        let problem = match ActiveDays::day_from_name(short) {
            Some(d) if days.contains(d) => (
                format!("`{name}` is listed twice"),
                "list each day once".to_owned(),
            ),
            Some(d) => {
                days.insert(d);
                continue;
            }
            None => {
                let hint = closest(&name, DAY_NAMES).map_or_else(
                    || format!("days are {}", DAY_NAMES.join(", ")),
                    |c| format!("did you mean \"{c}\"?"),
                );
                (format!("`{name}` is not a day"), hint)
            }
        };
        problems.push((item.span(), problem));
    }
    if problems.is_empty() {
        Ok(days)
    } else {
        Err(problems)
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
    duration::parse(text).map_err(|e| (e.to_string(), e.hint().to_owned()))
}

/// `[history] sync_folder`: empty for none, else an absolute path or one under `~/`
/// (`home` is `$HOME`, read by the caller).
pub(super) fn sync_folder(
    text: &str,
    home: Option<std::ffi::OsString>,
) -> Result<Option<std::path::PathBuf>, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let path = if text == "~" || text.starts_with("~/") {
        let Some(home) = home.filter(|h| !h.is_empty()) else {
            return Err((
                format!("cannot expand `~` in \"{text}\": HOME is not set"),
                "write the folder's full path, like \"/home/you/Sync/soleus\"".to_owned(),
            ));
        };
        std::path::Path::new(&home).join(text.trim_start_matches('~').trim_start_matches('/'))
    } else if text.starts_with('~') {
        return Err((
            format!("\"{text}\": only your own home can be written as `~`"),
            "write the folder's full path, like \"/home/them/Sync/soleus\", or \"~/...\""
                .to_owned(),
        ));
    } else {
        std::path::PathBuf::from(text)
    };
    if !path.is_absolute() {
        return Err((
            format!("\"{text}\" is a relative path: it would depend on where soleus was started"),
            "write it from your home, like \"~/Sync/soleus\", or as a full path".to_owned(),
        ));
    }
    Ok(Some(path))
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
