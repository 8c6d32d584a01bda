//! Control requests from the CLI: each becomes a scheduler event, and its reply is built
//! from what the scheduler decided (a snooze's end is the one the scheduler recorded, not
//! a second computation of it). `status` is answered from the owners' read-only views.

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, Zoned};

use crate::context::ContextView;
use crate::history::record::{Record, ReminderEvent};
use crate::ipc::{Reply, Request, StartedBy, StatusReport};
use crate::presence::tracker::PresenceView;
use crate::schedule::{Action, Event, MIN_SET, Outcome, State, Status};
use crate::timefmt;

/// What a request needs from the loop.
#[derive(Debug, Clone, PartialEq)]
pub enum Routed {
    /// Answer with the status.
    Status,
    /// Answer, then close the notification and exit.
    Stop,
    /// Answered at once (a malformed argument).
    Reply(Box<Reply>),
    /// Give the scheduler `event`, then answer with [`reply`].
    Event(Event, Asked),
    /// Another device's set was taken back: read the sync folder again.
    Elsewhere,
}

/// What was asked, for wording the reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asked {
    Snooze,
    Skip,
    Start,
    Done,
    Resume,
    Pause { until: Option<Timestamp> },
    Logged,
    Undone,
    Meal,
    MealUndone,
}

/// A request as a scheduler event, at `now`.
pub fn route(request: Request, now: Timestamp) -> Routed {
    let (event, asked) = match request {
        // A follow reaches the loop only as its first status.
        Request::Status | Request::Follow => return Routed::Status,
        Request::Stop => return Routed::Stop,
        Request::Snooze { seconds } => match duration_arg(seconds) {
            Ok(d) => (Event::Snooze(d), Asked::Snooze),
            Err(e) => return Routed::Reply(Box::new(Reply::error(e))),
        },
        Request::Skip => (Event::Skip, Asked::Skip),
        Request::Start => (Event::Start, Asked::Start),
        Request::Done => (Event::Done, Asked::Done),
        Request::Resume => (Event::Resume, Asked::Resume),
        Request::Pause { seconds, until } => match pause_end(seconds, until.as_deref(), now) {
            Ok(until) => (Event::Pause { until }, Asked::Pause { until }),
            Err(e) => return Routed::Reply(Box::new(Reply::error(e))),
        },
        Request::Undone {
            elsewhere: true, ..
        } => return Routed::Elsewhere,
        Request::Undone { at, reps, .. } => match set_args(&at, reps, 0, now) {
            Ok((at, _)) => (Event::SetUndone { at, reps }, Asked::Undone),
            Err(e) => return Routed::Reply(Box::new(Reply::error(e))),
        },
        Request::Meal { at } => match time_arg(&at, now) {
            Ok(at) => (Event::Meal { at }, Asked::Meal),
            Err(e) => return Routed::Reply(Box::new(Reply::error(e))),
        },
        Request::MealUndone { at } => match time_arg(&at, now) {
            Ok(at) => (Event::MealUndone { at }, Asked::MealUndone),
            Err(e) => return Routed::Reply(Box::new(Reply::error(e))),
        },
        Request::Logged {
            at,
            reps,
            duration_s,
        } => match set_args(&at, reps, duration_s, now) {
            Ok((at, duration)) => (Event::SetLogged { at, reps, duration }, Asked::Logged),
            Err(e) => return Routed::Reply(Box::new(Reply::error(e))),
        },
    };
    Routed::Event(event, asked)
}

/// A past time sent by the CLI (a set's or a meal's), in the range `soleus log` and
/// `soleus meal` accept: from [`timefmt::EARLIEST`] to now (a minute ahead for a clock read
/// a moment later). Anything else is not from our client: a meal in the year 9999 would
/// never be forgotten, nor its window computed without overflow.
fn time_arg(at: &str, now: Timestamp) -> Result<Timestamp, String> {
    let time = at
        .parse::<Timestamp>()
        .map_err(|e| format!("bad time {at:?}: {e}"))?;
    let latest = now
        .saturating_add(SignedDuration::from_mins(1))
        .unwrap_or(now);
    if time < timefmt::EARLIEST || time > latest {
        return Err(format!("time {at:?} is out of range (1970 to now)"));
    }
    Ok(time)
}

/// The answer to `soleus stop`, sent before the daemon stops: which daemon, and how it
/// was started, so the user knows whether it comes back at the next login and how to
/// start it again now.
pub fn stopping(started_by: StartedBy) -> Reply {
    Reply::ok(format!(
        "soleus daemon (pid {}) stopped; {}",
        std::process::id(),
        started_by.restart_hint()
    ))
}

/// The reply to `asked`, from the state `before` it, the scheduler's `outcome` and whether
/// its records reached history (`history_error`): a command that worked but could not be
/// recorded says so. Each says what it did to what was open.
pub fn reply(
    asked: Asked,
    before: State,
    outcome: &Outcome,
    history_error: Option<&str>,
    now: Timestamp,
    tz: &TimeZone,
) -> Reply {
    if let Some(refusal) = &outcome.refused {
        return Reply::error(refusal.to_string());
    }
    let here = now.to_zoned(tz.clone());
    let declined = recorded(outcome, ReminderEvent::Skipped);
    let mut done = match asked {
        Asked::Snooze => match (snoozed_until(outcome), before) {
            (Some(until), State::Snoozed) => format!(
                "snooze extended: the reminder comes back at {}",
                timefmt::short(until, &here)
            ),
            (Some(until), _) => format!("snoozed until {}", timefmt::short(until, &here)),
            (None, _) => "snoozed".to_owned(),
        },
        Asked::Skip if before == State::InSet => {
            let mut text = "guided set stopped, nothing logged".to_owned();
            if declined {
                text.push_str("; the reminder it answered counts as skipped");
            }
            text
        }
        Asked::Skip => "skipped".to_owned(),
        Asked::Start => "guided set started".to_owned(),
        Asked::Done => answered(outcome),
        Asked::Resume => "reminders resumed".to_owned(),
        Asked::Pause { until: Some(until) } => {
            format!("paused until {}", until_words(until, &here))
        }
        Asked::Pause { until: None } => "paused until `soleus resume`".to_owned(),
        Asked::Logged if before == State::InSet => {
            "set counted in place of the guided set's estimate".to_owned()
        }
        Asked::Logged => "set counted".to_owned(),
        Asked::Undone => "set taken back".to_owned(),
        Asked::Meal => "meal noted".to_owned(),
        Asked::MealUndone => "meal taken back".to_owned(),
    };
    if matches!(asked, Asked::Pause { .. }) && declined {
        done.push_str("; the open reminder is used up (it counts as skipped)");
    }
    if outcome
        .actions
        .iter()
        .any(|a| matches!(a, Action::GoalReached { .. }))
    {
        done.push_str(". That is the day's goal: done for today!");
    }
    match history_error {
        Some(e) => Reply::error(format!("{done}, but {e}")),
        None => Reply::ok(done),
    }
}

/// What `soleus done` did: the set logged, or why none was.
fn answered(outcome: &Outcome) -> String {
    for action in &outcome.actions {
        match action {
            Action::Record(Record::Set(set)) => {
                return format!(
                    "set logged: {} reps, {}",
                    set.reps,
                    crate::duration::words(SignedDuration::from_secs(i64::from(set.duration_s)))
                );
            }
            Action::SetTooShort { ran } => {
                return format!(
                    "guided set ended after {}: under {} is not a set, so nothing was logged \
                     (`soleus log REPS` records one)",
                    crate::duration::words(*ran),
                    crate::duration::words(MIN_SET)
                );
            }
            _ => {}
        }
    }
    "done".to_owned()
}

/// "tomorrow" for the next local midnight (`pause today`), the time otherwise.
fn until_words(until: Timestamp, here: &Zoned) -> String {
    let midnight = here.tomorrow().and_then(|t| t.start_of_day());
    if midnight.is_ok_and(|m| m.timestamp() == until) {
        "tomorrow".to_owned()
    } else {
        timefmt::short(until, here)
    }
}

fn recorded(outcome: &Outcome, event: ReminderEvent) -> bool {
    outcome
        .actions
        .iter()
        .any(|a| matches!(a, Action::Record(Record::Reminder(r)) if r.event == event))
}

/// The end of the snooze the scheduler just recorded.
fn snoozed_until(outcome: &Outcome) -> Option<Timestamp> {
    outcome.actions.iter().find_map(|a| match a {
        Action::Record(Record::Reminder(r)) if r.event == ReminderEvent::Snoozed => r.until,
        _ => None,
    })
}

/// A pause's end: `seconds` from now, the instant `until`, or neither (until resumed).
fn pause_end(
    seconds: Option<i64>,
    until: Option<&str>,
    now: Timestamp,
) -> Result<Option<Timestamp>, String> {
    let Some(text) = until else {
        // Checked: a clock set to the last days jiff can represent must not panic here.
        return duration_arg(seconds)?
            .map(|d| now.checked_add(d))
            .transpose()
            .map_err(|_| "the pause would end past the year 9999: check the clock".to_owned());
    };
    let until: Timestamp = text
        .parse()
        .map_err(|e| format!("bad time {text:?}: {e}"))?;
    let length = until.duration_since(now);
    if !length.is_positive() || length > crate::duration::MAX {
        return Err(format!(
            "{text} is not between now and a week from now: pause for at most a week"
        ));
    }
    Ok(Some(until))
}

/// A set as a request describes it, in the ranges `soleus log` accepts: a start as
/// [`time_arg`] takes it, 1 to [`crate::cli::MAX_REPS`] reps, at most
/// [`crate::duration::MAX`] long. Anything else is not from our client, and must not reach
/// arithmetic that could overflow.
fn set_args(
    at: &str,
    reps: u32,
    duration_s: u32,
    now: Timestamp,
) -> Result<(Timestamp, SignedDuration), String> {
    let time = time_arg(at, now)?;
    if reps == 0 || reps > crate::cli::MAX_REPS {
        return Err(format!(
            "{reps} reps is out of range (1 to {})",
            crate::cli::MAX_REPS
        ));
    }
    let duration = SignedDuration::from_secs(i64::from(duration_s));
    if duration > crate::duration::MAX {
        return Err(format!(
            "{duration_s} seconds is out of range (at most a week)"
        ));
    }
    Ok((time, duration))
}

/// A duration from a control request: positive and at most a week.
fn duration_arg(seconds: Option<i64>) -> Result<Option<SignedDuration>, String> {
    match seconds {
        None => Ok(None),
        Some(s) if s > 0 && SignedDuration::from_secs(s) <= crate::duration::MAX => {
            Ok(Some(SignedDuration::from_secs(s)))
        }
        Some(s) => Err(format!(
            "{s} seconds is not a duration from 1 second to a week"
        )),
    }
}

/// Everything `status` shows, from the owners that hold it.
#[derive(Debug)]
pub struct StatusParts<'a> {
    pub schedule: Status,
    pub presence: PresenceView<'a>,
    pub config_path: &'a str,
    pub config_error: Option<&'a str>,
    pub notification_error: Option<&'a str>,
    pub history_error: Option<&'a str>,
    pub history_notices: &'a [String],
    pub started_by: StartedBy,
    pub context: ContextView,
}

pub fn status(parts: StatusParts<'_>) -> StatusReport {
    let s = parts.schedule;
    StatusReport {
        running: true,
        pid: Some(std::process::id()),
        state: Some(s.state),
        sitting_seconds: s.sitting.as_secs(),
        sitting_today_seconds: s.sitting_today.as_secs(),
        next_reminder_at: s.next_reminder_at,
        snoozed_until: s.snoozed_until,
        paused_until: s.paused_until,
        sets_today: s.today.sets,
        reps_today: s.today.reps,
        goal_sets: s.goal_sets,
        reminders_today: s.today.reminders,
        streak_days: s.streak_days,
        reminder_shown_at: s.reminder_shown_at,
        reminder_expires_at: s.reminder_expires_at,
        set_ends_at: s.set_ends_at,
        away_since: s.away_since,
        held_by: s.held_by.iter().map(|k| k.name().to_owned()).collect(),
        held_since: s.held_since,
        context: parts.context.on.iter().map(|k| (*k).to_owned()).collect(),
        started_by: Some(parts.started_by),
        idle_source: Some(parts.presence.idle_source),
        idle_detail: Some(parts.presence.idle_detail.to_owned()),
        presence: Some(parts.presence.activity),
        lock_sources: parts.presence.lock_sources,
        config_path: Some(parts.config_path.to_owned()),
        config_error: parts.config_error.map(ToOwned::to_owned),
        notification_error: parts.notification_error.map(ToOwned::to_owned),
        history_notices: parts
            .history_error
            .map(ToOwned::to_owned)
            .into_iter()
            .chain(parts.history_notices.iter().cloned())
            .collect(),
    }
}

#[cfg(test)]
mod tests;
