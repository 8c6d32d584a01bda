//! Screen lock from the screensaver services on the session bus: the `ActiveChanged(b)`
//! signal of `org.freedesktop.ScreenSaver` (KDE, Xfce, Cinnamon, MATE...) and of
//! `org.gnome.ScreenSaver` (GNOME). Subscribed by match rule, so it works whichever of them
//! runs, and keeps working when one restarts. logind's `LockedHint` ([`super::logind`])
//! covers the desktops that set it; either signal counts.

use futures_lite::StreamExt;
use jiff::Timestamp;
use tokio::sync::mpsc::UnboundedSender;
use zbus::{MatchRule, MessageStream};

use super::{Report, Signal};

pub const INTERFACES: [&str; 2] = ["org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"];

/// The screensaver services that have an owner on `bus` now.
pub async fn owners(bus: &zbus::Connection) -> Vec<&'static str> {
    let mut found = Vec::new();
    let Ok(proxy) = zbus::fdo::DBusProxy::new(bus).await else {
        return found;
    };
    for name in INTERFACES {
        let Ok(bus_name) = name.try_into() else {
            continue;
        };
        if proxy.name_has_owner(bus_name).await.unwrap_or(false) {
            found.push(name);
        }
    }
    found
}

/// The screensaver lock source as `soleus status` and `soleus doctor` both say it: which
/// services send `ActiveChanged`, or that none runs (then only logind or idle input show
/// a lock). One wording, so the two never disagree.
pub fn describe(owners: &[&str]) -> Result<String, String> {
    if owners.is_empty() {
        Err("no screensaver service on the session bus".to_owned())
    } else {
        Ok(format!("ActiveChanged of {}", owners.join(", ")))
    }
}

fn rule(interface: &'static str) -> zbus::Result<MatchRule<'static>> {
    MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(interface)
        .member("ActiveChanged")
        .build()
}

/// Subscribes to both interfaces' `ActiveChanged`; the stream is live when this returns.
pub async fn subscribe(
    bus: &zbus::Connection,
) -> zbus::Result<impl futures_lite::Stream<Item = zbus::Result<zbus::Message>> + use<>> {
    let freedesktop = MessageStream::for_match_rule(rule(INTERFACES[0])?, bus, None).await?;
    let gnome = MessageStream::for_match_rule(rule(INTERFACES[1])?, bus, None).await?;
    Ok(freedesktop.or(gnome))
}

/// Forwards lock and unlock until the bus connection ends.
pub async fn run(
    mut stream: impl futures_lite::Stream<Item = zbus::Result<zbus::Message>> + Unpin,
    tx: &UnboundedSender<Report>,
) -> String {
    while let Some(message) = stream.next().await {
        let Ok(message) = message else { continue };
        let Ok(active) = message.body().deserialize::<bool>() else {
            tracing::debug!("ActiveChanged with an unexpected body ignored");
            continue;
        };
        let at = Timestamp::now();
        let signal = if active {
            Signal::Locked { at }
        } else {
            Signal::Unlocked { at }
        };
        if tx.send(Report::Signal(signal)).is_err() {
            break;
        }
    }
    "the session bus connection ended".to_owned()
}
