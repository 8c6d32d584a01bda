//! Answers to reminders and guided sets: one real set is one set, whichever way it is
//! confirmed; what a set's end does to `min_gap` and sitting; snoozes extended; a pause kept
//! in history.

use jiff::SignedDuration;

use super::*;
use crate::history::record::{PauseRecord, UnconfirmedSetRecord, pause_in_force};

fn records(outcome: &Outcome) -> Vec<Record> {
    outcome
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::Record(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

/// A reminder at 09:45 answered with a guided set at 09:46 that ran to its end (09:53).
fn set_complete() -> Scheduler {
    set_complete_with(&Config::defaults())
}

/// Six sets a day: the day's spread (8h over the 5 left) is shorter than `min_gap`, so
/// `min_gap` is what decides.
fn many_sets() -> Config {
    config("[schedule]\nsets_per_day = 6\n")
}

fn set_complete_with(cfg: &Config) -> Scheduler {
    let mut s = seated(cfg);
    s.on(at("09:45"), Event::Tick);
    s.on(at("09:46"), Event::Start);
    let o = s.on(at("09:53"), Event::Tick);
    assert!(
        o.actions.contains(&Action::SetFinished { reps: 70 }),
        "{o:?}"
    );
    s
}

#[test]
fn a_set_logged_at_set_complete_replaces_the_estimate() {
    let mut s = set_complete();
    let o = s.on(
        at("09:54"),
        Event::SetLogged {
            at: at("09:46"),
            reps: 85,
            duration: SignedDuration::from_mins(7),
        },
    );
    assert!(
        o.actions.contains(&Action::Close),
        "the prompt closes: {o:?}"
    );
    assert_eq!(events(&o), [ReminderEvent::Done]);
    assert!(
        set_records(&o).is_empty(),
        "soleus log wrote the set: {o:?}"
    );
    let status = s.status(at("09:54"));
    assert_eq!((status.today.sets, status.today.reps), (1, 85));
    assert_ne!(status.state, State::InSet);
    // The prompt is gone: its Done has nothing left to add.
    let o = s.on(at("09:55"), Event::Done);
    assert_eq!(o.refused, Some(Refusal::NothingToConfirm));
    assert_eq!(s.status(at("09:55")).today.sets, 1);
}

#[test]
fn a_set_logged_during_a_running_set_ends_it() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:10"), Event::Start);
    let o = s.on(
        at("09:14"),
        Event::SetLogged {
            at: at("09:10"),
            reps: 40,
            duration: SignedDuration::from_mins(4),
        },
    );
    assert!(o.actions.contains(&Action::Close), "{o:?}");
    assert_eq!(s.next_deadline(), Some(at("09:59")), "no set-end deadline");
    assert_eq!(s.status(at("09:15")).today.sets, 1);
}

#[test]
fn min_gap_counts_from_the_end_of_a_guided_set() {
    let mut s = set_complete_with(&many_sets());
    s.on(at("09:54"), Event::Done);
    // Sitting restarts at 09:54 (next allowed 10:39); min_gap (90m) from the set's end,
    // 09:54, not from its start at 09:46 (11:16).
    assert_eq!(s.next_deadline(), Some(at("11:24")));
}

#[test]
fn min_gap_counts_from_a_skipped_set_too() {
    let mut s = seated(&many_sets());
    s.on(at("09:45"), Event::Tick);
    s.on(at("09:46"), Event::Start);
    let o = s.on(at("09:50"), Event::Skip);
    assert_eq!(events(&o), [ReminderEvent::Skipped]);
    assert_eq!(s.next_deadline(), Some(at("11:20")));
}

#[test]
fn snoozing_a_snoozed_reminder_extends_it() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    s.on(at("09:46"), Event::Snooze(None));
    assert_eq!(s.status(at("09:47")).snoozed_until, Some(at("09:56")));
    let o = s.on(
        at("09:50"),
        Event::Snooze(Some(SignedDuration::from_mins(20))),
    );
    assert_eq!(o.refused, None);
    assert!(
        !o.actions.contains(&Action::Close),
        "nothing is shown: {o:?}"
    );
    assert_eq!(s.status(at("09:51")).snoozed_until, Some(at("10:16")));
    assert_eq!(s.next_deadline(), Some(at("10:16")));
    let view = shown(&s.on(at("10:16"), Event::Tick))
        .cloned()
        .expect("back");
    assert_eq!(view.snoozes, 2);
}

#[test]
fn a_self_started_set_nobody_confirmed_is_kept_and_restarts_sitting() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:10"), Event::Start);
    s.on(at("09:17"), Event::Tick);
    let o = s.on(at("09:47"), Event::Tick);
    assert_eq!(
        records(&o),
        [Record::UnconfirmedSet(UnconfirmedSetRecord {
            at: at("09:10"),
            duration_s: 420,
        })]
    );
    let status = s.status(at("09:47"));
    assert_eq!(status.today.sets, 0, "not a set");
    assert_eq!(status.sitting, SignedDuration::from_mins(30), "since 09:17");
}

#[test]
fn a_reminder_set_nobody_confirmed_restarts_sitting_too() {
    let mut s = set_complete();
    let o = s.on(at("10:23"), Event::Tick);
    assert_eq!(events(&o), [ReminderEvent::Unconfirmed]);
    assert_eq!(s.status(at("10:23")).sitting, SignedDuration::from_mins(30));
}

#[test]
fn done_early_counts_the_reps_done_and_not_a_few_seconds() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    s.on(at("09:46"), Event::Start);
    let o = s.on(at("09:46") + SignedDuration::from_secs(20), Event::Done);
    assert!(set_records(&o).is_empty(), "{o:?}");
    assert!(o.actions.contains(&Action::SetTooShort {
        ran: SignedDuration::from_secs(20)
    }));
    assert!(o.actions.contains(&Action::Close));
    assert_eq!(
        events(&o),
        [ReminderEvent::Skipped],
        "the reminder is declined"
    );
    assert_eq!(s.status(at("09:47")).today.sets, 0);
    // From MIN_SET on, a set of the reps done at the pace.
    s.on(at("10:00"), Event::Start);
    let sets = set_records(&s.on(at("10:00") + MIN_SET, Event::Done));
    assert_eq!((sets.len(), sets[0].reps, sets[0].duration_s), (1, 10, 60));
}

#[test]
fn the_goal_is_good_news_once_a_day() {
    let mut s = seated(&config("[schedule]\nsets_per_day = 1\n"));
    s.on(at("09:10"), Event::Start);
    let o = s.on(at("09:17"), Event::Done);
    assert!(
        o.actions
            .contains(&Action::GoalReached { sets: 1, reps: 70 }),
        "{o:?}"
    );
    assert_eq!(s.status(at("09:18")).state, State::DoneForToday);
    s.on(
        at("09:19"),
        Event::Presence {
            state: Activity::Locked,
            since: at("09:19"),
        },
    );
    assert_eq!(
        s.status(at("09:30")).state,
        State::DoneForToday,
        "away, but done for today"
    );
    // Taken back and done again: no second cheer the same day.
    s.on(
        at("09:20"),
        Event::SetUndone {
            at: at("09:10"),
            reps: 70,
        },
    );
    s.on(at("09:30"), Event::Start);
    let o = s.on(at("09:37"), Event::Done);
    assert!(
        !o.actions
            .iter()
            .any(|a| matches!(a, Action::GoalReached { .. })),
        "{o:?}"
    );
}

#[test]
fn a_pause_is_recorded_and_carried_over_a_restart() {
    let mut s = seated(&Config::defaults());
    let o = s.on(at("09:30"), Event::Pause { until: None });
    let history = records(&o);
    assert_eq!(
        history,
        [Record::Pause(PauseRecord {
            at: at("09:30"),
            until: None,
        })]
    );
    // A new daemon reads it back, open-ended, hours later.
    let pause = pause_in_force(&history, at("17:00")).expect("in force");
    let mut restarted = seated(&Config::defaults());
    restarted.resume_pause(pause);
    assert_eq!(restarted.status(at("10:00")).state, State::Paused);
    assert_eq!(restarted.next_deadline(), None);
    // Resumed: recorded, and no longer in force.
    let o = restarted.on(at("10:00"), Event::Resume);
    let mut history = history;
    history.extend(records(&o));
    assert!(
        history.iter().any(|r| matches!(r, Record::Resume(_))),
        "{history:?}"
    );
    assert_eq!(pause_in_force(&history, at("10:01")), None);
    // A pause with an end is in force until then only.
    let timed = [Record::Pause(PauseRecord {
        at: at("09:00"),
        until: Some(at("12:00")),
    })];
    assert!(pause_in_force(&timed, at("11:59")).is_some());
    assert_eq!(pause_in_force(&timed, at("12:00")), None);
}
