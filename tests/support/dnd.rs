//! Do-not-disturb as desktops keep it, for the desktops that cannot run here: KDE Plasma's
//! notification server (its `Inhibited` property), the settings portal GNOME's setting is
//! read through, swaync's control center, and mako's modes. Each speaks the real name, path, interface and signals
//! on a private bus, and a test flips it as the desktop would.

use zbus::OwnedVariant;
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

// ---- xdg-desktop-portal: org.freedesktop.portal.Settings ----

struct Settings {
    show_banners: bool,
}

#[zbus::interface(name = "org.freedesktop.portal.Settings")]
impl Settings {
    fn read_one(&self, namespace: &str, key: &str) -> zbus::fdo::Result<OwnedVariant> {
        if (namespace, key) == ("org.gnome.desktop.notifications", "show-banners") {
            Ok(OwnedVariant::from(self.show_banners))
        } else {
            Err(zbus::fdo::Error::Failed(format!(
                "Requested setting {namespace} {key} not found"
            )))
        }
    }

    #[zbus(signal)]
    async fn setting_changed(
        emitter: &SignalEmitter<'_>,
        namespace: &str,
        key: &str,
        value: zbus::Variant<'_>,
    ) -> zbus::Result<()>;
}

/// A settings portal older than `ReadOne` (xdg-desktop-portal before 1.15, as in Ubuntu
/// 22.04): only `Read`, whose value comes wrapped in one more variant.
struct SettingsV1 {
    show_banners: bool,
}

#[zbus::interface(name = "org.freedesktop.portal.Settings")]
impl SettingsV1 {
    fn read(&self, namespace: &str, key: &str) -> zbus::fdo::Result<OwnedVariant> {
        let _ = (namespace, key);
        let inner = zbus::Variant::from(self.show_banners);
        OwnedVariant::try_from(zbus::Variant::Variant(Box::new(inner)))
            .map_err(|e| zbus::fdo::Error::Failed(e.to_string()))
    }
}

/// The settings portal, serving GNOME's `show-banners`.
pub struct Portal {
    connection: zbus::Connection,
}

const PORTAL: &str = "/org/freedesktop/portal/desktop";
const PORTAL_NAME: &str = "org.freedesktop.portal.Desktop";

impl Portal {
    pub async fn start(address: &str, show_banners: bool) -> Self {
        let connection = serve(address, PORTAL_NAME, PORTAL, Settings { show_banners }).await;
        Self { connection }
    }

    /// An older portal, with `Read` only; it signals nothing in these tests.
    pub async fn start_v1(address: &str, show_banners: bool) -> zbus::Connection {
        serve(address, PORTAL_NAME, PORTAL, SettingsV1 { show_banners }).await
    }

    /// What `gsettings set org.gnome.desktop.notifications show-banners VALUE` does, as
    /// the portal tells it.
    pub async fn set_show_banners(&self, shown: bool) {
        let iface = served::<Settings>(&self.connection, PORTAL).await;
        iface.get_mut().await.show_banners = shown;
        Settings::setting_changed(
            iface.signal_emitter(),
            "org.gnome.desktop.notifications",
            "show-banners",
            zbus::Variant::from(shown),
        )
        .await
        .expect("emit SettingChanged");
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
