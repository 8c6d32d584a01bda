//! Sitting and presence: when continuous sitting starts, what a real break is, and how much
//! of today was spent sitting. Kept apart from the reminder logic, which only asks
//! `sitting` and `sitting_since`.

use jiff::{SignedDuration, Timestamp};

use super::{Action, Activity, Presence, Scheduler};
use crate::calendar::start_of_day;

impl Scheduler {
    pub(super) fn presence_changed(
        &mut self,
        state: Activity,
        since: Timestamp,
        out: &mut Vec<Action>,
    ) {
        match (self.presence, state) {
            (Presence::Present, Activity::Active) => {}
            (Presence::Present, away) => {
                self.presence = Presence::Away { since, state: away };
            }
            // Idle then locked, say: the absence began with the first.
            (
                Presence::Away { since: first, .. },
                away @ (Activity::Idle | Activity::Locked | Activity::Suspended),
            ) => {
                self.presence = Presence::Away {
                    since: first.min(since),
                    state: away,
                };
            }
            (
                Presence::Away {
                    since: left,
                    state: how,
                },
                Activity::Active,
            ) => {
                self.presence = Presence::Present;
                let back = since.max(left);
                match self.sitting_since {
                    None => self.sitting_since = Some(back),
                    Some(start)
                        if back.duration_since(left) >= self.config.schedule.break_after_idle =>
                    {
                        self.close_session(start, left);
                        self.sitting_since = Some(back);
                        out.push(Action::Break {
                            since: left,
                            until: back,
                            state: how,
                        });
                    }
                    Some(_) => {}
                }
            }
        }
    }

    /// Adds a finished sitting session to today's total.
    pub(super) fn close_session(&mut self, start: Timestamp, end: Timestamp) {
        let day_start = start_of_day(self.day, &self.tz).unwrap_or(start);
        let counted = end.duration_since(start.max(day_start));
        if counted.is_positive() {
            self.sat_today += counted;
        }
    }

    /// Continuous sitting at `now` (short absences included, as they do not reset it).
    pub(super) fn sitting(&self, now: Timestamp) -> SignedDuration {
        match (self.sitting_since, self.presence) {
            (Some(start), Presence::Present) => now.duration_since(start),
            (Some(start), Presence::Away { since, .. })
                if now.duration_since(since) < self.config.schedule.break_after_idle =>
            {
                now.duration_since(start)
            }
            _ => SignedDuration::ZERO,
        }
    }
}
