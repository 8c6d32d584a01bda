//! Real parts for the integration tests, one concept a module: the `soleus` binary in a
//! sandbox, a private bus, the daemon, the desktop it talks to (a notification server, and
//! all of it together), other desktop services, and how tests wait on them.

// Each test file uses a different part, so what one leaves unused another needs.
#![allow(dead_code, unused_imports)]

pub mod bus;
pub mod daemon;
pub mod desktop;
pub mod dnd;
pub mod dunst;
pub mod exit;
pub mod inhibit;
pub mod pipewire;
pub mod pointer;
pub mod readme;
pub mod sandbox;
pub mod services;
pub mod sway;
pub mod syncthing;
pub mod tool;
pub mod wait;
pub mod waybar;
pub mod xvfb;

pub use bus::Bus;
pub use daemon::{Daemon, fast_config};
pub use desktop::{Call, Desktop, Notifications};
pub use exit::output_within;
pub use sandbox::{Sandbox, stderr, stdout, uid};
pub use sway::Sway;
pub use wait::{first_line, within};
pub use xvfb::Xvfb;
