//! The real daemon on a private D-Bus session bus with a notification server that speaks
//! org.freedesktop.Notifications, driven the way a desktop and a user would.

mod support;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::time::Duration;

use support::{Bus, Call, Daemon, Desktop, Notifications, Sandbox, fast_config, within};

fn notify_id(call: &Call) -> u32 {
    match call {
        Call::Notify { id, .. } => *id,
        Call::Close { id } => panic!("expected Notify, got Close {id}"),
    }
}

fn summary(call: &Call) -> &str {
    match call {
        Call::Notify { summary, .. } => summary,
        Call::Close { .. } => "",
    }
}

async fn expect_close(server: &Notifications, id: u32) {
    match server.next(10).await {
        Call::Close { id: closed } => assert_eq!(closed, id),
        other @ Call::Notify { .. } => panic!("expected Close {id}, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_appears_with_its_actions_and_status_agrees() {
    let d = Desktop::start("").await;
    let (s, server) = (&d.sandbox, &d.server);
    let call = server.next_notify(10).await;
    let Call::Notify {
        app,
        icon,
        summary,
        body,
        timeout,
        ..
    } = &call
    else {
        unreachable!()
    };
    assert_eq!(app, "soleus");
    // The theme name, or the installed file (the .deb puts one under /usr/share).
    assert!(
        icon == "soleus" || icon.ends_with("/icons/hicolor/scalable/apps/soleus.svg"),
        "{icon}"
    );
    assert_eq!(summary, "Time for soleus pushups: set 1 of 3");
    assert!(
        body.contains("heels") && body.contains("A 7-minute set, about 70 reps"),
        "{body}"
    );
    assert_eq!(*timeout, 0, "resident until answered");
    assert_eq!(
        call.action_keys(),
        ["default", "start", "snooze", "done", "skip"]
    );
    let status = d.status();
    assert_eq!(status["state"], "reminding");
    assert_eq!(status["running"], true);
    assert_eq!(s.events("shown").len(), 1);
    // No screensaver service on this bus: status and doctor say the same.
    let locks = status["lock_sources"].to_string();
    assert!(!locks.contains("screensaver"), "{locks}");
    let doctor = String::from_utf8_lossy(&d.run(&["doctor"]).stdout).into_owned();
    assert!(
        doctor.contains("WARN lock and sleep: no screensaver service on the session bus"),
        "{doctor}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snooze_from_the_notification_shows_the_same_reminder_again() {
    let d = Desktop::start("[snooze]\nduration = \"5s\"\nmax_per_reminder = 1\n").await;
    let (s, server) = (&d.sandbox, &d.server);
    let first = server.next_notify(10).await;
    server.invoke(&first, "snooze").await;
    expect_close(server, notify_id(&first)).await;
    assert_eq!(d.status()["state"], "snoozed");
    let again = server.next_notify(10).await;
    assert!(summary(&again).ends_with("(again)"), "{again:?}");
    assert_eq!(
        again.action_keys(),
        ["default", "start", "done", "skip"],
        "no snooze past max_per_reminder"
    );
    assert_eq!(d.status()["state"], "reminding");
    let snoozed = s.events("snoozed");
    assert_eq!(snoozed.len(), 1);
    assert_eq!(
        snoozed[0]["reminder"],
        s.events("shown")[0]["reminder"],
        "the same reminder"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn done_logs_the_estimated_reps_and_skip_is_recorded() {
    let d = Desktop::start("[exercise]\nreps_per_minute = 12\n").await;
    let (s, server) = (&d.sandbox, &d.server);
    let call = server.next_notify(10).await;
    server.invoke(&call, "done").await;
    expect_close(server, notify_id(&call)).await;
    let sets = s.events("set");
    assert_eq!(sets.len(), 1);
    assert_eq!(
        (sets[0]["reps"].as_u64(), sets[0]["origin"].as_str()),
        (Some(84), Some("reminder"))
    );
    let status = d.status();
    assert_eq!(
        (status["sets_today"].as_u64(), status["reps_today"].as_u64()),
        (Some(1), Some(84))
    );
    drop(d);

    // Skip, on a fresh day's worth of history.
    let d = Desktop::start("").await;
    let (s, server) = (&d.sandbox, &d.server);
    let call = server.next_notify(10).await;
    server.invoke(&call, "skip").await;
    expect_close(server, notify_id(&call)).await;
    assert_eq!(s.events("skipped").len(), 1);
    assert!(s.events("set").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ignored_reminder_expires_as_missed() {
    let d = Desktop::start("[notifications]\nexpire_after = \"2s\"\n").await;
    let (s, server) = (&d.sandbox, &d.server);
    let call = server.next_notify(10).await;
    expect_close(server, notify_id(&call)).await;
    assert_eq!(s.events("missed").len(), 1);
}

/// Closing a reminder is an answer: a snooze while snoozes remain, then a skip (README,
/// "Closing a reminder"); status says so, and the daemon does not try to close again a
/// notification the user already closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_reminder_is_snoozed_then_skipped_and_status_says_so() {
    let d = Desktop::start("[snooze]\nduration = \"2s\"\nmax_per_reminder = 1\n").await;
    let (s, server) = (&d.sandbox, &d.server);
    let call = server.next_notify(10).await;
    server.dismiss(&call).await;
    let status = d
        .until_status(10, "snoozed", |s| s["state"] == "snoozed")
        .await;
    assert!(status["snoozed_until"].is_string(), "{status}");
    assert_eq!(s.events("snoozed").len(), 1);
    // The next call is the reminder again, after the snooze: no CloseNotification first.
    let again = server.next(10).await;
    assert!(summary(&again).ends_with("(again)"), "{again:?}");
    assert_eq!(again.action_keys(), ["default", "start", "done", "skip"]);
    server.dismiss(&again).await;
    d.until_status(10, "skipped", |s| s["state"] == "sitting")
        .await;
    assert_eq!(s.events("skipped").len(), 1);
    assert!(s.events("missed").is_empty() && s.events("set").is_empty());
    server.quiet_for(1).await;
}

/// "Done early" a moment after the start is no set (under a minute): the set ends, nothing
/// is logged, and a short notification says why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_runs_a_guided_set_with_progress_and_done_at_once_is_not_a_set() {
    let d = Desktop::start("").await;
    let (s, server) = (&d.sandbox, &d.server);
    let reminder = server.next_notify(10).await;
    server.invoke(&reminder, "start").await;
    expect_close(server, notify_id(&reminder)).await;
    let progress = server.next_notify(10).await;
    let Call::Notify { summary, value, .. } = &progress else {
        unreachable!()
    };
    assert_eq!(summary, "Soleus set: 7 minutes left");
    assert_eq!(*value, Some(0), "a progress bar at 0%");
    assert_eq!(d.status()["state"], "in_set");
    server.invoke(&progress, "done").await;
    expect_close(server, notify_id(&progress)).await;
    let Call::Notify { summary: told, .. } = server.next_notify(10).await else {
        unreachable!()
    };
    assert_eq!(told, "Set ended: too short to count");
    assert!(s.events("set").is_empty(), "{:?}", s.history());
    assert_eq!(s.events("skipped").len(), 1, "the reminder is declined");
    assert_eq!(d.status()["sets_today"], 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_on_the_reminder_body_starts_the_set() {
    let d = Desktop::start("").await;
    let reminder = d.server.next_notify(10).await;
    d.server.invoke(&reminder, "default").await;
    d.until_status(10, "in_set", |s| s["state"] == "in_set")
        .await;
}

/// The whole guided set: a minute (the shortest `set_length`) of progress, then "set
/// complete", whose done logs the estimated reps.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_guided_set_ends_with_set_complete() {
    let s = Sandbox::new();
    let bus = Bus::start(s.path());
    let server = Notifications::start(&bus.address).await;
    s.write_config(&fast_config(
        "[exercise]\nset_length = \"1m\"\nreps_per_minute = 9\n",
    ));
    let _daemon = Daemon::start(&s, Some(&bus.address));
    let reminder = server.next_notify(10).await;
    server.invoke(&reminder, "start").await;
    let progress = server.next_notify(10).await;
    assert!(
        summary(&progress) == "Soleus set: 1 minute left",
        "{progress:?}"
    );
    let complete = server.next_notify(75).await;
    let Call::Notify {
        summary,
        replaces,
        value,
        ..
    } = &complete
    else {
        unreachable!()
    };
    assert_eq!(summary, "Set complete");
    assert_eq!(
        *replaces,
        notify_id(&progress),
        "replaces the progress notification"
    );
    assert_eq!(*value, Some(100));
    assert_eq!(complete.action_keys(), ["done", "skip"]);
    server.invoke(&complete, "done").await;
    expect_close(&server, notify_id(&complete)).await;
    let sets = s.events("set");
    assert_eq!(
        (sets[0]["reps"].as_u64(), sets[0]["duration_s"].as_u64()),
        (Some(9), Some(60))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_action_support_the_body_says_how_to_answer_from_the_cli() {
    let s = Sandbox::new();
    let bus = Bus::start(s.path());
    let server = Notifications::start_with(&bus.address, &["body"]).await;
    s.write_config(&fast_config(""));
    let _daemon = Daemon::start(&s, Some(&bus.address));
    let Call::Notify { body, .. } = server.next_notify(10).await else {
        unreachable!()
    };
    assert!(
        body.contains(
            "Answer from a terminal: soleus start, soleus snooze, soleus log 70, or soleus skip"
        ),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_bus_the_daemon_keeps_tracking_and_records_missed_reminders() {
    let s = Sandbox::new();
    s.write_config(&fast_config("[notifications]\nexpire_after = \"2s\"\n"));
    let daemon = Daemon::start(&s, None);
    // The reminder is due after 1s and expires 2s later, shown or not.
    let missed = within(15, async || (!s.events("missed").is_empty()).then_some(())).await;
    assert!(missed.is_some(), "no missed record\n{}", daemon.log());
    let status = s.status(None);
    assert_eq!(status["running"], true);
    let error = status["notification_error"]
        .as_str()
        .expect("the problem is in status");
    assert!(error.contains("session bus"), "{error}");
    assert_eq!(
        daemon.log().matches("cannot show notifications").count(),
        1,
        "one warning, not one per retry"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notification_server_that_comes_later_gets_the_reminder() {
    let s = Sandbox::new();
    let bus = Bus::start(s.path());
    s.write_config(&fast_config(""));
    let _daemon = Daemon::start(&s, Some(&bus.address));
    s.until_status(Some(&bus.address), 10, "the failure", |s| {
        !s["notification_error"].is_null()
    })
    .await;
    // The server starts (or restarts): the open reminder is shown there.
    let server = Notifications::start(&bus.address).await;
    let call = server.next_notify(20).await;
    assert!(summary(&call).starts_with("Time for soleus pushups"));
    // The daemon hears that the show worked just after the server has it.
    s.until_status(Some(&bus.address), 5, "the error cleared", |s| {
        s["notification_error"].is_null()
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_controls_the_daemon() {
    let d = Desktop::start("[snooze]\nduration = \"1h\"\n").await;
    let (s, server, b) = (&d.sandbox, &d.server, d.bus());
    let call = server.next_notify(10).await;
    let o = s.run(b, &["snooze", "30m"]);
    assert!(o.status.success(), "{o:?}");
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("snoozed until "));
    expect_close(server, notify_id(&call)).await;
    assert!(s.status(b)["snoozed_until"].is_string());
    let o = s.run(b, &["snooze", "10m"]);
    assert!(o.status.success(), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .starts_with("snooze extended: the reminder comes back at "),
        "{o:?}"
    );
    assert_eq!(s.events("snoozed").len(), 2);
    let o = s.run(b, &["pause", "2h"]);
    assert!(o.status.success(), "{o:?}");
    assert!(
        String::from_utf8_lossy(&o.stdout)
            .contains("; the open reminder is used up (it counts as skipped)"),
        "{o:?}"
    );
    assert_eq!(s.status(b)["state"], "paused");
    assert!(
        s.events("skipped").len() == 1,
        "pausing uses up the snoozed reminder"
    );
    assert!(s.run(b, &["resume"]).status.success());
    let o = s.run(b, &["resume"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("not paused"));
    let o = s.run(b, &["skip"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no reminder is open"));
    // A set logged from the CLI counts at once.
    assert!(s.run(b, &["log", "55"]).status.success());
    assert_eq!(s.status(b)["sets_today"], 1);
    let human = String::from_utf8_lossy(&s.run(b, &["status"]).stdout).into_owned();
    assert!(
        human.contains("soleus is running") && human.contains("today: 1 of 3 sets, 55 reps"),
        "{human}"
    );
}

#[test]
fn with_no_daemon_control_commands_exit_3_and_say_how_to_start_it() {
    let s = Sandbox::new();
    for args in [
        &["status"][..],
        &["snooze"],
        &["skip"],
        &["start"],
        &["done"],
        &["pause"],
        &["pause", "today"],
        &["resume"],
    ] {
        let o = s.run(None, args);
        assert_eq!(o.status.code(), Some(3), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr)
                .contains("soleus is not running: start it with `soleus daemon`")
        );
    }
    let o = s.run(None, &["status", "--json"]);
    assert_eq!(o.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["running"], false);
    // Logging works without a daemon.
    assert!(s.run(None, &["log", "30"]).status.success());
}

#[test]
fn a_second_daemon_exits_4_naming_the_first() {
    let s = Sandbox::new();
    s.write_config(&fast_config(""));
    let first = Daemon::start(&s, None);
    let o = s.run(None, &["daemon"]);
    assert_eq!(o.status.code(), Some(4));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("already running (pid {})", first.child.id())),
        "{err}"
    );
    assert!(err.contains("stop it with `soleus stop`"), "{err}");
}

#[test]
fn the_socket_is_private_and_survives_abuse() {
    let s = Sandbox::new();
    s.write_config(&fast_config(""));
    let _daemon = Daemon::start(&s, None);
    let socket = s.socket_path();
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&socket), 0o600);
    assert_eq!(mode(socket.parent().expect("dir")), 0o700);
    let ask = |payload: &[u8]| -> serde_json::Value {
        let mut stream = UnixStream::connect(&socket).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let _ = stream.write_all(payload);
        // One reply line, as the CLI reads it (after refusing a huge request the daemon
        // closes with input unread, so reading on to EOF would end in a reset).
        let mut reply = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(&stream), &mut reply)
            .expect("reply");
        serde_json::from_str(&reply).unwrap_or_else(|e| panic!("reply is JSON ({e}): {reply:?}"))
    };
    for (payload, needle) in [
        (&b"hello there\n"[..], "not a soleus request"),
        (&b"{\"cmd\":\"explode\"}\n"[..], "not a soleus request"),
        (&b"[1,2,3]\n"[..], "not a soleus request"),
        (
            &b"{\"cmd\":\"snooze\",\"seconds\":-5}\n"[..],
            "not a duration",
        ),
        // Values no soleus client sends; they once overflowed the daemon's arithmetic.
        (
            &br#"{"cmd":"logged","at":"9999-12-30T00:00:00Z","reps":1,"duration_s":4294967295}
"#[..],
            "out of range",
        ),
        (
            &br#"{"cmd":"logged","at":"2026-01-01T00:00:00Z","reps":1,"duration_s":4294967295}
"#[..],
            "out of range",
        ),
        (
            &br#"{"cmd":"logged","at":"1900-01-01T00:00:00Z","reps":4294967295,"duration_s":1}
"#[..],
            "out of range",
        ),
        (
            &br#"{"cmd":"undone","at":"9999-12-30T00:00:00Z","reps":0}
"#[..],
            "out of range",
        ),
        // A meal no client sends: far ahead it would never be forgotten.
        (
            &br#"{"cmd":"meal","at":"9999-12-30T00:00:00Z"}
"#[..],
            "out of range",
        ),
        (
            &br#"{"cmd":"meal","at":"-009999-01-03T00:00:00Z"}
"#[..],
            "out of range",
        ),
        (
            &br#"{"cmd":"meal_undone","at":"9999-12-30T00:00:00Z"}
"#[..],
            "out of range",
        ),
        (
            &br#"{"cmd":"meal","at":"tomorrow"}
"#[..],
            "bad time",
        ),
    ] {
        let reply = ask(payload);
        assert_eq!(reply["ok"], false);
        assert!(
            reply["message"]
                .as_str()
                .is_some_and(|m| m.contains(needle)),
            "{reply}"
        );
    }
    let mut huge = vec![b'x'; 8 * 1024 * 1024];
    huge.push(b'\n');
    let reply = ask(&huge);
    assert!(
        reply["message"]
            .as_str()
            .is_some_and(|m| m.contains("longer than")),
        "{reply}"
    );
    // A client that connects and says nothing is timed out, not waited on forever.
    let reply = ask(b"");
    assert_eq!(reply["ok"], false);
    // And the daemon still answers.
    assert_eq!(s.status(None)["running"], true);
}

/// SIGTERM, and SIGUSR1, SIGUSR2 and SIGALRM, which end a process by default: the daemon
/// stops cleanly on each, closing its notification.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn terminating_signals_close_the_notification_and_exit_0() {
    for name in ["TERM", "USR1", "USR2", "ALRM"] {
        let Desktop {
            daemon,
            server,
            bus: _bus,
            sandbox: _sandbox,
        } = Desktop::start("").await;
        let call = server.next_notify(10).await;
        let code = tokio::task::spawn_blocking(move || daemon.stop_with(name))
            .await
            .expect("join");
        expect_close(&server, notify_id(&call)).await;
        assert_eq!(code, Some(0), "SIG{name}");
    }
}

/// SIGHUP reads config.toml again, as daemons do, and the daemon keeps running.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reads_the_config_again() {
    let d = Desktop::start("").await;
    assert_eq!(d.status()["goal_sets"], 3);
    d.sandbox.write_config(&fast_config("sets_per_day = 5\n"));
    d.daemon.signal("HUP");
    d.until_status(10, "the new goal", |s| s["goal_sets"] == 5)
        .await;
    assert!(d.daemon.log().contains("SIGHUP"), "{}", d.daemon.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soleus_stop_closes_the_notification_says_how_it_was_started_and_exits_0() {
    let Desktop {
        daemon,
        server,
        bus,
        sandbox,
    } = Desktop::start("").await;
    let call = server.next_notify(10).await;
    let address = bus.address.clone();
    let status = sandbox.status(Some(&address));
    assert_eq!(status["started_by"], "hand", "{status}");
    let mut stop = sandbox.command(Some(&address), &["stop"]);
    let o = tokio::task::spawn_blocking(move || stop.output().expect("run soleus stop"))
        .await
        .expect("join");
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        out.contains(&format!("pid {}", daemon.child.id()))
            && out.contains("started by hand; start it again with `soleus daemon`"),
        "{out}"
    );
    expect_close(&server, notify_id(&call)).await;
    // `soleus stop` returns once the daemon let go of its lock; it exits with 0.
    assert_eq!(daemon.exited(10, "`soleus stop`").await, Some(0));
    assert!(
        !sandbox.socket_path().exists(),
        "the socket outlived the daemon"
    );
    assert!(
        !sandbox.path().join("run/soleus/notification.json").exists(),
        "its notification closed, the daemon leaves nothing for the next one to clean up"
    );
    let again = sandbox.run(Some(&address), &["stop"]);
    assert_eq!(again.status.code(), Some(3), "nothing left to stop");
}

#[test]
fn kill_9_loses_no_acknowledged_set_and_the_day_resumes() {
    let s = Sandbox::new();
    s.write_config(&fast_config(""));
    let daemon = Daemon::start(&s, None);
    let mut acknowledged = 0;
    let mut daemon = Some(daemon);
    for i in 1..=30u32 {
        if i == 12 {
            daemon.take().expect("running").kill9();
        }
        let o = s.run(None, &["log", &i.to_string(), "--duration", "1m"]);
        if o.status.success() {
            acknowledged += 1;
        }
    }
    assert_eq!(acknowledged, 30, "logging never depends on the daemon");
    let sets = s.events("set");
    assert_eq!(sets.len(), 30);
    let restarted = Daemon::start(&s, None);
    let status = s.status(None);
    assert_eq!(status["sets_today"], 30, "{}", restarted.log());
    assert_eq!(status["reps_today"], (1..=30).sum::<u32>());
    // The history reads cleanly: nothing set aside, no incomplete line.
    assert_eq!(status["history_notices"], serde_json::json!([]));
    let o = s.run(None, &["stats", "--json"]);
    assert!(
        o.status.success() && o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let aside = std::fs::read_dir(s.history_path().parent().expect("dir"))
        .expect("list")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".corrupt-"))
        .count();
    assert_eq!(aside, 0);
}

/// SIGKILL while the daemon appends its own records (reminders shown and missed, fast):
/// each round kills it the moment the history file grows, a little later each time. The
/// history reads cleanly after every round, and no reminder has two outcomes. (Without
/// `spread`, the next daemon's reminder is not held back by the previous one, which it
/// records missed as it starts.)
#[test]
fn kill_9_while_the_daemon_appends_its_own_records_leaves_a_clean_history() {
    let s = Sandbox::new();
    s.write_config(
        "[schedule]\nactive_hours = \"00:00-24:00\"\n\
         active_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n\
         sets_per_day = 6\nsit_before_reminder = \"1s\"\nmin_gap = \"1s\"\nbreak_after_idle = \"1s\"\n\
         spread = false\n[notifications]\nexpire_after = \"1s\"\n",
    );
    let size = || std::fs::metadata(s.history_path()).map_or(0, |m| m.len());
    let mut kills = 0;
    for round in 0..12u64 {
        let daemon = Daemon::start(&s, None);
        let before = size();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while size() == before && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_micros(200));
        }
        if size() == before {
            break; // the day's reminders are used up: nothing more to append
        }
        std::thread::sleep(Duration::from_millis(round % 4));
        daemon.kill9();
        kills += 1;
    }
    assert!(kills >= 6, "only {kills} appends to interrupt");
    let restarted = Daemon::start(&s, None);
    let status = s.status(None);
    assert_eq!(
        status["history_notices"],
        serde_json::json!([]),
        "{}",
        restarted.log()
    );
    let mut outcomes = std::collections::HashMap::new();
    for r in s.history().iter().filter(|r| r["type"] == "reminder") {
        if r["event"] != "shown" && r["event"] != "snoozed" {
            *outcomes.entry(r["reminder"].to_string()).or_insert(0) += 1;
        }
    }
    assert!(outcomes.values().all(|n| *n == 1), "{outcomes:?}");
    let o = s.run(None, &["stats", "--json"]);
    assert!(
        o.status.success() && o.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_folder_set_while_running_serves_commands_at_once_and_the_daemon_at_its_next_start()
{
    let s = Sandbox::new();
    let bus = Bus::start(s.path());
    let server = Notifications::start(&bus.address).await;
    let b = Some(bus.address.as_str());
    let quiet = fast_config("").replace(
        "sit_before_reminder = \"1s\"",
        "sit_before_reminder = \"1h\"",
    );
    s.write_config(&quiet);
    let daemon = Daemon::start(&s, b);
    assert_eq!(s.status(b)["state"], "sitting");

    let folder = s.path().join("Sync");
    s.write_config(&format!(
        "{quiet}[history]\nsync_folder = \"{}\"\n",
        folder.display()
    ));
    let Call::Notify { summary, body, .. } = server.next_notify(10).await else {
        unreachable!("next_notify returns a Notify")
    };
    assert_eq!(summary, "soleus: restart it to use the new history place");
    assert!(body.contains(&folder.display().to_string()), "{body}");
    assert!(body.contains("soleus stop"), "{body}");
    assert!(
        daemon.log().contains("history.sync_folder changed"),
        "{}",
        daemon.log()
    );
    // Commands follow it at once: a set logged now is in the folder, and counted.
    assert!(s.run(b, &["log", "10"]).status.success());
    assert_eq!(s.status(b)["sets_today"], 1);
    let files: Vec<_> = std::fs::read_dir(&folder)
        .expect("the folder made by `soleus log`")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1, "this machine's file: {files:?}");
    // Edited again to the same place: not said twice.
    s.write_config(&format!(
        "{quiet}[history]\nsync_folder = \"{}\"\n\n",
        folder.display()
    ));
    server.quiet_for(2).await;
    assert_eq!(
        daemon.log().matches("history.sync_folder changed").count(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_edits_apply_live_and_broken_ones_keep_the_last_good_config() {
    let s = Sandbox::new();
    let bus = Bus::start(s.path());
    let server = Notifications::start(&bus.address).await;
    let b = Some(bus.address.as_str());
    s.write_config(&fast_config("").replace(
        "sit_before_reminder = \"1s\"",
        "sit_before_reminder = \"1h\"",
    ));
    let daemon = Daemon::start(&s, b);
    assert_eq!(s.status(b)["state"], "sitting");

    // A broken edit: the error is shown once as a notification and in status.
    s.write_config("[schedule]\nsets_per_day = 99\n");
    let call = server.next_notify(10).await;
    assert_eq!(summary(&call), "soleus: config.toml has an error");
    let status = s.status(b);
    let error = status["config_error"].as_str().expect("config_error");
    assert!(
        error.contains("config.toml:2:16: sets_per_day: must be between 1 and 6"),
        "{error}"
    );
    assert_eq!(status["state"], "sitting", "the last good config stays");
    // Reading the file (soleus log does) is not an edit: no reload, no repeated error.
    assert!(s.run(b, &["log", "10"]).status.success());
    server.quiet_for(2).await;
    assert_eq!(
        daemon.log().matches("config edit not applied").count(),
        1,
        "{}",
        daemon.log()
    );

    // Fixed, and changed: a reminder is now due at once.
    s.write_config(&fast_config(""));
    let call = server.next_notify(10).await;
    assert!(
        summary(&call).starts_with("Time for soleus pushups"),
        "{call:?}"
    );
    assert!(s.status(b)["config_error"].is_null());
}

/// Dotfiles kept in a repository: config.toml is a symlink, and the edit happens where it
/// points (written beside and renamed, as editors do).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_behind_a_symlinked_config_applies_live() {
    let s = Sandbox::new();
    let bus = Bus::start(s.path());
    let server = Notifications::start(&bus.address).await;
    let b = Some(bus.address.as_str());
    let dotfiles = s.path().join("dotfiles/soleus");
    std::fs::create_dir_all(&dotfiles).expect("mkdir");
    let target = dotfiles.join("config.toml");
    let later = fast_config("").replace(
        "sit_before_reminder = \"1s\"",
        "sit_before_reminder = \"1h\"",
    );
    std::fs::write(&target, later).expect("write");
    let link = s.config_path();
    std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let _daemon = Daemon::start(&s, b);
    assert_eq!(s.status(b)["state"], "sitting");

    let beside = dotfiles.join("config.toml.new");
    std::fs::write(&beside, fast_config("")).expect("write");
    std::fs::rename(&beside, &target).expect("rename");
    let call = server.next_notify(10).await;
    assert!(
        summary(&call).starts_with("Time for soleus pushups"),
        "{call:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_notification_server_gets_the_reminder_back() {
    let d = Desktop::start("[snooze]\nduration = \"2s\"\n").await;
    let first = d.server.next_notify(10).await;
    d.server.invoke(&first, "snooze").await;
    expect_close(&d.server, notify_id(&first)).await;
    // The server goes away while the reminder is snoozed...
    let Desktop {
        daemon: _daemon,
        server,
        bus,
        sandbox,
    } = d;
    drop(server);
    sandbox
        .until_status(Some(&bus.address), 15, "the failed re-show", |s| {
            !s["notification_error"].is_null()
        })
        .await;
    // ...and comes back: the retry shows the same reminder again.
    let server = Notifications::start(&bus.address).await;
    let again = server.next_notify(20).await;
    assert!(summary(&again).ends_with("(again)"), "{again:?}");
    // The daemon hears that the show worked just after the server has it: the error
    // clears then (notifications are shown off the loop, which answers status meanwhile).
    sandbox
        .until_status(Some(&bus.address), 5, "the error cleared", |s| {
            s["notification_error"].is_null()
        })
        .await;
}

/// A server that crashes and comes back while a reminder is on screen gets it again: the
/// same reminder (not a new one, not a re-showing after a snooze), still answerable.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_restarted_under_an_open_reminder_shows_it_again() {
    let Desktop {
        daemon,
        server,
        bus,
        sandbox,
    } = Desktop::start("").await;
    let first = server.next_notify(10).await;
    drop(server);
    let server = Notifications::start(&bus.address).await;
    let again = server.next_notify(10).await;
    assert_eq!(summary(&again), summary(&first));
    assert_eq!(again.action_keys(), first.action_keys());
    let status = sandbox.status(Some(&bus.address));
    assert_eq!(status["state"], "reminding", "{}", daemon.log());
    assert_eq!(sandbox.events("shown").len(), 1, "the same reminder");
    server.invoke(&again, "done").await;
    expect_close(&server, notify_id(&again)).await;
    assert_eq!(sandbox.events("set").len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daemon_survives_its_bus_dying_under_a_waiting_notification() {
    let Desktop {
        daemon,
        server,
        bus,
        sandbox,
    } = Desktop::start("").await;
    let _shown = server.next_notify(10).await;
    // The session bus dies while soleus waits for an answer to the reminder.
    drop(server);
    drop(bus);
    let status = sandbox.status(None);
    assert_eq!(status["running"], true, "{}", daemon.log());
    assert_eq!(status["state"], "reminding");
    assert!(sandbox.run(None, &["log", "40"]).status.success());
    assert_eq!(sandbox.status(None)["sets_today"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stats_read_the_history_the_daemon_and_log_wrote() {
    let d = Desktop::start("").await;
    let reminder = d.server.next_notify(10).await;
    d.server.invoke(&reminder, "done").await;
    expect_close(&d.server, notify_id(&reminder)).await;
    assert!(d.run(&["log", "25"]).status.success());
    assert_eq!(d.status()["sets_today"], 2);

    let o = d.run(&["stats", "--days", "7", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(
        (v["total_sets"].as_u64(), v["total_reps"].as_u64()),
        (Some(2), Some(95))
    );
    assert_eq!(v["days"][6]["reminders"], 1);
    assert_eq!(v["reminders"]["done"], 1);
    let human = String::from_utf8_lossy(&d.run(&["stats"]).stdout).into_owned();
    assert!(
        human.contains("2 of 3 sets, 95 reps") && human.contains("1 shown: 1 done"),
        "{human}"
    );
    let csv =
        String::from_utf8_lossy(&d.run(&["stats", "--days", "1", "--csv"]).stdout).into_owned();
    assert!(
        csv.lines()
            .nth(1)
            .is_some_and(|row| row.ends_with(",2,95,1,0,0,0,0,0")),
        "{csv}"
    );
    let sets = String::from_utf8_lossy(&d.run(&["stats", "--sets"]).stdout).into_owned();
    assert!(
        sets.contains("70 reps") && sets.contains("reminder") && sets.contains("by hand"),
        "{sets}"
    );

    // Undo goes through the daemon too: today's count drops at once.
    assert!(d.run(&["log", "--undo"]).status.success());
    assert_eq!(d.status()["sets_today"], 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_history_write_is_reported_not_swallowed() {
    let d = Desktop::start("").await;
    let _reminder = d.server.next_notify(10).await;
    // The history file turns into a folder: nothing can be appended.
    let path = d.sandbox.history_path();
    std::fs::remove_file(&path).expect("remove history");
    std::fs::create_dir(&path).expect("folder in its place");
    let o = d.run(&["skip"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("but could not record to history"),
        "{o:?}"
    );
    let notices = d.status()["history_notices"].to_string();
    assert!(notices.contains("could not record to history"), "{notices}");
    // Said once on screen too.
    let flash = d.server.next_notify(10).await;
    assert!(
        summary(&flash).contains("cannot write the history"),
        "{flash:?}"
    );

    // The skip is kept, not dropped: once writing works again, the retry writes it.
    std::fs::remove_dir(&path).expect("remove the folder");
    d.until_status(30, "the pending record written", |s| {
        !s["history_notices"]
            .to_string()
            .contains("could not record")
    })
    .await;
    assert_eq!(d.sandbox.events("skipped").len(), 1);
}

/// A FIFO in place of config.toml once blocked the daemon's start until someone wrote to it.
#[test]
fn a_fifo_config_does_not_block_the_daemon() {
    let s = Sandbox::new();
    let config = s.config_path();
    std::fs::create_dir_all(config.parent().expect("parent")).expect("mkdir");
    let status = std::process::Command::new("mkfifo")
        .arg(&config)
        .status()
        .expect("run mkfifo");
    assert!(status.success());
    let _daemon = Daemon::start(&s, None);
    let error = s.status(None)["config_error"].to_string();
    assert!(error.contains("FIFO"), "{error}");
}

/// Held connections that never send a request once filled the daemon's file descriptors
/// (1,024 in a usual session), and `status` waited for them to time out.
#[test]
fn a_flood_of_idle_connections_does_not_starve_status() {
    let s = Sandbox::new();
    s.write_config(&fast_config(""));
    let daemon = Daemon::start(&s, None);
    // The soft limit most desktop sessions give a process.
    let limited = std::process::Command::new("prlimit")
        .args(["--pid", &daemon.child.id().to_string(), "--nofile=1024:"])
        .status()
        .expect("run prlimit");
    assert!(limited.success());
    let socket = s.socket_path();
    let held: Vec<UnixStream> = (0..1500)
        .map(|_| UnixStream::connect(&socket).expect("connect"))
        .collect();
    let start = std::time::Instant::now();
    assert_eq!(s.status(None)["running"], true);
    let took = start.elapsed();
    assert!(took < Duration::from_secs(2), "status took {took:?}");
    drop(held);
}
