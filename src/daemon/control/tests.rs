//! Control requests against the real scheduler, without a socket.

use jiff::tz::TimeZone;

use super::*;
use crate::config::Config;
use crate::schedule::{Activity, Refusal, Scheduler};

fn at(hm: &str) -> Timestamp {
    format!("2026-11-23T{hm}:00Z").parse().expect("valid")
}

/// A scheduler with a reminder showing at 10:00 (UTC, a Monday, defaults).
fn reminding() -> Scheduler {
    let mut s = Scheduler::new(Config::defaults(), TimeZone::UTC, at("09:00"));
    s.on(
        at("09:00"),
        Event::Presence {
            state: Activity::Active,
            since: at("09:00"),
        },
    );
    let shown = s.on(at("10:00"), Event::Tick);
    assert!(
        shown.actions.iter().any(|a| matches!(a, Action::Show(_))),
        "{shown:?}"
    );
    s
}

fn ask(s: &mut Scheduler, request: Request, now: Timestamp) -> Reply {
    match route(request, now) {
        Routed::Event(event, asked) => {
            let before = s.status(now).state;
            let outcome = s.on(now, event);
            reply(asked, before, &outcome, None, now, &TimeZone::UTC)
        }
        other => panic!("expected an event, got {other:?}"),
    }
}

#[test]
fn requests_become_events() {
    let now = at("10:00");
    assert_eq!(route(Request::Status, now), Routed::Status);
    assert_eq!(
        route(Request::Snooze { seconds: Some(300) }, now),
        Routed::Event(
            Event::Snooze(Some(SignedDuration::from_mins(5))),
            Asked::Snooze
        )
    );
    let until = Some(at("11:00"));
    assert_eq!(
        route(
            Request::Pause {
                seconds: Some(3600),
                until: None,
            },
            now
        ),
        Routed::Event(Event::Pause { until }, Asked::Pause { until })
    );
    assert_eq!(
        route(Request::Skip, now),
        Routed::Event(Event::Skip, Asked::Skip)
    );
    let meal = "2026-11-23T09:30:00Z";
    assert_eq!(
        route(Request::Meal { at: meal.into() }, now),
        Routed::Event(Event::Meal { at: at("09:30") }, Asked::Meal)
    );
    assert_eq!(
        route(Request::MealUndone { at: meal.into() }, now),
        Routed::Event(Event::MealUndone { at: at("09:30") }, Asked::MealUndone)
    );
}

#[test]
fn bad_arguments_are_answered_without_the_scheduler() {
    let now = at("10:00");
    for request in [
        Request::Snooze { seconds: Some(0) },
        Request::Pause {
            seconds: Some(8 * 24 * 3600),
            until: None,
        },
        Request::Logged {
            at: "yesterday".into(),
            reps: 10,
            duration_s: 60,
        },
        Request::Meal { at: "noon".into() },
        Request::MealUndone { at: "noon".into() },
        // Times no client sends: ahead of now, before 1970, at the ends of jiff's range.
        Request::Meal {
            at: "2026-11-23T10:05:00Z".into(),
        },
        Request::Meal {
            at: "9999-12-30T00:00:00Z".into(),
        },
        Request::MealUndone {
            at: "1969-12-31T23:59:59Z".into(),
        },
        Request::MealUndone {
            at: "-009999-01-03T00:00:00Z".into(),
        },
    ] {
        let Routed::Reply(reply) = route(request.clone(), now) else {
            panic!("{request:?} should be refused at once");
        };
        assert!(!reply.ok, "{reply:?}");
    }
}

/// Found by `tests/fuzz.rs`: a pause of an hour with the clock at the end of jiff's range
/// overflowed and panicked.
#[test]
fn a_pause_past_the_last_representable_time_is_refused_not_a_panic() {
    let request = Request::Pause {
        seconds: Some(3600),
        until: None,
    };
    let Routed::Reply(reply) = route(request, Timestamp::MAX) else {
        panic!("should be refused at once");
    };
    assert!(
        reply
            .message
            .unwrap_or_default()
            .contains("past the year 9999")
    );
}

#[test]
fn the_snooze_reply_names_the_end_the_scheduler_recorded() {
    let mut s = reminding();
    let reply = ask(&mut s, Request::Snooze { seconds: Some(900) }, at("10:02"));
    assert_eq!(reply, Reply::ok("snoozed until 10:17"));
    // The configured default when none is given (10 minutes).
    let mut s = reminding();
    let reply = ask(&mut s, Request::Snooze { seconds: None }, at("10:02"));
    assert_eq!(reply, Reply::ok("snoozed until 10:12"));
}

#[test]
fn refusals_and_failed_records_are_errors_that_say_why() {
    let mut s = reminding();
    let reply = ask(&mut s, Request::Resume, at("10:01"));
    assert_eq!(reply, Reply::error(Refusal::NotPaused.to_string()));
    let outcome = s.on(at("10:02"), Event::Skip);
    let reply = reply_for(Asked::Skip, &outcome, Some("disk full"));
    assert_eq!(reply, Reply::error("skipped, but disk full"));
}

fn reply_for(asked: Asked, outcome: &Outcome, history_error: Option<&str>) -> Reply {
    reply(
        asked,
        State::Reminding,
        outcome,
        history_error,
        at("10:02"),
        &TimeZone::UTC,
    )
}

#[test]
fn a_pause_past_today_names_its_day() {
    let mut s = reminding();
    let reply = ask(
        &mut s,
        Request::Pause {
            seconds: Some(48 * 3600),
            until: None,
        },
        at("10:00"),
    );
    assert_eq!(
        reply,
        Reply::ok("paused until Wed 10:00; the open reminder is used up (it counts as skipped)")
    );
    let mut s = reminding();
    let reply = ask(
        &mut s,
        Request::Pause {
            seconds: Some(14 * 3600 + 29),
            until: None,
        },
        at("10:00"),
    );
    assert_eq!(
        reply,
        Reply::ok(
            "paused until tomorrow 00:00; the open reminder is used up (it counts as skipped)"
        )
    );
}

#[test]
fn done_says_what_it_logged_or_why_it_logged_nothing() {
    let mut s = reminding();
    assert!(ask(&mut s, Request::Start, at("10:01")).ok);
    let reply = ask(
        &mut s,
        Request::Done,
        at("10:01") + SignedDuration::from_secs(30),
    );
    assert_eq!(
        reply,
        Reply::ok(
            "guided set ended after 30 seconds: under 1 minute is not a set, so nothing was \
             logged (`soleus log REPS` records one)"
        )
    );
    assert!(ask(&mut s, Request::Start, at("10:05")).ok);
    let reply = ask(&mut s, Request::Done, at("10:08"));
    assert_eq!(reply, Reply::ok("set logged: 30 reps, 3 minutes"));
}

#[test]
fn a_pause_to_midnight_is_until_tomorrow_and_an_until_must_be_ahead() {
    let mut s = reminding();
    let request = |until: &str| Request::Pause {
        seconds: None,
        until: Some(until.to_owned()),
    };
    let reply = ask(&mut s, request("2026-11-24T00:00:00Z"), at("10:00"));
    assert!(
        reply
            .message
            .as_deref()
            .is_some_and(|m| m.starts_with("paused until tomorrow;")),
        "{reply:?}"
    );
    for until in ["2026-11-23T09:00:00Z", "2026-12-23T09:00:00Z", "noon"] {
        let Routed::Reply(reply) = route(request(until), at("10:00")) else {
            panic!("{until} should be refused at once");
        };
        assert!(!reply.ok, "{reply:?}");
    }
}
