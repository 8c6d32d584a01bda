//! A fullscreen window in front, on X11: the window manager names the active window in
//! the root window's `_NET_ACTIVE_WINDOW` and marks a fullscreen one with
//! `_NET_WM_STATE_FULLSCREEN` in its `_NET_WM_STATE` (EWMH). Both are properties, so
//! `PropertyNotify` on the root and on the active window say when either changes: the
//! task sleeps on the X connection's socket and wakes only for those events.

use std::os::fd::AsRawFd;

use tokio::io::unix::AsyncFd;
use tokio::sync::mpsc::UnboundedSender;
use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::xproto::{
    AtomEnum, ChangeWindowAttributesAux, ConnectionExt as _, EventMask, Window,
};
use x11rb::rust_connection::RustConnection;

use super::{ContextReport, Kind};

pub const SOURCE: &str = "x11";

#[derive(Debug, thiserror::Error)]
pub enum FullscreenError {
    #[error("cannot connect to X display {display:?}: {source}")]
    Connect {
        display: String,
        source: x11rb::errors::ConnectError,
    },
    #[error("X display {display:?}: {what}")]
    Protocol { display: String, what: String },
}

/// The atoms this watch reads.
#[derive(Debug, Clone, Copy)]
struct Atoms {
    active: u32,
    state: u32,
    fullscreen: u32,
}

/// A connection to an X server, watching its root window.
#[derive(Debug)]
pub struct Fullscreen {
    conn: RustConnection,
    root: Window,
    atoms: Atoms,
    pub display: String,
    /// The active window whose state is watched (0: none).
    active: Window,
}

impl Fullscreen {
    /// Connects to `display` (`None`: `DISPLAY`) and starts listening on its root window.
    pub fn connect(display: Option<&str>) -> Result<Self, FullscreenError> {
        let name = display
            .map(str::to_owned)
            .or_else(|| std::env::var("DISPLAY").ok())
            .unwrap_or_default();
        let (conn, screen) =
            x11rb::connect(display).map_err(|source| FullscreenError::Connect {
                display: name.clone(),
                source,
            })?;
        let proto = |e: &dyn std::fmt::Display| FullscreenError::Protocol {
            display: name.clone(),
            what: e.to_string(),
        };
        let root = conn
            .setup()
            .roots
            .get(screen)
            .map(|s| s.root)
            .ok_or_else(|| proto(&format!("no screen {screen}")))?;
        let intern = |n: &[u8]| -> Result<u32, FullscreenError> {
            Ok(conn
                .intern_atom(false, n)
                .map_err(|e| proto(&e))?
                .reply()
                .map_err(|e| proto(&e))?
                .atom)
        };
        let atoms = Atoms {
            active: intern(b"_NET_ACTIVE_WINDOW")?,
            state: intern(b"_NET_WM_STATE")?,
            fullscreen: intern(b"_NET_WM_STATE_FULLSCREEN")?,
        };
        listen(&conn, root, EventMask::PROPERTY_CHANGE).map_err(|e| proto(&e))?;
        Ok(Self {
            conn,
            root,
            atoms,
            display: name,
            active: 0,
        })
    }

    fn error(&self, e: &dyn std::fmt::Display) -> String {
        format!("X display {:?}: {e}", self.display)
    }

    /// The active window now (0 when the window manager names none, or there is none).
    fn active_window(&self) -> Result<Window, String> {
        let reply = self
            .conn
            .get_property(false, self.root, self.atoms.active, AtomEnum::WINDOW, 0, 1)
            .map_err(|e| self.error(&e))?
            .reply()
            .map_err(|e| self.error(&e))?;
        Ok(reply.value32().and_then(|mut v| v.next()).unwrap_or(0))
    }

    /// Whether `window` is fullscreen; a window gone meanwhile is not.
    fn is_fullscreen(&self, window: Window) -> Result<bool, String> {
        if window == 0 {
            return Ok(false);
        }
        let cookie = self
            .conn
            .get_property(false, window, self.atoms.state, AtomEnum::ATOM, 0, 64)
            .map_err(|e| self.error(&e))?;
        Ok(match cookie.reply() {
            Ok(reply) => reply
                .value32()
                .is_some_and(|mut atoms| atoms.any(|a| a == self.atoms.fullscreen)),
            // BadWindow: it closed between the two reads.
            Err(x11rb::errors::ReplyError::X11Error(_)) => false,
            Err(e) => return Err(self.error(&e)),
        })
    }

    /// Follows the active window: listens to its properties instead of the last one's.
    fn follow_active(&mut self) -> Result<bool, String> {
        let active = self.active_window()?;
        if active != self.active {
            // The old window may be gone: an error here is of no interest.
            if self.active != 0 {
                let _ = listen(&self.conn, self.active, EventMask::NO_EVENT);
            }
            if active != 0 {
                let _ = listen(&self.conn, active, EventMask::PROPERTY_CHANGE);
            }
            self.active = active;
        }
        self.conn.flush().map_err(|e| self.error(&e))?;
        self.is_fullscreen(active)
    }

    /// Whether the active window is fullscreen now (for `soleus doctor`).
    pub fn now(&mut self) -> Result<bool, String> {
        self.follow_active()
    }

    /// Reports fullscreen on and off until the X connection fails; returns why.
    pub async fn run(mut self, tx: &UnboundedSender<ContextReport>) -> String {
        // `AsyncFd::new` is deprecated because nothing stops the fd from closing while it
        // is registered; here it cannot: the connection owning it outlives `fd` (a local,
        // dropped before `self`). Its replacement, `register`, is `unsafe`, which this
        // crate forbids.
        #[allow(deprecated)]
        let fd = match AsyncFd::new(self.conn.stream().as_raw_fd()) {
            Ok(fd) => fd,
            Err(e) => return self.error(&e),
        };
        let mut last = match self.follow_active() {
            Ok(on) => on,
            Err(e) => return e,
        };
        let _ = tx.send(ContextReport::source(
            SOURCE,
            Kind::Fullscreen,
            Ok(format!(
                "X display {:?}, _NET_ACTIVE_WINDOW and _NET_WM_STATE_FULLSCREEN, PropertyNotify",
                self.display
            )),
        ));
        let _ = tx.send(ContextReport::reading(SOURCE, Kind::Fullscreen, last));
        loop {
            // Replies read while following the active window may have queued events too:
            // drain until nothing relevant is left, then sleep on the socket.
            loop {
                match self.drain() {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => return e,
                }
                let on = match self.follow_active() {
                    Ok(on) => on,
                    Err(e) => return e,
                };
                if on != last {
                    last = on;
                    if tx
                        .send(ContextReport::reading(SOURCE, Kind::Fullscreen, on))
                        .is_err()
                    {
                        return "the daemon stopped".to_owned();
                    }
                }
            }
            match fd.readable().await {
                // Cleared before the next drain reads, so bytes arriving meanwhile wake
                // the next await instead of being missed.
                Ok(mut guard) => guard.clear_ready(),
                Err(e) => return self.error(&e),
            }
        }
    }

    /// Takes every event that has arrived; says whether one of them may change the answer.
    fn drain(&self) -> Result<bool, String> {
        let mut changed = false;
        while let Some(event) = self.conn.poll_for_event().map_err(|e| self.error(&e))? {
            if let Event::PropertyNotify(e) = event {
                changed |= (e.window == self.root && e.atom == self.atoms.active)
                    || (e.window == self.active && e.atom == self.atoms.state);
            }
        }
        Ok(changed)
    }
}

/// Sets the events this client hears from `window`.
fn listen(conn: &RustConnection, window: Window, mask: EventMask) -> Result<(), String> {
    conn.change_window_attributes(window, &ChangeWindowAttributesAux::new().event_mask(mask))
        .map_err(|e| e.to_string())?
        .check()
        .map_err(|e| e.to_string())
}
