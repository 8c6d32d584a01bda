//! GNOME's do-not-disturb: the setting `org.gnome.desktop.notifications show-banners`,
//! false while DND is on. Read through the desktop's settings portal
//! (`org.freedesktop.portal.Settings`, served by xdg-desktop-portal from dconf), which also
//! signals each change (`SettingChanged`): no dconf library, no polling, and it works from
//! a sandbox too.

use tokio::sync::mpsc::UnboundedSender;
use zbus::OwnedVariant;
use zbus::proxy::CacheProperties;

use super::{ContextReport, Kind, signalled};

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
    let proxy = match connect(bus).await {
        Ok(p) => p,
        Err(e) => return e,
    };
    let args = [NAMESPACE, KEY];
    let rule = match signalled::rule(BUS_NAME, PATH, INTERFACE, Some("SettingChanged"), &args) {
        Ok(rule) => rule,
        Err(e) => return e.to_string(),
    };
    let read = || read(&proxy);
    let source = signalled::Source {
        name: SOURCE,
        kind: Kind::Dnd,
        what: &describe(),
    };
    signalled::watch(bus, source, &proxy, rule, read, tx).await
}
