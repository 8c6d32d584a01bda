//! The tray item against a real tray host: waybar (its tray module is a
//! `StatusNotifierWatcher` and host) under the headless Sway, on the daemon's private bus,
//! with the README's custom module (`soleus status --follow --format waybar`). The item is read
//! and most of its menu clicked over D-Bus, the way a host does; "Today's stats" and "Quit"
//! are picked with a pointer in the menu waybar itself draws. The bar and the menu are
//! screenshot to target/desktop-artifacts/.

mod support;

use std::collections::HashMap;

use support::dunst::DunstDesktop;
use support::pointer::Pointer;
use support::waybar::{QUIT, TODAYS_STATS, Waybar, open_menu, pick, pixels, screenshot};
use support::{Daemon, Desktop, Sandbox, Sway, fast_config, within};
use zbus::{Connection, OwnedObjectPath, OwnedVariant};

const WATCHER: &str = "org.kde.StatusNotifierWatcher";

/// A client connection to the private bus, as a host's.
async fn connect(address: &str) -> Connection {
    zbus::connection::Builder::address(address)
        .build()
        .await
        .expect("the private bus")
}

/// The items the host has registered (the watcher's own list).
async fn registered(bus: &Connection) -> Vec<String> {
    let Ok(watcher) = zbus::Proxy::new(bus, WATCHER, "/StatusNotifierWatcher", WATCHER).await
    else {
        return Vec::new();
    };
    watcher
        .get_property::<Vec<String>>("RegisteredStatusNotifierItems")
        .await
        .unwrap_or_default()
}

/// How many messages the connection owning `name` sends on the bus within `secs`, as a
/// bus monitor sees them.
async fn sent_within(address: &str, name: &str, secs: u64) -> usize {
    let bus = connect(address).await;
    let dbus = zbus::fdo::DBusProxy::new(&bus).await.expect("bus proxy");
    let owner = dbus
        .get_name_owner(name.try_into().expect("a bus name"))
        .await
        .unwrap_or_else(|e| panic!("nobody owns {name}: {e}"));
    let rule = zbus::MatchRule::builder()
        .sender(owner.as_str())
        .build()
        .expect("a sender rule");
    let monitor = connect(address).await;
    zbus::fdo::MonitoringProxy::new(&monitor)
        .await
        .expect("monitoring proxy")
        .become_monitor(&[rule], 0)
        .await
        .expect("a bus monitor");
    let mut stream = zbus::MessageStream::from(&monitor);
    let mut sent = 0;
    let _ = tokio::time::timeout(std::time::Duration::from_secs(secs), async {
        // The bus also tells the monitor it lost its own name: only the owner's count.
        while let Some(Ok(message)) = futures_lite::StreamExt::next(&mut stream).await {
            if message
                .header()
                .sender()
                .is_some_and(|s| s.as_str() == owner.as_str())
            {
                sent += 1;
            }
        }
    })
    .await;
    sent
}

/// With no tray host, the item's connection waits for one in silence: no retry loop.
async fn silent_without_host(d: &Desktop) {
    let pid = d.status()["pid"].as_u64().expect("pid");
    let item_name = format!("org.kde.StatusNotifierItem-{pid}-1");
    assert_eq!(
        sent_within(&d.bus.address, &item_name, 3).await,
        0,
        "the item talked on the bus with no tray host"
    );
}

/// Waits until the host lists soleus's item; its bus name.
async fn until_registered(bus: &Connection) -> String {
    let found = within(15, async || {
        registered(bus)
            .await
            .into_iter()
            .find(|i| i.starts_with("org.kde.StatusNotifierItem-"))
    })
    .await;
    let item = found.expect("the tray host lists the soleus item");
    item.split('/').next().unwrap_or_default().to_owned()
}

/// The item's `org.kde.StatusNotifierItem` interface, read afresh each time as a host
/// does on the item's `NewIcon` and `NewToolTip` (which are not `PropertiesChanged`: a
/// caching proxy would keep the first values).
async fn item_proxy<'a>(bus: &Connection, item: &'a str) -> zbus::Proxy<'a> {
    zbus::proxy::Builder::new(bus)
        .destination(item)
        .path("/StatusNotifierItem")
        .interface("org.kde.StatusNotifierItem")
        .cache_properties(zbus::proxy::CacheProperties::No)
        .build()
        .await
        .expect("item proxy")
}

/// The colour at the centre of the item's first icon, as the host draws it (RGB).
async fn icon_centre(sni: &zbus::Proxy<'_>) -> [u8; 3] {
    let icons: Vec<(i32, i32, Vec<u8>)> = sni.get_property("IconPixmap").await.expect("icon");
    let (w, h, argb) = icons.first().expect("an icon");
    let i = usize::try_from((h / 2 * w + w / 2) * 4).expect("index");
    [argb[i + 1], argb[i + 2], argb[i + 3]]
}

/// A `ToolTip`: icon name, icon pixmaps, title, text.
type ToolTip = (String, Vec<(i32, i32, Vec<u8>)>, String, String);

type Node = (i32, HashMap<String, OwnedVariant>, Vec<OwnedVariant>);

/// The menu's entries as (id, label, enabled), read with dbusmenu's `GetLayout`.
async fn menu(bus: &Connection, item: &str) -> Vec<(i32, String, bool)> {
    let reply = bus
        .call_method(
            Some(item),
            "/MenuBar",
            Some("com.canonical.dbusmenu"),
            "GetLayout",
            &(0i32, -1i32, Vec::<String>::new()),
        )
        .await
        .expect("GetLayout");
    let (_revision, (_, _, children)): (u32, Node) = reply.body().deserialize().expect("layout");
    children
        .into_iter()
        .filter_map(|child| {
            let (id, props, _) = Node::try_from(child).ok()?;
            let label = String::try_from(props.get("label")?.try_clone().ok()?).ok()?;
            let enabled = bool::try_from(props.get("enabled")?.try_clone().ok()?).ok()?;
            Some((id, label, enabled))
        })
        .collect()
}

/// Clicks menu entry `label`, as a host does when the user picks it.
async fn click(bus: &Connection, item: &str, label: &str) {
    let entries = menu(bus, item).await;
    let (id, _, enabled) = entries
        .iter()
        .find(|(_, l, _)| l == label)
        .unwrap_or_else(|| panic!("no {label} in {entries:?}"));
    assert!(enabled, "{label} is greyed: {entries:?}");
    let data = OwnedVariant::try_from(zbus::Variant::from("")).expect("variant");
    bus.call_method(
        Some(item),
        "/MenuBar",
        Some("com.canonical.dbusmenu"),
        "Event",
        &(*id, "clicked", data, 0u32),
    )
    .await
    .expect("Event");
}

/// "Pause for 1 hour", "Resume" and "Pause until tomorrow" act as `soleus pause 1h`,
/// `soleus resume` and `soleus pause today` do.
async fn pauses_and_resume(d: &Desktop, bus: &Connection, item: &str) {
    click(bus, item, "Pause for 1 hour").await;
    let paused = d
        .until_status(5, "paused", |s| s["state"] == "paused")
        .await;
    let until: jiff::Timestamp = paused["paused_until"]
        .as_str()
        .expect("until")
        .parse()
        .expect("time");
    let left = until.duration_since(jiff::Timestamp::now()).as_secs();
    assert!((3590..=3600).contains(&left), "paused for {left} s");
    click(bus, item, "Resume").await;
    d.until_status(5, "resumed", |s| s["state"] != "paused")
        .await;
    click(bus, item, "Pause until tomorrow").await;
    let paused = d
        .until_status(5, "paused", |s| s["state"] == "paused")
        .await;
    let until = paused["paused_until"].as_str().expect("until");
    let midnight = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Europe/Berlin").expect("tz"))
        .tomorrow()
        .and_then(|d| d.start_of_day())
        .expect("midnight");
    assert_eq!(
        until.parse::<jiff::Timestamp>().ok(),
        Some(midnight.timestamp())
    );
    click(bus, item, "Resume").await;
    d.until_status(5, "resumed", |s| s["state"] != "paused")
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waybar_shows_the_item_whose_menu_acts_and_a_restarted_bar_gets_it_again() {
    // The daemon starts before any tray host: it waits, quietly.
    let d = Desktop::start("").await;
    let address = d.bus.address.clone();
    let bus = connect(&address).await;
    d.server.next_notify(10).await;
    silent_without_host(&d).await;
    let sway = Sway::start().await;
    let bar = Waybar::start(&sway, &address, &d.sandbox);
    let item = until_registered(&bus).await;
    let sni = item_proxy(&bus, &item).await;
    assert_eq!(
        sni.get_property::<String>("Id").await.expect("Id"),
        "soleus"
    );
    assert_eq!(
        sni.get_property::<String>("Status").await.expect("Status"),
        "NeedsAttention"
    );
    let menu_path: OwnedObjectPath = sni.get_property("Menu").await.expect("Menu");
    assert_eq!(menu_path.as_str(), "/MenuBar");
    let (_, _, title, body): ToolTip = sni.get_property("ToolTip").await.expect("ToolTip");
    assert_eq!(title, "soleus: reminding");
    assert!(body.contains("today: 0 of 3 sets"), "{body}");
    let labels: Vec<String> = menu(&bus, &item).await.into_iter().map(|e| e.1).collect();
    assert_eq!(
        labels,
        [
            "Start a set now",
            "Snooze",
            "I did a set",
            "Skip",
            "Pause for 1 hour",
            "Pause until tomorrow",
            "Resume",
            "Today's stats",
            "Quit soleus"
        ]
    );
    // The bar draws the item once it has read it: amber, a reminder is open.
    let before = within(5, async || {
        let shot = screenshot(&sway, "tray-reminding.png");
        (pixels(&shot, "#E5A50A") > 50).then(|| std::fs::read(shot).expect("png"))
    })
    .await
    .expect("the bar never drew the amber icon");
    // Snooze from the menu: history has it, and the bar's module redraws.
    click(&bus, &item, "Snooze").await;
    d.until_status(5, "snoozed", |s| s["state"] == "snoozed")
        .await;
    assert_eq!(d.sandbox.events("snoozed").len(), 1);
    let changed = within(5, async || {
        let now = std::fs::read(screenshot(&sway, "tray-snoozed.png")).ok()?;
        (now != before).then_some(())
    })
    .await;
    assert!(changed.is_some(), "the bar never redrew after the snooze");
    assert_eq!(
        icon_centre(&sni).await,
        [0xe5, 0xa5, 0x0a],
        "amber while snoozed"
    );
    // I did a set: it answers the snoozed reminder, as `soleus done` does.
    click(&bus, &item, "I did a set").await;
    d.until_status(5, "a set", |s| s["sets_today"] == 1).await;
    assert_eq!(d.sandbox.events("done").len(), 1);
    // Start a set now: the same start as `soleus start`.
    click(&bus, &item, "Start a set now").await;
    d.until_status(5, "in a set", |s| s["state"] == "in_set")
        .await;
    let entries = menu(&bus, &item).await;
    assert!(
        entries.iter().any(|(_, l, on)| l == "I did a set" && *on),
        "{entries:?}"
    );
    let green = within(5, async || {
        (icon_centre(&sni).await == [0x26, 0xa2, 0x69]).then_some(())
    })
    .await;
    assert!(green.is_some(), "the icon is not green in a set");
    // The bar draws it green too (it reads the icon again on NewIcon).
    let drawn = within(5, async || {
        (pixels(&screenshot(&sway, "tray.png"), "#26A269") > 50).then_some(())
    })
    .await;
    assert!(
        drawn.is_some(),
        "the bar never drew the green icon of a set"
    );
    // Skip stops the set; the pauses and resume act as `soleus pause` and `resume` do.
    click(&bus, &item, "Skip").await;
    d.until_status(5, "the set stopped", |s| s["state"] == "sitting")
        .await;
    assert_eq!(
        d.sandbox.events("set").len(),
        1,
        "a stopped set logs nothing"
    );
    pauses_and_resume(&d, &bus, &item).await;
    // The host goes and comes back: the item registers again, without a restart.
    bar.stop();
    let gone = within(5, async || registered(&bus).await.is_empty().then_some(())).await;
    assert!(gone.is_some());
    let _bar = Waybar::start(&sway, &address, &d.sandbox);
    assert_eq!(until_registered(&bus).await, item);
    let log = d.daemon.log();
    assert_eq!(log.matches("item registered").count(), 2, "{log}");
    assert!(!log.contains("WARN soleus::daemon::tray"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tray_key_turns_the_item_off_and_on_live() {
    let d = Desktop::start_config(&fast_config("[tray]\nenabled = false\n")).await;
    let address = d.bus.address.clone();
    let bus = connect(&address).await;
    let sway = Sway::start().await;
    let _bar = Waybar::start(&sway, &address, &d.sandbox);
    // The host is up (it owns the watcher name) and the daemon answers: no item.
    let dbus = zbus::fdo::DBusProxy::new(&bus).await.expect("dbus");
    let up = within(15, async || {
        dbus.name_has_owner(WATCHER.try_into().ok()?)
            .await
            .ok()?
            .then_some(())
    })
    .await;
    assert!(up.is_some(), "waybar never took the watcher name");
    assert_eq!(d.status()["running"], true);
    let names = dbus.list_names().await.expect("names");
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("org.kde.StatusNotifierItem-")),
        "{names:?}"
    );
    assert!(registered(&bus).await.is_empty());
    d.sandbox
        .write_config(&fast_config("[tray]\nenabled = true\n"));
    until_registered(&bus).await;
    d.sandbox
        .write_config(&fast_config("[tray]\nenabled = false\n"));
    let gone = within(5, async || registered(&bus).await.is_empty().then_some(())).await;
    assert!(gone.is_some(), "the item stayed after enabled = false");
    // On again at once: the new item comes after the last one left the shared connection,
    // and its menu is served.
    d.sandbox
        .write_config(&fast_config("[tray]\nenabled = true\n"));
    let item = until_registered(&bus).await;
    assert!(
        !menu(&bus, &item).await.is_empty(),
        "no menu on the item shown again"
    );
}

/// "Today's stats" and "Quit soleus" picked with the pointer in waybar's menu of the item
/// (right-click on the icon, then the entry), with real dunst as the notification server:
/// dunst shows today's summary (sets and streak, as the tooltip has them), and Quit stops
/// the daemon as `soleus stop` does: exit 0, its socket gone, its reminder closed on dunst.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn todays_stats_and_quit_from_the_menu_on_real_dunst() {
    // A dunst rule runs a script with what dunst shows: summary and body.
    let seen = tempfile::tempdir().expect("tempdir");
    let script = seen.path().join("seen.sh");
    let record = seen.path().join("today.txt");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nprintf '%s\\n%s' \"$2\" \"$3\" > {0}.tmp && mv {0}.tmp {0}\n",
            record.display()
        ),
    )
    .expect("script");
    let mut mode = std::fs::metadata(&script).expect("meta").permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut mode, 0o755);
    std::fs::set_permissions(&script, mode).expect("chmod");
    let dunst = DunstDesktop::start_with(&format!(
        "[soleus_today]\nsummary = \"soleus today\"\nscript = {}\n",
        script.display()
    ))
    .await;
    let address = dunst.bus.address.clone();
    let sandbox = Sandbox::new();
    sandbox.write_config(&fast_config(""));
    let logged = sandbox.run(None, &["log", "30"]);
    assert_eq!(logged.status.code(), Some(0), "{logged:?}");
    let daemon = Daemon::start(&sandbox, Some(&address));
    let reminder = within(10, async || (dunst.count("displayed") == 1).then_some(())).await;
    assert!(reminder.is_some(), "dunst never showed the reminder");
    let sway = Sway::start().await;
    let _bar = Waybar::start(&sway, &address, &sandbox);
    let bus = connect(&address).await;
    let item = until_registered(&bus).await;
    let sni = item_proxy(&bus, &item).await;
    let today = "today: 1 of 3 sets, 30 reps\nstreak: 1 day in a row with sets";
    let tooltip = within(5, async || {
        let (_, _, _, body): ToolTip = sni.get_property("ToolTip").await.ok()?;
        (body == format!("1/3 set due\n{today}")).then_some(())
    })
    .await;
    assert!(
        tooltip.is_some(),
        "the tooltip never showed today's sets and streak"
    );
    // Picked with the pointer in waybar's own menu, as a person does.
    let mut mouse = Pointer::new(&sway);
    open_menu(&sway, &mut mouse, "tray-menu.png").await;
    pick(&sway, &mut mouse, TODAYS_STATS).await;
    let shown = within(10, async || std::fs::read_to_string(&record).ok()).await;
    assert_eq!(
        shown.as_deref(),
        Some(format!("soleus today\n1/3 set due\n{today}").as_str()),
        "what dunst showed; the daemon said:\n{}",
        daemon.log()
    );
    open_menu(&sway, &mut mouse, "tray-menu-again.png").await;
    pick(&sway, &mut mouse, QUIT).await;
    assert_eq!(daemon.exited(10, "Quit").await, Some(0));
    assert!(
        !sandbox.socket_path().exists(),
        "the socket outlived the daemon"
    );
    let closed = dunst.history();
    assert!(
        closed
            .iter()
            .any(|(summary, _)| summary.starts_with("Time for soleus pushups")),
        "the reminder is still open on dunst: {closed:?}"
    );
    let gone = within(5, async || registered(&bus).await.is_empty().then_some(())).await;
    assert!(
        gone.is_some(),
        "waybar still lists the item of a daemon that quit"
    );
}
