//! `soleus stats`: the JSON, CSV and human views of the history.

use crate::*;

#[test]
fn stats_json_csv_and_table_follow_the_contract() {
    let s = Sandbox::new();
    assert_exit(&s.run(&["log", "70"]), 0);
    let o = s.run(&["stats", "--days", "7", "--json"]);
    assert_exit(&o, 0);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("one JSON document");
    let days = v["days"].as_array().expect("days");
    assert_eq!(days.len(), 7);
    for key in ["date", "sets", "reps", "reminders", "snoozes", "skips"] {
        assert!(days[0].get(key).is_some(), "{key} missing");
    }
    assert_eq!(days[6]["sets"], 1);
    assert_eq!(
        (v["total_sets"].as_i64(), v["total_reps"].as_i64()),
        (Some(1), Some(70))
    );
    assert!(v["streak_days"].is_number());
    let csv = stdout(&s.run(&["stats", "--days", "3", "--csv"]));
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.starts_with("date,sets,reps,reminders,snoozes,skips"));
    let table = stdout(&s.run(&["stats"]));
    assert!(
        table.contains("Today") && table.contains("1 of 3 sets, 70 reps"),
        "{table}"
    );
    assert_exit(&s.run(&["stats", "--days", "0"]), 2);
}

#[test]
fn stats_takes_a_period_and_lists_sets() {
    let s = Sandbox::new();
    assert_exit(&s.run(&["log", "40", "--at", "2026-11-02T09:15"]), 0);
    assert_exit(&s.run(&["log", "55", "--at", "2026-11-03T16:00"]), 0);
    let o = s.run(&[
        "stats",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-07",
        "--json",
    ]);
    assert_exit(&o, 0);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["days"].as_array().map(Vec::len), Some(7));
    assert_eq!(
        (v["total_sets"].as_i64(), v["total_reps"].as_i64()),
        (Some(2), Some(95))
    );
    let o = s.run(&[
        "stats",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-07",
        "--sets",
    ]);
    assert_exit(&o, 0);
    assert_eq!(
        stdout(&o),
        "2026-11-02 09:15    40 reps      4m  by hand\n2026-11-03 16:00    55 reps   5m30s  by hand\n"
    );
    let o = s.run(&[
        "stats",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-07",
        "--sets",
        "--csv",
    ]);
    assert!(
        stdout(&o).starts_with(
            "at,reps,duration_seconds,origin\n2026-11-02T09:15:00+01:00,40,240,manual\n"
        ),
        "{}",
        stdout(&o)
    );
    let o = s.run(&["stats", "--from", "2026-11-08", "--to", "2026-11-01"]);
    assert_says(&o, 2, stderr, "is after --to");
    assert_exit(&s.run(&["stats", "--days", "3", "--from", "2026-11-01"]), 2);
}

#[test]
fn stats_for_people_has_no_colour_in_a_pipe() {
    let s = Sandbox::new();
    assert_exit(&s.run(&["log", "70"]), 0);
    for days in ["14", "60"] {
        let out = stdout(&s.run(&["stats", "--days", days]));
        assert!(!out.contains('\x1b'), "{out}");
        assert!(out.contains("Streak") && out.contains("Reminders"), "{out}");
    }
    assert!(stdout(&s.run(&["stats", "--days", "60"])).contains("Week by week"));
}

#[test]
fn stats_json_days_always_has_the_asked_number_of_rows() {
    let s = Sandbox::new();
    for days in [1, 7, 31, 400] {
        let o = s.run(&["stats", "--days", &days.to_string(), "--json"]);
        let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
        assert_eq!(
            v["days"].as_array().map(Vec::len),
            Some(days),
            "--days {days}"
        );
    }
}

#[test]
fn clicolor_force_colours_a_pipe_with_the_columns_intact_and_no_color_wins() {
    let s = Sandbox::new();
    assert_exit(&s.run(&["log", "70"]), 0);
    let o = s
        .command(&["stats"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .expect("run");
    let text = stdout(&o);
    assert!(text.contains("\x1b[1mToday\x1b[0m    "), "{text:?}");
    assert!(text.contains("\x1b[1mStreak\x1b[0m   "), "{text:?}");
    for (var, value) in [("NO_COLOR", "1"), ("CLICOLOR_FORCE", "0")] {
        let o = s
            .command(&["stats"])
            .env("CLICOLOR_FORCE", "1")
            .env(var, value)
            .output()
            .expect("run");
        assert!(!stdout(&o).contains('\x1b'), "{var}={value}");
    }
}

/// Every key `--json` prints (and `--sets --json`) is named in `stats --help`.
#[test]
fn stats_help_names_every_json_field() {
    let s = Sandbox::new();
    assert_exit(&s.run(&["log", "70"]), 0);
    let help = stdout(&s.run(&["stats", "--help"]));
    let report: Value = serde_json::from_str(&stdout(&s.run(&["stats", "--json"]))).expect("JSON");
    let sets: Value =
        serde_json::from_str(&stdout(&s.run(&["stats", "--sets", "--json"]))).expect("JSON");
    let mut keys = Vec::new();
    for object in [&report, &report["days"][0], &report["reminders"], &sets[0]] {
        keys.extend(object.as_object().expect("object").keys().cloned());
    }
    for key in keys {
        assert!(
            help.contains(&key),
            "`{key}` missing from stats --help:\n{help}"
        );
    }
}

/// `stats` only reads: it works for someone who may read the history but not write its
/// folder (here uid 65534, `nobody`; the tests run as root).
#[test]
fn stats_needs_no_write_access() {
    let s = Sandbox::new();
    assert_exit(&s.run(&["log", "40"]), 0);
    let shared = Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(s.dir.path())
        .status()
        .expect("run chmod");
    assert!(shared.success());
    let as_root = s.command(&["stats", "--json"]);
    let mut as_nobody = Command::new("setpriv");
    as_nobody
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(as_root.get_program())
        .args(as_root.get_args());
    for (name, value) in as_root.get_envs() {
        match value {
            Some(value) => as_nobody.env(name, value),
            None => as_nobody.env_remove(name),
        };
    }
    let o = as_nobody.output().expect("run setpriv");
    assert_exit(&o, 0);
    let json: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(json["total_sets"], 1);
}
