//! `soleus log`: recording and undoing sets, and the history file behind it.

use crate::*;

#[test]
fn log_records_a_durable_set_and_reports_the_day() {
    let s = Sandbox::new();
    let o = s.run(&["log", "60"]);
    assert_says(&o, 0, stdout, "Logged 60 reps");
    assert_says(&o, 0, stdout, "Today: 1 of 3 sets, 60 reps");
    let o = s.run(&["log", "40", "--duration", "4m", "--at", "2026-11-20T10:15"]);
    assert_exit(&o, 0);
    let lines = history_lines(&s.history_path());
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

/// A time this version could write but not read back would make the next command set the
/// whole history aside: such times are refused on input.
#[test]
fn log_refuses_times_out_of_range_and_the_history_stays_readable() {
    let s = Sandbox::new();
    let run = |args: &[&str]| {
        s.command(args)
            .env("TZ", "America/New_York")
            .output()
            .expect("run soleus")
    };
    assert_exit(&run(&["log", "30"]), 0);
    for at in [
        "--at=-009999-01-02T01:59:59Z",
        "--at=-000001-06-01T10:00",
        "--at=0001-01-01T00:00:00Z",
        "--at=1969-12-31T10:00",
    ] {
        let o = run(&["log", "50", at]);
        assert_exit(&o, 2);
        assert!(stderr(&o).contains("too long ago"), "{at}: {}", stderr(&o));
    }
    let o = run(&["stats", "--json"]);
    assert_exit(&o, 0);
    assert!(!stderr(&o).contains("could not be read"), "{}", stderr(&o));
    assert_eq!(history_lines(&s.history_path()).len(), 2);
}

#[test]
fn log_refuses_bad_arguments_clearly_and_writes_nothing() {
    let s = Sandbox::new();
    for (args, needle) in [
        (&["log", "0"][..], "from 1 to 1000 reps"),
        (
            &["log", "1001"][..],
            "more than 1000, the most one set can have",
        ),
        (&["log", "many"][..], "is not a number of reps"),
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
    let lines = history_lines(&path);
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
    let lines = history_lines(&s.history_path());
    assert_eq!(lines.len(), 13);
    let mut reps: Vec<i64> = lines[1..]
        .iter()
        .map(|l| l["reps"].as_i64().expect("reps"))
        .collect();
    reps.sort_unstable();
    assert_eq!(reps, (1..=12).collect::<Vec<_>>());
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

/// A fixed-offset zone where it is about noon now, so that "07:00" and "08:00" are earlier
/// today whenever the test runs (in Berlin they are in the future after midnight).
fn zone_at_noon() -> String {
    let hour = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .hour();
    // Etc/GMT-N is N hours ahead of UTC (the sign is POSIX's); -11..=12 all exist.
    match 12 - i32::from(hour) {
        0 => "Etc/GMT".to_owned(),
        ahead if ahead > 0 => format!("Etc/GMT-{ahead}"),
        behind => format!("Etc/GMT+{}", -behind),
    }
}

#[test]
fn log_undo_takes_back_the_last_set_and_says_which() {
    let s = Sandbox::new();
    let tz = zone_at_noon();
    let run = |args: &[&str]| s.command(args).env("TZ", &tz).output().expect("run soleus");
    let o = run(&["log", "--undo"]);
    assert_says(&o, 1, stderr, "nothing to undo: no set is logged yet");
    assert_exit(&run(&["log", "30", "--at", "08:00"]), 0);
    assert_exit(&run(&["log", "45", "--at", "07:00"]), 0);
    let o = run(&["log", "--undo"]);
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
        serde_json::from_str(&stdout(&run(&["stats", "--days", "1", "--json"]))).expect("JSON");
    assert_eq!(v["total_reps"], 30);
    // The history keeps everything: the undo is a record of its own.
    let lines = history_lines(&s.history_path());
    assert_eq!(lines.last().expect("undo")["type"], "undo");
    assert_exit(&run(&["log", "--undo"]), 0);
    assert_exit(&run(&["log", "--undo"]), 1);
}

/// Undos at the same time each take back a different set: the choice is made under the
/// history's lock.
#[test]
fn concurrent_undos_take_back_different_sets() {
    const SETS: u32 = 12;
    let s = Sandbox::new();
    for i in 0..SETS {
        let at = format!("2026-11-20T{:02}:00", 8 + i);
        assert_exit(&s.run(&["log", &(10 + i).to_string(), "--at", &at]), 0);
    }
    let mut undone = s.undo_at_once(&["log", "--undo"], SETS as usize, "undo", "set_at");
    assert_eq!(undone.len(), SETS as usize);
    undone.dedup();
    assert_eq!(
        undone.len(),
        SETS as usize,
        "each undo took back its own set"
    );
    assert_says(&s.run(&["log", "--undo"]), 1, stderr, "nothing to undo");
}
