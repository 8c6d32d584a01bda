//! X11 idle time from the MIT-SCREEN-SAVER extension, over x11rb's pure-Rust connection
//! (no libXss). The X server has no "user went idle" event short of running a screensaver,
//! so this source is polled, through [`super::poll::Poller`].

use std::time::Duration;

use x11rb::connection::{Connection, RequestConnection};
use x11rb::protocol::screensaver;
use x11rb::rust_connection::RustConnection;

/// A connection to the X server of `DISPLAY`.
#[derive(Debug)]
pub struct X11 {
    conn: RustConnection,
    root: u32,
    pub display: String,
}

impl X11 {
    /// Connects to `DISPLAY` and checks that the server can tell idle time.
    pub fn connect() -> Result<Self, String> {
        let display = std::env::var("DISPLAY").unwrap_or_default();
        let (conn, screen) = x11rb::connect(None)
            .map_err(|e| format!("cannot connect to X display {display:?}: {e}"))?;
        let root = conn
            .setup()
            .roots
            .get(screen)
            .map(|s| s.root)
            .ok_or_else(|| format!("X display {display:?} has no screen {screen}"))?;
        match conn.extension_information(screensaver::X11_EXTENSION_NAME) {
            Ok(Some(_)) => {}
            Ok(None) => {
                return Err(format!(
                    "X display {display:?} lacks the MIT-SCREEN-SAVER extension, which tells idle time"
                ));
            }
            Err(e) => return Err(format!("X display {display:?}: {e}")),
        }
        let x = Self {
            conn,
            root,
            display,
        };
        x.idle_time()?;
        Ok(x)
    }

    /// Time since the last keyboard or pointer input.
    pub fn idle_time(&self) -> Result<Duration, String> {
        let fail = |e: &dyn std::fmt::Display| format!("X display {:?}: {e}", self.display);
        let reply = screensaver::query_info(&self.conn, self.root)
            .map_err(|e| fail(&e))?
            .reply()
            .map_err(|e| fail(&e))?;
        Ok(Duration::from_millis(u64::from(reply.ms_since_user_input)))
    }
}
