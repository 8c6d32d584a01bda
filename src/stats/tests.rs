use std::path::PathBuf;

use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};

use super::*;
use crate::history::record::{ReminderRecord, SetRecord, UndoRecord};

fn weekdays() -> ActiveDays {
    let mut days = ActiveDays::default();
    for name in ["mon", "tue", "wed", "thu", "fri"] {
        days.insert(ActiveDays::day_from_name(name).expect("day"));
    }
    days
}

fn at(d: Date, h: i8, m: i8, tz: &TimeZone) -> Timestamp {
    d.at(h, m, 0, 0)
        .to_zoned(tz.clone())
        .expect("zoned")
        .timestamp()
}

fn set_at(t: Timestamp, reps: u32, origin: SetOrigin) -> Record {
    Record::Set(SetRecord {
        at: t,
        reps,
        duration_s: reps * 6,
        origin,
        id: None,
    })
}

fn set_on(d: Date, reps: u32) -> Record {
    set_at(at(d, 10, 0, &TimeZone::UTC), reps, SetOrigin::Manual)
}

fn reminder(t: Timestamp, id: Timestamp, event: ReminderEvent) -> Record {
    Record::Reminder(ReminderRecord {
        at: t,
        reminder: id,
        event,
        until: None,
    })
}

fn streaks(sets: &[Date], today: Date) -> (u32, u32) {
    let records: Vec<Record> = sets.iter().map(|d| set_on(*d, 50)).collect();
    let days = by_day(&records, &TimeZone::UTC);
    (
        current_streak(&days, today, weekdays()),
        longest_streak(&days, today, weekdays()),
    )
}

#[test]
fn goal_met_yesterday_and_not_yet_today_keeps_the_streak() {
    let days = [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)];
    assert_eq!(streaks(&days, date(2026, 11, 26)), (3, 3));
    assert_eq!(streaks(&days, date(2026, 11, 25)), (3, 3));
}

#[test]
fn a_weekend_never_breaks_a_streak_and_a_set_on_it_extends_it() {
    // Thu, Fri, a Saturday set (it counts), Sunday empty (it does not break), Monday.
    let days = [
        date(2026, 11, 26),
        date(2026, 11, 27),
        date(2026, 11, 28),
        date(2026, 11, 30),
    ];
    assert_eq!(streaks(&days, date(2026, 11, 30)), (4, 4));
    let weekdays_only = [date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 30)];
    assert_eq!(streaks(&weekdays_only, date(2026, 11, 30)), (3, 3));
}

#[test]
fn a_set_on_a_day_off_is_a_streak_not_zero_days() {
    // Only a Saturday set, looked at on Saturday and on Sunday.
    let days = [date(2026, 11, 28)];
    assert_eq!(streaks(&days, date(2026, 11, 28)), (1, 1));
    assert_eq!(streaks(&days, date(2026, 11, 29)), (1, 1));
}

#[test]
fn a_gap_ends_the_streak_but_not_the_longest() {
    let days = [
        date(2026, 11, 16),
        date(2026, 11, 17),
        date(2026, 11, 18),
        date(2026, 11, 23),
        date(2026, 11, 25),
        date(2026, 11, 26),
    ];
    assert_eq!(streaks(&days, date(2026, 11, 26)), (2, 3));
    assert_eq!(streaks(&[], date(2026, 11, 26)), (0, 0));
    assert_eq!(streaks(&[date(2026, 11, 23)], date(2026, 11, 26)), (0, 1));
}

#[test]
fn undo_takes_back_the_last_matching_set_once() {
    let d = date(2026, 11, 24);
    let a = set_on(d, 50);
    let undo = |reps| {
        Record::Undo(UndoRecord {
            at: at(d, 12, 0, &TimeZone::UTC),
            set_at: at(d, 10, 0, &TimeZone::UTC),
            reps,
            set_id: None,
        })
    };
    let records = vec![a.clone(), a.clone(), undo(50), undo(50), undo(50), undo(70)];
    assert!(
        effective(&records).is_empty(),
        "two sets, two effective undos, the rest match nothing"
    );
    let records = vec![a.clone(), set_on(d, 60), undo(50)];
    assert_eq!(effective(&records), vec![&set_on(d, 60)]);
    assert_eq!(by_day(&records, &TimeZone::UTC)[&d].sets, 1);
}

/// In a sync folder an undo names its set, and takes it back wherever the merge put it:
/// the device that undid it may have a clock behind the one that logged it, so the undo
/// sorts first. An unnamed undo still needs its set before it.
#[test]
fn an_undo_naming_its_set_takes_it_back_before_or_after_it() {
    let d = date(2026, 11, 24);
    let named = |id: &str| {
        let mut set = set_on(d, 50);
        if let Record::Set(s) = &mut set {
            s.id = Some(id.to_owned());
        }
        set
    };
    let undo = |hour, set_id: Option<&str>| {
        Record::Undo(UndoRecord {
            at: at(d, hour, 0, &TimeZone::UTC),
            set_at: at(d, 10, 0, &TimeZone::UTC),
            reps: 50,
            set_id: set_id.map(str::to_owned),
        })
    };
    let before = vec![undo(9, Some("b-1")), named("a-1"), named("b-1")];
    assert_eq!(effective(&before), vec![&named("a-1")]);
    let after = vec![named("a-1"), named("b-1"), undo(11, Some("b-1"))];
    assert_eq!(effective(&after), vec![&named("a-1")]);
    let unnamed_before = vec![undo(9, None), named("a-1")];
    assert_eq!(effective(&unnamed_before), vec![&named("a-1")]);
}

#[test]
fn outcomes_count_what_became_of_reminders_and_how_fast() {
    let tz = TimeZone::UTC;
    let d = date(2026, 11, 24);
    let mut records = Vec::new();
    for (hour, wait_minutes) in [(9, 1), (11, 3), (14, 10)] {
        let shown = at(d, hour, 0, &tz);
        let start = shown + SignedDuration::from_mins(wait_minutes);
        records.push(reminder(shown, shown, ReminderEvent::Shown));
        records.push(reminder(start, shown, ReminderEvent::Done));
        records.push(set_at(start, 70, SetOrigin::Reminder));
    }
    let shown = at(d, 16, 0, &tz);
    records.push(reminder(shown, shown, ReminderEvent::Shown));
    records.push(reminder(shown, shown, ReminderEvent::Snoozed));
    records.push(reminder(shown, shown, ReminderEvent::Missed));
    let o = Outcomes::of(&records, &tz, d, d);
    assert_eq!(
        (o.shown, o.done, o.snoozed, o.skipped, o.missed),
        (4, 3, 1, 0, 1)
    );
    assert_eq!(o.became_sets_percent, Some(75));
    assert_eq!(o.median_seconds_to_start, Some(180));
    assert_eq!(Outcomes::of(&[], &tz, d, d).became_sets_percent, None);
}

#[test]
fn every_day_of_the_period_is_present() {
    let tz = TimeZone::UTC;
    let period = Period {
        from: date(2026, 11, 20),
        to: date(2026, 11, 26),
        today: date(2026, 11, 26),
        goal: 2,
        active_days: weekdays(),
        meals: no_meals(),
    };
    let r = report(&[set_on(date(2026, 11, 24), 70)], &tz, &period);
    assert_eq!(r.days.len(), 7);
    assert_eq!(r.days[4].sets, 1);
    assert_eq!(csv(&r).lines().count(), 8);
}

/// A history from 2026-10-19 to 2027-01-11 in Berlin: it crosses the end of summer time
/// (2026-10-25) and a new year. Weekdays get 0 to 3 reminder-answered sets in a repeating
/// pattern; some Saturdays a set by hand; some reminders snoozed, skipped or missed; one set
/// in the repeated hour of the DST night and one undone.
fn sample_history(tz: &TimeZone) -> Vec<Record> {
    let mut records = Vec::new();
    let mut d = date(2026, 10, 19);
    let mut i = 0u32;
    while d <= date(2027, 1, 11) {
        let weekday = d.weekday().to_monday_zero_offset();
        if weekday < 5 {
            for (k, hour) in [10i8, 12, 15].iter().enumerate().take((i % 4) as usize) {
                let shown = at(d, *hour, 0, tz);
                let start = shown + SignedDuration::from_mins(i64::from((i + k as u32) % 5));
                records.push(reminder(shown, shown, ReminderEvent::Shown));
                if (i + k as u32) % 7 == 3 {
                    records.push(reminder(shown, shown, ReminderEvent::Snoozed));
                }
                records.push(reminder(start, shown, ReminderEvent::Done));
                records.push(set_at(start, 60 + (i % 3) * 10, SetOrigin::Reminder));
            }
            if i.is_multiple_of(4) {
                let shown = at(d, 11, 0, tz);
                records.push(reminder(shown, shown, ReminderEvent::Shown));
                let event = if i.is_multiple_of(8) {
                    ReminderEvent::Skipped
                } else {
                    ReminderEvent::Missed
                };
                records.push(reminder(
                    shown + SignedDuration::from_mins(30),
                    shown,
                    event,
                ));
            }
        } else if weekday == 5 && i.is_multiple_of(3) {
            records.push(set_at(at(d, 9, 30, tz), 50, SetOrigin::Manual));
        }
        i += 1;
        d = d.checked_add(1.day()).expect("date");
    }
    // The repeated hour of the DST night (02:30 CEST, before the clocks go back).
    let repeated = "2026-10-25T02:30:00+02:00"
        .parse::<Timestamp>()
        .expect("ts");
    records.push(set_at(repeated, 40, SetOrigin::Manual));
    // Meals logged around the DST change: lunch on Saturday with a set 20 minutes later;
    // a snack in the second 02:10 of the DST night, after the set in the first 02:30; an
    // afternoon meal on Monday the 26th before its 15:00 set; lunch on Tuesday, no set.
    let meal = |t: Timestamp| Record::Meal(crate::history::record::MealRecord { at: t });
    records.push(meal(at(date(2026, 10, 24), 13, 0, tz)));
    records.push(set_at(
        at(date(2026, 10, 24), 13, 20, tz),
        50,
        SetOrigin::Manual,
    ));
    records.push(meal("2026-10-25T02:10:00+01:00".parse().expect("ts")));
    records.push(meal(at(date(2026, 10, 26), 14, 30, tz)));
    records.push(meal(at(date(2026, 10, 27), 12, 30, tz)));
    // Logged by mistake, then undone.
    let oops = at(date(2027, 1, 8), 18, 0, tz);
    records.push(set_at(oops, 999, SetOrigin::Manual));
    records.push(Record::Undo(UndoRecord {
        at: oops,
        set_at: oops,
        reps: 999,
        set_id: None,
    }));
    records
}

/// Compares with a file under tests/golden/; `UPDATE_GOLDEN=1` rewrites it.
fn golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
        std::fs::write(&path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{} ({e}); run with UPDATE_GOLDEN=1 to create it",
            path.display()
        )
    });
    assert!(
        actual == expected,
        "{name} differs from {}:\n--- expected\n{expected}\n--- actual\n{actual}",
        path.display()
    );
}

/// `from..=to` on weekdays with a goal of 3.
fn period(from: Date, to: Date, today: Date) -> Period {
    Period {
        from,
        to,
        today,
        goal: 3,
        active_days: weekdays(),
        meals: no_meals(),
    }
}

/// No usual meal times, the default window, and every window closed long ago.
fn no_meals() -> MealPlan {
    MealPlan {
        meals: crate::config::Config::defaults().meals,
        now: "2030-01-01T00:00Z".parse().expect("ts"),
    }
}

fn sample_report(from: Date, to: Date) -> Report {
    let tz = TimeZone::get("Europe/Berlin").expect("tzdata");
    report(&sample_history(&tz), &tz, &period(from, to, to))
}

#[test]
fn golden_human_two_weeks_across_new_year() {
    let r = sample_report(date(2026, 12, 29), date(2027, 1, 11));
    let text = human::render(&r, human::Style { color: false });
    assert!(
        text.lines().all(|l| l.chars().count() <= 80),
        "wider than 80 columns:\n{text}"
    );
    golden("stats-14-days.txt", &text);
}

#[test]
fn golden_human_a_season_with_heatmap_across_dst() {
    let r = sample_report(date(2026, 10, 19), date(2027, 1, 11));
    let text = human::render(&r, human::Style { color: false });
    assert!(
        text.lines().all(|l| l.chars().count() <= 80),
        "wider than 80 columns:\n{text}"
    );
    golden("stats-season.txt", &text);
}

#[test]
fn golden_json_and_csv() {
    let r = sample_report(date(2026, 10, 19), date(2027, 1, 11));
    golden(
        "stats-season.json",
        &format!("{}\n", serde_json::to_string_pretty(&r).expect("json")),
    );
    golden("stats-season.csv", &csv(&r));
    let tz = TimeZone::get("Europe/Berlin").expect("tzdata");
    let sets = sets_in(
        &sample_history(&tz),
        &tz,
        date(2026, 10, 24),
        date(2026, 10, 26),
    );
    golden(
        "sets-dst-weekend.json",
        &format!("{}\n", serde_json::to_string_pretty(&sets).expect("json")),
    );
}

#[test]
fn colour_is_only_there_when_asked_for() {
    let r = sample_report(date(2026, 12, 29), date(2027, 1, 11));
    assert!(!human::render(&r, human::Style { color: false }).contains('\x1b'));
    assert!(human::render(&r, human::Style { color: true }).contains("\x1b[32m"));
}

/// The text with its SGR escape codes (`ESC [ ... m`) taken out: what a terminal shows.
fn visible(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            chars.by_ref().find(|c| *c == 'm');
        } else {
            out.push(c);
        }
    }
    out
}

/// On a terminal the coloured view must line up exactly as the plain one: labels padded on
/// their text, not on their escape codes ("Today███", "Streak1 day" before).
#[test]
fn golden_coloured_views_show_the_same_columns_as_plain_ones() {
    for (name, from) in [
        ("stats-14-days", date(2026, 12, 29)),
        ("stats-season", date(2026, 10, 19)),
    ] {
        let r = sample_report(from, date(2027, 1, 11));
        let coloured = human::render(&r, human::Style { color: true });
        assert_eq!(
            visible(&coloured),
            human::render(&r, human::Style { color: false }),
            "{name}"
        );
        golden(&format!("{name}.ansi.txt"), &coloured);
    }
}

/// A reminder resolved "tomorrow" was written while the clock ran a day ahead: a restarted
/// daemon must not wait for it, but for the last one resolved up to now.
#[test]
fn today_ignores_a_resolution_dated_in_the_future() {
    let tz = TimeZone::UTC;
    let d = date(2026, 11, 23);
    let earlier = at(d, 9, 0, &tz);
    let ahead = at(date(2026, 11, 24), 9, 0, &tz);
    let records = vec![
        reminder(earlier, earlier, ReminderEvent::Done),
        set_at(earlier, 50, SetOrigin::Reminder),
        reminder(ahead, ahead, ReminderEvent::Missed),
    ];
    let now = at(d, 12, 0, &tz).to_zoned(tz.clone());
    let (tally, last_resolved) = today(&records, &now);
    assert_eq!(last_resolved, Some(earlier));
    assert_eq!(tally.sets, 1);
}

mod meals;
mod streaks;
mod views;
