//! dunst, the notification server of the X11 desktop suite, run for real under Xvfb on a
//! private bus, and `dunstctl` to pause it as a user would.

use std::fs;
use std::process::{Child, Command, Stdio};

use super::{Bus, Xvfb, within};

/// A child process ended with the test.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub async fn connect(address: &str) -> zbus::Connection {
    zbus::connection::Builder::address(address)
        .build()
        .await
        .expect("the private bus")
}

pub async fn has_owner(bus: &zbus::Connection, name: &'static str) -> bool {
    let proxy = zbus::fdo::DBusProxy::new(bus).await.expect("bus proxy");
    proxy
        .name_has_owner(name.try_into().expect("a bus name"))
        .await
        .unwrap_or(false)
}

/// The X11 desktop of the desktop suite: Xvfb, a private bus, and dunst serving
/// notifications on it once it owns its name.
pub struct DunstDesktop {
    pub dunst: Running,
    pub bus: Bus,
    pub x: Xvfb,
    pub dir: tempfile::TempDir,
}

impl DunstDesktop {
    pub async fn start() -> Self {
        Self::start_with("").await
    }

    /// With `rules` after dunstrc's `[global]` (a rule whose `script` records what dunst
    /// shows, for one).
    pub async fn start_with(rules: &str) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let x = Xvfb::start();
        let bus = Bus::start(dir.path());
        let rc = dir.path().join("dunstrc");
        fs::write(&rc, format!("[global]\n{rules}")).expect("dunstrc");
        let dunst = Running(
            x.command("dunst")
                .arg("-config")
                .arg(&rc)
                .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("dunst runs (tests/setup.sh installs it)"),
        );
        let conn = connect(&bus.address).await;
        let owned = within(10, async || {
            has_owner(&conn, "org.freedesktop.Notifications")
                .await
                .then_some(())
        })
        .await;
        assert!(
            owned.is_some(),
            "dunst never owned org.freedesktop.Notifications"
        );
        Self { dunst, bus, x, dir }
    }

    pub fn dunstctl(&self, paused: &str) {
        let ok = Command::new("dunstctl")
            .args(["set-paused", paused])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus.address)
            .status()
            .expect("dunstctl runs")
            .success();
        assert!(ok, "dunstctl set-paused {paused}");
    }

    /// `dunstctl history`: the notifications dunst closed, newest first, as (summary, body).
    pub fn history(&self) -> Vec<(String, String)> {
        let out = Command::new("dunstctl")
            .arg("history")
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus.address)
            .output()
            .expect("dunstctl runs");
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("dunstctl history: {e}: {out:?}"));
        let text = |n: &serde_json::Value, k: &str| n[k]["data"].as_str().unwrap_or("").to_owned();
        doc["data"][0]
            .as_array()
            .map(|all| {
                all.iter()
                    .map(|n| (text(n, "summary"), text(n, "body")))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `dunstctl count KIND` (`waiting`, `displayed`, `history`): waiting ones arrived
    /// while paused and are shown on resume.
    pub fn count(&self, kind: &str) -> u32 {
        let out = Command::new("dunstctl")
            .args(["count", kind])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.bus.address)
            .output()
            .expect("dunstctl runs");
        let text = String::from_utf8_lossy(&out.stdout);
        text.trim()
            .parse()
            .unwrap_or_else(|e| panic!("dunstctl count {kind}: {text:?} ({e})"))
    }
}
