//! The real `soleus` binary in a temp folder with the XDG layout, cut off from the desktop
//! and the buses of whoever runs the tests, and what it writes there.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use super::wait::within;

/// The user id the tests (and the daemons they start) run as.
pub fn uid() -> u32 {
    std::os::unix::fs::MetadataExt::uid(&fs::metadata("/proc/self").expect("/proc/self"))
}

/// What a command printed on stdout, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What a command printed on stderr, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fixed-offset zone where it is 20:00 to 21:00 now: times of day a test logs sets at
/// ("09:00", "12:30") have passed today whenever it runs, which in Berlin they have not
/// after midnight.
pub fn evening_zone() -> String {
    let hour = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .hour();
    // Etc/GMT-N is N hours ahead of UTC (POSIX's sign); from Etc/GMT+12 to Etc/GMT-14.
    let ahead = match 20 - i32::from(hour) {
        a if a > 14 => a - 24,
        a => a,
    };
    match ahead {
        0 => "Etc/GMT".to_owned(),
        a if a > 0 => format!("Etc/GMT-{a}"),
        a => format!("Etc/GMT+{}", -a),
    }
}

/// A temp folder with the XDG layout.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    /// Variables set (or, `None`, removed) on every command, after the defaults, so they
    /// can override them.
    env: Vec<(String, Option<String>)>,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let run = dir.path().join("run");
        fs::create_dir_all(&run).expect("mkdir run");
        Self {
            dir,
            env: Vec::new(),
        }
    }

    /// The same sandbox with `name=value` in every command's environment.
    #[must_use]
    pub fn with_env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.to_owned(), Some(value.to_owned())));
        self
    }

    /// The same sandbox with `name` unset in every command's environment.
    #[must_use]
    pub fn without_env(mut self, name: &str) -> Self {
        self.env.push((name.to_owned(), None));
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn config_path(&self) -> PathBuf {
        self.path().join("config/soleus/config.toml")
    }

    pub fn history_path(&self) -> PathBuf {
        self.path().join("data/soleus/history.jsonl")
    }

    pub fn socket_path(&self) -> PathBuf {
        self.path().join("run/soleus/soleus.sock")
    }

    pub fn write_config(&self, text: &str) {
        let path = self.config_path();
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        // Write beside and rename, as editors do.
        let tmp = path.with_extension("tmp");
        fs::write(&tmp, text).expect("write config");
        fs::rename(&tmp, &path).expect("rename config");
    }

    /// A `soleus` command in this sandbox, talking to `bus` (or to no bus at all).
    pub fn command(&self, bus: Option<&str>, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_soleus"));
        cmd.args(args)
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_STATE_HOME", self.path().join("state"))
            .env("XDG_RUNTIME_DIR", self.path().join("run"))
            .env("HOME", self.path())
            .env("TZ", "Europe/Berlin")
            .env("RUST_LOG", "info")
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                bus.unwrap_or("unix:path=/nonexistent/soleus-test-bus"),
            )
            // No desktop and no system bus unless a test provides them.
            .env(
                "DBUS_SYSTEM_BUS_ADDRESS",
                "unix:path=/nonexistent/soleus-test-system-bus",
            )
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .env_remove("XDG_CURRENT_DESKTOP")
            .env_remove("XDG_SESSION_TYPE")
            .env_remove("XDG_SESSION_ID")
            // Not started by systemd nor an autostart entry, unless a test says so.
            .env_remove("INVOCATION_ID")
            .env_remove("SOLEUS_STARTED_BY");
        for (name, value) in &self.env {
            match value {
                Some(value) => cmd.env(name, value),
                None => cmd.env_remove(name),
            };
        }
        cmd
    }

    pub fn run(&self, bus: Option<&str>, args: &[&str]) -> Output {
        self.command(bus, args).output().expect("run soleus")
    }

    /// A sandbox whose config is `extra` and a `[history] sync_folder` of `folder`: one
    /// machine of several sharing that folder.
    pub fn syncing(folder: &Path, extra: &str) -> Self {
        let sandbox = Self::new().with_env("TZ", &evening_zone());
        sandbox.write_config(&format!(
            "{extra}\n[history]\nsync_folder = \"{}\"\n",
            folder.display()
        ));
        sandbox
    }

    /// Runs `soleus args` without a bus; it must succeed. Its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(None, args);
        assert!(o.status.success(), "soleus {args:?}: {}", stderr(&o));
        stdout(&o)
    }

    /// `soleus status --json`, parsed.
    pub fn status(&self, bus: Option<&str>) -> Value {
        let o = self.run(bus, &["status", "--json"]);
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
            panic!(
                "status is JSON ({e}): {}",
                String::from_utf8_lossy(&o.stdout)
            )
        })
    }

    /// Checks `soleus status --json` until `pred` holds, for at most `secs`, and returns
    /// that status; the daemon announces no state change, so this is how a test sees one.
    pub async fn until_status(
        &self,
        bus: Option<&str>,
        secs: u64,
        what: &str,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        let mut last = Value::Null;
        let found = within(secs, async || {
            let status = self.status(bus);
            if pred(&status) {
                Some(status)
            } else {
                last = status;
                None
            }
        })
        .await;
        found.unwrap_or_else(|| panic!("status never showed {what} within {secs} s: {last:#}"))
    }

    pub fn history(&self) -> Vec<Value> {
        match fs::read_to_string(self.history_path()) {
            Ok(text) => text
                .lines()
                .map(|l| serde_json::from_str(l).expect("JSON line"))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// History records of one kind: reminder events by name, or "set".
    pub fn events(&self, name: &str) -> Vec<Value> {
        self.history()
            .into_iter()
            .filter(|r| r["event"] == name || (name == "set" && r["type"] == "set"))
            .collect()
    }
}
