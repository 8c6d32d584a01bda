//! Idle inhibitors as "someone is watching": a program that keeps the screen from blanking
//! (a video player, a presentation, `systemd-inhibit --what=idle`) says a pop-up would land
//! on top of something being watched. Reported as the `fullscreen` kind, whose policy
//! (README, "Context") is for exactly that: a presentation, a video.
//!
//! Three places keep such inhibitors, each announcing changes, so none is polled:
//! - systemd-logind (system bus): `BlockInhibited` of `org.freedesktop.login1.Manager`, a
//!   colon-separated list of what is blocked, containing `idle` while an idle inhibitor is
//!   held. logind declares it `EMITS_CHANGE` and sends `PropertiesChanged` each time an
//!   inhibitor starts or stops (`bus_manager_send_inhibited_change` in logind-inhibit.c).
//! - gnome-session (session bus): `IsInhibited(8)` (8: idle) of `org.gnome.SessionManager`,
//!   read again at its `InhibitorAdded` and `InhibitorRemoved` signals.
//! - KDE's power manager, `PowerDevil` (session bus): `HasInhibit` of
//!   `org.freedesktop.PowerManagement.Inhibit`, announced with `HasInhibitChanged`. It
//!   counts there the inhibitors that keep the session from being suspended, which
//!   browsers and video players take while playing (an app that only keeps the screen on
//!   through `org.freedesktop.ScreenSaver` is not counted there, and not seen here).
//!
//! soleus takes no inhibitor of its own, so nothing here is its own doing.

use tokio::sync::mpsc::UnboundedSender;
use zbus::proxy::CacheProperties;

use super::{ContextReport, Kind, signalled};

pub mod logind {
    /// The same service presence follows for lock and sleep.
    pub use crate::presence::logind::{BUS_NAME, MANAGER as INTERFACE, MANAGER_PATH as PATH};
    pub const SOURCE: &str = "logind";
    pub const PROPERTY: &str = "BlockInhibited";
}

pub mod gnome {
    pub const SOURCE: &str = "gnome-session";
    pub const BUS_NAME: &str = "org.gnome.SessionManager";
    pub const PATH: &str = "/org/gnome/SessionManager";
    pub const INTERFACE: &str = "org.gnome.SessionManager";
    /// gnome-session's inhibit flag for "the session is not idle".
    pub const IDLE: u32 = 8;
}

pub mod kde {
    pub const SOURCE: &str = "powerdevil";
    pub const BUS_NAME: &str = "org.freedesktop.PowerManagement";
    pub const PATH: &str = "/org/freedesktop/PowerManagement/Inhibit";
    pub const INTERFACE: &str = "org.freedesktop.PowerManagement.Inhibit";
}

/// One service that keeps inhibitors: where it is, how it is read and when it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keeper {
    Logind,
    Gnome,
    Kde,
}

impl Keeper {
    pub const SESSION: [Keeper; 2] = [Keeper::Gnome, Keeper::Kde];

    pub fn source(self) -> &'static str {
        match self {
            Keeper::Logind => logind::SOURCE,
            Keeper::Gnome => gnome::SOURCE,
            Keeper::Kde => kde::SOURCE,
        }
    }

    fn place(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Keeper::Logind => (logind::BUS_NAME, logind::PATH, logind::INTERFACE),
            Keeper::Gnome => (gnome::BUS_NAME, gnome::PATH, gnome::INTERFACE),
            Keeper::Kde => (kde::BUS_NAME, kde::PATH, kde::INTERFACE),
        }
    }

    /// What is watched, for the view and doctor.
    pub fn describe(self) -> String {
        match self {
            Keeper::Logind => format!(
                "idle in {}.{} on the system bus, PropertiesChanged",
                logind::INTERFACE,
                logind::PROPERTY
            ),
            Keeper::Gnome => format!(
                "{}.IsInhibited({}), InhibitorAdded and InhibitorRemoved",
                gnome::INTERFACE,
                gnome::IDLE
            ),
            Keeper::Kde => format!("{}.HasInhibit, HasInhibitChanged", kde::INTERFACE),
        }
    }

    /// The signals after which the state is read again.
    fn rule(self) -> zbus::Result<zbus::MatchRule<'static>> {
        let (name, path, interface) = self.place();
        match self {
            Keeper::Logind => signalled::rule(
                name,
                path,
                "org.freedesktop.DBus.Properties",
                Some("PropertiesChanged"),
                &[interface],
            ),
            // InhibitorAdded, InhibitorRemoved: the others of the interface (a client came
            // or went) are rare, and reading again after them changes nothing.
            Keeper::Gnome => signalled::rule(name, path, interface, None, &[]),
            Keeper::Kde => signalled::rule(name, path, interface, Some("HasInhibitChanged"), &[]),
        }
    }

    pub async fn connect(self, bus: &zbus::Connection) -> Result<zbus::Proxy<'static>, String> {
        let (name, path, interface) = self.place();
        crate::presence::proxy(bus, name, path, interface, CacheProperties::No)
            .await
            .map_err(|e| format!("{name}: {e}"))
    }

    /// Whether an idle inhibitor is held now.
    pub async fn read(self, proxy: &zbus::Proxy<'_>) -> Result<bool, String> {
        let (name, _, interface) = self.place();
        let read = match self {
            Keeper::Logind => proxy
                .get_property::<String>(logind::PROPERTY)
                .await
                .map(|blocked| blocks_idle(&blocked)),
            Keeper::Gnome => proxy.call("IsInhibited", &(gnome::IDLE)).await,
            Keeper::Kde => proxy.call("HasInhibit", &()).await,
        };
        read.map_err(|e| {
            if super::flag::absent(&e) {
                format!("{name} is not on the bus")
            } else {
                format!("{interface}: {e}")
            }
        })
    }

    /// Reports whether an idle inhibitor is held, across restarts of the service, until
    /// the bus connection fails; returns why it stopped.
    pub async fn watch(
        self,
        bus: &zbus::Connection,
        tx: &UnboundedSender<ContextReport>,
    ) -> String {
        let proxy = match self.connect(bus).await {
            Ok(p) => p,
            Err(e) => return e,
        };
        let rule = match self.rule() {
            Ok(rule) => rule,
            Err(e) => return e.to_string(),
        };
        let source = signalled::Source {
            name: self.source(),
            kind: Kind::Fullscreen,
            what: &self.describe(),
        };
        signalled::watch(bus, source, &proxy, rule, || self.read(&proxy), tx).await
    }
}

/// Whether logind's colon-separated list of blocked operations has `idle`.
pub fn blocks_idle(blocked: &str) -> bool {
    blocked.split(':').any(|what| what == "idle")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_is_one_of_the_blocked_operations() {
        assert!(blocks_idle("idle"));
        assert!(blocks_idle("shutdown:sleep:idle:handle-lid-switch"));
        assert!(!blocks_idle(""));
        assert!(!blocks_idle("handle-power-key:handle-suspend-key:sleep"));
        assert!(!blocks_idle("idle-ish:idler"));
    }
}
