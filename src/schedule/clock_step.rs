//! A wall clock stepped while the daemon runs. Time never runs backwards inside the
//! scheduler, so a clock set back an hour would hold every wait (and `status`'s sitting
//! time) for that hour. The instants that stand for elapsed time move with the clock, so
//! the same waits remain; those that name a time of day or an identity stay where they are.

use jiff::{SignedDuration, Timestamp};

use super::{GuidedSet, Phase, Presence, Reminder, Scheduler};

impl Scheduler {
    /// Moves the instants that measure elapsed time by `by`.
    pub(super) fn clock_stepped(&mut self, by: SignedDuration) {
        let shift = |t: Timestamp| t.checked_add(by).unwrap_or(t);
        self.now = shift(self.now);
        self.sitting_since = self.sitting_since.map(shift);
        self.last_resolved = self.last_resolved.map(shift);
        if let Presence::Away { since, state } = self.presence {
            self.presence = Presence::Away {
                since: shift(since),
                state,
            };
        }
        // The reminder's id names its history records, and its window ends at a time of
        // day: both stay.
        if let Some(r) = self.reminder {
            let phase = match r.phase {
                Phase::Showing { expires } => Phase::Showing {
                    expires: shift(expires),
                },
                Phase::Snoozed { until } => Phase::Snoozed {
                    until: shift(until),
                },
                // When it was held is what `status` says, not a wait.
                held @ Phase::Held { .. } => held,
            };
            self.reminder = Some(Reminder { phase, ..r });
        }
        if let Some(set) = self.set {
            self.set = Some(GuidedSet {
                started: shift(set.started),
                ends: shift(set.ends),
                reminder: set.reminder,
                confirm_by: set.confirm_by.map(shift),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use jiff::tz::TimeZone;

    use super::*;
    use crate::config::Config;
    use crate::schedule::{Action, Activity, Event};

    fn at(hm: &str) -> Timestamp {
        format!("2026-11-23T{hm}:00Z").parse().expect("timestamp")
    }

    fn seated() -> Scheduler {
        let cfg = Config::parse(
            Path::new("t.toml"),
            "[schedule]\nactive_hours = \"00:00-24:00\"\n",
        )
        .expect("valid")
        .0;
        let mut s = Scheduler::new(cfg, TimeZone::UTC, at("09:00"));
        s.on(
            at("09:00"),
            Event::Presence {
                state: Activity::Active,
                since: at("09:00"),
            },
        );
        s
    }

    /// 45 minutes of sitting after 09:00; at 09:30 the clock is set back an hour. The
    /// reminder still comes after 45 minutes of sitting (08:45 on the new clock), not an
    /// hour late, and the sitting time counts on.
    #[test]
    fn a_clock_set_back_keeps_the_wait_and_the_sitting_time() {
        let mut s = seated();
        s.on(at("09:30"), Event::Tick);
        let back = SignedDuration::from_hours(-1);
        s.on(at("08:30"), Event::ClockStepped { by: back });
        assert_eq!(s.next_deadline(), Some(at("08:45")));
        assert_eq!(s.status(at("08:40")).sitting.as_secs(), 40 * 60);
        let shown = s.on(at("08:45"), Event::Tick);
        assert!(
            shown.actions.iter().any(|a| matches!(a, Action::Show(_))),
            "{shown:?}"
        );
    }

    /// A snooze is a wait too: ten minutes stay ten minutes.
    #[test]
    fn a_snooze_lasts_its_length_across_a_clock_set_back() {
        let mut s = seated();
        s.on(at("09:45"), Event::Tick);
        s.on(at("09:46"), Event::Snooze(None));
        s.on(
            at("08:50"),
            Event::ClockStepped {
                by: SignedDuration::from_hours(-1),
            },
        );
        assert_eq!(s.next_deadline(), Some(at("08:56")));
    }
}
