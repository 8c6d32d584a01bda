//! Properties of the merge over real files in a folder: whatever copies a sync tool makes
//! of device files (duplicates, conflict copies, files cut short in mid-sync), whatever they
//! are named and so whatever order they are read in, the merged history counts each
//! acknowledged record once.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use proptest::prelude::*;

use super::super::Folder;
use crate::history::record::{Record, SetOrigin, SetRecord, UndoRecord, effective};

/// A device: its own data folder (device id) and its view of the shared folder.
fn device(root: &Path, name: &str, shared: &Path) -> Folder {
    Folder::open(&root.join(name).join("history.jsonl"), shared).expect("open folder")
}

fn set(minute: i64, reps: u32) -> Record {
    Record::Set(SetRecord {
        at: Timestamp::from_second(1_795_000_000 + minute * 60).expect("ts"),
        reps,
        duration_s: 60,
        origin: SetOrigin::Manual,
        id: None,
    })
}

/// Sets and reps the history counts, undos applied.
fn totals(records: &[Record]) -> (usize, u32) {
    effective(records)
        .into_iter()
        .filter_map(|r| match r {
            Record::Set(s) => Some(s.reps),
            _ => None,
        })
        .fold((0, 0), |(n, reps), r| (n + 1, reps + r))
}

/// `soleus log --undo` on `folder`: takes back the latest set of the merged history.
fn undo_last(folder: &Folder, minute: i64) {
    let merged = folder.read(Vec::new, None).expect("read").merged();
    let Some(last) = effective(&merged).into_iter().rev().find_map(|r| match r {
        Record::Set(s) => Some(s.clone()),
        _ => None,
    }) else {
        return;
    };
    folder
        .own()
        .append(&[Record::Undo(UndoRecord {
            at: Timestamp::from_second(1_795_000_000 + minute * 60 + 30).expect("ts"),
            set_at: last.at,
            reps: last.reps,
            set_id: last.id,
        })])
        .expect("append undo");
}

/// What a sync tool may leave beside a device file.
#[derive(Debug, Clone)]
enum Copy {
    /// A whole second copy (Syncthing's conflict copy).
    Conflict,
    /// An older version, cut after `n` whole lines (a restore from a backup; Dropbox's
    /// "conflicted copy").
    Older(usize),
    /// Cut in the middle of a line (a copy caught while being written).
    Torn(usize),
}

fn copy_name(original: &Path, n: usize, copy: &Copy) -> PathBuf {
    let stem = original
        .file_name()
        .and_then(|s| s.to_str())
        .and_then(|s| s.strip_suffix(".jsonl"))
        .expect("stem")
        .to_owned();
    let name = match copy {
        Copy::Conflict => format!("{stem}.sync-conflict-20261129-10150{n}-ABCDEFG.jsonl"),
        Copy::Older(_) => format!("{stem} (conflicted copy 2026-11-2{n}).jsonl"),
        Copy::Torn(_) => format!("{stem} (copy {n}).jsonl"),
    };
    original.with_file_name(name)
}

fn write_copy(original: &Path, n: usize, copy: &Copy) {
    let bytes = fs::read(original).expect("read");
    let cut = match copy {
        Copy::Conflict => bytes.len(),
        Copy::Older(lines) => bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(*lines)
            .map_or(bytes.len(), |(i, _)| i + 1),
        Copy::Torn(at) => (*at).min(bytes.len()),
    };
    fs::write(copy_name(original, n, copy), &bytes[..cut]).expect("write copy");
}

/// The merged records as a sorted list of lines, to compare reads of the same folder.
fn canonical(records: &[Record]) -> Vec<String> {
    let mut lines: Vec<String> = records
        .iter()
        .map(|r| serde_json::to_string(r).expect("json"))
        .collect();
    lines.sort();
    lines
}

/// Three devices sharing a folder in a temp root, after `ops`: a set of so many reps
/// (`Some`) or an undo of the latest set anywhere (`None`) on the device numbered.
fn three_devices(ops: &[(usize, Option<u32>)]) -> (tempfile::TempDir, Vec<Folder>) {
    let root = tempfile::tempdir().expect("tempdir");
    let shared = root.path().join("Sync");
    let devices: Vec<Folder> = ["a", "b", "c"]
        .iter()
        .map(|n| device(root.path(), n, &shared))
        .collect();
    for (minute, (who, what)) in ops.iter().enumerate() {
        let minute = i64::try_from(minute).expect("minute");
        match what {
            Some(reps) => {
                devices[*who]
                    .own()
                    .append(&[set(minute, *reps)])
                    .expect("append");
            }
            None => undo_last(&devices[*who], minute),
        }
    }
    (root, devices)
}

fn op() -> impl Strategy<Value = (usize, Option<u32>)> {
    (
        0..3usize,
        prop_oneof![3 => (1..90u32).prop_map(Some), 1 => Just(None)],
    )
}

fn copy() -> impl Strategy<Value = (usize, Copy)> {
    (
        0..3usize,
        prop_oneof![
            Just(Copy::Conflict),
            (0..12usize).prop_map(Copy::Older),
            (0..2000usize).prop_map(Copy::Torn),
        ],
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Three devices log sets and take sets back (any device's, by id), interleaved; then
    /// copies of their files appear. Every device reads the same totals, the ones the
    /// originals alone give; reading again gives the same; the copies add nothing.
    #[test]
    fn copies_cuts_and_order_never_change_the_totals(
        ops in proptest::collection::vec(op(), 1..24),
        copies in proptest::collection::vec(copy(), 0..6),
    ) {
        let (_root, devices) = three_devices(&ops);
        let before = devices[0].read(Vec::new, None).expect("read").merged();
        let expected = totals(&before);
        for (n, (who, kind)) in copies.iter().enumerate() {
            let original = devices[*who].own().path().to_owned();
            if original.exists() {
                write_copy(&original, n, kind);
            }
        }
        for d in &devices {
            let merged = d.read(Vec::new, None).expect("read").merged();
            prop_assert_eq!(totals(&merged), expected);
            prop_assert_eq!(canonical(&merged), canonical(&before));
            // Idempotent: reading again changes nothing.
            let again = d.read(Vec::new, None).expect("read").merged();
            prop_assert_eq!(canonical(&again), canonical(&merged));
        }
    }

    /// Commutative: the same files under other names (so read in another order) merge to
    /// the same history.
    #[test]
    fn the_order_files_are_read_in_does_not_matter(
        ops in proptest::collection::vec(op(), 1..16),
        rename in proptest::collection::vec(0..3usize, 3),
    ) {
        let (root, devices) = three_devices(&ops);
        let before = devices[0].read(Vec::new, None).expect("read").merged();
        // The same files copied into another folder under prefixed names.
        let other = root.path().join("Other");
        fs::create_dir_all(&other).expect("mkdir");
        for (d, prefix) in devices.iter().zip(&rename) {
            let path = d.own().path();
            if let Some(name) = path.file_name().and_then(|n| n.to_str()).filter(|_| path.exists()) {
                fs::copy(path, other.join(format!("{prefix}{name}"))).expect("copy");
            }
        }
        let reader = device(root.path(), "d", &other);
        let after = reader.read(Vec::new, None).expect("read").merged();
        prop_assert_eq!(totals(&after), totals(&before));
        prop_assert_eq!(canonical(&after), canonical(&before));
    }
}

/// Lines without ids (a history from before the folder, or added by hand) are told apart
/// by their place: two identical sets in one file are two sets, and a copy of the file
/// adds none.
#[test]
fn lines_without_ids_count_once_per_place() {
    let root = tempfile::tempdir().expect("tempdir");
    let shared = root.path().join("Sync");
    fs::create_dir_all(&shared).expect("mkdir");
    let line = r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":60,"duration_s":360,"origin":"manual"}"#;
    let text = format!("{{\"format\":\"soleus-history\",\"version\":1}}\n{line}\n{line}\n");
    fs::write(shared.join("old-0123456789abcdef.jsonl"), &text).expect("write");
    fs::write(
        shared.join("old-0123456789abcdef.sync-conflict-20261129-101500-ABCDEFG.jsonl"),
        &text,
    )
    .expect("write");
    let reader = device(root.path(), "a", &shared);
    let merged = reader.read(Vec::new, None).expect("read").merged();
    assert_eq!(totals(&merged), (2, 120));
}

/// A file caught mid-sync: its complete lines count, its last one does not, and the file
/// is left exactly as it is (only its own device repairs it).
#[test]
fn a_torn_line_in_another_device_file_is_left_alone() {
    let root = tempfile::tempdir().expect("tempdir");
    let shared = root.path().join("Sync");
    let a = device(root.path(), "a", &shared);
    let b = device(root.path(), "b", &shared);
    b.own().append(&[set(1, 10), set(2, 20)]).expect("append");
    let mut bytes = fs::read(b.own().path()).expect("read");
    bytes.extend_from_slice(br#"{"type":"set","at":"2026-11-20T10:15:00+01:00","re"#);
    fs::write(b.own().path(), &bytes).expect("write");
    a.own().append(&[set(3, 30)]).expect("append");
    let merged = a.read(Vec::new, None).expect("read").merged();
    assert_eq!(totals(&merged), (3, 60));
    assert_eq!(
        fs::read(b.own().path()).expect("read"),
        bytes,
        "not repaired"
    );
}

/// Ids and lines without one never share a key: the lowest bit tells them apart.
#[test]
fn keys_of_ids_and_of_lines_without_one_differ() {
    use super::key;
    use crate::history::store::Line;
    let record = set(0, 30);
    let line = |id: Option<&str>, number| Line {
        record: record.clone(),
        id: id.map(str::to_owned),
        text: "{}",
        number,
    };
    let ids = [
        "0123456789abcdef-00000000000000ff",
        "0123456789abcdef-00000000000000fe",
    ];
    assert_ne!(key(&line(Some(ids[0]), 2)), key(&line(Some(ids[1]), 2)));
    assert_eq!(key(&line(Some(ids[0]), 2)), key(&line(Some(ids[0]), 9)));
    assert_eq!(key(&line(Some(ids[0]), 2)) & 1, 0);
    assert_eq!(key(&line(None, 2)) & 1, 1);
    assert_ne!(key(&line(None, 2)), key(&line(None, 3)));
}
