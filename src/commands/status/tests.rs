//! `soleus status` for people: one report per state, read as a user would.

use super::*;

pub(super) fn now() -> Zoned {
    // A Sunday evening, so that "next reminder" falls on another day.
    "2026-11-29T17:00:00+01:00[Europe/Berlin]"
        .parse()
        .expect("zoned")
}

pub(super) fn at(text: &str) -> Timestamp {
    text.parse().expect("timestamp")
}

pub(super) fn report(state: State) -> StatusReport {
    let mut r = StatusReport::not_running();
    r.running = true;
    r.pid = Some(42);
    r.state = Some(state);
    r.goal_sets = 3;
    r.sets_today = 1;
    r.reps_today = 70;
    r.reminders_today = 1;
    r.sitting_seconds = 32 * 60 + 10;
    r.idle_source = Some(ActivitySource::X11);
    r.idle_detail = Some("X display \":0\", MIT-SCREEN-SAVER, polled".to_owned());
    r.lock_sources = vec!["logind LockedHint".to_owned()];
    r
}

#[test]
fn sitting_says_how_long_and_when_the_next_reminder_comes_with_its_day() {
    let mut r = report(State::Sitting);
    r.next_reminder_at = Some(at("2026-11-30T08:45:00Z"));
    let text = human(&r, &now(), false);
    assert_eq!(
        text,
        "soleus is running (pid 42): sitting for 32 minutes\n  today: 1 of 3 sets, 70 reps\n  \
         next reminder: tomorrow 09:45 if you keep sitting\n"
    );
}

#[test]
fn after_the_daily_cap_no_more_reminders_today_instead_of_a_time() {
    let mut r = report(State::Sitting);
    r.reminders_today = 3;
    r.next_reminder_at = Some(at("2026-11-29T23:00:00Z"));
    let text = human(&r, &now(), false);
    assert!(text.contains("no more reminders today (3 of 3)"), "{text}");
    assert!(!text.contains("00:00"), "{text}");
}

#[test]
fn each_state_says_what_matters_in_it() {
    let mut r = report(State::Reminding);
    r.reminder_shown_at = Some(at("2026-11-29T15:50:00Z"));
    r.reminder_expires_at = Some(at("2026-11-29T16:20:00Z"));
    let text = human(&r, &now(), false);
    assert!(
        text.contains(
            "a reminder is open since 16:50 (10 minutes ago); unanswered, it is missed at 17:20"
        ),
        "{text}"
    );
    assert!(!text.contains("next reminder"), "{text}");

    let mut r = report(State::InSet);
    r.set_ends_at = Some(at("2026-11-29T16:04:30Z"));
    let text = human(&r, &now(), false);
    assert!(
        text.contains("in a guided set: 4 minutes 30 seconds left (ends 17:05)"),
        "{text}"
    );

    let text = human(&report(State::Paused), &now(), false);
    assert!(
        text.contains("paused until you resume (`soleus resume`)"),
        "{text}"
    );

    let mut r = report(State::Paused);
    r.paused_until = Some(at("2026-12-01T16:00:00Z"));
    let text = human(&r, &now(), false);
    assert!(text.contains("paused until Tue 17:00"), "{text}");

    let mut r = report(State::DoneForToday);
    r.sets_today = 3;
    r.reps_today = 210;
    let text = human(&r, &now(), false);
    assert_eq!(
        text,
        "soleus is running (pid 42): done for today, 3 of 3 sets (210 reps)\n"
    );

    let mut r = report(State::Away);
    r.away_since = Some(at("2026-11-29T15:48:00Z"));
    let text = human(&r, &now(), false);
    assert!(text.contains("away since 16:48 (12 minutes ago)"), "{text}");
}

#[test]
fn idle_source_detail_is_for_verbose() {
    let r = report(State::Sitting);
    let short = human(&r, &now(), false);
    assert!(!short.contains("idle detection"), "{short}");
    assert!(!short.contains("lock and sleep"), "{short}");
    let long = human(&r, &now(), true);
    assert!(
        long.contains("idle detection: x11 (X display \":0\", MIT-SCREEN-SAVER, polled)"),
        "{long}"
    );
    assert!(long.contains("lock and sleep: logind LockedHint"), "{long}");
}

#[test]
fn the_streak_shows_once_there_is_one_in_every_state() {
    let mut r = report(State::Sitting);
    r.next_reminder_at = Some(at("2026-11-30T08:45:00Z"));
    r.streak_days = 4;
    assert_eq!(
        human(&r, &now(), false),
        "soleus is running (pid 42): sitting for 32 minutes\n  today: 1 of 3 sets, 70 reps\n  \
         streak: 4 days in a row with sets\n  next reminder: tomorrow 09:45 if you keep sitting\n"
    );
    let mut done = report(State::DoneForToday);
    done.streak_days = 1;
    let text = human(&done, &now(), false);
    assert!(
        text.contains("\n  streak: 1 day in a row with sets\n"),
        "{text}"
    );
    r.streak_days = 0;
    assert!(!human(&r, &now(), false).contains("streak"));
}
