//! Meals in simulations: `meal` lines of a trace, and what `--json` says of them.

use super::*;

#[test]
fn a_meal_line_brings_a_reminder_into_its_window_and_json_says_so() {
    let cfg = config("[schedule]\nsit_before_reminder = \"2h\"\n");
    let h = sim(
        &cfg,
        "2026-11-23T09:00,2026-11-23T12:00,active\n2026-11-23T10:20,2026-11-23T10:30,meal\n",
        Respond::Done,
    );
    // Without the meal, the first reminder would wait for 11:00.
    assert_eq!(reminders(&h), ["2026-11-23 10:40"]);
    let json = render::json_lines(&h, &berlin());
    let lines: Vec<serde_json::Value> = json
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(lines[0]["kind"], "meal");
    assert_eq!(lines[0]["at"], "2026-11-23T10:30:00+01:00");
    assert_eq!(lines[1]["kind"], "reminder");
    assert_eq!(lines[1]["after_meal"], true);
    assert_eq!(lines[1]["meal"], "2026-11-23T10:30:00+01:00");
    let plain = render::json_lines(
        &sim(
            &cfg,
            "2026-11-23T09:00,2026-11-23T12:00,active\n",
            Respond::Done,
        ),
        &berlin(),
    );
    assert!(plain.contains("\"after_meal\":false"), "{plain}");
}
