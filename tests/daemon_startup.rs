//! `soleus log` racing the daemon's start: whichever comes first, the set counts once.

mod support;

use support::{Daemon, Sandbox};

/// Each round starts a daemon and, at the same moment, a `log`. A set written before the
/// daemon read the history but told to it after its socket opened counted twice, and one
/// written after the read but told before the socket opened not at all.
#[test]
fn a_set_logged_while_the_daemon_starts_counts_exactly_once() {
    let mut miscounts = Vec::new();
    for round in 0..30 {
        let s = Sandbox::new();
        let mut daemon = Daemon::spawn(&s, None);
        let log = s.run(None, &["log", "10"]);
        assert_eq!(log.status.code(), Some(0), "round {round}: {log:?}");
        daemon.ready();
        let status = s.status(None);
        if status["sets_today"] != 1 || status["reps_today"] != 10 {
            miscounts.push((round, status["sets_today"].clone()));
        }
    }
    assert!(miscounts.is_empty(), "(round, sets_today): {miscounts:?}");
}
