//! The process's one connection to each bus. On the session bus: the presence watches
//! (the screensaver's lock signal, GNOME's and KDE's idle monitors), the context watches
//! (do-not-disturb flags) and the tray item. On the system bus: logind's sleep and lock
//! signals (presence) and its idle inhibitors (context). Each connection to a bus costs
//! the daemon its buffers and reader task for as long as it runs, so they share one
//! instead of opening their own (README, Performance).
//!
//! Each user asks for it when it starts or restarts its watch; a connection the bus closed
//! is replaced by a new one on the next ask, so every watch's own retry loop still works.

use tokio::sync::Mutex;

use crate::presence::CALL_TIMEOUT;

static SESSION: Mutex<Option<zbus::Connection>> = Mutex::const_new(None);
static SYSTEM: Mutex<Option<zbus::Connection>> = Mutex::const_new(None);

/// The session-bus connection, made on first use, and again once the bus closed the last.
/// Whoever serves objects or owns a name on it removes them when done: the connection
/// outlives any one user.
pub async fn session_bus() -> Result<zbus::Connection, String> {
    shared(
        &SESSION,
        zbus::connection::Builder::session(),
        "no session bus",
    )
    .await
}

/// The system-bus connection, shared the same way.
pub async fn system_bus() -> Result<zbus::Connection, String> {
    shared(
        &SYSTEM,
        zbus::connection::Builder::system(),
        "no system bus",
    )
    .await
}

/// The connection kept in `slot`, or a new one from `builder` in its place.
async fn shared(
    slot: &Mutex<Option<zbus::Connection>>,
    builder: zbus::connection::Builder<'static>,
    missing: &str,
) -> Result<zbus::Connection, String> {
    let mut shared = slot.lock().await;
    if let Some(connection) = shared.as_ref().filter(|c| !c.is_closed()) {
        return Ok(connection.clone());
    }
    let connection = builder
        .method_timeout(CALL_TIMEOUT)
        .build()
        .await
        .map_err(|e| format!("{missing}: {e}"))?;
    *shared = Some(connection.clone());
    Ok(connection)
}
