//! Turning the option on: the local history ends up in the folder exactly once, whatever
//! state a crash in the middle of the move left.

use std::fs;
use std::path::Path;

use super::super::Folder;
use super::super::tests::set;
use crate::history::History;
use crate::history::record::Record;

/// A temp root with a local history of `sets` sets at `data/history.jsonl`; the root,
/// the local path, and the sync folder's path (not made).
fn local_history(sets: i64) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let root = tempfile::tempdir().expect("tempdir");
    let local = root.path().join("data/history.jsonl");
    let records: Vec<Record> = (1..=sets).map(set).collect();
    History::new(&local).append(&records).expect("append");
    let shared = root.path().join("Sync");
    (root, local, shared)
}

fn sets(folder: &Folder) -> usize {
    let read = folder.read(Vec::new, None).expect("read");
    read.merged()
        .iter()
        .filter(|r| matches!(r, Record::Set(_)))
        .count()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .expect("dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_local_history_moves_in_whole_and_is_kept_aside() {
    let (root, local, shared) = local_history(2);
    let original = fs::read(&local).expect("read");
    let folder = Folder::open(&local, &shared).expect("open");
    assert_eq!(
        fs::read(folder.own().path()).expect("read"),
        original,
        "byte for byte"
    );
    assert!(!local.exists());
    let data = names(&root.path().join("data"));
    assert!(
        data.iter()
            .any(|n| n.starts_with("history.jsonl.in-sync-folder-")),
        "{data:?}"
    );
    assert_eq!(sets(&folder), 2);
    // Opening again moves nothing more.
    let again = Folder::open(&local, &shared).expect("open");
    assert_eq!(sets(&again), 2);
    assert_eq!(names(&shared).len(), 1, "{:?}", names(&shared));
}

/// A crash after the copy was renamed into place, before the local file was renamed
/// aside: the next opening sees the copy is whole and only finishes the move.
#[test]
fn a_move_cut_short_after_the_copy_is_finished_without_a_second_copy() {
    let (_root, local, shared) = local_history(2);
    let folder = Folder::open(&local, &shared).expect("open");
    // Put back the state the crash leaves: the local file is still there.
    let own = folder.own().path().to_owned();
    fs::copy(&own, &local).expect("restore local");
    folder
        .own()
        .append(&[set(3)])
        .expect("append after the move");
    let again = Folder::open(&local, &shared).expect("open");
    assert_eq!(sets(&again), 3);
    assert_eq!(names(&shared).len(), 1, "{:?}", names(&shared));
    assert!(!local.exists());
}

/// A crash while copying: a temporary file in the folder, no device file, the local file
/// whole. The next opening copies again.
#[test]
fn a_move_cut_short_while_copying_is_made_again() {
    let (root, local, shared) = local_history(2);
    fs::create_dir_all(&shared).expect("mkdir");
    let bytes = fs::read(&local).expect("read");
    let first = Folder::open(&local, &shared).expect("open");
    let own = first.own().path().to_owned();
    // The crash's state: the copy only half written, under its temporary name.
    fs::rename(
        root.path()
            .join("data")
            .read_dir()
            .expect("dir")
            .filter_map(Result::ok)
            .find(|e| e.file_name().to_string_lossy().contains("in-sync-folder"))
            .expect("kept aside")
            .path(),
        &local,
    )
    .expect("put local back");
    fs::remove_file(&own).expect("remove copy");
    let mut temp = own.as_os_str().to_owned();
    temp.push(".tmp-1");
    fs::write(&temp, &bytes[..bytes.len() / 2]).expect("half copy");
    let again = Folder::open(&local, &shared).expect("open");
    assert_eq!(sets(&again), 2);
    assert_eq!(fs::read(&own).expect("read"), bytes);
}

/// The option turned off, the local history grown, the option on again: the device file
/// is not overwritten, and the local file comes in beside it.
#[test]
fn a_local_history_that_grew_apart_comes_in_beside_the_device_file() {
    let (_root, local, shared) = local_history(1);
    let folder = Folder::open(&local, &shared).expect("open");
    folder.own().append(&[set(2)]).expect("append");
    History::new(&local)
        .append(&[set(3), set(4)])
        .expect("append locally");
    let again = Folder::open(&local, &shared).expect("open");
    assert_eq!(sets(&again), 4);
    let files = names(&shared);
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(files.iter().any(|n| n.contains(".local-")), "{files:?}");
}
