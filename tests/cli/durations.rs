//! Durations as people write them (days and weeks, a bare number told what it lacks), and
//! durations as people read them (words, not units, in sentences).

use crate::*;

#[test]
fn days_and_weeks_are_accepted_wherever_a_week_is() {
    let s = Sandbox::new();
    // No daemon runs: exit 3 means the duration was understood, exit 2 that it was refused.
    for ok in ["2d", "1w", "1 week", "7 days", "1d 12h"] {
        assert_exit(&s.run(&["pause", ok]), 3);
    }
    for (bad, needle) in [
        ("8d", "longer than a week"),
        ("45", "a number needs a unit, like \"45m\" for minutes"),
        ("1 month", "months and years vary in length"),
    ] {
        assert_says(&s.run(&["pause", bad]), 2, stderr, needle);
    }
    s.write_config("[schedule]\nmin_gap = \"2h\"\n[snooze]\nduration = \"1 week\"\n");
    let o = s.run(&["config", "check"]);
    assert_exit(&o, 0);
}

#[test]
fn prose_says_durations_in_words() {
    let s = Sandbox::new();
    let o = s.run(&["simulate", "--days", "1", "--start", "2026-11-23"]);
    assert_says(
        &o,
        0,
        stdout,
        "reminder 1 of 3, after 45 minutes of sitting",
    );
    assert_says(&o, 0, stdout, "set done: 70 reps in 7 minutes");
    assert_says(&o, 0, stdout, "back after 45 minutes locked");
    let o = s.run(&[
        "simulate",
        "--days",
        "1",
        "--start",
        "2026-11-23",
        "--respond",
        "snooze",
    ]);
    assert_says(&o, 0, stdout, "reminder 1 again (snoozed once)");
    assert_says(&o, 0, stdout, "reminder 1 again (snoozed 2 times)");
    let o = s.run(&["log", "55"]);
    assert_says(&o, 0, stdout, "a set of 5 minutes 30 seconds.");
    let o = s.run(&["log", "--undo"]);
    assert_says(&o, 0, stdout, "5 minutes 30 seconds long.");
    let o = s.run(&["log", "50", "--duration", "3h"]);
    assert_says(&o, 2, stderr, "a set of 3 hours is longer than 2 hours");
}
