//! The journal on a real full file system: a small tmpfs mounted by the test (as root),
//! filled to the last byte, then given room again.

use super::*;
use crate::history::record::{SetOrigin, SetRecord};
use crate::tiny_disk::TinyDisk;

fn set(minute: u32) -> Record {
    let at: Timestamp = format!("2026-11-23T10:{minute:02}:00Z")
        .parse()
        .expect("ts");
    Record::Set(SetRecord {
        at,
        reps: 60,
        duration_s: 360,
        origin: SetOrigin::Reminder,
        id: None,
    })
}

fn now() -> Timestamp {
    "2026-11-23T10:30:00Z".parse().expect("ts")
}

#[test]
fn records_of_a_full_disk_stay_pending_in_order_and_are_written_later() {
    let disk = TinyDisk::mount();
    let history = History::new(disk.path().join("history.jsonl"));
    let mut journal = Journal::new(history.clone(), Vec::new());
    disk.fill();

    let first = journal.write(&[set(1)], now());
    assert!(
        matches!(&first, Written::NewlyFailing(e) if e.contains("No space left")),
        "{first:?}"
    );
    // The second failure is not announced again, and keeps the first one's error.
    assert_eq!(journal.write(&[set(2)], now()), Written::StillFailing);
    assert_eq!(journal.pending(), &[set(1), set(2)]);
    let error = journal.error().expect("error while pending");
    assert!(error.contains("(2 record(s) kept in memory"), "{error}");

    // A retry before its time does nothing; at its time, still full, it fails quietly.
    let retry = journal.deadline().expect("a retry is scheduled");
    assert!(retry > now());
    assert_eq!(journal.due(now()), Written::Done);
    assert_eq!(journal.due(retry), Written::StillFailing);
    assert_eq!(journal.pending().len(), 2);

    disk.free();
    let retry = journal.deadline().expect("a retry is scheduled");
    assert_eq!(journal.due(retry), Written::Done);
    assert!(journal.pending().is_empty());
    assert_eq!(journal.error(), None);
    assert_eq!(journal.deadline(), None);
    assert_eq!(history.load().expect("load").records, vec![set(1), set(2)]);
}

#[test]
fn a_later_write_goes_behind_the_pending_ones() {
    let disk = TinyDisk::mount();
    let history = History::new(disk.path().join("history.jsonl"));
    let mut journal = Journal::new(history.clone(), Vec::new());
    disk.fill();
    assert!(matches!(
        journal.write(&[set(1)], now()),
        Written::NewlyFailing(_)
    ));
    disk.free();
    // Writing works again: the next record's write carries the earlier one first.
    assert_eq!(journal.write(&[set(2)], now()), Written::Done);
    assert_eq!(journal.error(), None);
    assert_eq!(history.load().expect("load").records, vec![set(1), set(2)]);
}

#[test]
fn nothing_pending_means_nothing_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = History::new(dir.path().join("history.jsonl"));
    let mut journal = Journal::new(history, Vec::new());
    assert_eq!(journal.due(now()), Written::Done);
    journal.finish(now());
    assert_eq!(journal.error(), None);
    assert!(
        !dir.path().join("history.jsonl").exists(),
        "nothing written"
    );
}

#[test]
fn a_clock_set_back_moves_the_retry_with_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A file where the history's folder should be: every write fails, until it goes.
    let folder = dir.path().join("data");
    std::fs::write(&folder, "not a folder").expect("write");
    let history = History::new(folder.join("history.jsonl"));
    let mut journal = Journal::new(history.clone(), Vec::new());
    assert!(matches!(
        journal.write(&[set(1)], now()),
        Written::NewlyFailing(_)
    ));
    let retry = journal.deadline().expect("a retry is scheduled");
    let hour = SignedDuration::from_hours(1);
    journal.clock_stepped(-hour);
    assert_eq!(
        journal.deadline(),
        Some(retry - hour),
        "the retry keeps its wait, not the step"
    );
    std::fs::remove_file(&folder).expect("remove");
    std::fs::create_dir(&folder).expect("mkdir");
    assert_eq!(journal.due(retry - hour), Written::Done);
    assert_eq!(history.load().expect("load").records, vec![set(1)]);
}
