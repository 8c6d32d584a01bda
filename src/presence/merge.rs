//! Many sources, one presence: idle input, a locked screen and sleep, merged into the
//! [`Event::Presence`] changes the scheduler understands.
//!
//! Pure: signals in, events out. The sources disagree in harmless ways (the screen locks
//! while input is already idle; the machine sleeps while locked), so the rule is a
//! precedence: asleep beats locked, locked beats idle, idle beats active. An absence starts
//! at its first cause, and the scheduler keeps the earliest start of a run of away states.

use jiff::Timestamp;

use super::Signal;
use crate::schedule::{Activity, Event};

/// The merged view of every presence source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merger {
    idle_since: Option<Timestamp>,
    locked_at: Option<Timestamp>,
    asleep_at: Option<Timestamp>,
    /// What the scheduler was last told.
    reported: Activity,
}

impl Merger {
    /// Starts present: a daemon starts when a session does, with someone at the desk.
    pub fn new() -> Self {
        Self {
            idle_since: None,
            locked_at: None,
            asleep_at: None,
            reported: Activity::Active,
        }
    }

    /// The merged state and since when (`None` since for active: it has no start).
    pub fn current(&self) -> (Activity, Option<Timestamp>) {
        if let Some(at) = self.asleep_at {
            (Activity::Suspended, Some(at))
        } else if let Some(at) = self.locked_at {
            (Activity::Locked, Some(at))
        } else if let Some(since) = self.idle_since {
            (Activity::Idle, Some(since))
        } else {
            (Activity::Active, None)
        }
    }

    /// Takes one signal; returns the presence events to give the scheduler, in order.
    pub fn apply(&mut self, signal: Signal) -> Vec<Event> {
        let at = match signal {
            Signal::Idle { since } => {
                self.idle_since = Some(self.idle_since.map_or(since, |s| s.min(since)));
                since
            }
            Signal::Active { at } => {
                self.idle_since = None;
                at
            }
            Signal::Locked { at } => {
                self.locked_at.get_or_insert(at);
                at
            }
            Signal::Unlocked { at } => {
                self.locked_at = None;
                at
            }
            Signal::Sleeping { at } => {
                self.asleep_at.get_or_insert(at);
                at
            }
            Signal::Woke { at } => {
                self.asleep_at = None;
                at
            }
            Signal::IdleUnknown { at } => {
                // A lost source says nothing: better present than away forever.
                self.idle_since = None;
                at
            }
            Signal::Gap { from, to } => {
                // Asleep and nobody said so: suspended over the gap, then as before.
                let mut events = vec![Event::Presence {
                    state: Activity::Suspended,
                    since: from,
                }];
                self.reported = Activity::Suspended;
                events.extend(self.report(to));
                return events;
            }
        };
        self.report(at)
    }

    fn report(&mut self, at: Timestamp) -> Vec<Event> {
        let (state, since) = self.current();
        if state == self.reported {
            return Vec::new();
        }
        self.reported = state;
        vec![Event::Presence {
            state,
            since: since.unwrap_or(at),
        }]
    }
}

impl Default for Merger {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(min: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + min * 60).expect("valid")
    }

    fn presence(state: Activity, since: Timestamp) -> Event {
        Event::Presence { state, since }
    }

    #[test]
    fn idle_then_active_reports_both_with_their_times() {
        let mut m = Merger::new();
        assert_eq!(
            m.apply(Signal::Idle { since: t(1) }),
            [presence(Activity::Idle, t(1))]
        );
        assert_eq!(
            m.apply(Signal::Active { at: t(9) }),
            [presence(Activity::Active, t(9))]
        );
        assert_eq!(m.apply(Signal::Active { at: t(10) }), []);
    }

    #[test]
    fn lock_beats_idle_and_unlock_falls_back_to_idle() {
        let mut m = Merger::new();
        m.apply(Signal::Idle { since: t(1) });
        assert_eq!(
            m.apply(Signal::Locked { at: t(3) }),
            [presence(Activity::Locked, t(3))]
        );
        // Unlocked but no input yet: still idle, since the idle start.
        assert_eq!(
            m.apply(Signal::Unlocked { at: t(20) }),
            [presence(Activity::Idle, t(1))]
        );
        assert_eq!(
            m.apply(Signal::Active { at: t(21) }),
            [presence(Activity::Active, t(21))]
        );
    }

    #[test]
    fn sleep_beats_lock_and_waking_locked_stays_away() {
        let mut m = Merger::new();
        m.apply(Signal::Locked { at: t(1) });
        assert_eq!(
            m.apply(Signal::Sleeping { at: t(2) }),
            [presence(Activity::Suspended, t(2))]
        );
        assert_eq!(
            m.apply(Signal::Woke { at: t(60) }),
            [presence(Activity::Locked, t(1))]
        );
        assert_eq!(
            m.apply(Signal::Unlocked { at: t(61) }),
            [presence(Activity::Active, t(61))]
        );
    }

    #[test]
    fn a_repeated_lock_keeps_the_first_time() {
        let mut m = Merger::new();
        m.apply(Signal::Locked { at: t(1) });
        assert_eq!(m.apply(Signal::Locked { at: t(5) }), []);
        assert_eq!(m.current(), (Activity::Locked, Some(t(1))));
    }

    #[test]
    fn a_clock_gap_is_a_suspend_then_the_state_before() {
        let mut m = Merger::new();
        assert_eq!(
            m.apply(Signal::Gap {
                from: t(10),
                to: t(130)
            }),
            [
                presence(Activity::Suspended, t(10)),
                presence(Activity::Active, t(130))
            ]
        );
        m.apply(Signal::Locked { at: t(131) });
        assert_eq!(
            m.apply(Signal::Gap {
                from: t(140),
                to: t(200)
            }),
            [
                presence(Activity::Suspended, t(140)),
                presence(Activity::Locked, t(131))
            ]
        );
    }

    #[test]
    fn a_lost_source_counts_as_present() {
        let mut m = Merger::new();
        m.apply(Signal::Idle { since: t(1) });
        assert_eq!(
            m.apply(Signal::IdleUnknown { at: t(4) }),
            [presence(Activity::Active, t(4))]
        );
    }
}
