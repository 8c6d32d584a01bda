//! Property tests: for random configs, random activity traces and every answer policy, the
//! scheduler's rules (listed in the module docs of `soleus::schedule`) hold. The oracle
//! recomputes presence, continuous sitting and gaps from the trace itself, independently of
//! the scheduler's bookkeeping.

use std::collections::HashMap;
use std::path::Path;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp, ToSpan};
use proptest::prelude::*;

use soleus::config::Config;
use soleus::schedule::Activity;
use soleus::schedule::MEAL_SETTLE;
use soleus::simulate::{Happening, Interval, Kind, Respond, Trace, run, run_trace};

#[derive(Debug, Clone)]
struct Case {
    config_text: String,
    start_day: i64,
    steps: Vec<(i64, u8)>,
    /// Meals logged, in minutes after the trace's start.
    meals: Vec<i64>,
    respond: Respond,
}

fn arb_case() -> impl Strategy<Value = Case> {
    let hours = (0u16..20, 1u16..10).prop_map(|(s, len)| {
        let e = (s + len).min(24);
        format!("{s:02}:00-{e:02}:00")
    });
    let days = prop::collection::btree_set(0usize..7, 1..=7).prop_map(|set| {
        let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
        set.into_iter()
            .map(|i| format!("\"{}\"", names[i]))
            .collect::<Vec<_>>()
            .join(", ")
    });
    // Usual meal times (none, or some hours of the day) and the window after a meal.
    let meals =
        (prop::collection::btree_set(0u16..24, 0..3), 20i64..180).prop_map(|(hours, window)| {
            let times: Vec<String> = hours.iter().map(|h| format!("\"{h:02}:30\"")).collect();
            format!(
                "[meals]\ntimes = [{}]\nwindow = \"{window}m\"\n",
                times.join(", ")
            )
        });
    let config = (
        (1u8..=6, hours, days, 5i64..90, 10i64..180, 1i64..20),
        (1i64..30, 0u8..4, 1i64..60, meals),
    )
        .prop_map(|((sets, hours, days, sit, gap, brk), (snooze, max, expire, meals))| {
            format!(
                "[schedule]\nsets_per_day = {sets}\nactive_hours = \"{hours}\"\nactive_days = [{days}]\n\
                 sit_before_reminder = \"{sit}m\"\nmin_gap = \"{gap}m\"\nbreak_after_idle = \"{brk}m\"\n\
                 [snooze]\nduration = \"{snooze}m\"\nmax_per_reminder = {max}\n\
                 [notifications]\nexpire_after = \"{expire}m\"\n{meals}"
            )
        });
    // Mostly active, with idle, locked, suspended and gaps (state 4) mixed in.
    let step = (
        1i64..240,
        prop_oneof![4 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8), 1 => Just(4u8)],
    );
    let respond = prop_oneof![
        Just(Respond::Done),
        Just(Respond::Snooze),
        Just(Respond::Skip),
        Just(Respond::Ignore)
    ];
    // Start days spread over a year, so DST changes come up.
    (
        config,
        0i64..365,
        prop::collection::vec(step, 1..60),
        prop::collection::vec(0i64..4000, 0..4),
        respond,
    )
        .prop_map(|(config_text, start_day, steps, meals, respond)| Case {
            config_text,
            start_day,
            steps,
            meals,
            respond,
        })
}

fn build_trace(case: &Case, tz: &TimeZone) -> Trace {
    let day = Date::new(2026, 1, 1)
        .expect("date")
        .checked_add(case.start_day.days())
        .expect("date");
    let mut t = day
        .at(6, 0, 0, 0)
        .to_zoned(tz.clone())
        .expect("zoned")
        .timestamp();
    let mut meals: Vec<Timestamp> = case
        .meals
        .iter()
        .map(|m| t + SignedDuration::from_mins(*m))
        .collect();
    meals.sort_unstable();
    let mut out = Vec::new();
    for (minutes, state) in &case.steps {
        let end = t + SignedDuration::from_mins(*minutes);
        let state = match state {
            0 => Some(Activity::Active),
            1 => Some(Activity::Idle),
            2 => Some(Activity::Locked),
            3 => Some(Activity::Suspended),
            _ => None, // a gap: nothing in the trace
        };
        if let Some(state) = state {
            out.push(Interval {
                start: t,
                end,
                state,
                context: None,
            });
        }
        t = end;
    }
    Trace {
        intervals: out,
        meals,
    }
}

fn is_active_at(trace: &[Interval], t: Timestamp) -> bool {
    trace
        .iter()
        .any(|i| i.state == Activity::Active && i.start <= t && t < i.end)
}

/// Start of continuous sitting at `t`, from the trace alone plus the sets done.
fn sitting_start(
    trace: &[Interval],
    brk: SignedDuration,
    sets: &[Timestamp],
    t: Timestamp,
) -> Option<Timestamp> {
    // Active stretches: merged runs of active intervals.
    let mut stretches: Vec<(Timestamp, Timestamp)> = Vec::new();
    for i in trace.iter().filter(|i| i.state == Activity::Active) {
        match stretches.last_mut() {
            Some(last) if last.1 == i.start => last.1 = i.end,
            _ => stretches.push((i.start, i.end)),
        }
    }
    let mut start = None;
    let mut prev_end: Option<Timestamp> = None;
    for (s, e) in stretches {
        if s > t {
            break;
        }
        match prev_end {
            Some(p) if s.duration_since(p) < brk => {}
            _ => start = Some(s),
        }
        prev_end = Some(e);
    }
    let last_set = sets.iter().copied().filter(|s| *s < t).max();
    match (start, last_set) {
        (Some(s), Some(set)) => Some(s.max(set)),
        (s, _) => s,
    }
}

fn check(case: &Case) -> Result<(), TestCaseError> {
    let tz = TimeZone::get("Europe/Berlin").expect("tzdata");
    let (config, _) =
        Config::parse(Path::new("p.toml"), &case.config_text).expect("generated config is valid");
    let trace = build_trace(case, &tz);
    let happenings = run_trace(&config, &tz, &trace, case.respond)
        .map_err(|e| TestCaseError::fail(e.to_string()))?;
    verify(&config, &tz, &trace.intervals, &happenings).map_err(TestCaseError::fail)
}

/// Checks the scheduler's rules on what a simulation produced.
fn verify(
    config: &Config,
    tz: &TimeZone,
    trace: &[Interval],
    happenings: &[Happening],
) -> Result<(), String> {
    let s = &config.schedule;
    let date_of = |t: Timestamp| t.to_zoned(tz.clone()).date();
    let sets: Vec<Timestamp> = happenings
        .iter()
        .filter(|h| matches!(h.kind, Kind::Set { .. }))
        .map(|h| h.at)
        .collect();
    let mut first_per_day: HashMap<Date, u32> = HashMap::new();
    let mut last_resolution: Option<Timestamp> = None;
    // The open reminder: when it was first shown.
    let mut open: Option<Timestamp> = None;
    for (i, h) in happenings.iter().enumerate() {
        match h.kind {
            Kind::Reminder {
                snoozes,
                after_meal,
                ..
            } => {
                ensure(s.window.contains(h.at, tz), || {
                    format!("shown outside the window at {}", h.at)
                })?;
                ensure(is_active_at(trace, h.at), || {
                    format!("shown while away at {}", h.at)
                })?;
                ensure(snoozes <= config.snooze.max_per_reminder, || {
                    "too many snoozes".to_owned()
                })?;
                if snoozes == 0 {
                    ensure(open.is_none(), || {
                        format!("a second reminder at {} while one was open", h.at)
                    })?;
                    let date = date_of(h.at);
                    let n = first_per_day.entry(date).or_default();
                    *n += 1;
                    ensure(*n <= u32::from(s.sets_per_day), || {
                        format!("more than sets_per_day reminders on {date}")
                    })?;
                    let sets_that_day = happenings[..i]
                        .iter()
                        .filter(|x| matches!(x.kind, Kind::Set { .. }) && date_of(x.at) == date)
                        .count();
                    ensure(sets_that_day < usize::from(s.sets_per_day), || {
                        format!("reminder at {} after the goal was met", h.at)
                    })?;
                    // After a meal, a short settle of sitting is enough (or sit_before_reminder,
                    // if that is shorter), inside its window.
                    let needed = match after_meal {
                        Some(meal) => {
                            ensure(
                                meal + MEAL_SETTLE <= h.at && h.at < meal + config.meals.window,
                                || {
                                    format!(
                                        "reminder at {} outside the window of meal {meal}",
                                        h.at
                                    )
                                },
                            )?;
                            MEAL_SETTLE.min(s.sit_before_reminder)
                        }
                        None => s.sit_before_reminder,
                    };
                    let start = sitting_start(trace, s.break_after_idle, &sets, h.at);
                    ensure(
                        start.is_some_and(|st| h.at.duration_since(st) >= needed),
                        || {
                            format!(
                                "reminder at {} after too little sitting (since {start:?})",
                                h.at
                            )
                        },
                    )?;
                    if let Some(r) = last_resolution {
                        ensure(h.at.duration_since(r) >= s.min_gap, || {
                            format!("min_gap broken at {}", h.at)
                        })?;
                    }
                    open = Some(h.at);
                } else {
                    let first =
                        open.ok_or_else(|| format!("a re-show at {} of no open reminder", h.at))?;
                    ensure(date_of(first) == date_of(h.at), || {
                        format!(
                            "reminder first shown {first} re-shown on another day at {}",
                            h.at
                        )
                    })?;
                }
            }
            Kind::Set { .. } | Kind::Skip | Kind::Missed if open.is_some() => {
                last_resolution = Some(h.at);
                open = None;
            }
            _ => {}
        }
    }
    Ok(())
}

fn ensure(ok: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(message()) }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn the_rules_hold_for_every_trace(case in arb_case()) {
        check(&case)?;
    }

    /// Without meals, a day of steady sitting gets at least two reminders when the window
    /// has room, and the last one in the second half of the window: the afternoon is not
    /// left out.
    #[test]
    fn reminders_reach_the_second_half_of_a_day(
        sets in 2u8..=6,
        start in 0u16..10,
        len in 6u16..14,
        sit in 5i64..60,
        gap in 10i64..90,
        respond in prop_oneof![Just(Respond::Done), Just(Respond::Skip), Just(Respond::Ignore)],
    ) {
        let end = (start + len).min(24);
        let text = format!(
            "[schedule]\nsets_per_day = {sets}\nactive_hours = \"{start:02}:00-{end:02}:00\"\n\
             active_days = [\"mon\"]\nsit_before_reminder = \"{sit}m\"\nmin_gap = \"{gap}m\"\n"
        );
        let (config, _) = Config::parse(Path::new("p.toml"), &text).expect("valid");
        let tz = TimeZone::UTC;
        let day = |h: u16| -> Timestamp {
            Date::new(2026, 11, 23)
                .expect("date")
                .at(0, 0, 0, 0)
                .to_zoned(tz.clone())
                .expect("zoned")
                .timestamp()
                + SignedDuration::from_hours(i64::from(h))
        };
        let trace = [Interval { start: day(start), end: day(end), state: Activity::Active, context: None }];
        let shown: Vec<Timestamp> = run(&config, &tz, &trace, respond)
            .map_err(|e| TestCaseError::fail(e.to_string()))?
            .iter()
            .filter(|h| matches!(h.kind, Kind::Reminder { snoozes: 0, .. }))
            .map(|h| h.at)
            .collect();
        let room = SignedDuration::from_mins(4 * (sit + gap + 30));
        if day(end).duration_since(day(start)) >= room {
            prop_assert!(shown.len() >= 2, "{shown:?}");
        }
        if shown.len() >= 2 {
            let middle = day(start) + day(end).duration_since(day(start)) / 2;
            let last = shown[shown.len() - 1];
            prop_assert!(last >= middle, "{shown:?}, middle {middle}");
        }
    }
}

#[test]
fn the_verifier_catches_broken_schedules() {
    // The property is only worth something if `verify` can fail: feed it outputs that break
    // each rule and expect each to be caught.
    let tz = TimeZone::get("Europe/Berlin").expect("tzdata");
    let config = Config::defaults();
    let at = |hm: &str| -> Timestamp { format!("2026-11-23T{hm}:00+01:00").parse().expect("ts") };
    let trace = [
        Interval {
            start: at("08:00"),
            end: at("12:00"),
            state: Activity::Active,
            context: None,
        },
        Interval {
            start: at("12:00"),
            end: at("13:00"),
            state: Activity::Locked,
            context: None,
        },
        Interval {
            start: at("13:00"),
            end: at("20:00"),
            state: Activity::Active,
            context: None,
        },
    ];
    let reminder = |t: &str, snoozes: u8| Happening {
        at: at(t),
        kind: Kind::Reminder {
            number: 1,
            of: 3,
            snoozes,
            again: false,
            sitting: SignedDuration::ZERO,
            after_meal: None,
            quiet: false,
        },
    };
    let skip = |t: &str| Happening {
        at: at(t),
        kind: Kind::Skip,
    };
    let good = [
        reminder("09:00", 0),
        skip("09:00"),
        reminder("10:30", 0),
        skip("10:30"),
    ];
    assert_eq!(verify(&config, &tz, &trace, &good), Ok(()));
    let after_meal = |t: &str, meal: &str| Happening {
        at: at(t),
        kind: Kind::Reminder {
            number: 1,
            of: 3,
            snoozes: 0,
            again: false,
            sitting: SignedDuration::ZERO,
            after_meal: Some(at(meal)),
            quiet: false,
        },
    };
    // 13:20 is 20 minutes after the return at 13:00: enough after a meal, not otherwise.
    assert_eq!(
        verify(&config, &tz, &trace, &[after_meal("13:20", "13:00")]),
        Ok(())
    );
    for (broken, why) in [
        (
            vec![after_meal("13:20", "11:00")],
            "outside the window of meal",
        ),
        (vec![after_meal("13:05", "12:50")], "too little sitting"),
        (vec![reminder("08:50", 0)], "outside the window"),
        (vec![reminder("12:30", 0)], "while away"),
        (vec![reminder("13:30", 0)], "too little sitting"),
        (
            vec![reminder("09:00", 0), skip("09:00"), reminder("10:00", 0)],
            "min_gap",
        ),
        (
            vec![reminder("09:00", 0), reminder("10:40", 0)],
            "while one was open",
        ),
        (
            vec![reminder("09:00", 0), reminder("09:10", 4)],
            "too many snoozes",
        ),
        (
            vec![
                reminder("09:00", 0),
                skip("09:00"),
                reminder("10:30", 0),
                skip("10:30"),
                reminder("14:00", 0),
                skip("14:00"),
                reminder("15:30", 0),
            ],
            "more than sets_per_day",
        ),
    ] {
        let err = verify(&config, &tz, &trace, &broken).expect_err(why);
        assert!(err.contains(why), "expected {why:?}, got {err:?}");
    }
}
