//! Lock and sleep from systemd-logind on the system bus: the session's `LockedHint`
//! property (set by GNOME, KDE and most lockers through `loginctl lock-session`) and the
//! manager's `PrepareForSleep(b)` signal, sent before suspend (true) and after resume
//! (false). Event-driven; nothing is polled.
//!
//! The session is `XDG_SESSION_ID` when the daemon runs inside one; a systemd user service
//! runs outside any session, so then it is the user's graphical session (the `Display`
//! property of the user's logind object), which is what `loginctl` shows for them.

use std::os::unix::fs::MetadataExt;

use futures_lite::StreamExt;
use jiff::Timestamp;
use tokio::sync::mpsc::UnboundedSender;
use zbus::OwnedObjectPath;
use zbus::proxy::CacheProperties;

use super::{Report, Signal};

pub const BUS_NAME: &str = "org.freedesktop.login1";
pub const MANAGER_PATH: &str = "/org/freedesktop/login1";
pub const MANAGER: &str = "org.freedesktop.login1.Manager";
pub const SESSION: &str = "org.freedesktop.login1.Session";
pub const USER: &str = "org.freedesktop.login1.User";

/// logind, with the session soleus follows, subscribed to its signals.
pub struct Logind {
    session: zbus::Proxy<'static>,
    pub session_path: String,
    sleep: zbus::proxy::SignalStream<'static>,
    removed: zbus::proxy::SignalStream<'static>,
    locked: zbus::proxy::PropertyStream<'static, bool>,
    owner: zbus::proxy::OwnerChangedStream<'static>,
}

impl std::fmt::Debug for Logind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logind")
            .field("session_path", &self.session_path)
            .finish_non_exhaustive()
    }
}

impl Logind {
    pub async fn connect(bus: &zbus::Connection) -> Result<Self, String> {
        let fail = |e: zbus::Error| format!("{BUS_NAME}: {e}");
        let root = OwnedObjectPath::try_from(MANAGER_PATH).map_err(fail)?;
        let manager = super::proxy(bus, BUS_NAME, root, MANAGER, CacheProperties::No)
            .await
            .map_err(fail)?;
        let session_path: OwnedObjectPath = match std::env::var("XDG_SESSION_ID") {
            Ok(id) if !id.is_empty() => manager
                .call("GetSession", &(id.as_str(),))
                .await
                .map_err(|e| format!("{BUS_NAME}: session {id:?}: {e}"))?,
            _ => {
                let uid = std::fs::metadata("/proc/self")
                    .map_err(|e| format!("cannot tell my user id: {e}"))?
                    .uid();
                let user: OwnedObjectPath = manager
                    .call("GetUser", &(uid,))
                    .await
                    .map_err(|e| format!("{BUS_NAME}: user {uid}: {e}"))?;
                let user = super::proxy(bus, BUS_NAME, user, USER, CacheProperties::No)
                    .await
                    .map_err(fail)?;
                let (id, path): (String, OwnedObjectPath) =
                    user.get_property("Display").await.map_err(fail)?;
                if id.is_empty() {
                    return Err(format!(
                        "{BUS_NAME}: user {uid} has no graphical session (and XDG_SESSION_ID is not set)"
                    ));
                }
                path
            }
        };
        let session_name = session_path.to_string();
        let session = super::proxy(bus, BUS_NAME, session_path, SESSION, CacheProperties::Yes)
            .await
            .map_err(fail)?;
        session
            .get_property::<bool>("LockedHint")
            .await
            .map_err(|e| format!("{BUS_NAME}: {session_name}: LockedHint: {e}"))?;
        // Subscribed before anyone is told this source works.
        Ok(Self {
            sleep: manager
                .receive_signal("PrepareForSleep")
                .await
                .map_err(fail)?,
            removed: manager
                .receive_signal("SessionRemoved")
                .await
                .map_err(fail)?,
            locked: session.receive_property_changed::<bool>("LockedHint").await,
            owner: manager.receive_owner_changed().await.map_err(fail)?,
            session,
            session_path: session_name,
        })
    }

    /// Forwards lock, unlock, sleep and wake until logind goes away; returns why it stopped.
    pub async fn run(mut self, tx: &UnboundedSender<Report>) -> String {
        match self.watch(tx).await {
            Ok(()) => format!("{BUS_NAME} left the system bus, or the session ended"),
            Err(e) => format!("{BUS_NAME}: {e}"),
        }
    }

    async fn watch(&mut self, tx: &UnboundedSender<Report>) -> zbus::Result<()> {
        let send = |signal| {
            let _ = tx.send(Report::Signal(signal));
        };
        if self.session.get_property::<bool>("LockedHint").await? {
            send(Signal::Locked {
                at: Timestamp::now(),
            });
        }
        loop {
            tokio::select! {
                message = self.sleep.next() => {
                    let Some(message) = message else { return Ok(()) };
                    let at = Timestamp::now();
                    match message.body().deserialize::<bool>() {
                        Ok(true) => send(Signal::Sleeping { at }),
                        Ok(false) => send(Signal::Woke { at }),
                        Err(e) => tracing::debug!("PrepareForSleep with a bad body: {e}"),
                    }
                }
                change = self.locked.next() => {
                    let Some(change) = change else { return Ok(()) };
                    let at = Timestamp::now();
                    match change.get().await {
                        Ok(true) => send(Signal::Locked { at }),
                        Ok(false) => send(Signal::Unlocked { at }),
                        Err(e) => tracing::debug!("LockedHint unreadable: {e}"),
                    }
                }
                message = self.removed.next() => {
                    let Some(message) = message else { return Ok(()) };
                    // The session ended (a logout): follow the next one.
                    if message
                        .body()
                        .deserialize::<(String, OwnedObjectPath)>()
                        .is_ok_and(|(_, path)| path.as_str() == self.session_path)
                    {
                        return Ok(());
                    }
                }
                _ = self.owner.next() => return Ok(()),
            }
        }
    }
}
