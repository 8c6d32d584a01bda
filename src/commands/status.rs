//! `soleus status`: what the daemon is doing, for people (short, by state) and for scripts
//! (`--json`, the typed [`StatusReport`]), and for bars ([`format`], [`follow`]).

pub mod follow;
pub mod format;

use std::fmt::Write as _;

use jiff::{SignedDuration, Timestamp, Zoned};

use super::{CliError, config_or_defaults, out};
use crate::client::{self, ClientError};
use crate::config::ActivitySource;
use crate::history::History;
use crate::ipc::{Request, StatusReport};
use crate::paths::Paths;
use crate::schedule::State;
use crate::timefmt;

pub fn run(
    paths: &Paths,
    json: bool,
    verbose: bool,
    spec: Option<&format::Spec>,
) -> Result<(), CliError> {
    let report = match client::send(&paths.socket(), &Request::Status) {
        Ok(reply) => reply
            .status
            .ok_or_else(|| CliError::Other(reply.message.unwrap_or_default()))?,
        Err(ClientError::NotRunning) if json || spec.is_some() => {
            let offline = offline(paths);
            let text = match spec {
                Some(spec) => format::render(spec, &offline, &Zoned::now()),
                None => serde_json::to_string_pretty(&offline)
                    .map_err(|e| CliError::Other(e.to_string()))?,
            };
            // Exit 3 says "not running" even when nobody reads the document.
            match out::line(text) {
                Ok(()) | Err(CliError::StdoutClosed) => {}
                Err(e) => return Err(e),
            }
            return Err(CliError::NotRunning(None));
        }
        Err(e) => return Err(super::control::client_error(e)),
    };
    if let Some(spec) = spec {
        out::line(format::render(spec, &report, &Zoned::now()))
    } else if json {
        let text =
            serde_json::to_string_pretty(&report).map_err(|e| CliError::Other(e.to_string()))?;
        out::line(text)
    } else {
        out::print(human(&report, &Zoned::now(), verbose))
    }
}

/// The report without a daemon: today's figures still come from history and the goal from
/// the config, so a status bar shows "1 of 3" whether or not the daemon runs. Reading
/// history here changes nothing in it.
fn offline(paths: &Paths) -> StatusReport {
    let mut report = StatusReport::not_running();
    let config = config_or_defaults(paths);
    report.goal_sets = config.schedule.sets_per_day;
    report.config_path = Some(paths.config.display().to_string());
    let now = Zoned::now();
    match History::new(&paths.history).read() {
        Ok(loaded) => {
            let (today, _) = crate::stats::today(&loaded.records, &now);
            report.sets_today = today.sets;
            report.reps_today = today.reps;
            report.reminders_today = today.reminders;
            let days = crate::stats::by_day(&loaded.records, now.time_zone());
            report.streak_days =
                crate::stats::current_streak(&days, now.date(), config.schedule.window.days);
            report.history_notices = loaded.notices;
        }
        Err(e) => report.history_notices.push(e.to_string()),
    }
    report
}

/// The status for people: what matters in the current state, then anything wrong. The
/// idle-source detail is for `--verbose` (and `soleus doctor`).
pub fn human(r: &StatusReport, now: &Zoned, verbose: bool) -> String {
    let time = |t: Timestamp| timefmt::short(t, now);
    let ago = |t: Timestamp| crate::duration::words(now.timestamp().duration_since(t));
    let left = |t: Timestamp| crate::duration::words(t.duration_since(now.timestamp()));
    let sitting = crate::duration::words(SignedDuration::from_secs(r.sitting_seconds));
    let mut out = format!("soleus is running (pid {})", r.pid.unwrap_or_default());
    let today = format!(
        "today: {} of {} sets, {} reps",
        r.sets_today, r.goal_sets, r.reps_today
    );
    let state = r.state.unwrap_or(State::Sitting);
    let headline = match state {
        State::Sitting => format!("sitting for {sitting}"),
        State::Away => match r.away_since {
            Some(since) => format!("away since {} ({} ago)", time(since), ago(since)),
            None => "away".to_owned(),
        },
        State::Reminding => match (r.reminder_shown_at, r.reminder_expires_at) {
            (Some(shown), Some(expires)) => format!(
                "a reminder is open since {} ({} ago); unanswered, it is missed at {}",
                time(shown),
                ago(shown),
                time(expires)
            ),
            _ => "a reminder is open".to_owned(),
        },
        State::Snoozed => match r.snoozed_until {
            Some(until) => format!("reminder snoozed until {}", time(until)),
            None => "reminder snoozed".to_owned(),
        },
        State::Held => match r.held_since {
            Some(since) => format!(
                "a reminder due since {} is held ({}); it comes once that ends",
                time(since),
                r.held_by.join(", ")
            ),
            None => "a reminder is held until you are free".to_owned(),
        },
        State::InSet => match r.set_ends_at {
            Some(ends) if ends > now.timestamp() => {
                format!("in a guided set: {} left (ends {})", left(ends), time(ends))
            }
            _ => "guided set over: confirm it from the notification".to_owned(),
        },
        State::Paused => match r.paused_until {
            Some(until) => format!(
                "paused until {} ({} from now); `soleus resume` ends it sooner",
                time(until),
                left(until)
            ),
            None => "paused until you resume (`soleus resume`)".to_owned(),
        },
        State::OffHours => "outside active hours".to_owned(),
        State::DoneForToday => format!(
            "done for today, {} of {} sets ({} reps)",
            r.sets_today, r.goal_sets, r.reps_today
        ),
    };
    let _ = writeln!(out, ": {headline}");
    if state != State::DoneForToday {
        let _ = writeln!(out, "  {today}");
    }
    if let Some(streak) = streak(r) {
        let _ = writeln!(out, "  {streak}");
    }
    if let Some(line) = next_reminder(r, now) {
        let _ = writeln!(out, "  {line}");
    }
    if r.idle_source == Some(ActivitySource::None) {
        let _ = writeln!(
            out,
            "  warning: soleus cannot tell when you leave the desk; sitting is wall time in \
             active hours (see `soleus doctor`)"
        );
    }
    if let Some(e) = &r.config_error {
        let _ = writeln!(
            out,
            "  config error (previous settings stay in effect):\n{e}"
        );
    }
    if let Some(e) = &r.notification_error {
        let _ = writeln!(out, "  notifications failing: {e}");
    }
    for n in &r.history_notices {
        let _ = writeln!(out, "  history: {n}");
    }
    if verbose {
        verbose_lines(&mut out, r);
    }
    out
}

/// The streak in words, once there is one: "streak: 4 days in a row with sets".
pub fn streak(r: &StatusReport) -> Option<String> {
    (r.streak_days > 0).then(|| {
        let s = if r.streak_days == 1 { "" } else { "s" };
        format!("streak: {} day{s} in a row with sets", r.streak_days)
    })
}

/// When the next reminder comes, if the state leaves room for one: a time (with its day
/// when it is not today), or that today's are used up.
fn next_reminder(r: &StatusReport, now: &Zoned) -> Option<String> {
    let goal = u32::from(r.goal_sets);
    let used_up = r.sets_today >= goal || r.reminders_today >= goal;
    match r.state? {
        State::Reminding | State::Snoozed | State::InSet | State::DoneForToday => None,
        _ if used_up => Some(format!(
            "no more reminders today ({} of {goal})",
            r.reminders_today.max(r.sets_today)
        )),
        State::Sitting => r.next_reminder_at.map(|t| {
            format!(
                "next reminder: {} if you keep sitting",
                timefmt::short(t, now)
            )
        }),
        _ => r
            .next_reminder_at
            .map(|t| format!("next reminder: {} at the earliest", timefmt::short(t, now))),
    }
}

fn verbose_lines(out: &mut String, r: &StatusReport) {
    let _ = writeln!(
        out,
        "  sitting today: {}",
        crate::duration::words(SignedDuration::from_secs(r.sitting_today_seconds))
    );
    let _ = writeln!(
        out,
        "  idle detection: {}{}",
        r.idle_source.map_or("?", ActivitySource::name),
        r.idle_detail
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default()
    );
    if let Some(p) = &r.presence {
        let _ = writeln!(out, "  presence: {}", p.name());
    }
    let locks = if r.lock_sources.is_empty() {
        "none (a lock or suspend counts only once idle input shows it)".to_owned()
    } else {
        r.lock_sources.join("; ")
    };
    let _ = writeln!(out, "  lock and sleep: {locks}");
    let _ = writeln!(out, "  config: {}", r.config_path.as_deref().unwrap_or("?"));
    if let Some(by) = r.started_by {
        let _ = writeln!(out, "  {}", by.restart_hint());
    }
}

#[cfg(test)]
mod tests;
