//! A read-only view of the scheduler for `soleus status` and notifications.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

use super::{Pause, Phase, Presence, Scheduler, Tally, rules};
use crate::calendar::{local_date, start_of_day};
use crate::stats::streak::step;

/// The one word that says what soleus is doing (the `state` field of `status --json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Sitting,
    Away,
    Reminding,
    Snoozed,
    /// A due reminder is kept back by do-not-disturb, fullscreen or a call (`held_by`).
    Held,
    InSet,
    Paused,
    OffHours,
    DoneForToday,
}

impl State {
    /// Every state, in the order of the enum.
    pub const ALL: [Self; 9] = [
        Self::Sitting,
        Self::Away,
        Self::Reminding,
        Self::Snoozed,
        Self::Held,
        Self::InSet,
        Self::Paused,
        Self::OffHours,
        Self::DoneForToday,
    ];

    /// The state's name in `status --json` and waybar's `class`: [`State::words`] joined
    /// by underscores (a test holds the two, and serde's name, together).
    pub fn name(self) -> &'static str {
        match self {
            Self::InSet => "in_set",
            Self::OffHours => "off_hours",
            Self::DoneForToday => "done_for_today",
            other => other.words(),
        }
    }

    /// The state in words, for people (`status` without `--json`).
    pub fn words(self) -> &'static str {
        match self {
            Self::Sitting => "sitting",
            Self::Away => "away",
            Self::Reminding => "reminding",
            Self::Snoozed => "snoozed",
            Self::Held => "held",
            Self::InSet => "in set",
            Self::Paused => "paused",
            Self::OffHours => "off hours",
            Self::DoneForToday => "done for today",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub state: State,
    /// Continuous sitting now.
    pub sitting: SignedDuration,
    /// All sitting today.
    pub sitting_today: SignedDuration,
    pub next_reminder_at: Option<Timestamp>,
    pub snoozed_until: Option<Timestamp>,
    pub paused_until: Option<Timestamp>,
    pub today: Tally,
    /// Days in a row with sets, today's included once it has one, as `soleus stats`
    /// counts them.
    pub streak_days: u32,
    pub goal_sets: u8,
    /// When the open reminder was first shown (its identity; a snooze keeps it).
    pub reminder_shown_at: Option<Timestamp>,
    /// When the reminder on screen is closed and counted as missed.
    pub reminder_expires_at: Option<Timestamp>,
    /// When the guided set in progress ends.
    pub set_ends_at: Option<Timestamp>,
    /// Since when the user is away (idle, locked, suspended), while away.
    pub away_since: Option<Timestamp>,
    /// While held: the contexts holding the reminder back, in contract order.
    pub held_by: Vec<crate::context::Kind>,
    /// While held: since when the reminder has been due.
    pub held_since: Option<Timestamp>,
}

impl Scheduler {
    /// The state as of `now` (no later than the next deadline; nothing is changed).
    pub fn status(&self, now: Timestamp) -> Status {
        let now = now.max(self.now);
        let date = local_date(now, &self.tz);
        let today = self.tally_on(date);
        let days = self.config.schedule.window.days;
        let streak_days = step(self.streak_before(date), date, today.sets, date, days);
        let goal = self.config.schedule.sets_per_day;
        let snoozed_until = match self.reminder.map(|r| r.phase) {
            Some(Phase::Snoozed { until }) => Some(until),
            _ => None,
        };
        let paused_until = match self.pause {
            Pause::Until(t) if t > now => Some(t),
            _ => None,
        };
        let paused = paused_until.is_some() || self.pause == Pause::Indefinite;
        let held = self.held_view(now);
        let state = if self.set.is_some() {
            State::InSet
        } else if held.is_some() {
            State::Held
        } else if snoozed_until.is_some() {
            State::Snoozed
        } else if self.reminder.is_some() {
            State::Reminding
        } else if paused {
            State::Paused
        } else if today.sets >= u32::from(goal) {
            // The day's fact outranks where the user is: a bar shows "done" all evening.
            State::DoneForToday
        } else if self.presence != Presence::Present {
            State::Away
        } else if !self.config.schedule.window.contains(now, &self.tz) {
            State::OffHours
        } else {
            State::Sitting
        };
        // Sitting stops counting up when the user leaves: a short absence does not reset it,
        // but it is not sitting either, so it is shown as it stood when they left.
        let away_since = match self.presence {
            Presence::Away { since, .. } => Some(since.min(now)),
            Presence::Present => None,
        };
        let until = away_since.unwrap_or(now);
        let sitting = match self.sitting_since {
            Some(start) if self.sitting(now).is_positive() => {
                until.duration_since(start).max(SignedDuration::ZERO)
            }
            _ => SignedDuration::ZERO,
        };
        let current = match self.sitting_since {
            Some(start) if sitting.is_positive() => {
                let day_start = start_of_day(self.day, &self.tz).unwrap_or(start);
                until
                    .duration_since(start.max(day_start))
                    .max(SignedDuration::ZERO)
            }
            _ => SignedDuration::ZERO,
        };
        Status {
            state,
            sitting,
            sitting_today: self.sat_today + current,
            next_reminder_at: if self.reminder.is_none() && self.set.is_none() {
                rules::next_allowed_without(self, now, rules::CONTEXT_CHECKED)
            } else {
                None
            },
            snoozed_until,
            paused_until,
            today,
            streak_days,
            goal_sets: goal,
            reminder_shown_at: self.reminder.map(|r| r.id),
            reminder_expires_at: match self.reminder.map(|r| r.phase) {
                Some(Phase::Showing { expires }) => Some(expires),
                _ => None,
            },
            set_ends_at: self.set.map(|set| set.ends),
            away_since,
            held_since: held.as_ref().map(|h| h.since),
            held_by: held.map(|h| h.by).unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::State;

    #[test]
    fn a_state_has_one_name_in_json_in_words_and_for_bars() {
        for state in State::ALL {
            assert_eq!(serde_json::to_value(state).expect("json"), state.name());
            assert_eq!(state.words().replace(' ', "_"), state.name());
        }
    }
}
