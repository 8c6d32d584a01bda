//! A user's hand on `KWin`, through `org_kde_kwin_fake_input` (`KWin` offers it to any client
//! when started with `KWIN_WAYLAND_NO_PERMISSION_CHECKS=1`; no Debian package has a client
//! for it). Reads commands on stdin and answers each with one line, "ok" or "err ...":
//!   move DX DY     relative pointer motion
//!   to X Y         absolute pointer position
//!   click          left button down and up
//! Used by tests/real-desktops/kde.sh; built as an example so `cargo build --examples`
//! makes it.

use std::io::BufRead;

use wayland_client::globals::{GlobalListContents, registry_queue_init};
use wayland_client::protocol::wl_registry;
use wayland_client::{Connection, Dispatch, QueueHandle};
use wayland_protocols_plasma::fake_input::client::org_kde_kwin_fake_input::OrgKdeKwinFakeInput;

/// evdev's left button.
const BTN_LEFT: u32 = 0x110;

struct State;

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for State {
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

wayland_client::delegate_noop!(State: ignore OrgKdeKwinFakeInput);

fn main() -> Result<(), String> {
    let conn = Connection::connect_to_env().map_err(|e| format!("no Wayland display: {e}"))?;
    let (globals, mut queue) =
        registry_queue_init::<State>(&conn).map_err(|e| format!("registry: {e}"))?;
    let qh = queue.handle();
    let fake: OrgKdeKwinFakeInput = globals
        .bind(&qh, 1..=4, ())
        .map_err(|e| format!("org_kde_kwin_fake_input: {e}"))?;
    fake.authenticate(
        "soleus tests".into(),
        "a user's hand in the KDE suite".into(),
    );
    queue
        .roundtrip(&mut State)
        .map_err(|e| format!("roundtrip: {e}"))?;
    println!("ready");
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| e.to_string())?;
        let words: Vec<&str> = line.split_whitespace().collect();
        let num = |i: usize| words.get(i).and_then(|w| w.parse::<f64>().ok());
        let answer = match (words.first().copied(), num(1), num(2)) {
            (Some("move"), Some(dx), Some(dy)) => {
                fake.pointer_motion(dx, dy);
                "ok"
            }
            (Some("to"), Some(x), Some(y)) => {
                fake.pointer_motion_absolute(x, y);
                "ok"
            }
            (Some("click"), ..) => {
                fake.button(BTN_LEFT, 1);
                fake.button(BTN_LEFT, 0);
                "ok"
            }
            _ => "err unknown command",
        };
        queue
            .roundtrip(&mut State)
            .map_err(|e| format!("roundtrip: {e}"))?;
        println!("{answer}");
    }
    Ok(())
}
