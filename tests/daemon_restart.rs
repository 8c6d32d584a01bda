//! A daemon killed with a reminder on screen, and the one started after it.

mod support;

use support::{Bus, Call, Daemon, Desktop, Notifications, Sandbox, fast_config, within};

/// After a `kill -9`, the reminder stays on screen and its answers would reach nobody. The
/// next daemon closes it and records it missed (which starts `min_gap`), instead of leaving
/// it unresolved and showing a second reminder beside it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_left_by_a_killed_daemon_is_closed_and_counted_missed() {
    let Desktop {
        daemon,
        server,
        bus,
        sandbox,
    } = Desktop::start("").await;
    let Call::Notify { id, .. } = server.next_notify(10).await else {
        unreachable!("next_notify gives a Notify")
    };
    // The daemon notes the id once the server gave it (killed before that, only the
    // reminder is known: the test below).
    let state = sandbox.path().join("run/soleus/notification.json");
    let noted = format!("\"notification\":{id},");
    within(10, async || {
        std::fs::read_to_string(&state)
            .is_ok_and(|text| text.contains(&noted))
            .then_some(())
    })
    .await
    .expect("the daemon notes what it shows");
    daemon.kill9();
    assert_eq!(sandbox.events("shown").len(), 1);
    assert!(sandbox.events("missed").is_empty());

    let restarted = Daemon::start(&sandbox, Some(&bus.address));
    match server.next(10).await {
        Call::Close { id: closed } => assert_eq!(closed, id),
        other @ Call::Notify { .. } => panic!("expected the old reminder closed, got {other:?}"),
    }
    server.quiet_for(3).await;
    let missed = sandbox.events("missed");
    assert_eq!(missed.len(), 1, "{missed:?}");
    assert_eq!(
        missed[0]["reminder"],
        sandbox.events("shown")[0]["reminder"]
    );
    let status = sandbox.status(Some(&bus.address));
    assert_eq!(status["state"], "sitting", "{status:#}");
    assert!(
        restarted
            .log()
            .contains("left on screen: closed, counted as missed"),
        "{}",
        restarted.log()
    );
    assert!(!state.exists(), "nothing of the old daemon's is on screen");
}

/// Killed while the server has the reminder but has not answered with its id yet: the
/// reminder was written down before the call, so the next daemon records it missed (there
/// is no id to close; see `daemon::on_screen`) instead of leaving it open in history.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_killed_before_the_server_answered_is_counted_missed() {
    let sandbox = Sandbox::new();
    let bus = Bus::start(sandbox.path());
    let server = Notifications::start_holding(&bus.address).await;
    sandbox.write_config(&fast_config(""));
    let daemon = Daemon::start(&sandbox, Some(&bus.address));
    server.next_notify(10).await;
    let state = sandbox.path().join("run/soleus/notification.json");
    assert!(state.exists(), "written down before the server was asked");
    daemon.kill9();
    assert_eq!(sandbox.events("shown").len(), 1);

    let restarted = Daemon::start(&sandbox, Some(&bus.address));
    let missed = within(10, async || {
        let missed = sandbox.events("missed");
        (!missed.is_empty()).then_some(missed)
    })
    .await
    .expect("the reminder is counted missed");
    assert_eq!(missed.len(), 1, "{missed:?}");
    assert_eq!(
        missed[0]["reminder"],
        sandbox.events("shown")[0]["reminder"]
    );
    assert!(
        restarted.log().contains("had not given its id"),
        "{}",
        restarted.log()
    );
    assert!(
        !state.exists(),
        "nothing of the old daemon's is left to clean up"
    );
}
