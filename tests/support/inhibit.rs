//! Idle inhibitors as the services that keep them speak of them, for the ones that cannot
//! run here: systemd-logind (it needs to be PID 1's systemd), gnome-session and KDE's
//! `PowerDevil` (each needs its whole desktop). Each speaks the real name, path, interface,
//! property types and signals on a private bus, checked against their introspection:
//! logind's `BlockInhibited` (`s`, `PropertiesChanged` with the value, as sd-bus sends for
//! an `EMITS_CHANGE` property), gnome-session's `Inhibit(susu) -> u`, `Uninhibit(u)`,
//! `IsInhibited(u) -> b`, `InhibitorAdded(o)`, `InhibitorRemoved(o)` and `InhibitedActions`
//! (`u`), `PowerDevil`'s `Inhibit(ss) -> u`, `UnInhibit(u)`, `HasInhibit() -> b` and
//! `HasInhibitChanged(b)`.

use std::collections::BTreeMap;

use zbus::OwnedObjectPath;
use zbus::object_server::SignalEmitter;

use super::bus::{serve, served};

// ---- systemd-logind: org.freedesktop.login1.Manager ----

struct Manager {
    block_inhibited: String,
}

#[zbus::interface(name = "org.freedesktop.login1.Manager")]
impl Manager {
    #[zbus(property)]
    fn block_inhibited(&self) -> String {
        self.block_inhibited.clone()
    }
}

/// logind, as far as its block inhibitors go.
pub struct Logind {
    connection: zbus::Connection,
}

const LOGIND: &str = "/org/freedesktop/login1";

impl Logind {
    pub async fn start(address: &str, blocked: &str) -> Self {
        let manager = Manager {
            block_inhibited: blocked.to_owned(),
        };
        let connection = serve(address, "org.freedesktop.login1", LOGIND, manager).await;
        Self { connection }
    }

    /// What logind does when a block inhibitor starts or stops (`systemd-inhibit
    /// --what=idle`, or its end): the list of blocked operations, announced.
    pub async fn set_blocked(&self, blocked: &str) {
        let iface = served::<Manager>(&self.connection, LOGIND).await;
        let mut manager = iface.get_mut().await;
        blocked.clone_into(&mut manager.block_inhibited);
        manager
            .block_inhibited_changed(iface.signal_emitter())
            .await
            .expect("emit PropertiesChanged");
    }
}

// ---- gnome-session: org.gnome.SessionManager ----

struct SessionManager {
    /// Cookie -> flags of each inhibitor held.
    held: BTreeMap<u32, u32>,
    next: u32,
}

impl SessionManager {
    fn inhibited_actions_now(&self) -> u32 {
        self.held.values().fold(0, |all, flags| all | flags)
    }
}

fn inhibitor_path(cookie: u32) -> OwnedObjectPath {
    OwnedObjectPath::try_from(format!("/org/gnome/SessionManager/Inhibitor{cookie}"))
        .expect("a valid object path")
}

#[zbus::interface(name = "org.gnome.SessionManager")]
impl SessionManager {
    async fn inhibit(
        &mut self,
        app_id: &str,
        toplevel_xid: u32,
        reason: &str,
        flags: u32,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) -> zbus::fdo::Result<u32> {
        let _ = (app_id, toplevel_xid, reason);
        self.next += 1;
        let cookie = self.next;
        self.held.insert(cookie, flags);
        self.inhibited_actions_changed(&emitter).await?;
        Self::inhibitor_added(&emitter, inhibitor_path(cookie)).await?;
        Ok(cookie)
    }

    async fn uninhibit(
        &mut self,
        cookie: u32,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) -> zbus::fdo::Result<()> {
        if self.held.remove(&cookie).is_none() {
            return Err(zbus::fdo::Error::InvalidArgs(format!(
                "Unable to uninhibit: Invalid cookie {cookie}"
            )));
        }
        self.inhibited_actions_changed(&emitter).await?;
        Self::inhibitor_removed(&emitter, inhibitor_path(cookie)).await?;
        Ok(())
    }

    fn is_inhibited(&self, flags: u32) -> bool {
        self.inhibited_actions_now() & flags != 0
    }

    #[zbus(property)]
    fn inhibited_actions(&self) -> u32 {
        self.inhibited_actions_now()
    }

    #[zbus(signal)]
    async fn inhibitor_added(emitter: &SignalEmitter<'_>, id: OwnedObjectPath) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn inhibitor_removed(
        emitter: &SignalEmitter<'_>,
        id: OwnedObjectPath,
    ) -> zbus::Result<()>;
}

/// gnome-session, as far as its inhibitors go; apps inhibit through its bus interface.
pub struct GnomeSession {
    _connection: zbus::Connection,
}

impl GnomeSession {
    pub async fn start(address: &str) -> Self {
        let manager = SessionManager {
            held: BTreeMap::new(),
            next: 0,
        };
        let connection = serve(
            address,
            "org.gnome.SessionManager",
            "/org/gnome/SessionManager",
            manager,
        )
        .await;
        Self {
            _connection: connection,
        }
    }
}

// ---- KDE `PowerDevil`: org.freedesktop.PowerManagement.Inhibit ----

struct PowerManagementInhibit {
    held: BTreeMap<u32, String>,
    next: u32,
}

#[zbus::interface(name = "org.freedesktop.PowerManagement.Inhibit")]
impl PowerManagementInhibit {
    async fn inhibit(
        &mut self,
        application: &str,
        reason: &str,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) -> zbus::fdo::Result<u32> {
        self.next += 1;
        let was = !self.held.is_empty();
        self.held
            .insert(self.next, format!("{application}: {reason}"));
        if !was {
            Self::has_inhibit_changed(&emitter, true).await?;
        }
        Ok(self.next)
    }

    async fn un_inhibit(
        &mut self,
        cookie: u32,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) -> zbus::fdo::Result<()> {
        if self.held.remove(&cookie).is_some() && self.held.is_empty() {
            Self::has_inhibit_changed(&emitter, false).await?;
        }
        Ok(())
    }

    fn has_inhibit(&self) -> bool {
        !self.held.is_empty()
    }

    #[zbus(signal)]
    async fn has_inhibit_changed(
        emitter: &SignalEmitter<'_>,
        has_inhibit: bool,
    ) -> zbus::Result<()>;
}

/// `PowerDevil`, as far as its inhibitors go; apps inhibit through its bus interface.
pub struct PowerDevil {
    _connection: zbus::Connection,
}

impl PowerDevil {
    pub async fn start(address: &str) -> Self {
        let inhibit = PowerManagementInhibit {
            held: BTreeMap::new(),
            next: 0,
        };
        let connection = serve(
            address,
            "org.freedesktop.PowerManagement",
            "/org/freedesktop/PowerManagement/Inhibit",
            inhibit,
        )
        .await;
        Self {
            _connection: connection,
        }
    }
}
