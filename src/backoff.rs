//! Waiting longer after each failure: one type for every reconnect and retry loop (the
//! idle source, logind, the screensaver, the notification server), so they all back off
//! the same way and a fix to the policy lands everywhere at once.

use std::time::Duration;

/// Doubling waits from `first` up to `max`; [`Backoff::reset`] after a success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    first: Duration,
    max: Duration,
    next: Duration,
}

impl Backoff {
    pub const fn new(first: Duration, max: Duration) -> Self {
        Self {
            first,
            max,
            next: first,
        }
    }

    /// The wait before the next attempt; the one after it is twice as long, up to `max`.
    pub fn next_wait(&mut self) -> Duration {
        let wait = self.next;
        self.next = (self.next * 2).min(self.max);
        wait
    }

    /// After a success, the next failure waits `first` again.
    pub fn reset(&mut self) {
        self.next = self.first;
    }

    /// Resets when what failed had run longer than `max` (a source that worked for a
    /// while and then stopped is a new failure, not the same one again).
    pub fn reset_if_ran(&mut self, ran: Duration) {
        if ran > self.max {
            self.reset();
        }
    }

    /// Whether a wait has been handed out since the last reset.
    pub fn is_backing_off(&self) -> bool {
        self.next != self.first
    }
}

/// Sleeps the next wait of `backoff` (the async loops' common step).
pub async fn sleep(backoff: &mut Backoff) {
    tokio::time::sleep(backoff.next_wait()).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_the_cap_and_reset_starts_over() {
        let mut b = Backoff::new(Duration::from_secs(5), Duration::from_secs(30));
        let waits: Vec<u64> = (0..5).map(|_| b.next_wait().as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 30, 30]);
        assert!(b.is_backing_off());
        b.reset();
        assert!(!b.is_backing_off());
        assert_eq!(b.next_wait(), Duration::from_secs(5));
    }

    #[test]
    fn a_long_run_resets_a_short_one_does_not() {
        let mut b = Backoff::new(Duration::from_secs(10), Duration::from_secs(600));
        b.next_wait();
        b.next_wait();
        b.reset_if_ran(Duration::from_secs(60));
        assert_eq!(b.next_wait(), Duration::from_secs(40));
        b.reset_if_ran(Duration::from_secs(601));
        assert_eq!(b.next_wait(), Duration::from_secs(10));
    }
}
