//! mako's do-not-disturb: a mode, by convention named `do-not-disturb` (a config section
//! `[mode=do-not-disturb] invisible=1`), set with `makoctl mode -a do-not-disturb`; the
//! name is the user's to choose (config `[context] mako_mode`). mako
//! says nothing when its modes change, so they are read when asked, over mako's own D-Bus
//! interface (what `makoctl` uses): `ListModes` since mako 1.9, `GetMode` before it.

use zbus::proxy::CacheProperties;

pub const SOURCE: &str = "mako";
pub const BUS_NAME: &str = "org.freedesktop.Notifications";
pub const PATH: &str = "/fr/emersion/Mako";
pub const INTERFACE: &str = "fr.emersion.Mako";
/// The mode that means do-not-disturb unless the config names another.
pub const DND_MODE: &str = "do-not-disturb";

/// mako's active modes, or why they cannot be read (mako not running).
pub async fn modes(bus: &zbus::Connection) -> Result<Vec<String>, String> {
    let proxy = crate::presence::proxy(bus, BUS_NAME, PATH, INTERFACE, CacheProperties::No)
        .await
        .map_err(|e| format!("{INTERFACE}: {e}"))?;
    match proxy.call::<_, _, Vec<String>>("ListModes", &()).await {
        Ok(modes) => Ok(modes),
        Err(list) => proxy
            .call::<_, _, String>("GetMode", &())
            .await
            .map(|mode| vec![mode])
            .map_err(|e| {
                if super::flag::absent(&e) {
                    format!("mako is not the notification server (no {INTERFACE} at {PATH})")
                } else {
                    format!("{INTERFACE}: ListModes: {list}; GetMode: {e}")
                }
            }),
    }
}

/// Whether `modes` include `dnd_mode`, the mode that means do-not-disturb.
pub fn is_dnd(modes: &[String], dnd_mode: &str) -> bool {
    modes.iter().any(|m| m == dnd_mode)
}
