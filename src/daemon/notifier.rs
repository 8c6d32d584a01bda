//! Desktop notifications over D-Bus (org.freedesktop.Notifications), through notify-rust.
//!
//! One notification slot: the reminder, then the guided set's progress, then its "set
//! complete" prompt replace each other. Each shown notification has a task that waits for
//! its actions and forwards them to the daemon; notify-rust can panic in that wait on a
//! broken bus, and a panic in a spawned task ends only that task. Every D-Bus call has a
//! timeout, so a hung notification server cannot stall the daemon.

use std::sync::Arc;
use std::time::Duration;

use notify_rust::{Hint, Notification, NotificationHandle, NotificationResponse, Timeout};
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use super::Input;
use super::texts::Message;
use crate::config::Urgency;

const CALL_TIMEOUT: Duration = Duration::from_secs(5);
const BUS_NAME: &str = "org.freedesktop.Notifications";
const OBJECT_PATH: &str = "/org/freedesktop/Notifications";

/// What came back from a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    Action(String),
    Closed,
}

/// The notification server as soleus sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub name: String,
    pub version: String,
    pub capabilities: Vec<String>,
}

impl Server {
    pub fn has_actions(&self) -> bool {
        self.capabilities.iter().any(|c| c == "actions")
    }
}

#[derive(Debug)]
struct Shown {
    id: u32,
    handle: Arc<NotificationHandle>,
    waiter: JoinHandle<()>,
}

#[derive(Debug)]
pub struct Notifier {
    tx: UnboundedSender<Input>,
    pub urgency: Urgency,
    pub sound: bool,
    shown: Option<Shown>,
    server: Option<Server>,
}

impl Notifier {
    pub fn new(tx: UnboundedSender<Input>, urgency: Urgency, sound: bool) -> Self {
        Self {
            tx,
            urgency,
            sound,
            shown: None,
            server: None,
        }
    }

    /// The id of the notification in the slot, to tell its actions from stale ones.
    pub fn current(&self) -> Option<u32> {
        self.shown.as_ref().map(|s| s.id)
    }

    /// The server's name and capabilities (asked once, again after a failure).
    pub async fn server(&mut self) -> Result<Server, String> {
        if let Some(server) = &self.server {
            return Ok(server.clone());
        }
        let server = with_timeout(query_server()).await?;
        self.server = Some(server.clone());
        Ok(server)
    }

    /// Shows `message` in the slot: replacing what is there in place when `replace`, else
    /// closing it first.
    pub async fn show(&mut self, message: &Message, replace: bool) -> Result<u32, String> {
        // Asking the server first gives a clear error when there is no bus or no server.
        self.server().await?;
        let mut n = Notification::new();
        n.appname("soleus")
            .summary(&message.summary)
            .body(&message.body)
            .urgency(match self.urgency {
                Urgency::Low => notify_rust::Urgency::Low,
                Urgency::Normal => notify_rust::Urgency::Normal,
                Urgency::Critical => notify_rust::Urgency::Critical,
            });
        for (key, label) in &message.actions {
            n.action(key, label);
        }
        if message.resident {
            n.hint(Hint::Resident(true)).timeout(Timeout::Never);
        }
        if let Some(percent) = message.progress {
            n.hint(Hint::CustomInt("value".to_owned(), percent));
        }
        if message.alert && self.sound {
            n.hint(Hint::SoundName("message-new-instant".to_owned()));
        } else {
            n.hint(Hint::SuppressSound(true));
        }
        match (&self.shown, replace) {
            (Some(old), true) => {
                n.id(old.id);
            }
            (Some(_), false) => self.close().await,
            (None, _) => {}
        }
        let result = with_timeout(async { n.show_async().await.map_err(|e| e.to_string()) }).await;
        let handle = match result {
            Ok(handle) => Arc::new(handle),
            Err(e) => {
                // The server may have gone or changed: ask again next time.
                self.server = None;
                return Err(e);
            }
        };
        if let Some(old) = self.shown.take() {
            old.waiter.abort();
        }
        let id = handle.id();
        let waiter = tokio::spawn(wait_for_response(Arc::clone(&handle), self.tx.clone()));
        self.shown = Some(Shown { id, handle, waiter });
        Ok(id)
    }

    /// A one-off message that does not take the slot (a config error, say).
    pub async fn flash(&mut self, message: &Message) -> Result<(), String> {
        let mut n = Notification::new();
        n.appname("soleus")
            .summary(&message.summary)
            .body(&message.body);
        with_timeout(async { n.show_async().await.map(drop).map_err(|e| e.to_string()) }).await
    }

    /// Closes the notification in the slot, if any.
    pub async fn close(&mut self) {
        if let Some(shown) = self.shown.take() {
            shown.waiter.abort();
            let _ = tokio::time::timeout(CALL_TIMEOUT, shown.handle.close_async()).await;
        }
    }

    /// The user dismissed it: forget it without closing.
    pub fn forget(&mut self, id: u32) {
        if self.current() == Some(id)
            && let Some(shown) = self.shown.take()
        {
            shown.waiter.abort();
        }
    }
}

async fn wait_for_response(handle: Arc<NotificationHandle>, tx: UnboundedSender<Input>) {
    let id = handle.id();
    handle
        .wait_for_action_async(|response| {
            let response = match response {
                NotificationResponse::Action(key) => Response::Action(key.clone()),
                NotificationResponse::Default => Response::Action("default".to_owned()),
                _ => Response::Closed,
            };
            let _ = tx.send(Input::Notification { id, response });
        })
        .await;
}

/// Asks the notification server who it is and what it can do (used by `soleus doctor`).
pub async fn query_server_now() -> Result<Server, String> {
    with_timeout(query_server()).await
}

async fn query_server() -> Result<Server, String> {
    let connection = zbus::Connection::session()
        .await
        .map_err(|e| format!("no session bus: {e}"))?;
    let call = |method: &'static str| {
        let connection = connection.clone();
        async move {
            connection
                .call_method(Some(BUS_NAME), OBJECT_PATH, Some(BUS_NAME), method, &())
                .await
                .map_err(|e| {
                    format!("no notification server answers on the session bus ({method}: {e})")
                })
        }
    };
    let capabilities: Vec<String> = call("GetCapabilities")
        .await?
        .body()
        .deserialize()
        .map_err(|e| e.to_string())?;
    let (name, _vendor, version, _spec): (String, String, String, String) =
        call("GetServerInformation")
            .await?
            .body()
            .deserialize()
            .map_err(|e| e.to_string())?;
    Ok(Server {
        name,
        version,
        capabilities,
    })
}

async fn with_timeout<T>(f: impl Future<Output = Result<T, String>>) -> Result<T, String> {
    tokio::time::timeout(CALL_TIMEOUT, f)
        .await
        .unwrap_or_else(|_| Err("the notification server did not answer within 5 s".to_owned()))
}
