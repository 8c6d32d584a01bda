//! Scenario tests: the scheduler driven over written traces by the simulation harness.

use std::path::Path;

use jiff::civil::{Date, date};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::*;

fn berlin() -> TimeZone {
    TimeZone::get("Europe/Berlin").expect("tzdata is available")
}

fn config(text: &str) -> Config {
    Config::parse(Path::new("test.toml"), text)
        .expect("test config is valid")
        .0
}

fn sim(cfg: &Config, trace_text: &str, respond: Respond) -> Vec<Happening> {
    let tz = berlin();
    let t = trace::parse(Path::new("t.csv"), trace_text, &tz).expect("test trace is valid");
    run_trace(cfg, &tz, &t, respond).expect("no stall")
}

fn local_hm(t: Timestamp) -> String {
    t.to_zoned(berlin()).strftime("%Y-%m-%d %H:%M").to_string()
}

/// First showings of reminders, as local "date HH:MM".
fn reminders(h: &[Happening]) -> Vec<String> {
    first_showings(h, "%Y-%m-%d %H:%M")
}

/// First showings of reminders, formatted with `format` in Berlin time.
fn first_showings(h: &[Happening], format: &str) -> Vec<String> {
    h.iter()
        .filter(|h| {
            matches!(
                h.kind,
                Kind::Reminder {
                    snoozes: 0,
                    again: false,
                    ..
                }
            )
        })
        .map(|h| h.at.to_zoned(berlin()).strftime(format).to_string())
        .collect()
}

fn count(h: &[Happening], pred: impl Fn(&Kind) -> bool) -> usize {
    h.iter().filter(|h| pred(&h.kind)).count()
}

#[test]
fn office_week_on_defaults_gives_three_reminders_each_weekday() {
    let tz = berlin();
    let monday = date(2026, 11, 23);
    let cfg = Config::defaults();
    let h = run_trace(&cfg, &tz, &office::week(monday, 7, &tz), Respond::Done).expect("no stall");
    let r = reminders(&h);
    let mut expected = Vec::new();
    for day in 23..=27 {
        // The second comes 10 minutes after lunch (logged at 13:00); the third shares the
        // afternoon, after the coffee break restarts sitting.
        for at in ["09:35", "13:10", "16:25"] {
            expected.push(format!("2026-11-{day} {at}"));
        }
    }
    assert_eq!(r, expected);
    assert_eq!(count(&h, |k| matches!(k, Kind::Set { reps: 70, .. })), 15);
    assert_eq!(
        count(&h, |k| matches!(
            k,
            Kind::Reminder {
                after_meal: Some(_),
                ..
            }
        )),
        5,
        "each weekday's lunch"
    );
}

#[test]
fn a_workday_of_steady_sitting() {
    let h = sim(
        &Config::defaults(),
        "2026-11-23T08:00,2026-11-23T18:30,active\n",
        Respond::Done,
    );
    // 08:00 + 45m is before the window opens at 09:00; then the 9 hours left are shared:
    // 3h to the second, half of the 6h left to the third.
    assert_eq!(
        reminders(&h),
        ["2026-11-23 09:00", "2026-11-23 12:00", "2026-11-23 15:00"]
    );
}

#[test]
fn short_pauses_do_not_reset_sitting_but_real_breaks_do() {
    let trace = "\
2026-11-23T09:00,2026-11-23T09:20,active
2026-11-23T09:20,2026-11-23T09:24,idle
2026-11-23T09:24,2026-11-23T09:40,active
2026-11-23T09:40,2026-11-23T09:44,locked
2026-11-23T09:44,2026-11-23T10:30,active
";
    let h = sim(&Config::defaults(), trace, Respond::Done);
    // Two 4-minute pauses (< 5m) leave continuous sitting from 09:00: due 09:45.
    assert_eq!(reminders(&h), ["2026-11-23 09:45"]);
    let with_break = trace.replace(
        "09:40,2026-11-23T09:44,locked\n2026-11-23T09:44",
        "09:40,2026-11-23T09:45,locked\n2026-11-23T09:45",
    );
    let h = sim(&Config::defaults(), &with_break, Respond::Done);
    // A 5-minute lock is a break: sitting restarts at 09:45, due 10:30 (trace ends then).
    assert_eq!(reminders(&h), Vec::<String>::new());
    assert_eq!(
        count(&h, |k| matches!(
            k,
            Kind::Break {
                state: Activity::Locked,
                ..
            }
        )),
        1
    );
}

#[test]
fn a_day_of_meetings_away_from_the_desk() {
    let trace = "\
2026-11-23T09:00,2026-11-23T09:30,active
2026-11-23T09:30,2026-11-23T11:00,locked
2026-11-23T11:00,2026-11-23T11:40,active
2026-11-23T11:40,2026-11-23T14:00,locked
2026-11-23T14:00,2026-11-23T14:30,active
2026-11-23T14:30,2026-11-23T17:00,locked
2026-11-23T17:00,2026-11-23T18:00,active
";
    let h = sim(&Config::defaults(), trace, Respond::Done);
    // Never 45 minutes at the desk until the last hour.
    assert_eq!(reminders(&h), ["2026-11-23 17:45"]);
}

#[test]
fn suspend_in_the_middle_is_a_break_and_no_reminder_shows_while_away() {
    let trace = "\
2026-11-23T09:00,2026-11-23T09:40,active
2026-11-23T09:40,2026-11-23T10:10,suspended
2026-11-23T10:10,2026-11-23T11:30,active
";
    let h = sim(&Config::defaults(), trace, Respond::Done);
    assert_eq!(reminders(&h), ["2026-11-23 10:55"]);
    // A gap in the trace counts as suspended too.
    let gap =
        "2026-11-23T09:00,2026-11-23T09:40,active\n2026-11-23T10:10,2026-11-23T11:30,active\n";
    assert_eq!(
        reminders(&sim(&Config::defaults(), gap, Respond::Done)),
        ["2026-11-23 10:55"]
    );
}

#[test]
fn a_reminder_due_while_away_waits_for_the_return() {
    let trace = "\
2026-11-23T09:00,2026-11-23T09:44,active
2026-11-23T09:44,2026-11-23T09:47,idle
2026-11-23T09:47,2026-11-23T10:00,active
";
    assert_eq!(
        reminders(&sim(&Config::defaults(), trace, Respond::Done)),
        ["2026-11-23 09:47"]
    );
}

#[test]
fn a_snooze_chain_reshows_the_same_reminder_then_stops_offering_snooze() {
    let h = sim(
        &Config::defaults(),
        "2026-11-23T09:00,2026-11-23T11:00,active\n",
        Respond::Snooze,
    );
    let shows: Vec<(String, u8)> = h
        .iter()
        .filter_map(|h| match h.kind {
            Kind::Reminder {
                snoozes, number: 1, ..
            } => Some((local_hm(h.at), snoozes)),
            _ => None,
        })
        .collect();
    assert_eq!(
        shows,
        [
            ("2026-11-23 09:45".to_owned(), 0),
            ("2026-11-23 09:55".to_owned(), 1),
            ("2026-11-23 10:05".to_owned(), 2),
            ("2026-11-23 10:15".to_owned(), 3),
        ]
    );
    assert_eq!(count(&h, |k| matches!(k, Kind::Snooze { .. })), 3);
    // After the third snooze the simulated user does the set.
    assert_eq!(count(&h, |k| matches!(k, Kind::Set { .. })), 1);
}

#[test]
fn skipped_and_ignored_reminders_use_up_the_day() {
    let day = "2026-11-23T08:00,2026-11-23T18:00,active\n";
    let h = sim(&Config::defaults(), day, Respond::Skip);
    assert_eq!(count(&h, |k| matches!(k, Kind::Skip)), 3);
    assert_eq!(reminders(&h).len(), 3);
    let h = sim(&Config::defaults(), day, Respond::Ignore);
    assert_eq!(
        reminders(&h),
        ["2026-11-23 09:00", "2026-11-23 12:20", "2026-11-23 15:25"]
    );
    // Missed 30 minutes after showing; the spread counts from then (8h30 left at 09:30,
    // a third of it is 2h50).
    let missed: Vec<String> = h
        .iter()
        .filter(|h| h.kind == Kind::Missed)
        .map(|h| local_hm(h.at))
        .collect();
    assert_eq!(
        missed,
        ["2026-11-23 09:30", "2026-11-23 12:50", "2026-11-23 15:55"]
    );
}

#[test]
fn a_snooze_past_active_hours_is_missed_not_shown() {
    let cfg = config("[schedule]\nactive_hours = \"09:00-10:00\"\n[snooze]\nduration = \"30m\"\n");
    let h = sim(
        &cfg,
        "2026-11-23T09:00,2026-11-23T11:00,active\n",
        Respond::Snooze,
    );
    assert_eq!(reminders(&h), ["2026-11-23 09:45"]);
    assert_eq!(
        count(&h, |k| matches!(k, Kind::Reminder { snoozes: 1.., .. })),
        0
    );
    assert_eq!(count(&h, |k| *k == Kind::Missed), 1);
}

#[test]
fn midnight_rollover_starts_a_fresh_day() {
    let cfg = config(
        "[schedule]\nactive_hours = \"00:00-24:00\"\nactive_days = [\"mon\", \"tue\"]\nsets_per_day = 2\nmin_gap = \"1h\"\n",
    );
    let h = sim(
        &cfg,
        "2026-11-23T21:00,2026-11-24T02:00,active\n",
        Respond::Done,
    );
    // Monday's two (the second in the middle of the 2h15 left), then Tuesday's first as
    // soon as midnight allows: the spread of Monday does not carry over. Tuesday's second
    // waits for the middle of Tuesday.
    assert_eq!(
        reminders(&h),
        ["2026-11-23 21:45", "2026-11-23 22:52", "2026-11-24 00:00"]
    );
}

#[test]
fn dst_spring_forward_keeps_local_times() {
    // 2026-03-29: Berlin jumps from 02:00 to 03:00.
    let trace =
        "2026-03-27T08:50,2026-03-27T17:00,active\n2026-03-30T08:50,2026-03-30T17:00,active\n";
    let h = sim(&Config::defaults(), trace, Respond::Done);
    assert_eq!(
        reminders(&h),
        [
            "2026-03-27 09:35",
            "2026-03-27 12:23",
            "2026-03-27 15:11",
            "2026-03-30 09:35",
            "2026-03-30 12:23",
            "2026-03-30 15:11"
        ]
    );
}

#[test]
fn dst_fall_back_keeps_local_times_and_the_window() {
    // 2026-10-25: Berlin repeats 02:00-03:00. An all-day window on that Sunday is 25h long.
    let cfg = config(
        "[schedule]\nactive_hours = \"00:00-24:00\"\nactive_days = [\"sun\"]\nsets_per_day = 1\n",
    );
    let h = sim(
        &cfg,
        "2026-10-25T01:00,2026-10-25T04:00,active\n",
        Respond::Done,
    );
    assert_eq!(reminders(&h), ["2026-10-25 01:45"]);
    let h = sim(
        &Config::defaults(),
        "2026-10-26T08:50,2026-10-26T10:00,active\n",
        Respond::Done,
    );
    let first = h.first().expect("a reminder");
    assert_eq!(
        first
            .at
            .to_zoned(berlin())
            .strftime("%H:%M %:z")
            .to_string(),
        "09:35 +01:00"
    );
}

#[test]
fn weekends_get_no_reminders() {
    let h = sim(
        &Config::defaults(),
        "2026-11-28T08:00,2026-11-28T18:00,active\n",
        Respond::Done,
    );
    assert!(reminders(&h).is_empty());
}

#[test]
fn a_year_of_the_office_week_runs_and_keeps_the_cap() {
    let tz = berlin();
    let start: Date = date(2026, 1, 5);
    let h = run_trace(
        &Config::defaults(),
        &tz,
        &office::week(start, 364, &tz),
        Respond::Done,
    )
    .expect("no stall");
    // 52 weeks x 5 workdays x 3 reminders.
    assert_eq!(reminders(&h).len(), 52 * 5 * 3);
    let sets = h
        .iter()
        .filter(|h| matches!(h.kind, Kind::Set { .. }))
        .count();
    assert_eq!(sets, 52 * 5 * 3);
    assert!(h.iter().all(|h| !matches!(h.kind, Kind::Set { duration, .. } if duration != SignedDuration::from_mins(7))));
}

#[test]
fn renders_json_lines_with_local_offsets() {
    let h = sim(
        &Config::defaults(),
        "2026-11-23T09:00,2026-11-23T10:00,active\n",
        Respond::Done,
    );
    let text = render::json_lines(&h, &berlin());
    let first: serde_json::Value =
        serde_json::from_str(text.lines().next().expect("a line")).expect("json");
    assert_eq!(first["kind"], "reminder");
    assert_eq!(first["at"], "2026-11-23T09:45:00+01:00");
    assert_eq!(first["snoozes"], 0);
    assert_eq!(first["sitting_seconds"], 2700);
}

#[test]
fn a_snooze_never_outlives_its_window_even_when_the_user_is_away() {
    // Snoozed at 09:45, gone from 09:50 until the next morning.
    let trace =
        "2026-11-23T09:00,2026-11-23T09:50,active\n2026-11-24T09:00,2026-11-24T18:00,active\n";
    let h = sim(&Config::defaults(), trace, Respond::Snooze);
    let missed: Vec<String> = h
        .iter()
        .filter(|h| h.kind == Kind::Missed)
        .map(|h| local_hm(h.at))
        .collect();
    assert_eq!(
        missed,
        ["2026-11-23 18:00"],
        "missed when Monday's window closed"
    );
    // Tuesday starts fresh: its first reminder is number 1, shown once, after real sitting.
    let tuesday: Vec<&Happening> = h
        .iter()
        .filter(|h| {
            local_hm(h.at).starts_with("2026-11-24") && matches!(h.kind, Kind::Reminder { .. })
        })
        .collect();
    assert!(matches!(
        tuesday[0].kind,
        Kind::Reminder { number: 1, snoozes: 0, sitting, .. } if sitting >= SignedDuration::from_mins(45)
    ));
    assert_eq!(reminders(&h).len(), 4, "one on Monday, three on Tuesday");
}

#[test]
fn a_snooze_that_ends_while_away_reshows_on_return_within_the_window() {
    let trace = "\
2026-11-23T09:00,2026-11-23T09:50,active
2026-11-23T09:50,2026-11-23T10:20,locked
2026-11-23T10:20,2026-11-23T11:00,active
";
    let cfg = config("[snooze]\nmax_per_reminder = 1\n");
    let h = sim(&cfg, trace, Respond::Snooze);
    let shows: Vec<(String, u8)> = h
        .iter()
        .filter_map(|h| match h.kind {
            Kind::Reminder { snoozes, .. } => Some((local_hm(h.at), snoozes)),
            _ => None,
        })
        .collect();
    assert_eq!(
        shows,
        [
            ("2026-11-23 09:45".to_owned(), 0),
            ("2026-11-23 10:20".to_owned(), 1)
        ]
    );
}

#[test]
fn across_the_spring_forward_night_gaps_are_real_time() {
    // 2026-03-29 02:00 CET becomes 03:00 CEST: 90 real minutes after 01:45 is 04:15.
    let cfg = config(
        "[schedule]\nactive_hours = \"00:00-06:00\"\nactive_days = [\"sun\"]\nsets_per_day = 3\n",
    );
    let h = sim(
        &cfg,
        "2026-03-29T01:00,2026-03-29T06:00,active\n",
        Respond::Done,
    );
    assert_eq!(
        first_showings(&h, "%H:%M%:z"),
        ["01:45+01:00", "04:15+02:00", "05:45+02:00"]
    );
}

#[test]
fn across_the_fall_back_night_the_repeated_hour_counts_twice() {
    // 2026-10-25 03:00 CEST becomes 02:00 CET: 02:15 happens twice, an hour apart.
    let cfg = config(
        "[schedule]\nactive_hours = \"00:00-05:00\"\nactive_days = [\"sun\"]\nsets_per_day = 6\nmin_gap = \"1h\"\n",
    );
    let h = sim(
        &cfg,
        "2026-10-25T00:30,2026-10-25T05:00,active\n",
        Respond::Done,
    );
    // Six a day in a five-hour window: the spread is shorter than min_gap, which decides.
    assert_eq!(
        first_showings(&h, "%H:%M%:z")[..3],
        ["01:15+02:00", "02:15+02:00", "02:15+01:00"]
    );
}

mod context;
mod meals;
