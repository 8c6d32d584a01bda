//! The notification task: every D-Bus call to org.freedesktop.Notifications runs here, off
//! the event loop, behind a channel. A notification server that hangs (stopped, swapping,
//! deadlocked) stalls this task for at most a call timeout per command, never the loop:
//! `soleus status`, `log` and `snooze` keep answering, and the loop catches up from the
//! reports ([`Note`]) when the server does.
//!
//! One notification slot: the reminder, then the guided set's progress, then its "set
//! complete" prompt replace each other. Each shown notification has a waiter task that
//! forwards its answer; notify-rust can panic in that wait on a broken bus, and a panic in
//! a spawned task ends only that task. While something is wanted on screen, a second task
//! watches the bus for a new owner of the server's name, so a restarted server gets the
//! open notification back; at rest (nothing shown) that watch and its bus connection are
//! gone, so the feature costs nothing there.

use std::sync::Arc;
use std::time::Duration;

use futures_lite::StreamExt;
use notify_rust::{
    CloseReason, Hint, Notification, NotificationHandle, NotificationResponse, Timeout,
};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::JoinHandle;

use super::icon;
use super::input::{Input, Note, Response};
use super::texts::{self, Buttons, Message};
use crate::backoff::Backoff;
use crate::config::Urgency;
use crate::schedule::ReminderView;

const CALL_TIMEOUT: Duration = Duration::from_secs(5);
const BUS_NAME: &str = "org.freedesktop.Notifications";
const OBJECT_PATH: &str = "/org/freedesktop/Notifications";

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

    /// How this server draws a reminder's answers, as seen on the real servers: GNOME
    /// Shell's message tray draws at most three buttons and silently drops the rest;
    /// xfce4-notifyd draws the default action as a button of its own, lxqt-notificationd
    /// as an entry in its box of actions, mako as a line of `makoctl menu`.
    pub fn buttons(&self) -> Buttons {
        match self.name.as_str() {
            _ if !self.has_actions() => Buttons::None,
            "gnome-shell" => Buttons::Three,
            "Xfce Notify Daemon" | "lxqt-notificationd" | "mako" => Buttons::DefaultIsAButton,
            _ => Buttons::All,
        }
    }
}

/// What to show. A reminder is worded at show time, for the server that will show it
/// (without action buttons, its body says how to answer from a terminal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    Reminder(ReminderView),
    /// The reminder again, after a body click, with the answers its first form had no room
    /// for ([`texts::answers`]).
    Answers(ReminderView),
    Message(Message),
}

/// How notifications look and sound, from `[notifications]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub urgency: Urgency,
    pub sound: bool,
}

/// What the display asks of the notification task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Show `content` in the slot: in place of what is there when `replace`, else after
    /// closing it. Answered by [`Note::Shown`] or [`Note::Failed`] with the same `seq`.
    Show {
        seq: u64,
        content: Content,
        replace: bool,
        style: Style,
    },
    /// Close the notification in the slot.
    Close,
    /// The notification in the slot is gone (the user closed it, or its server went away):
    /// forget it without a call. After a server change, ask who the server is again before
    /// the next show (the new one may draw buttons the old one did not).
    Forget { server_changed: bool },
    /// A one-off message that does not take the slot (a config error).
    Flash(Message),
}

/// Starts the notification task and the server watch. The task ends, closing what it
/// shows, when the command sender is dropped.
pub fn spawn(tx: UnboundedSender<Input>) -> (UnboundedSender<Command>, JoinHandle<()>) {
    let (commands, rx) = unbounded_channel();
    let task = tokio::spawn(run(rx, tx));
    (commands, task)
}

async fn run(mut rx: UnboundedReceiver<Command>, tx: UnboundedSender<Input>) {
    let mut worker = Worker {
        tx,
        shown: None,
        server: None,
        watch: None,
    };
    while let Some(command) = rx.recv().await {
        worker.handle(command).await;
    }
    worker.close().await;
}

#[derive(Debug)]
struct Shown {
    id: u32,
    handle: Arc<NotificationHandle>,
    waiter: JoinHandle<()>,
}

struct Worker {
    tx: UnboundedSender<Input>,
    shown: Option<Shown>,
    server: Option<Server>,
    /// The watch for a new server, while something is wanted on screen.
    watch: Option<JoinHandle<()>>,
}

impl Worker {
    async fn handle(&mut self, command: Command) {
        match command {
            Command::Show {
                seq,
                content,
                replace,
                style,
            } => {
                if self.watch.is_none() {
                    self.watch = Some(tokio::spawn(watch_server(self.tx.clone())));
                }
                let note = match self.show(content, replace, style).await {
                    Ok(id) => Note::Shown { seq, id },
                    Err(error) => Note::Failed { seq, error },
                };
                let _ = self.tx.send(Input::Note(note));
            }
            Command::Close => self.close().await,
            Command::Forget { server_changed } => {
                if server_changed {
                    self.server = None;
                } else {
                    // The user closed it: nothing is wanted on screen until the next show.
                    self.unwatch();
                }
                if let Some(shown) = self.shown.take() {
                    shown.waiter.abort();
                }
            }
            Command::Flash(message) => {
                if let Err(e) = flash(&message).await {
                    tracing::debug!("could not show {:?}: {e}", message.summary);
                }
            }
        }
    }

    /// The server's name and capabilities (asked once, again after a failure).
    async fn server(&mut self) -> Result<Server, String> {
        if let Some(server) = &self.server {
            return Ok(server.clone());
        }
        let server = query_server_now().await?;
        self.server = Some(server.clone());
        Ok(server)
    }

    async fn show(&mut self, content: Content, replace: bool, style: Style) -> Result<u32, String> {
        // Asking the server first gives a clear error when there is no bus or no server.
        let server = self.server().await?;
        // A quiet reminder (config `[context]`) is low urgency whatever `[notifications]`
        // says: it must not jump over a call. The reminder's second form answers a click:
        // critical, so that GNOME shows it expanded and keeps it until answered, and does
        // not count it as seen when it lands in the open message list (GNOME 43 counts
        // only non-critical ones so), where the click came from: it shows as a banner once
        // the list closes. (Shown again on a server that replaced GNOME's, it is the
        // reminder as it was.)
        let urgency = match &content {
            Content::Answers(_) if server.buttons() == Buttons::Three => Urgency::Critical,
            Content::Reminder(view) | Content::Answers(view) if view.quiet => Urgency::Low,
            _ => style.urgency,
        };
        // A body click on a reminder where it cannot carry every answer brings them all.
        let body_click = match (&content, server.buttons()) {
            (Content::Reminder(_) | Content::Answers(_), Buttons::Three) => Response::AllAnswers,
            _ => Response::Default,
        };
        let message = match content {
            Content::Reminder(view) => texts::reminder(&view, server.buttons()),
            Content::Answers(view) => texts::answers(&view, server.buttons()),
            Content::Message(message) => message,
        };
        let mut n = notification(&message);
        n.urgency(match urgency {
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
        if message.alert && style.sound {
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
        let handle =
            match with_timeout(async { n.show_async().await.map_err(|e| e.to_string()) }).await {
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
        // The loop hears of the id (Note::Shown, sent by the caller) before any answer:
        // the waiter starts after this returns, and both go through one ordered channel.
        let waiter = tokio::spawn(wait_for_response(
            Arc::clone(&handle),
            self.tx.clone(),
            body_click,
        ));
        self.shown = Some(Shown { id, handle, waiter });
        Ok(id)
    }

    fn unwatch(&mut self) {
        if let Some(watch) = self.watch.take() {
            watch.abort();
        }
    }

    async fn close(&mut self) {
        self.unwatch();
        if let Some(shown) = self.shown.take() {
            shown.waiter.abort();
            let _ = tokio::time::timeout(CALL_TIMEOUT, shown.handle.close_async()).await;
        }
    }
}

fn notification(message: &Message) -> Notification {
    let mut n = Notification::new();
    n.appname("soleus")
        .summary(&message.summary)
        .body(&message.body);
    match icon::from_process() {
        Some(path) => {
            let path = path.to_string_lossy();
            n.icon(&path).hint(Hint::ImagePath(path.into_owned()));
        }
        None => {
            n.icon(icon::NAME);
        }
    }
    n
}

async fn flash(message: &Message) -> Result<(), String> {
    let n = notification(message);
    with_timeout(async { n.show_async().await.map(drop).map_err(|e| e.to_string()) }).await
}

/// Forwards the answer to notification `handle`; a body click is reported as `body_click`.
async fn wait_for_response(
    handle: Arc<NotificationHandle>,
    tx: UnboundedSender<Input>,
    body_click: Response,
) {
    let id = handle.id();
    handle
        .wait_for_action_async(|response| {
            let response = match response {
                NotificationResponse::Action(key) => match Response::action(key) {
                    Response::Default => body_click,
                    other => other,
                },
                NotificationResponse::Default => body_click,
                NotificationResponse::Closed(CloseReason::Dismissed) => Response::Dismissed,
                _ => Response::Closed,
            };
            let _ = tx.send(Input::Note(Note::Answer { id, response }));
        })
        .await;
}

/// Watches the bus for a notification server taking the name: a server started after
/// soleus, or one that crashed and came back. Reconnects with backoff when the bus goes.
async fn watch_server(tx: UnboundedSender<Input>) {
    let mut backoff = Backoff::new(Duration::from_secs(5), Duration::from_secs(300));
    loop {
        let started = tokio::time::Instant::now();
        let why = match watch_once(&tx).await {
            Ok(()) => return, // the daemon stopped listening
            Err(why) => why,
        };
        tracing::debug!("notification server watch: {why}");
        backoff.reset_if_ran(started.elapsed());
        crate::backoff::sleep(&mut backoff).await;
    }
}

async fn watch_once(tx: &UnboundedSender<Input>) -> Result<(), String> {
    let bus = zbus::Connection::session()
        .await
        .map_err(|e| format!("no session bus: {e}"))?;
    let dbus = zbus::fdo::DBusProxy::new(&bus)
        .await
        .map_err(|e| e.to_string())?;
    let mut changes = dbus
        .receive_name_owner_changed_with_args(&[(0, BUS_NAME)])
        .await
        .map_err(|e| e.to_string())?;
    while let Some(change) = changes.next().await {
        let appeared = change.args().is_ok_and(|a| a.new_owner().is_some());
        if appeared && tx.send(Input::Note(Note::ServerAppeared)).is_err() {
            return Ok(());
        }
    }
    Err("the session bus closed".to_owned())
}

/// Asks the notification server who it is and what it can do (also `soleus doctor`).
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

#[cfg(test)]
mod tests {
    use super::*;

    fn server(name: &str, capabilities: &[&str]) -> Server {
        Server {
            name: name.to_owned(),
            version: "1".to_owned(),
            capabilities: capabilities.iter().map(|c| (*c).to_owned()).collect(),
        }
    }

    #[test]
    fn each_server_gets_the_buttons_it_can_draw() {
        assert_eq!(
            server("gnome-shell", &["actions", "body"]).buttons(),
            Buttons::Three
        );
        assert_eq!(server("Plasma", &["actions"]).buttons(), Buttons::All);
        assert_eq!(
            server("dunst", &["body", "actions"]).buttons(),
            Buttons::All
        );
        // A server without actions (notify-osd, or mako built without them) gets none,
        // GNOME included.
        assert_eq!(server("gnome-shell", &["body"]).buttons(), Buttons::None);
        assert_eq!(server("notify-osd", &["body"]).buttons(), Buttons::None);
    }
}
