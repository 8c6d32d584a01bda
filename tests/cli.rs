//! The real `soleus` binary, run as a user would, with XDG directories in a temp dir.

mod support;

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;
use support::{stderr, stdout};

/// The CLI as a person runs it: a sandbox with no daemon and no bus, and without the log
/// filter (`RUST_LOG`) or colour choice (`NO_COLOR`) of whoever runs the tests, since both
/// change what is printed. Everything else is the shared sandbox's.
struct Sandbox(support::Sandbox);

impl Sandbox {
    fn new() -> Self {
        Self(
            support::Sandbox::new()
                .without_env("RUST_LOG")
                .without_env("NO_COLOR"),
        )
    }

    fn command(&self, args: &[&str]) -> Command {
        self.0.command(None, args)
    }

    fn run(&self, args: &[&str]) -> Output {
        self.0.run(None, args)
    }
}

impl std::ops::Deref for Sandbox {
    type Target = support::Sandbox;

    fn deref(&self) -> &support::Sandbox {
        &self.0
    }
}

#[track_caller]
fn assert_exit(o: &Output, code: i32) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

/// The exit code is `code` and `stream` (stdout or stderr) contains `needle`.
#[track_caller]
fn assert_says(o: &Output, code: i32, stream: fn(&Output) -> String, needle: &str) {
    assert_exit(o, code);
    let text = stream(o);
    assert!(text.contains(needle), "expected {needle:?} in:\n{text}");
}

#[test]
fn help_teaches_the_movement_and_every_subcommand_has_an_example() {
    let s = Sandbox::new();
    let o = s.run(&["--help"]);
    assert_exit(&o, 0);
    let text = stdout(&o);
    assert!(
        text.contains("Raise your") && text.contains("heels slowly"),
        "{text}"
    );
    for sub in ["log", "stats", "simulate", "config"] {
        assert!(text.contains(sub), "{sub} missing from --help");
        let o = s.run(&[sub, "--help"]);
        assert!(
            stdout(&o).contains("Examples:") || stdout(&o).contains("Commands:"),
            "{sub} --help has no example"
        );
    }
}

#[test]
fn config_path_follows_xdg_and_the_override() {
    let s = Sandbox::new();
    assert_eq!(
        stdout(&s.run(&["config", "path"])).trim(),
        s.config_path().display().to_string()
    );
    assert_eq!(
        stdout(&s.run(&["--config", "/x/y.toml", "config", "path"])).trim(),
        "/x/y.toml"
    );
}

#[test]
fn config_check_accepts_a_missing_file_as_defaults() {
    let s = Sandbox::new();
    let o = s.run(&["config", "check"]);
    assert_says(&o, 0, stdout, "built-in defaults apply");
}

#[test]
fn config_check_points_at_the_error_and_suggests_a_fix() {
    let s = Sandbox::new();
    s.write_config("[schedule]\nsets_per_day = 3\nsit_befor_reminder = \"30m\"\n");
    let o = s.run(&["config", "check"]);
    assert_exit(&o, 1);
    let err = stderr(&o);
    let path = s.config_path().display().to_string();
    assert!(
        err.contains(&format!(
            "{path}:3:1: unknown key `sit_befor_reminder` in [schedule]"
        )),
        "{err}"
    );
    assert!(
        err.contains("hint: did you mean `sit_before_reminder`?"),
        "{err}"
    );

    s.write_config("[schedule]\nsets_per_day = 12\n[exercise]\nset_length = \"an hour\"\n");
    let err = stderr(&s.run(&["config", "check"]));
    assert!(
        err.contains(&format!(
            "{path}:2:16: sets_per_day: must be between 1 and 6, found 12"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{path}:4:14: set_length: `an hour` is not a duration"
        )),
        "{err}"
    );
    assert!(err.contains("2 errors in"), "{err}");

    s.write_config("[schedule\nsets_per_day = 3\n");
    let o = s.run(&["config", "check"]);
    assert_says(&o, 1, stderr, &format!("{path}:1:"));
}

#[test]
fn config_check_warns_about_contradictions_but_passes() {
    let s = Sandbox::new();
    s.write_config("[schedule]\nactive_hours = \"09:00-10:00\"\n");
    let o = s.run(&["config", "check"]);
    assert_says(&o, 0, stderr, "warning:");
    assert_says(&o, 0, stderr, "fewer than sets_per_day");
}

#[test]
fn config_init_writes_the_documented_file_and_never_clobbers() {
    let s = Sandbox::new();
    assert_exit(&s.run(&["config", "init"]), 0);
    let written = fs::read_to_string(s.config_path()).expect("written");
    assert_eq!(written, include_str!("../config/config.toml"));
    assert_eq!(stdout(&s.run(&["config", "init", "--print"])), written);
    assert_exit(&s.run(&["config", "check"]), 0);

    fs::write(s.config_path(), "[snooze]\nduration = \"5m\"\n").expect("edit");
    let o = s.run(&["config", "init"]);
    assert_says(&o, 1, stderr, "already exists");
    let o = s.run(&["config", "init", "--force"]);
    assert_exit(&o, 0);
    // A second --force must not lose the user's file through the first backup.
    assert_exit(&s.run(&["config", "init", "--force"]), 0);
    let dir = s.config_path().parent().expect("dir").to_owned();
    let backups: Vec<String> = fs::read_dir(&dir)
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("config.toml.bak-")
        })
        .map(|e| fs::read_to_string(e.path()).expect("read backup"))
        .collect();
    assert_eq!(backups.len(), 2);
    assert!(backups.contains(&"[snooze]\nduration = \"5m\"\n".to_owned()));
    assert!(
        stdout(&o).contains("kept the previous file as"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn config_show_prints_every_key_in_effect() {
    let s = Sandbox::new();
    s.write_config("[snooze]\nduration = \"90s\"\n");
    let o = s.run(&["config", "show"]);
    assert_exit(&o, 0);
    let text = stdout(&o);
    assert!(
        text.contains("duration = \"1m30s\"") && text.contains("sets_per_day = 3"),
        "{text}"
    );
}

#[test]
fn log_records_a_durable_set_and_reports_the_day() {
    let s = Sandbox::new();
    let o = s.run(&["log", "60"]);
    assert_says(&o, 0, stdout, "Logged 60 reps");
    assert_says(&o, 0, stdout, "Today: 1 of 3 sets, 60 reps");
    let o = s.run(&["log", "40", "--duration", "4m", "--at", "2026-11-20T10:15"]);
    assert_exit(&o, 0);
    let lines = s.history();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["format"], "soleus-history");
    assert_eq!(lines[1]["reps"], 60);
    assert_eq!(
        lines[1]["duration_s"], 360,
        "60 reps at the default 10 a minute"
    );
    assert_eq!(lines[2]["at"], "2026-11-20T10:15:00+01:00");
    assert_eq!(lines[2]["duration_s"], 240);
    assert_eq!(lines[2]["origin"], "manual");
}

#[test]
fn log_refuses_bad_arguments_clearly_and_writes_nothing() {
    let s = Sandbox::new();
    for (args, needle) in [
        (&["log", "0"][..], "1..=1000"),
        (&["log", "1001"][..], "1..=1000"),
        (&["log", "many"][..], "invalid digit"),
        (&["log", "50", "--duration", "5"][..], "not a duration"),
        (&["log", "50", "--duration", "0m"][..], "not positive"),
        (&["log", "50", "--at", "25:00"][..], "is not a time"),
        (
            &["log", "50", "--at", "2999-01-01T10:00"][..],
            "in the future",
        ),
    ] {
        let o = s.run(args);
        assert_exit(&o, 2);
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
    }
    assert!(!s.history_path().exists(), "nothing written on refusal");
}

#[test]
fn log_survives_a_corrupt_history_and_keeps_the_old_file() {
    let s = Sandbox::new();
    assert_exit(&s.run(&["log", "60"]), 0);
    let path = s.history_path();
    let mut text = fs::read_to_string(&path).expect("read");
    text.push_str("this line is garbage\n");
    fs::write(&path, &text).expect("corrupt it");

    let o = s.run(&["log", "50"]);
    assert_says(&o, 0, stderr, "could not be read (line 3:");
    let aside: Vec<PathBuf> = fs::read_dir(path.parent().expect("dir"))
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(fs::read_to_string(&aside[0]).expect("aside"), text);
    let lines = s.history();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["reps"], 50);
    // Stats keeps telling which file was set aside and why.
    let o = s.run(&["stats", "--json"]);
    assert_says(&o, 0, stderr, &aside[0].display().to_string());
}

#[test]
fn concurrent_logs_are_serialised_and_all_kept() {
    let s = Sandbox::new();
    let children: Vec<_> = (1..=12)
        .map(|i| {
            s.command(&["log", &i.to_string()])
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for mut c in children {
        assert!(c.wait().expect("wait").success());
    }
    let lines = s.history();
    assert_eq!(lines.len(), 13);
    let mut reps: Vec<i64> = lines[1..]
        .iter()
        .map(|l| l["reps"].as_i64().expect("reps"))
        .collect();
    reps.sort_unstable();
    assert_eq!(reps, (1..=12).collect::<Vec<_>>());
}

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
}

#[test]
fn simulate_reads_traces_and_reports_their_errors() {
    let s = Sandbox::new();
    let trace = s.dir.path().join("week.csv");
    fs::write(
        &trace,
        "# standups\n2026-11-23T09:00,2026-11-23T11:00,active\n",
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
    let human = stdout(&s.run(&["simulate", "--trace", trace.to_str().expect("utf8")]));
    assert!(
        human.contains("Mon 2026-11-23") && human.contains("09:45  reminder 1 of 3"),
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

#[test]
fn log_and_stats_work_on_defaults_when_the_config_is_broken() {
    let s = Sandbox::new();
    s.write_config("[schedule]\nsets_per_day = \"three\"\n");
    let o = s.run(&["log", "30"]);
    assert_says(&o, 0, stderr, "warning: config not used");
    assert_says(&o, 0, stderr, "config.toml:2:16");
    assert!(stdout(&o).contains("Today: 1 of 3 sets"), "{}", stdout(&o));
    assert_exit(&s.run(&["stats"]), 0);
}

#[test]
fn config_init_reports_a_place_it_cannot_write() {
    let s = Sandbox::new();
    let blocker = s.dir.path().join("not-a-folder");
    fs::write(&blocker, "x").expect("write");
    let target = blocker.join("config.toml");
    let o = s.run(&["--config", target.to_str().expect("utf8"), "config", "init"]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).contains(&format!(
            "cannot create the folder for {}",
            target.display()
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_unreadable_history_location_is_a_clear_error() {
    let s = Sandbox::new();
    // The data folder is a file: the history cannot be created under it.
    fs::write(s.dir.path().join("data"), "x").expect("write");
    let o = s.run(&["log", "40"]);
    assert_exit(&o, 1);
    assert!(
        stderr(&o).starts_with("error: cannot create the folder"),
        "{}",
        stderr(&o)
    );
    let o = s.run(&["stats"]);
    assert_exit(&o, 1);
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
fn log_undo_takes_back_the_last_set_and_says_which() {
    let s = Sandbox::new();
    let o = s.run(&["log", "--undo"]);
    assert_says(&o, 1, stderr, "nothing to undo: no set is logged yet");
    assert_exit(&s.run(&["log", "30", "--at", "08:00"]), 0);
    assert_exit(&s.run(&["log", "45", "--at", "07:00"]), 0);
    let o = s.run(&["log", "--undo"]);
    assert_exit(&o, 0);
    assert!(
        stdout(&o).starts_with("Removed the set of 45 reps at 07:00"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("Today: 1 of 3 sets, 30 reps"),
        "{}",
        stdout(&o)
    );
    let v: Value =
        serde_json::from_str(&stdout(&s.run(&["stats", "--days", "1", "--json"]))).expect("JSON");
    assert_eq!(v["total_reps"], 30);
    // The history keeps everything: the undo is a record of its own.
    let lines = s.history();
    assert_eq!(lines.last().expect("undo")["type"], "undo");
    assert_exit(&s.run(&["log", "--undo"]), 0);
    assert_exit(&s.run(&["log", "--undo"]), 1);
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
