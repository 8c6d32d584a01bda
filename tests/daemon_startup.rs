//! What the daemon reads from history as it starts: `soleus log` racing the start counts
//! once, and the streak is the one `soleus stats` counts, however long.

mod support;

use jiff::ToSpan;
use jiff::tz::TimeZone;
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

/// `streak_days` of `status --json` and of `stats --json`, each checked for its exit code
/// (`status` exits 3 without a daemon).
fn streaks(s: &Sandbox, status_code: i32) -> (i64, i64) {
    let status = s.run(None, &["status", "--json"]);
    assert_eq!(status.status.code(), Some(status_code), "{status:?}");
    let report = s.run(None, &["stats", "--json"]);
    assert_eq!(report.status.code(), Some(0), "{report:?}");
    let field = |out: &[u8]| {
        serde_json::from_slice::<serde_json::Value>(out).expect("JSON")["streak_days"]
            .as_i64()
            .expect("streak_days")
    };
    (field(&status.stdout), field(&report.stdout))
}

fn log(s: &Sandbox, args: &[&str]) {
    let out = s.run(None, args);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {out:?}");
}

/// The daemon keeps only the last day or two of records, yet its streak of twelve days is
/// the one `stats` counts; a set logged or taken back on an earlier day, which today's
/// counts do not see, changes it at once.
#[test]
fn the_daemon_streak_is_the_stats_streak_beyond_what_it_keeps() {
    let s = Sandbox::new();
    s.write_config(
        "[schedule]\nactive_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n",
    );
    let today = jiff::Zoned::now()
        .with_time_zone(TimeZone::get("Europe/Berlin").expect("tz"))
        .date();
    let day = |back: i64| today.checked_sub(back.days()).expect("date");
    for back in (1..=12).rev() {
        log(&s, &["log", "30", "--at", &format!("{}T10:00", day(back))]);
    }
    assert_eq!(streaks(&s, 3), (12, 12), "without a daemon");
    let daemon = Daemon::start(&s, None);
    assert_eq!(streaks(&s, 0), (12, 12), "an empty today breaks nothing");
    log(&s, &["log", "30"]);
    assert_eq!(streaks(&s, 0), (13, 13));
    log(&s, &["log", "--undo"]);
    assert_eq!(streaks(&s, 0), (12, 12));
    // The last set now is yesterday's: taken back, yesterday is an empty day.
    log(&s, &["log", "--undo"]);
    assert_eq!(streaks(&s, 0), (0, 0));
    log(&s, &["log", "30", "--at", &format!("{}T11:00", day(1))]);
    assert_eq!(streaks(&s, 0), (12, 12));
    let log = daemon.log();
    assert!(!log.contains("streak stays"), "{log}");
}
