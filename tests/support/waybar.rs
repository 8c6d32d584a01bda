//! A real waybar under the tests' headless Sway: its tray (a `StatusNotifierWatcher` and
//! host) and the README's own `custom/soleus` module, so the snippet users paste is the
//! one the tests run; screenshots of it, and its menu opened and picked with a pointer.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::pointer::{self, Pointer};
use super::readme::{in_sandbox, readme_block};
use super::{Sandbox, Sway, within};

/// A running waybar with a tray and the README's soleus module, on `bus`, in `sway`.
pub struct Waybar {
    child: Child,
}

impl Waybar {
    pub fn start(sway: &Sway, bus: &str, sandbox: &Sandbox) -> Self {
        let dir = sandbox.path().join("waybar");
        std::fs::create_dir_all(&dir).expect("waybar dir");
        let snippet = readme_block("Waybar (`~/.config/waybar/config`", "json");
        let mut module: serde_json::Value =
            serde_json::from_str(&format!("{{{snippet}}}")).expect("README's snippet is JSON");
        let module = module
            .get_mut("custom/soleus")
            .and_then(serde_json::Value::as_object_mut)
            .expect("README's snippet is custom/soleus");
        for (key, value) in module.iter_mut() {
            if let Some(line) = value
                .as_str()
                .filter(|_| key == "exec" || key.starts_with("on-"))
            {
                *value = in_sandbox(line, sandbox).into();
            }
        }
        let config = serde_json::json!({
            "layer": "top", "position": "top", "height": 30,
            "modules-left": ["custom/soleus"], "modules-right": ["tray"],
            "tray": {"icon-size": 22},
            "custom/soleus": module,
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

    pub fn stop(mut self) {
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

/// How many pixels of `hex` colour (`#RRGGBB`) the picture has, by `convert`'s histogram.
pub fn pixels(png: &Path, hex: &str) -> usize {
    let out = Command::new("convert")
        .arg(png)
        .args(["-format", "%c", "histogram:info:-"])
        .output()
        .expect("convert runs (tests/setup.sh installs imagemagick)");
    assert!(out.status.success(), "convert {}", png.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find(|l| l.contains(hex))
        .and_then(|l| l.trim().split(':').next()?.parse().ok())
        .unwrap_or(0)
}

/// Where waybar draws the item (the right end of its 30-pixel bar on the 640-pixel output)
/// and, in the menu it opens below, "Today's stats" and "Quit soleus" (GTK's default theme,
/// as in target/desktop-artifacts/tray-menu.png).
pub const ICON: (u32, u32) = (619, 15);
pub const TODAYS_STATS: (u32, u32) = (507, 200);
pub const QUIT: (u32, u32) = (502, 224);

/// Right-clicks the item until waybar's menu is drawn (the first click can come before
/// waybar has taken the new pointer), and saves a screenshot of it as NAME.
pub async fn open_menu(sway: &Sway, mouse: &mut Pointer, name: &str) {
    for _ in 0..3 {
        mouse.click(ICON.0, ICON.1, pointer::RIGHT);
        let shown = within(3, async || {
            // The menu is a white box below the bar.
            let shot = grab(sway, name, "0,0 640x480");
            (pixels(&shot, "#FFFFFF") > 10_000).then_some(())
        })
        .await;
        if shown.is_some() {
            return;
        }
    }
    panic!("waybar never opened the item's menu");
}

/// Points at the menu entry at `at`, waits until the menu draws it selected (GTK's
/// highlight), and clicks it.
pub async fn pick(sway: &Sway, mouse: &mut Pointer, at: (u32, u32)) {
    mouse.move_to(at.0, at.1);
    let row = format!("{},{} 60x8", at.0 - 30, at.1 - 4);
    let selected = within(3, async || {
        (pixels(&grab(sway, "tray-pick.png", &row), "#3584E4") > 100).then_some(())
    })
    .await;
    assert!(
        selected.is_some(),
        "the menu never highlighted the entry at {at:?}"
    );
    mouse.click(at.0, at.1, pointer::LEFT);
}

/// A screenshot of the bar in target/desktop-artifacts/NAME.
pub fn screenshot(sway: &Sway, name: &str) -> PathBuf {
    grab(sway, name, "0,0 640x30")
}

/// A screenshot of `area` (grim's `-g`) of the output in target/desktop-artifacts/NAME.
pub fn grab(sway: &Sway, name: &str, area: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/desktop-artifacts");
    std::fs::create_dir_all(&dir).expect("artifacts dir");
    let path = dir.join(name);
    let ok = Command::new("grim")
        .args(["-g", area])
        .arg(&path)
        .env("XDG_RUNTIME_DIR", sway.runtime.path())
        .env("WAYLAND_DISPLAY", sway.socket())
        .status()
        .expect("grim runs (tests/setup.sh installs it)")
        .success();
    assert!(ok, "grim {name}");
    path
}
