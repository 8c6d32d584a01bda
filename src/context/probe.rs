//! Each context source asked once, for `soleus doctor`: the same connections and reads the
//! daemon makes, so in the same session it says what the daemon would find.

use std::path::Path;

use super::inhibitors::Keeper;
use super::{Kind, camera, dunst, flag, fullscreen, gnome, kde, mako, mic, pulse, swaync, wlr};

/// One source: what it watches and its value now, or why it cannot work here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    pub kind: Kind,
    pub source: &'static str,
    pub result: Result<String, String>,
}

fn now(on: bool) -> &'static str {
    if on { "on now" } else { "off now" }
}

fn probe(kind: Kind, source: &'static str, result: Result<String, String>) -> Probe {
    Probe {
        kind,
        source,
        result,
    }
}

/// Asks every source; `session` is the session bus, if there is one; `mako_mode` is the
/// mako mode that means do-not-disturb.
pub async fn all(session: Option<&zbus::Connection>, mako_mode: &str) -> Vec<Probe> {
    let mut out = match session {
        Some(bus) => dnd(bus, mako_mode).await,
        // The session bus line of doctor says why in full.
        None => [flag::SOURCE, gnome::SOURCE, swaync::SOURCE, mako::SOURCE]
            .into_iter()
            .map(|source| probe(Kind::Dnd, source, Err("no session bus".to_owned())))
            .collect(),
    };
    out.extend(fullscreen());
    out.extend(inhibitors(session).await);
    out.extend(call());
    out
}

/// The idle inhibitors: logind's on the system bus (`DBUS_SYSTEM_BUS_ADDRESS` or the
/// usual socket), gnome-session's and KDE's power manager's on the session bus.
async fn inhibitors(session: Option<&zbus::Connection>) -> Vec<Probe> {
    let system = super::system_bus(None).await;
    let buses = [
        (Keeper::Logind, system.as_ref().map_err(Clone::clone)),
        (
            Keeper::Gnome,
            session.ok_or_else(|| "no session bus".to_owned()),
        ),
        (
            Keeper::Kde,
            session.ok_or_else(|| "no session bus".to_owned()),
        ),
    ];
    let mut out = Vec::new();
    for (keeper, bus) in buses {
        let result = match bus {
            Ok(bus) => match keeper.connect(bus).await {
                Ok(proxy) => keeper
                    .read(&proxy)
                    .await
                    .map(|on| format!("{}, {}", keeper.describe(), now(on))),
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        out.push(probe(Kind::Fullscreen, keeper.source(), result));
    }
    out
}

/// The do-not-disturb sources, all on the session bus.
async fn dnd(bus: &zbus::Connection, mako_mode: &str) -> Vec<Probe> {
    let server = match flag::detect(bus, &[dunst::PAUSED, kde::INHIBITED]).await {
        Ok((f, on)) => probe(
            Kind::Dnd,
            f.source,
            Ok(format!("{}, {}", f.describe(), now(on))),
        ),
        Err(e) => probe(Kind::Dnd, flag::SOURCE, Err(e)),
    };
    let gnome = match gnome::applies(&crate::presence::detect::SessionEnv::from_process()) {
        Ok(()) => gnome::read().await,
        Err(e) => Err(e),
    };
    let swaync = match swaync::connect(bus).await {
        Ok(p) => swaync::read(&p).await,
        Err(e) => Err(e),
    };
    let mako = mako::modes(bus).await.map(|m| {
        format!(
            "modes [{}], do-not-disturb is the mode {mako_mode:?}, {}, read when a reminder \
             is due",
            m.join(", "),
            now(mako::is_dnd(&m, mako_mode))
        )
    });
    vec![
        server,
        probe(
            Kind::Dnd,
            gnome::SOURCE,
            gnome.map(|on| format!("{}, {}", gnome::describe(), now(on))),
        ),
        probe(
            Kind::Dnd,
            swaync::SOURCE,
            swaync.map(|on| format!("{}, {}", swaync::describe(), now(on))),
        ),
        probe(Kind::Dnd, mako::SOURCE, mako),
    ]
}

fn fullscreen() -> Vec<Probe> {
    let mut out = Vec::new();
    let x11 = fullscreen::Fullscreen::connect(None)
        .map_err(|e| e.to_string())
        .and_then(|mut x| {
            let on = x.now()?;
            Ok(format!(
                "X display {:?}, _NET_WM_STATE_FULLSCREEN of the active window, {}",
                x.display,
                now(on)
            ))
        });
    out.push(probe(Kind::Fullscreen, fullscreen::SOURCE, x11));
    let wayland = wlr::Wlr::connect(None).map(|w| {
        format!(
            "Wayland display {:?}, zwlr_foreign_toplevel_manager_v1, {}",
            w.display,
            now(w.now())
        )
    });
    out.push(probe(Kind::Fullscreen, wlr::SOURCE, wayland));
    out
}

fn call() -> Vec<Probe> {
    let mut out = Vec::new();
    let proc_root = Path::new("/proc");
    out.push(probe(
        Kind::Call,
        mic::SOURCE,
        match mic::substreams(proc_root) {
            Ok(0) => Err("no ALSA capture device in /proc/asound".to_owned()),
            Ok(n) => Ok(format!(
                "{n} ALSA capture substream(s) in /proc/asound, read when a reminder is due"
            )),
            Err(e) => Err(format!("no ALSA sound card (/proc/asound: {e})")),
        },
    ));
    let socket = pulse::socket_from_env();
    let streams = socket.as_ref().map_err(ToString::to_string).and_then(|s| {
        pulse::capturing(s)
            .map(|c| (s, c.len()))
            .map_err(|e| e.to_string())
    });
    out.push(probe(
        Kind::Call,
        pulse::SOURCE,
        streams.map(|(s, n)| {
            format!(
                "{}: {n} microphone stream(s) now, read when a reminder is due",
                s.display()
            )
        }),
    ));
    out.push(probe(
        Kind::Call,
        camera::SOURCE,
        match camera::devices(Path::new("/dev")) {
            Ok(d) if d.is_empty() => Err("no /dev/video* device".to_owned()),
            Ok(d) => Ok(format!(
                "{}, users from /proc/*/fd when a reminder is due",
                d.iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Err(e) => Err(format!("/dev: {e}")),
        },
    ));
    out
}
