//! `soleus simulate`: the real scheduler over the office week and over traces.

use crate::*;

#[test]
fn simulate_on_defaults_gives_three_reminders_every_weekday() {
    let s = Sandbox::new();
    let o = s.run(&[
        "simulate",
        "--days",
        "7",
        "--start",
        "2026-11-23",
        "--respond",
        "done",
        "--json",
    ]);
    assert_exit(&o, 0);
    let events: Vec<Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let reminders: Vec<jiff::Zoned> = events
        .iter()
        .filter(|e| e["kind"] == "reminder" && e["snoozes"] == 0)
        .map(|e| {
            let ts: jiff::Timestamp = e["at"].as_str().expect("at").parse().expect("RFC 3339");
            ts.to_zoned(jiff::tz::TimeZone::get("Europe/Berlin").expect("tz"))
        })
        .collect();
    assert_eq!(reminders.len(), 15);
    for day in 23..=27 {
        let today: Vec<&jiff::Zoned> = reminders.iter().filter(|z| z.day() == day).collect();
        assert_eq!(today.len(), 3, "day {day}");
        for z in &today {
            assert!((9..18).contains(&z.hour()), "{z}");
        }
        for pair in today.windows(2) {
            assert!(
                pair[1].timestamp().duration_since(pair[0].timestamp())
                    >= jiff::SignedDuration::from_mins(90)
            );
        }
    }
    assert!(
        events
            .iter()
            .all(|e| e["at"].as_str().is_some_and(|a| a.ends_with("+01:00")))
    );
    // The office week logs lunch at 13:00; each weekday's reminder after it says so.
    let after_lunch: Vec<&Value> = events
        .iter()
        .filter(|e| e["kind"] == "reminder" && e["after_meal"] == true)
        .collect();
    assert_eq!(after_lunch.len(), 5);
    assert!(
        after_lunch.iter().all(|e| e["meal"]
            .as_str()
            .is_some_and(|m| m.ends_with("T13:00:00+01:00"))),
        "{after_lunch:?}"
    );
}

#[test]
fn simulate_reads_traces_and_reports_their_errors() {
    let s = Sandbox::new();
    let trace = s.dir.path().join("week.csv");
    fs::write(
        &trace,
        "# standups\n2026-11-23T09:00,2026-11-23T11:00,active\n2026-11-23T09:20,2026-11-23T09:20,meal\n",
    )
    .expect("write");
    let o = s.run(&[
        "simulate",
        "--trace",
        trace.to_str().expect("utf8"),
        "--respond",
        "snooze",
        "--json",
    ]);
    assert_exit(&o, 0);
    let text = stdout(&o);
    assert!(
        text.contains("\"kind\":\"reminder\"") && text.contains("\"snoozes\":1"),
        "{text}"
    );
    let o = s.run(&["simulate", "--trace", trace.to_str().expect("utf8")]);
    assert_exit(&o, 0);
    let human = stdout(&o);
    assert!(
        human.contains("Mon 2026-11-23")
            && human.contains("09:20  meal")
            && human.contains(
                "09:30  reminder 1 of 3, after 30 minutes of sitting, after the meal at 09:20"
            ),
        "{human}"
    );

    fs::write(&trace, "2026-11-23T09:00,2026-11-23T11:00,sitting\n").expect("write");
    let o = s.run(&["simulate", "--trace", trace.to_str().expect("utf8")]);
    assert_says(
        &o,
        1,
        stderr,
        "week.csv:1:35: `sitting` is not an activity state",
    );
    let o = s.run(&["simulate", "--trace", "/nonexistent/trace.csv"]);
    assert_says(
        &o,
        1,
        stderr,
        "cannot read the trace /nonexistent/trace.csv",
    );
}

#[test]
fn simulate_refuses_a_broken_config() {
    let s = Sandbox::new();
    s.write_config("[schedule]\nmin_gap = 90\n");
    let o = s.run(&["simulate"]);
    assert_says(&o, 1, stderr, "config.toml:2:11");
}
