//! GNOME (Wayland and X11): Mutter's `org.gnome.Mutter.IdleMonitor` on the session bus.
//! Event-driven: an idle watch fires when input has stopped for the threshold, a one-shot
//! user-active watch fires on the next input. Nothing is polled.

use std::time::Duration;

use futures_lite::StreamExt;
use jiff::Timestamp;
use tokio::sync::mpsc::UnboundedSender;
use zbus::proxy::CacheProperties;

use super::{Report, Signal};

pub const BUS_NAME: &str = "org.gnome.Mutter.IdleMonitor";
pub const PATH: &str = "/org/gnome/Mutter/IdleMonitor/Core";
pub const INTERFACE: &str = "org.gnome.Mutter.IdleMonitor";

/// Mutter's idle monitor, answering.
#[derive(Debug)]
pub struct Gnome {
    proxy: zbus::Proxy<'static>,
}

impl Gnome {
    pub async fn connect(bus: &zbus::Connection) -> Result<Self, String> {
        let proxy = super::proxy(bus, BUS_NAME, PATH, INTERFACE, CacheProperties::No)
            .await
            .map_err(|e| format!("{BUS_NAME}: {e}"))?;
        let gnome = Self { proxy };
        gnome.idle_time().await?;
        Ok(gnome)
    }

    async fn idle_time(&self) -> Result<Duration, String> {
        let ms: u64 = self
            .proxy
            .call("GetIdletime", &())
            .await
            .map_err(|e| format!("{BUS_NAME} does not answer: {e}"))?;
        Ok(Duration::from_millis(ms))
    }

    /// Reports idle and active until Mutter goes away; returns why it stopped.
    pub async fn run(self, threshold: Duration, tx: &UnboundedSender<Report>) -> String {
        match self.watch(threshold, tx).await {
            Ok(()) => format!("{BUS_NAME} left the bus"),
            Err(e) => format!("{BUS_NAME}: {e}"),
        }
    }

    async fn watch(&self, threshold: Duration, tx: &UnboundedSender<Report>) -> zbus::Result<()> {
        let ms = u64::try_from(threshold.as_millis()).unwrap_or(u64::MAX);
        // Subscribe before adding watches, so no firing is missed.
        let mut fired = self.proxy.receive_signal("WatchFired").await?;
        let mut owner = self.proxy.receive_owner_changed().await?;
        let idle_watch: u32 = self.proxy.call("AddIdleWatch", &(ms,)).await?;
        let mut active_watch = None;
        // Say where the user is now: a new source must not leave a stale state behind.
        let idle_for: u64 = self.proxy.call("GetIdletime", &()).await?;
        let last_input = super::ago(Timestamp::now(), Duration::from_millis(idle_for));
        if idle_for >= ms {
            // (Mutter may fire the new idle watch at once as well; the repeat is harmless.)
            send(tx, Signal::Idle { since: last_input });
            active_watch = Some(
                self.proxy
                    .call::<_, _, u32>("AddUserActiveWatch", &())
                    .await?,
            );
        } else {
            send(tx, Signal::Active { at: last_input });
        }
        loop {
            tokio::select! {
                message = fired.next() => {
                    let Some(message) = message else { return Ok(()) };
                    let id: u32 = message.body().deserialize()?;
                    let now = Timestamp::now();
                    if id == idle_watch {
                        send(tx, Signal::Idle { since: super::ago(now, threshold) });
                        if active_watch.is_none() {
                            active_watch = Some(self.proxy.call("AddUserActiveWatch", &()).await?);
                        }
                    } else if Some(id) == active_watch {
                        active_watch = None;
                        send(tx, Signal::Active { at: now });
                    }
                }
                // Mutter restarted or left: its watches are gone with it.
                _ = owner.next() => return Ok(()),
            }
        }
    }
}

fn send(tx: &UnboundedSender<Report>, signal: Signal) {
    let _ = tx.send(Report::Signal(signal));
}
