//! GNOME's do-not-disturb: the setting `org.gnome.desktop.notifications show-banners`,
//! false while DND is on (the switch in GNOME's message list sets it). Read with
//! `gsettings get`, the way GNOME Shell itself reads it (`GSettings` over dconf: the user's
//! value, else the system's default), at start and again at each
//! `ca.desrt.dconf.Writer.Notify` for that key: dconf-service announces every write on the
//! session bus. Why not the settings portal: xdg-desktop-portal-gnome serves only a fixed
//! list of namespaces, and this one is not among them. Why not a dconf reader: its `GVariant`
//! library would be a second one in the binary, while `gsettings` comes with every GNOME
//! Shell (libglib2.0-bin) and runs only at start and when the key changes. Only in a GNOME
//! session: the key outlives a GNOME session, and DND left on there must not hold
//! reminders on another desktop.

use std::process::Command;

use futures_lite::StreamExt;
use tokio::sync::mpsc::UnboundedSender;

use super::{ContextReport, Kind};
use crate::presence::detect::SessionEnv;

pub const SOURCE: &str = "gnome";
pub const SCHEMA: &str = "org.gnome.desktop.notifications";
pub const KEY: &str = "show-banners";
/// The key as dconf names it, in the writer's change signal.
const DCONF_KEY: &str = "/org/gnome/desktop/notifications/show-banners";
const WRITER: &str = "ca.desrt.dconf.Writer";
const WRITER_PATH: &str = "/ca/desrt/dconf/Writer/user";

pub fn describe() -> String {
    format!("{SCHEMA} {KEY} through gsettings, {WRITER}.Notify")
}

/// Whether this is a GNOME session; why not otherwise.
pub fn applies(session: &SessionEnv) -> Result<(), String> {
    if session.is_gnome() {
        Ok(())
    } else if session.desktop.is_empty() {
        Err("not a GNOME session (no XDG_CURRENT_DESKTOP)".to_owned())
    } else {
        Err(format!(
            "not a GNOME session (XDG_CURRENT_DESKTOP={})",
            session.desktop
        ))
    }
}

/// Whether DND is on now, asking `gsettings`.
pub async fn read() -> Result<bool, String> {
    read_with(|| Command::new("gsettings")).await
}

/// Whether DND is on now, asking the `gsettings` that `command` makes (a test's sets its
/// own bus and folders).
pub async fn read_with(command: impl Fn() -> Command) -> Result<bool, String> {
    let mut gsettings = command();
    gsettings.args(["get", SCHEMA, KEY]);
    let output = tokio::task::spawn_blocking(move || gsettings.output())
        .await
        .map_err(|e| format!("gsettings: {e}"))?
        .map_err(|e| format!("cannot run gsettings ({e}); GNOME brings it (libglib2.0-bin)"))?;
    let out = String::from_utf8_lossy(&output.stdout);
    match out.trim() {
        "true" => Ok(false),
        "false" => Ok(true),
        _ if !output.status.success() => Err(format!(
            "gsettings get {SCHEMA} {KEY}: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        other => Err(format!("{SCHEMA} {KEY} is not a boolean: {other}")),
    }
}

/// The writer's change signals. (An `arg0path` match would leave the others to the bus,
/// but zbus takes its value as an object path, which a key with a `-` is not.)
fn rule() -> zbus::Result<zbus::MatchRule<'static>> {
    zbus::MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .interface(WRITER)
        .member("Notify")
        .path(WRITER_PATH)
        .build()
}

/// Whether a `Notify` may concern the key: its first argument is the key itself or a
/// folder above it (a write of several keys, a reset of the folder).
fn concerns(message: &zbus::Message) -> bool {
    message
        .body()
        .deserialize::<(String, Vec<String>, String)>()
        .is_ok_and(|(prefix, _, _)| DCONF_KEY.starts_with(&prefix))
}

/// Reports the setting until the bus fails; returns why.
pub async fn watch(
    bus: &zbus::Connection,
    session: &SessionEnv,
    tx: &UnboundedSender<ContextReport>,
) -> String {
    watch_with(bus, session, tx, || Command::new("gsettings")).await
}

/// [`watch`], with `gsettings` made by `command`.
pub async fn watch_with(
    bus: &zbus::Connection,
    session: &SessionEnv,
    tx: &UnboundedSender<ContextReport>,
    command: impl Fn() -> Command,
) -> String {
    let closed = || format!("{SOURCE}: the bus connection closed");
    // Subscribed before the first read, so a change while reading is not lost.
    let mut changes = match rule() {
        Ok(rule) => match zbus::MessageStream::for_match_rule(rule, bus, None).await {
            Ok(stream) => stream,
            Err(e) => return format!("{SOURCE}: {e}"),
        },
        Err(e) => return format!("{SOURCE}: {e}"),
    };
    if let Err(why) = applies(session) {
        let _ = tx.send(ContextReport::source(SOURCE, Kind::Dnd, Err(why)));
        // Nothing to read: this ends with the bus, like the other watches on it.
        while changes.next().await.is_some() {}
        return closed();
    }
    let mut last: Option<Result<bool, String>> = None;
    loop {
        let now = read_with(&command).await;
        if last.as_ref() != Some(&now) {
            match &now {
                Ok(on) => {
                    if !matches!(last, Some(Ok(_))) {
                        let _ = tx.send(ContextReport::source(SOURCE, Kind::Dnd, Ok(describe())));
                    }
                    let _ = tx.send(ContextReport::reading(SOURCE, Kind::Dnd, *on));
                }
                Err(why) => {
                    let _ = tx.send(ContextReport::source(SOURCE, Kind::Dnd, Err(why.clone())));
                }
            }
            last = Some(now);
        }
        loop {
            match changes.next().await {
                None => return closed(),
                Some(Ok(message)) if concerns(&message) => break,
                Some(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notify(prefix: &str, changes: &[&str]) -> zbus::Message {
        zbus::Message::signal(WRITER_PATH, WRITER, "Notify")
            .build(&(prefix, changes.to_vec(), "tag"))
            .expect("a valid message")
    }

    #[test]
    fn a_change_of_the_key_or_a_folder_above_it_concerns_it() {
        assert!(concerns(&notify(DCONF_KEY, &[""])));
        assert!(concerns(&notify(
            "/org/gnome/desktop/notifications/",
            &["show-banners", "show-in-lock-screen"]
        )));
        assert!(concerns(&notify("/", &[""])), "a reset of everything");
        assert!(!concerns(&notify(
            "/org/gnome/desktop/interface/color-scheme",
            &[""]
        )));
        assert!(!concerns(&notify(
            "/org/gnome/desktop/notifications/application/",
            &["org-gnome-evolution/enable"]
        )));
    }
}
