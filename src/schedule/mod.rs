//! The scheduler: a pure state machine deciding when to remind.
//!
//! Time and events come in as values ([`Scheduler::on`]); decisions go out as [`Action`]s;
//! [`Scheduler::next_deadline`] says when to call again if nothing happens. There is no
//! clock, IO or async inside, so a year of behaviour runs in milliseconds (`soleus
//! simulate`) and tests drive it instant by instant. The behaviour it implements (README,
//! "How soleus decides when to remind"):
//!
//! - a reminder needs `sit_before_reminder` of continuous sitting, the user present, active
//!   hours on an active day, `min_gap` since the previous reminder was resolved, and fewer
//!   than `sets_per_day` reminders and sets today (see [`rules`]);
//! - being away (idle, locked, suspended) for `break_after_idle` or more resets continuous
//!   sitting, and so does a finished set; shorter absences do not;
//! - a snooze re-shows the same reminder later, at most `max_per_reminder` times; a skip, an
//!   expired reminder or a pause uses the reminder up.

pub mod action;
mod answers;
mod clock_step;
mod context;
pub mod event;
pub mod meals;
pub mod rules;
mod sitting;
pub mod status;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

pub use action::{Action, ReminderView};
pub use answers::MIN_SET;
pub use context::HeldView;
pub use event::{Activity, Event, Refusal};
pub use meals::{KEEP as MEALS_KEPT, MEAL_SETTLE};
pub use status::{State, Status};

use crate::calendar::local_date;
use crate::config::Config;
use crate::history::record::{
    PauseRecord, Record, ReminderEvent, ReminderRecord, UnconfirmedSetRecord,
};

/// Counts for one local day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Reminders first shown.
    pub reminders: u32,
    pub sets: u32,
    pub reps: u32,
}

/// What [`Scheduler::on`] produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    pub actions: Vec<Action>,
    /// Set when the event was a user command that does not apply now. Deadline actions
    /// are still in `actions`.
    pub refused: Option<Refusal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Presence {
    Present,
    Away { since: Timestamp, state: Activity },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pause {
    Off,
    Until(Timestamp),
    Indefinite,
}

/// The open reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reminder {
    id: Timestamp,
    /// End of the active window it was first shown in: a snoozed reminder does not outlive
    /// it (it is not carried into the evening or the next day).
    window_end: Timestamp,
    number: u8,
    snoozes: u8,
    phase: Phase,
    /// The meal it follows, if first shown in a post-meal window.
    after_meal: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Showing {
        expires: Timestamp,
    },
    Snoozed {
        until: Timestamp,
    },
    /// Off screen because a `hold` context came on while it was shown or came due again
    /// (see [`context`]): its expiry does not run and its snoozes are kept.
    Held {
        since: Timestamp,
    },
}

/// A guided set in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct GuidedSet {
    started: Timestamp,
    ends: Timestamp,
    /// The reminder it answers, if it was started from one.
    reminder: Option<Timestamp>,
    /// Once the time is up: when the unanswered "set complete" prompt lapses.
    confirm_by: Option<Timestamp>,
}

#[derive(Debug, Clone)]
pub struct Scheduler {
    config: Config,
    tz: TimeZone,
    /// The latest instant seen; time never runs backwards inside.
    now: Timestamp,
    presence: Presence,
    /// Start of continuous sitting; `None` before any activity and during a real break.
    sitting_since: Option<Timestamp>,
    /// Sitting today in sessions already closed by a break.
    sat_today: SignedDuration,
    day: Date,
    tally: Tally,
    /// Days in a row with sets up to the day before `day` (see [`crate::stats::streak`]):
    /// with `tally`, the current streak. Carried from day to day here; read from the whole
    /// history only as the daemon starts.
    streak: u32,
    /// Sets other devices recorded today (a sync folder; [`Event::SetsElsewhere`]): they
    /// count toward the day's goal, not as this machine's reminders.
    elsewhere: Tally,
    reminder: Option<Reminder>,
    set: Option<GuidedSet>,
    /// When the previous reminder was answered or expired.
    last_resolved: Option<Timestamp>,
    pause: Pause,
    /// The day the goal was met and said so: the good news comes once a day.
    cheered: Option<Date>,
    /// Meals logged lately, in order (see [`meals`]).
    meals: Vec<Timestamp>,
    /// Do-not-disturb, fullscreen, calls, and the reminder they hold ([`context`]).
    context: context::Context,
}

impl Scheduler {
    /// A scheduler that has seen no activity yet; the user counts as away until the first
    /// [`Event::Presence`] with [`Activity::Active`].
    pub fn new(config: Config, tz: TimeZone, now: Timestamp) -> Self {
        Self {
            day: local_date(now, &tz),
            config,
            tz,
            now,
            presence: Presence::Away {
                since: now,
                state: Activity::Suspended,
            },
            sitting_since: None,
            sat_today: SignedDuration::ZERO,
            tally: Tally::default(),
            streak: 0,
            elsewhere: Tally::default(),
            reminder: None,
            set: None,
            last_resolved: None,
            pause: Pause::Off,
            cheered: None,
            meals: Vec::new(),
            context: context::Context::default(),
        }
    }

    /// Carries on a day already under way (after a restart): today's counts, and when the
    /// last reminder was resolved, as read from history.
    pub fn resume_day(&mut self, today: Tally, last_resolved: Option<Timestamp>) {
        self.tally = today;
        self.last_resolved = last_resolved;
        if today.sets >= u32::from(self.config.schedule.sets_per_day) {
            self.cheered = Some(self.day);
        }
    }

    /// Carries on the days in a row with sets before today, as read from history.
    pub fn resume_streak(&mut self, run_before_today: u32) {
        self.streak = run_before_today;
    }

    /// Carries on the meals logged lately, as read from history, so a restart does not
    /// lose a post-meal window.
    pub fn resume_meals(&mut self, meals: impl IntoIterator<Item = Timestamp>) {
        for at in meals {
            self.meal_logged(at);
        }
        self.forget_old_meals(self.now);
    }

    /// Carries on a pause a previous daemon recorded (see
    /// [`crate::history::record::pause_in_force`]); nothing is recorded again.
    pub fn resume_pause(&mut self, pause: &PauseRecord) {
        self.pause = pause.until.map_or(Pause::Indefinite, Pause::Until);
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// Applies new settings; an open reminder keeps its identity.
    pub fn reconfigure(&mut self, now: Timestamp, config: Config) -> Outcome {
        self.config = config;
        self.on(now, Event::Tick)
    }

    /// Feeds one event at `now`, then handles whatever is due.
    ///
    /// A presence or context change takes effect before deadlines due at the same instant
    /// (a user leaving at 10:30, or turning on do-not-disturb then, sees no reminder due at
    /// 10:30); a command comes after them (a reminder that expired at that instant can no
    /// longer be snoozed).
    pub fn on(&mut self, now: Timestamp, event: Event) -> Outcome {
        if let Event::ClockStepped { by } = event {
            self.clock_stepped(by);
        }
        let now = now.max(self.now);
        self.now = now;
        self.roll_day(now);
        let mut out = Vec::new();
        if !event.before_deadlines() {
            self.settle(now, &mut out);
        }
        let refused = self.apply(now, event, &mut out).err();
        self.settle(now, &mut out);
        Outcome {
            actions: out,
            refused,
        }
    }

    /// When to call [`Scheduler::on`] with [`Event::Tick`] if no other event comes first.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        if let Some(set) = self.set {
            return Some(set.confirm_by.unwrap_or(set.ends));
        }
        match self.reminder.map(|r| r.phase) {
            Some(Phase::Showing { expires }) => Some(expires),
            // A due re-showing waits for the user to come back, until its window closes.
            Some(Phase::Snoozed { until }) => self.reminder.map(|r| {
                if until < r.window_end && (until > self.now || self.may_show()) {
                    until
                } else {
                    r.window_end
                }
            }),
            // Released by an event; only its window's end needs a deadline.
            Some(Phase::Held { .. }) => self.reminder.map(|r| r.window_end),
            None => self
                .hold_deadline()
                .or_else(|| rules::next_allowed(self, self.now)),
        }
    }

    fn is_present(&self) -> bool {
        self.presence == Presence::Present
    }

    /// The day's counts: this machine's reminders, and the sets done on any device.
    fn tally_on(&self, date: Date) -> Tally {
        if date == self.day {
            Tally {
                reminders: self.tally.reminders,
                sets: self.tally.sets.saturating_add(self.elsewhere.sets),
                reps: self.tally.reps.saturating_add(self.elsewhere.reps),
            }
        } else {
            Tally::default()
        }
    }

    /// The run of days with sets before `date`, from the one before `day` and `day`'s sets.
    fn streak_before(&self, date: Date) -> u32 {
        crate::stats::streak::carry(
            self.streak,
            self.day,
            self.tally.sets.saturating_add(self.elsewhere.sets),
            date,
            self.config.schedule.window.days,
        )
    }

    fn roll_day(&mut self, now: Timestamp) {
        let today = local_date(now, &self.tz);
        if today != self.day {
            self.streak = self.streak_before(today);
            self.day = today;
            self.tally = Tally::default();
            self.elsewhere = Tally::default();
            self.sat_today = SignedDuration::ZERO;
            self.forget_old_meals(now);
        }
    }

    /// Handles everything due at `now`, in order, until nothing is (a caller that wakes
    /// late may find a set finished and its confirmation lapsed at once).
    fn settle(&mut self, now: Timestamp, out: &mut Vec<Action>) {
        // Every step either changes state or ends the loop; the bound is a guard only.
        for _ in 0..16 {
            let before = out.len();
            self.settle_once(now, out);
            if out.len() == before {
                break;
            }
        }
    }

    /// One step of [`Self::settle`]; pushes at least one action when it changes anything.
    fn settle_once(&mut self, now: Timestamp, out: &mut Vec<Action>) {
        if let Pause::Until(until) = self.pause
            && until <= now
        {
            self.pause = Pause::Off;
        }
        if let Some(set) = self.set {
            match set.confirm_by {
                None if set.ends <= now => {
                    let confirm_by = set.ends + self.config.notifications.expire_after;
                    self.set = Some(GuidedSet {
                        confirm_by: Some(confirm_by),
                        ..set
                    });
                    out.push(Action::SetFinished {
                        reps: self.config.exercise.estimated_reps(),
                    });
                }
                Some(by) if by <= now => {
                    self.set = None;
                    out.push(Action::Close);
                    match set.reminder {
                        Some(id) => self.answer(by, id, ReminderEvent::Unconfirmed, out),
                        None => out.push(Action::Record(Record::UnconfirmedSet(
                            UnconfirmedSetRecord {
                                at: set.started,
                                duration_s: u32::try_from(
                                    set.ends.duration_since(set.started).as_secs(),
                                )
                                .unwrap_or(0),
                            },
                        ))),
                    }
                    // Whether or not it was confirmed, the set broke up the sitting.
                    self.restart_sitting(set.ends);
                }
                _ => {}
            }
            return;
        }
        if let Some(r) = self.reminder {
            match r.phase {
                Phase::Showing { expires } if expires <= now => {
                    self.resolve(expires, r.id, ReminderEvent::Missed, out);
                }
                // The snooze or the hold ran past its window (or the user stayed away until
                // it closed): the chance is gone.
                Phase::Snoozed { .. } | Phase::Held { .. } if r.window_end <= now => {
                    self.resolve(r.window_end, r.id, ReminderEvent::Missed, out);
                }
                Phase::Snoozed { until } if until <= now && self.may_show() => {
                    self.show(now, r, out);
                }
                _ => self.settle_held_reminder(now, r, out),
            }
            return;
        }
        if self.settle_hold(now, out) {
            return;
        }
        if rules::next_allowed(self, now).is_some_and(|t| t <= now) {
            self.tally.reminders += 1;
            let window_end = self.config.schedule.window.end_of(now, &self.tz);
            let reminder = Reminder {
                id: now,
                // Rules only allow a reminder inside a window, so there is always an end.
                window_end: window_end.unwrap_or(now),
                number: u8::try_from(self.tally.reminders).unwrap_or(u8::MAX),
                snoozes: 0,
                phase: Phase::Showing {
                    expires: now + self.config.notifications.expire_after,
                },
                after_meal: self.meal_before(now),
            };
            out.push(reminder_record(now, now, ReminderEvent::Shown));
            self.show(now, reminder, out);
        }
    }

    fn show(&mut self, now: Timestamp, mut r: Reminder, out: &mut Vec<Action>) {
        r.phase = Phase::Showing {
            expires: now + self.config.notifications.expire_after,
        };
        self.reminder = Some(r);
        out.push(Action::Show(ReminderView {
            id: r.id,
            number: r.number,
            of: self.config.schedule.sets_per_day,
            snoozes: r.snoozes,
            can_snooze: r.snoozes < self.config.snooze.max_per_reminder,
            snooze_for: self.config.snooze.duration,
            sitting: self.sitting(now),
            sets_today: self.tally.sets,
            set_length: self.config.exercise.set_length,
            estimated_reps: self.config.exercise.estimated_reps(),
            after_meal: r.after_meal,
            quiet: self.quiet(),
        }));
    }

    /// Ends the open reminder with `event`, at `at`.
    fn resolve(
        &mut self,
        at: Timestamp,
        id: Timestamp,
        event: ReminderEvent,
        out: &mut Vec<Action>,
    ) {
        if matches!(self.reminder.map(|r| r.phase), Some(Phase::Showing { .. })) {
            out.push(Action::Close);
        }
        self.reminder = None;
        self.last_resolved = Some(at);
        out.push(reminder_record(at, id, event));
    }

    #[allow(clippy::needless_pass_by_value)] // events are consumed values by design
    fn apply(
        &mut self,
        now: Timestamp,
        event: Event,
        out: &mut Vec<Action>,
    ) -> Result<(), Refusal> {
        match event {
            Event::Tick | Event::ClockStepped { .. } => {}
            Event::Presence { state, since } => self.presence_changed(state, since.min(now), out),
            Event::Start => self.start(now, out)?,
            Event::Done => self.done(now, out)?,
            Event::Skip => self.skip(now, out)?,
            Event::Snooze(duration) => self.snooze(now, duration, out)?,
            Event::Dismissed => self.dismissed(now, out)?,
            Event::SetLogged { at, reps, duration } => {
                self.set_logged(now, at, reps, duration, out);
            }
            Event::SetUndone { at, reps } => {
                if local_date(at, &self.tz) == self.day {
                    self.tally.sets = self.tally.sets.saturating_sub(1);
                    self.tally.reps = self.tally.reps.saturating_sub(reps);
                }
            }
            Event::SetsElsewhere { day, sets, reps } => {
                if day == self.day {
                    self.elsewhere = Tally {
                        reminders: 0,
                        sets,
                        reps,
                    };
                    // Met elsewhere: no reminder, and no good news to tell here.
                    if self.tally_on(day).sets >= u32::from(self.config.schedule.sets_per_day) {
                        self.cheered = Some(day);
                    }
                }
            }
            Event::Meal { at } => self.meal_logged(at),
            Event::MealUndone { at } => self.meal_undone(at),
            Event::Pause { until } => self.pause(now, until, out),
            Event::Resume => self.resume(now, out)?,
            Event::Context { kind, on, since } => self.context_changed(kind, on, since.min(now)),
            Event::Checking(under_way) => self.checking_changed(under_way),
        }
        Ok(())
    }
}

fn reminder_record(at: Timestamp, id: Timestamp, event: ReminderEvent) -> Action {
    Action::Record(Record::Reminder(ReminderRecord {
        at,
        reminder: id,
        event,
        until: None,
    }))
}

#[cfg(test)]
mod tests;
