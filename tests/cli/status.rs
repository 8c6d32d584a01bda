//! `soleus status` without a daemon, and read-only commands leaving history as it is.

use std::fs;

use super::*;

#[test]
fn status_json_without_a_daemon_has_todays_figures_from_history() {
    let s = Sandbox::new();
    s.write_config("[schedule]\nsets_per_day = 4\n");
    assert_exit(&s.run(&["log", "60"]), 0);
    assert_exit(&s.run(&["log", "50"]), 0);
    let o = s.run(&["status", "--json"]);
    assert_exit(&o, 3);
    let v: Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["running"], false);
    assert_eq!(v["sets_today"], 2);
    assert_eq!(v["reps_today"], 110);
    assert_eq!(v["goal_sets"], 4);
    assert_eq!(v["state"], Value::Null);
}

#[test]
fn reading_a_corrupt_history_renames_nothing() {
    let s = Sandbox::new();
    let path = s.history_path();
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let garbage = "this is not a soleus history\n";
    fs::write(&path, garbage).expect("write");
    for args in [
        &["stats"][..],
        &["stats", "--json"],
        &["status", "--json"],
        &["doctor"],
    ] {
        let o = s.run(args);
        assert!(
            stderr(&o).contains("cannot be read") || stdout(&o).contains("cannot be read"),
            "{args:?}: the user is told\n{}{}",
            stdout(&o),
            stderr(&o)
        );
        assert_eq!(fs::read_to_string(&path).expect("still there"), garbage);
        let entries: Vec<_> = fs::read_dir(path.parent().expect("parent"))
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(entries, ["history.jsonl"], "{args:?} set the file aside");
    }
    // The next writer does set it aside, and says so.
    let o = s.run(&["log", "30"]);
    assert_exit(&o, 0);
    assert!(
        fs::read_to_string(&path)
            .expect("fresh")
            .contains("recovered_from")
    );
}
