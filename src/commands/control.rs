//! `soleus daemon | status | snooze | skip | start | pause | resume`.

use std::fmt::Write as _;

use jiff::SignedDuration;

use super::{CliError, out};
use crate::client::{self, ClientError};
use crate::daemon;
use crate::ipc::{Request, StatusReport};
use crate::paths::Paths;

pub fn daemon(paths: &Paths) -> Result<(), CliError> {
    daemon::run(paths).map_err(|e| match e {
        daemon::DaemonError::Instance(
            e @ daemon::instance::InstanceError::AlreadyRunning { .. },
        ) => CliError::AlreadyRunning(e.to_string()),
        other => CliError::Other(other.to_string()),
    })
}

/// Sends a command; prints the daemon's answer.
pub fn command(paths: &Paths, request: &Request) -> Result<(), CliError> {
    let reply = client::send(&paths.socket(), request).map_err(client_error)?;
    let message = reply.message.unwrap_or_default();
    if reply.ok {
        out::line(message)
    } else {
        Err(CliError::Other(message))
    }
}

pub fn seconds(d: Option<SignedDuration>) -> Option<i64> {
    d.map(|d| d.as_secs())
}

pub fn status(paths: &Paths, json: bool) -> Result<(), CliError> {
    let report = match client::send(&paths.socket(), &Request::Status) {
        Ok(reply) => reply
            .status
            .ok_or_else(|| CliError::Other(reply.message.unwrap_or_default()))?,
        Err(ClientError::NotRunning) if json => {
            let text = serde_json::to_string_pretty(&StatusReport::not_running())
                .map_err(|e| CliError::Other(e.to_string()))?;
            // Exit 3 says "not running" even when nobody reads the document.
            match out::line(text) {
                Ok(()) | Err(CliError::StdoutClosed) => {}
                Err(e) => return Err(e),
            }
            return Err(CliError::NotRunning(None));
        }
        Err(e) => return Err(client_error(e)),
    };
    if json {
        let text =
            serde_json::to_string_pretty(&report).map_err(|e| CliError::Other(e.to_string()))?;
        out::line(text)
    } else {
        out::print(human(&report))
    }
}

fn client_error(e: ClientError) -> CliError {
    match e {
        ClientError::NotRunning => CliError::NotRunning(Some(e.to_string())),
        other @ ClientError::Broken { .. } => CliError::Other(other.to_string()),
    }
}

fn human(r: &StatusReport) -> String {
    use crate::duration::format as d;
    let here = jiff::Zoned::now();
    let time = |t: &Option<jiff::Timestamp>| t.map(|t| crate::timefmt::short(t, &here));
    let mut out = format!(
        "soleus is running (pid {}): {}\n  sitting {} now, {} today\n  today: {} of {} sets, {} reps\n",
        r.pid.unwrap_or_default(),
        r.state.map_or("?", crate::schedule::State::words),
        d(SignedDuration::from_secs(r.sitting_seconds)),
        d(SignedDuration::from_secs(r.sitting_today_seconds)),
        r.sets_today,
        r.goal_sets,
        r.reps_today,
    );
    if let Some(t) = time(&r.snoozed_until) {
        let _ = writeln!(out, "  snoozed until {t}");
    }
    if let Some(t) = time(&r.paused_until) {
        let _ = writeln!(out, "  paused until {t}");
    }
    if let Some(t) = time(&r.next_reminder_at) {
        let _ = writeln!(out, "  next reminder: {t} if you keep sitting");
    }
    let _ = writeln!(
        out,
        "  idle detection: {}{}",
        r.idle_source
            .map_or("?", crate::config::ActivitySource::name),
        r.idle_detail
            .as_deref()
            .map(|d| format!(" ({d})"))
            .unwrap_or_default()
    );
    if r.idle_source == Some(crate::config::ActivitySource::None) {
        let _ = writeln!(
            out,
            "  warning: soleus cannot tell when you leave the desk; sitting is wall time in \
             active hours (see `soleus doctor`)"
        );
    }
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
    out
}
