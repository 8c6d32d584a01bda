//! Suspend seen from the clocks: the monotonic clock stops while the machine sleeps and the
//! wall clock does not, so after any wake-up a wall-clock advance well beyond the monotonic
//! one is time spent asleep. This catches a suspend even where no sleep source (logind)
//! said anything. Pure: both readings come in as arguments.

use std::time::Instant;

use jiff::{SignedDuration, Timestamp};

use super::Signal;

/// Differences below this are clock noise (NTP slewing, a slow wake-up), not sleep.
const NOISE: SignedDuration = SignedDuration::from_secs(5);

/// The last pair of clock readings.
#[derive(Debug, Clone, Copy)]
pub struct ClockWatch {
    mono: Instant,
    wall: Timestamp,
}

impl ClockWatch {
    pub fn new(mono: Instant, wall: Timestamp) -> Self {
        Self { mono, wall }
    }

    /// Reads both clocks again; returns the sleep that happened since the last reading, if
    /// any. Its start is an estimate: the time awake is put before the sleep, which is
    /// right when the wake-up itself is what woke the caller.
    pub fn check(&mut self, mono: Instant, wall: Timestamp) -> Option<Signal> {
        match self.jump(mono, wall)? {
            Jump::Slept(gap) => Some(gap),
            Jump::SteppedBack(_) => None,
        }
    }

    /// Like [`Self::check`], and also tells a wall clock set back (by hand, or by a first
    /// NTP sync after booting with a clock that ran ahead): the wall clock advanced less
    /// than the monotonic one. Sleep cannot explain that, so it is the clock that moved.
    pub fn jump(&mut self, mono: Instant, wall: Timestamp) -> Option<Jump> {
        let awake = SignedDuration::try_from(mono.saturating_duration_since(self.mono))
            .unwrap_or(SignedDuration::MAX);
        let passed = wall.duration_since(self.wall);
        let previous = self.wall;
        self.mono = mono;
        self.wall = wall;
        // Slewing drifts up to 0.05%: allow for it on long waits.
        let noise = NOISE + awake / 1000;
        let asleep = passed.checked_sub(awake)?;
        if asleep > noise {
            return Some(Jump::Slept(Signal::Gap {
                from: previous.checked_add(awake).unwrap_or(previous),
                to: wall,
            }));
        }
        (-asleep > noise).then_some(Jump::SteppedBack(-asleep))
    }
}

/// What the clocks say happened between two readings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Jump {
    /// The machine slept (the wall clock ran on, the monotonic one stood still).
    Slept(Signal),
    /// The wall clock was set back by this much.
    SteppedBack(SignedDuration),
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn wall(s: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + s).expect("valid")
    }

    #[test]
    fn clocks_that_agree_report_nothing() {
        let start = Instant::now();
        let mut w = ClockWatch::new(start, wall(0));
        assert_eq!(w.check(start + Duration::from_secs(60), wall(60)), None);
        // Two seconds of slew in an hour is noise.
        assert_eq!(w.check(start + Duration::from_secs(3660), wall(3662)), None);
    }

    #[test]
    fn a_wall_clock_jump_is_a_suspend_after_the_time_awake() {
        let start = Instant::now();
        let mut w = ClockWatch::new(start, wall(0));
        assert_eq!(
            w.check(start + Duration::from_secs(30), wall(7230)),
            Some(Signal::Gap {
                from: wall(30),
                to: wall(7230)
            })
        );
        // The next check starts from the new readings.
        assert_eq!(w.check(start + Duration::from_secs(40), wall(7240)), None);
    }

    #[test]
    fn a_clock_set_back_is_not_a_suspend_but_a_step() {
        let start = Instant::now();
        let mut w = ClockWatch::new(start, wall(1000));
        assert_eq!(w.check(start + Duration::from_secs(10), wall(0)), None);
        let mut w = ClockWatch::new(start, wall(3600));
        assert_eq!(
            w.jump(start + Duration::from_secs(60), wall(60)),
            Some(Jump::SteppedBack(SignedDuration::from_secs(3600)))
        );
        // Slew is not a step.
        assert_eq!(w.jump(start + Duration::from_secs(120), wall(118)), None);
    }
}
