//! Do-not-disturb as desktops keep it, for the desktops that cannot run here: KDE Plasma's
//! notification server (its `Inhibited` property), swaync's control center, and mako's
//! modes. Each speaks the real name, path, interface and signals on a private bus, and a
//! test flips it as the desktop would. GNOME's setting needs no stand-in: [`Dconf`] runs
//! the real dconf-service, and `gsettings` writes and reads through it.

use zbus::object_server::SignalEmitter;

use super::bus::{serve, served};

// ---- KDE Plasma: org.freedesktop.Notifications with Inhibited ----

struct Plasma {
    inhibited: bool,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Plasma {
    #[zbus(property)]
    fn inhibited(&self) -> bool {
        self.inhibited
    }
}

/// Plasma's notification server, as far as its do-not-disturb goes.
pub struct PlasmaNotifications {
    connection: zbus::Connection,
}

const NOTIFICATIONS: &str = "/org/freedesktop/Notifications";

impl PlasmaNotifications {
    pub async fn start(address: &str, inhibited: bool) -> Self {
        let connection = serve(
            address,
            "org.freedesktop.Notifications",
            NOTIFICATIONS,
            Plasma { inhibited },
        )
        .await;
        Self { connection }
    }

    /// Turns do-not-disturb on or off, announcing it as Plasma does.
    pub async fn set_inhibited(&self, on: bool) {
        let iface = served::<Plasma>(&self.connection, NOTIFICATIONS).await;
        let mut plasma = iface.get_mut().await;
        plasma.inhibited = on;
        plasma
            .inhibited_changed(iface.signal_emitter())
            .await
            .expect("emit PropertiesChanged");
    }
}

// ---- mako: fr.emersion.Mako ----

struct MakoModes {
    modes: Vec<String>,
}

#[zbus::interface(name = "fr.emersion.Mako")]
impl MakoModes {
    fn list_modes(&self) -> Vec<String> {
        self.modes.clone()
    }
}

/// mako, as far as its modes go (it owns the notification server's name).
pub struct Mako {
    connection: zbus::Connection,
}

const MAKO: &str = "/fr/emersion/Mako";

impl Mako {
    pub async fn start(address: &str, modes: &[&str]) -> Self {
        let connection = serve(
            address,
            "org.freedesktop.Notifications",
            MAKO,
            MakoModes {
                modes: modes.iter().map(|m| (*m).to_owned()).collect(),
            },
        )
        .await;
        Self { connection }
    }

    /// What `makoctl mode -s MODES` does.
    pub async fn set_modes(&self, modes: &[&str]) {
        let iface = served::<MakoModes>(&self.connection, MAKO).await;
        iface.get_mut().await.modes = modes.iter().map(|m| (*m).to_owned()).collect();
    }
}

// ---- swaync: org.erikreider.swaync.cc ----

struct SwayncCc {
    dnd: bool,
}

#[zbus::interface(name = "org.erikreider.swaync.cc")]
impl SwayncCc {
    fn get_dnd(&self) -> bool {
        self.dnd
    }

    /// swaync 0.7-0.9's form: count, dnd, control center open.
    #[zbus(signal)]
    async fn subscribe(
        emitter: &SignalEmitter<'_>,
        count: u32,
        dnd: bool,
        cc_open: bool,
    ) -> zbus::Result<()>;
}

/// swaync's control center, as far as its DND goes.
pub struct Swaync {
    connection: zbus::Connection,
}

const SWAYNC: &str = "/org/erikreider/swaync/cc";

impl Swaync {
    pub async fn start(address: &str, dnd: bool) -> Self {
        let connection = serve(
            address,
            "org.erikreider.swaync.cc",
            SWAYNC,
            SwayncCc { dnd },
        )
        .await;
        Self { connection }
    }

    /// What `swaync-client --dnd-on` / `--dnd-off` does, announced as swaync does.
    pub async fn set_dnd(&self, dnd: bool) {
        let iface = served::<SwayncCc>(&self.connection, SWAYNC).await;
        iface.get_mut().await.dnd = dnd;
        SwayncCc::subscribe(iface.signal_emitter(), 0, dnd, false)
            .await
            .expect("emit Subscribe");
    }
}

// ---- GNOME: the real dconf-service and gsettings ----

/// The real dconf-service on a private bus, keeping its database in a test's folder, and
/// `gsettings` run against it, as a GNOME session has them.
pub struct Dconf {
    child: std::process::Child,
    env: Vec<(&'static str, String)>,
}

impl Dconf {
    pub fn start(dir: &std::path::Path, address: &str) -> Self {
        let config = dir.join("config");
        let runtime = dir.join("run");
        for d in [&config, &runtime] {
            std::fs::create_dir_all(d).expect("dconf folders");
        }
        let env = vec![
            ("DBUS_SESSION_BUS_ADDRESS", address.to_owned()),
            ("XDG_CONFIG_HOME", config.display().to_string()),
            ("XDG_RUNTIME_DIR", runtime.display().to_string()),
        ];
        let child = std::process::Command::new("/usr/libexec/dconf-service")
            .envs(env.iter().map(|(k, v)| (k, v)))
            .spawn()
            .expect("dconf-service runs (tests/setup.sh installs it)");
        Self { child, env }
    }

    /// `gsettings`, with this dconf's bus and folders.
    pub fn gsettings(&self) -> std::process::Command {
        let mut command = std::process::Command::new("gsettings");
        command.envs(self.env.iter().map(|(k, v)| (k, v)));
        command
    }

    /// What GNOME's do-not-disturb switch does: `gsettings set
    /// org.gnome.desktop.notifications show-banners VALUE`.
    pub fn set_show_banners(&self, shown: bool) {
        let value = if shown { "true" } else { "false" };
        super::tool::succeed(
            self.gsettings(),
            "gsettings",
            &[
                "set",
                "org.gnome.desktop.notifications",
                "show-banners",
                value,
            ],
        );
    }
}

impl Drop for Dconf {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
