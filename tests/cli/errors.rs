//! Mistakes people make on the command line: each error says what is wrong and what to
//! write instead, exits 2 (usage), and changes nothing.

use crate::*;

#[test]
fn usage_errors_say_what_to_write_instead() {
    let s = Sandbox::new();
    for (args, needle) in [
        (
            &["log", "abc"][..],
            "write how many you did, like `soleus log 60`",
        ),
        (
            &["log", "5.5"][..],
            "not a whole number: reps are counted one by one",
        ),
        // The fix offered must work: not clap's `-- -5`, which fails again.
        (&["log", "-5"][..], "run `soleus log --undo`"),
        (&["log", "0"][..], "0 reps is not a set"),
        (
            &["stats", "--from", "2026/11/01"][..],
            "write it year-month-day with dashes, 2026-11-01",
        ),
        (&["stats", "--from", "Nov 1"][..], "like 2026-11-01"),
        (
            &["simulate", "--start", "23.11.2026"][..],
            "like 2026-11-01",
        ),
        (&["stats", "--from", "2999-01-01"][..], "is in the future"),
        (
            &["log", "60", "--at", "2026-11-20"][..],
            "has no time of day: write when the set started, like \"2026-11-20T10:00\"",
        ),
    ] {
        let o = s.run(args);
        assert_says(&o, 2, stderr, needle);
        let err = stderr(&o);
        assert!(
            !err.contains("invalid digit") && !err.contains("failed to parse"),
            "{err}"
        );
    }
    assert!(
        !s.history_path().exists(),
        "a refused command wrote history"
    );
}

#[test]
fn log_undo_with_reps_shows_a_usage_that_agrees_with_the_error() {
    let s = Sandbox::new();
    let o = s.run(&["log", "--undo", "5"]);
    assert_says(&o, 2, stderr, "'--undo' cannot be used with");
    let err = stderr(&o);
    assert!(err.contains("soleus log --undo\n"), "{err}");
    assert!(!err.contains("--undo [REPS]"), "{err}");
}

/// A daemon that takes the request and never answers: the wait ends after 10 s and says so
/// in words, not as "Resource temporarily unavailable".
#[test]
fn a_daemon_that_never_answers_is_reported_in_words() {
    let s = Sandbox::new();
    let socket = s.dir.path().join("run/soleus/soleus.sock");
    fs::create_dir_all(socket.parent().expect("parent")).expect("mkdir");
    // Bound and listening, never accepting: connections wait in the queue.
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
    let o = s.run(&["status"]);
    assert_says(&o, 1, stderr, "no answer within 10 seconds");
}
