//! Two machines sharing one sync folder: two sandboxes (two XDG worlds, so two device ids)
//! whose configs name the same folder, the real `soleus` binary on both.

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use support::sandbox::evening_zone;
use support::{Daemon, Sandbox, fast_config, stderr};

fn stats(sandbox: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["stats", "--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&sandbox.ok(&all)).expect("stats JSON")
}

fn device_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(folder)
        .expect("folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    files
}

/// Two machines whose configs name one sync folder, the first with `config` besides; the
/// folder lives as long as the returned temp folder.
fn two_machines(config: &str) -> (tempfile::TempDir, Sandbox, Sandbox) {
    let root = tempfile::tempdir().expect("tempdir");
    let folder = root.path().join("Sync");
    let a = Sandbox::syncing(&folder, config);
    let b = Sandbox::syncing(&folder, "");
    (root, a, b)
}

/// Both machines log at once, each already had a history of its own, a sync tool drops a
/// conflict copy in and a file arrives half-synced: every set acknowledged (exit 0) is
/// counted exactly once, on both sides, and each side's figures per device agree.
#[test]
fn concurrent_writers_copies_and_a_torn_line_count_every_set_once_on_both_sides() {
    let root = tempfile::tempdir().expect("tempdir");
    let folder = root.path().join("Sync/soleus");
    let a = Sandbox::syncing(&folder, "");
    let b = Sandbox::syncing(&folder, "");
    // Each had a history before the folder: a set each, written without the option.
    for (m, reps) in [(&a, "11"), (&b, "13")] {
        let plain = Sandbox::new().with_env("TZ", &evening_zone());
        fs::create_dir_all(m.history_path().parent().expect("parent")).expect("mkdir");
        plain.ok(&["log", reps, "--at", "08:00"]);
        fs::copy(plain.history_path(), m.history_path()).expect("local history");
    }
    // One after the other, each machine in turn.
    for i in 0..6 {
        a.ok(&["log", &(10 + i).to_string(), "--at", "09:00"]);
        b.ok(&["log", &(20 + i).to_string(), "--at", "09:00"]);
    }
    // Then at once: threads, each running the binary.
    let acknowledged: Vec<u32> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..12u32)
            .map(|i| {
                let sandbox = if i % 2 == 0 { &a } else { &b };
                s.spawn(move || {
                    let reps = 100 + i;
                    let o = sandbox
                        .command(None, &["log", &reps.to_string(), "--at", "10:00"])
                        .output()
                        .expect("spawn");
                    o.status.success().then_some(reps)
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().expect("thread"))
            .collect()
    });
    assert_eq!(acknowledged.len(), 12);
    let expected_sets = 2 + 12 + 12;
    let expected_reps: u64 = 11
        + 13
        + (10..16).sum::<u64>()
        + (20..26).sum::<u64>()
        + acknowledged.iter().map(|r| u64::from(*r)).sum::<u64>();
    let files = device_files(&folder);
    assert_eq!(files.len(), 2, "one file per device: {files:?}");
    // A conflict copy of a's file, and b's file as a sync tool shows it mid-transfer: an
    // older version with the start of a line that is still coming.
    let conflict = files[0].with_file_name(format!(
        "{}.sync-conflict-20261129-101500-ABCDEFG.jsonl",
        files[0].file_stem().expect("stem").to_string_lossy()
    ));
    fs::copy(&files[0], &conflict).expect("conflict copy");
    let text = fs::read_to_string(&files[1]).expect("b's file");
    let mut torn = text.lines().take(4).collect::<Vec<_>>().join("\n");
    torn.push_str("\n{\"type\":\"set\",\"at\":\"2026-11-29T10:");
    let half = files[1].with_file_name(format!(
        "{} (conflicted copy 2026-11-29).jsonl",
        files[1].file_stem().expect("stem").to_string_lossy()
    ));
    fs::write(&half, &torn).expect("torn copy");
    for m in [&a, &b] {
        let s = stats(m, &["--days", "1"]);
        assert_eq!(s["total_sets"], expected_sets, "{s:#}");
        assert_eq!(s["total_reps"], expected_reps, "{s:#}");
        let per: Vec<Value> =
            serde_json::from_str(&m.ok(&["stats", "--by-device", "--json", "--days", "1"]))
                .expect("JSON");
        assert_eq!(per.len(), 2, "{per:#?}");
        let sets: u64 = per.iter().map(|d| d["sets"].as_u64().expect("sets")).sum();
        assert_eq!(sets, expected_sets, "{per:#?}");
        assert!(per.iter().all(|d| d["sets"] == 13), "{per:#?}");
        assert_eq!(per.iter().filter(|d| d["this_device"] == true).count(), 1);
    }
    // Nobody repaired the copy that was mid-transfer: it is not theirs.
    a.ok(&["log", "5"]);
    assert_eq!(fs::read_to_string(&half).expect("torn copy"), torn);
    // The local histories were moved in, and kept aside.
    for m in [&a, &b] {
        assert!(!m.history_path().exists());
        let kept = fs::read_dir(m.history_path().parent().expect("data"))
            .expect("data")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains("in-sync-folder"))
            .count();
        assert_eq!(kept, 1);
    }
}

/// `log --undo` on one machine takes back the latest set wherever it was logged, and
/// both machines agree that it is gone.
#[test]
fn an_undo_on_one_machine_takes_the_set_back_on_both() {
    let (_root, a, b) = two_machines("");
    a.ok(&["log", "30", "--at", "09:00"]);
    a.ok(&["log", "40", "--at", "09:30"]);
    b.ok(&["log", "50", "--at", "09:10"]);
    let out = b.ok(&["log", "--undo"]);
    assert!(out.contains("Removed the set of 40 reps"), "{out}");
    for m in [&a, &b] {
        let s = stats(m, &["--days", "1"]);
        assert_eq!(
            (s["total_sets"].as_u64(), s["total_reps"].as_u64()),
            (Some(2), Some(80))
        );
    }
}

#[test]
fn by_device_without_a_sync_folder_says_how_to_set_one() {
    let sandbox = Sandbox::new();
    let o = sandbox.run(None, &["stats", "--by-device"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("[history] sync_folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_sync_folder_that_is_a_file_is_an_error_naming_the_setting() {
    let root = tempfile::tempdir().expect("tempdir");
    let file = root.path().join("Sync");
    fs::write(&file, "not a folder").expect("write");
    let sandbox = Sandbox::syncing(&file, "");
    let o = sandbox.run(None, &["log", "30"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("sync_folder"), "{}", stderr(&o));
}

/// A running daemon hears of sets logged on another machine: it counts them toward the
/// day's goal and, the goal met, stops reminding for the day. Taken back here with
/// `log --undo`, the other machine's set no longer counts, and reminders come back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_daemon_counts_sets_done_on_another_machine() {
    let config = fast_config("sets_per_day = 2\n").replace(
        "sit_before_reminder = \"1s\"",
        "sit_before_reminder = \"1h\"",
    );
    let (_root, a, b) = two_machines(&config);
    let daemon = Daemon::start(&a, None);
    let before = a.status(None);
    assert_eq!(before["sets_today"], 0, "{before:#}");
    b.ok(&["log", "30"]);
    a.until_status(None, 10, "one set from the other machine", |s| {
        s["sets_today"] == 1
    })
    .await;
    b.ok(&["log", "40"]);
    let done = a
        .until_status(None, 10, "the goal met elsewhere", |s| s["sets_today"] == 2)
        .await;
    assert_eq!(done["state"], "done_for_today", "{done:#}");
    assert_eq!(done["reps_today"], 70, "{done:#}");
    assert!(
        daemon.log().contains("sets on other devices today"),
        "{}",
        daemon.log()
    );
    let out = a.ok(&["log", "--undo"]);
    assert!(out.contains("Removed the set of 40 reps"), "{out}");
    let undone = a
        .until_status(None, 10, "the other machine's set taken back", |s| {
            s["sets_today"] == 1
        })
        .await;
    assert_ne!(undone["state"], "done_for_today", "{undone:#}");
    assert_eq!(undone["reps_today"], 30, "{undone:#}");
}

/// The streak counts days with a set on any machine, in a running daemon as in `stats`:
/// at its start, and when another machine logs a set on an earlier day.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_daemon_counts_the_streak_on_every_machine() {
    let (_root, a, b) = two_machines("");
    let tz = jiff::tz::TimeZone::get(&evening_zone()).expect("zone");
    let today = jiff::Timestamp::now().to_zoned(tz).date();
    let day = |back: i64| {
        let date = today
            .checked_sub(jiff::Span::new().days(back))
            .expect("a date");
        format!("{date}T09:00")
    };
    for back in 1..=3 {
        b.ok(&["log", "30", "--at", &day(back)]);
    }
    let _daemon = Daemon::start(&a, None);
    a.until_status(None, 10, "the other machine's three days", |s| {
        s["streak_days"] == 3
    })
    .await;
    b.ok(&["log", "30", "--at", &day(4)]);
    a.until_status(None, 10, "a fourth day logged there", |s| {
        s["streak_days"] == 4
    })
    .await;
    assert_eq!(stats(&a, &["--days", "1"])["streak_days"], 4);
}
