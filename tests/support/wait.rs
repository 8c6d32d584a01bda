//! Waiting, the two ways tests do it. What announces itself is awaited, never slept on: a
//! child's readiness line (dbus-daemon its address, Xvfb its display, soleus "ready"), a
//! call a test service records. What has no signal to wait on (a field of `soleus status`,
//! a record in the history, a socket that appears, a bus match rule) is checked again and
//! again until it holds or time is up.

use std::io::{BufRead, BufReader};
use std::process::Child;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedReceiver;

/// How often a condition is checked: quick enough not to slow the tests down, slow enough
/// that checking `soleus status` (a process each time) leaves the machine to the daemon.
const EVERY: Duration = Duration::from_millis(50);

/// Checks `ready` until it gives a value, for at most `secs`; `None` if it never did.
pub async fn within<T>(secs: u64, mut ready: impl AsyncFnMut() -> Option<T>) -> Option<T> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        if let Some(value) = ready().await {
            return Some(value);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(EVERY).await;
    }
}

/// The first line `child` writes to its piped stdout, the readiness signal of the programs
/// that have one; `what` names it in the failure.
pub fn first_line(child: &mut Child, what: &str) -> String {
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout is piped"))
        .read_line(&mut line)
        .unwrap_or_else(|e| panic!("no {what}: {e}"));
    line
}

/// The next item from `rx` that `wanted` accepts, skipping the others, within `secs`;
/// `None` if none came.
pub async fn next_matching<T>(
    rx: &mut UnboundedReceiver<T>,
    secs: u64,
    wanted: impl Fn(&T) -> bool,
) -> Option<T> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    loop {
        match tokio::time::timeout_at(deadline, rx.recv()).await {
            Ok(Some(item)) if wanted(&item) => return Some(item),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => return None,
        }
    }
}
