//! The control protocol between the CLI and the daemon: one JSON request per line on the
//! Unix socket, one JSON reply per line back.
//!
//! ```text
//! -> {"cmd":"snooze","seconds":600}
//! <- {"ok":true,"message":"snoozed until 10:45"}
//! ```

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::config::ActivitySource;
use crate::history::record::local_time;
use crate::schedule::{Activity, State};

/// Longest request line the daemon reads; anything longer is refused.
pub const MAX_REQUEST: usize = 64 * 1024;

/// What the CLI asks the daemon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "cmd", rename_all = "snake_case", deny_unknown_fields)]
pub enum Request {
    Status,
    /// `status --follow`: the status now, then a reply line on each change, on one
    /// connection that stays open.
    Follow,
    Snooze {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seconds: Option<i64>,
    },
    Skip,
    Start,
    /// Answer the open reminder, or confirm the guided set (running or "set complete").
    Done,
    /// For `seconds`, until `until` (RFC 3339), or, with neither, until resumed.
    Pause {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seconds: Option<i64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        until: Option<String>,
    },
    Resume,
    /// `soleus stop`: close the notification and exit 0.
    Stop,
    /// `soleus log` wrote a set to history; the daemon counts it at once.
    Logged {
        at: String,
        reps: u32,
        duration_s: u32,
    },
    /// `soleus log --undo` took a set back.
    Undone {
        at: String,
        reps: u32,
        /// The set was another device's (a sync folder): the daemon counted it among
        /// theirs, so it reads the folder again, where the undo now is, rather than take a
        /// set of this device's back.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        elsewhere: bool,
    },
    /// `soleus meal` wrote a meal to history; a reminder may come soon after it.
    Meal {
        at: String,
    },
    /// `soleus meal --undo` took a meal back.
    MealUndone {
        at: String,
    },
}

/// The daemon's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<StatusReport>,
}

impl Reply {
    pub fn ok(message: impl Into<String>) -> Self {
        Self {
            ok: true,
            message: Some(message.into()),
            status: None,
        }
    }

    pub fn error(message: impl Into<String>) -> Self {
        Self {
            ok: false,
            message: Some(message.into()),
            status: None,
        }
    }
}

/// `soleus status --json`: the contract's fields, plus what helps diagnose.
///
/// Typed on both sides of the socket: states and sources are enums, times are instants
/// (written as RFC 3339 in the user's local time with its offset, as in history).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusReport {
    pub running: bool,
    pub pid: Option<u32>,
    pub state: Option<State>,
    pub sitting_seconds: i64,
    pub sitting_today_seconds: i64,
    #[serde(with = "local_time::option")]
    pub next_reminder_at: Option<Timestamp>,
    #[serde(with = "local_time::option")]
    pub snoozed_until: Option<Timestamp>,
    #[serde(default, with = "local_time::option")]
    pub paused_until: Option<Timestamp>,
    pub sets_today: u32,
    pub reps_today: u32,
    pub goal_sets: u8,
    /// Reminders shown today: at `goal_sets`, no more come today.
    #[serde(default)]
    pub reminders_today: u32,
    /// Days in a row with sets up to today, as `soleus stats` counts them (`streak_days`).
    #[serde(default)]
    pub streak_days: u32,
    /// When the open reminder was first shown (a snooze keeps it open).
    #[serde(default, with = "local_time::option")]
    pub reminder_shown_at: Option<Timestamp>,
    /// When the reminder on screen is closed and counted as missed.
    #[serde(default, with = "local_time::option")]
    pub reminder_expires_at: Option<Timestamp>,
    /// When the guided set in progress ends.
    #[serde(default, with = "local_time::option")]
    pub set_ends_at: Option<Timestamp>,
    /// Since when the user is away, while away.
    #[serde(default, with = "local_time::option")]
    pub away_since: Option<Timestamp>,
    /// While `held`: what keeps the due reminder back (`dnd`, `fullscreen`, `call`).
    #[serde(default)]
    pub held_by: Vec<String>,
    /// While `held`: since when the reminder has been due.
    #[serde(default, with = "local_time::option")]
    pub held_since: Option<Timestamp>,
    /// The contexts on now, whatever `[context]` does with them (`dnd`, `fullscreen`,
    /// `call`).
    #[serde(default)]
    pub context: Vec<String>,
    /// How the daemon was started, for `soleus stop` and its restart hint.
    #[serde(default)]
    pub started_by: Option<StartedBy>,
    #[serde(with = "source_name")]
    pub idle_source: Option<ActivitySource>,
    /// What the idle source is and why it was chosen (or why none could be).
    #[serde(default)]
    pub idle_detail: Option<String>,
    /// The merged presence: active, idle, locked or suspended.
    #[serde(default)]
    pub presence: Option<Activity>,
    /// The lock and sleep sources that work, each with what it watches.
    #[serde(default)]
    pub lock_sources: Vec<String>,
    pub config_path: Option<String>,
    /// The last config edit's error (the daemon keeps the last good config), or null.
    pub config_error: Option<String>,
    /// Why notifications cannot be shown right now, or null.
    pub notification_error: Option<String>,
    /// Things to know about the history file (a corrupt one set aside), if any.
    pub history_notices: Vec<String>,
}

impl StatusReport {
    /// What `status --json` prints when no daemon answers.
    pub fn not_running() -> Self {
        Self {
            running: false,
            pid: None,
            state: None,
            sitting_seconds: 0,
            sitting_today_seconds: 0,
            next_reminder_at: None,
            snoozed_until: None,
            paused_until: None,
            sets_today: 0,
            reps_today: 0,
            goal_sets: 0,
            reminders_today: 0,
            streak_days: 0,
            reminder_shown_at: None,
            reminder_expires_at: None,
            set_ends_at: None,
            away_since: None,
            held_by: Vec::new(),
            held_since: None,
            context: Vec::new(),
            started_by: None,
            idle_source: None,
            idle_detail: None,
            presence: None,
            lock_sources: Vec::new(),
            config_path: None,
            config_error: None,
            notification_error: None,
            history_notices: Vec::new(),
        }
    }
}

/// Who started the daemon: it decides how to start it again after `soleus stop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StartedBy {
    /// A systemd user unit (`soleus.service`).
    Systemd,
    /// The XDG autostart entry, or `soleus autostart enable` starting it at once.
    Autostart,
    /// Someone ran `soleus daemon`.
    Hand,
}

impl StartedBy {
    /// The environment variable the XDG autostart entry (and `autostart enable`) sets, so
    /// the daemon knows it was not started by hand.
    pub const AUTOSTART_ENV: &str = "SOLEUS_STARTED_BY";

    /// How this process was started: systemd gives every service an `INVOCATION_ID`.
    pub fn detect() -> Self {
        if std::env::var_os("INVOCATION_ID").is_some() {
            Self::Systemd
        } else if std::env::var_os(Self::AUTOSTART_ENV).is_some_and(|v| v == "autostart") {
            Self::Autostart
        } else {
            Self::Hand
        }
    }

    /// The word for logs: `systemd`, `autostart` or `hand`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Systemd => "systemd",
            Self::Autostart => "autostart",
            Self::Hand => "hand",
        }
    }

    /// How it was started and how to start it again, for people.
    pub fn restart_hint(self) -> &'static str {
        match self {
            Self::Systemd => {
                "it was started by the systemd user unit soleus.service; it starts again at \
                 the next login, or now with `systemctl --user start soleus`"
            }
            Self::Autostart => {
                "it was started by the XDG autostart entry; it starts again at the next login, \
                 or now with `soleus autostart enable`"
            }
            Self::Hand => "it was started by hand; start it again with `soleus daemon`",
        }
    }
}

/// The idle source by its config name (`x11`, `gnome`, ...), as `[activity] source` says it.
mod source_name {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::config::ActivitySource;

    #[allow(clippy::ref_option, clippy::trivially_copy_pass_by_ref)] // serde's `with` signature
    pub fn serialize<S: Serializer>(s: &Option<ActivitySource>, out: S) -> Result<S::Ok, S::Error> {
        match s {
            Some(source) => out.serialize_str(source.name()),
            None => out.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<ActivitySource>, D::Error> {
        Option::<String>::deserialize(d)?
            .map(|name| {
                ActivitySource::ALL
                    .into_iter()
                    .find(|s| s.name() == name)
                    .ok_or_else(|| {
                        serde::de::Error::custom(format!("unknown idle source {name:?}"))
                    })
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_report_survives_the_socket_typed() {
        let mut report = StatusReport::not_running();
        report.running = true;
        report.state = Some(State::DoneForToday);
        report.snoozed_until = Some(Timestamp::from_second(1_800_000_000).expect("valid"));
        report.idle_source = Some(ActivitySource::Gnome);
        report.presence = Some(Activity::Locked);
        let line = serde_json::to_string(&report).expect("serializes");
        assert!(line.contains(r#""state":"done_for_today""#), "{line}");
        assert!(line.contains(r#""idle_source":"gnome""#), "{line}");
        assert!(line.contains(r#""presence":"locked""#), "{line}");
        let back: StatusReport = serde_json::from_str(&line).expect("parses");
        assert_eq!(back, report);
        let bad = line.replace(r#""gnome""#, r#""mutter""#);
        assert!(serde_json::from_str::<StatusReport>(&bad).is_err());
    }
}
