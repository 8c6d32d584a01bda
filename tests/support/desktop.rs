//! What soleus finds on a desktop: a notification server that speaks
//! org.freedesktop.Notifications, records every call and answers like a person would; and
//! [`Desktop`], a sandbox with its own bus, that server and a running daemon.

use std::collections::HashMap;
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::Mutex;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use zbus::OwnedVariant;
use zbus::object_server::SignalEmitter;

use super::bus::{Bus, serve, served};
use super::daemon::{Daemon, fast_config};
use super::sandbox::Sandbox;
use super::wait::{next_matching, within};

/// A call the notification server received.
#[derive(Debug, Clone)]
pub enum Call {
    Notify {
        id: u32,
        replaces: u32,
        app: String,
        /// `app_icon`: a theme name or a file path.
        icon: String,
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
    /// Records each Notify and never answers it: a server that created the notification
    /// and whose reply has not reached the caller yet.
    hold: bool,
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
    async fn notify(
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
            icon: app_icon,
            summary,
            body,
            actions,
            value,
            timeout: expire_timeout,
            sender,
        });
        if self.hold {
            std::future::pending::<()>().await;
        }
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
        Self::serve(address, capabilities, false).await
    }

    /// A server that records each Notify and never answers it (see `Server::hold`).
    pub async fn start_holding(address: &str) -> Self {
        Self::serve(address, &["actions", "body", "persistence"], true).await
    }

    async fn serve(address: &str, capabilities: &[&str], hold: bool) -> Self {
        let (tx, rx) = unbounded_channel();
        let server = Server {
            tx,
            next: Arc::new(AtomicU32::new(1)),
            capabilities: capabilities.iter().map(|c| (*c).to_owned()).collect(),
            hold,
        };
        let connection = serve(address, "org.freedesktop.Notifications", PATH, server).await;
        Self {
            connection,
            calls: Mutex::new(rx),
        }
    }

    /// The next call, waiting up to `secs`.
    pub async fn next(&self, secs: u64) -> Call {
        self.next_where(secs, |_| true).await
    }

    /// The next Notify call (skipping others), waiting up to `secs`.
    pub async fn next_notify(&self, secs: u64) -> Call {
        self.next_where(secs, |call| matches!(call, Call::Notify { .. }))
            .await
    }

    async fn next_where(&self, secs: u64, wanted: impl Fn(&Call) -> bool) -> Call {
        let mut calls = self.calls.lock().await;
        next_matching(&mut calls, secs, wanted)
            .await
            .unwrap_or_else(|| panic!("no notification call within {secs}s"))
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
        let iface = served::<Server>(&self.connection, PATH).await;
        (*id, iface)
    }

    async fn wait_subscribed(&self, sender: &str) {
        let subscribed = within(10, async || {
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
            (rules >= 2).then_some(())
        })
        .await;
        assert!(
            subscribed.is_some(),
            "{sender} never subscribed to notification signals"
        );
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

    /// [`Sandbox::until_status`] on this desktop's bus.
    pub async fn until_status(
        &self,
        secs: u64,
        what: &str,
        pred: impl Fn(&Value) -> bool,
    ) -> Value {
        self.sandbox
            .until_status(self.bus(), secs, what, pred)
            .await
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.sandbox.run(self.bus(), args)
    }
}
