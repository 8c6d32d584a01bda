//! What the scheduler decides: the shells perform these.

use jiff::{SignedDuration, Timestamp};

use super::event::Activity;
use crate::history::record::Record;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Show the reminder (first showing, or again after a snooze).
    Show(ReminderView),
    /// Close whatever soleus notification is open (reminder or set).
    Close,
    /// A guided set began; it ends at `ends`.
    SetStarted { ends: Timestamp, reps: u32 },
    /// The guided set's time is up: ask the user to confirm it.
    SetFinished { reps: u32 },
    /// The user came back from a real break: continuous sitting starts again.
    Break {
        since: Timestamp,
        until: Timestamp,
        state: Activity,
    },
    /// Append to history.
    Record(Record),
    /// The set just counted met the day's goal (once a day): good news to tell.
    GoalReached { sets: u32, reps: u32 },
    /// A guided set confirmed before [`super::MIN_SET`]: ended, and not counted.
    SetTooShort { ran: SignedDuration },
}

/// Everything a notification needs to say about a reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderView {
    /// When the reminder was first shown: its identity.
    pub id: Timestamp,
    /// 1-based count of today's reminders.
    pub number: u8,
    /// The day's goal of sets.
    pub of: u8,
    /// Times it has been snoozed so far (0 on first showing).
    pub snoozes: u8,
    pub can_snooze: bool,
    pub snooze_for: SignedDuration,
    /// Continuous sitting so far.
    pub sitting: SignedDuration,
    pub sets_today: u32,
    pub set_length: SignedDuration,
    pub estimated_reps: u32,
    /// The meal this reminder follows, when it falls in a post-meal window: the prompt
    /// says why now.
    pub after_meal: Option<Timestamp>,
    /// A `quiet` context is on (a call, say): low urgency, no sound, a short text saying
    /// the set can be done under the desk now.
    pub quiet: bool,
}
