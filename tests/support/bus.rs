//! A private D-Bus bus, so that tests never touch the session or system bus of whoever
//! runs them.

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use zbus::object_server::{Interface, InterfaceRef};

use super::wait::first_line;

/// A private session bus with no service activation.
pub struct Bus {
    child: Child,
    pub address: String,
}

impl Bus {
    pub fn start(dir: &Path) -> Self {
        let socket = dir.join("bus.sock");
        let config = dir.join("bus.conf");
        fs::write(
            &config,
            format!(
                "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\" \
                 \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n\
                 <busconfig><type>session</type><listen>unix:path={}</listen><auth>EXTERNAL</auth>\
                 <policy context=\"default\"><allow send_destination=\"*\" eavesdrop=\"true\"/>\
                 <allow eavesdrop=\"true\"/><allow own=\"*\"/></policy></busconfig>",
                socket.display()
            ),
        )
        .expect("bus config");
        let mut child = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", config.display()))
            .args(["--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon runs (it is on every machine)");
        // The address line is the bus's readiness signal.
        let address = first_line(&mut child, "bus address").trim().to_owned();
        Self { child, address }
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A connection to the bus at `address` that serves `iface` at `path` under the
/// well-known `name`, as the real service would.
pub async fn serve<I: Interface>(
    address: &str,
    name: &str,
    path: &str,
    iface: I,
) -> zbus::Connection {
    zbus::connection::Builder::address(address)
        .serve_at(path, iface)
        .name(name)
        .build()
        .await
        .unwrap_or_else(|e| panic!("{name} on the private bus: {e}"))
}

/// What `connection` serves at `path` as `I`: how a test service reaches its own object to
/// change its state or emit its signals.
pub async fn served<I: Interface>(connection: &zbus::Connection, path: &str) -> InterfaceRef<I> {
    connection
        .object_server()
        .interface::<_, I>(path)
        .await
        .unwrap_or_else(|e| panic!("nothing served at {path}: {e}"))
}
