//! The tray item: an owner of the daemon's loop, like the display.
//!
//! The loop feeds it the status after a wake-up, only while a tray host watches and only
//! when something shown changed; menu clicks come back as [`Input::Tray`] and are turned
//! here into the same requests the CLI sends. The D-Bus side runs in its own task
//! ([`task`]), so a slow host never stalls the loop. `[tray] enabled = false` runs no task
//! at all, and config reload starts or ends it.

mod dbus;
pub mod look;
mod task;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use jiff::Zoned;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::follow::Publisher;
use super::input::Input;
use super::texts::Message;
use crate::history::record::local_time;
use crate::ipc::{Request, StatusReport};
pub use look::Entry;

/// The tray's task while `[tray] enabled`.
#[derive(Debug)]
struct Running {
    task: JoinHandle<()>,
    feed: Publisher,
    /// Whether a tray host has the item registered: the loop feeds the status only then.
    host: Arc<AtomicBool>,
}

/// The tray item's owner.
#[derive(Debug)]
pub struct Tray {
    running: Option<Running>,
    /// The last task, ending: it takes its item off the shared bus connection, and a new
    /// item waits for that, so the two never meet at the same object paths.
    ending: Option<JoinHandle<()>>,
    tx: UnboundedSender<Input>,
}

impl Tray {
    pub fn new(enabled: bool, tx: UnboundedSender<Input>) -> Self {
        let mut tray = Self {
            running: None,
            ending: None,
            tx,
        };
        tray.reconfigure(enabled);
        tray
    }

    /// Starts or ends the item to match `[tray] enabled`.
    pub fn reconfigure(&mut self, enabled: bool) {
        match (enabled, self.running.take()) {
            (true, None) => {
                let feed = Publisher::default();
                let host = Arc::new(AtomicBool::new(false));
                let latest = feed.followers().subscribe();
                let ending = self.ending.take();
                let tx = self.tx.clone();
                let shown = Arc::clone(&host);
                let task = tokio::spawn(async move {
                    if let Some(ending) = ending {
                        let _ = ending.await;
                    }
                    task::run(latest, tx, shown).await;
                });
                self.running = Some(Running { task, feed, host });
            }
            (false, Some(running)) => {
                // Without its feed the task ends at once, taking the item off the bus.
                drop(running.feed);
                self.ending = Some(running.task);
                tracing::info!("tray: item removed ([tray] enabled = false)");
            }
            (_, running) => self.running = running,
        }
    }

    /// Whether a host shows the item, so the loop has a status to give it.
    pub fn wanted(&self) -> bool {
        self.running
            .as_ref()
            .is_some_and(|r| r.host.load(Ordering::Relaxed))
    }

    /// Gives the item the latest status (kept only when something shown changed).
    pub fn feed(&self, report: &Arc<StatusReport>) {
        if let Some(running) = &self.running {
            running.feed.offer(report);
        }
    }
}

/// What a menu entry asks the loop for.
#[derive(Debug, Clone, PartialEq)]
pub enum Click {
    /// What the CLI would send.
    Request(Request),
    /// Today's summary as a notification.
    Stats,
}

/// The menu entry as a request, at `now` (pause until tomorrow ends at the next local
/// midnight, as `soleus pause today` does).
pub fn click(entry: Entry, now: &Zoned) -> Click {
    Click::Request(match entry {
        Entry::Start => Request::Start,
        Entry::Snooze => Request::Snooze { seconds: None },
        Entry::Done => Request::Done,
        Entry::Skip => Request::Skip,
        Entry::PauseHour => Request::Pause {
            seconds: Some(3600),
            until: None,
        },
        Entry::PauseToday => Request::Pause {
            seconds: None,
            until: now
                .tomorrow()
                .and_then(|t| t.start_of_day())
                .ok()
                .map(|t| local_time::render(t.timestamp())),
        },
        Entry::Resume => Request::Resume,
        Entry::Stats | Entry::Quit => return Click::Stats,
    })
}

/// "Today's stats": the day so far, as a notification that goes away by itself.
pub fn stats(report: &StatusReport, now: &Zoned) -> Message {
    let (_, body) = look::tooltip(report, now);
    super::texts::today(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_become_the_cli_requests() {
        let now: Zoned = "2026-11-29T17:00:00+01:00[Europe/Berlin]"
            .parse()
            .expect("zoned");
        assert_eq!(click(Entry::Start, &now), Click::Request(Request::Start));
        assert_eq!(
            click(Entry::Snooze, &now),
            Click::Request(Request::Snooze { seconds: None })
        );
        assert_eq!(click(Entry::Done, &now), Click::Request(Request::Done));
        assert_eq!(click(Entry::Skip, &now), Click::Request(Request::Skip));
        assert_eq!(click(Entry::Resume, &now), Click::Request(Request::Resume));
        assert_eq!(
            click(Entry::PauseHour, &now),
            Click::Request(Request::Pause {
                seconds: Some(3600),
                until: None
            })
        );
        let Click::Request(Request::Pause {
            until: Some(until), ..
        }) = click(Entry::PauseToday, &now)
        else {
            panic!("a pause until tomorrow");
        };
        let until: jiff::Timestamp = until.parse().expect("a time");
        assert_eq!(
            until,
            "2026-11-29T23:00:00Z".parse().expect("midnight in Berlin")
        );
        assert_eq!(click(Entry::Stats, &now), Click::Stats);
    }
}
