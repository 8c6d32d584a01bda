//! Context sources against real parts: dunst paused and resumed with `dunstctl` under
//! Xvfb, GNOME's setting written with `gsettings` through the real dconf-service, a window
//! made fullscreen by openbox, a file held open where a camera would be read through the
//! real /proc. Where the real part is too heavy for these tests (KDE Plasma: the
//! real-desktop suite runs it) or cannot run here (mako, a sound card, a camera), a
//! service speaking the exact interface on a private bus, or files laid out as the kernel
//! lays them out.
//!
//! Needs the packages `tests/setup.sh` installs (xvfb, dunst, openbox, wmctrl, x11-utils,
//! dconf-service, gsettings-desktop-schemas). Run outside a GNOME session: the daemon's
//! GNOME source reads the session's own `XDG_CURRENT_DESKTOP`.

mod support;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use jiff::Timestamp;
use soleus::context::Places;
use soleus::context::{
    ContextChange, ContextReport, ContextTracker, Kind, camera, dunst, flag, fullscreen, gnome,
    kde, pulse, swaync, wlr,
};
use soleus::presence::detect::SessionEnv;
use support::dnd::{Dconf, Mako, PlasmaNotifications, Swaync};
use support::dunst::{DunstDesktop, Running, connect};
use support::inhibit::{GnomeSession, Logind, PowerDevil};
use support::pipewire::PipeWire;
use support::{Bus, Sandbox, Sway, Xvfb, stdout, within};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

/// A source's reports fed to a tracker, as the daemon's loop will feed them.
struct Watch {
    rx: UnboundedReceiver<ContextReport>,
    tracker: ContextTracker,
    changes: Vec<ContextChange>,
}

impl Watch {
    fn new(rx: UnboundedReceiver<ContextReport>) -> Self {
        Self::with(rx, ContextTracker::polled_only(Places::system()))
    }

    fn with(rx: UnboundedReceiver<ContextReport>, tracker: ContextTracker) -> Self {
        Self {
            rx,
            tracker,
            changes: Vec::new(),
        }
    }

    /// Takes reports until `done` holds of the tracker, for at most 10 s.
    async fn until(&mut self, what: &str, done: impl Fn(&ContextTracker) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !done(&self.tracker) {
            let report = tokio::time::timeout_at(deadline, self.rx.recv())
                .await
                .unwrap_or_else(|_| {
                    panic!("no {what} within 10 s; view: {:#?}", self.tracker.view())
                })
                .expect("the source task is running");
            if let Some(change) = self.tracker.report(report, Timestamp::now()) {
                self.changes.push(change);
            }
        }
    }

    /// Until `kind` is `on`; returns the change that said so.
    async fn until_kind(&mut self, kind: Kind, on: bool) -> ContextChange {
        self.until(&format!("{} {on}", kind.name()), |t| {
            t.state().get(kind) == on
        })
        .await;
        *self.changes.last().expect("a change was recorded")
    }

    /// Until `line` (e.g. "dnd dunst: ") starts a working source in the view.
    async fn until_source(&mut self, line: &str) {
        self.until(line, |t| {
            t.view().sources.iter().any(|s| s.starts_with(line))
        })
        .await;
    }
}

/// Watches the notification server's flag on `bus` as the daemon does.
fn watch_server(bus: zbus::Connection) -> Watch {
    let (tx, rx) = unbounded_channel();
    tokio::spawn(
        async move { flag::watch_server(&bus, &[dunst::PAUSED, kde::INHIBITED], &tx).await },
    );
    Watch::new(rx)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dunst_paused_and_resumed_with_dunstctl() {
    let mut desktop = DunstDesktop::start().await;
    // Every event-driven source, started as the daemon will start them, in this session.
    let (tx, rx) = unbounded_channel();
    let places = Places {
        bus: Some(desktop.bus.address.clone()),
        display: Some(desktop.x.display.clone()),
        ..Places::system()
    };
    let mut w = Watch::with(rx, ContextTracker::start_in(tx, places));
    w.until_source("dnd dunst: org.dunstproject.cmd0.paused")
        .await;
    w.until_source("fullscreen x11: ").await;
    w.until("no GNOME session", |t| {
        t.view()
            .unavailable
            .iter()
            .any(|l| l.starts_with("dnd gnome: not a GNOME session"))
    })
    .await;
    assert!(!w.tracker.state().dnd);

    let before = Timestamp::now();
    desktop.dunstctl("true");
    let on = w.until_kind(Kind::Dnd, true).await;
    assert!(on.since >= before, "{on:?}");
    assert_eq!(w.tracker.view().on, vec!["dnd"]);
    desktop.dunstctl("false");
    w.until_kind(Kind::Dnd, false).await;
    desktop.dunstctl("true");
    w.until_kind(Kind::Dnd, true).await;

    // `soleus doctor` in the same session sees it too.
    let sandbox = Sandbox::new().with_env("DISPLAY", &desktop.x.display);
    let doctor = stdout(&sandbox.run(Some(&desktop.bus.address), &["doctor"]));
    for line in [
        "OK   do-not-disturb: dunst (org.dunstproject.cmd0.paused on org.freedesktop.Notifications, PropertiesChanged, on now); not here: gnome (not a GNOME session (no XDG_CURRENT_DESKTOP))",
        "OK   fullscreen: x11 (X display ",
    ] {
        assert!(doctor.contains(line), "missing {line:?} in:\n{doctor}");
    }

    // dunst quits while paused: nothing holds notifications back any more.
    let _ = desktop.dunst.0.kill();
    let _ = desktop.dunst.0.wait();
    w.until_kind(Kind::Dnd, false).await;
    assert!(
        w.tracker
            .view()
            .unavailable
            .iter()
            .any(|l| l.starts_with("dnd dunst: dunst left")),
        "{:#?}",
        w.tracker.view()
    );
    assert_eq!(w.changes.len(), 4, "{:?}", w.changes);
    drop(desktop.dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kde_inhibited_is_heard_and_a_server_without_a_flag_is_waited_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bus = Bus::start(dir.path());
    // mako first: it owns the name but keeps no flag, so the watch says so and waits.
    let mako = Mako::start(&bus.address, &["default"]).await;
    let mut w = watch_server(connect(&bus.address).await);
    w.until("the server without a flag", |t| {
        t.view().unavailable.iter().any(|l| {
            l.starts_with("dnd notification server: ") && l.contains("no do-not-disturb flag")
        })
    })
    .await;
    drop(mako);

    // Plasma takes over, with DND already on.
    let plasma = PlasmaNotifications::start(&bus.address, true).await;
    w.until_source("dnd kde: org.freedesktop.Notifications.Inhibited")
        .await;
    w.until_kind(Kind::Dnd, true).await;
    plasma.set_inhibited(false).await;
    w.until_kind(Kind::Dnd, false).await;
    plasma.set_inhibited(true).await;
    w.until_kind(Kind::Dnd, true).await;
}

fn session(desktop: &str) -> SessionEnv {
    SessionEnv {
        desktop: desktop.to_owned(),
        ..SessionEnv::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gnome_show_banners_through_gsettings_on_a_real_dconf() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bus = Bus::start(dir.path());
    let dconf = std::sync::Arc::new(Dconf::start(dir.path(), &bus.address));
    let conn = connect(&bus.address).await;
    let (tx, rx) = unbounded_channel();
    let reader = std::sync::Arc::clone(&dconf);
    tokio::spawn(async move {
        gnome::watch_with(&conn, &session("ubuntu:GNOME"), &tx, || reader.gsettings()).await
    });
    let mut w = Watch::new(rx);
    // Never set: the schema's default, banners shown.
    w.until_source("dnd gnome: org.gnome.desktop.notifications show-banners through gsettings")
        .await;
    assert!(!w.tracker.state().dnd);
    // GNOME's do-not-disturb switch sets show-banners to false; dconf-service writes it
    // and signals the change.
    dconf.set_show_banners(false);
    w.until_kind(Kind::Dnd, true).await;
    dconf.set_show_banners(true);
    w.until_kind(Kind::Dnd, false).await;
    dconf.set_show_banners(false);
    w.until_kind(Kind::Dnd, true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gnome_dnd_left_on_holds_nothing_outside_a_gnome_session() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bus = Bus::start(dir.path());
    let dconf = std::sync::Arc::new(Dconf::start(dir.path(), &bus.address));
    dconf.set_show_banners(false);
    let conn = connect(&bus.address).await;
    let (tx, rx) = unbounded_channel();
    let reader = std::sync::Arc::clone(&dconf);
    tokio::spawn(async move {
        gnome::watch_with(&conn, &session("KDE"), &tx, || reader.gsettings()).await
    });
    let mut w = Watch::new(rx);
    w.until("not GNOME", |t| {
        t.view()
            .unavailable
            .iter()
            .any(|l| l == "dnd gnome: not a GNOME session (XDG_CURRENT_DESKTOP=KDE)")
    })
    .await;
    assert!(!w.tracker.state().dnd);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swaync_dnd_on_its_signal() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bus = Bus::start(dir.path());
    let conn = connect(&bus.address).await;
    let (tx, rx) = unbounded_channel();
    tokio::spawn(async move { swaync::watch(&conn, &tx).await });
    let mut w = Watch::new(rx);
    // Not running yet: said so, then waited for.
    w.until("swaync not running", |t| {
        t.view()
            .unavailable
            .iter()
            .any(|l| l.starts_with("dnd swaync: swaync is not running"))
    })
    .await;
    let swaync = Swaync::start(&bus.address, false).await;
    w.until_source("dnd swaync: org.erikreider.swaync.cc.GetDnd")
        .await;
    assert!(!w.tracker.state().dnd);
    swaync.set_dnd(true).await;
    w.until_kind(Kind::Dnd, true).await;
    swaync.set_dnd(false).await;
    w.until_kind(Kind::Dnd, false).await;
    swaync.set_dnd(true).await;
    w.until_kind(Kind::Dnd, true).await;
    // swaync quits: its DND goes with it.
    drop(swaync);
    w.until_kind(Kind::Dnd, false).await;
}

/// `wmctrl` on `x`; `what` is a window title or an option.
fn wmctrl(x: &Xvfb, args: &[&str]) {
    x.run("wmctrl", args);
}

/// An xmessage window titled `title`, once the window manager manages it. Should it never
/// be, the failure says whether xmessage exited and what it said, and what wmctrl listed.
async fn window(x: &Xvfb, title: &str) -> Running {
    let said = tempfile::NamedTempFile::new().expect("a file for xmessage's errors");
    let mut child = Running(
        x.command("xmessage")
            .args(["-title", title, title])
            .stdout(Stdio::null())
            .stderr(said.reopen().expect("the file for xmessage's errors"))
            .spawn()
            .expect("xmessage runs (x11-utils)"),
    );
    let mut listed = String::new();
    let managed = within(10, async || {
        let list = x.command("wmctrl").arg("-l").output().ok()?;
        listed = String::from_utf8_lossy(&list.stdout).into_owned();
        listed.contains(title).then_some(())
    })
    .await;
    assert!(
        managed.is_some(),
        "openbox never managed {title}: xmessage {:?}, said {:?}; wmctrl -l listed {listed:?}",
        child.0.try_wait(),
        std::fs::read_to_string(said.path()).unwrap_or_default(),
    );
    child
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_made_fullscreen_by_openbox() {
    let x = Xvfb::start();
    let _openbox = Running(
        x.command("openbox")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("openbox runs (tests/setup.sh installs it)"),
    );
    // An EWMH window manager announces itself on the root window.
    let wm = within(10, async || {
        let o = x.command("wmctrl").arg("-m").output().ok()?;
        (o.status.success() && String::from_utf8_lossy(&o.stdout).contains("Openbox")).then_some(())
    })
    .await;
    assert!(wm.is_some(), "openbox never came up");

    let (tx, rx) = unbounded_channel();
    let source = fullscreen::Fullscreen::connect(Some(&x.display)).expect("the X display");
    tokio::spawn(async move { source.run(&tx).await });
    let mut w = Watch::new(rx);
    w.until_source("fullscreen x11: ").await;
    assert!(!w.tracker.state().fullscreen);

    let one = window(&x, "soleus-one").await;
    wmctrl(&x, &["-a", "soleus-one"]);
    wmctrl(&x, &["-r", "soleus-one", "-b", "add,fullscreen"]);
    w.until_kind(Kind::Fullscreen, true).await;
    wmctrl(&x, &["-r", "soleus-one", "-b", "remove,fullscreen"]);
    w.until_kind(Kind::Fullscreen, false).await;
    wmctrl(&x, &["-r", "soleus-one", "-b", "add,fullscreen"]);
    w.until_kind(Kind::Fullscreen, true).await;

    // Another window in front is not fullscreen; back to the first, it is again.
    let _two = window(&x, "soleus-two").await;
    wmctrl(&x, &["-a", "soleus-two"]);
    w.until_kind(Kind::Fullscreen, false).await;
    wmctrl(&x, &["-a", "soleus-one"]);
    w.until_kind(Kind::Fullscreen, true).await;
    // The fullscreen window closes.
    drop(one);
    w.until_kind(Kind::Fullscreen, false).await;
}

/// `changes` is `kind` turning `on`, and nothing else.
#[track_caller]
fn assert_one(changes: &[ContextChange], kind: Kind, on: bool) {
    assert!(
        matches!(changes, [c] if c.kind == kind && c.on == on),
        "expected {} {on}, got {changes:?}",
        kind.name()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_window_made_fullscreen_by_sway() {
    let sway = Sway::start().await;
    let (tx, rx) = unbounded_channel();
    let source = wlr::Wlr::connect(Some(&sway.socket())).expect("the compositor");
    tokio::spawn(async move { source.run(&tx).await });
    let mut w = Watch::new(rx);
    w.until_source("fullscreen wlroots: ").await;
    assert!(!w.tracker.state().fullscreen);

    // A Wayland terminal, focused as sway maps it.
    let terminal = Running(
        sway.command("foot")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("foot runs (tests/setup.sh installs it)"),
    );
    // Sway says nothing when a window maps; until then the criteria match no window.
    let mapped = within(10, async || {
        sway.try_swaymsg(&["[app_id=foot]", "focus"]).then_some(())
    })
    .await;
    assert!(mapped.is_some(), "foot never mapped a window");
    sway.swaymsg(&["[app_id=foot]", "fullscreen", "enable"]);
    w.until_kind(Kind::Fullscreen, true).await;
    sway.swaymsg(&["[app_id=foot]", "fullscreen", "disable"]);
    w.until_kind(Kind::Fullscreen, false).await;
    sway.swaymsg(&["[app_id=foot]", "fullscreen", "enable"]);
    w.until_kind(Kind::Fullscreen, true).await;
    // The fullscreen window closes.
    drop(terminal);
    w.until_kind(Kind::Fullscreen, false).await;
}

/// Writes `text` to `root/rel`, making its folders.
fn put(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
    fs::write(path, text).expect("write");
}

/// A tracker reading `proc_root` and `dev`, with `bus` for mako.
fn polled(proc_root: &Path, dev: &Path, bus: &Bus) -> ContextTracker {
    ContextTracker::polled_only(Places {
        proc_root: proc_root.to_owned(),
        dev: dev.to_owned(),
        bus: Some(bus.address.clone()),
        pulse: Some(dev.join("no-pulse-server")),
        ..Places::system()
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn microphone_from_a_running_alsa_capture_substream() {
    // No sound card can exist in this container (there is no /proc/asound), so the
    // kernel's status files are written by the test, laid out and worded as ALSA's.
    let dir = tempfile::tempdir().expect("tempdir");
    let proc_root = dir.path().join("proc");
    let dev = dir.path().join("dev");
    fs::create_dir_all(&dev).expect("dev");
    let bus = Bus::start(dir.path());
    put(
        &proc_root,
        "asound/card0/pcm0p/sub0/status",
        "state: RUNNING\n",
    );
    put(&proc_root, "asound/card0/pcm0c/sub0/status", "closed\n");
    put(
        &proc_root,
        "asound/card1/pcm0c/sub0/status",
        "state: PREPARED\n",
    );
    put(&proc_root, "asound/card1/pcm0c/info", "card: 1\n");
    let mut t = polled(&proc_root, &dev, &bus);

    // Music playing is not a call.
    assert_eq!(t.check(Timestamp::now()).await, vec![]);
    assert!(!t.state().call);
    let view = t.view();
    assert!(
        view.sources
            .iter()
            .any(|s| s.starts_with("call microphone: capture substreams in ")),
        "{view:#?}"
    );
    assert!(
        view.unavailable
            .iter()
            .any(|s| s.starts_with("dnd mako: mako is not the notification server")),
        "{view:#?}"
    );

    put(
        &proc_root,
        "asound/card1/pcm0c/sub0/status",
        "state: RUNNING\nowner_pid   : 4242\ntrigger_time: 1.0\n",
    );
    let now = Timestamp::now();
    let changes = t.check(now).await;
    assert_eq!(
        changes,
        vec![ContextChange {
            kind: Kind::Call,
            on: true,
            since: now
        }]
    );
    assert!(t.needs_recheck(), "only asking again notices a call end");
    put(&proc_root, "asound/card1/pcm0c/sub0/status", "closed\n");
    let changes = t.check(Timestamp::now()).await;
    assert_one(&changes, Kind::Call, false);
    assert!(!t.needs_recheck());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn camera_in_use_from_the_real_proc() {
    // No camera here: a file named video0 in a folder standing for /dev, held open by this
    // very test process, found through the real /proc.
    let dir = tempfile::tempdir().expect("tempdir");
    let dev = dir.path().join("dev");
    fs::create_dir_all(&dev).expect("dev");
    let device = dev.join("video0");
    fs::write(&device, "").expect("device file");
    let bus = Bus::start(dir.path());
    let mut t = polled(Path::new("/proc"), &dev, &bus);
    assert_eq!(t.check(Timestamp::now()).await, vec![]);

    let held = fs::File::open(&device).expect("open");
    let users = camera::users(Path::new("/proc"), &dev).expect("/proc");
    assert!(
        users.contains(&camera::User {
            pid: std::process::id(),
            device: device.clone()
        }),
        "{users:?}"
    );
    let changes = t.check(Timestamp::now()).await;
    assert_one(&changes, Kind::Call, true);
    drop(held);
    let changes = t.check(Timestamp::now()).await;
    assert_one(&changes, Kind::Call, false);
}

#[test]
fn camera_users_of_another_process_in_a_proc_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    let proc_root = dir.path().join("proc");
    let dev = PathBuf::from("/dev");
    for (pid, fd, target) in [
        ("4242", "3", "/dev/video1"),
        ("4243", "0", "/dev/null"),
        ("4244", "7", "/dev/video-not-here/x"),
    ] {
        let fds = proc_root.join(pid).join("fd");
        fs::create_dir_all(&fds).expect("fd folder");
        std::os::unix::fs::symlink(target, fds.join(fd)).expect("symlink");
    }
    fs::create_dir_all(proc_root.join("self")).expect("a non-pid entry");
    let users = camera::users(&proc_root, &dev).expect("scan");
    assert_eq!(
        users,
        vec![camera::User {
            pid: 4242,
            device: PathBuf::from("/dev/video1")
        }]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mako_do_not_disturb_mode_read_when_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bus = Bus::start(dir.path());
    let mako = Mako::start(&bus.address, &["default"]).await;
    let mut t = polled(
        &dir.path().join("no-proc"),
        &dir.path().join("no-dev"),
        &bus,
    );
    assert_eq!(t.check(Timestamp::now()).await, vec![]);
    assert!(
        t.view().sources.iter().any(|s| s.starts_with("dnd mako: ")),
        "{:#?}",
        t.view()
    );
    mako.set_modes(&["default", "do-not-disturb"]).await;
    let changes = t.check(Timestamp::now()).await;
    assert_one(&changes, Kind::Dnd, true);
    assert!(t.needs_recheck());
    mako.set_modes(&["default"]).await;
    let changes = t.check(Timestamp::now()).await;
    assert_one(&changes, Kind::Dnd, false);

    // A mode of the user's own naming (config `[context] mako_mode`): the usual name no
    // longer counts.
    t.set_mako_mode("focus");
    mako.set_modes(&["default", "do-not-disturb"]).await;
    assert_eq!(t.check(Timestamp::now()).await, vec![]);
    mako.set_modes(&["focus"]).await;
    let changes = t.check(Timestamp::now()).await;
    assert_one(&changes, Kind::Dnd, true);
    assert!(
        t.view()
            .sources
            .iter()
            .any(|s| s.starts_with("dnd mako: the mode \"focus\"")),
        "{:#?}",
        t.view()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn microphone_from_a_pipewire_capture_stream() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bus = Bus::start(dir.path());
    let pw = PipeWire::start(dir.path(), &bus).await;
    // A microphone and a speaker that exist only in PipeWire: null nodes.
    pw.null_node("test-mic", "Audio/Source/Virtual");
    pw.null_node("test-speaker", "Audio/Sink");
    let socket = pw.socket();
    let captures = || pulse::capturing(&socket).expect("PipeWire-Pulse answers");
    assert_eq!(captures(), vec![]);

    // Recording what the speaker plays (a screen recorder) is no call.
    let desktop_audio = Running(
        pw.command("pw-record")
            .args([
                "--target",
                "test-speaker",
                "-P",
                "{ stream.capture.sink=true }",
            ])
            .arg(dir.path().join("screen.wav"))
            .spawn()
            .expect("pw-record runs"),
    );
    let linked = within(10, async || {
        let all = pulse::streams(&socket).ok()?;
        all.into_iter().find(|s| s.source == "test-speaker.monitor")
    })
    .await;
    assert!(
        linked.is_some_and(|s| s.monitor),
        "{:?}",
        pulse::streams(&socket)
    );
    assert_eq!(captures(), vec![]);
    drop(desktop_audio);

    let record = Running(
        pw.command("pw-record")
            .args(["--target", "test-mic"])
            .arg(dir.path().join("call.wav"))
            .spawn()
            .expect("pw-record runs"),
    );
    let seen = within(10, async || {
        let c = captures();
        (!c.is_empty()).then_some(c)
    })
    .await;
    assert_eq!(
        seen,
        Some(vec![pulse::Stream {
            app: "pw-record".to_owned(),
            source: "test-mic".to_owned(),
            monitor: false,
            corked: false,
        }])
    );
    // The tracker, asked as the daemon will ask it, hears the call the same way.
    let mut t = ContextTracker::polled_only(Places {
        pulse: Some(socket.clone()),
        ..Places::system()
    });
    t.check(Timestamp::now()).await;
    assert!(t.state().call, "{:#?}", t.view());
    assert!(
        t.view()
            .sources
            .iter()
            .any(|s| s.starts_with("call pulseaudio: "))
    );
    drop(record);
    let ended = within(10, async || captures().is_empty().then_some(())).await;
    assert!(ended.is_some(), "{:?}", captures());
}

/// `method` of `(name, path, interface)` called as an app calls it; its reply.
async fn call<B, R>(
    app: &zbus::Connection,
    (name, path, interface): (&str, &str, &str),
    method: &str,
    body: &B,
) -> R
where
    B: serde::Serialize + zbus::zvariant::DynamicType,
    R: for<'d> serde::Deserialize<'d> + zbus::zvariant::Type,
{
    app.call_method(Some(name), path, Some(interface), method, body)
        .await
        .unwrap_or_else(|e| panic!("{method}: {e}"))
        .body()
        .deserialize()
        .unwrap_or_else(|e| panic!("{method}'s reply: {e}"))
}

/// A private session bus and a second one standing for the system bus, in `dir`.
fn two_buses(dir: &Path) -> (Bus, Bus) {
    let buses = ["session", "system"].map(|name| {
        let dir = dir.join(name);
        fs::create_dir_all(&dir).expect("a folder per bus");
        Bus::start(&dir)
    });
    let [session, system] = buses;
    (session, system)
}

/// Every event-driven source started as the daemon starts them, on `session` and on
/// `system` standing for the system bus, with no display.
fn watch_buses(session: &Bus, system: &Bus) -> Watch {
    let (tx, rx) = unbounded_channel();
    let places = Places {
        bus: Some(session.address.clone()),
        system_bus: Some(system.address.clone()),
        display: Some(":no-display".to_owned()),
        wayland: Some(PathBuf::from("/nonexistent/wayland")),
        ..Places::system()
    };
    Watch::with(rx, ContextTracker::start_in(tx, places))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_inhibitor_held_in_logind_is_fullscreen() {
    // No logind can run here (it needs systemd as PID 1): a service with its interface, on
    // a second private bus standing for the system bus.
    let dir = tempfile::tempdir().expect("tempdir");
    let (session, system) = two_buses(dir.path());
    let logind = Logind::start(&system.address, "handle-power-key:sleep").await;
    let mut w = watch_buses(&session, &system);
    w.until_source("fullscreen logind: idle in org.freedesktop.login1.Manager.BlockInhibited")
        .await;
    assert!(
        !w.tracker.state().fullscreen,
        "sleep alone is no one watching"
    );

    let before = Timestamp::now();
    logind.set_blocked("handle-power-key:sleep:idle").await;
    let on = w.until_kind(Kind::Fullscreen, true).await;
    assert!(on.since >= before, "{on:?}");
    assert_eq!(w.tracker.view().on, vec!["fullscreen"]);
    assert!(!w.tracker.needs_recheck(), "logind says when it ends");

    // `soleus doctor` in the same session reads it too.
    let sandbox = Sandbox::new().with_env("DBUS_SYSTEM_BUS_ADDRESS", &system.address);
    let doctor = stdout(&sandbox.run(Some(&session.address), &["doctor"]));
    let line = "logind (idle in org.freedesktop.login1.Manager.BlockInhibited on the system bus, PropertiesChanged, on now)";
    assert!(doctor.contains(line), "missing {line:?} in:\n{doctor}");
    assert!(
        doctor.contains("gnome-session (org.gnome.SessionManager is not on the bus)"),
        "{doctor}"
    );

    logind.set_blocked("sleep").await;
    w.until_kind(Kind::Fullscreen, false).await;

    // logind restarting while an inhibitor is held: its reading goes with it, and the new
    // one is read.
    logind.set_blocked("idle").await;
    w.until_kind(Kind::Fullscreen, true).await;
    drop(logind);
    w.until_kind(Kind::Fullscreen, false).await;
    let _logind = Logind::start(&system.address, "idle:sleep").await;
    w.until_kind(Kind::Fullscreen, true).await;
    assert_eq!(w.changes.len(), 5, "{:?}", w.changes);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_inhibitors_of_gnome_session_and_powerdevil_are_fullscreen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (session, system) = two_buses(dir.path());
    let _gnome = GnomeSession::start(&session.address).await;
    let _kde = PowerDevil::start(&session.address).await;
    let mut w = watch_buses(&session, &system);
    w.until_source("fullscreen gnome-session: org.gnome.SessionManager.IsInhibited(8)")
        .await;
    w.until_source("fullscreen powerdevil: org.freedesktop.PowerManagement.Inhibit.HasInhibit")
        .await;
    w.until("logind missing", |t| {
        t.view()
            .unavailable
            .iter()
            .any(|l| l == "fullscreen logind: org.freedesktop.login1 is not on the bus")
    })
    .await;

    // Apps inhibit as a video player does, over the bus.
    let app = connect(&session.address).await;
    let gnome = (
        "org.gnome.SessionManager",
        "/org/gnome/SessionManager",
        "org.gnome.SessionManager",
    );
    let inhibit = async |flags: u32| -> u32 {
        let body = ("org.example.Player", 0u32, "Playing a video", flags);
        call(&app, gnome, "Inhibit", &body).await
    };
    // Keeping the session from suspending (4) is not keeping the screen on (8).
    let suspend = inhibit(4).await;
    let idle = inhibit(8 | 4).await;
    w.until_kind(Kind::Fullscreen, true).await;
    let () = call(&app, gnome, "Uninhibit", &(idle,)).await;
    w.until_kind(Kind::Fullscreen, false).await;
    let () = call(&app, gnome, "Uninhibit", &(suspend,)).await;

    let powerdevil = (
        "org.freedesktop.PowerManagement",
        "/org/freedesktop/PowerManagement/Inhibit",
        "org.freedesktop.PowerManagement.Inhibit",
    );
    let cookie: u32 = call(&app, powerdevil, "Inhibit", &("firefox", "Playing video")).await;
    w.until_kind(Kind::Fullscreen, true).await;
    assert_eq!(
        w.tracker.state().on(),
        vec![Kind::Fullscreen],
        "{:#?}",
        w.tracker.view()
    );
    let () = call(&app, powerdevil, "UnInhibit", &(cookie,)).await;
    w.until_kind(Kind::Fullscreen, false).await;
    assert_eq!(w.changes.len(), 4, "{:?}", w.changes);
}
