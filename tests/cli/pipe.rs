//! A reader that stops early (`| head -1`, `| grep -q`, quitting `less`) ends soleus quietly
//! with exit 0, whatever the command: no panic, no message on stderr.

use std::fmt::Write as _;
use std::io::{BufRead as _, BufReader};
use std::process::Stdio;

use crate::*;

/// Runs soleus with stdout on a real pipe whose reader reads `lines` lines and closes it.
/// Returns soleus's own exit code and stderr.
fn run_into_closed_pipe(s: &Sandbox, args: &[&str], lines: usize) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().expect("pipe");
    let mut cmd = s.command(args);
    cmd.stdout(writer).stderr(Stdio::piped());
    let child = cmd.spawn().expect("spawn soleus");
    // Only the child holds the writing end now: EOF comes when it exits.
    drop(cmd);
    let mut reader = BufReader::new(reader);
    for _ in 0..lines {
        let mut line = String::new();
        reader.read_line(&mut line).expect("read a line");
    }
    drop(reader);
    let out = child.wait_with_output().expect("wait");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let s = Sandbox::new();
    // Over 64 KiB of sets, more than a pipe holds: the writer must meet the closed end.
    let mut sets = String::new();
    for i in 0..1500 {
        let _ = writeln!(
            sets,
            "{{\"type\":\"set\",\"at\":\"2026-{:02}-{:02}T10:{:02}:00+01:00\",\"reps\":60,\"duration_s\":360,\"origin\":\"manual\"}}",
            i % 12 + 1,
            i % 28 + 1,
            i % 60
        );
    }
    std::fs::create_dir_all(s.history_path().parent().expect("dir")).expect("mkdir");
    std::fs::write(
        s.history_path(),
        format!("{{\"format\":\"soleus-history\",\"version\":1}}\n{sets}"),
    )
    .expect("history");
    for (args, lines, code) in [
        (&["simulate", "--days", "365"][..], 1, 0),
        (&["simulate", "--days", "365", "--json"][..], 1, 0),
        (
            &["stats", "--sets", "--json", "--from", "2026-01-01"][..],
            1,
            0,
        ),
        (&["stats", "--days", "400"][..], 0, 0),
        (&["config", "show"][..], 0, 0),
        (&["completions", "bash"][..], 1, 0),
        (&["autostart", "status"][..], 0, 0),
        (&["autostart", "disable"][..], 0, 0),
        // No daemon: the exit code still says so.
        (&["status", "--json"][..], 0, 3),
    ] {
        let (status, err) = run_into_closed_pipe(&s, args, lines);
        assert_eq!(status, Some(code), "{args:?}: stderr:\n{err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn a_full_disk_on_stdout_is_an_error_not_a_panic() {
    let s = Sandbox::new();
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // not on this system
    };
    let o = s
        .command(&["simulate"])
        .stdout(full)
        .output()
        .expect("run soleus");
    assert_says(&o, 1, stderr, "cannot write to standard output");
}
