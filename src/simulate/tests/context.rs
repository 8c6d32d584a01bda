//! Traces with `dnd`, `fullscreen` and `call`: held and released as `simulate --json`
//! shows them, and the hold's properties over random traces.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use proptest::prelude::*;

use super::*;
use crate::context::Kind as Context;

/// The defaults without the spread, so that a second reminder is `min_gap`'s alone.
fn unspread() -> Config {
    Config::parse(Path::new("c.toml"), "[schedule]\nspread = false\n")
        .expect("valid")
        .0
}

/// A morning at the desk from 09:00 to 12:00 on 2026-11-23, with do-not-disturb from
/// `from` to `to`.
fn dnd(from: &str, to: &str) -> String {
    format!(
        "2026-11-23T09:00,2026-11-23T{from},active\n\
         2026-11-23T{from},2026-11-23T{to},dnd\n\
         2026-11-23T{to},2026-11-23T12:00,active\n"
    )
}

#[test]
fn dnd_over_the_due_time_holds_then_releases_one_reminder() {
    let h = sim(&unspread(), &dnd("09:30", "10:25"), Respond::Done);
    let json = render::json_lines(&h, &berlin());
    let kinds: Vec<String> = json
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("JSON");
            format!("{} {}", &v["at"].as_str().unwrap_or("")[11..16], v["kind"])
        })
        .collect();
    assert_eq!(
        kinds[..4],
        [
            "09:45 \"held\"",
            "10:25 \"released\"",
            "10:25 \"reminder\"",
            "10:25 \"set\""
        ],
        "{json}"
    );
    assert_eq!(
        reminders(&h).len(),
        2,
        "the catch-up, then one after min_gap"
    );
}

/// A reminder on screen as do-not-disturb begins is taken off it, and the timeline says
/// so; one that falls due under the hold is only held.
#[test]
fn a_reminder_on_screen_as_a_hold_begins_is_said_to_be_taken_off_it() {
    let config = unspread();
    let h = sim(&config, &dnd("09:47", "10:25"), Respond::Ignore);
    let held: Vec<&Kind> = h
        .iter()
        .filter(|x| matches!(x.kind, Kind::Held { .. }))
        .map(|x| &x.kind)
        .collect();
    assert_eq!(
        held.first(),
        Some(&&Kind::Held { withdrawn: true }),
        "{h:#?}"
    );
    let json = render::json_lines(&h, &berlin());
    assert!(json.contains(r#""kind":"held","withdrawn":true"#), "{json}");
    let text = render::timeline(
        &h,
        &berlin(),
        jiff::civil::date(2026, 11, 23),
        1,
        Respond::Ignore,
    );
    assert!(
        text.contains("reminder taken off the screen and held"),
        "{text}"
    );

    let due_under_it = "2026-11-23T09:00,2026-11-23T09:30,active\n\
                        2026-11-23T09:30,2026-11-23T10:25,dnd\n";
    let h = sim(&config, due_under_it, Respond::Ignore);
    assert!(
        h.iter().any(|x| x.kind == Kind::Held { withdrawn: false }),
        "{h:#?}"
    );
}

#[test]
fn context_states_are_at_the_desk_and_misspellings_get_a_hint() {
    let tz = berlin();
    let t = trace::parse(
        Path::new("t.csv"),
        "2026-11-23T09:00,2026-11-23T10:00,call\n",
        &tz,
    )
    .expect("valid");
    assert_eq!(
        (t.intervals[0].state, t.intervals[0].context),
        (Activity::Active, Some(Context::Call))
    );
    let e = trace::parse(
        Path::new("t.csv"),
        "2026-11-23T09:00,2026-11-23T10:00,fulscreen\n",
        &tz,
    )
    .expect_err("invalid");
    assert!(
        e[0].to_string().contains("did you mean `fullscreen`?"),
        "{}",
        e[0]
    );
}

const STATES: [&str; 6] = ["active", "dnd", "fullscreen", "call", "idle", "gap"];

fn arb() -> impl Strategy<Value = (String, Vec<(i64, usize)>, Respond)> {
    let policy = prop::sample::select(vec!["hold", "quiet", "remind"]);
    let config = (1u8..=4, 6u16..12, 4u16..10, policy.clone(), policy).prop_map(
        |(sets, from, len, dnd, call)| {
            format!(
                "[schedule]\nsets_per_day = {sets}\nactive_hours = \"{from:02}:00-{:02}:00\"\n\
                 sit_before_reminder = \"20m\"\nmin_gap = \"40m\"\n\
                 [context]\ndnd = \"{dnd}\"\ncall = \"{call}\"\nfullscreen = \"hold\"\n",
                from + len
            )
        },
    );
    let respond = prop::sample::select(vec![
        Respond::Done,
        Respond::Snooze,
        Respond::Skip,
        Respond::Ignore,
    ]);
    (
        config,
        prop::collection::vec((5i64..200, 0usize..STATES.len()), 1..60),
        respond,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn a_hold_never_shows_ends_once_and_keeps_the_cap((text, steps, respond) in arb()) {
        let cfg = config(&text);
        let tz = berlin();
        let mut t: Timestamp = "2026-11-23T06:00:00+01:00".parse().expect("ts");
        let mut lines = String::new();
        let mut held_spans = Vec::new();
        for (mins, state) in steps {
            let end = t + SignedDuration::from_mins(mins);
            if STATES[state] != "gap" {
                let hm = |x: Timestamp| x.to_zoned(tz.clone()).strftime("%Y-%m-%dT%H:%M").to_string();
                let _ = writeln!(lines, "{},{},{}", hm(t), hm(end), STATES[state]);
                let kind = Context::ALL.into_iter().find(|k| k.name() == STATES[state]);
                if kind.is_some_and(|k| cfg.context.policy(k) == crate::config::Policy::Hold) {
                    held_spans.push((t, end));
                }
            }
            t = end;
        }
        prop_assume!(!lines.is_empty(), "all gaps: no trace");
        let h = sim(&cfg, &lines, respond);
        // Never shown (first time or again) while a hold is on.
        for r in h.iter().filter(|h| matches!(h.kind, Kind::Reminder { .. })) {
            prop_assert!(
                !held_spans.iter().any(|(s, e)| *s <= r.at && r.at < *e),
                "shown at {} while held\n{lines}", local_hm(r.at)
            );
        }
        // Nothing expires under a hold: a reminder on screen as it begins is withdrawn.
        for m in h.iter().filter(|h| h.kind == Kind::Missed) {
            prop_assert!(
                !held_spans.iter().any(|(s, e)| *s < m.at && m.at < *e)
                    || !cfg.schedule.window.contains(m.at, &tz),
                "missed at {} under a hold\n{lines}", local_hm(m.at)
            );
        }
        // Each hold ends (released, missed or dropped by a skip) before another begins,
        // and a release brings at most one reminder at that instant. A reminder a day is
        // used by showing it first, or by holding it until it is missed. A reminder on
        // screen as a hold begins is withdrawn: held, not expired (missed only when the
        // window closes), and shown again once on release, its snoozes kept.
        let mut open = false;
        // The reminder shown and not yet resolved: its snoozes, and whether it is held.
        let mut on: Option<u8> = None;
        let mut withdrawn = false;
        let mut per_day: BTreeMap<String, u32> = BTreeMap::new();
        for (i, x) in h.iter().enumerate() {
            let mut used = matches!(x.kind, Kind::Reminder { snoozes: 0, again: false, .. });
            match x.kind {
                Kind::Reminder { snoozes, again, .. } => {
                    prop_assert_eq!(again, withdrawn && on == Some(snoozes),
                        "shown again at {} without a hold, or with other snoozes\n{}", local_hm(x.at), lines);
                    withdrawn = false;
                    on = Some(snoozes);
                }
                Kind::Held { .. } => {
                    prop_assert!(!open, "held twice at {}\n{lines}", local_hm(x.at));
                    open = true;
                    withdrawn = on.is_some();
                }
                Kind::Missed if open => {
                    open = false;
                    used = !withdrawn;
                    prop_assert!(!cfg.schedule.window.contains(x.at, &tz),
                        "a held reminder expired at {}\n{lines}", local_hm(x.at));
                }
                Kind::Released | Kind::Skip if open => open = false,
                _ => {}
            }
            if matches!(x.kind, Kind::Set { .. } | Kind::Skip | Kind::Missed | Kind::Unconfirmed) {
                on = None;
                withdrawn = false;
            }
            if x.kind == Kind::Released {
                let at_once = h[i..]
                    .iter()
                    .filter(|y| y.at == x.at && matches!(y.kind, Kind::Reminder { .. }))
                    .count();
                prop_assert!(at_once <= 1, "{at_once} reminders at a release\n{lines}");
            }
            if used {
                *per_day.entry(local_hm(x.at)[..10].to_owned()).or_default() += 1;
            }
        }
        let cap = u32::from(cfg.schedule.sets_per_day);
        prop_assert!(per_day.values().all(|n| *n <= cap), "{per_day:?}\n{lines}");
    }
}
