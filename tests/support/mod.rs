//! Real parts for daemon tests: a private `dbus-daemon`, a notification server that speaks
//! org.freedesktop.Notifications on it, the real `soleus` binary in sandboxed XDG folders.

#![allow(dead_code)] // each test file uses a different part

pub mod services;

use std::collections::HashMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Mutex;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use zbus::OwnedVariant;
use zbus::object_server::SignalEmitter;

/// The user id the tests (and the daemons they start) run as.
pub fn uid() -> u32 {
    std::os::unix::fs::MetadataExt::uid(&fs::metadata("/proc/self").expect("/proc/self"))
}

/// A temp folder with the XDG layout.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    /// Variables set on every command, after the defaults (so they can override them).
    env: Vec<(String, String)>,
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
        self.env.push((name.to_owned(), value.to_owned()));
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
            .envs(self.env.iter().map(|(k, v)| (k, v)));
        cmd
    }

    pub fn run(&self, bus: Option<&str>, args: &[&str]) -> Output {
        self.command(bus, args).output().expect("run soleus")
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

/// A private session bus with no service activation.
pub struct Bus {
    child: Child,
    pub address: String,
}

impl Bus {
    pub fn start(dir: &Path) -> Self {
        let socket = dir.join("bus.sock");
        let config = dir.join("bus.conf");
        fs::write(
            &config,
            format!(
                "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" \
                 \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n\
                 <busconfig><type>session</type><listen>unix:path={}</listen><auth>EXTERNAL</auth>\
                 <policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>\
                 <allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>",
                socket.display()
            ),
        )
        .expect("bus config");
        let mut child = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon runs (it is on every machine)");
        // The address line is the bus's readiness signal.
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("bus address");
        Self {
            child,
            address: line.trim().to_owned(),
        }
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A call the notification server received.
#[derive(Debug, Clone)]
pub enum Call {
    Notify {
        id: u32,
        replaces: u32,
        app: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        value: Option<i32>,
        timeout: i32,
        /// The unique bus name of the connection that sent it.
        sender: String,
    },
    Close {
        id: u32,
    },
}

impl Call {
    pub fn action_keys(&self) -> Vec<String> {
        match self {
            Call::Notify { actions, .. } => actions.chunks(2).map(|c| c[0].clone()).collect(),
            Call::Close { .. } => Vec::new(),
        }
    }
}

struct Server {
    tx: UnboundedSender<Call>,
    next: Arc<AtomicU32>,
    capabilities: Vec<String>,
}

// Method signatures are the protocol's, not ours to shape.
#[allow(
    clippy::needless_pass_by_value,
    clippy::unused_self,
    clippy::used_underscore_binding
)]
#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Server {
    fn get_capabilities(&self) -> Vec<String> {
        self.capabilities.clone()
    }

    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedVariant>,
        expire_timeout: i32,
        #[zbus(header)] header: zbus::message::Header<'_>,
    ) -> u32 {
        let sender = header.sender().map(ToString::to_string).unwrap_or_default();
        let _ = app_icon;
        let id = if replaces_id == 0 {
            self.next.fetch_add(1, Ordering::SeqCst)
        } else {
            replaces_id
        };
        let value = hints.get("value").and_then(|v| i32::try_from(v).ok());
        let _ = self.tx.send(Call::Notify {
            id,
            replaces: replaces_id,
            app: app_name,
            summary,
            body,
            actions,
            value,
            timeout: expire_timeout,
            sender,
        });
        id
    }

    async fn close_notification(
        &self,
        id: u32,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) {
        let _ = self.tx.send(Call::Close { id });
        let _ = Self::notification_closed(&emitter, id, 3).await;
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "soleus-test-server".into(),
            "soleus".into(),
            "1.0".into(),
            "1.2".into(),
        )
    }

    #[zbus(signal)]
    async fn action_invoked(
        emitter: &SignalEmitter<'_>,
        id: u32,
        action_key: &str,
    ) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn notification_closed(
        emitter: &SignalEmitter<'_>,
        id: u32,
        reason: u32,
    ) -> zbus::Result<()>;
}

const PATH: &str = "/org/freedesktop/Notifications";

/// The notification server on a bus, recording every call.
pub struct Notifications {
    connection: zbus::Connection,
    calls: Mutex<UnboundedReceiver<Call>>,
}

impl Notifications {
    pub async fn start(address: &str) -> Self {
        Self::start_with(address, &["actions", "body", "persistence"]).await
    }

    pub async fn start_with(address: &str, capabilities: &[&str]) -> Self {
        let (tx, rx) = unbounded_channel();
        let server = Server {
            tx,
            next: Arc::new(AtomicU32::new(1)),
            capabilities: capabilities.iter().map(|c| (*c).to_owned()).collect(),
        };
        let connection = zbus::connection::Builder::address(address)
            .serve_at(PATH, server)
            .name("org.freedesktop.Notifications")
            .build()
            .await
            .expect("notification server on the private bus");
        Self {
            connection,
            calls: Mutex::new(rx),
        }
    }

    /// The next call, waiting up to `secs`.
    pub async fn next(&self, secs: u64) -> Call {
        let mut calls = self.calls.lock().await;
        tokio::time::timeout(Duration::from_secs(secs), calls.recv())
            .await
            .unwrap_or_else(|_| panic!("no notification call within {secs}s"))
            .expect("server alive")
    }

    /// The next Notify call (skipping others), waiting up to `secs`.
    pub async fn next_notify(&self, secs: u64) -> Call {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            let left = deadline
                .saturating_duration_since(tokio::time::Instant::now())
                .as_secs()
                .max(1);
            let call = self.next(left).await;
            if matches!(call, Call::Notify { .. }) {
                return call;
            }
        }
    }

    /// Invokes an action on a shown notification, as a click would. A person cannot click
    /// before the notification is on screen and its sender listens; a test can, so it first
    /// waits until the sender's connection has subscribed to the signals (the bus's own
    /// statistics say so).
    pub async fn invoke(&self, call: &Call, key: &str) {
        let (id, iface) = self.listened(call).await;
        Server::action_invoked(iface.signal_emitter(), id, key)
            .await
            .expect("emit ActionInvoked");
    }

    /// Closes a shown notification as a person dismissing it would (`NotificationClosed`,
    /// reason 2), once its sender listens.
    pub async fn dismiss(&self, call: &Call) {
        let (id, iface) = self.listened(call).await;
        Server::notification_closed(iface.signal_emitter(), id, 2)
            .await
            .expect("emit NotificationClosed");
    }

    /// The id of a shown notification and the server interface to signal about it, once
    /// its sender listens.
    async fn listened(&self, call: &Call) -> (u32, zbus::object_server::InterfaceRef<Server>) {
        let Call::Notify { id, sender, .. } = call else {
            panic!("a signal about {call:?}, which is not a shown notification")
        };
        self.wait_subscribed(sender).await;
        let iface = self
            .connection
            .object_server()
            .interface::<_, Server>(PATH)
            .await
            .expect("interface");
        (*id, iface)
    }

    async fn wait_subscribed(&self, sender: &str) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let reply = self
                .connection
                .call_method(
                    Some("org.freedesktop.DBus"),
                    "/org/freedesktop/DBus",
                    Some("org.freedesktop.DBus.Debug.Stats"),
                    "GetConnectionStats",
                    &(sender,),
                )
                .await
                .expect("bus statistics");
            let stats: HashMap<String, OwnedVariant> =
                reply.body().deserialize().expect("stats dict");
            let rules = stats
                .get("MatchRules")
                .and_then(|v| u32::try_from(v).ok())
                .unwrap_or(0);
            // notify-rust subscribes to ActionInvoked and NotificationClosed.
            if rules >= 2 {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{sender} never subscribed to notification signals"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }

    /// Asserts nothing arrives for `secs`.
    pub async fn quiet_for(&self, secs: u64) {
        let mut calls = self.calls.lock().await;
        if let Ok(Some(call)) = tokio::time::timeout(Duration::from_secs(secs), calls.recv()).await
        {
            panic!("unexpected call: {call:?}");
        }
    }
}

/// A running `soleus daemon`.
pub struct Daemon {
    pub child: Child,
    pub stderr: PathBuf,
}

impl Daemon {
    /// Starts the daemon and waits for its readiness line.
    pub fn start(sandbox: &Sandbox, bus: Option<&str>) -> Self {
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let stderr = sandbox.path().join(format!("daemon-{stamp}.log"));
        let mut child = sandbox
            .command(bus, &["daemon"])
            .stdout(Stdio::piped())
            .stderr(fs::File::create(&stderr).expect("log file"))
            .spawn()
            .expect("spawn daemon");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read stdout");
        assert!(
            line.starts_with("soleus daemon ready"),
            "daemon did not start: {line:?}\n{}",
            fs::read_to_string(&stderr).unwrap_or_default()
        );
        Self { child, stderr }
    }

    pub fn log(&self) -> String {
        fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// SIGTERM, then the exit code.
    pub fn terminate(mut self) -> Option<i32> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let code = self.child.wait().ok().and_then(|s| s.code());
        std::mem::forget(self);
        code
    }

    pub fn kill9(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        std::mem::forget(self);
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Config with second-scale durations for fast tests; reminders all day, every day.
pub fn fast_config(extra: &str) -> String {
    format!(
        "[schedule]\nactive_hours = \"00:00-24:00\"\nactive_days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]\n\
         sit_before_reminder = \"1s\"\nmin_gap = \"1h\"\nbreak_after_idle = \"1s\"\n{extra}"
    )
}

/// A sandbox with its own bus, notification server and running daemon.
pub struct Desktop {
    pub daemon: Daemon,
    pub server: Notifications,
    pub bus: Bus,
    pub sandbox: Sandbox,
}

impl Desktop {
    /// Starts everything, with `fast_config(extra)` as the config.
    pub async fn start(extra: &str) -> Self {
        Self::start_config(&fast_config(extra)).await
    }

    pub async fn start_config(config: &str) -> Self {
        let sandbox = Sandbox::new();
        let bus = Bus::start(sandbox.path());
        let server = Notifications::start(&bus.address).await;
        sandbox.write_config(config);
        let daemon = Daemon::start(&sandbox, Some(&bus.address));
        Self {
            daemon,
            server,
            bus,
            sandbox,
        }
    }

    /// The bus address, as `Sandbox::command` takes it.
    #[allow(clippy::unnecessary_wraps)]
    pub fn bus(&self) -> Option<&str> {
        Some(&self.bus.address)
    }

    pub fn status(&self) -> Value {
        self.sandbox.status(self.bus())
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.sandbox.run(self.bus(), args)
    }
}
