//! A real waybar under the tests' headless Sway: its tray (a `StatusNotifierWatcher` and
//! host) and the README's own `custom/soleus` module, so the snippet users paste is the
//! one the tests run.

use std::process::{Child, Command, Stdio};

use super::{Sandbox, Sway};

/// The first fenced block of `lang` after the README line that starts with `after`.
pub fn readme_block(after: &str, lang: &str) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let from = readme
        .lines()
        .position(|l| l.starts_with(after))
        .unwrap_or_else(|| panic!("README has no line starting with {after:?}"));
    readme
        .lines()
        .skip(from)
        .skip_while(|l| *l != format!("```{lang}"))
        .skip(1)
        .take_while(|l| *l != "```")
        .collect::<Vec<_>>()
        .join("\n")
}

/// A command line of a README snippet, run in `sandbox`: `soleus` becomes this build with
/// the sandbox's folders and time zone, as the tests' own commands have them.
pub fn in_sandbox(line: &str, sandbox: &Sandbox) -> String {
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
    let rest = line
        .strip_prefix("soleus ")
        .unwrap_or_else(|| panic!("a snippet's command runs soleus: {line:?}"));
    format!(
        "env TZ=Europe/Berlin {env} {} {rest}",
        env!("CARGO_BIN_EXE_soleus")
    )
}

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
