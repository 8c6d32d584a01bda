//! A do-not-disturb flag kept by the notification server itself: one boolean property on
//! `/org/freedesktop/Notifications`, announced with `PropertiesChanged`. dunst and KDE
//! Plasma each keep one (see [`super::dunst`], [`super::kde`]); whichever server owns
//! the name is asked which it has. Nothing is polled: the property's change signal says
//! when DND turns on or off, and the bus says when the server is replaced.

use futures_lite::StreamExt;
use tokio::sync::mpsc::UnboundedSender;
use zbus::proxy::CacheProperties;

use super::{ContextReport, Kind};

pub const BUS_NAME: &str = "org.freedesktop.Notifications";
pub const PATH: &str = "/org/freedesktop/Notifications";
/// The name the view and doctor give the notification server when it has no flag.
pub const SOURCE: &str = "notification server";

/// A boolean property of the notification server that is `true` while notifications are
/// held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag {
    /// The source's name in reports (`dunst`, `kde`).
    pub source: &'static str,
    pub interface: &'static str,
    pub property: &'static str,
}

impl Flag {
    /// What is watched, for the view and doctor.
    pub fn describe(&self) -> String {
        format!(
            "{}.{} on {BUS_NAME}, PropertiesChanged",
            self.interface, self.property
        )
    }
}

/// A cached proxy: zbus subscribes to `PropertiesChanged` and keeps the value current.
async fn proxy(bus: &zbus::Connection, flag: Flag) -> zbus::Result<zbus::Proxy<'static>> {
    crate::presence::proxy(bus, BUS_NAME, PATH, flag.interface, CacheProperties::Yes).await
}

/// The first of `flags` the current server has, with its value now.
pub async fn detect(bus: &zbus::Connection, flags: &[Flag]) -> Result<(Flag, bool), String> {
    let mut why = Vec::new();
    for &flag in flags {
        let read = match proxy(bus, flag).await {
            Ok(p) => p.get_property::<bool>(flag.property).await,
            Err(e) => Err(e),
        };
        match read {
            Ok(on) => return Ok((flag, on)),
            Err(e) => why.push(format!("{}: {e}", flag.source)),
        }
    }
    Err(format!(
        "{BUS_NAME} keeps no do-not-disturb flag soleus reads ({})",
        why.join("; ")
    ))
}

/// Reports the server's flag until the bus connection fails; returns why it stopped. When
/// the server has no flag, or leaves, waits for the next one to own the name.
pub async fn watch_server(
    bus: &zbus::Connection,
    flags: &[Flag],
    tx: &UnboundedSender<ContextReport>,
) -> String {
    let Some(&first) = flags.first() else {
        return "no flag to watch".to_owned();
    };
    // The owner of the name, whatever it serves: its changes are what end each watch.
    // The stream ends with its proxy, so the proxy is kept for as long as the stream.
    // Uncached: a cached proxy fails to build when the owner has no such object.
    let name =
        match crate::presence::proxy(bus, BUS_NAME, PATH, first.interface, CacheProperties::No)
            .await
        {
            Ok(p) => p,
            Err(e) => return format!("{BUS_NAME}: {e}"),
        };
    let mut owner = match name.receive_owner_changed().await {
        Ok(s) => s,
        Err(e) => return format!("{BUS_NAME}: {e}"),
    };
    loop {
        match detect(bus, flags).await {
            Ok((flag, on)) => {
                let _ = tx.send(ContextReport::source(
                    flag.source,
                    Kind::Dnd,
                    Ok(flag.describe()),
                ));
                let _ = tx.send(ContextReport::reading(flag.source, Kind::Dnd, on));
                let why = match follow(bus, flag, on, &mut owner, tx).await {
                    Ok(why) | Err(why) => why,
                };
                // Its reading goes with it: a server that quit holds nothing back.
                if tx
                    .send(ContextReport::source(flag.source, Kind::Dnd, Err(why)))
                    .is_err()
                {
                    return "the daemon stopped".to_owned();
                }
            }
            Err(why) => {
                if tx
                    .send(ContextReport::source(SOURCE, Kind::Dnd, Err(why)))
                    .is_err()
                {
                    return "the daemon stopped".to_owned();
                }
                if owner.next().await.is_none() {
                    return format!("{BUS_NAME}: the bus connection closed");
                }
            }
        }
    }
}

/// Follows one server's flag until the name changes owner (`Ok`) or the watch fails.
async fn follow(
    bus: &zbus::Connection,
    flag: Flag,
    mut last: bool,
    owner: &mut zbus::proxy::OwnerChangedStream<'static>,
    tx: &UnboundedSender<ContextReport>,
) -> Result<String, String> {
    let fail = |e: zbus::Error| format!("{}: {e}", flag.source);
    let proxy = proxy(bus, flag).await.map_err(fail)?;
    let mut changes = proxy.receive_property_changed::<bool>(flag.property).await;
    // A change between `detect` and the subscription would otherwise be lost.
    let now = proxy
        .get_property::<bool>(flag.property)
        .await
        .map_err(fail)?;
    if now != last {
        last = now;
        let _ = tx.send(ContextReport::reading(flag.source, Kind::Dnd, now));
    }
    loop {
        tokio::select! {
            change = changes.next() => {
                let Some(change) = change else {
                    return Err(format!("{}: the change stream ended", flag.source));
                };
                let on = change.get().await.map_err(fail)?;
                if on != last {
                    last = on;
                    let _ = tx.send(ContextReport::reading(flag.source, Kind::Dnd, on));
                }
            }
            new = owner.next() => {
                return match new {
                    Some(_) => Ok(format!("{} left or was replaced on the bus", flag.source)),
                    None => Err(format!("{}: the bus connection closed", flag.source)),
                };
            }
        }
    }
}

/// Whether a call failed because nobody serves that name, object or method (the service
/// is not there), rather than because it failed.
pub fn absent(e: &zbus::Error) -> bool {
    let text = e.to_string();
    [
        "ServiceUnknown",
        "UnknownObject",
        "UnknownMethod",
        "UnknownInterface",
        "NameHasNoOwner",
    ]
    .iter()
    .any(|name| text.contains(name))
}
