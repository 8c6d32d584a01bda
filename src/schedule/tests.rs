//! The state machine driven event by event, for what traces cannot express: commands,
//! guided sets, manual logging, pause, status and restarts.

use std::path::Path;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::*;
use crate::history::record::{ReminderEvent, SetOrigin, SetRecord};

fn config(text: &str) -> Config {
    Config::parse(Path::new("t.toml"), text).expect("valid").0
}

fn at(hm: &str) -> Timestamp {
    format!("2026-11-23T{hm}:00Z").parse().expect("timestamp")
}

/// A scheduler on UTC that saw the user sit down at 09:00 on a Monday.
fn seated(cfg: &Config) -> Scheduler {
    let mut s = Scheduler::new(cfg.clone(), TimeZone::UTC, at("09:00"));
    s.on(
        at("09:00"),
        Event::Presence {
            state: Activity::Active,
            since: at("09:00"),
        },
    );
    s
}

fn events(outcome: &Outcome) -> Vec<ReminderEvent> {
    outcome
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Record(Record::Reminder(r)) => Some(r.event),
            _ => None,
        })
        .collect()
}

fn shown(outcome: &Outcome) -> Option<&ReminderView> {
    outcome.actions.iter().find_map(|a| match a {
        Action::Show(v) => Some(v),
        _ => None,
    })
}

fn set_records(outcome: &Outcome) -> Vec<SetRecord> {
    outcome
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Record(Record::Set(s)) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn first_reminder_comes_after_sitting_and_says_what_it_is() {
    let mut s = seated(&Config::defaults());
    assert_eq!(s.next_deadline(), Some(at("09:45")));
    assert!(shown(&s.on(at("09:44"), Event::Tick)).is_none());
    let o = s.on(at("09:45"), Event::Tick);
    let view = shown(&o).expect("a reminder");
    assert_eq!(
        (view.number, view.of, view.snoozes, view.can_snooze),
        (1, 3, 0, true)
    );
    assert_eq!(view.sitting, SignedDuration::from_mins(45));
    assert_eq!(view.estimated_reps, 70);
    assert_eq!(events(&o), [ReminderEvent::Shown]);
    assert_eq!(s.status(at("09:46")).state, State::Reminding);
    assert_eq!(s.status(at("09:46")).reminder_shown_at, Some(at("09:45")));
    assert_eq!(s.status(at("09:46")).reminder_expires_at, Some(at("10:15")));
    assert_eq!(s.next_deadline(), Some(at("10:15")), "expires after 30m");
}

#[test]
fn goal_met_early_by_manual_logging_stops_reminders() {
    let mut s = seated(&Config::defaults());
    for hm in ["09:10", "09:20", "09:30"] {
        let o = s.on(
            at(hm),
            Event::SetLogged {
                at: at(hm),
                reps: 60,
                duration: SignedDuration::from_mins(5),
            },
        );
        let records = o
            .actions
            .iter()
            .filter(|a| matches!(a, Action::Record(_)))
            .count();
        assert_eq!(records, 0, "logging records nothing twice: {o:?}");
        // The set that meets the goal is good news, told once.
        let cheers = o
            .actions
            .iter()
            .filter(|a| matches!(a, Action::GoalReached { .. }))
            .count();
        assert_eq!(cheers, usize::from(hm == "09:30"), "{hm}: {o:?}");
    }
    done_for_today(&s, at("09:31"));
}

/// At `now`, three sets of 60 reps are the day's goal met: done for today, and the next
/// reminder tomorrow at the earliest, once sitting allows.
fn done_for_today(s: &Scheduler, now: Timestamp) {
    let status = s.status(now);
    assert_eq!((status.today.sets, status.today.reps), (3, 180));
    assert_eq!(status.state, State::DoneForToday);
    let next = s.next_deadline().expect("a deadline");
    assert!(
        next >= "2026-11-24T09:00Z".parse::<Timestamp>().expect("ts"),
        "{next}"
    );
}

#[test]
fn a_logged_set_answers_the_open_reminder_and_restarts_sitting() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    let o = s.on(
        at("09:50"),
        Event::SetLogged {
            at: at("09:46"),
            reps: 50,
            duration: SignedDuration::from_mins(4),
        },
    );
    assert_eq!(events(&o), [ReminderEvent::Done]);
    assert!(o.actions.contains(&Action::Close));
    assert_eq!(s.status(at("09:50")).sitting, SignedDuration::from_mins(0));
}

/// A set back-filled for earlier (`soleus log --at`) was not done for this reminder.
#[test]
fn a_set_logged_for_before_the_reminder_answers_nothing() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    for start in [
        at("09:45") - SignedDuration::from_hours(7 * 24),
        at("09:30"),
    ] {
        let o = s.on(
            at("09:50"),
            Event::SetLogged {
                at: start,
                reps: 40,
                duration: SignedDuration::from_mins(4),
            },
        );
        assert_eq!(events(&o), [], "{start}");
        assert!(!o.actions.contains(&Action::Close));
    }
    assert_eq!(s.status(at("09:51")).state, State::Reminding);
}

#[test]
fn snooze_limits_and_refusals() {
    let cfg = config("[snooze]\nmax_per_reminder = 1\n");
    let mut s = seated(&cfg);
    assert_eq!(
        s.on(at("09:30"), Event::Snooze(None)).refused,
        Some(Refusal::NoReminder)
    );
    s.on(at("09:45"), Event::Tick);
    let o = s.on(
        at("09:46"),
        Event::Snooze(Some(SignedDuration::from_mins(2))),
    );
    assert_eq!(o.refused, None);
    assert_eq!(events(&o), [ReminderEvent::Snoozed]);
    assert_eq!(s.status(at("09:47")).snoozed_until, Some(at("09:48")));
    // Snoozing a snoozed reminder extends it, which is one more snooze.
    assert_eq!(
        s.on(at("09:47"), Event::Snooze(None)).refused,
        Some(Refusal::SnoozeLimit(1))
    );
    let o = s.on(at("09:48"), Event::Tick);
    let view = shown(&o).expect("re-shown");
    assert_eq!((view.snoozes, view.can_snooze), (1, false));
    assert_eq!(
        s.on(at("09:49"), Event::Snooze(None)).refused,
        Some(Refusal::SnoozeLimit(1))
    );
    assert_eq!(
        events(&s.on(at("09:50"), Event::Skip)),
        [ReminderEvent::Skipped]
    );
    assert_eq!(
        s.on(at("09:51"), Event::Skip).refused,
        Some(Refusal::NoReminder)
    );
    assert_eq!(
        s.on(at("09:51"), Event::Done).refused,
        Some(Refusal::NothingToConfirm)
    );
}

/// Closing the notification: a snooze while snoozes remain, then a skip.
#[test]
fn a_closed_reminder_is_snoozed_until_snoozes_run_out_then_skipped() {
    let mut s = seated(&config("[snooze]\nmax_per_reminder = 1\n"));
    assert!(shown(&s.on(at("09:45"), Event::Tick)).is_some());
    let o = s.on(at("09:50"), Event::Dismissed);
    assert_eq!(
        (events(&o), o.refused),
        (vec![ReminderEvent::Snoozed], None)
    );
    let status = s.status(at("09:51"));
    assert_eq!(
        (status.state, status.snoozed_until),
        (State::Snoozed, Some(at("10:00")))
    );
    assert_eq!(
        s.on(at("09:55"), Event::Dismissed).refused,
        Some(Refusal::AlreadySnoozed),
        "a late close of a snoozed reminder changes nothing"
    );
    let again = s.on(at("10:00"), Event::Tick);
    assert!(shown(&again).is_some_and(|v| !v.can_snooze));
    let o = s.on(at("10:01"), Event::Dismissed);
    assert_eq!(events(&o), [ReminderEvent::Skipped]);
    assert_eq!(s.status(at("10:02")).state, State::Sitting);
    assert_eq!(
        s.on(at("10:03"), Event::Dismissed).refused,
        Some(Refusal::NoReminder)
    );
}

#[test]
fn a_guided_set_runs_finishes_and_logs_on_done() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    let o = s.on(at("09:46"), Event::Start);
    assert!(o.actions.contains(&Action::SetStarted {
        ends: at("09:53"),
        reps: 70
    }));
    assert_eq!(s.status(at("09:47")).state, State::InSet);
    assert_eq!(s.status(at("09:47")).set_ends_at, Some(at("09:53")));
    assert_eq!(
        s.on(at("09:47"), Event::Start).refused,
        Some(Refusal::AlreadyInSet)
    );
    assert_eq!(s.next_deadline(), Some(at("09:53")));
    let o = s.on(at("09:53"), Event::Tick);
    assert!(o.actions.contains(&Action::SetFinished { reps: 70 }));
    let o = s.on(at("09:54"), Event::Done);
    assert_eq!(events(&o), [ReminderEvent::Done]);
    let sets = set_records(&o);
    assert_eq!(sets.len(), 1);
    assert_eq!(
        (sets[0].at, sets[0].reps, sets[0].duration_s, sets[0].origin),
        (at("09:46"), 70, 420, SetOrigin::Reminder)
    );
    assert_eq!(s.status(at("09:54")).today.sets, 1);
}

#[test]
fn a_guided_set_confirmed_early_counts_what_was_done() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:10"), Event::Start);
    let sets = set_records(&s.on(at("09:13"), Event::Done));
    assert_eq!(
        (sets[0].reps, sets[0].duration_s, sets[0].origin),
        (30, 180, SetOrigin::Manual)
    );
}

#[test]
fn an_unconfirmed_guided_set_logs_nothing_and_says_so() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    s.on(at("09:45"), Event::Start);
    s.on(at("09:52"), Event::Tick);
    let o = s.on(at("10:22"), Event::Tick);
    assert_eq!(events(&o), [ReminderEvent::Unconfirmed]);
    assert!(set_records(&o).is_empty());
    assert_eq!(s.status(at("10:22")).today.sets, 0);
}

#[test]
fn pause_closes_the_reminder_and_holds_new_ones() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    let o = s.on(
        at("09:46"),
        Event::Pause {
            until: Some(at("13:00")),
        },
    );
    assert_eq!(events(&o), [ReminderEvent::Skipped]);
    assert_eq!(s.status(at("10:00")).state, State::Paused);
    assert_eq!(s.status(at("10:00")).paused_until, Some(at("13:00")));
    assert_eq!(s.next_deadline(), Some(at("13:00")));
    assert!(shown(&s.on(at("13:00"), Event::Tick)).is_some());
    s.on(at("13:01"), Event::Skip);
    s.on(at("13:02"), Event::Pause { until: None });
    assert_eq!(s.next_deadline(), None);
    assert_eq!(s.on(at("13:03"), Event::Resume).refused, None);
    assert_eq!(
        s.on(at("13:04"), Event::Resume).refused,
        Some(Refusal::NotPaused)
    );
}

#[test]
fn status_tracks_sitting_away_and_off_hours() {
    let mut s = seated(&Config::defaults());
    let st = s.status(at("09:30"));
    assert_eq!(
        (st.state, st.sitting, st.sitting_today),
        (
            State::Sitting,
            SignedDuration::from_mins(30),
            SignedDuration::from_mins(30)
        )
    );
    assert_eq!(st.next_reminder_at, Some(at("09:45")));
    s.on(
        at("09:30"),
        Event::Presence {
            state: Activity::Idle,
            since: at("09:28"),
        },
    );
    assert_eq!(s.status(at("09:31")).state, State::Away);
    // Still inside break_after_idle: sitting stands as it was when they left (it is not
    // reset, nor shown growing while nobody sits); past it, it is 0.
    assert_eq!(s.status(at("09:31")).sitting, SignedDuration::from_mins(28));
    assert_eq!(s.status(at("09:32")).sitting, SignedDuration::from_mins(28));
    assert_eq!(s.status(at("09:32")).away_since, Some(at("09:28")));
    assert_eq!(s.status(at("09:40")).sitting, SignedDuration::ZERO);
    let o = s.on(
        at("09:40"),
        Event::Presence {
            state: Activity::Active,
            since: at("09:40"),
        },
    );
    assert!(
        o.actions
            .iter()
            .any(|a| matches!(a, Action::Break { since, .. } if *since == at("09:28")))
    );
    let st = s.status(at("09:50"));
    assert_eq!(
        (st.sitting, st.sitting_today),
        (SignedDuration::from_mins(10), SignedDuration::from_mins(38))
    );
    assert_eq!(s.status(at("18:30")).state, State::OffHours);
}

#[test]
fn a_restart_resumes_the_day_from_history() {
    let mut s = Scheduler::new(Config::defaults(), TimeZone::UTC, at("11:00"));
    s.resume_day(
        Tally {
            reminders: 2,
            sets: 2,
            reps: 140,
        },
        Some(at("10:30")),
    );
    s.on(
        at("11:00"),
        Event::Presence {
            state: Activity::Active,
            since: at("11:00"),
        },
    );
    // Sitting allows 11:45 and the gap from 10:30 12:00, but the day's last reminder
    // takes the middle of the 7h30 left after 10:30.
    assert_eq!(s.next_deadline(), Some(at("14:15")));
    let view = s.on(at("14:15"), Event::Tick);
    assert_eq!(shown(&view).map(|v| v.number), Some(3));
    s.on(at("14:16"), Event::Skip);
    // The day's cap is used up: nothing more today.
    assert!(
        s.next_deadline()
            .is_some_and(|d| d >= "2026-11-24T00:00Z".parse::<Timestamp>().expect("ts"))
    );
}

/// The streak read from history at start is carried across midnight by the scheduler: a
/// weekend leaves it, an empty Monday counts as not over until Tuesday.
#[test]
fn the_streak_is_carried_from_day_to_day() {
    let day = |d: &str| {
        format!("2026-{d}T09:00:00Z")
            .parse::<Timestamp>()
            .expect("ts")
    };
    let friday = day("11-27");
    let mut s = Scheduler::new(Config::defaults(), TimeZone::UTC, friday);
    s.resume_streak(4);
    assert_eq!(
        s.status(friday).streak_days,
        4,
        "an empty today breaks nothing"
    );
    s.on(
        friday,
        Event::SetLogged {
            at: friday,
            reps: 40,
            duration: SignedDuration::from_mins(4),
        },
    );
    assert_eq!(s.status(friday).streak_days, 5);
    // Read before and after the scheduler rolls to the day: the same.
    for (date, streak) in [("11-28", 5), ("11-29", 5), ("11-30", 5), ("12-01", 0)] {
        assert_eq!(
            s.status(day(date)).streak_days,
            streak,
            "{date}, not rolled"
        );
        s.on(day(date), Event::Tick);
        assert_eq!(s.status(day(date)).streak_days, streak, "{date}");
    }
}

#[test]
fn time_never_runs_backwards_inside() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    // A clock stepped back does not un-show or re-show anything.
    let o = s.on(at("09:00"), Event::Tick);
    assert!(o.actions.is_empty());
    assert_eq!(s.status(at("09:00")).state, State::Reminding);
}

#[test]
fn reconfiguring_applies_at_once() {
    let mut s = seated(&Config::defaults());
    let o = s.reconfigure(
        at("09:20"),
        config("[schedule]\nsit_before_reminder = \"15m\"\n"),
    );
    assert!(shown(&o).is_some(), "15m of sitting already passed");
}

#[test]
fn a_late_wake_up_handles_everything_that_came_due() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    s.on(at("09:45"), Event::Start);
    // Asleep through the end of the set and its confirmation window.
    let o = s.on(at("11:00"), Event::Tick);
    assert!(o.actions.contains(&Action::SetFinished { reps: 70 }));
    assert_eq!(events(&o), [ReminderEvent::Unconfirmed]);
    assert_eq!(s.status(at("11:00")).state, State::Sitting);
}

#[test]
fn an_undone_set_no_longer_counts_today() {
    let mut s = seated(&Config::defaults());
    s.on(
        at("09:10"),
        Event::SetLogged {
            at: at("09:05"),
            reps: 60,
            duration: SignedDuration::from_mins(5),
        },
    );
    s.on(
        at("09:11"),
        Event::SetUndone {
            at: at("09:05"),
            reps: 60,
        },
    );
    assert_eq!(s.status(at("09:12")).today, Tally::default());
    // An undo of another day's set leaves today alone.
    s.on(
        at("09:12"),
        Event::SetLogged {
            at: at("09:06"),
            reps: 40,
            duration: SignedDuration::from_mins(4),
        },
    );
    s.on(
        at("09:13"),
        Event::SetUndone {
            at: "2026-11-22T10:00:00Z".parse().expect("ts"),
            reps: 40,
        },
    );
    assert_eq!(s.status(at("09:14")).today.sets, 1);
}

mod answers;
mod context;
mod elsewhere;
mod meals;
