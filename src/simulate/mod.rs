//! Runs the real scheduler over an activity trace, with a simulated user who answers every
//! reminder the same way. It is both a preview for users ("what would my config do?") and
//! the harness of the scheduler's scenario and property tests.

pub mod office;
pub mod render;
pub mod trace;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::config::Config;
use crate::history::record::{Record, ReminderEvent, SetOrigin};
use crate::schedule::{Action, Activity, Event, Outcome, Scheduler};
pub use trace::{Interval, Trace};

/// How the simulated user answers reminders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Respond {
    /// Do the set right away.
    Done,
    /// Snooze while snoozing is offered, then do the set.
    Snooze,
    /// Decline every reminder.
    Skip,
    /// Never answer: reminders expire as missed.
    Ignore,
}

/// Something that happened in the simulation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Happening {
    pub at: Timestamp,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A reminder was shown; `snoozes` is 0 on its first showing.
    Reminder {
        number: u8,
        of: u8,
        snoozes: u8,
        /// Shown again, snoozes unchanged, after a hold took it off screen (or kept it
        /// back when its snooze ended): not a new reminder.
        again: bool,
        sitting: SignedDuration,
        /// The meal it follows, when shown in the window after one.
        after_meal: Option<Timestamp>,
        /// Shown quietly (a `quiet` context, such as a call, was on).
        quiet: bool,
    },
    /// The user ate (a `meal` line of the trace, as `soleus meal` would log it).
    Meal,
    Snooze {
        until: Timestamp,
        snoozes: u8,
    },
    Set {
        reps: u32,
        duration: SignedDuration,
        origin: SetOrigin,
    },
    Skip,
    Missed,
    Unconfirmed,
    /// A reminder fell due while the user was not to be interrupted: kept back. Or, when
    /// `withdrawn`, it was on screen as the hold began and was taken off it.
    Held {
        withdrawn: bool,
    },
    /// What held it ended; the catch-up reminder follows when the rules allow.
    Released,
    /// The user came back from a real break.
    Break {
        since: Timestamp,
        state: Activity,
    },
}

#[derive(Debug, thiserror::Error)]
#[error(
    "the scheduler made no progress at {at}: this is a bug in soleus, please report it with your config"
)]
pub struct Stuck {
    pub at: Timestamp,
}

/// Runs the scheduler over `trace` (sorted, non-overlapping; gaps count as suspended).
pub fn run(
    config: &Config,
    tz: &TimeZone,
    trace: &[Interval],
    respond: Respond,
) -> Result<Vec<Happening>, Stuck> {
    simulate(config, tz, trace, &[], respond)
}

/// [`run`] over a whole trace: its activity, and its meals logged each as it happens.
pub fn run_trace(
    config: &Config,
    tz: &TimeZone,
    trace: &Trace,
    respond: Respond,
) -> Result<Vec<Happening>, Stuck> {
    simulate(config, tz, &trace.intervals, &trace.meals, respond)
}

fn simulate(
    config: &Config,
    tz: &TimeZone,
    trace: &[Interval],
    meals: &[Timestamp],
    respond: Respond,
) -> Result<Vec<Happening>, Stuck> {
    let Some(first) = trace.first() else {
        return Ok(Vec::new());
    };
    let mut sim = Sim {
        scheduler: Scheduler::new(config.clone(), tz.clone(), first.start),
        respond,
        out: Vec::new(),
        last_shown: None,
    };
    let mut events: Vec<(Timestamp, Event)> = changes(trace)
        .into_iter()
        .chain(meals.iter().map(|at| (*at, Event::Meal { at: *at })))
        .collect();
    // Stable: at the same instant, presence and context changes come before a meal.
    events.sort_by_key(|(t, _)| *t);
    for (t, event) in events {
        // Deadlines strictly before the change; each must move time forward.
        let mut last = None;
        while let Some(deadline) = sim.scheduler.next_deadline().filter(|d| *d < t) {
            if last == Some(deadline) {
                return Err(Stuck { at: deadline });
            }
            last = Some(deadline);
            sim.feed(deadline, Event::Tick);
        }
        if matches!(event, Event::Meal { .. }) {
            sim.out.push(Happening {
                at: t,
                kind: Kind::Meal,
            });
        }
        sim.feed(t, event);
    }
    Ok(sim.out)
}

/// Presence changes: each interval's start, and `suspended` wherever the trace has a gap
/// or ends; context changes where an interval's context differs from the one before (a
/// gap ends it). A context comes on before the presence that goes with it, so that a
/// reminder due at that instant meets it.
fn changes(trace: &[Interval]) -> Vec<(Timestamp, Event)> {
    let context = |kind, on, since| Event::Context { kind, on, since };
    let mut out = Vec::with_capacity(trace.len() + 1);
    let mut current = None;
    for (i, interval) in trace.iter().enumerate() {
        let start = interval.start;
        if current != interval.context {
            // The new one first: from dnd straight to a call leaves no free instant.
            out.extend(interval.context.map(|k| (start, context(k, true, start))));
            out.extend(current.map(|k| (start, context(k, false, start))));
            current = interval.context;
        }
        let state = interval.state;
        out.push((
            start,
            Event::Presence {
                state,
                since: start,
            },
        ));
        let next_start = trace.get(i + 1).map(|n| n.start);
        if next_start != Some(interval.end) {
            let end = interval.end;
            out.extend(current.take().map(|k| (end, context(k, false, end))));
            let state = Activity::Suspended;
            out.push((end, Event::Presence { state, since: end }));
        }
    }
    out
}

struct Sim {
    scheduler: Scheduler,
    respond: Respond,
    out: Vec<Happening>,
    /// The last showing: the reminder's identity and its snoozes then.
    last_shown: Option<(Timestamp, u8)>,
}

impl Sim {
    fn feed(&mut self, at: Timestamp, event: Event) {
        let Outcome { actions, .. } = self.scheduler.on(at, event);
        for action in actions {
            self.record(at, action);
        }
    }

    fn record(&mut self, now: Timestamp, action: Action) {
        let (at, kind) = match action {
            Action::Show(view) => {
                let shown = Some((view.id, view.snoozes));
                let again = self.last_shown == shown;
                self.last_shown = shown;
                self.out.push(Happening {
                    at: now,
                    kind: Kind::Reminder {
                        number: view.number,
                        of: view.of,
                        snoozes: view.snoozes,
                        again,
                        sitting: view.sitting,
                        after_meal: view.after_meal,
                        quiet: view.quiet,
                    },
                });
                let answer = match self.respond {
                    Respond::Snooze if view.can_snooze => Some(Event::Snooze(None)),
                    Respond::Done | Respond::Snooze => Some(Event::Done),
                    Respond::Skip => Some(Event::Skip),
                    Respond::Ignore => None,
                };
                if let Some(answer) = answer {
                    self.feed(now, answer);
                }
                return;
            }
            Action::Break {
                since,
                until,
                state,
            } => (until, Kind::Break { since, state }),
            Action::Record(Record::Set(set)) => (
                set.at,
                Kind::Set {
                    reps: set.reps,
                    duration: SignedDuration::from_secs(i64::from(set.duration_s)),
                    origin: set.origin,
                },
            ),
            Action::Record(Record::Reminder(r)) => match r.event {
                ReminderEvent::Snoozed => {
                    let snoozes = self.out.iter().rev().find_map(|h| match h.kind {
                        Kind::Reminder { snoozes, .. } => Some(snoozes + 1),
                        _ => None,
                    });
                    (
                        r.at,
                        Kind::Snooze {
                            until: r.until.unwrap_or(r.at),
                            snoozes: snoozes.unwrap_or(1),
                        },
                    )
                }
                ReminderEvent::Skipped => (r.at, Kind::Skip),
                ReminderEvent::Missed => (r.at, Kind::Missed),
                ReminderEvent::Unconfirmed => (r.at, Kind::Unconfirmed),
                ReminderEvent::Held => {
                    // On screen when the last step of a reminder's life was its showing
                    // (a snoozed one that fell due under the hold was not).
                    let withdrawn = self.out.iter().rev().find_map(|h| match h.kind {
                        Kind::Reminder { .. } => Some(true),
                        Kind::Snooze { .. } | Kind::Released => Some(false),
                        _ => None,
                    });
                    (
                        r.at,
                        Kind::Held {
                            withdrawn: withdrawn.unwrap_or(false) && r.reminder < r.at,
                        },
                    )
                }
                ReminderEvent::Released => (r.at, Kind::Released),
                ReminderEvent::Shown | ReminderEvent::Done => return,
            },
            Action::Close
            | Action::SetStarted { .. }
            | Action::SetFinished { .. }
            | Action::GoalReached { .. }
            | Action::SetTooShort { .. }
            | Action::Record(
                Record::Undo(_)
                | Record::Pause(_)
                | Record::Resume(_)
                | Record::UnconfirmedSet(_)
                | Record::Meal(_)
                | Record::MealUndo(_),
            ) => return,
        };
        self.out.push(Happening { at, kind });
    }
}

#[cfg(test)]
mod tests;
