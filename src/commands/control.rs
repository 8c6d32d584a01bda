//! `soleus daemon | snooze | skip | start | pause | resume | stop`.

use jiff::SignedDuration;

use super::{CliError, out};
use crate::client::{self, ClientError};
use crate::daemon;
use crate::ipc::Request;
use crate::paths::Paths;

pub fn daemon(paths: &Paths) -> Result<(), CliError> {
    daemon::run(paths).map_err(|e| match e {
        daemon::DaemonError::Instance(
            e @ daemon::instance::InstanceError::AlreadyRunning { .. },
        ) => CliError::AlreadyRunning(e.to_string()),
        other => CliError::Other(other.to_string()),
    })
}

/// Sends a command; prints the daemon's answer.
pub fn command(paths: &Paths, request: &Request) -> Result<(), CliError> {
    let reply = client::send(&paths.socket(), request).map_err(client_error)?;
    let message = reply.message.unwrap_or_default();
    if reply.ok {
        out::line(message)
    } else {
        Err(CliError::Other(message))
    }
}

/// `soleus stop`: asks the daemon to stop, then waits until it has (its lock is free), so
/// that a `soleus daemon` right after it does not find the old one still running.
pub fn stop(paths: &Paths) -> Result<(), CliError> {
    let reply = client::send(&paths.socket(), &Request::Stop).map_err(client_error)?;
    let message = reply.message.unwrap_or_default();
    if !reply.ok {
        return Err(CliError::Other(message));
    }
    if !daemon_gone(&paths.daemon_lock(), STOP_WAIT) {
        return Err(CliError::Other(format!(
            "the daemon said it would stop, but it still holds {} after {} seconds",
            paths.daemon_lock().display(),
            STOP_WAIT.as_secs()
        )));
    }
    out::line(message)
}

/// How long `soleus stop` waits for the daemon to exit: longer than the daemon waits for the
/// notification server to close what it shows.
const STOP_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Waits, up to `wait`, for the daemon's lock to be released: the lock is held for the
/// daemon's whole life, so taking it is the signal that the process is gone.
fn daemon_gone(lock: &std::path::Path, wait: std::time::Duration) -> bool {
    let Ok(file) = std::fs::File::open(lock) else {
        return true; // no lock file: no daemon holds it
    };
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(file.lock().is_ok());
    });
    rx.recv_timeout(wait).unwrap_or(false)
}

pub fn seconds(d: Option<SignedDuration>) -> Option<i64> {
    d.map(|d| d.as_secs())
}

pub(super) fn client_error(e: ClientError) -> CliError {
    match e {
        ClientError::NotRunning => CliError::NotRunning(Some(e.to_string())),
        other @ ClientError::Broken { .. } => CliError::Other(other.to_string()),
    }
}
