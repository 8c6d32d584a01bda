//! The real daemon answering the way a user does from a terminal: `soleus done`, `soleus
//! log` during a guided set, skip during a set, a snooze extended, a pause kept over a
//! restart, the good news of the day's goal, and the log lines the daemon writes at the
//! default level.

mod support;

use support::{Bus, Call, Daemon, Desktop, Notifications, Sandbox, fast_config, stderr, stdout};

fn summary(call: &Call) -> &str {
    match call {
        Call::Notify { summary, .. } => summary,
        Call::Close { .. } => "",
    }
}

async fn expect_close(d: &Desktop) {
    match d.server.next(10).await {
        Call::Close { .. } => {}
        other @ Call::Notify { .. } => panic!("expected a close, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn done_answers_the_open_reminder_and_the_goal_is_good_news_once() {
    let d = Desktop::start("sets_per_day = 1\n").await;
    d.server.next_notify(10).await;
    let o = d.run(&["done"]);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(
        stdout(&o).trim(),
        "set logged: 70 reps, 7 minutes. That is the day's goal: done for today!"
    );
    expect_close(&d).await;
    let cheer = d.server.next_notify(10).await;
    assert_eq!(summary(&cheer), "Done for today: well done!");
    let Call::Notify { body, timeout, .. } = &cheer else {
        unreachable!()
    };
    assert!(body.contains("1 sets, 70 reps"), "{body}");
    assert_ne!(*timeout, 0, "good news goes away by itself");
    let status = d.status();
    assert_eq!(
        (status["state"].as_str(), status["sets_today"].as_u64()),
        (Some("done_for_today"), Some(1))
    );
    assert_eq!(d.sandbox.events("done").len(), 1);
    // Nothing is open now: done says how to record a set instead.
    let o = d.run(&["done"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("soleus log REPS"), "{o:?}");
    // A set logged by hand on the same day is no second piece of good news.
    assert!(d.run(&["log", "40"]).status.success());
    d.server.quiet_for(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_set_logged_during_a_guided_set_is_that_set() {
    let d = Desktop::start("").await;
    d.server.next_notify(10).await;
    assert!(d.run(&["start"]).status.success());
    expect_close(&d).await;
    let progress = d.server.next_notify(10).await;
    assert!(summary(&progress).starts_with("Soleus set"), "{progress:?}");
    let o = d.run(&["log", "64"]);
    assert!(o.status.success(), "{o:?}");
    // The progress closes: no prompt is left whose Done would add a second set.
    expect_close(&d).await;
    let status = d.status();
    assert_eq!(
        (status["state"].as_str(), status["sets_today"].as_u64()),
        (Some("sitting"), Some(1)),
        "{status}"
    );
    assert_eq!(d.sandbox.events("set").len(), 1);
    assert_eq!(
        d.sandbox.events("done").len(),
        1,
        "the reminder is answered"
    );
    let o = d.run(&["done"]);
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    assert_eq!(d.sandbox.events("set").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skip_during_a_set_says_what_it_did() {
    let d = Desktop::start("").await;
    d.server.next_notify(10).await;
    assert!(d.run(&["start"]).status.success());
    let o = d.run(&["skip"]);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(
        stdout(&o).trim(),
        "guided set stopped, nothing logged; the reminder it answered counts as skipped"
    );
    assert_eq!(d.sandbox.events("skipped").len(), 1);
    assert!(d.sandbox.events("set").is_empty());
}

/// A pause is in the history file: a restarted daemon keeps it, open-ended or timed.
#[test]
fn a_pause_outlives_a_restart() {
    let s = Sandbox::new();
    s.write_config(&fast_config(""));
    let daemon = Daemon::start(&s, None);
    let o = s.run(None, &["pause"]);
    assert!(o.status.success(), "{o:?}");
    assert_eq!(s.status(None)["state"], "paused");
    daemon.kill9();
    let daemon = Daemon::start(&s, None);
    let status = s.status(None);
    assert_eq!(status["state"], "paused", "{status}\n{}", daemon.log());
    assert!(
        daemon.log().contains("paused until `soleus resume`"),
        "{}",
        daemon.log()
    );
    assert!(s.run(None, &["resume"]).status.success());
    // For the rest of today: "until tomorrow", and kept too.
    let o = s.run(None, &["pause", "today"]);
    assert_eq!(stdout(&o).trim(), "paused until tomorrow", "{o:?}");
    drop(daemon);
    let _daemon = Daemon::start(&s, None);
    let status = s.status(None);
    assert_eq!(status["state"], "paused", "{status}");
    assert!(status["paused_until"].is_string(), "{status}");
    let o = s.run(None, &["pause", "--until", "2020-01-01T10:00"]);
    assert_eq!(o.status.code(), Some(2), "{o:?}");
    assert!(stderr(&o).contains("has already passed"), "{o:?}");
}

/// At the default log level: start, each reminder shown and answered, and stop.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_tells_the_day_at_the_default_level() {
    let sandbox = Sandbox::new().without_env("RUST_LOG");
    let bus = Bus::start(sandbox.path());
    let server = Notifications::start(&bus.address).await;
    sandbox.write_config(&fast_config(""));
    let daemon = Daemon::start(&sandbox, Some(&bus.address));
    let call = server.next_notify(10).await;
    server.invoke(&call, "skip").await;
    sandbox
        .until_status(Some(&bus.address), 10, "the skip", |s| {
            s["state"] == "sitting"
        })
        .await;
    let log_path = daemon.stderr.clone();
    let code = tokio::task::spawn_blocking(move || daemon.stop_with("TERM"))
        .await
        .expect("join");
    assert_eq!(code, Some(0));
    let log = std::fs::read_to_string(log_path).expect("log");
    for line in [
        "started (pid ",
        "shown",
        "answered: skipped",
        "SIGTERM: closing the notification and stopping",
        "stopped",
    ] {
        assert!(log.contains(line), "{line:?} missing from:\n{log}");
    }
    // Only the diary at this level: not the idle source's chatter.
    assert!(!log.contains("INFO soleus::presence"), "{log}");
}
