//! Context policy: a held reminder is never shown while held, comes back once, is not
//! spent while held, and is missed when held past its window; quiet and remind show it.

use super::*;
use crate::context::Kind;

fn dnd(on: bool, hm: &str) -> Event {
    Event::Context {
        kind: Kind::Dnd,
        on,
        since: at(hm),
    }
}

fn shows(outcome: &Outcome) -> usize {
    outcome
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Show(_)))
        .count()
}

/// Drives `s` through every deadline up to `until`, as the daemon's loop would; returns
/// every outcome with its instant.
fn run_until(s: &mut Scheduler, until: Timestamp) -> Vec<(Timestamp, Outcome)> {
    let mut out = Vec::new();
    while let Some(d) = s.next_deadline().filter(|d| *d <= until) {
        let o = s.on(d, Event::Tick);
        let stuck = o.actions.is_empty() && s.next_deadline() == Some(d);
        out.push((d, o));
        assert!(!stuck, "no progress at {d}");
    }
    out
}

#[test]
fn dnd_on_when_due_then_off_40_minutes_later_gives_one_reminder_at_the_release() {
    // Without the spread, so that the next reminder is min_gap's alone.
    let mut s = seated(&config("[schedule]\nspread = false\n"));
    s.on(at("09:30"), dnd(true, "09:30"));
    // The reminder falls due at 09:45: held, not shown, not spent.
    let due = run_until(&mut s, at("10:25"));
    assert_eq!(due.len(), 1, "{due:?}");
    assert_eq!(due[0].0, at("09:45"));
    assert_eq!(events(&due[0].1), [ReminderEvent::Held]);
    assert_eq!(shows(&due[0].1), 0);
    let st = s.status(at("10:00"));
    assert_eq!(st.state, State::Held);
    assert_eq!(
        (st.held_by, st.held_since),
        (vec![Kind::Dnd], Some(at("09:45")))
    );
    assert_eq!(st.today.reminders, 0, "a held reminder is not spent");
    // Nothing happens while held, however long: no expiry runs.
    assert_eq!(
        s.next_deadline(),
        Some(at("18:00")),
        "only the window's end"
    );

    let released = s.on(at("10:25"), dnd(false, "10:25"));
    assert_eq!(
        events(&released),
        [ReminderEvent::Released, ReminderEvent::Shown]
    );
    assert_eq!(shows(&released), 1, "exactly one catch-up, at once");
    let view = shown(&released).expect("the catch-up");
    assert_eq!((view.id, view.number, view.quiet), (at("10:25"), 1, false));
    assert_eq!(s.status(at("10:26")).state, State::Reminding);
    assert_eq!(s.status(at("10:26")).held_by, Vec::<Kind>::new());
    // And no second one: the next comes after min_gap from its answer.
    s.on(at("10:30"), Event::Done);
    assert_eq!(s.next_deadline(), Some(at("12:00")));
}

#[test]
fn a_hold_across_the_end_of_the_window_is_missed_and_counted() {
    let mut s = seated(&config("[schedule]\nactive_hours = \"09:00-10:00\"\n"));
    s.on(at("09:40"), dnd(true, "09:40"));
    let outcomes = run_until(&mut s, at("11:00"));
    let all: Vec<ReminderEvent> = outcomes.iter().flat_map(|(_, o)| events(o)).collect();
    assert_eq!(all, [ReminderEvent::Held, ReminderEvent::Missed]);
    assert_eq!(outcomes.last().map(|(t, _)| *t), Some(at("10:00")));
    assert!(outcomes.iter().all(|(_, o)| shows(o) == 0));
    assert_eq!(s.status(at("10:30")).today.reminders, 1, "it used one up");
    assert_eq!(s.status(at("10:30")).state, State::OffHours);
    // The context ending after the window shows nothing.
    assert_eq!(shows(&s.on(at("10:30"), dnd(false, "10:30"))), 0);
}

#[test]
fn a_snoozed_reminder_keeps_its_snoozes_through_a_hold() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    s.on(at("09:46"), Event::Snooze(None));
    s.on(at("09:50"), dnd(true, "09:50"));
    // 09:56 the snooze ends, under DND: not shown, and no busy loop.
    assert!(
        run_until(&mut s, at("10:30"))
            .iter()
            .all(|(_, o)| shows(o) == 0)
    );
    let st = s.status(at("10:30"));
    assert_eq!((st.state, st.held_since), (State::Held, Some(at("09:56"))));
    let back = s.on(at("10:40"), dnd(false, "10:40"));
    let view = shown(&back).expect("shown again on release");
    assert_eq!(
        (view.id, view.snoozes, view.can_snooze),
        (at("09:45"), 1, true)
    );
    assert_eq!(shows(&back), 1);
}

#[test]
fn quiet_shows_a_quiet_reminder_and_remind_ignores_the_context() {
    for (policy, quiet) in [("quiet", true), ("remind", false)] {
        let mut s = seated(&config(&format!("[context]\ncall = \"{policy}\"\n")));
        s.on(
            at("09:30"),
            Event::Context {
                kind: Kind::Call,
                on: true,
                since: at("09:30"),
            },
        );
        let o = s.on(at("09:45"), Event::Tick);
        assert_eq!(shown(&o).map(|v| v.quiet), Some(quiet), "{policy}");
    }
    // Hold beats quiet.
    let mut s = seated(&Config::defaults());
    s.on(at("09:30"), dnd(true, "09:30"));
    s.on(
        at("09:31"),
        Event::Context {
            kind: Kind::Call,
            on: true,
            since: at("09:31"),
        },
    );
    assert_eq!(shows(&s.on(at("09:45"), Event::Tick)), 0);
    let released = s.on(at("10:00"), dnd(false, "10:00"));
    assert_eq!(
        shown(&released).map(|v| v.quiet),
        Some(true),
        "the call goes on"
    );
}

#[test]
fn a_pause_drops_the_held_reminder_and_a_break_resets_the_catch_up() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:40"), dnd(true, "09:40"));
    s.on(at("09:45"), Event::Tick);
    let o = s.on(
        at("09:50"),
        Event::Pause {
            until: Some(at("10:30")),
        },
    );
    assert_eq!(events(&o), [ReminderEvent::Skipped]);
    assert_eq!(shows(&s.on(at("10:00"), dnd(false, "10:00"))), 0);

    // Away for a real break while held: the catch-up waits for sitting again.
    let mut s = seated(&Config::defaults());
    s.on(at("09:40"), dnd(true, "09:40"));
    s.on(at("09:45"), Event::Tick);
    s.on(
        at("10:00"),
        Event::Presence {
            state: Activity::Locked,
            since: at("10:00"),
        },
    );
    s.on(
        at("10:20"),
        Event::Presence {
            state: Activity::Active,
            since: at("10:20"),
        },
    );
    let o = s.on(at("10:25"), dnd(false, "10:25"));
    assert_eq!(events(&o), [ReminderEvent::Released]);
    assert_eq!(
        shows(&o),
        0,
        "a break is the movement the reminder asked for"
    );
    assert_eq!(s.next_deadline(), Some(at("11:05")));
}

fn closes(outcome: &Outcome) -> usize {
    outcome
        .actions
        .iter()
        .filter(|a| matches!(a, Action::Close))
        .count()
}

#[test]
fn a_reminder_on_screen_when_a_hold_begins_is_withdrawn_then_shown_once() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    s.on(at("09:46"), Event::Snooze(None));
    assert_eq!(
        shown(&s.on(at("09:56"), Event::Tick)).map(|v| v.snoozes),
        Some(1)
    );

    // Do-not-disturb at 09:58: the reminder leaves the screen, held, not resolved.
    let withdrawn = s.on(at("09:58"), dnd(true, "09:58"));
    assert_eq!(closes(&withdrawn), 1, "closed on screen");
    assert_eq!(events(&withdrawn), [ReminderEvent::Held]);
    let st = s.status(at("10:00"));
    assert_eq!(
        (st.state, st.held_by, st.held_since),
        (State::Held, vec![Kind::Dnd], Some(at("09:58")))
    );
    assert_eq!((st.reminder_expires_at, st.snoozed_until), (None, None));
    assert_eq!(st.today.reminders, 1, "the same reminder, not a second one");
    // Its expiry (10:26) does not run: nothing happens before the window's end.
    assert_eq!(s.next_deadline(), Some(at("18:00")));
    assert!(run_until(&mut s, at("11:00")).is_empty());
    // A late report of the closed notification is no answer.
    assert_eq!(
        s.on(at("10:59"), Event::Dismissed).refused,
        Some(Refusal::Held)
    );

    let released = s.on(at("11:00"), dnd(false, "11:00"));
    assert_eq!(events(&released), [ReminderEvent::Released]);
    assert_eq!(shows(&released), 1, "exactly one catch-up, at once");
    let view = shown(&released).expect("shown again");
    assert_eq!(
        (view.id, view.number, view.snoozes, view.can_snooze),
        (at("09:45"), 1, 1, true),
        "the same reminder, its snooze count kept"
    );
    assert_eq!(s.status(at("11:01")).reminder_expires_at, Some(at("11:30")));
    assert!(run_until(&mut s, at("11:29")).is_empty(), "nothing else");
    s.on(at("11:05"), Event::Done);
    assert_eq!(s.status(at("11:05")).today.reminders, 1);
}

#[test]
fn a_withdrawn_reminder_held_past_the_window_is_missed_and_nothing_comes_after() {
    let mut s = seated(&config("[schedule]\nactive_hours = \"09:00-10:00\"\n"));
    s.on(at("09:45"), Event::Tick);
    let o = s.on(
        at("09:50"),
        Event::Context {
            kind: Kind::Fullscreen,
            on: true,
            since: at("09:50"),
        },
    );
    assert_eq!((closes(&o), events(&o)), (1, vec![ReminderEvent::Held]));
    let rest = run_until(&mut s, at("12:00"));
    let all: Vec<ReminderEvent> = rest.iter().flat_map(|(_, o)| events(o)).collect();
    assert_eq!(all, [ReminderEvent::Missed]);
    assert_eq!(rest[0].0, at("10:00"));
    assert!(rest.iter().all(|(_, o)| shows(o) == 0 && closes(o) == 0));
    assert_eq!(s.status(at("10:30")).today.reminders, 1);
}

#[test]
fn away_when_the_hold_ends_the_withdrawn_reminder_waits_for_the_user() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    s.on(at("09:50"), dnd(true, "09:50"));
    s.on(
        at("10:00"),
        Event::Presence {
            state: Activity::Idle,
            since: at("09:59"),
        },
    );
    let o = s.on(at("10:01"), dnd(false, "10:01"));
    assert_eq!((events(&o), shows(&o)), (vec![ReminderEvent::Released], 0));
    let back = s.on(
        at("10:02"),
        Event::Presence {
            state: Activity::Active,
            since: at("10:02"),
        },
    );
    assert_eq!(shown(&back).map(|v| v.id), Some(at("09:45")));
    assert_eq!(shows(&back), 1);
}

#[test]
fn a_quiet_call_leaves_the_reminder_on_screen_and_its_next_showing_is_quiet() {
    let mut s = seated(&config("[context]\ncall = \"quiet\"\n"));
    s.on(at("09:45"), Event::Tick);
    let call = s.on(
        at("09:50"),
        Event::Context {
            kind: Kind::Call,
            on: true,
            since: at("09:50"),
        },
    );
    assert!(call.actions.is_empty(), "{call:?}");
    assert_eq!(s.status(at("09:51")).state, State::Reminding);
    s.on(at("09:52"), Event::Snooze(None));
    let again = s.on(at("10:02"), Event::Tick);
    assert_eq!(shown(&again).map(|v| (v.snoozes, v.quiet)), Some((1, true)));
}

#[test]
fn nothing_is_shown_while_the_daemon_checks_the_context() {
    // Back from a short absence with the reminder due: it waits for the check.
    let mut s = seated(&config("[context]\ncall = \"hold\"\n"));
    s.on(
        at("09:42"),
        Event::Presence {
            state: Activity::Idle,
            since: at("09:42"),
        },
    );
    s.on(at("09:46"), Event::Checking(true));
    let back = s.on(
        at("09:46"),
        Event::Presence {
            state: Activity::Active,
            since: at("09:46"),
        },
    );
    assert_eq!(shows(&back), 0);
    assert!(back.actions.is_empty(), "not a real break: {back:?}");
    assert_eq!(
        s.next_deadline(),
        None,
        "the check's answer comes as an event"
    );
    assert_eq!(
        s.status(at("09:46")).next_reminder_at,
        Some(at("09:46")),
        "status says it is due"
    );
    // The check found a call: held, not shown.
    s.on(
        at("09:47"),
        Event::Context {
            kind: Kind::Call,
            on: true,
            since: at("09:47"),
        },
    );
    let checked = s.on(at("09:47"), Event::Checking(false));
    assert_eq!(
        (shows(&checked), events(&checked)),
        (0, vec![ReminderEvent::Held])
    );

    // A snoozed reminder due again waits for a check too.
    let mut s = seated(&Config::defaults());
    s.on(at("09:45"), Event::Tick);
    s.on(at("09:46"), Event::Snooze(None));
    s.on(at("09:56"), Event::Checking(true));
    assert_eq!(shows(&s.on(at("09:56"), Event::Tick)), 0);
    let checked = s.on(at("09:57"), Event::Checking(false));
    assert_eq!(shown(&checked).map(|v| v.snoozes), Some(1));
}
