//! Signals a session, a terminal or a script may send the daemon.
//!
//! Unhandled, most signals end a process on the spot, leaving its reminder on screen with
//! buttons nobody will answer. So every signal that would terminate it by default and that
//! anyone plausibly sends is caught: SIGHUP re-reads config.toml (what daemons do on a
//! hang-up), and SIGTERM, SIGINT, SIGUSR1, SIGUSR2 and SIGALRM stop it cleanly: the
//! notification closed, exit 0.

use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc::UnboundedSender;

use super::input::Input;

/// Signals that stop the daemon, and their names for the log.
const STOPS: [(SignalKind, &str); 5] = [
    (SignalKind::terminate(), "SIGTERM"),
    (SignalKind::interrupt(), "SIGINT"),
    (SignalKind::user_defined1(), "SIGUSR1"),
    (SignalKind::user_defined2(), "SIGUSR2"),
    (SignalKind::alarm(), "SIGALRM"),
];

/// Installs the handlers; each one's events arrive on `tx` as [`Input`]s.
pub fn spawn(tx: &UnboundedSender<Input>) {
    for (kind, name) in STOPS {
        let tx = tx.clone();
        match signal(kind) {
            Ok(mut stream) => {
                tokio::spawn(async move {
                    if stream.recv().await.is_some() {
                        let _ = tx.send(Input::Shutdown(name));
                    }
                });
            }
            Err(e) => tracing::warn!("cannot listen for {name}: {e}"),
        }
    }
    let tx = tx.clone();
    match signal(SignalKind::hangup()) {
        Ok(mut stream) => {
            tokio::spawn(async move {
                while stream.recv().await.is_some() {
                    tracing::info!("SIGHUP: reading config.toml again");
                    if tx.send(Input::ConfigTouched).is_err() {
                        break;
                    }
                }
            });
        }
        Err(e) => tracing::warn!("cannot listen for SIGHUP: {e}"),
    }
}
