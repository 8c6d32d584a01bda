//! The user's answers: start a guided set, done, skip, snooze, a closed notification, a set
//! logged from outside, pause and resume.
//!
//! One real set is one set whichever way it is confirmed: "Done" on the prompt, `soleus
//! done`, or `soleus log REPS` (which replaces the estimate, and closes what was open). A
//! guided set answers the reminder it was started from when it ends, not when it starts, so
//! `min_gap` counts from the end of the set.

use jiff::{SignedDuration, Timestamp};

use super::{Action, GuidedSet, Pause, Phase, Refusal, Scheduler, reminder_record};
use crate::calendar::local_date;
use crate::config::reps_in;
use crate::history::record::{
    PauseRecord, Record, ReminderEvent, ReminderRecord, ResumeRecord, SetOrigin, SetRecord,
};

/// The shortest guided set that counts when confirmed early. About ten reps at the usual
/// pace: less is a change of mind (or a slip of the mouse), not a set, and counting it would
/// let a few seconds meet the day's goal.
pub const MIN_SET: SignedDuration = SignedDuration::from_secs(60);

impl Scheduler {
    pub(super) fn start(&mut self, now: Timestamp, out: &mut Vec<Action>) -> Result<(), Refusal> {
        if self.set.is_some() {
            return Err(Refusal::AlreadyInSet);
        }
        // The reminder is answered when the set ends (done, skipped or unconfirmed).
        let reminder = self.reminder.take().map(|r| {
            if matches!(r.phase, Phase::Showing { .. }) {
                out.push(Action::Close);
            }
            r.id
        });
        let ends = now + self.config.exercise.set_length;
        self.set = Some(GuidedSet {
            started: now,
            ends,
            reminder,
            confirm_by: None,
        });
        out.push(Action::SetStarted {
            ends,
            reps: self.config.exercise.estimated_reps(),
        });
        Ok(())
    }

    pub(super) fn done(&mut self, now: Timestamp, out: &mut Vec<Action>) -> Result<(), Refusal> {
        let (started, length, origin) = if let Some(set) = self.set.take() {
            out.push(Action::Close);
            // Confirmed early, the set counts for the time it actually ran.
            let ran = now
                .duration_since(set.started)
                .min(self.config.exercise.set_length);
            if ran < MIN_SET {
                if let Some(id) = set.reminder {
                    self.answer(now, id, ReminderEvent::Skipped, out);
                }
                out.push(Action::SetTooShort { ran });
                return Ok(());
            }
            let origin = match set.reminder {
                Some(id) => {
                    self.answer(now, id, ReminderEvent::Done, out);
                    SetOrigin::Reminder
                }
                None => SetOrigin::Manual,
            };
            (set.started, ran, origin)
        } else if let Some(r) = self.reminder {
            self.resolve(now, r.id, ReminderEvent::Done, out);
            (now, self.config.exercise.set_length, SetOrigin::Reminder)
        } else {
            return Err(Refusal::NothingToConfirm);
        };
        let reps = reps_in(length, self.config.exercise.reps_per_minute);
        out.push(Action::Record(Record::Set(SetRecord {
            at: started,
            reps,
            duration_s: u32::try_from(length.as_secs()).unwrap_or(0),
            origin,
            id: None,
        })));
        self.count_set(started, reps, out);
        self.restart_sitting(now);
        Ok(())
    }

    pub(super) fn skip(&mut self, now: Timestamp, out: &mut Vec<Action>) -> Result<(), Refusal> {
        if self.end_open(now, ReminderEvent::Skipped, out) {
            Ok(())
        } else {
            Err(Refusal::NoReminder)
        }
    }

    /// Ends the guided set (answering the reminder it was started from with `event`), or
    /// else the open reminder with `event`; false when neither was open.
    fn end_open(&mut self, now: Timestamp, event: ReminderEvent, out: &mut Vec<Action>) -> bool {
        if let Some(set) = self.set.take() {
            out.push(Action::Close);
            if let Some(id) = set.reminder {
                self.answer(now, id, event, out);
            }
        } else if let Some(r) = self.reminder {
            self.resolve(now, r.id, event, out);
        } else {
            return false;
        }
        true
    }

    /// A snooze of a snoozed reminder extends it: the reminder comes back `duration` later
    /// than it would have. Each counts against `max_per_reminder`.
    pub(super) fn snooze(
        &mut self,
        now: Timestamp,
        duration: Option<SignedDuration>,
        out: &mut Vec<Action>,
    ) -> Result<(), Refusal> {
        let Some(mut r) = self.reminder else {
            return Err(Refusal::NoReminder);
        };
        if r.snoozes >= self.config.snooze.max_per_reminder {
            return Err(Refusal::SnoozeLimit(r.snoozes));
        }
        let by = duration.unwrap_or(self.config.snooze.duration);
        let until = match r.phase {
            Phase::Snoozed { until } => until.max(now) + by,
            Phase::Showing { .. } => {
                out.push(Action::Close);
                now + by
            }
            // Put off from now; if the hold is still on then, it is held again.
            Phase::Held { .. } => now + by,
        };
        r.snoozes += 1;
        r.phase = Phase::Snoozed { until };
        self.reminder = Some(r);
        out.push(Action::Record(Record::Reminder(ReminderRecord {
            at: now,
            reminder: r.id,
            event: ReminderEvent::Snoozed,
            until: Some(until),
        })));
        Ok(())
    }

    /// A close is the least committal answer: put the reminder off while that is still
    /// allowed, and decline it once snoozes are used up. Only a showing reminder can be
    /// closed; anything else is a late report about a notification already gone.
    pub(super) fn dismissed(
        &mut self,
        now: Timestamp,
        out: &mut Vec<Action>,
    ) -> Result<(), Refusal> {
        let Some(r) = self.reminder else {
            return Err(Refusal::NoReminder);
        };
        match r.phase {
            Phase::Snoozed { .. } => return Err(Refusal::AlreadySnoozed),
            Phase::Held { .. } => return Err(Refusal::Held),
            Phase::Showing { .. } => {}
        }
        if r.snoozes < self.config.snooze.max_per_reminder {
            self.snooze(now, None, out)
        } else {
            self.resolve(now, r.id, ReminderEvent::Skipped, out);
            Ok(())
        }
    }

    /// A set recorded from outside (`soleus log`, already in history) is the set: it answers
    /// the open reminder, or ends the guided set (running or asking to be confirmed) in its
    /// place, so the prompt's Done cannot add a second one.
    pub(super) fn set_logged(
        &mut self,
        now: Timestamp,
        at: Timestamp,
        reps: u32,
        duration: SignedDuration,
        out: &mut Vec<Action>,
    ) {
        // Checked: the request was range-checked, but the scheduler must not panic
        // whatever it is handed.
        let ended = at.checked_add(duration).unwrap_or(now);
        // Only a set still going when the reminder (or guided set) began answers it; one
        // back-filled for earlier (`soleus log --at`) was not done for it.
        let open_since = self.set.map(|s| s.started).or(self.reminder.map(|r| r.id));
        if open_since.is_some_and(|since| ended >= since) {
            self.end_open(now, ReminderEvent::Done, out);
        }
        self.count_set(at, reps, out);
        let end = ended.min(now);
        if self.sitting_since.is_some_and(|s| s < end) {
            self.restart_sitting(end);
        }
    }

    pub(super) fn pause(
        &mut self,
        now: Timestamp,
        until: Option<Timestamp>,
        out: &mut Vec<Action>,
    ) {
        if let Some(r) = self.reminder {
            self.resolve(now, r.id, ReminderEvent::Skipped, out);
        }
        self.pause = until.map_or(Pause::Indefinite, Pause::Until);
        out.push(Action::Record(Record::Pause(PauseRecord {
            at: now,
            until,
        })));
    }

    pub(super) fn resume(&mut self, now: Timestamp, out: &mut Vec<Action>) -> Result<(), Refusal> {
        if self.pause == Pause::Off {
            return Err(Refusal::NotPaused);
        }
        self.pause = Pause::Off;
        out.push(Action::Record(Record::Resume(ResumeRecord { at: now })));
        Ok(())
    }

    /// Records the answer to the reminder a guided set was started from, as the set ends.
    pub(super) fn answer(
        &mut self,
        at: Timestamp,
        id: Timestamp,
        event: ReminderEvent,
        out: &mut Vec<Action>,
    ) {
        self.last_resolved = Some(at);
        out.push(reminder_record(at, id, event));
    }

    /// Counts a set; the one that meets the day's goal is good news, told once a day.
    pub(super) fn count_set(&mut self, at: Timestamp, reps: u32, out: &mut Vec<Action>) {
        if local_date(at, &self.tz) != self.day {
            return;
        }
        self.tally.sets += 1;
        self.tally.reps = self.tally.reps.saturating_add(reps);
        let goal = u32::from(self.config.schedule.sets_per_day);
        let today = self.tally_on(self.day);
        if today.sets == goal && self.cheered != Some(self.day) {
            self.cheered = Some(self.day);
            out.push(Action::GoalReached {
                sets: today.sets,
                reps: today.reps,
            });
        }
    }

    /// A set breaks up sitting: continuous sitting starts again at `at`.
    pub(super) fn restart_sitting(&mut self, at: Timestamp) {
        if let Some(start) = self.sitting_since {
            self.close_session(start, at);
            self.sitting_since = Some(at);
        }
    }
}
