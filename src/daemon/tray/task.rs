//! The tray's D-Bus task: serves the item and its menu on the session bus and registers
//! them with the tray host (`org.kde.StatusNotifierWatcher`) whenever one is there.
//!
//! With no host it waits on the bus's `NameOwnerChanged` for the watcher's name: no retry
//! loop, no timer. A host that appears (first, or restarted) gets the item registered
//! again. While a host watches, the item follows the loop's status (fed only when it
//! changed) and tells the host its tooltip changed once a minute while a countdown runs.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use futures_lite::StreamExt;
use jiff::Timestamp;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::{oneshot, watch};
use zbus::Connection;
use zbus::names::BusName;

use super::dbus::{ITEM_PATH, Item, MENU_PATH, Menu};
use crate::commands::status::format;
use crate::daemon::follow::{Latest, same};
use crate::daemon::input::Input;
use crate::ipc::{Request, StatusReport};
use crate::schedule::State;

pub const WATCHER: &str = "org.kde.StatusNotifierWatcher";

/// Runs until the owner drops its feed (tray disabled) or the bus goes; logs why it ended.
/// The item lives on the daemon's shared session-bus connection, so it is taken off it
/// (objects and name) at the end, as closing a connection of its own used to.
pub async fn run(
    latest: watch::Receiver<Latest>,
    tx: UnboundedSender<Input>,
    host: Arc<AtomicBool>,
) {
    // The name the StatusNotifierItem spec asks for: one per process and item.
    let name = format!("org.kde.StatusNotifierItem-{}-1", std::process::id());
    let served = match crate::shared_bus::session_bus().await {
        Ok(connection) => {
            let served = serve(&connection, &name, latest, tx, &host).await;
            withdraw(&connection, &name).await;
            served
        }
        Err(e) => Err(zbus::Error::Failure(e)),
    };
    if let Err(e) = served {
        tracing::warn!("tray: {e}; no tray icon until the daemon restarts");
    }
    host.store(false, Ordering::Relaxed);
}

/// Takes the item and its menu off the bus and gives up its name.
async fn withdraw(connection: &Connection, name: &str) {
    let server = connection.object_server();
    let _ = server.remove::<Item, _>(ITEM_PATH).await;
    let _ = server.remove::<Menu, _>(MENU_PATH).await;
    let _ = connection.release_name(name).await;
}

async fn serve(
    connection: &Connection,
    name: &str,
    mut latest: watch::Receiver<Latest>,
    tx: UnboundedSender<Input>,
    host: &AtomicBool,
) -> zbus::Result<()> {
    let report = Arc::new(StatusReport::not_running());
    let server = connection.object_server();
    server
        .at(
            ITEM_PATH,
            Item {
                report: Arc::clone(&report),
            },
        )
        .await?;
    server
        .at(
            MENU_PATH,
            Menu {
                report,
                revision: 1,
                clicks: tx.clone(),
            },
        )
        .await?;
    connection.request_name(name).await?;
    let bus = zbus::fdo::DBusProxy::new(connection).await?;
    let mut owners = bus
        .receive_name_owner_changed_with_args(&[(0, WATCHER)])
        .await?;
    let host_name = BusName::try_from(WATCHER)?;
    let mut shown: Option<Arc<StatusReport>> = None;
    let mut watched = bus.name_has_owner(host_name).await? && register(connection, name).await;
    loop {
        host.store(watched, Ordering::Relaxed);
        if watched && shown.is_none() {
            // A host just came: it gets the status now, not at the next change.
            if let Some(report) = ask(&tx).await {
                show(connection, &report).await;
                shown = Some(report);
            }
        }
        let redraw = shown
            .as_deref()
            .filter(|_| watched)
            .and_then(countdown)
            .map(|at| at.duration_since(Timestamp::now()).unsigned_abs());
        tokio::select! {
            changed = latest.changed() => {
                if changed.is_err() {
                    return Ok(());
                }
                let report = latest.borrow_and_update().clone();
                if let Some(report) = report.filter(|_| watched)
                    && shown.as_deref().is_none_or(|old| !same(old, &report))
                {
                    show(connection, &report).await;
                    shown = Some(report);
                }
            }
            signal = owners.next() => {
                let Some(signal) = signal else { return Ok(()) };
                let appeared = signal.args().is_ok_and(|a| a.new_owner().is_some());
                watched = appeared && register(connection, name).await;
                if !watched {
                    tracing::info!("tray: the tray host went; the item waits for the next one");
                }
                shown = None;
            }
            () = sleep(redraw) => {
                tooltip_changed(connection).await;
            }
        }
    }
}

/// Registers the item with the host; false (and a log line) when the host refuses.
async fn register(connection: &Connection, name: &str) -> bool {
    let call = connection
        .call_method(
            Some(WATCHER),
            "/StatusNotifierWatcher",
            Some(WATCHER),
            "RegisterStatusNotifierItem",
            &(name,),
        )
        .await;
    match call {
        Ok(_) => {
            tracing::info!("tray: item registered with the tray host");
            true
        }
        Err(e) => {
            tracing::warn!("tray: the tray host refused the item: {e}");
            false
        }
    }
}

/// The status now, from the loop, as a follower gets its first line.
async fn ask(tx: &UnboundedSender<Input>) -> Option<Arc<StatusReport>> {
    let (reply_tx, reply_rx) = oneshot::channel();
    tx.send(Input::Request(Request::Status, reply_tx)).ok()?;
    reply_rx.await.ok()?.status.map(Arc::new)
}

/// When the tooltip's countdown next changes: only while counting toward something soon
/// (sitting toward a reminder, a snooze, a set), at most once a minute.
fn countdown(r: &StatusReport) -> Option<Timestamp> {
    match r.state? {
        State::Sitting | State::Snoozed | State::InSet => format::redraw_at(r, Timestamp::now()),
        _ => None,
    }
}

async fn sleep(wait: Option<Duration>) {
    match wait {
        Some(wait) => tokio::time::sleep(wait).await,
        None => std::future::pending().await,
    }
}

/// Puts `report` in the item and the menu and tells the host what changed.
async fn show(connection: &Connection, report: &Arc<StatusReport>) {
    let server = connection.object_server();
    if let Ok(item) = server.interface::<_, Item>(ITEM_PATH).await {
        let old = std::mem::replace(&mut item.get_mut().await.report, Arc::clone(report));
        let emitter = item.signal_emitter();
        if old.state != report.state || old.sets_today != report.sets_today {
            let _ = Item::new_icon(emitter).await;
            let status = if super::look::needs_attention(report) {
                "NeedsAttention"
            } else {
                "Active"
            };
            let _ = Item::new_status(emitter, status).await;
        }
        let _ = Item::new_tool_tip(emitter).await;
    }
    if let Ok(menu) = server.interface::<_, Menu>(MENU_PATH).await {
        let mut m = menu.get_mut().await;
        let entries_change = m.report.state != report.state;
        m.report = Arc::clone(report);
        if entries_change {
            m.revision += 1;
            let revision = m.revision;
            drop(m);
            let _ = Menu::layout_updated(menu.signal_emitter(), revision, 0).await;
        }
    }
}

async fn tooltip_changed(connection: &Connection) {
    if let Ok(item) = connection
        .object_server()
        .interface::<_, Item>(ITEM_PATH)
        .await
    {
        let _ = Item::new_tool_tip(item.signal_emitter()).await;
    }
}
