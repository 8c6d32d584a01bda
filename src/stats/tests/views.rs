//! Reminder outcomes, percentages, the period and the heatmap, as people read them.

use super::*;

/// Reminders on 2026-11-24 in UTC: `done` answered ones, then one snoozed twice and skipped,
/// one missed, and `open` ones not answered yet.
fn reminders(done: u32, open: u32) -> Vec<Record> {
    let tz = TimeZone::UTC;
    let d = date(2026, 11, 24);
    let mut records = Vec::new();
    let mut hour = 6;
    let mut next = || {
        hour += 1;
        at(d, hour, 0, &tz)
    };
    for _ in 0..done {
        let t = next();
        records.push(reminder(t, t, ReminderEvent::Shown));
        records.push(reminder(t, t, ReminderEvent::Done));
        records.push(set_at(t, 60, SetOrigin::Reminder));
    }
    let t = next();
    records.push(reminder(t, t, ReminderEvent::Shown));
    records.push(reminder(t, t, ReminderEvent::Snoozed));
    records.push(reminder(t, t, ReminderEvent::Snoozed));
    records.push(reminder(t, t, ReminderEvent::Skipped));
    let t = next();
    records.push(reminder(t, t, ReminderEvent::Shown));
    records.push(reminder(t, t, ReminderEvent::Missed));
    for _ in 0..open {
        let t = next();
        records.push(reminder(t, t, ReminderEvent::Shown));
    }
    records
}

fn one_day(records: &[Record], today: Date) -> Report {
    let day = date(2026, 11, 24);
    report(records, &TimeZone::UTC, &period(day, day, today))
}

#[test]
fn reminder_outcomes_add_up_and_snoozes_are_counted_apart() {
    let r = one_day(&reminders(1, 1), date(2026, 11, 24));
    let o = r.reminders;
    assert_eq!(
        (o.shown, o.done, o.skipped, o.missed, o.open, o.snoozed),
        (4, 1, 1, 1, 1, 2)
    );
    assert_eq!(o.done + o.skipped + o.missed + o.open, o.shown);
    let text = human::render(&r, human::Style { color: false });
    assert!(
        text.contains(
            "Reminders  4 shown: 1 done, 1 skipped, 1 missed, 1 still open; snoozed 2 times\n"
        ),
        "{text}"
    );
}

#[test]
fn percentages_round_to_the_nearest() {
    // 1 of 6 is 16.7%: 17, not 16. 4 of 6 is 66.7%: 67.
    let o = one_day(&reminders(1, 3), date(2026, 11, 24)).reminders;
    assert_eq!((o.done, o.shown, o.became_sets_percent), (1, 6, Some(17)));
    let o = one_day(&reminders(4, 0), date(2026, 11, 24)).reminders;
    assert_eq!((o.done, o.shown, o.became_sets_percent), (4, 6, Some(67)));
}

#[test]
fn a_period_in_the_past_has_no_today_line() {
    let records = reminders(1, 0);
    let past = human::render(
        &one_day(&records, date(2026, 11, 29)),
        human::Style { color: false },
    );
    assert!(!past.contains("Today"), "{past}");
    assert!(past.contains("Streak"), "{past}");
    let current = human::render(
        &one_day(&records, date(2026, 11, 24)),
        human::Style { color: false },
    );
    assert!(current.contains("Today"), "{current}");
}

#[test]
fn the_heatmap_names_the_month_of_a_period_that_starts_mid_week() {
    // Tue 2026-09-01 for 90 days: the first week's Monday is in August.
    let from = date(2026, 9, 1);
    let to = from.checked_add(89.days()).expect("to");
    let text = human::render(
        &report(&[], &TimeZone::UTC, &period(from, to, to)),
        human::Style { color: false },
    );
    let months = text
        .lines()
        .skip_while(|l| !l.starts_with("Week by week"))
        .nth(1)
        .expect("month line");
    assert_eq!(
        months.split_whitespace().collect::<Vec<_>>(),
        ["Sep", "Oct", "Nov"],
        "{text}"
    );
}

/// One set on a Saturday after an empty week: a streak of 1 and no day with the goal met.
/// Side by side, each line says what it counts, so they do not read as a contradiction.
#[test]
fn a_day_off_set_makes_a_streak_that_reads_apart_from_the_goal() {
    let saturday = date(2026, 11, 28);
    let from = date(2026, 11, 22);
    let r = report(
        &[set_on(saturday, 50)],
        &TimeZone::UTC,
        &period(from, saturday, saturday),
    );
    assert_eq!((r.streak_days, r.days_goal_met), (1, 0));
    let text = human::render(&r, human::Style { color: false });
    assert!(
        text.contains(
            "\nStreak   1 day in a row with sets (longest 1)\nGoal     met on 0 of 7 days\n"
        ),
        "{text}"
    );
}
