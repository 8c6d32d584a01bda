//! The display without a bus: commands are read off the channel, the notification task's
//! reports are fed in by hand.

use jiff::{SignedDuration, Timestamp};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use super::*;
use crate::daemon::input::ActionKey;
use crate::schedule::ReminderView;

fn at(s: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + s).expect("valid")
}

fn display() -> (Display, UnboundedReceiver<Command>) {
    let (tx, rx) = unbounded_channel();
    (Display::new(tx, &Config::defaults()), rx)
}

fn view() -> ReminderView {
    ReminderView {
        id: at(0),
        number: 1,
        of: 3,
        snoozes: 0,
        can_snooze: true,
        snooze_for: SignedDuration::from_mins(10),
        sitting: SignedDuration::from_mins(45),
        sets_today: 0,
        set_length: SignedDuration::from_mins(7),
        estimated_reps: 70,
        after_meal: None,
        quiet: false,
    }
}

/// Every command sent so far.
fn sent(rx: &mut UnboundedReceiver<Command>) -> Vec<Command> {
    std::iter::from_fn(|| rx.try_recv().ok()).collect()
}

/// The `seq` of the single show among `commands`.
fn shown_seq(commands: &[Command]) -> u64 {
    let seqs: Vec<u64> = commands
        .iter()
        .filter_map(|c| match c {
            Command::Show { seq, .. } => Some(*seq),
            _ => None,
        })
        .collect();
    assert_eq!(seqs.len(), 1, "one show in {commands:?}");
    seqs[0]
}

/// Shows the reminder and has the server take it as notification `id`.
fn show_reminder(d: &mut Display, rx: &mut UnboundedReceiver<Command>, id: u32) {
    d.perform(&Action::Show(view()), at(0));
    let seq = shown_seq(&sent(rx));
    assert_eq!(d.note(Note::Shown { seq, id }, at(0)), None);
}

/// Has the server fail the show just asked for, at `now`.
fn fail_show(d: &mut Display, rx: &mut UnboundedReceiver<Command>, now: Timestamp) {
    let seq = shown_seq(&sent(rx));
    d.note(
        Note::Failed {
            seq,
            error: "no server".into(),
        },
        now,
    );
}

#[test]
fn a_failed_show_is_retried_with_doubling_waits_and_reset_by_success() {
    let (mut d, mut rx) = display();
    d.perform(&Action::Show(view()), at(0));
    fail_show(&mut d, &mut rx, at(0));
    assert_eq!(d.error(), Some("no server"));
    assert_eq!(d.deadline(), Some(at(5)));
    d.due(at(4));
    assert!(sent(&mut rx).is_empty(), "not before its time");
    d.due(at(5));
    let again = sent(&mut rx);
    let seq = shown_seq(&again);
    assert!(
        matches!(&again[0], Command::Show { content: Content::Reminder(v), replace: false, .. } if *v == view()),
        "{again:?}"
    );
    d.note(
        Note::Failed {
            seq,
            error: "no server".into(),
        },
        at(5),
    );
    assert_eq!(
        d.deadline(),
        Some(at(15)),
        "the second wait is twice the first"
    );
    d.due(at(15));
    let seq = shown_seq(&sent(&mut rx));
    d.note(Note::Shown { seq, id: 7 }, at(15));
    assert_eq!((d.error(), d.deadline()), (None, None));
    // After a success, the next failure starts from the first wait again.
    d.perform(&Action::Show(view()), at(100));
    let seq = shown_seq(&sent(&mut rx));
    d.note(
        Note::Failed {
            seq,
            error: "gone".into(),
        },
        at(100),
    );
    assert_eq!(d.deadline(), Some(at(105)));
}

#[test]
fn a_late_failure_of_an_older_message_does_not_bring_it_back() {
    let (mut d, mut rx) = display();
    d.perform(&Action::Show(view()), at(0));
    let old = shown_seq(&sent(&mut rx));
    d.perform(&Action::Close, at(1));
    d.note(
        Note::Failed {
            seq: old,
            error: "timed out".into(),
        },
        at(6),
    );
    assert_eq!(d.deadline(), None, "no retry of a message nobody wants");
    assert_eq!(d.error(), None);
}

#[test]
fn answers_to_stale_ids_are_ignored_and_actions_become_events() {
    let (mut d, mut rx) = display();
    show_reminder(&mut d, &mut rx, 4);
    assert_eq!(d.answer(3, &Response::Action(ActionKey::Done)), None);
    assert_eq!(
        d.answer(4, &Response::Action(ActionKey::Snooze)),
        Some(Event::Snooze(None))
    );
    assert_eq!(d.answer(4, &Response::Other("open".into())), None);
    assert_eq!(d.answer(4, &Response::Default), Some(Event::Start));
    // A new reminder replaces the old: the old id's late answer means nothing.
    d.perform(&Action::Show(view()), at(10));
    assert_eq!(d.answer(4, &Response::Action(ActionKey::Skip)), None);
}

#[test]
fn a_user_close_of_a_reminder_is_an_answer_an_expiry_is_not() {
    let (mut d, mut rx) = display();
    show_reminder(&mut d, &mut rx, 4);
    assert_eq!(d.answer(4, &Response::Dismissed), Some(Event::Dismissed));
    assert_eq!(
        sent(&mut rx),
        [Command::Forget {
            server_changed: false
        }],
        "the closed notification is forgotten, not closed again"
    );
    assert_eq!(d.answer(4, &Response::Dismissed), None, "answered once");
    show_reminder(&mut d, &mut rx, 5);
    assert_eq!(d.answer(5, &Response::Closed), None);
}

#[test]
fn a_restarted_server_gets_the_open_reminder_again() {
    let (mut d, mut rx) = display();
    show_reminder(&mut d, &mut rx, 4);
    d.note(Note::ServerAppeared, at(30));
    let commands = sent(&mut rx);
    assert_eq!(
        commands[0],
        Command::Forget {
            server_changed: true
        }
    );
    let seq = shown_seq(&commands);
    assert!(
        matches!(&commands[1], Command::Show { content: Content::Reminder(v), replace: false, .. } if *v == view()),
        "{commands:?}"
    );
    assert_eq!(
        d.answer(4, &Response::Action(ActionKey::Done)),
        None,
        "old id"
    );
    d.note(Note::Shown { seq, id: 1 }, at(30));
    assert_eq!(
        d.answer(1, &Response::Action(ActionKey::Done)),
        Some(Event::Done)
    );
    // With nothing open, a new server only makes the task ask who it is.
    d.perform(&Action::Close, at(40));
    sent(&mut rx);
    d.note(Note::ServerAppeared, at(50));
    assert_eq!(
        sent(&mut rx),
        [Command::Forget {
            server_changed: true
        }]
    );
}

#[test]
fn a_guided_set_updates_its_progress_in_place_each_minute_until_closed_by_the_user() {
    let (mut d, mut rx) = display();
    let ends = at(420);
    d.perform(&Action::SetStarted { ends, reps: 70 }, at(0));
    let seq = shown_seq(&sent(&mut rx));
    d.note(Note::Shown { seq, id: 9 }, at(0));
    assert_eq!(d.deadline(), Some(at(60)));
    d.due(at(60));
    let update = sent(&mut rx);
    assert!(
        matches!(&update[0], Command::Show { replace: true, content: Content::Message(m), .. } if m.summary == "Soleus set: 6 minutes left"),
        "{update:?}"
    );
    let seq = shown_seq(&update);
    d.note(Note::Shown { seq, id: 9 }, at(60));
    // The user closes the progress: no more updates, the set goes on.
    assert_eq!(d.answer(9, &Response::Dismissed), None);
    sent(&mut rx);
    assert_eq!(d.deadline(), None);
    d.due(at(180));
    assert!(sent(&mut rx).is_empty());
    // The end still asks for a confirmation, as a new notification.
    d.perform(&Action::SetFinished { reps: 70 }, ends);
    let done = sent(&mut rx);
    assert!(
        matches!(&done[0], Command::Show { replace: false, content: Content::Message(m), .. } if m.summary == "Set complete"),
        "{done:?}"
    );
}

#[test]
fn reconfigure_changes_the_style_of_the_next_message() {
    let (mut d, mut rx) = display();
    let mut config = Config::defaults();
    config.notifications.sound = !config.notifications.sound;
    d.reconfigure(&config);
    d.perform(&Action::Show(view()), at(0));
    let commands = sent(&mut rx);
    assert!(
        matches!(&commands[0], Command::Show { style, .. } if style.sound == config.notifications.sound),
        "{commands:?}"
    );
}

#[test]
fn a_body_click_starts_from_a_reminder_only() {
    let (mut d, mut rx) = display();
    d.perform(&Action::SetFinished { reps: 70 }, at(0));
    let seq = shown_seq(&sent(&mut rx));
    d.note(Note::Shown { seq, id: 9 }, at(0));
    assert_eq!(
        d.answer(9, &Response::Default),
        None,
        "a stray click on \"set complete\" logs nothing"
    );
    show_reminder(&mut d, &mut rx, 10);
    assert_eq!(d.answer(10, &Response::Default), Some(Event::Start));
}

#[test]
fn a_clock_set_back_moves_the_retry_and_the_progress_with_it() {
    let hour = SignedDuration::from_hours(1);
    let (mut d, mut rx) = display();
    d.perform(&Action::Show(view()), at(3600));
    fail_show(&mut d, &mut rx, at(3600));
    assert_eq!(d.deadline(), Some(at(3605)));
    // The clock is set back an hour: the retry still comes 5 s after the failure.
    d.clock_stepped(-hour);
    assert_eq!(d.deadline(), Some(at(5)), "not an hour and 5 s later");
    d.due(at(5));
    let seq = shown_seq(&sent(&mut rx));
    d.note(Note::Shown { seq, id: 3 }, at(5));

    // A guided set started at 3600 ends at 4020; set back an hour, it ends at 420, and
    // its progress comes each minute of the new clock, counting down to the new end.
    let (mut d, mut rx) = display();
    d.perform(
        &Action::SetStarted {
            ends: at(4020),
            reps: 70,
        },
        at(3600),
    );
    let seq = shown_seq(&sent(&mut rx));
    d.note(Note::Shown { seq, id: 9 }, at(3600));
    d.clock_stepped(-hour);
    assert_eq!(d.deadline(), Some(at(60)));
    d.due(at(60));
    let update = sent(&mut rx);
    assert!(
        matches!(&update[0], Command::Show { content: Content::Message(m), .. } if m.summary == "Soleus set: 6 minutes left"),
        "{update:?}"
    );
}

/// The reminder is written down before the notification task asks the server (the loop
/// writes what this says before it yields): a daemon killed while the call is in flight
/// leaves it known to the next one. Its id follows once the server gave it.
#[test]
fn a_reminder_is_on_record_before_the_server_is_asked() {
    let (mut d, mut rx) = display();
    assert_eq!(d.on_screen(), None);
    d.perform(&Action::Show(view()), at(0));
    let pending = Left {
        notification: None,
        reminder: Some(at(0)),
    };
    assert_eq!(d.on_screen(), Some(pending));
    // A failed call is retried: the reminder is still the one wanted on screen.
    fail_show(&mut d, &mut rx, at(0));
    assert_eq!(d.on_screen(), Some(pending));
    d.due(at(5));
    let seq = shown_seq(&sent(&mut rx));
    d.note(Note::Shown { seq, id: 4 }, at(5));
    assert_eq!(
        d.on_screen(),
        Some(Left {
            notification: Some(4),
            reminder: Some(at(0)),
        })
    );
    // A message that is not a reminder has nothing to resolve until it has an id.
    d.perform(
        &Action::SetStarted {
            ends: at(425),
            reps: 70,
        },
        at(5),
    );
    assert_eq!(d.on_screen(), None);
    d.perform(&Action::Close, at(6));
    assert_eq!(d.on_screen(), None);
}

#[test]
fn a_body_click_on_gnome_brings_the_reminder_back_with_every_answer() {
    let (mut d, mut rx) = display();
    d.perform(&Action::SetFinished { reps: 70 }, at(0));
    let seq = shown_seq(&sent(&mut rx));
    d.note(Note::Shown { seq, id: 9 }, at(0));
    assert_eq!(d.answer(9, &Response::AllAnswers), None);
    assert!(
        sent(&mut rx).is_empty(),
        "nothing but a reminder comes back"
    );

    show_reminder(&mut d, &mut rx, 10);
    assert_eq!(d.answer(10, &Response::AllAnswers), None, "no answer yet");
    let commands = sent(&mut rx);
    assert!(
        matches!(&commands[..], [Command::Show { content: Content::Answers(v), replace: false, .. }] if *v == view()),
        "a new banner, not an update of one the shell may have tucked away: {commands:?}"
    );
    let seq = shown_seq(&commands);
    d.note(Note::Shown { seq, id: 11 }, at(1));
    assert_eq!(
        d.answer(10, &Response::AllAnswers),
        None,
        "the old one is gone"
    );
    assert!(sent(&mut rx).is_empty());
    assert_eq!(
        d.on_screen().map(|l| (l.notification, l.reminder)),
        Some((Some(11), Some(view().id)))
    );
    // Still a reminder: its buttons answer, and its close is the reminder's close.
    assert_eq!(
        d.answer(11, &Response::Action(ActionKey::Skip)),
        Some(Event::Skip)
    );
    assert_eq!(d.answer(11, &Response::Dismissed), Some(Event::Dismissed));
}
