//! A pointer for the headless Sway, which has no input devices: a virtual one through
//! wlroots' `zwlr_virtual_pointer_v1` protocol, as `wtype` is a virtual keyboard. Sway
//! treats it as a real mouse: clients under it get enter, motion and button events.

use std::os::unix::net::UnixStream;

use wayland_client::globals::{GlobalListContents, registry_queue_init};
use wayland_client::protocol::{wl_pointer, wl_registry, wl_seat};
use wayland_client::{Connection, Dispatch, EventQueue, QueueHandle};
use wayland_protocols_wlr::virtual_pointer::v1::client::{
    zwlr_virtual_pointer_manager_v1::ZwlrVirtualPointerManagerV1,
    zwlr_virtual_pointer_v1::ZwlrVirtualPointerV1,
};

use super::Sway;

/// Linux's codes for the buttons (`BTN_LEFT`, `BTN_RIGHT`).
pub const LEFT: u32 = 0x110;
pub const RIGHT: u32 = 0x111;

struct Events;

impl Dispatch<wl_registry::WlRegistry, GlobalListContents> for Events {
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

wayland_client::delegate_noop!(Events: ignore wl_seat::WlSeat);
wayland_client::delegate_noop!(Events: ZwlrVirtualPointerManagerV1);
wayland_client::delegate_noop!(Events: ZwlrVirtualPointerV1);

/// A mouse on Sway's 640x480 output.
pub struct Pointer {
    queue: EventQueue<Events>,
    device: ZwlrVirtualPointerV1,
    start: std::time::Instant,
    clicked: Option<std::time::Instant>,
}

/// GTK ignores a button released within 500 ms of the click that opened a menu (a press,
/// drag and release picks an entry; a quick click only opens it). A hand is never faster
/// than this between two clicks.
const BETWEEN_CLICKS: std::time::Duration = std::time::Duration::from_millis(600);

impl Pointer {
    pub fn new(sway: &Sway) -> Self {
        let stream = UnixStream::connect(sway.socket()).expect("sway's socket");
        let conn = Connection::from_socket(stream).expect("a Wayland connection");
        let (globals, mut queue) = registry_queue_init::<Events>(&conn).expect("globals");
        let qh = queue.handle();
        let seat: wl_seat::WlSeat = globals.bind(&qh, 1..=7, ()).expect("a seat");
        let manager: ZwlrVirtualPointerManagerV1 = globals
            .bind(&qh, 1..=2, ())
            .expect("sway offers zwlr_virtual_pointer_manager_v1");
        let pointer = manager.create_virtual_pointer(Some(&seat), &qh, ());
        queue.roundtrip(&mut Events).expect("roundtrip");
        Self {
            queue,
            device: pointer,
            start: std::time::Instant::now(),
            clicked: None,
        }
    }

    /// Event times in milliseconds, from a real clock: GTK compares them (a menu ignores a
    /// release that comes too soon after the click that opened it).
    fn tick(&self) -> u32 {
        u32::try_from(self.start.elapsed().as_millis()).unwrap_or(u32::MAX)
    }

    /// Moves to (`x`, `y`) and clicks `button` there.
    pub fn click(&mut self, x: u32, y: u32, button: u32) {
        if let Some(wait) = self
            .clicked
            .and_then(|last| BETWEEN_CLICKS.checked_sub(last.elapsed()))
        {
            std::thread::sleep(wait);
        }
        self.clicked = Some(std::time::Instant::now());
        self.move_to(x, y);
        for state in [
            wl_pointer::ButtonState::Pressed,
            wl_pointer::ButtonState::Released,
        ] {
            let t = self.tick();
            self.device.button(t, button, state);
            self.device.frame();
        }
        self.queue.roundtrip(&mut Events).expect("roundtrip");
    }

    /// Moves to (`x`, `y`), from a few pixels away, as a hand does.
    pub fn move_to(&mut self, x: u32, y: u32) {
        for (x, y) in [(x.saturating_sub(3), y.saturating_sub(3)), (x, y)] {
            let t = self.tick();
            self.device.motion_absolute(t, x, y, 640, 480);
            self.device.frame();
        }
        self.queue.roundtrip(&mut Events).expect("roundtrip");
    }
}
