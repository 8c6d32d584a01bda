//! Fuzz-style tests of the four readers of outside input: the config parser and validator,
//! the control socket's request decoder (and the range checks behind it), the trace parser
//! (and a simulation of what it accepts) and the history reader. Each case is either random
//! bytes or a seed from `tests/fuzz/corpus/<target>/` mutated the way coverage-blind
//! fuzzers do (bytes flipped, inserted, deleted, ranges repeated, tokens that sit on the
//! edges of what each format allows spliced in). The property is the one a fuzzer checks:
//! no panic, whatever the input; and what a reader accepts, the code after it can use.
//!
//! `cargo test --test fuzz` runs 1,000 cases a target (a few seconds); set
//! `SOLEUS_FUZZ_CASES` for a longer run, e.g. `SOLEUS_FUZZ_CASES=200000 cargo test
//! --release --test fuzz`. A failure prints the smallest input proptest shrank it to.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use proptest::prelude::*;
use proptest::test_runner::{Config as Runner, FileFailurePersistence};

use soleus::config::Config;
use soleus::daemon::control;
use soleus::history::History;
use soleus::ipc::Request;
use soleus::simulate::{self, Respond, render, trace};

/// Tokens on the edges of the formats: quotes, brackets, separators, extreme numbers and
/// times, units, and bytes that are not text.
const TOKENS: &[&str] = &[
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "=",
    "#",
    "\n",
    "\r\n",
    "\0",
    "\u{feff}",
    "-",
    "+",
    "0",
    "-1",
    "1e999",
    "4294967295",
    "18446744073709551616",
    "-9223372036854775808",
    "9999-12-31T23:59:59Z",
    "-009999-01-02T01:59:59Z",
    "0001-01-01T00:00",
    "24:00",
    "00:00-24:00",
    "500ms",
    "1d",
    "99999w",
    "null",
    "true",
    "\"cmd\":",
    "\"type\":\"set\"",
    "[schedule]",
    "active",
    "suspended",
    "\u{10ffff}",
    "\\u0000",
    "\\ud800",
];

fn cases() -> u32 {
    std::env::var("SOLEUS_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
}

fn runner() -> Runner {
    Runner {
        cases: cases(),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Runner::default()
    }
}

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz/corpus")
        .join(target);
    let mut seeds: Vec<Vec<u8>> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| fs::read(entry.expect("corpus entry").path()).expect("read seed"))
        .collect();
    assert!(!seeds.is_empty(), "{} holds no seeds", dir.display());
    seeds.sort();
    seeds
}

/// One mutation: what to do, where, with which byte or token, over how many bytes.
type Edit = (u8, usize, u8, usize);

fn apply(mut bytes: Vec<u8>, edits: &[Edit], seeds: &[Vec<u8>]) -> Vec<u8> {
    for &(op, at, byte, len) in edits {
        let pos = if bytes.is_empty() {
            0
        } else {
            at % (bytes.len() + 1)
        };
        match op % 6 {
            0 if pos < bytes.len() => bytes[pos] ^= byte.max(1),
            1 => bytes.insert(pos, byte),
            2 => {
                let end = (pos + len).min(bytes.len());
                bytes.drain(pos..end);
            }
            3 => {
                let end = (pos + len).min(bytes.len());
                let piece = bytes[pos..end].to_vec();
                bytes.splice(pos..pos, piece);
            }
            4 => {
                let token = TOKENS[at % TOKENS.len()].as_bytes();
                bytes.splice(pos..pos, token.iter().copied());
            }
            _ => {
                // A piece of another seed: lines from one file in the middle of another.
                let other = &seeds[usize::from(byte) % seeds.len()];
                let from = len % (other.len() + 1);
                let to = (from + len).min(other.len());
                bytes.splice(pos..pos, other[from..to].iter().copied());
            }
        }
    }
    bytes
}

/// Random bytes, or a seed of `target` mutated.
fn inputs(target: &str) -> impl Strategy<Value = Vec<u8>> {
    let seeds = corpus(target);
    let count = seeds.len();
    let edits = proptest::collection::vec(
        (any::<u8>(), any::<usize>(), any::<u8>(), 0usize..64),
        0..12,
    );
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 0..256),
        4 => (0..count, edits).prop_map(move |(i, e)| apply(seeds[i].clone(), &e, &seeds)),
    ]
}

fn berlin() -> TimeZone {
    TimeZone::get("Europe/Berlin").expect("tzdata has Europe/Berlin")
}

#[test]
fn fuzz_config_parser_and_validator() {
    proptest!(runner(), |(bytes in inputs("config"))| {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok((config, _warnings)) = Config::parse(Path::new("fuzz.toml"), &text) {
            // A config that passed validation drives the scheduler through a day.
            let start = "2026-11-23T09:00".parse::<jiff::civil::DateTime>().expect("time");
            let day = simulate::office::week(start.date(), 1, &berlin());
            simulate::run_trace(&config, &berlin(), &day, Respond::Snooze).expect("no stuck scheduler");
        }
    });
}

#[test]
fn fuzz_ipc_request_decoder() {
    let instants = [Timestamp::now(), Timestamp::MIN, Timestamp::MAX];
    proptest!(runner(), |(bytes in inputs("ipc"))| {
        if let Ok(request) = serde_json::from_slice::<Request>(&bytes) {
            for now in instants {
                let _ = control::route(request.clone(), now);
            }
        }
    });
}

#[test]
fn fuzz_trace_parser() {
    let zones = [TimeZone::UTC, berlin()];
    let config = Config::parse(Path::new("fuzz.toml"), "")
        .expect("defaults")
        .0;
    proptest!(runner(), |(bytes in inputs("trace"))| {
        let text = String::from_utf8_lossy(&bytes);
        for tz in &zones {
            let Ok(parsed) = trace::parse(Path::new("fuzz.csv"), &text, tz) else {
                continue;
            };
            let intervals = &parsed.intervals;
            // What the parser accepts is sorted and within the span limit.
            prop_assert!(intervals.windows(2).all(|w| w[0].end <= w[1].start));
            let (first, last) = (intervals[0].start, intervals[intervals.len() - 1].end);
            prop_assert!(last.duration_since(first).as_hours() <= trace::MAX_SPAN_DAYS * 24);
            // Simulating years is the slow test's business; a month shows the rest works.
            if last.duration_since(first).as_hours() <= 31 * 24 {
                let happenings = simulate::run_trace(&config, tz, &parsed, Respond::Done)
                    .expect("no stuck scheduler");
                let day = first.to_zoned(tz.clone()).date();
                let _ = render::timeline(&happenings, tz, day, 31, Respond::Done);
                let _ = render::json_lines(&happenings, tz);
            }
        }
    });
}

#[test]
fn fuzz_history_reader() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path: PathBuf = dir.path().join("history.jsonl");
    let now = Timestamp::now().to_zoned(berlin());
    proptest!(runner(), |(bytes in inputs("history"))| {
        fs::write(&path, &bytes).expect("write history");
        let history = History::new(&path);
        if let Ok(loaded) = history.read() {
            let _ = soleus::stats::today(&loaded.records, &now);
            // The same file, read by the daemon's way in (which repairs it), reads again.
            let repaired = history.load().expect("a readable history loads");
            prop_assert!(repaired.records.len() >= loaded.records.len());
            prop_assert!(history.read().is_ok());
        }
    });
}
