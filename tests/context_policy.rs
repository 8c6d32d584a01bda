//! The context policy end to end: the real daemon, real dunst under Xvfb on a private bus,
//! do-not-disturb turned on and off with `dunstctl set-paused` as a user would, and a call
//! on a real PipeWire; an idle inhibitor held in logind (a service with its interface).
//!
//! Needs the packages `tests/setup.sh` installs (xvfb, dunst, pipewire, wireplumber).

mod support;

use std::time::{Duration, Instant};

use support::dunst::DunstDesktop;
use support::inhibit::Logind;
use support::pipewire::PipeWire;
use support::services::Mutter;
use support::{Bus, Daemon, Sandbox, fast_config};

/// The hidden edge: do-not-disturb is on when the reminder falls due, and stays on past
/// the time the reminder would have expired. Nothing reaches the notification server while
/// held; once it is off, exactly one reminder comes, within seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dnd_holds_the_due_reminder_and_one_comes_when_it_ends() {
    let desktop = DunstDesktop::start().await;
    desktop.dunstctl("true");
    let bus = Some(desktop.bus.address.as_str());
    let sandbox = Sandbox::new();
    // No idle source (wall time counts as sitting), a reminder due 3 s after the start,
    // and one that would expire 2 s after showing.
    let config = fast_config(
        "[notifications]\nexpire_after = \"2s\"\n[activity]\nsource = \"none\"\n\
         [context]\ndnd = \"hold\"\n",
    )
    .replace(
        "sit_before_reminder = \"1s\"",
        "sit_before_reminder = \"3s\"",
    );
    assert!(config.contains("\"3s\""), "{config}");
    sandbox.write_config(&config);
    let daemon = Daemon::start(&sandbox, bus);

    let held = sandbox
        .until_status(bus, 15, "held by dnd", |s| s["state"] == "held")
        .await;
    assert_eq!(held["held_by"], serde_json::json!(["dnd"]), "{held:#}");
    assert!(held["held_since"].is_string(), "{held:#}");
    assert_eq!(held["context"], serde_json::json!(["dnd"]), "{held:#}");
    assert_eq!(held["reminders_today"], 0, "a held reminder is not spent");
    // Longer than the reminder would have lived on screen: a held one does not expire.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let still = sandbox.status(bus);
    assert_eq!(still["state"], "held", "{still:#}\n{}", daemon.log());
    assert_eq!(
        [
            desktop.count("waiting"),
            desktop.count("displayed"),
            desktop.count("history")
        ],
        [0, 0, 0],
        "no Notify call while held"
    );
    assert!(
        sandbox.events("missed").is_empty(),
        "{:?}",
        sandbox.history()
    );

    let released = Instant::now();
    desktop.dunstctl("false");
    let shown = sandbox
        .until_status(bus, 10, "the catch-up reminder", |s| {
            s["state"] == "reminding"
        })
        .await;
    assert!(
        released.elapsed() < Duration::from_secs(5),
        "shown {:?} after the release",
        released.elapsed()
    );
    assert!(shown["held_by"].as_array().is_some_and(Vec::is_empty));
    assert_eq!(
        reminder_events(&sandbox),
        ["held", "released", "shown"],
        "{}",
        daemon.log()
    );
    let on_screen =
        support::within(5, async || (desktop.count("displayed") == 1).then_some(())).await;
    assert!(on_screen.is_some(), "dunst shows the catch-up");
    assert_eq!(desktop.count("waiting"), 0, "exactly one");
    // Unanswered, it expires 2 s later; no other reminder came meanwhile.
    let expired = support::within(10, async || {
        (!sandbox.events("missed").is_empty()).then_some(())
    })
    .await;
    assert!(expired.is_some(), "{}", daemon.log());
    assert_eq!(
        reminder_events(&sandbox),
        ["held", "released", "shown", "missed"]
    );
}

/// The history's reminder events, in order.
fn reminder_events(sandbox: &Sandbox) -> Vec<String> {
    sandbox
        .history()
        .iter()
        .filter_map(|r| r["event"].as_str().map(str::to_owned))
        .collect()
}

/// A reminder on screen when do-not-disturb comes on is closed on the server and held:
/// it does not expire while held, and when do-not-disturb ends the same reminder comes
/// back, once, within seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_on_screen_when_dnd_begins_is_closed_held_and_shown_once_after() {
    let desktop = DunstDesktop::start().await;
    let bus = Some(desktop.bus.address.as_str());
    let sandbox = Sandbox::new();
    // A reminder 1 s after the start that would expire 4 s after it is shown.
    sandbox.write_config(&fast_config(
        "[notifications]\nexpire_after = \"4s\"\n[activity]\nsource = \"none\"\n\
         [context]\ndnd = \"hold\"\n",
    ));
    let daemon = Daemon::start(&sandbox, bus);
    let shown = sandbox
        .until_status(bus, 10, "the reminder", |s| s["state"] == "reminding")
        .await;
    let on_screen = support::within(5, async || (desktop.count("displayed") == 1).then_some(()));
    assert!(on_screen.await.is_some(), "dunst shows the reminder");
    let shown_at = Instant::now();

    desktop.dunstctl("true");
    let held = sandbox
        .until_status(bus, 10, "held by dnd", |s| s["state"] == "held")
        .await;
    assert_eq!(held["held_by"], serde_json::json!(["dnd"]), "{held:#}");
    assert_eq!(held["reminder_shown_at"], shown["reminder_shown_at"]);
    assert_eq!(held["reminders_today"], 1, "{held:#}");
    // Closed on the server: neither on screen nor waiting for the pause to end.
    let closed = support::within(5, async || {
        (desktop.count("displayed") + desktop.count("waiting") == 0).then_some(())
    })
    .await;
    assert!(
        closed.is_some(),
        "the notification stays open\n{}",
        daemon.log()
    );
    assert_eq!(desktop.count("history"), 1, "closed, in dunst's history");
    // Past the time it would have expired: held, not missed.
    tokio::time::sleep(Duration::from_secs(5).saturating_sub(shown_at.elapsed())).await;
    let still = sandbox.status(bus);
    assert_eq!(still["state"], "held", "{still:#}\n{}", daemon.log());
    assert_eq!(reminder_events(&sandbox), ["shown", "held"]);

    let released = Instant::now();
    desktop.dunstctl("false");
    let again = sandbox
        .until_status(bus, 10, "the reminder again", |s| s["state"] == "reminding")
        .await;
    assert!(
        released.elapsed() < Duration::from_secs(5),
        "shown {:?} after the release",
        released.elapsed()
    );
    assert_eq!(again["reminder_shown_at"], shown["reminder_shown_at"]);
    let on_screen = support::within(5, async || (desktop.count("displayed") == 1).then_some(()));
    assert!(on_screen.await.is_some(), "dunst shows it again");
    assert_eq!(desktop.count("waiting"), 0);
    // Its expiry runs again from the new showing; nothing else comes before it.
    let expired = support::within(10, async || {
        (!sandbox.events("missed").is_empty()).then_some(())
    })
    .await;
    assert!(expired.is_some(), "{}", daemon.log());
    assert_eq!(
        reminder_events(&sandbox),
        ["shown", "held", "released", "missed"],
        "{}",
        daemon.log()
    );
}

/// A reminder that falls due while the user is away comes as they come back: the
/// microphone is read then too, as for a reminder due on its deadline. Real PipeWire with a
/// recording stream is the call; GNOME's idle monitor (a service with Mutter's interface on
/// the bus, as in the presence tests) says when the user leaves and comes back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_holds_the_reminder_due_as_the_user_comes_back() {
    let desktop = DunstDesktop::start().await;
    let bus = Some(desktop.bus.address.as_str());
    let pw = PipeWire::start(desktop.dir.path(), &desktop.bus).await;
    let mutter = Mutter::start(&desktop.bus.address).await;
    let sandbox = Sandbox::new()
        .with_env("XDG_CURRENT_DESKTOP", "GNOME")
        .with_env("XDG_SESSION_TYPE", "wayland")
        .with_env("PULSE_SERVER", &format!("unix:{}", pw.socket().display()));
    // A reminder after 3 s of sitting; 40 s away would be a break (the idle watch is 10 s).
    sandbox.write_config(
        &fast_config("[context]\ncall = \"hold\"\n")
            .replace("break_after_idle = \"1s\"", "break_after_idle = \"40s\""),
    );
    let started = Instant::now();
    let daemon = Daemon::start(&sandbox, bus);
    assert_eq!(
        mutter.calls.wait("AddIdleWatch").await,
        "AddIdleWatch 10000"
    );
    mutter.go_idle(10_000).await;
    sandbox
        .until_status(bus, 10, "away", |s| s["state"] == "away")
        .await;
    // The reminder falls due while the user is away (nothing to wait on: time must pass).
    tokio::time::sleep(Duration::from_secs(4).saturating_sub(started.elapsed())).await;
    assert_eq!(sandbox.status(bus)["state"], "away");
    let _call = pw.call(&desktop.dir.path().join("call.wav")).await;

    mutter.go_active().await;
    let held = sandbox
        .until_status(bus, 10, "held by the call", |s| {
            s["state"] == "held" || s["state"] == "reminding"
        })
        .await;
    assert_eq!(held["state"], "held", "{held:#}\n{}", daemon.log());
    assert_eq!(held["held_by"], serde_json::json!(["call"]), "{held:#}");
    assert_eq!(reminder_events(&sandbox), ["held"]);
    assert_eq!(
        [
            desktop.count("waiting"),
            desktop.count("displayed"),
            desktop.count("history")
        ],
        [0, 0, 0],
        "nothing shown\n{}",
        daemon.log()
    );
}

/// An idle inhibitor held in logind (a player keeping the screen on) holds the due reminder
/// as fullscreen, through the daemon's own watch of the system bus; when it is released the
/// one catch-up comes within seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_inhibitor_holds_the_due_reminder_as_fullscreen() {
    let desktop = DunstDesktop::start().await;
    let system_dir = desktop.dir.path().join("system-bus");
    std::fs::create_dir_all(&system_dir).expect("a folder for the system bus");
    // logind cannot run here: a service with its interface, on a bus standing for the
    // system bus.
    let system = Bus::start(&system_dir);
    let logind = Logind::start(&system.address, "sleep:idle").await;
    let bus = Some(desktop.bus.address.as_str());
    let sandbox = Sandbox::new().with_env("DBUS_SYSTEM_BUS_ADDRESS", &system.address);
    sandbox.write_config(&fast_config(
        "[activity]\nsource = \"none\"\n[context]\nfullscreen = \"hold\"\n",
    ));
    let daemon = Daemon::start(&sandbox, bus);

    let held = sandbox
        .until_status(bus, 15, "held by fullscreen", |s| s["state"] == "held")
        .await;
    assert_eq!(
        held["held_by"],
        serde_json::json!(["fullscreen"]),
        "{held:#}"
    );
    assert_eq!(desktop.count("displayed"), 0, "nothing shown while held");

    let released = Instant::now();
    logind.set_blocked("sleep").await;
    sandbox
        .until_status(bus, 10, "the catch-up reminder", |s| {
            s["state"] == "reminding"
        })
        .await;
    assert!(
        released.elapsed() < Duration::from_secs(5),
        "shown {:?} after the release\n{}",
        released.elapsed(),
        daemon.log()
    );
    assert_eq!(reminder_events(&sandbox), ["held", "released", "shown"]);
}
