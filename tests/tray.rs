//! The tray item against a real tray host: waybar (its tray module is a
//! `StatusNotifierWatcher` and host) under the headless Sway, on the daemon's private bus,
//! with a custom module fed by `soleus status --follow --format waybar`. The item is read
//! and its menu clicked over D-Bus, the way a host does; the bar is screenshot to
//! target/desktop-artifacts/.

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use support::{Desktop, Sandbox, Sway, fast_config, within};
use zbus::{Connection, OwnedObjectPath, OwnedVariant};

const WATCHER: &str = "org.kde.StatusNotifierWatcher";

/// A running waybar with a tray and a soleus module, on `bus`, in `sway`.
struct Waybar {
    child: Child,
}

impl Waybar {
    fn start(sway: &Sway, bus: &str, sandbox: &Sandbox) -> Self {
        let dir = sandbox.path().join("waybar");
        std::fs::create_dir_all(&dir).expect("waybar dir");
        // The module runs soleus in the sandbox: its env as the test's commands have it.
        let env = [
            "XDG_CONFIG_HOME",
            "XDG_STATE_HOME",
            "XDG_DATA_HOME",
            "XDG_RUNTIME_DIR",
        ]
        .iter()
        .zip(["config", "state", "data", "run"])
        .map(|(k, d)| format!("{k}={}", sandbox.path().join(d).display()))
        .collect::<Vec<_>>()
        .join(" ");
        let config = serde_json::json!({
            "layer": "top", "position": "top", "height": 30,
            "modules-left": ["custom/soleus"], "modules-right": ["tray"],
            "tray": {"icon-size": 22},
            "custom/soleus": {
                "exec": format!("env TZ=Europe/Berlin {env} {} status --follow --format waybar",
                    env!("CARGO_BIN_EXE_soleus")),
                "return-type": "json",
            },
        });
        let path = dir.join("config.json");
        std::fs::write(&path, config.to_string()).expect("waybar config");
        let child = Command::new("waybar")
            .arg("--config")
            .arg(&path)
            .env("DBUS_SESSION_BUS_ADDRESS", bus)
            .env("XDG_RUNTIME_DIR", sway.runtime.path())
            .env("WAYLAND_DISPLAY", sway.socket())
            .env("XDG_CONFIG_HOME", &dir)
            .env_remove("DISPLAY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("waybar.log")).expect("log"))
            .spawn()
            .expect("waybar runs (tests/setup.sh installs it)");
        Self { child }
    }

    fn stop(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Waybar {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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

/// A screenshot of the bar in target/desktop-artifacts/NAME.
fn screenshot(sway: &Sway, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/desktop-artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    let path = dir.join(name);
    let ok = Command::new("grim")
        .args(["-g", "0,0 640x30"])
        .arg(&path)
        .env("XDG_RUNTIME_DIR", sway.runtime.path())
        .env("WAYLAND_DISPLAY", sway.socket())
        .status()
        .expect("grim runs (tests/setup.sh installs it)")
        .success();
    assert!(ok, "grim {name}");
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn waybar_shows_the_item_whose_menu_acts_and_a_restarted_bar_gets_it_again() {
    // The daemon starts before any tray host: it waits, quietly.
    let d = Desktop::start("").await;
    let address = d.bus.address.clone();
    let bus = connect(&address).await;
    d.server.next_notify(10).await;
    let sway = Sway::start().await;
    let bar = Waybar::start(&sway, &address, &d.sandbox);
    let item = until_registered(&bus).await;
    let sni = zbus::Proxy::new(
        &bus,
        item.as_str(),
        "/StatusNotifierItem",
        "org.kde.StatusNotifierItem",
    )
    .await
    .expect("item proxy");
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
    let before = screenshot(&sway, "tray-reminding.png");
    let before = std::fs::read(before).expect("png");
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
    // Start a set now: the same start as `soleus start`.
    click(&bus, &item, "Start a set now").await;
    d.until_status(5, "in a set", |s| s["state"] == "in_set")
        .await;
    let entries = menu(&bus, &item).await;
    assert!(
        entries.iter().any(|(_, l, on)| l == "I did a set" && *on),
        "{entries:?}"
    );
    screenshot(&sway, "tray.png");
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
