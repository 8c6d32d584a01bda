//! Desktop services that speak the real interfaces (names, paths, signatures, signals) on
//! a private bus, driven by tests: Mutter's idle monitor, the freedesktop/KDE `ScreenSaver`
//! and systemd-logind. Each records what soleus asked, so tests wait on that instead of
//! sleeping.

use std::collections::HashMap;
use std::sync::{Arc, Mutex as StdMutex};

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use zbus::OwnedObjectPath;
use zbus::object_server::SignalEmitter;

use super::bus::{serve, served};
use super::wait::next_matching;

/// What a service was asked, in order.
pub struct Calls(tokio::sync::Mutex<UnboundedReceiver<String>>);

impl Calls {
    /// Waits up to 10 s for a call whose text starts with `prefix`; returns it.
    pub async fn wait(&self, prefix: &str) -> String {
        let mut rx = self.0.lock().await;
        next_matching(&mut rx, 10, |call: &String| call.starts_with(prefix))
            .await
            .unwrap_or_else(|| panic!("soleus never called {prefix} within 10 s"))
    }
}

fn calls() -> (UnboundedSender<String>, Calls) {
    let (tx, rx) = unbounded_channel();
    (tx, Calls(tokio::sync::Mutex::new(rx)))
}

// ---- org.gnome.Mutter.IdleMonitor ----

#[derive(Default)]
struct Watches {
    next: u32,
    idle: HashMap<u32, u64>,
    active: Vec<u32>,
}

struct IdleMonitor {
    idle_ms: Arc<StdMutex<u64>>,
    watches: Arc<StdMutex<Watches>>,
    calls: UnboundedSender<String>,
}

#[allow(clippy::unused_self)]
#[zbus::interface(name = "org.gnome.Mutter.IdleMonitor")]
impl IdleMonitor {
    fn get_idletime(&self) -> u64 {
        let _ = self.calls.send("GetIdletime".into());
        *self.idle_ms.lock().expect("lock")
    }

    fn add_idle_watch(&self, interval: u64) -> u32 {
        let mut w = self.watches.lock().expect("lock");
        w.next += 1;
        let id = w.next;
        w.idle.insert(id, interval);
        let _ = self.calls.send(format!("AddIdleWatch {interval}"));
        id
    }

    fn add_user_active_watch(&self) -> u32 {
        let mut w = self.watches.lock().expect("lock");
        w.next += 1;
        let id = w.next;
        w.active.push(id);
        let _ = self.calls.send("AddUserActiveWatch".into());
        id
    }

    fn remove_watch(&self, id: u32) {
        let mut w = self.watches.lock().expect("lock");
        w.idle.remove(&id);
        w.active.retain(|a| *a != id);
    }

    #[zbus(signal)]
    async fn watch_fired(emitter: &SignalEmitter<'_>, id: u32) -> zbus::Result<()>;
}

/// Mutter's idle monitor at its real name and path.
pub struct Mutter {
    connection: zbus::Connection,
    idle_ms: Arc<StdMutex<u64>>,
    watches: Arc<StdMutex<Watches>>,
    pub calls: Calls,
}

const MUTTER_PATH: &str = "/org/gnome/Mutter/IdleMonitor/Core";

impl Mutter {
    pub async fn start(address: &str) -> Self {
        let (tx, calls) = calls();
        let idle_ms = Arc::new(StdMutex::new(0));
        let watches = Arc::new(StdMutex::new(Watches::default()));
        let monitor = IdleMonitor {
            idle_ms: idle_ms.clone(),
            watches: watches.clone(),
            calls: tx,
        };
        let connection = serve(
            address,
            "org.gnome.Mutter.IdleMonitor",
            MUTTER_PATH,
            monitor,
        )
        .await;
        Self {
            connection,
            idle_ms,
            watches,
            calls,
        }
    }

    async fn fire(&self, ids: Vec<u32>) {
        let iface = served::<IdleMonitor>(&self.connection, MUTTER_PATH).await;
        for id in ids {
            IdleMonitor::watch_fired(iface.signal_emitter(), id)
                .await
                .expect("emit WatchFired");
        }
    }

    /// No input for `ms`: fires every idle watch whose interval has passed, as Mutter does.
    pub async fn go_idle(&self, ms: u64) {
        *self.idle_ms.lock().expect("lock") = ms;
        let ids = {
            let w = self.watches.lock().expect("lock");
            w.idle
                .iter()
                .filter(|(_, interval)| **interval <= ms)
                .map(|(id, _)| *id)
                .collect()
        };
        self.fire(ids).await;
    }

    /// Input: fires (and removes: they are one-shot) the user-active watches.
    pub async fn go_active(&self) {
        *self.idle_ms.lock().expect("lock") = 0;
        let ids = std::mem::take(&mut self.watches.lock().expect("lock").active);
        self.fire(ids).await;
    }
}

// ---- org.freedesktop.ScreenSaver (KDE's, with GetSessionIdleTime) ----

struct ScreenSaverIface {
    idle_s: Arc<StdMutex<u32>>,
    active: Arc<StdMutex<bool>>,
    calls: UnboundedSender<String>,
    /// As on Plasma Wayland, where `KWin` answers the idle time with `NotSupported`.
    wayland: bool,
}

#[allow(clippy::unused_self)]
#[zbus::interface(name = "org.freedesktop.ScreenSaver")]
impl ScreenSaverIface {
    /// Milliseconds, as KDE's `KIdleTime` gives them on X11; `KWin` 5.27 on Wayland replies
    /// `org.freedesktop.DBus.Error.NotSupported` with this message.
    fn get_session_idle_time(&self) -> zbus::fdo::Result<u32> {
        let _ = self.calls.send("GetSessionIdleTime".into());
        if self.wayland {
            return Err(zbus::fdo::Error::NotSupported(
                "GetSessionIdleTime is not supported on this platform".into(),
            ));
        }
        Ok(*self.idle_s.lock().expect("lock") * 1000)
    }

    fn get_active(&self) -> bool {
        *self.active.lock().expect("lock")
    }

    #[zbus(signal)]
    async fn active_changed(emitter: &SignalEmitter<'_>, active: bool) -> zbus::Result<()>;
}

/// KDE's `ScreenSaver` service at its real name and path.
pub struct ScreenSaver {
    connection: zbus::Connection,
    idle_s: Arc<StdMutex<u32>>,
    active: Arc<StdMutex<bool>>,
    pub calls: Calls,
}

const SCREENSAVER_PATH: &str = "/org/freedesktop/ScreenSaver";

impl ScreenSaver {
    /// KDE's service as Plasma on X11 serves it.
    pub async fn start(address: &str) -> Self {
        Self::start_as(address, false).await
    }

    /// As Plasma on Wayland serves it: the same lock signal, no idle time.
    pub async fn start_wayland(address: &str) -> Self {
        Self::start_as(address, true).await
    }

    async fn start_as(address: &str, wayland: bool) -> Self {
        let (tx, calls) = calls();
        let idle_s = Arc::new(StdMutex::new(0));
        let active = Arc::new(StdMutex::new(false));
        let iface = ScreenSaverIface {
            idle_s: idle_s.clone(),
            active: active.clone(),
            calls: tx,
            wayland,
        };
        let connection = serve(
            address,
            "org.freedesktop.ScreenSaver",
            SCREENSAVER_PATH,
            iface,
        )
        .await;
        Self {
            connection,
            idle_s,
            active,
            calls,
        }
    }

    pub fn set_idle_seconds(&self, s: u32) {
        *self.idle_s.lock().expect("lock") = s;
    }

    /// The screen locks (true) or unlocks (false): `ActiveChanged(b)`.
    pub async fn set_active(&self, active: bool) {
        *self.active.lock().expect("lock") = active;
        let iface = served::<ScreenSaverIface>(&self.connection, SCREENSAVER_PATH).await;
        ScreenSaverIface::active_changed(iface.signal_emitter(), active)
            .await
            .expect("emit ActiveChanged");
    }
}

// ---- org.freedesktop.login1 ----

struct Manager {
    user_path: OwnedObjectPath,
    session_path: OwnedObjectPath,
    calls: UnboundedSender<String>,
}

#[allow(clippy::unused_self)]
#[zbus::interface(name = "org.freedesktop.login1.Manager")]
impl Manager {
    fn get_session(&self, id: &str) -> zbus::fdo::Result<OwnedObjectPath> {
        let _ = self.calls.send(format!("GetSession {id}"));
        if id == "2" {
            Ok(self.session_path.clone())
        } else {
            Err(zbus::fdo::Error::Failed(format!("No session '{id}' known")))
        }
    }

    fn get_user(&self, uid: u32) -> OwnedObjectPath {
        let _ = self.calls.send(format!("GetUser {uid}"));
        self.user_path.clone()
    }

    #[zbus(signal)]
    async fn prepare_for_sleep(emitter: &SignalEmitter<'_>, start: bool) -> zbus::Result<()>;
}

struct User {
    session_path: OwnedObjectPath,
}

#[zbus::interface(name = "org.freedesktop.login1.User")]
impl User {
    #[zbus(property)]
    fn display(&self) -> (String, OwnedObjectPath) {
        ("2".to_owned(), self.session_path.clone())
    }
}

struct Session {
    locked: bool,
}

#[zbus::interface(name = "org.freedesktop.login1.Session")]
impl Session {
    #[zbus(property)]
    fn locked_hint(&self) -> bool {
        self.locked
    }
}

/// logind on a bus standing in for the system bus: manager, the user, session "2".
pub struct Logind {
    connection: zbus::Connection,
    pub calls: Calls,
}

const LOGIND_PATH: &str = "/org/freedesktop/login1";
const SESSION_PATH: &str = "/org/freedesktop/login1/session/_32";

impl Logind {
    pub async fn start(address: &str) -> Self {
        let (tx, calls) = calls();
        let uid = super::uid();
        let user_path = format!("/org/freedesktop/login1/user/_{uid}");
        let session: OwnedObjectPath = SESSION_PATH.try_into().expect("path");
        let connection = zbus::connection::Builder::address(address)
            .serve_at(
                LOGIND_PATH,
                Manager {
                    user_path: user_path.as_str().try_into().expect("path"),
                    session_path: session.clone(),
                    calls: tx,
                },
            )
            .serve_at(
                user_path.as_str(),
                User {
                    session_path: session.clone(),
                },
            )
            .serve_at(SESSION_PATH, Session { locked: false })
            .name("org.freedesktop.login1")
            .build()
            .await
            .expect("logind on the private bus");
        Self { connection, calls }
    }

    /// Sets the session's `LockedHint`, emitting `PropertiesChanged` as logind does.
    pub async fn set_locked(&self, locked: bool) {
        let iface = served::<Session>(&self.connection, SESSION_PATH).await;
        iface.get_mut().await.locked = locked;
        iface
            .get()
            .await
            .locked_hint_changed(iface.signal_emitter())
            .await
            .expect("emit PropertiesChanged");
    }

    /// `PrepareForSleep(true)` before a suspend, `(false)` after the resume.
    pub async fn prepare_for_sleep(&self, start: bool) {
        let iface = served::<Manager>(&self.connection, LOGIND_PATH).await;
        Manager::prepare_for_sleep(iface.signal_emitter(), start)
            .await
            .expect("emit PrepareForSleep");
    }
}
