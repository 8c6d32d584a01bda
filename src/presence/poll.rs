//! Idle sources that can only be asked "how long since the last input?" (the X server,
//! KDE's `ScreenSaver` service) are polled, as rarely as the answer allows.
//!
//! While the user is active, the next question is asked exactly when they would cross the
//! idle threshold if no input came: at most once per threshold, never on a fixed tick. While
//! they are away, once per threshold, which bounds how late a return is noticed. Pure: the
//! reading and the time come in as arguments.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::Signal;

/// Turns idle-time readings into [`Signal`]s and says when to read again.
#[derive(Debug, Clone)]
pub struct Poller {
    threshold: Duration,
    /// The last state reported: `Some(true)` idle, `Some(false)` active.
    idle: Option<bool>,
    /// When the last input was, as of the previous reading.
    last_input: Option<Timestamp>,
}

/// Readings of the last input may differ by this much without any input in between
/// (the X server's clock and ours tick apart).
const JITTER: SignedDuration = SignedDuration::from_millis(500);

impl Poller {
    pub fn new(threshold: Duration) -> Self {
        Self {
            threshold,
            idle: None,
            last_input: None,
        }
    }

    /// Takes the idle time read at `now`; returns the signals to send (when the state
    /// changed) and how long to wait before the next reading.
    ///
    /// Input between two readings counts even when it was brief: someone who came back,
    /// touched the mouse and sat still again for a whole poll interval was still back.
    pub fn observe(&mut self, now: Timestamp, idle_for: Duration) -> (Vec<Signal>, Duration) {
        let last_input = super::ago(now, idle_for);
        let is_idle = idle_for >= self.threshold;
        let touched = self
            .last_input
            .is_some_and(|before| last_input.duration_since(before) > JITTER);
        self.last_input = Some(last_input);
        let mut signals = Vec::new();
        if self.idle == Some(true) && is_idle && touched {
            // Back and gone again between two readings.
            signals.push(Signal::Active { at: last_input });
            signals.push(Signal::Idle { since: last_input });
        } else if self.idle != Some(is_idle) {
            signals.push(if is_idle {
                Signal::Idle { since: last_input }
            } else {
                Signal::Active { at: last_input }
            });
        }
        self.idle = Some(is_idle);
        let wait = if is_idle {
            self.threshold
        } else {
            // A reading that does not advance must not turn into a tight loop.
            self.threshold
                .saturating_sub(idle_for)
                .max(self.threshold / 8)
        };
        (signals, wait)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Duration = Duration::from_secs(60);

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + s).expect("valid")
    }

    #[test]
    fn active_reads_again_when_the_threshold_would_be_crossed() {
        let mut p = Poller::new(T);
        assert_eq!(
            p.observe(at(100), Duration::from_secs(10)),
            (vec![Signal::Active { at: at(90) }], Duration::from_secs(50))
        );
        // Still active: nothing to say, read again when idle could reach the threshold.
        assert_eq!(
            p.observe(at(150), Duration::from_secs(20)),
            (vec![], Duration::from_secs(40))
        );
    }

    #[test]
    fn idle_is_reported_from_the_last_input_and_polled_per_threshold() {
        let mut p = Poller::new(T);
        p.observe(at(0), Duration::ZERO);
        assert_eq!(
            p.observe(at(60), Duration::from_secs(60)),
            (vec![Signal::Idle { since: at(0) }], T)
        );
        assert_eq!(p.observe(at(120), Duration::from_secs(120)), (vec![], T));
        assert_eq!(
            p.observe(at(180), Duration::from_secs(3)),
            (
                vec![Signal::Active { at: at(177) }],
                Duration::from_secs(57)
            )
        );
    }

    #[test]
    fn a_touch_between_two_readings_is_a_return() {
        let mut p = Poller::new(T);
        p.observe(at(0), Duration::ZERO);
        p.observe(at(60), Duration::from_secs(60));
        // Input at 100, then stillness past the next reading at 170.
        assert_eq!(
            p.observe(at(170), Duration::from_secs(70)),
            (
                vec![
                    Signal::Active { at: at(100) },
                    Signal::Idle { since: at(100) }
                ],
                T
            )
        );
        // No new input: nothing new.
        assert_eq!(p.observe(at(230), Duration::from_secs(130)), (vec![], T));
    }

    #[test]
    fn a_stuck_reading_does_not_spin() {
        let mut p = Poller::new(T);
        let (_, wait) = p.observe(at(0), T.saturating_sub(Duration::from_millis(1)));
        assert_eq!(wait, T / 8);
    }
}
