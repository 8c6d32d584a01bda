//! The folder as a device sees it: its own file, the others, what is not a history.

use std::fs;

use super::Folder;
use crate::history::record::{Record, SetOrigin, SetRecord};

/// A set of 30 reps `minute` minutes into a fixed day.
pub(super) fn set(minute: i64) -> Record {
    Record::Set(SetRecord {
        at: jiff::Timestamp::from_second(1_795_000_000 + minute * 60).expect("ts"),
        reps: 30,
        duration_s: 60,
        origin: SetOrigin::Manual,
        id: None,
    })
}

#[test]
fn each_device_writes_its_own_file_with_ids_and_reads_all() {
    let root = tempfile::tempdir().expect("tempdir");
    let shared = root.path().join("Sync");
    let a = Folder::open(&root.path().join("a/history.jsonl"), &shared).expect("a");
    let b = Folder::open(&root.path().join("b/history.jsonl"), &shared).expect("b");
    assert_ne!(a.device(), b.device());
    a.own().append(&[set(1)]).expect("append");
    b.own().append(&[set(2)]).expect("append");
    let text = fs::read_to_string(a.own().path()).expect("read");
    let line = text.lines().nth(1).expect("a record");
    assert!(line.starts_with(r#"{"type":"set","at":"#), "{line}");
    assert!(
        line.contains(&format!(r#","id":"{}-"#, a.device())),
        "{line}"
    );
    let name = a
        .own()
        .path()
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert!(name.ends_with(&format!("-{}.jsonl", a.device())), "{name}");
    // Things that are not histories are not read: a sync tool's temporary file, a lock.
    fs::write(shared.join(".syncthing.x.jsonl.tmp"), "garbage").expect("write");
    fs::write(shared.join("notes.txt"), "garbage").expect("write");
    for reader in [&a, &b] {
        let read = reader.read(Vec::new, None).expect("read");
        assert!(read.notices.is_empty(), "{:?}", read.notices);
        assert!(read.files[0].own);
        assert_eq!(read.merged().len(), 2);
    }
    // The lock stays on this machine.
    assert!(fs::read_dir(&shared).expect("dir").all(|e| {
        !e.expect("entry")
            .file_name()
            .to_string_lossy()
            .ends_with(".lock")
    }));
}

#[test]
fn a_file_where_the_folder_should_be_is_an_error_that_says_what_to_set() {
    let root = tempfile::tempdir().expect("tempdir");
    let file = root.path().join("Sync");
    fs::write(&file, "x").expect("write");
    let error = Folder::open(&root.path().join("a/history.jsonl"), &file)
        .expect_err("not a folder")
        .to_string();
    assert!(
        error.contains("is not a folder") && error.contains("sync_folder"),
        "{error}"
    );
}

/// Every kind of record, written with an id in a device's file, reads back as written.
#[test]
fn every_record_kind_round_trips_with_an_id() {
    let root = tempfile::tempdir().expect("tempdir");
    let a = Folder::open(
        &root.path().join("a/history.jsonl"),
        &root.path().join("Sync"),
    )
    .expect("a");
    let lines = [
        r#"{"type":"reminder","at":"2026-11-20T10:16:00+01:00","reminder":"2026-11-20T10:15:00+01:00","event":"snoozed","until":"2026-11-20T10:26:00+01:00"}"#,
        r#"{"type":"undo","at":"2026-11-20T11:00:00+01:00","set_at":"2026-11-20T10:15:00+01:00","reps":60}"#,
        r#"{"type":"pause","at":"2026-11-20T11:00:00+01:00"}"#,
        r#"{"type":"resume","at":"2026-11-20T12:00:00+01:00"}"#,
        r#"{"type":"unconfirmed_set","at":"2026-11-20T12:00:00+01:00","duration_s":420}"#,
        r#"{"type":"meal","at":"2026-11-20T12:30:00+01:00"}"#,
        r#"{"type":"meal_undo","at":"2026-11-20T12:31:00+01:00","meal_at":"2026-11-20T12:30:00+01:00"}"#,
    ];
    let records: Vec<Record> = lines
        .iter()
        .map(|l| serde_json::from_str(l).expect(l))
        .collect();
    a.own().append(&records).expect("append");
    let text = fs::read_to_string(a.own().path()).expect("read");
    for (written, record) in text.lines().skip(1).zip(&records) {
        let (read, id) = crate::history::record::read_line(written).expect(written);
        assert_eq!(&read, record, "{written}");
        assert!(id.is_some_and(|id| id.starts_with(a.device())), "{written}");
    }
    assert_eq!(
        a.read(Vec::new, None).expect("read").merged().len(),
        lines.len()
    );
}
