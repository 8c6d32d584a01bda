//! The CLI side of the control socket.

use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use crate::ipc::{Reply, Request};

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error(
        "soleus is not running: start it with `soleus daemon` (or enable it at login with `soleus autostart enable`)"
    )]
    NotRunning,
    #[error("the daemon did not answer properly on {path}: {detail}")]
    Broken { path: String, detail: String },
}

/// How long the CLI waits for the daemon: it answers in milliseconds when it is well.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A socket error as the user should read it: a timeout shows up as "Resource temporarily
/// unavailable" (EAGAIN), which says nothing about what happened.
fn in_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut => format!(
            "no answer within {} seconds; the daemon may be stuck (its log says more; \
             restarting it helps)",
            TIMEOUT.as_secs()
        ),
        _ => e.to_string(),
    }
}

/// Sends one request and waits (up to [`TIMEOUT`]) for the reply.
pub fn send(socket: &Path, request: &Request) -> Result<Reply, ClientError> {
    let broken = |detail: String| broken(socket, detail);
    let stream = open(socket, request)?;
    let mut reply = String::new();
    BufReader::new(&stream)
        .read_line(&mut reply)
        .map_err(|e| broken(in_words(&e)))?;
    serde_json::from_str(&reply).map_err(|e| broken(format!("{e} in {reply:?}")))
}

/// Sends `status --follow`'s request and hands back the connection, its replies to read
/// (without a read timeout: the daemon writes only when something changes).
pub fn follow(socket: &Path) -> Result<UnixStream, ClientError> {
    let stream = open(socket, &Request::Follow)?;
    stream
        .set_read_timeout(None)
        .map_err(|e| broken(socket, e.to_string()))?;
    Ok(stream)
}

fn broken(socket: &Path, detail: String) -> ClientError {
    ClientError::Broken {
        path: socket.display().to_string(),
        detail,
    }
}

/// Connects and writes `request`.
fn open(socket: &Path, request: &Request) -> Result<UnixStream, ClientError> {
    let broken = |detail: String| broken(socket, detail);
    let stream = UnixStream::connect(socket).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound | std::io::ErrorKind::ConnectionRefused => {
            ClientError::NotRunning
        }
        _ => broken(e.to_string()),
    })?;
    // Someone else's process on our socket path (a folder they made, a socket swapped in)
    // could feed us fake answers: talk only to a daemon running as us.
    let peer = rustix::net::sockopt::socket_peercred(&stream)
        .map_err(|e| broken(format!("cannot identify the daemon: {e}")))?
        .uid
        .as_raw();
    let me = rustix::process::geteuid().as_raw();
    if peer != me {
        return Err(broken(format!(
            "it is served by uid {peer}, not by you (uid {me}); refusing to talk to it"
        )));
    }
    let timeout = Some(TIMEOUT);
    stream
        .set_read_timeout(timeout)
        .map_err(|e| broken(e.to_string()))?;
    stream
        .set_write_timeout(timeout)
        .map_err(|e| broken(e.to_string()))?;
    let mut line = serde_json::to_string(request).map_err(|e| broken(e.to_string()))?;
    line.push('\n');
    (&stream)
        .write_all(line.as_bytes())
        .map_err(|e| broken(in_words(&e)))?;
    Ok(stream)
}
