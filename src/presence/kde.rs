//! KDE Plasma's fallback on X11: `org.freedesktop.ScreenSaver.GetSessionIdleTime` on the
//! session bus. The freedesktop draft said seconds; KDE returns `KIdleTime`'s milliseconds,
//! and KDE is the one that serves it. Plasma offers no idle signal here, so it is polled
//! through [`super::poll::Poller`]. `KWin` on Wayland answers this call with
//! `org.freedesktop.DBus.Error.NotSupported`, so there it is never chosen on its own
//! (`KWin`'s ext-idle-notify-v1 serves); forced by config, `connect` fails with that error.

use std::time::Duration;

use zbus::proxy::CacheProperties;

pub const BUS_NAME: &str = "org.freedesktop.ScreenSaver";
pub const PATH: &str = "/org/freedesktop/ScreenSaver";
pub const INTERFACE: &str = "org.freedesktop.ScreenSaver";

#[derive(Debug)]
pub struct Kde {
    proxy: zbus::Proxy<'static>,
}

impl Kde {
    pub async fn connect(bus: &zbus::Connection) -> Result<Self, String> {
        let proxy = super::proxy(bus, BUS_NAME, PATH, INTERFACE, CacheProperties::No)
            .await
            .map_err(|e| format!("{BUS_NAME}: {e}"))?;
        let kde = Self { proxy };
        kde.idle_time().await?;
        Ok(kde)
    }

    pub async fn idle_time(&self) -> Result<Duration, String> {
        let ms: u32 = self
            .proxy
            .call("GetSessionIdleTime", &())
            .await
            .map_err(|e| format!("{BUS_NAME}.GetSessionIdleTime: {e}"))?;
        Ok(Duration::from_millis(u64::from(ms)))
    }
}
