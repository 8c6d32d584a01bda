//! The owner's timing without a bus or a clock: instants are passed in, and checks read
//! ALSA status files the test writes in a folder standing for `/proc` (no sound server,
//! no bus: those reads fail at once and say so).

use std::fs;
use std::path::Path;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

use super::*;
use crate::context::{Kind, Places};
use crate::schedule::Tally;

fn t(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_795_420_800 + seconds).expect("in range")
}

/// The owner, the channel its checks answer on, and the folder its sources read.
struct Fixture {
    context: Context,
    answers: UnboundedReceiver<Input>,
    dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let places = Places {
        bus: Some(format!("unix:path={}", dir.path().join("no-bus").display())),
        proc_root: dir.path().join("proc"),
        dev: dir.path().join("dev"),
        pulse: Some(dir.path().join("no-pulse")),
        ..Places::system()
    };
    fs::create_dir_all(&places.dev).expect("dev");
    let (tx, answers) = unbounded_channel();
    Fixture {
        context: Context::with(ContextTracker::polled_only(places), tx),
        answers,
        dir,
    }
}

/// A capture substream running (a call) or closed, as the kernel words its status.
fn call(dir: &Path, on: bool) {
    let status = dir.join("proc/asound/card0/pcm0c/sub0/status");
    fs::create_dir_all(status.parent().expect("parent")).expect("folders");
    let text = if on { "state: RUNNING\n" } else { "closed\n" };
    fs::write(status, text).expect("status file");
}

impl Fixture {
    /// The reports of the check under way.
    async fn answer(&mut self) -> Vec<ContextReport> {
        match self.answers.recv().await {
            Some(Input::Checked(reports)) => reports,
            other => panic!("expected a check's reports, got {other:?}"),
        }
    }
}

fn status(state: State) -> Status {
    Status {
        state,
        sitting: SignedDuration::ZERO,
        sitting_today: SignedDuration::ZERO,
        next_reminder_at: None,
        snoozed_until: None,
        paused_until: None,
        today: Tally::default(),
        goal_sets: 3,
        streak_days: 0,
        reminder_shown_at: None,
        reminder_expires_at: None,
        set_ends_at: None,
        away_since: None,
        held_by: Vec::new(),
        held_since: None,
    }
}

fn call_changed(on: bool) -> impl Fn(&Event) -> bool {
    move |e| matches!(e, Event::Context { kind: Kind::Call, on: o, .. } if *o == on)
}

#[tokio::test]
async fn a_check_answers_opens_the_gate_and_is_trusted_for_five_seconds() {
    let mut f = fixture();
    assert!(f.context.may_check(t(0)), "never read: a reminder waits");
    f.context.start_check(t(0));
    assert!(f.context.waiting());
    assert!(!f.context.may_check(t(1)), "one at a time");
    assert_eq!(f.context.deadline(&status(State::Sitting)), Some(t(3)));

    call(f.dir.path(), true);
    let reports = f.answer().await;
    let events = f.context.checked(reports, t(1));
    assert!(events.iter().any(call_changed(true)), "{events:?}");
    assert_eq!(events.last(), Some(&Event::Checking(false)), "gate last");
    assert!(!f.context.waiting());
    assert_eq!(f.context.deadline(&status(State::Sitting)), None);
    assert!(!f.context.may_check(t(5)), "4 s old: still the truth");
    assert!(f.context.may_check(t(6)), "5 s old: read again");
}

#[tokio::test]
async fn a_check_that_does_not_answer_is_given_up_after_three_seconds() {
    let mut f = fixture();
    f.context.start_check(t(0));
    let sitting = status(State::Sitting);
    assert_eq!(f.context.due(&sitting, t(2)), None);
    assert!(f.context.waiting(), "still waiting at 2 s");
    assert_eq!(f.context.due(&sitting, t(3)), Some(Event::Checking(false)));
    assert!(!f.context.waiting());
    assert_eq!(f.context.deadline(&sitting), None);
    // Given up counts as read for a while: no check every few seconds while it hangs.
    assert!(!f.context.may_check(t(7)));
    assert!(f.context.may_check(t(8)));
    // Its late answer still counts, and opens the (already open) gate again.
    let late = f.answer().await;
    assert_eq!(f.context.checked(late, t(9)), [Event::Checking(false)]);
}

#[tokio::test]
async fn a_reminder_held_by_a_call_is_read_again_every_minute_until_it_ends() {
    let mut f = fixture();
    let held = status(State::Held);
    // Nothing polled holds anything yet: no recheck.
    assert_eq!(f.context.deadline(&held), None);
    call(f.dir.path(), true);
    f.context.start_check(t(0));
    let reports = f.answer().await;
    f.context.checked(reports, t(1));

    assert_eq!(f.context.deadline(&held), Some(t(61)));
    assert_eq!(
        f.context.deadline(&status(State::Sitting)),
        None,
        "only while a reminder is held"
    );
    assert_eq!(f.context.due(&held, t(60)), None);
    assert!(!f.context.waiting(), "not before the minute is up");
    assert_eq!(f.context.due(&held, t(61)), None);
    assert!(f.context.waiting(), "read again at the minute");

    call(f.dir.path(), false);
    let reports = f.answer().await;
    let events = f.context.checked(reports, t(62));
    assert!(events.iter().any(call_changed(false)), "{events:?}");
    assert_eq!(
        f.context.deadline(&held),
        None,
        "nothing polled holds it now"
    );
}

#[tokio::test]
async fn a_clock_set_back_moves_the_check_limit_and_the_last_answer_with_it() {
    let mut f = fixture();
    let sitting = status(State::Sitting);
    let hour = SignedDuration::from_hours(1);
    f.context.start_check(t(3600));
    f.context.clock_stepped(-hour);
    assert_eq!(
        f.context.deadline(&sitting),
        Some(t(3)),
        "3 s after, not 1 h 3 s"
    );
    assert_eq!(f.context.due(&sitting, t(3)), Some(Event::Checking(false)));

    let reports = f.answer().await;
    f.context.checked(reports, t(3600));
    assert!(!f.context.may_check(t(3604)));
    f.context.clock_stepped(-hour);
    assert!(f.context.may_check(t(5)), "an answer 5 s old is read again");
}
