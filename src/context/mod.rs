//! Context: is this a moment not to interrupt? Do-not-disturb, a fullscreen window, a call.
//! The scheduler's policy (hold, quiet, remind) takes these as an input; this module only
//! says what is true and since when.
//!
//! - Pure part: [`state`] (many sources, one answer per kind, with since-times).
//! - Event-driven sources, each a task that sends [`ContextReport`]s: [`dunst`] and [`kde`]
//!   (a flag on the notification server, watched by [`flag`]), [`gnome`] (GNOME's
//!   setting, through gsettings at dconf's change signal), [`swaync`] (through
//!   [`signalled`]), [`fullscreen`] (X11) and [`wlr`] (wlroots compositors),
//!   [`inhibitors`] (idle inhibitors of logind, gnome-session and KDE's power manager, as
//!   fullscreen, through [`signalled`]).
//! - Sources read only when asked ([`tracker::ContextTracker::check`]), because the desktop
//!   offers no signal for them: [`mako`], [`mic`] (ALSA capture), [`pulse`] (PipeWire or
//!   PulseAudio recording streams), [`camera`].
//! - [`tracker`] owns them all; [`probe`] asks each once, for `soleus doctor`.

pub mod camera;
pub mod dunst;
pub mod flag;
pub mod fullscreen;
pub mod gnome;
pub mod inhibitors;
pub mod kde;
pub mod mako;
pub mod mic;
pub mod probe;
pub mod pulse;
pub mod signalled;
pub mod state;
pub mod swaync;
pub mod tracker;
pub mod wlr;

use std::path::PathBuf;

use jiff::Timestamp;
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use crate::backoff;

pub use state::{ContextChange, ContextState};
pub use tracker::{ContextTracker, ContextView};

/// A kind of context, as config `[context]`, `held_by` and simulate traces name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Dnd,
    Fullscreen,
    Call,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Dnd, Kind::Fullscreen, Kind::Call];

    /// The contract name (DESIGN 2b): `dnd`, `fullscreen`, `call`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Dnd => "dnd",
            Kind::Fullscreen => "fullscreen",
            Kind::Call => "call",
        }
    }
}

/// What a context source tells its owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextReport {
    /// `source` says `kind` is on (or off) as of `at`.
    Reading {
        source: &'static str,
        kind: Kind,
        on: bool,
        at: Timestamp,
    },
    /// `source` works (`Ok`, with what it watches) or does not (`Err`, why). An `Err`
    /// withdraws its last reading: a notification server that quit no longer holds DND on.
    Source {
        source: &'static str,
        kind: Kind,
        state: Result<String, String>,
    },
}

impl ContextReport {
    fn reading(source: &'static str, kind: Kind, on: bool) -> Self {
        Self::Reading {
            source,
            kind,
            on,
            at: Timestamp::now(),
        }
    }

    fn source(source: &'static str, kind: Kind, state: Result<String, String>) -> Self {
        Self::Source {
            source,
            kind,
            state,
        }
    }
}

/// Where the sources look: the session's bus and X display, the system's `/proc` and
/// `/dev`, or a test's own; and the one name a source looks for that the user chooses,
/// mako's do-not-disturb mode.
#[derive(Debug, Clone)]
pub struct Places {
    /// A bus address; `None`: the session bus.
    pub bus: Option<String>,
    /// A bus address standing for the system bus; `None`: the system bus.
    pub system_bus: Option<String>,
    /// An X display; `None`: `DISPLAY`.
    pub display: Option<String>,
    /// A Wayland compositor's socket; `None`: `WAYLAND_DISPLAY`.
    pub wayland: Option<PathBuf>,
    pub proc_root: PathBuf,
    pub dev: PathBuf,
    /// The PulseAudio (or PipeWire-Pulse) socket; `None`: found as libpulse finds it.
    pub pulse: Option<PathBuf>,
    /// The mako mode that means do-not-disturb (config `[context] mako_mode`).
    pub mako_mode: String,
}

impl Places {
    pub fn system() -> Self {
        Self {
            bus: None,
            system_bus: None,
            display: None,
            wayland: None,
            proc_root: PathBuf::from("/proc"),
            dev: PathBuf::from("/dev"),
            pulse: None,
            mako_mode: mako::DND_MODE.to_owned(),
        }
    }
}

/// A connection to the bus at `address`, or the shared one to the session bus.
async fn bus(address: Option<&str>) -> Result<zbus::Connection, String> {
    match address {
        None => crate::presence::session_bus().await,
        Some(address) => at(address).await,
    }
}

/// A connection to the bus at `address`, or to the system bus.
pub async fn system_bus(address: Option<&str>) -> Result<zbus::Connection, String> {
    match address {
        None => crate::presence::system_bus().await,
        Some(address) => at(address).await,
    }
}

async fn at(address: &str) -> Result<zbus::Connection, String> {
    zbus::connection::Builder::address(address)
        .build()
        .await
        .map_err(|e| format!("no bus at {address}: {e}"))
}

/// The running event-driven sources; dropping this stops them.
#[derive(Debug)]
pub struct Sources {
    tasks: Vec<JoinHandle<()>>,
}

impl Sources {
    /// Starts the do-not-disturb and idle-inhibitor watches on the session bus (the
    /// connection the daemon shares with presence and the tray), logind's idle inhibitors
    /// on the system bus, and the X11 and wlroots fullscreen watches. Each waits on its own
    /// signal; none polls.
    pub fn start(tx: UnboundedSender<ContextReport>, places: &Places) -> Self {
        Self {
            tasks: vec![
                tokio::spawn(session_bus_task(tx.clone(), places.bus.clone())),
                tokio::spawn(system_bus_task(tx.clone(), places.system_bus.clone())),
                tokio::spawn(fullscreen_task(tx.clone(), places.display.clone())),
                tokio::spawn(wlr_task(tx, places.wayland.clone())),
            ],
        }
    }
}

impl Drop for Sources {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// The watches that live on the session bus, sharing one connection: the notification
/// server's flag (dunst's `paused` or KDE's `Inhibited`, whichever server owns the name,
/// and the next one when it is replaced), the GNOME setting and swaync (do-not-disturb),
/// and the idle inhibitors of gnome-session and KDE's power manager (fullscreen). Each
/// waits on its service's signals and, when the service is absent, on its name getting an
/// owner: none polls. They end only when the bus connection does; then a new one is made,
/// with backoff.
async fn session_bus_task(tx: UnboundedSender<ContextReport>, address: Option<String>) {
    let mut retry = crate::presence::backoff();
    let [gnome_inhibit, kde_inhibit] = inhibitors::Keeper::SESSION;
    let sources = [
        (flag::SOURCE, Kind::Dnd),
        (gnome::SOURCE, Kind::Dnd),
        (swaync::SOURCE, Kind::Dnd),
        (gnome_inhibit.source(), Kind::Fullscreen),
        (kde_inhibit.source(), Kind::Fullscreen),
    ];
    loop {
        let started = tokio::time::Instant::now();
        let whys = match bus(address.as_deref()).await {
            Ok(bus) => {
                let session = crate::presence::detect::SessionEnv::from_process();
                let (server, gnome, swaync, gnome_inhibit, kde_inhibit) = tokio::join!(
                    flag::watch_server(&bus, &[dunst::PAUSED, kde::INHIBITED], &tx),
                    gnome::watch(&bus, &session, &tx),
                    swaync::watch(&bus, &tx),
                    gnome_inhibit.watch(&bus, &tx),
                    kde_inhibit.watch(&bus, &tx),
                );
                [server, gnome, swaync, gnome_inhibit, kde_inhibit]
            }
            Err(e) => std::array::from_fn(|_| e.clone()),
        };
        for ((source, kind), why) in sources.into_iter().zip(whys) {
            if tx
                .send(ContextReport::source(source, kind, Err(why)))
                .is_err()
            {
                return;
            }
        }
        retry.reset_if_ran(started.elapsed());
        backoff::sleep(&mut retry).await;
    }
}

/// logind's idle inhibitors, on the system bus: its own connection, since nothing else in
/// context uses that bus. Without a system bus (a container, a system without systemd)
/// it says why once and ends: nothing to wait for.
async fn system_bus_task(tx: UnboundedSender<ContextReport>, address: Option<String>) {
    let keeper = inhibitors::Keeper::Logind;
    let mut retry = crate::presence::backoff();
    loop {
        let started = tokio::time::Instant::now();
        let (why, again) = match system_bus(address.as_deref()).await {
            Ok(bus) => (keeper.watch(&bus, &tx).await, true),
            Err(e) => (e, false),
        };
        let report = ContextReport::source(keeper.source(), Kind::Fullscreen, Err(why));
        if tx.send(report).is_err() || !again {
            return;
        }
        retry.reset_if_ran(started.elapsed());
        backoff::sleep(&mut retry).await;
    }
}

async fn fullscreen_task(tx: UnboundedSender<ContextReport>, display: Option<String>) {
    let here = display.is_some() || std::env::var_os("DISPLAY").is_some();
    on_display(
        fullscreen::SOURCE,
        here,
        tx,
        || fullscreen::Fullscreen::connect(display.as_deref()).map_err(|e| e.to_string()),
        |x, tx| async move { x.run(&tx).await },
    )
    .await;
}

async fn wlr_task(tx: UnboundedSender<ContextReport>, socket: Option<PathBuf>) {
    let here = socket.is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    on_display(
        wlr::SOURCE,
        here,
        tx,
        || wlr::Wlr::connect(socket.as_deref()),
        |w, tx| async move { w.run(&tx).await },
    )
    .await;
}

/// Runs a display server's fullscreen watch, connecting again with backoff when it stops.
/// Without that kind of display in the session (`here` false: no X display in a Wayland
/// session, or the reverse) it says why once and ends: nothing to wait for.
async fn on_display<T, C, R, F>(
    source: &'static str,
    here: bool,
    tx: UnboundedSender<ContextReport>,
    connect: C,
    run: R,
) where
    C: Fn() -> Result<T, String>,
    R: Fn(T, UnboundedSender<ContextReport>) -> F,
    F: Future<Output = String>,
{
    let mut retry = crate::presence::backoff();
    loop {
        let why = match connect() {
            Ok(watch) => {
                retry.reset();
                run(watch, tx.clone()).await
            }
            Err(e) if !here => {
                let _ = tx.send(ContextReport::source(source, Kind::Fullscreen, Err(e)));
                return;
            }
            Err(e) => e,
        };
        if tx
            .send(ContextReport::source(source, Kind::Fullscreen, Err(why)))
            .is_err()
        {
            return;
        }
        backoff::sleep(&mut retry).await;
    }
}
