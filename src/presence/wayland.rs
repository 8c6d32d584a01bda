//! Wayland compositors: the `ext-idle-notify-v1` protocol (KDE Plasma 6, Sway 1.8+,
//! Hyprland, labwc, niri, COSMIC...), or where a compositor lacks it, the older
//! `org_kde_kwin_idle` (Plasma 5, Sway 1.7 and other wlroots 0.15 compositors). Both are
//! event-driven: the compositor says "idled" after the threshold without input and
//! "resumed" on the next input; nothing is polled.
//!
//! A plain idle notification (not the input-only one) is asked for on purpose: while a
//! video player inhibits idle, someone is at the desk watching, which is sitting.
//!
//! The connection's socket is awaited on tokio's reactor, so the source costs no thread.

use std::os::fd::OwnedFd;
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::io::Interest;
use tokio::sync::mpsc::UnboundedSender;
use wayland_client::backend::WaylandError;
use wayland_client::globals::{GlobalList, GlobalListContents, registry_queue_init};
use wayland_client::protocol::{wl_registry, wl_seat};
use wayland_client::{Connection, Dispatch, EventQueue, QueueHandle};
use wayland_protocols::ext::idle_notify::v1::client::{
    ext_idle_notification_v1 as ext_notification, ext_idle_notifier_v1 as ext_notifier,
};
use wayland_protocols_plasma::idle::client::{org_kde_kwin_idle, org_kde_kwin_idle_timeout};

use super::{Report, Signal};

/// Which protocol the compositor offered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    ExtIdleNotify,
    KdeIdle,
}

impl Protocol {
    pub fn name(self) -> &'static str {
        match self {
            Self::ExtIdleNotify => "ext-idle-notify-v1",
            Self::KdeIdle => "org_kde_kwin_idle",
        }
    }
}

/// What the dispatch callbacks hand back to the loop.
#[derive(Debug, Default)]
struct Events {
    changes: Vec<bool>,
}

/// A compositor connection with an idle notification for the threshold.
pub struct Wayland {
    conn: Connection,
    queue: EventQueue<Events>,
    pub protocol: Protocol,
    threshold: Duration,
    /// Events read during the connect round trip, handed to the loop.
    events: Events,
}

impl std::fmt::Debug for Wayland {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wayland")
            .field("protocol", &self.protocol)
            .field("threshold", &self.threshold)
            .finish_non_exhaustive()
    }
}

impl Wayland {
    /// Connects to `WAYLAND_DISPLAY` and asks for idle notifications after `threshold`.
    pub fn connect(threshold: Duration) -> Result<Self, String> {
        let display = std::env::var("WAYLAND_DISPLAY").unwrap_or_default();
        let fail = |e: &dyn std::fmt::Display| format!("Wayland display {display:?}: {e}");
        let conn = Connection::connect_to_env().map_err(|e| fail(&e))?;
        let (globals, mut queue) = registry_queue_init::<Events>(&conn).map_err(|e| fail(&e))?;
        let qh = queue.handle();
        let seat: wl_seat::WlSeat = globals.bind(&qh, 1..=1, ()).map_err(|e| fail(&e))?;
        let ms = u32::try_from(threshold.as_millis()).unwrap_or(u32::MAX);
        // Protocol objects live until destroyed, not until dropped: nothing to keep.
        let protocol = notification(&globals, &qh, &seat, ms).ok_or_else(|| {
            fail(&"the compositor offers neither ext-idle-notify-v1 nor org_kde_kwin_idle")
        })?;
        let mut events = Events::default();
        queue.roundtrip(&mut events).map_err(|e| fail(&e))?;
        Ok(Self {
            conn,
            queue,
            protocol,
            threshold,
            events,
        })
    }

    /// Forwards idle and resumed until the compositor goes away (an error: the socket
    /// closes) or the daemon stops; returns why it stopped.
    pub async fn run(mut self, tx: &UnboundedSender<Report>) -> String {
        // A new notification starts "not idle", as the protocol says: report that, so no
        // stale state stays behind from a previous source.
        let _ = tx.send(Report::Signal(Signal::Active {
            at: Timestamp::now(),
        }));
        match self.watch(tx).await {
            Ok(()) => "the daemon stopped".to_owned(),
            Err(e) => format!("Wayland: {e}"),
        }
    }

    async fn watch(&mut self, tx: &UnboundedSender<Report>) -> Result<(), String> {
        let mut events = std::mem::take(&mut self.events);
        let threshold = SignedDuration::try_from(self.threshold).unwrap_or_default();
        pump(&self.conn, &mut self.queue, &mut events, |events| {
            for idle in events.changes.drain(..) {
                let now = Timestamp::now();
                let signal = if idle {
                    Signal::Idle {
                        since: now - threshold,
                    }
                } else {
                    Signal::Active { at: now }
                };
                if tx.send(Report::Signal(signal)).is_err() {
                    return false;
                }
            }
            true
        })
        .await
    }
}

/// Dispatches the events of `queue` into `state` as they come, calling `after` once the
/// queued ones are dispatched, until `after` says to stop (`Ok`) or the connection fails.
/// The compositor's socket is awaited on tokio's reactor, so a Wayland source costs no
/// thread.
pub(crate) async fn pump<S>(
    conn: &Connection,
    queue: &mut EventQueue<S>,
    state: &mut S,
    mut after: impl FnMut(&mut S) -> bool,
) -> Result<(), String> {
    // A second handle on the compositor socket, for tokio to wait on. Reading still goes
    // through wayland-client; `try_io` clears readiness when it would block.
    let fd: OwnedFd = conn
        .backend()
        .poll_fd()
        .try_clone_to_owned()
        .map_err(|e| e.to_string())?;
    let socket = std::os::unix::net::UnixStream::from(fd);
    socket.set_nonblocking(true).map_err(|e| e.to_string())?;
    let socket = tokio::net::UnixStream::from_std(socket).map_err(|e| e.to_string())?;
    loop {
        queue.dispatch_pending(state).map_err(|e| e.to_string())?;
        if !after(state) {
            return Ok(());
        }
        queue.flush().map_err(|e| e.to_string())?;
        let Some(guard) = queue.prepare_read() else {
            continue; // events already queued: dispatch them first
        };
        socket.readable().await.map_err(|e| e.to_string())?;
        let read = socket.try_io(Interest::READABLE, || {
            guard.read().map_err(|e| match e {
                WaylandError::Io(e) => e,
                WaylandError::Protocol(p) => std::io::Error::other(p.to_string()),
            })
        });
        match read {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) => return Err(e.to_string()),
        }
    }
}

fn notification(
    globals: &GlobalList,
    qh: &QueueHandle<Events>,
    seat: &wl_seat::WlSeat,
    ms: u32,
) -> Option<Protocol> {
    if let Ok(notifier) = globals.bind::<ext_notifier::ExtIdleNotifierV1, _, _>(qh, 1..=1, ()) {
        notifier.get_idle_notification(ms, seat, qh, ());
        return Some(Protocol::ExtIdleNotify);
    }
    if let Ok(idle) = globals.bind::<org_kde_kwin_idle::OrgKdeKwinIdle, _, _>(qh, 1..=1, ()) {
        idle.get_idle_timeout(seat, ms, qh, ());
        return Some(Protocol::KdeIdle);
    }
    None
}

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for Events {
    fn event(
        _: &mut Self,
        _: &wl_registry::WlRegistry,
        _: wl_registry::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        // Globals that come and go later (a second seat) do not change the idle source.
    }
}

// Objects whose events carry nothing soleus needs.
wayland_client::delegate_noop!(Events: ignore wl_seat::WlSeat);
wayland_client::delegate_noop!(Events: ignore ext_notifier::ExtIdleNotifierV1);
wayland_client::delegate_noop!(Events: ignore org_kde_kwin_idle::OrgKdeKwinIdle);

impl Dispatch<ext_notification::ExtIdleNotificationV1, ()> for Events {
    fn event(
        state: &mut Self,
        _: &ext_notification::ExtIdleNotificationV1,
        event: ext_notification::Event,
        (): &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        match event {
            ext_notification::Event::Idled => state.changes.push(true),
            ext_notification::Event::Resumed => state.changes.push(false),
            _ => {}
        }
    }
}

impl Dispatch<org_kde_kwin_idle_timeout::OrgKdeKwinIdleTimeout, ()> for Events {
    fn event(
        state: &mut Self,
        _: &org_kde_kwin_idle_timeout::OrgKdeKwinIdleTimeout,
        event: org_kde_kwin_idle_timeout::Event,
        (): &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        match event {
            org_kde_kwin_idle_timeout::Event::Idle => state.changes.push(true),
            org_kde_kwin_idle_timeout::Event::Resumed => state.changes.push(false),
            _ => {}
        }
    }
}
