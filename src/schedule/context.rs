//! Context policy: what a due reminder does while do-not-disturb is on, a window is
//! fullscreen or a call is going on (config `[context]`).
//!
//! - `hold`: the reminder that falls due is kept back. It is not spent (today's count of
//!   reminders does not move), it is not shown, so it cannot expire, and snoozes it already
//!   had are kept. When the last holding context ends, the rules run again: the catch-up
//!   is one ordinary reminder, shown at once if the user is still sitting in the active
//!   window. A hold that outlasts the active window ends the reminder as missed, as an
//!   unanswered one would.
//!
//!   A reminder already on screen when a hold begins is withdrawn: closed, and held as it
//!   is (same identity, same snoozes, no expiry); a snoozed one whose time comes under a
//!   hold is held the same way. When the hold ends it is released and shown again, once.
//!   The user who turns on do-not-disturb or starts presenting wants the screen clear,
//!   and a reminder left there would expire unseen, the one the hold was meant to keep.
//! - `quiet`: the reminder is shown, marked quiet (low urgency, no sound, a short text):
//!   a set under the desk disturbs no one. A reminder already on screen when a quiet
//!   context begins stays as it is: it has made its sound, and showing it again to make
//!   it quiet would draw the eye a second time; its next showing (after a snooze) is quiet.
//! - `remind`: the context is ignored.
//!
//! A hold beats quiet: with DND held and a call quiet, the reminder waits.
//!
//! Apart from the policy, the daemon may close a gate ([`super::Event::Checking`]) while it reads
//! the sources that have no signal: no reminder is shown until they answered, whatever
//! made it due (a deadline, the user coming back, a command, another context ending).

use jiff::Timestamp;

use super::{Action, Pause, Phase, Reminder, Scheduler, reminder_record, rules};
use crate::config::Policy;
use crate::context::Kind;
use crate::history::record::ReminderEvent;

/// The contexts reported on, and the reminder they keep back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Context {
    /// Since when each kind (indexed as [`Kind`]) is on; `None`: off.
    on: [Option<Timestamp>; 3],
    /// A new reminder fell due while held.
    held: Option<Held>,
    /// The daemon is reading the sources without a signal: nothing is shown meanwhile.
    checking: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Held {
    /// When it fell due (its identity in history, since it was never shown).
    since: Timestamp,
    /// End of the active window it fell due in: held past it, it is missed.
    window_end: Timestamp,
}

/// What `status` says about a hold: the kinds holding, and since when a reminder waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldView {
    pub by: Vec<Kind>,
    pub since: Timestamp,
}

impl Scheduler {
    /// `kind` turned on or off at `since`. A repeated "on" keeps the first time.
    pub(super) fn context_changed(&mut self, kind: Kind, on: bool, since: Timestamp) {
        let slot = &mut self.context.on[kind as usize];
        *slot = match (on, *slot) {
            (true, Some(first)) => Some(first),
            (true, None) => Some(since),
            (false, _) => None,
        };
    }

    /// The kinds on now whose policy is `hold`, in contract order.
    pub(super) fn holding_kinds(&self) -> Vec<Kind> {
        self.kinds_with(Policy::Hold)
    }

    /// Whether a reminder falling due now is kept back.
    pub(super) fn holding(&self) -> bool {
        !self.holding_kinds().is_empty()
    }

    /// The daemon closed (`true`) or opened the gate of [`super::Event::Checking`].
    pub(super) fn checking_changed(&mut self, under_way: bool) {
        self.context.checking = under_way;
    }

    /// Whether the open reminder, due again, may be shown now: the user is there, nothing
    /// holds it, and no check of the context is under way.
    pub(super) fn may_show(&self) -> bool {
        self.is_present() && !self.holding() && !self.context.checking
    }

    /// The open reminder `r` under a hold (the caller has dealt with expiry and the
    /// window's end): one on screen is withdrawn, a snoozed one whose time came is held,
    /// a held one is released when the hold ends and then waits, like a due snooze, until
    /// it may be shown. Pushes an action whenever it changes anything.
    pub(super) fn settle_held_reminder(
        &mut self,
        now: Timestamp,
        r: Reminder,
        out: &mut Vec<Action>,
    ) {
        let phase = match r.phase {
            Phase::Showing { .. } if self.holding() => {
                out.push(Action::Close);
                Phase::Held { since: now }
            }
            Phase::Snoozed { until } if until <= now && self.holding() => {
                Phase::Held { since: until }
            }
            Phase::Held { .. } if !self.holding() => {
                self.reminder = Some(Reminder {
                    phase: Phase::Snoozed { until: now },
                    ..r
                });
                out.push(reminder_record(now, r.id, ReminderEvent::Released));
                return;
            }
            _ => return,
        };
        self.reminder = Some(Reminder { phase, ..r });
        out.push(reminder_record(now, r.id, ReminderEvent::Held));
    }

    /// Whether a reminder shown now is shown quietly (a `quiet` context is on, and none
    /// holds it, or it would not be shown at all).
    pub(super) fn quiet(&self) -> bool {
        !self.kinds_with(Policy::Quiet).is_empty()
    }

    fn kinds_with(&self, policy: Policy) -> Vec<Kind> {
        Kind::ALL
            .into_iter()
            .filter(|k| {
                self.context.on[*k as usize].is_some() && self.config.context.policy(*k) == policy
            })
            .collect()
    }

    /// Handles the held reminder's life, when no reminder is open: it is held when it
    /// falls due under a hold, released when the hold ends (the rules then show the
    /// catch-up), missed when its window closes first, dropped by a pause. Pushes an
    /// action whenever it changes anything, and returns whether it did.
    pub(super) fn settle_hold(&mut self, now: Timestamp, out: &mut Vec<Action>) -> bool {
        match self.context.held {
            Some(h) if h.window_end <= now => {
                self.context.held = None;
                // It was the day's reminder, unanswered: it counts as one, like any missed.
                self.tally.reminders += 1;
                self.last_resolved = Some(h.window_end);
                out.push(reminder_record(
                    h.window_end,
                    h.since,
                    ReminderEvent::Missed,
                ));
            }
            // A pause declines what is pending, as it does an open reminder.
            Some(h) if self.pause != Pause::Off => {
                self.context.held = None;
                out.push(reminder_record(now, h.since, ReminderEvent::Skipped));
            }
            Some(h) if !self.holding() => {
                self.context.held = None;
                out.push(reminder_record(now, h.since, ReminderEvent::Released));
            }
            None if self.holding()
                && rules::next_allowed_without(self, now, rules::NOT_HELD)
                    .is_some_and(|t| t <= now) =>
            {
                self.context.held = Some(Held {
                    since: now,
                    // Rules only allow a reminder inside a window, so there is always an end.
                    window_end: self
                        .config
                        .schedule
                        .window
                        .end_of(now, &self.tz)
                        .unwrap_or(now),
                });
                out.push(reminder_record(now, now, ReminderEvent::Held));
            }
            _ => return false,
        }
        true
    }

    /// When the hold needs the scheduler again with no other event: when a reminder
    /// falls due under it (to be held), or when the held one's window closes.
    pub(super) fn hold_deadline(&self) -> Option<Timestamp> {
        match self.context.held {
            Some(h) => Some(h.window_end),
            None if self.holding() => rules::next_allowed_without(self, self.now, rules::NOT_HELD),
            None => None,
        }
    }

    /// The reminder kept back now, if any: a new one that fell due, or a snoozed one whose
    /// time came, under a hold.
    pub(super) fn held_view(&self, now: Timestamp) -> Option<HeldView> {
        let by = self.holding_kinds();
        let first = by
            .iter()
            .filter_map(|k| self.context.on[*k as usize])
            .min()?;
        let due = match (self.context.held, self.reminder.map(|r| r.phase)) {
            (Some(h), _) => h.since,
            (None, Some(Phase::Held { since })) => since,
            (None, Some(Phase::Snoozed { until })) if until <= now => until.max(first),
            _ => return None,
        };
        Some(HeldView { by, since: due })
    }
}

/// The rule: no new reminder while a `hold` context is on.
pub(super) fn not_held(s: &Scheduler, t: Timestamp) -> Option<Timestamp> {
    (!s.holding()).then_some(t)
}

/// The rule: no new reminder while the daemon reads the context (it says when it is done).
pub(super) fn context_checked(s: &Scheduler, t: Timestamp) -> Option<Timestamp> {
    (!s.context.checking).then_some(t)
}
