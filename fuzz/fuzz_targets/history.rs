//! The history reader: the read-only way in (`stats`) and the daemon's way in, which
//! repairs (cuts a torn tail, sets an unreadable file aside). No panic on any file; what
//! the read-only reader accepts, today's figures can be computed from, and after the
//! repairing load the file still reads, with no record lost. Each line reads to the same
//! record through the reader for soleus's own form as through serde's general one.
//!
//! Each input is written to a fresh folder under /dev/shm (a tmpfs: the reader's fsyncs
//! cost nothing there) or the temp folder, removed after the run, so files set aside do
//! not pile up.
#![no_main]

use std::fs;
use std::path::PathBuf;
use std::sync::LazyLock;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use libfuzzer_sys::fuzz_target;
use soleus::history::History;
use soleus::history::record::{LineReader, Record};

static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
    let shm = PathBuf::from("/dev/shm");
    let base = if shm.is_dir() {
        shm
    } else {
        std::env::temp_dir()
    };
    base.join(format!("soleus-fuzz-history-{}", std::process::id()))
});
static BERLIN: LazyLock<TimeZone> =
    LazyLock::new(|| TimeZone::get("Europe/Berlin").expect("tzdata has Europe/Berlin"));

fuzz_target!(|bytes: &[u8]| {
    let mut lines = LineReader::default();
    for line in String::from_utf8_lossy(bytes).lines() {
        let read = lines.read(line).ok().map(|(record, _)| record);
        let by_serde = serde_json::from_str::<Record>(line).ok();
        assert_eq!(read, by_serde, "{line}");
    }
    let dir = &*DIR;
    let _ = fs::remove_dir_all(dir);
    fs::create_dir_all(dir).expect("create the fuzz folder");
    let path = dir.join("history.jsonl");
    fs::write(&path, bytes).expect("write the history");
    let history = History::new(&path);
    if let Ok(loaded) = history.read() {
        let now = Timestamp::now().to_zoned(BERLIN.clone());
        let _ = soleus::stats::today(&loaded.records, &now);
        let repaired = history.load().expect("a readable history loads");
        assert!(
            repaired.records.len() >= loaded.records.len(),
            "records lost"
        );
        assert!(history.read().is_ok(), "a loaded history no longer reads");
    } else {
        // An unreadable file is set aside; what replaces it reads.
        if history.load().is_ok() {
            assert!(history.read().is_ok(), "a loaded history no longer reads");
        }
    }
    let _ = fs::remove_dir_all(dir);
});
