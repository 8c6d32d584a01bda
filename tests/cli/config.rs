//! `soleus config`: check, path, show, init.

use crate::*;

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
    assert_eq!(written, include_str!("../../config/config.toml"));
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
fn a_config_flag_naming_no_file_is_an_error_not_the_defaults() {
    let s = Sandbox::new();
    let missing = s.dir.path().join("typo.toml");
    let missing = missing.to_str().expect("utf8");
    for args in [
        &["--config", missing, "config", "check"][..],
        &["--config", missing, "stats"],
        &["stats", "--config", missing],
        &["config", "show", "--config", missing],
        &["simulate", "--config", missing],
    ] {
        assert_says(
            &s.run(args),
            1,
            stderr,
            "there is no such file; create it with",
        );
    }
    // `config path` only says where; `config init` creates it.
    assert_exit(&s.run(&["--config", missing, "config", "path"]), 0);
    assert_exit(&s.run(&["config", "init", "--config", missing]), 0);
    assert_exit(&s.run(&["config", "check", "--config", missing]), 0);
}

#[test]
fn config_is_not_offered_where_it_means_nothing() {
    let s = Sandbox::new();
    s.write_config("");
    let path = s.config_path();
    let path = path.to_str().expect("utf8");
    assert_says(
        &s.run(&["--config", path, "snooze"]),
        2,
        stderr,
        "--config means nothing to `soleus snooze`",
    );
    assert_exit(&s.run(&["snooze", "--config", path]), 2);
    for command in ["snooze", "skip", "start", "pause", "resume", "stop"] {
        let help = stdout(&s.run(&[command, "--help"]));
        assert!(!help.contains("--config"), "{command}: {help}");
    }
    for command in [&["daemon"][..], &["stats"], &["log"], &["config", "check"]] {
        let mut args = command.to_vec();
        args.push("--help");
        let help = stdout(&s.run(&args));
        assert!(help.contains("--config <PATH>"), "{command:?}: {help}");
    }
}
