//! A fullscreen window in front on wlroots compositors (Sway, Hyprland, labwc, river,
//! Wayfire...): `zwlr_foreign_toplevel_manager_v1` tells about every window and its state,
//! `activated` and `fullscreen` among them, and sends each change as it happens. Fullscreen
//! means the activated window is fullscreen. GNOME and KDE do not offer this protocol.

use std::collections::HashMap;
use std::os::unix::net::UnixStream;
use std::path::Path;

use tokio::sync::mpsc::UnboundedSender;
use wayland_client::backend::ObjectId;
use wayland_client::globals::{GlobalListContents, registry_queue_init};
use wayland_client::protocol::wl_registry;
use wayland_client::{Connection, Dispatch, EventQueue, Proxy, QueueHandle, event_created_child};
use wayland_protocols_wlr::foreign_toplevel::v1::client::{
    zwlr_foreign_toplevel_handle_v1 as handle, zwlr_foreign_toplevel_manager_v1 as manager,
};

use super::{ContextReport, Kind};

pub const SOURCE: &str = "wlroots";

/// Every window's state as of its last `done`, and what is pending until the next one.
#[derive(Debug, Default)]
struct Toplevels {
    /// (activated, fullscreen) by window.
    pending: HashMap<ObjectId, (bool, bool)>,
    current: HashMap<ObjectId, (bool, bool)>,
    /// The manager said it will send no more (the compositor is going away).
    finished: bool,
}

impl Toplevels {
    fn fullscreen(&self) -> bool {
        self.current
            .values()
            .any(|&(activated, fullscreen)| activated && fullscreen)
    }
}

/// A compositor connection listening to its windows.
pub struct Wlr {
    conn: Connection,
    queue: EventQueue<Toplevels>,
    toplevels: Toplevels,
    /// What was connected to, for the view and doctor.
    pub display: String,
}

impl std::fmt::Debug for Wlr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Wlr")
            .field("display", &self.display)
            .finish_non_exhaustive()
    }
}

impl Wlr {
    /// Connects to the compositor at `socket` (`None`: `WAYLAND_DISPLAY`) and reads the
    /// windows there now.
    pub fn connect(socket: Option<&Path>) -> Result<Self, String> {
        let display = socket.map_or_else(
            || std::env::var("WAYLAND_DISPLAY").unwrap_or_default(),
            |p| p.display().to_string(),
        );
        let fail = |e: &dyn std::fmt::Display| format!("Wayland display {display:?}: {e}");
        let conn = match socket {
            Some(path) => Connection::from_socket(UnixStream::connect(path).map_err(|e| fail(&e))?),
            None => Connection::connect_to_env(),
        }
        .map_err(|e| fail(&e))?;
        let (globals, mut queue) = registry_queue_init::<Toplevels>(&conn).map_err(|e| fail(&e))?;
        let qh = queue.handle();
        globals
            .bind::<manager::ZwlrForeignToplevelManagerV1, _, _>(&qh, 1..=3, ())
            .map_err(|_| fail(&"the compositor does not offer zwlr_foreign_toplevel_manager_v1"))?;
        let mut toplevels = Toplevels::default();
        // Twice: the windows are announced, then their states.
        queue.roundtrip(&mut toplevels).map_err(|e| fail(&e))?;
        queue.roundtrip(&mut toplevels).map_err(|e| fail(&e))?;
        Ok(Self {
            conn,
            queue,
            toplevels,
            display,
        })
    }

    /// Whether the activated window is fullscreen now (for `soleus doctor`).
    pub fn now(&self) -> bool {
        self.toplevels.fullscreen()
    }

    /// Reports fullscreen on and off until the compositor goes away; returns why.
    pub async fn run(mut self, tx: &UnboundedSender<ContextReport>) -> String {
        let mut last = self.toplevels.fullscreen();
        let _ = tx.send(ContextReport::source(
            SOURCE,
            Kind::Fullscreen,
            Ok(format!(
                "Wayland display {:?}, zwlr_foreign_toplevel_manager_v1 activated and fullscreen",
                self.display
            )),
        ));
        let _ = tx.send(ContextReport::reading(SOURCE, Kind::Fullscreen, last));
        let mut stopped = false;
        let pumped = crate::presence::wayland::pump(
            &self.conn,
            &mut self.queue,
            &mut self.toplevels,
            |toplevels| {
                let on = toplevels.fullscreen();
                if on != last {
                    last = on;
                    stopped = tx
                        .send(ContextReport::reading(SOURCE, Kind::Fullscreen, on))
                        .is_err();
                }
                !stopped && !toplevels.finished
            },
        )
        .await;
        match pumped {
            Err(e) => format!("Wayland display {:?}: {e}", self.display),
            Ok(()) if stopped => "the daemon stopped".to_owned(),
            Ok(()) => format!(
                "Wayland display {:?}: the compositor finished",
                self.display
            ),
        }
    }
}

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for Toplevels {
    fn event(
        _: &mut Self,
        _: &wl_registry::WlRegistry,
        _: wl_registry::Event,
        _: &GlobalListContents,
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
    }
}

impl Dispatch<manager::ZwlrForeignToplevelManagerV1, ()> for Toplevels {
    fn event(
        state: &mut Self,
        _: &manager::ZwlrForeignToplevelManagerV1,
        event: manager::Event,
        (): &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        // New windows arrive as `Toplevel` and are followed through their own handle.
        if let manager::Event::Finished = event {
            state.finished = true;
        }
    }

    event_created_child!(Toplevels, manager::ZwlrForeignToplevelManagerV1, [
        manager::EVT_TOPLEVEL_OPCODE => (handle::ZwlrForeignToplevelHandleV1, ()),
    ]);
}

impl Dispatch<handle::ZwlrForeignToplevelHandleV1, ()> for Toplevels {
    fn event(
        state: &mut Self,
        window: &handle::ZwlrForeignToplevelHandleV1,
        event: handle::Event,
        (): &(),
        _: &Connection,
        _: &QueueHandle<Self>,
    ) {
        match event {
            handle::Event::State { state: flags } => {
                // An array of native-endian u32 state values.
                let has = |wanted: handle::State| {
                    flags
                        .chunks_exact(4)
                        .filter_map(|c| <[u8; 4]>::try_from(c).ok())
                        .any(|c| u32::from_ne_bytes(c) == wanted as u32)
                };
                state.pending.insert(
                    window.id(),
                    (
                        has(handle::State::Activated),
                        has(handle::State::Fullscreen),
                    ),
                );
            }
            handle::Event::Done => {
                let now = state.pending.get(&window.id()).copied().unwrap_or_default();
                state.current.insert(window.id(), now);
            }
            handle::Event::Closed => {
                state.pending.remove(&window.id());
                state.current.remove(&window.id());
                window.destroy();
            }
            _ => {}
        }
    }
}
