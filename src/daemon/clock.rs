//! The loop's view of time: both clocks read together, and a sleep measured on the wall
//! clock (wall time decides; the monotonic clock only tells a suspend from time awake).

use std::time::{Duration, Instant};

use jiff::Timestamp;

/// Both clocks, read together once per wake-up and passed down: wall time decides, the
/// monotonic clock tells a suspend from time awake.
#[derive(Debug, Clone, Copy)]
pub(super) struct Clock {
    pub mono: Instant,
    pub wall: Timestamp,
}

impl Clock {
    pub fn read() -> Self {
        Self {
            mono: Instant::now(),
            wall: Timestamp::now(),
        }
    }
}

/// Sleeps until `wake`, measured from `now` on the wall clock (wall time decides).
pub(super) async fn sleep_until(wake: Option<Timestamp>, now: Timestamp) {
    match wake {
        Some(at) => {
            let wait = Duration::try_from(at.duration_since(now)).unwrap_or(Duration::ZERO);
            tokio::time::sleep(wait).await;
        }
        None => std::future::pending().await,
    }
}
