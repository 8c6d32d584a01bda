use std::fs;
use std::sync::Arc;

use jiff::Timestamp;

use super::*;
use crate::history::record::{ReminderEvent, ReminderRecord, SetOrigin, SetRecord};

pub(super) fn set(minute: u32) -> Record {
    let at: Timestamp = format!("2026-11-23T10:{minute:02}:00Z")
        .parse()
        .expect("ts");
    Record::Set(SetRecord {
        at,
        reps: 60,
        duration_s: 360,
        origin: SetOrigin::Manual,
        id: None,
    })
}

pub(super) fn temp() -> (tempfile::TempDir, History) {
    let dir = tempfile::tempdir().expect("tempdir");
    let history = History::new(dir.path().join("soleus").join("history.jsonl"));
    (dir, history)
}

fn corrupt_files(h: &History) -> Vec<std::path::PathBuf> {
    let dir = h.path().parent().expect("parent");
    let mut found: Vec<_> = fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    found.sort();
    found
}

/// Asserts that exactly one file was set aside and that it holds `original`, byte for
/// byte; returns where it is.
pub(super) fn kept_aside(h: &History, original: &[u8]) -> std::path::PathBuf {
    let aside = corrupt_files(h);
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        fs::read(&aside[0]).expect("read aside"),
        original,
        "the old file is kept byte for byte"
    );
    aside[0].clone()
}

/// Appends `records`; returns the notices of the append with what the file then holds.
fn append_and_reload(h: &History, records: &[Record]) -> Loaded {
    let notices = h.append(records).expect("append");
    Loaded {
        records: h.load().expect("load").records,
        notices,
    }
}

#[test]
fn a_missing_file_is_an_empty_history() {
    let (_dir, h) = temp();
    let loaded = h.load().expect("load");
    assert!(loaded.records.is_empty() && loaded.notices.is_empty());
}

#[test]
fn appends_round_trip_as_readable_lines() {
    let (_dir, h) = temp();
    h.append(&[set(1)]).expect("append");
    let reminder = Record::Reminder(ReminderRecord {
        at: "2026-11-23T11:00:00Z".parse().expect("ts"),
        reminder: "2026-11-23T10:50:00Z".parse().expect("ts"),
        event: ReminderEvent::Snoozed,
        until: Some("2026-11-23T11:10:00Z".parse().expect("ts")),
    });
    let all = append_and_reload(&h, &[set(2), reminder.clone()]);
    assert_eq!(all.records, vec![set(1), set(2), reminder.clone()]);
    assert_eq!(
        h.load().expect("load").records,
        vec![set(1), set(2), reminder]
    );
    let text = fs::read_to_string(h.path()).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(
        lines[0].contains("\"format\":\"soleus-history\"") && lines[0].contains("\"version\":1"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("{\"type\":\"set\",\"at\":\"2026-11-23T"),
        "{}",
        lines[1]
    );
}

#[test]
fn a_corrupt_file_is_set_aside_never_lost_and_recording_goes_on() {
    let (_dir, h) = temp();
    h.append(&[set(1)]).expect("append");
    let mut text = fs::read_to_string(h.path()).expect("read");
    text.push_str("{\"type\":\"set\", this is not json}\n");
    fs::write(h.path(), &text).expect("write");

    let loaded = append_and_reload(&h, &[set(3)]);
    assert_eq!(loaded.records, vec![set(3)]);
    let aside = kept_aside(&h, text.as_bytes());
    assert!(loaded.notices[0].contains("line 3"), "{:?}", loaded.notices);
    assert!(
        loaded.notices[0].contains(&aside.display().to_string()),
        "{:?}",
        loaded.notices
    );
    // Later reads keep saying what happened and where the old file is.
    let again = h.load().expect("load");
    assert_eq!(again.records, vec![set(3)]);
    assert!(
        again.notices[0].contains("could not be read") && again.notices[0].contains(".corrupt-"),
        "{:?}",
        again.notices
    );
}

#[test]
fn a_file_that_is_not_ours_or_not_text_is_set_aside() {
    for content in [
        &b"{\"hello\": 1}\n"[..],
        &b"\xff\xfe garbage\n"[..],
        // No newline and no header: not a torn append, so kept, not cut.
        &b"\x7fELF\x02\x01\x01\x00\xff\xfe"[..],
        &b"plain text, no newline"[..],
        &b"\xe2\x82"[..],
    ] {
        let (_dir, h) = temp();
        fs::create_dir_all(h.path().parent().expect("parent")).expect("mkdir");
        fs::write(h.path(), content).expect("write");
        let loaded = h.load().expect("load");
        assert!(loaded.records.is_empty());
        kept_aside(&h, content);
    }
}

#[test]
fn an_incomplete_last_line_is_ignored_then_cut_before_the_next_append() {
    for tail in [
        &b"{\"type\":\"set\",\"at\":\"2026-11"[..],
        // A newer version's record with a note, cut in the middle of the "é".
        &b"{\"type\":\"note\",\"text\":\"caf\xc3"[..],
    ] {
        let (_dir, h) = temp();
        h.append(&[set(1)]).expect("append");
        let mut bytes = fs::read(h.path()).expect("read");
        bytes.extend_from_slice(tail);
        fs::write(h.path(), &bytes).expect("write");
        let loaded = h.load().expect("load");
        assert_eq!(loaded.records, vec![set(1)]);
        assert!(
            loaded.notices[0].contains("incomplete last line"),
            "{:?}",
            loaded.notices
        );
        assert_eq!(
            append_and_reload(&h, &[set(2)]).records,
            vec![set(1), set(2)]
        );
        let reloaded = h.load().expect("load");
        assert_eq!(reloaded.records, vec![set(1), set(2)]);
        assert!(reloaded.notices.is_empty());
        assert!(corrupt_files(&h).is_empty());
    }
}

#[test]
fn a_line_that_is_not_text_names_where() {
    let (_dir, h) = temp();
    h.append(&[set(1)]).expect("append");
    let mut bytes = fs::read(h.path()).expect("read");
    let header_and_set = bytes.len();
    bytes.extend_from_slice(b"{\"type\":\xff}\n");
    fs::write(h.path(), &bytes).expect("write");
    let loaded = h.load().expect("load");
    assert!(loaded.records.is_empty());
    let expected = format!("line 3: not UTF-8 text after byte {}", header_and_set + 8);
    assert!(
        loaded.notices[0].contains(&expected),
        "{expected} in {:?}",
        loaded.notices
    );
    kept_aside(&h, &bytes);
}

#[test]
fn a_history_many_read_buffers_long_loads_whole() {
    let (_dir, h) = temp();
    let records: Vec<Record> = (0..3000).map(|i| set(i % 60)).collect();
    h.append(&records).expect("append");
    assert!(fs::metadata(h.path()).expect("size").len() > 4 * READ_BUFFER as u64);
    assert_eq!(h.load().expect("load").records, records);
}

#[test]
fn a_complete_last_line_without_newline_is_kept() {
    let (_dir, h) = temp();
    h.append(&[set(1)]).expect("append");
    let text = fs::read_to_string(h.path()).expect("read");
    fs::write(h.path(), text.trim_end()).expect("write");
    assert_eq!(
        append_and_reload(&h, &[set(2)]).records,
        vec![set(1), set(2)]
    );
    assert_eq!(h.load().expect("load").records, vec![set(1), set(2)]);
}

#[test]
fn a_newer_version_is_refused_and_left_alone() {
    let (_dir, h) = temp();
    fs::create_dir_all(h.path().parent().expect("parent")).expect("mkdir");
    let text = "{\"format\":\"soleus-history\",\"version\":99}\n{\"type\":\"future\"}\n";
    fs::write(h.path(), text).expect("write");
    let err = h.append(&[set(1)]).expect_err("refused");
    assert!(err.to_string().contains("newer soleus"), "{err}");
    assert_eq!(fs::read_to_string(h.path()).expect("read"), text);
    assert!(corrupt_files(&h).is_empty());
}

#[test]
fn concurrent_writers_lose_nothing() {
    let (_dir, h) = temp();
    let h = Arc::new(h);
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let h = Arc::clone(&h);
            std::thread::spawn(move || {
                for m in 0..25 {
                    h.append(&[set(m)]).expect("append");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    let loaded = h.load().expect("load");
    assert_eq!(loaded.records.len(), 200);
    assert!(loaded.notices.is_empty());
}

#[test]
fn an_unwritable_place_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("file");
    fs::write(&blocker, "x").expect("write");
    let h = History::new(blocker.join("history.jsonl"));
    let err = h
        .append(&[set(1)])
        .expect_err("cannot create a folder under a file");
    assert!(
        err.to_string().starts_with("cannot create the folder"),
        "{err}"
    );
}

#[test]
fn a_wrong_but_complete_last_line_is_set_aside_not_cut() {
    let (_dir, h) = temp();
    h.append(&[set(1), set(2)]).expect("append");
    let text = fs::read_to_string(h.path()).expect("read");
    // A hand edit that breaks the last record and drops the final newline.
    let trimmed = text.trim_end();
    let cut = trimmed.rfind("\"reps\":60").expect("last record");
    let edited = format!(
        "{}\"reps\":\"41\"{}",
        &trimmed[..cut],
        &trimmed[cut + "\"reps\":60".len()..]
    );
    assert_ne!(edited, text.trim_end());
    fs::write(h.path(), &edited).expect("write");
    let loaded = append_and_reload(&h, &[set(3)]);
    assert_eq!(loaded.records, vec![set(3)]);
    // Nothing cut from the user's file.
    kept_aside(&h, edited.as_bytes());
}

#[test]
fn records_of_a_newer_kind_are_kept_and_skipped_not_taken_for_corruption() {
    let (_dir, h) = temp();
    h.append(&[set(1)]).expect("append");
    let mut text = fs::read_to_string(h.path()).expect("read");
    text.push_str("{\"type\":\"mood\",\"at\":\"2026-11-23T10:05:00Z\",\"score\":5}\n");
    fs::write(h.path(), &text).expect("write");
    let loaded = append_and_reload(&h, &[set(2)]);
    assert_eq!(loaded.records, vec![set(1), set(2)]);
    assert!(
        loaded.notices[0].contains("skipped 1 record"),
        "{:?}",
        loaded.notices
    );
    assert!(corrupt_files(&h).is_empty());
    assert!(
        fs::read_to_string(h.path())
            .expect("read")
            .contains("\"mood\""),
        "kept in the file"
    );
}

/// A newer soleus may add a reminder event or a set origin: this version skips those
/// records like records of a new type, and keeps the rest of the history.
#[test]
fn unknown_values_in_known_records_are_kept_and_skipped() {
    let (_dir, h) = temp();
    h.append(&[set(1)]).expect("append");
    let mut text = fs::read_to_string(h.path()).expect("read");
    text.push_str(
        "{\"type\":\"reminder\",\"at\":\"2026-11-23T10:05:00Z\",\"reminder\":\"2026-11-23T10:04:00Z\",\"event\":\"postponed\"}\n\
         {\"type\":\"set\",\"at\":\"2026-11-23T10:06:00Z\",\"reps\":10,\"duration_s\":60,\"origin\":\"watch\"}\n",
    );
    fs::write(h.path(), &text).expect("write");
    let loaded = append_and_reload(&h, &[set(2)]);
    assert_eq!(loaded.records, vec![set(1), set(2)]);
    assert!(
        loaded.notices[0].contains("skipped 2 record"),
        "{:?}",
        loaded.notices
    );
    assert!(corrupt_files(&h).is_empty());
    let kept = fs::read_to_string(h.path()).expect("read");
    assert!(kept.contains("\"postponed\"") && kept.contains("\"watch\""));
}

/// A value of the wrong JSON type is damage, not a newer version's value.
#[test]
fn a_known_record_with_a_wrongly_typed_value_is_still_corruption() {
    let (_dir, h) = temp();
    h.append(&[set(1)]).expect("append");
    let mut text = fs::read_to_string(h.path()).expect("read");
    text.push_str("{\"type\":\"set\",\"at\":\"2026-11-23T10:06:00Z\",\"reps\":10,\"duration_s\":60,\"origin\":7}\n");
    fs::write(h.path(), &text).expect("write");
    let loaded = h.load().expect("load");
    assert!(loaded.records.is_empty());
    kept_aside(&h, text.as_bytes());
}

/// Appends `tail` (no newline) to a history of one set, appends another set, and returns
/// the files kept beside the history with what they hold.
type Kept = Vec<(std::path::PathBuf, Vec<u8>)>;

fn append_after_tail(tail: &[u8]) -> (tempfile::TempDir, History, Kept) {
    let (dir, h) = temp();
    h.append(&[set(1)]).expect("append");
    let mut bytes = fs::read(h.path()).expect("read");
    bytes.extend_from_slice(tail);
    fs::write(h.path(), &bytes).expect("write");
    let loaded = append_and_reload(&h, &[set(2)]);
    assert_eq!(loaded.records, vec![set(1), set(2)]);
    assert!(corrupt_files(&h).is_empty());
    let folder = h.path().parent().expect("parent").to_owned();
    let mut kept: Vec<_> = fs::read_dir(&folder)
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".tail-"))
        .map(|p| {
            let bytes = fs::read(&p).expect("read kept");
            (p, bytes)
        })
        .collect();
    kept.sort();
    (dir, h, kept)
}

#[test]
fn an_incomplete_tail_soleus_did_not_write_is_kept_byte_for_byte_before_the_cut() {
    let hand_added =
        br#"{"type":"set","at":"2026-11-23T10:09:00Z","reps":40,"duration_s":240,"origin":"manual""#
            .to_vec();
    let mut huge = br#"{"type":"set","note":""#.to_vec();
    huge.extend(std::iter::repeat_n(b'a', 100_000));
    let spaced = br#"{ "type": "set", "at": "2026-11-23T10"#.to_vec();
    for tail in [hand_added, huge, spaced] {
        let (_dir, h, kept) = append_after_tail(&tail);
        assert_eq!(kept.len(), 1, "one copy kept");
        assert_eq!(kept[0].1, tail, "byte for byte");
        assert_eq!(h.load().expect("load").records, vec![set(1), set(2)]);
    }
}

#[test]
fn a_torn_append_of_ours_is_cut_without_a_copy() {
    for tail in [&b"{\"type\":\"set\",\"at\":\"2026-11"[..], &b"{\"ty"[..]] {
        let (_dir, _h, kept) = append_after_tail(tail);
        assert!(kept.is_empty(), "{kept:?}");
    }
}

/// Commands that only look (`stats`) report a corrupt file and leave it where it is: the
/// next write sets it aside, under the lock.
#[test]
fn reading_a_corrupt_file_changes_nothing() {
    let (_dir, h) = temp();
    h.append(&[set(1)]).expect("append");
    let mut text = fs::read_to_string(h.path()).expect("read");
    text.push_str("not json at all\n");
    fs::write(h.path(), &text).expect("write");
    let loaded = h.read().expect("read");
    assert!(loaded.records.is_empty());
    assert!(
        loaded.notices[0].contains("cannot be read"),
        "{:?}",
        loaded.notices
    );
    assert!(corrupt_files(&h).is_empty(), "nothing renamed");
    assert_eq!(fs::read_to_string(h.path()).expect("read"), text);
}

/// Setting a corrupt file aside on a full disk: nothing changes until the fresh file is
/// written, so the old history never drops out of view.
#[test]
fn a_corrupt_file_on_a_full_disk_stays_in_place_until_it_can_be_set_aside() {
    let disk = crate::tiny_disk::TinyDisk::mount();
    let h = History::new(disk.path().join("history.jsonl"));
    h.append(&[set(1)]).expect("append");
    let mut text = fs::read_to_string(h.path()).expect("read");
    text.push_str("not json at all\n");
    fs::write(h.path(), &text).expect("write");
    disk.fill();
    let error = h.append(&[set(2)]).expect_err("the disk is full");
    assert!(error.to_string().contains("No space left"), "{error}");
    assert_eq!(fs::read_to_string(h.path()).expect("read"), text);
    assert!(corrupt_files(&h).is_empty());

    disk.free();
    assert_eq!(append_and_reload(&h, &[set(2)]).records, vec![set(2)]);
    kept_aside(&h, text.as_bytes());
    let loaded = h.load().expect("load");
    assert!(
        loaded.notices[0].contains("could not be read"),
        "{:?}",
        loaded.notices
    );
}
