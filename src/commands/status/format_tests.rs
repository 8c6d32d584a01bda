//! The bar formats, read as a bar would get them.

use super::super::tests::{at, now};
use super::*;
use crate::ipc::StatusReport;
use crate::schedule::State;

/// The status tests' report, with a reminder due at 17:23:30 local time.
fn report(state: State) -> StatusReport {
    let mut r = super::super::tests::report(state);
    r.next_reminder_at = Some(at("2026-11-29T16:23:30Z"));
    r
}

fn spec(s: &str) -> Spec {
    s.parse().expect("format")
}

#[test]
fn the_plain_line_counts_down_to_what_comes_next() {
    let r = report(State::Sitting);
    assert_eq!(text(&r, &now()), "1/3 next in 24m");
    let mut snoozed = report(State::Snoozed);
    snoozed.snoozed_until = Some(at("2026-11-29T17:05:00Z"));
    assert_eq!(text(&snoozed, &now()), "1/3 snoozed 1h05m");
    assert_eq!(text(&report(State::Reminding), &now()), "1/3 set due");
    assert_eq!(text(&report(State::Away), &now()), "1/3 away");
    let mut off = StatusReport::not_running();
    off.goal_sets = 3;
    assert_eq!(text(&off, &now()), "0/3 soleus is not running");
}

#[test]
fn waybar_gets_its_four_fields() {
    let line = render(&spec("waybar"), &report(State::Sitting), &now());
    let doc: serde_json::Value = serde_json::from_str(&line).expect("json");
    assert_eq!(doc["text"], "1/3 next in 24m");
    assert_eq!(doc["class"], "sitting");
    assert_eq!(doc["percentage"], 33);
    let tooltip = doc["tooltip"].as_str().expect("tooltip");
    assert!(tooltip.contains("today: 1 of 3 sets"), "{tooltip}");
    let mut streak = report(State::Sitting);
    streak.streak_days = 12;
    let doc: serde_json::Value =
        serde_json::from_str(&render(&spec("waybar"), &streak, &now())).expect("json");
    let tooltip = doc["tooltip"].as_str().expect("tooltip");
    assert!(
        tooltip.contains("streak: 12 days in a row with sets"),
        "{tooltip}"
    );
    assert!(!line.contains('\n'), "one line: {line}");
    let mut done = report(State::DoneForToday);
    done.sets_today = 4;
    let doc: serde_json::Value =
        serde_json::from_str(&render(&spec("waybar"), &done, &now())).expect("json");
    assert_eq!(doc["percentage"], 100);
    assert_eq!(doc["class"], "done_for_today");
}

#[test]
fn json_is_one_document_per_line_and_reads_back() {
    let r = report(State::InSet);
    let line = render(&spec("json"), &r, &now());
    assert!(!line.contains('\n'));
    let back: StatusReport = serde_json::from_str(&line).expect("parses");
    assert_eq!(back, r);
}

#[test]
fn templates_fill_named_fields_and_keep_the_rest() {
    let r = report(State::Sitting);
    let line = render(
        &spec("{state} {next_in} {sets}/{goal} at {next} {{x}}"),
        &r,
        &now(),
    );
    assert_eq!(line, "sitting 24m 1/3 at 17:24 {x}");
    assert_eq!(render(&spec("{percentage}%"), &r, &now()), "33%");
    assert_eq!(render(&spec("i3blocks"), &r, &now()), text(&r, &now()));
    assert_eq!(render(&spec("polybar"), &r, &now()), text(&r, &now()));
}

#[test]
fn a_bad_format_says_what_is_allowed() {
    let e = "{state} {nxt}".parse::<Spec>().expect_err("unknown field");
    assert!(e.to_string().contains("{next_in}"), "{e}");
    assert_eq!("{state".parse::<Spec>(), Err(FormatError::Unclosed));
    let e = "yaml".parse::<Spec>().expect_err("unknown");
    assert!(e.to_string().contains("waybar"), "{e}");
}

#[test]
fn compact_durations_round_up_to_the_minute() {
    assert_eq!(compact(SignedDuration::from_secs(1)), "1m");
    assert_eq!(compact(SignedDuration::from_secs(60)), "1m");
    assert_eq!(compact(SignedDuration::from_secs(61)), "2m");
    assert_eq!(compact(SignedDuration::from_secs(3600 + 5 * 60)), "1h05m");
    assert_eq!(compact(SignedDuration::from_secs(3 * 86_400)), "3d");
    assert_eq!(compact(SignedDuration::from_secs(-5)), "0m");
}

#[test]
fn the_follower_redraws_when_the_shown_minute_changes() {
    let r = report(State::Sitting);
    let now = at("2026-11-29T16:00:00Z");
    // 23m30s left shows 24m until 23m left, 30 s from now.
    assert_eq!(redraw_at(&r, now), Some(at("2026-11-29T16:00:30Z")));
    assert_eq!(redraw_at(&report(State::Reminding), now), None);
    assert_eq!(redraw_at(&r, at("2026-11-29T16:30:00Z")), None);
}

#[test]
fn a_template_names_the_streak() {
    let mut r = report(State::Sitting);
    r.streak_days = 12;
    assert_eq!(
        render(&spec("{sets}/{goal} streak {streak}"), &r, &now()),
        "1/3 streak 12"
    );
}
