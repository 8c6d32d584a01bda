//! What this daemon has on screen, kept in a small file in the runtime folder, so that
//! the next daemon can clean up after one that was killed.
//!
//! A notification outlives the process that showed it, and its answer goes to whoever
//! listens for its id: after a `kill -9`, a "Done" clicked on the old reminder reached
//! nobody, the reminder stayed unresolved in history and the new daemon showed a second
//! one. Adopting the old notification is not possible in general (the server keeps its
//! buttons, but which answer it already sent is lost), so the restarted daemon closes it
//! and records its reminder as missed, which also starts `min_gap`: what the user sees is
//! the old reminder going away, not a second one. The runtime folder is private and is
//! cleared at logout, with the notification server's session.
//!
//! The file is written (atomically) in three steps, each before what it guards:
//! - a reminder is written down without an id before the server is asked to show it (the
//!   loop writes the file before it yields, and only then does the notification task
//!   make the call): a daemon killed while the call is in flight leaves the reminder
//!   known, and the next one records it missed;
//! - the id is added once the server gave it (the next turn of the loop);
//! - the file is removed when the daemon stops only after its notifications were closed
//!   (or the server did not answer in time: then the file stays, and the next daemon
//!   closes them).
//!
//! What remains open, as far as the protocol allows: a daemon killed between the server
//! creating the notification and this file getting its id (the reply's way back over
//! D-Bus, the loop's next turn and one small write, a few milliseconds) leaves a
//! notification whose id nobody knows. `org.freedesktop.Notifications` has no call that
//! lists or finds notifications, and the id is the server's choice, so the next daemon
//! cannot close it: it records the reminder missed (history stays resolved, and no second
//! reminder comes before `min_gap`), and the old notification stays until the user closes
//! it or the server expires it; a click on its buttons then reaches nobody. The same holds
//! for a notification being closed while the daemon runs (a reminder answered elsewhere,
//! expired): its entry goes before the close call is made, so a kill in between leaves
//! it on screen, its reminder already resolved in history.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use super::record::Recorder;
use crate::history::record::{Record, ReminderEvent, ReminderRecord, local_time};
use crate::regular_file;
use crate::schedule::{Action, Outcome};

/// The notification on screen, and the reminder it shows (none for a guided set's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Left {
    /// The server's id for it; none while the server has not answered the call yet.
    #[serde(default)]
    pub notification: Option<u32>,
    #[serde(default, with = "local_time::option")]
    pub reminder: Option<Timestamp>,
}

#[derive(Debug)]
pub struct OnScreen {
    path: PathBuf,
    /// What the file says, as last written.
    written: Option<Left>,
}

impl OnScreen {
    /// The file in `runtime`; what a previous daemon left there is returned and forgotten.
    pub fn open(runtime: &Path) -> (Self, Option<Left>) {
        let path = runtime.join("notification.json");
        let previous = regular_file::open_read(&path)
            .and_then(|mut file| {
                let mut text = String::new();
                file.read_to_string(&mut text).map(|_| text)
            })
            .ok()
            .and_then(|text| serde_json::from_str(&text).ok());
        let mut this = Self {
            path,
            written: previous,
        };
        this.sync(None);
        (this, previous)
    }

    /// Makes the file say `now` (nothing on screen: no file), if it does not already.
    pub fn sync(&mut self, now: Option<Left>) {
        if now == self.written {
            return;
        }
        let done = match now {
            Some(left) => serde_json::to_vec(&left)
                .map_err(std::io::Error::other)
                .and_then(|bytes| crate::atomic_file::write(&self.path, &bytes)),
            None => match std::fs::remove_file(&self.path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        };
        match done {
            Ok(()) => self.written = now,
            Err(e) => tracing::warn!("cannot update {}: {e}", self.path.display()),
        }
    }
}

/// The record that resolves `left`'s reminder at `now`, when history leaves it open (shown,
/// or re-shown after a snooze or a hold, and not answered).
pub fn resolve(left: Left, records: &[Record], now: Timestamp) -> Option<Record> {
    let id = left.reminder?;
    let last = records.iter().rev().find_map(|r| match r {
        Record::Reminder(r) if r.reminder.as_second() == id.as_second() => Some(r.event),
        _ => None,
    })?;
    // Shown again after a snooze or a hold, its last record is that one.
    matches!(
        last,
        ReminderEvent::Shown
            | ReminderEvent::Snoozed
            | ReminderEvent::Held
            | ReminderEvent::Released
    )
    .then_some(Record::Reminder(ReminderRecord {
        at: now,
        reminder: id,
        event: ReminderEvent::Missed,
        until: None,
    }))
}

/// Opens the file in `runtime` and cleans up after the previous daemon: closes what it
/// left on screen and, when that was an open reminder, records it missed at `now` (in
/// `records` too, so the day resumes with it resolved).
pub fn take_over(
    runtime: &Path,
    records: &mut Vec<Record>,
    recorder: &mut Recorder,
    tz: &TimeZone,
    now: Timestamp,
) -> OnScreen {
    let (on_screen, left) = OnScreen::open(runtime);
    let Some(left) = left else {
        return on_screen;
    };
    if let Some(id) = left.notification {
        close(id);
    }
    if let Some(record) = resolve(left, records, now) {
        if left.notification.is_some() {
            tracing::info!(
                "the previous daemon's reminder was left on screen: closed, counted as missed"
            );
        } else {
            tracing::info!(
                "the previous daemon stopped while showing a reminder (the server had not \
                 given its id): counted as missed; it may stay on screen until closed"
            );
        }
        records.push(record.clone());
        let outcome = Outcome {
            actions: vec![Action::Record(record)],
            refused: None,
        };
        let _ = recorder.write(&outcome, tz, now);
    }
    on_screen
}

/// Asks the notification server to close notification `id` (one a killed daemon left),
/// in the background: the daemon does not wait on the server.
pub fn close(id: u32) {
    tokio::spawn(async move {
        let call = async {
            let bus = zbus::Connection::session().await?;
            bus.call_method(
                Some("org.freedesktop.Notifications"),
                "/org/freedesktop/Notifications",
                Some("org.freedesktop.Notifications"),
                "CloseNotification",
                &(id),
            )
            .await
            .map(drop)
        };
        match tokio::time::timeout(Duration::from_secs(5), call).await {
            Ok(Ok(())) => tracing::info!("closed notification {id}, left by the previous daemon"),
            Ok(Err(e)) => {
                tracing::info!("could not close notification {id} of the previous daemon: {e}");
            }
            Err(_) => tracing::info!("the notification server did not answer closing {id}"),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(reminder: Timestamp, at_s: i64, event: ReminderEvent) -> Record {
        Record::Reminder(ReminderRecord {
            at: reminder + jiff::SignedDuration::from_secs(at_s),
            reminder,
            event,
            until: None,
        })
    }

    #[test]
    fn only_a_reminder_left_open_is_resolved_and_the_file_follows_the_screen() {
        let id: Timestamp = "2026-11-23T10:00:00Z".parse().expect("time");
        let now = id + jiff::SignedDuration::from_mins(5);
        let left = Left {
            notification: Some(7),
            reminder: Some(id),
        };
        let shown = [event(id, 0, ReminderEvent::Shown)];
        let resolved = resolve(left, &shown, now).expect("open");
        assert!(
            matches!(resolved, Record::Reminder(r) if r.event == ReminderEvent::Missed && r.reminder == id)
        );
        let snoozed = [shown[0].clone(), event(id, 60, ReminderEvent::Snoozed)];
        assert!(
            resolve(left, &snoozed, now).is_some(),
            "re-shown after a snooze"
        );
        let released = [
            shown[0].clone(),
            event(id, 60, ReminderEvent::Held),
            event(id, 120, ReminderEvent::Released),
        ];
        assert!(
            resolve(left, &released, now).is_some(),
            "re-shown after a hold withdrew it"
        );
        let done = [shown[0].clone(), event(id, 60, ReminderEvent::Done)];
        assert_eq!(resolve(left, &done, now), None);
        let progress = Left {
            notification: Some(7),
            reminder: None,
        };
        assert_eq!(resolve(progress, &shown, now), None);

        let dir = tempfile::tempdir().expect("tempdir");
        let (mut screen, previous) = OnScreen::open(dir.path());
        assert_eq!(previous, None);
        screen.sync(Some(left));
        let (_, previous) = OnScreen::open(dir.path());
        assert_eq!(previous, Some(left));
        assert!(!dir.path().join("notification.json").exists(), "taken once");
    }

    /// A reminder written down before the server gave it an id: the next daemon has no
    /// notification to close, and still records the reminder missed.
    #[test]
    fn a_reminder_noted_before_its_id_is_resolved_and_older_files_still_read() {
        let id: Timestamp = "2026-11-23T10:00:00Z".parse().expect("time");
        let pending = Left {
            notification: None,
            reminder: Some(id),
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let (mut screen, _) = OnScreen::open(dir.path());
        screen.sync(Some(pending));
        let (_, previous) = OnScreen::open(dir.path());
        assert_eq!(previous, Some(pending));
        let shown = [event(id, 0, ReminderEvent::Shown)];
        let now = id + jiff::SignedDuration::from_mins(5);
        assert!(
            matches!(resolve(pending, &shown, now), Some(Record::Reminder(r)) if r.event == ReminderEvent::Missed)
        );
        // The file as the previous version wrote it: an id always.
        std::fs::write(
            dir.path().join("notification.json"),
            r#"{"notification":7,"reminder":"2026-11-23T11:00:00+01:00"}"#,
        )
        .expect("write");
        let (_, previous) = OnScreen::open(dir.path());
        assert_eq!(
            previous,
            Some(Left {
                notification: Some(7),
                reminder: Some(id),
            })
        );
    }
}
