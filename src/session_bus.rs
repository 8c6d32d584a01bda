//! The process's one connection to the session bus. The presence watches (the
//! screensaver's lock signal, GNOME's and KDE's idle monitors), the context watches
//! (do-not-disturb flags) and the tray item all live on it: each connection to the bus
//! costs the daemon its buffers and reader task for as long as it runs, so they share one
//! instead of opening their own (README, Performance).
//!
//! Each user asks for it when it starts or restarts its watch; a connection the bus closed
//! is replaced by a new one on the next ask, so every watch's own retry loop still works.

use tokio::sync::Mutex;

use crate::presence::CALL_TIMEOUT;

static SESSION: Mutex<Option<zbus::Connection>> = Mutex::const_new(None);

/// The session-bus connection, made on first use, and again once the bus closed the last.
/// Whoever serves objects or owns a name on it removes them when done: the connection
/// outlives any one user.
pub async fn session_bus() -> Result<zbus::Connection, String> {
    let mut shared = SESSION.lock().await;
    if let Some(connection) = shared.as_ref().filter(|c| !c.is_closed()) {
        return Ok(connection.clone());
    }
    let connection = zbus::connection::Builder::session()
        .method_timeout(CALL_TIMEOUT)
        .build()
        .await
        .map_err(|e| format!("no session bus: {e}"))?;
    *shared = Some(connection.clone());
    Ok(connection)
}
