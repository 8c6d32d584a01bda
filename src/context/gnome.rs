//! GNOME's do-not-disturb: the setting `org.gnome.desktop.notifications show-banners`,
//! false while DND is on. Read through the desktop's settings portal
//! (`org.freedesktop.portal.Settings`, served by xdg-desktop-portal from dconf), which also
//! signals each change (`SettingChanged`): no dconf library, no polling, and it works from
//! a sandbox too.

use futures_lite::StreamExt;
use tokio::sync::mpsc::UnboundedSender;
use zbus::OwnedVariant;
use zbus::proxy::CacheProperties;

use super::{ContextReport, Kind};

pub const SOURCE: &str = "gnome";
pub const BUS_NAME: &str = "org.freedesktop.portal.Desktop";
pub const PATH: &str = "/org/freedesktop/portal/desktop";
pub const INTERFACE: &str = "org.freedesktop.portal.Settings";
pub const NAMESPACE: &str = "org.gnome.desktop.notifications";
pub const KEY: &str = "show-banners";

pub fn describe() -> String {
    format!("{NAMESPACE} {KEY} through {INTERFACE}, SettingChanged")
}

/// A value as the portal sends it; `Read` (version 1) wraps it in one more variant.
fn banners_shown(value: &OwnedVariant) -> Option<bool> {
    if let Ok(b) = bool::try_from(value) {
        return Some(b);
    }
    let inner: &zbus::Variant<'_> = value.downcast_ref().ok()?;
    bool::try_from(inner).ok()
}

/// Whether DND is on now.
pub async fn read(proxy: &zbus::Proxy<'_>) -> Result<bool, String> {
    // ReadOne (portal version 2) returns the value itself; older portals have only Read.
    let value: OwnedVariant = match proxy.call("ReadOne", &(NAMESPACE, KEY)).await {
        Ok(v) => v,
        Err(_) => proxy.call("Read", &(NAMESPACE, KEY)).await.map_err(|e| {
            if super::flag::absent(&e) {
                format!("no settings portal ({BUS_NAME}) on the bus")
            } else {
                format!("{INTERFACE}.Read {NAMESPACE} {KEY}: {e}")
            }
        })?,
    };
    banners_shown(&value)
        .map(|shown| !shown)
        .ok_or_else(|| format!("{NAMESPACE} {KEY} is not a boolean"))
}

pub async fn connect(bus: &zbus::Connection) -> Result<zbus::Proxy<'static>, String> {
    crate::presence::proxy(bus, BUS_NAME, PATH, INTERFACE, CacheProperties::No)
        .await
        .map_err(|e| format!("{BUS_NAME}: {e}"))
}

/// Reports the setting, across portal restarts, until the bus fails; returns why.
pub async fn watch(bus: &zbus::Connection, tx: &UnboundedSender<ContextReport>) -> String {
    match follow(bus, tx).await {
        Ok(never) => match never {},
        Err(why) => why,
    }
}

async fn follow(
    bus: &zbus::Connection,
    tx: &UnboundedSender<ContextReport>,
) -> Result<std::convert::Infallible, String> {
    let proxy = connect(bus).await?;
    let fail = |e: zbus::Error| format!("{BUS_NAME}: {e}");
    // Subscribe first, so a change while reading is not lost.
    let mut changes = proxy
        .receive_signal_with_args("SettingChanged", &[(0, NAMESPACE), (1, KEY)])
        .await
        .map_err(fail)?;
    let mut owner = proxy.receive_owner_changed().await.map_err(fail)?;
    loop {
        let mut last = match read(&proxy).await {
            Ok(on) => on,
            // No portal (or one without this setting): wait for the next owner.
            Err(why) => {
                let _ = tx.send(ContextReport::source(SOURCE, Kind::Dnd, Err(why)));
                if owner.next().await.is_none() {
                    return Err(format!("{BUS_NAME}: the bus connection closed"));
                }
                continue;
            }
        };
        let _ = tx.send(ContextReport::source(SOURCE, Kind::Dnd, Ok(describe())));
        let _ = tx.send(ContextReport::reading(SOURCE, Kind::Dnd, last));
        loop {
            tokio::select! {
                message = changes.next() => {
                    let Some(message) = message else {
                        return Err(format!("{BUS_NAME}: the signal stream ended"));
                    };
                    let (_, _, value): (String, String, OwnedVariant) =
                        message.body().deserialize().map_err(fail)?;
                    let Some(shown) = banners_shown(&value) else { continue };
                    let on = !shown;
                    if on != last {
                        last = on;
                        let _ = tx.send(ContextReport::reading(SOURCE, Kind::Dnd, last));
                    }
                }
                new = owner.next() => {
                    if new.is_none() {
                        return Err(format!("{BUS_NAME}: the bus connection closed"));
                    }
                    // The portal restarted or left: its reading goes, the next one's comes.
                    let why = format!("{BUS_NAME} left or was replaced on the bus");
                    let _ = tx.send(ContextReport::source(SOURCE, Kind::Dnd, Err(why)));
                    break;
                }
            }
        }
    }
}
