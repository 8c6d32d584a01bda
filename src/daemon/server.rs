//! The control socket: newline-delimited JSON, one request per connection.
//!
//! Only the same user may talk to it (the socket is 0600 in a 0700 folder, and the peer's
//! uid is checked). A request is read with a size limit and a timeout; anything that is
//! not a request gets an error reply and never reaches the daemon's state.
//!
//! A local flood of connections that never send anything must not starve a real request.
//! Held open, they once used up the daemon's file descriptors (1,024 in a usual session):
//! new connections then waited in the kernel's queue until the held ones timed out. So at
//! most [`MAX_CONNECTIONS`] are served at once, and a new one evicts the oldest: a soleus
//! client sends its request at once and is answered in milliseconds, so the oldest
//! connection is the idle one. A `follow` request (`status --follow`) keeps its
//! connection: it leaves that count for [`super::follow`], which caps followers on its own,
//! so a flood never evicts a status bar's follower.

use std::collections::VecDeque;
use std::fs;
use std::io;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::{oneshot, watch};
use tokio::task::AbortHandle;

use super::follow::{self, Latest};
use super::input::Input;
use crate::ipc::{MAX_REQUEST, Reply, Request};

const READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections served at once; more evict the oldest.
const MAX_CONNECTIONS: usize = 64;

/// Binds the socket (replacing a stale one: the caller holds the instance lock) and serves
/// it in the background.
pub fn start(
    path: &Path,
    uid: u32,
    tx: UnboundedSender<Input>,
    followers: watch::Sender<Latest>,
) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let listener = UnixListener::bind(path)?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))?;
    tokio::spawn(async move {
        let mut open: VecDeque<AbortHandle> = VecDeque::with_capacity(MAX_CONNECTIONS);
        loop {
            match listener.accept().await {
                Ok((stream, _)) => {
                    open.retain(|task| !task.is_finished());
                    if open.len() >= MAX_CONNECTIONS
                        && let Some(oldest) = open.pop_front()
                    {
                        tracing::debug!("control socket: too many connections, closing the oldest");
                        oldest.abort();
                    }
                    let task = serve(stream, uid, tx.clone(), followers.clone());
                    open.push_back(tokio::spawn(task).abort_handle());
                }
                Err(e) => {
                    tracing::warn!("control socket: accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    });
    Ok(())
}

/// Removes the socket of a daemon that stops (gone already is fine).
pub fn remove(path: &Path) {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            tracing::warn!("control socket: could not remove {}: {e}", path.display());
        }
        _ => {}
    }
}

async fn serve(
    stream: UnixStream,
    uid: u32,
    tx: UnboundedSender<Input>,
    followers: watch::Sender<Latest>,
) {
    let reply = match stream.peer_cred() {
        Ok(cred) if cred.uid() == uid => None,
        Ok(cred) => Some(Reply::error(format!(
            "refused: uid {} is not the owner of this daemon",
            cred.uid()
        ))),
        Err(e) => Some(Reply::error(format!(
            "refused: cannot identify the caller: {e}"
        ))),
    };
    let (read, mut write) = stream.into_split();
    let (reply, then) = match reply {
        Some(refusal) => (refusal, Then::Close),
        None => answer(read, &tx).await,
    };
    if then == Then::Follow {
        return follow::start(write, tx, &followers).await;
    }
    if let Ok(mut line) = serde_json::to_string(&reply) {
        line.push('\n');
        let _ = write.write_all(line.as_bytes()).await;
    }
    // `soleus stop` gets its answer before the daemon goes: the shutdown is asked for only
    // once the reply is written.
    if then == Then::Stop && reply.ok {
        let _ = tx.send(Input::Shutdown("soleus stop"));
    }
}

/// What the connection does once the reply is written.
#[derive(Debug, PartialEq, Eq)]
enum Then {
    Close,
    /// Close, then ask the daemon to stop (`soleus stop`).
    Stop,
    /// Keep the connection and push the status on each change (`status --follow`).
    Follow,
}

/// Reads one request and gets the loop's reply, and says what comes after it.
async fn answer(
    read: tokio::net::unix::OwnedReadHalf,
    tx: &UnboundedSender<Input>,
) -> (Reply, Then) {
    let mut reader = BufReader::new(read).take(MAX_REQUEST as u64 + 1);
    let mut line = Vec::new();
    match tokio::time::timeout(READ_TIMEOUT, reader.read_until(b'\n', &mut line)).await {
        Err(_) => return refused("timed out waiting for a request line"),
        Ok(Err(e)) => return refused(format!("could not read the request: {e}")),
        Ok(Ok(_)) => {}
    }
    if line.len() > MAX_REQUEST {
        return refused(format!("request longer than {MAX_REQUEST} bytes"));
    }
    let request: Request = match serde_json::from_slice(&line) {
        Ok(r) => r,
        Err(e) => return refused(format!("not a soleus request: {e}")),
    };
    let then = match request {
        Request::Stop => Then::Stop,
        Request::Follow => return (Reply::ok("following"), Then::Follow),
        _ => Then::Close,
    };
    let (reply_tx, reply_rx) = oneshot::channel();
    if tx.send(Input::Request(request, reply_tx)).is_err() {
        return refused("the daemon is shutting down");
    }
    let reply = reply_rx
        .await
        .unwrap_or_else(|_| Reply::error("the daemon is shutting down"));
    (reply, then)
}

fn refused(message: impl Into<String>) -> (Reply, Then) {
    (Reply::error(message), Then::Close)
}
