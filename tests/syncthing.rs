//! A real sync engine between two machines: two Syncthing instances on the loopback, each
//! with a home of its own, carry the soleus sync folder between two sandboxes (two XDG
//! worlds, two device ids). Sets logged on either side appear in the other's `stats` once
//! Syncthing says the other side has everything (its REST API), without any sleep.

mod support;

use std::fs;

use serde_json::Value;
use support::syncthing::Syncthing;
use support::{Sandbox, within};

const FOLDER: &str = "soleus";

fn total_sets(sandbox: &Sandbox) -> u64 {
    let s: Value =
        serde_json::from_str(&sandbox.ok(&["stats", "--json", "--days", "1"])).expect("JSON");
    s["total_sets"].as_u64().expect("total_sets")
}

/// Scans both sides, then waits until each knows `files` files and sees the other with all
/// of them.
async fn settle(a: &Syncthing, b: &Syncthing, files: u64) {
    a.scan(FOLDER);
    b.scan(FOLDER);
    let synced = within(60, async || {
        let here = a.completion(FOLDER, b)?;
        let there = b.completion(FOLDER, a)?;
        (here == (100.0, files) && there == (100.0, files)).then_some(())
    })
    .await;
    assert!(
        synced.is_some(),
        "the folder never settled: {:?} / {:?}\n{}\n{}",
        a.completion(FOLDER, b),
        b.completion(FOLDER, a),
        a.log(),
        b.log()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sets_logged_on_each_machine_appear_on_the_other_through_syncthing() {
    let root = tempfile::tempdir().expect("tempdir");
    let (folder_a, folder_b) = (root.path().join("a-Sync"), root.path().join("b-Sync"));
    for f in [&folder_a, &folder_b] {
        fs::create_dir_all(f).expect("mkdir");
    }
    let a = Sandbox::syncing(&folder_a, "");
    let b = Sandbox::syncing(&folder_b, "");
    let sa = Syncthing::start(&root.path().join("syncthing-a")).await;
    let sb = Syncthing::start(&root.path().join("syncthing-b")).await;
    sa.add_device(&sb);
    sb.add_device(&sa);
    sa.add_folder(FOLDER, &folder_a, &[&sb]);
    sb.add_folder(FOLDER, &folder_b, &[&sa]);
    within(60, async || {
        (sa.connected(&sb) && sb.connected(&sa)).then_some(())
    })
    .await
    .unwrap_or_else(|| panic!("the two never connected:\n{}\n{}", sa.log(), sb.log()));

    a.ok(&["log", "30", "--at", "09:00"]);
    a.ok(&["log", "40", "--at", "10:00"]);
    b.ok(&["log", "50", "--at", "11:00"]);
    settle(&sa, &sb, 2).await;
    assert_eq!(total_sets(&a), 3);
    assert_eq!(total_sets(&b), 3);

    // Again on the other side, and an undo there of the set logged here.
    b.ok(&["log", "60", "--at", "12:00"]);
    a.ok(&["log", "70", "--at", "12:30"]);
    let undone = b.ok(&["log", "--undo"]);
    assert!(undone.contains("Removed the set of 60 reps"), "{undone}");
    settle(&sa, &sb, 2).await;
    for m in [&a, &b] {
        let s: Value =
            serde_json::from_str(&m.ok(&["stats", "--json", "--days", "1"])).expect("JSON");
        assert_eq!(
            (s["total_sets"].as_u64(), s["total_reps"].as_u64()),
            (Some(4), Some(190)),
            "{s:#}"
        );
    }
}
