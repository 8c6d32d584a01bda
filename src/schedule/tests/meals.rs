//! Meals and the spread of reminders through the day: a reminder comes soon after a meal
//! (usual or logged), the rest share the day, and neither breaks the daily cap.

use super::*;

/// A user seated from 09:00 to 18:00 who answers every reminder with `answer`: the times
/// reminders were first shown, and what each said about a meal.
fn day(cfg: &Config, meals: &[Timestamp], answer: &Event) -> Vec<(Timestamp, Option<Timestamp>)> {
    let mut s = seated(cfg);
    for m in meals {
        s.on(at("09:00"), Event::Meal { at: *m });
    }
    let mut shown_at = Vec::new();
    while let Some(t) = s.next_deadline().filter(|t| *t < at("18:00")) {
        let o = s.on(t, Event::Tick);
        if let Some(view) = shown(&o) {
            shown_at.push((t, view.after_meal));
            s.on(t, answer.clone());
        }
    }
    shown_at
}

fn times(day: &[(Timestamp, Option<Timestamp>)]) -> Vec<Timestamp> {
    day.iter().map(|(t, _)| *t).collect()
}

const LUNCH: &str = "[meals]\ntimes = [\"12:30\"]\n";

#[test]
fn without_meals_the_afternoon_gets_a_reminder() {
    for answer in [Event::Skip, Event::Done] {
        let shown = times(&day(&Config::defaults(), &[], &answer));
        assert_eq!(shown.len(), 3, "{answer:?}: {shown:?}");
        assert!(shown[2] > at("14:00"), "{answer:?}: {shown:?}");
        // Spread, not packed: the second comes after min_gap's earliest, 11:15.
        assert!(shown[1] > at("12:00"), "{answer:?}: {shown:?}");
    }
}

/// `spread = false`: each reminder comes as soon as sitting and `min_gap` allow, as before
/// the spread (the morning takes them all).
#[test]
fn without_spread_reminders_come_as_soon_as_min_gap_allows() {
    let shown = times(&day(
        &config("[schedule]\nspread = false\n"),
        &[],
        &Event::Skip,
    ));
    assert_eq!(shown, [at("09:45"), at("11:15"), at("12:45")]);
}

#[test]
fn unanswered_reminders_are_spread_too() {
    let mut s = seated(&Config::defaults());
    let mut shown_at = Vec::new();
    while let Some(t) = s.next_deadline().filter(|t| *t < at("18:00")) {
        if shown(&s.on(t, Event::Tick)).is_some() {
            shown_at.push(t);
        }
    }
    assert_eq!(shown_at.len(), 3, "{shown_at:?}");
    assert!(shown_at[2] > at("14:00"), "{shown_at:?}");
}

#[test]
fn a_usual_meal_brings_a_reminder_soon_after_it() {
    let cfg = config(LUNCH);
    for answer in [Event::Skip, Event::Done] {
        let shown = day(&cfg, &[], &answer);
        let after: Vec<_> = shown.iter().filter(|(_, m)| m.is_some()).collect();
        assert_eq!(after.len(), 1, "{answer:?}: {shown:?}");
        let (t, meal) = after[0];
        assert!(
            (at("12:40")..=at("14:00")).contains(t),
            "{answer:?}: {shown:?}"
        );
        assert_eq!(*meal, Some(at("12:30")));
        assert!(shown.len() <= 3);
    }
}

#[test]
fn a_logged_meal_replaces_the_usual_time_near_it() {
    let cfg = config(LUNCH);
    let shown = day(&cfg, &[at("11:30")], &Event::Skip);
    let after: Vec<_> = shown.iter().filter(|(_, m)| m.is_some()).collect();
    assert_eq!(after.len(), 1, "{shown:?}");
    assert!(
        (at("11:40")..=at("13:00")).contains(&after[0].0),
        "{shown:?}"
    );
    assert_eq!(after[0].1, Some(at("11:30")));
    // A logged breakfast far from lunch leaves the usual lunch in place.
    let shown = day(&cfg, &[at("07:00")], &Event::Skip);
    assert!(
        shown.iter().any(|(_, m)| *m == Some(at("12:30"))),
        "{shown:?}"
    );
}

#[test]
fn a_post_meal_reminder_needs_only_a_short_settle() {
    // Back from lunch at 12:55: the full 45m of sitting would be 13:40.
    let cfg = config(LUNCH);
    let mut s = seated(&cfg);
    s.on(
        at("12:00"),
        Event::Presence {
            state: Activity::Locked,
            since: at("12:00"),
        },
    );
    s.on(
        at("12:55"),
        Event::Presence {
            state: Activity::Active,
            since: at("12:55"),
        },
    );
    assert_eq!(s.next_deadline(), Some(at("13:05")));
}

#[test]
fn meals_never_raise_the_daily_cap() {
    let cfg = config(
        "[schedule]\nsets_per_day = 2\n[meals]\ntimes = [\"09:30\", \"12:30\", \"16:00\"]\n",
    );
    for answer in [Event::Skip, Event::Done] {
        assert_eq!(
            day(&cfg, &[at("10:30"), at("14:00")], &answer).len(),
            2,
            "{answer:?}"
        );
    }
}

#[test]
fn a_meal_outside_active_hours_or_days_changes_nothing() {
    let plain = day(&Config::defaults(), &[], &Event::Skip);
    let evening = config("[meals]\ntimes = [\"19:30\", \"07:00\"]\n");
    assert_eq!(day(&evening, &[], &Event::Skip), plain);
    // A meal logged on Sunday (a day off) says nothing about Monday.
    assert_eq!(
        day(
            &Config::defaults(),
            &["2026-11-22T12:30:00Z".parse().expect("timestamp")],
            &Event::Skip
        ),
        plain
    );
}

#[test]
fn an_undone_meal_no_longer_counts() {
    let mut s = seated(&Config::defaults());
    s.on(at("09:00"), Event::Meal { at: at("09:00") });
    assert_eq!(s.next_deadline(), Some(at("09:10")));
    s.on(at("09:01"), Event::MealUndone { at: at("09:00") });
    assert_eq!(s.next_deadline(), Some(at("09:45")));
}

#[test]
fn a_restart_carries_on_the_meals_in_history() {
    let mut s = Scheduler::new(Config::defaults(), TimeZone::UTC, at("12:50"));
    // Two days back is forgotten; lunch at 12:30 today opens a window until 14:00.
    s.resume_meals([
        "2026-11-21T12:30:00Z".parse().expect("timestamp"),
        at("12:30"),
    ]);
    s.on(
        at("12:50"),
        Event::Presence {
            state: Activity::Active,
            since: at("12:50"),
        },
    );
    assert_eq!(s.next_deadline(), Some(at("13:00")));
    let o = s.on(at("13:00"), Event::Tick);
    assert_eq!(shown(&o).and_then(|v| v.after_meal), Some(at("12:30")));
}
