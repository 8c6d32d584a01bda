//! Sway Notification Center's (swaync) do-not-disturb: `GetDnd` on its `org.erikreider.swaync.cc`
//! interface. swaync announces every change of its state (DND among it) with a signal
//! whose name and arguments changed across versions (`Subscribe` with two or three
//! arguments, `SubscribeV2`...), so any signal of that interface is taken as "ask again".

use tokio::sync::mpsc::UnboundedSender;
use zbus::proxy::CacheProperties;

use super::{ContextReport, Kind, signalled};

pub const SOURCE: &str = "swaync";
pub const BUS_NAME: &str = "org.erikreider.swaync.cc";
pub const PATH: &str = "/org/erikreider/swaync/cc";
pub const INTERFACE: &str = "org.erikreider.swaync.cc";

pub fn describe() -> String {
    format!("{INTERFACE}.GetDnd, on its signals")
}

pub async fn connect(bus: &zbus::Connection) -> Result<zbus::Proxy<'static>, String> {
    crate::presence::proxy(bus, BUS_NAME, PATH, INTERFACE, CacheProperties::No)
        .await
        .map_err(|e| format!("{BUS_NAME}: {e}"))
}

/// Whether DND is on now.
pub async fn read(proxy: &zbus::Proxy<'_>) -> Result<bool, String> {
    proxy.call("GetDnd", &()).await.map_err(|e| {
        if super::flag::absent(&e) {
            format!("swaync is not running (no {BUS_NAME} on the bus)")
        } else {
            format!("{INTERFACE}.GetDnd: {e}")
        }
    })
}

/// Reports swaync's DND, across its restarts, until the bus fails; returns why.
pub async fn watch(bus: &zbus::Connection, tx: &UnboundedSender<ContextReport>) -> String {
    let proxy = match connect(bus).await {
        Ok(p) => p,
        Err(e) => return e,
    };
    // Every signal: their names and arguments differ between versions.
    let rule = match signalled::rule(BUS_NAME, PATH, INTERFACE, None, &[]) {
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
