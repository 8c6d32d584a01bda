//! `soleus status --follow`: the loop publishes the latest status, followers get a line per
//! change.
//!
//! The loop owns a [`Publisher`]: after each wake-up it offers the status, and the
//! publisher keeps it only when something a reader sees changed (the sitting counters
//! tick on every wake-up, so they alone are not a change). The status is built only while
//! someone follows, so a daemon nobody follows does no extra work. Each follower's
//! connection task waits on the [`watch`] channel: nothing polls, and a slow or gone
//! follower never holds up the loop (a watch keeps only the latest value).

use std::sync::Arc;

use tokio::io::AsyncWriteExt;
use tokio::net::unix::OwnedWriteHalf;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::{oneshot, watch};

use super::input::Input;
use crate::ipc::{Reply, Request, StatusReport};

/// The latest status the loop published, `None` before the first one.
pub type Latest = Option<Arc<StatusReport>>;

/// The loop's side: publishes a status version when it changed.
#[derive(Debug, Default)]
pub struct Publisher {
    tx: watch::Sender<Latest>,
}

impl Publisher {
    /// What the server subscribes followers with.
    pub fn followers(&self) -> watch::Sender<Latest> {
        self.tx.clone()
    }

    /// Whether anyone follows: the loop builds the status only then.
    pub fn wanted(&self) -> bool {
        self.tx.receiver_count() > 0
    }

    /// Publishes `report` if a reader would see a change; says whether it did.
    pub fn offer(&self, report: &Arc<StatusReport>) -> bool {
        self.tx.send_if_modified(|latest| {
            if latest.as_deref().is_some_and(|old| same(old, report)) {
                return false;
            }
            *latest = Some(Arc::clone(report));
            true
        })
    }
}

/// Whether two reports say the same thing to a reader: all but the sitting counters,
/// which grow on every wake-up (a bar computes countdowns from the deadlines).
pub fn same(a: &StatusReport, b: &StatusReport) -> bool {
    let strip = |r: &StatusReport| StatusReport {
        sitting_seconds: 0,
        sitting_today_seconds: 0,
        ..r.clone()
    };
    strip(a) == strip(b)
}

/// Followers served at once. Each holds a connection (a file descriptor) for as long as it
/// runs; a bar has one or two. More are refused, with a reply that says so.
pub const MAX_FOLLOWERS: usize = 64;

/// Takes over a connection that asked to follow: refused past [`MAX_FOLLOWERS`], or served
/// in a task of its own, outside the server's count of short requests, whose oldest it
/// evicts under a flood.
pub async fn start(
    mut write: OwnedWriteHalf,
    tx: UnboundedSender<Input>,
    followers: &watch::Sender<Latest>,
) {
    if followers.receiver_count() >= MAX_FOLLOWERS {
        let refusal = Reply::error(format!(
            "too many followers ({MAX_FOLLOWERS}); stop one of the running `status --follow`"
        ));
        send(&mut write, &refusal).await;
        return;
    }
    // Subscribed before the first status is asked for, so no change in between is lost.
    let latest = followers.subscribe();
    tokio::spawn(async move { serve(write, &tx, latest).await });
}

/// Serves one follower until it goes or the daemon stops: the status now, then one line
/// per published change.
async fn serve(
    mut write: OwnedWriteHalf,
    tx: &UnboundedSender<Input>,
    mut latest: watch::Receiver<Latest>,
) {
    let (reply_tx, reply_rx) = oneshot::channel();
    if tx.send(Input::Request(Request::Status, reply_tx)).is_err() {
        return;
    }
    let Ok(first) = reply_rx.await else { return };
    let Some(mut shown) = first.status.clone() else {
        return;
    };
    if !send(&mut write, &first).await {
        return;
    }
    loop {
        tokio::select! {
            changed = latest.changed() => {
                if changed.is_err() {
                    return;
                }
                let Some(report) = latest.borrow_and_update().clone() else { continue };
                if same(&report, &shown) {
                    continue;
                }
                shown = (*report).clone();
                let reply = Reply { ok: true, message: None, status: Some(shown.clone()) };
                if !send(&mut write, &reply).await {
                    return;
                }
            }
            () = closed(&write) => return,
        }
    }
}

/// Writes one reply line; false once the follower is gone.
async fn send(write: &mut OwnedWriteHalf, reply: &Reply) -> bool {
    let Ok(mut line) = serde_json::to_string(reply) else {
        return false;
    };
    line.push('\n');
    write.write_all(line.as_bytes()).await.is_ok()
}

/// Resolves when the follower hangs up (its end reads as closed), so a follower that goes
/// between two changes does not keep a task until the next one.
async fn closed(write: &OwnedWriteHalf) {
    let stream = write.as_ref();
    let mut buf = [0u8; 64];
    loop {
        if stream.readable().await.is_err() {
            return;
        }
        match stream.try_read(&mut buf) {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Ok(0) | Err(_) => return,
            Ok(_) => {} // a follower has nothing more to say: ignored
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::State;

    #[test]
    fn only_a_change_a_reader_sees_is_published() {
        let publisher = Publisher::default();
        assert!(!publisher.wanted());
        let mut rx = publisher.followers().subscribe();
        assert!(publisher.wanted());
        let mut report = StatusReport::not_running();
        report.state = Some(State::Sitting);
        assert!(publisher.offer(&Arc::new(report.clone())));
        assert!(rx.has_changed().expect("open"));
        rx.mark_unchanged();
        report.sitting_seconds += 60;
        assert!(!publisher.offer(&Arc::new(report.clone())));
        assert!(!rx.has_changed().expect("open"));
        report.state = Some(State::Snoozed);
        assert!(publisher.offer(&Arc::new(report)));
        assert!(rx.has_changed().expect("open"));
        drop(rx);
        assert!(!publisher.wanted());
    }
}
