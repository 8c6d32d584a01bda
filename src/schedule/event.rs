//! What the scheduler is told: presence changes and the user's answers.

use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// What the activity sources say about the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activity {
    Active,
    Idle,
    Locked,
    Suspended,
}

impl Activity {
    pub const NAMES: [&str; 4] = ["active", "idle", "locked", "suspended"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| [Self::Active, Self::Idle, Self::Locked, Self::Suspended][i])
    }
}

/// An input to [`super::Scheduler::on`].
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Nothing happened; time passed (a deadline came).
    Tick,
    /// The user is in `state` since `since` (which may be earlier than now: an idle source
    /// knows when input stopped).
    Presence {
        state: Activity,
        since: Timestamp,
    },
    /// Start a guided set (answers the open reminder, if any).
    Start,
    /// Put the open reminder off, for the configured duration unless given.
    Snooze(Option<SignedDuration>),
    /// The set is done: answers the open reminder or finishes the guided set.
    Done,
    /// Decline the open reminder or abandon the guided set.
    Skip,
    /// The user closed the reminder's notification without choosing an action: a snooze
    /// while snoozes remain, then a skip (README, "Closing a reminder").
    Dismissed,
    /// A set was logged from outside (the CLI), already recorded in history.
    SetLogged {
        at: Timestamp,
        reps: u32,
        duration: SignedDuration,
    },
    /// A logged set was taken back (`soleus log --undo`).
    SetUndone {
        at: Timestamp,
        reps: u32,
    },
    /// Other devices sharing a sync folder recorded `sets` sets of `reps` reps in all on
    /// `day` (their total, not an increment): they count toward the day's goal here too.
    SetsElsewhere {
        day: jiff::civil::Date,
        sets: u32,
        reps: u32,
    },
    /// A meal was logged (`soleus meal`, already in history): a set soon after it helps.
    Meal {
        at: Timestamp,
    },
    /// A logged meal was taken back (`soleus meal --undo`).
    MealUndone {
        at: Timestamp,
    },
    /// No reminders until `until`, or until resumed.
    Pause {
        until: Option<Timestamp>,
    },
    Resume,
    /// Do-not-disturb, a fullscreen window or a call (`kind`) turned on or off at `since`;
    /// config `[context]` says what that does to reminders.
    Context {
        kind: crate::context::Kind,
        on: bool,
        since: Timestamp,
    },
    /// The daemon began (`true`) or finished reading the context sources that have no
    /// signal (microphone, camera, mako): meanwhile no reminder is shown, so one that
    /// falls due as the user comes back, or as do-not-disturb ends, waits for the answer
    /// like one falling due on a deadline.
    Checking(bool),
    /// The wall clock was stepped by `by` (negative: set back) while the daemon ran:
    /// waits measured in elapsed time (sitting, snoozes, `min_gap`) move with it.
    ClockStepped {
        by: SignedDuration,
    },
}

impl Event {
    /// Whether it takes effect before deadlines due at the same instant: a change of
    /// presence or context (see [`super::Scheduler::on`]).
    pub(super) fn before_deadlines(&self) -> bool {
        matches!(
            self,
            Self::Presence { .. } | Self::Context { .. } | Self::Checking(_)
        )
    }
}

/// Why the scheduler declined a user command. Messages are for the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("no reminder is open; to hold reminders for a while use `soleus pause 1h`")]
    NoReminder,
    #[error("no reminder or guided set is open; to record a set use `soleus log REPS`")]
    NothingToConfirm,
    #[error(
        "this reminder was already snoozed {0} times, the most allowed ([snooze] max_per_reminder)"
    )]
    SnoozeLimit(u8),
    #[error("the reminder is already snoozed")]
    AlreadySnoozed,
    #[error("the reminder is held back: not a moment to interrupt")]
    Held,
    #[error("a guided set is already running")]
    AlreadyInSet,
    #[error("reminders are not paused")]
    NotPaused,
}
