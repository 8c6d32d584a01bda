//! Which idle source fits this session, decided from the session's environment alone.
//!
//! Pure, so `soleus doctor` and the daemon give the same answer and tests cover every
//! desktop without running it. The result is an ordered list: the daemon connects to the
//! first source that answers, so a GNOME without Mutter's idle monitor or a compositor
//! without an idle protocol falls through to the next, and finally to `none`.

use crate::config::ActivitySource;

/// What the session's environment variables say.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionEnv {
    /// `XDG_CURRENT_DESKTOP`: a colon-separated list such as `ubuntu:GNOME` or `KDE`.
    pub desktop: String,
    /// `XDG_SESSION_TYPE`: `wayland`, `x11`, `tty`...
    pub session_type: String,
    /// `WAYLAND_DISPLAY` is set.
    pub wayland: bool,
    /// `DISPLAY` is set.
    pub x11: bool,
}

impl SessionEnv {
    /// Reads the real environment.
    pub fn from_process() -> Self {
        let var = |name| std::env::var(name).unwrap_or_default();
        Self {
            desktop: var("XDG_CURRENT_DESKTOP"),
            session_type: var("XDG_SESSION_TYPE"),
            wayland: !var("WAYLAND_DISPLAY").is_empty(),
            x11: !var("DISPLAY").is_empty(),
        }
    }

    fn desktop_is(&self, names: &[&str]) -> bool {
        self.desktop
            .split(':')
            .any(|d| names.iter().any(|n| d.eq_ignore_ascii_case(n)))
    }

    /// A Wayland session, even if `DISPLAY` is also set for Xwayland.
    pub fn is_wayland(&self) -> bool {
        self.wayland || self.session_type == "wayland"
    }

    /// GNOME or a desktop built on Mutter, which serves `org.gnome.Mutter.IdleMonitor`.
    pub fn is_gnome(&self) -> bool {
        self.desktop_is(&[
            "GNOME",
            "GNOME-Classic",
            "GNOME-Flashback",
            "Budgie",
            "Pantheon",
        ])
    }

    pub fn is_kde(&self) -> bool {
        self.desktop_is(&["KDE"])
    }
}

/// One idle source to try, and why it is on the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub source: ActivitySource,
    pub why: String,
}

/// The idle sources to try, best first; always ends with `none`.
pub fn candidates(setting: ActivitySource, env: &SessionEnv) -> Vec<Candidate> {
    let c = |source, why: &str| Candidate {
        source,
        why: why.to_owned(),
    };
    let mut list = match setting {
        ActivitySource::Auto => auto(env),
        ActivitySource::None => Vec::new(),
        chosen => vec![c(chosen, "set in config ([activity] source)")],
    };
    let why_none = match setting {
        ActivitySource::None => "set in config ([activity] source = \"none\")",
        _ if list.is_empty() => {
            "no graphical session found (neither WAYLAND_DISPLAY nor DISPLAY is set)"
        }
        _ => "no other source answered",
    };
    list.push(c(ActivitySource::None, why_none));
    list
}

fn auto(env: &SessionEnv) -> Vec<Candidate> {
    let c = |source, why: String| Candidate { source, why };
    let desktop = if env.desktop.is_empty() {
        "no XDG_CURRENT_DESKTOP".to_owned()
    } else {
        format!("XDG_CURRENT_DESKTOP={}", env.desktop)
    };
    let mut list = Vec::new();
    if env.is_gnome() {
        list.push(c(
            ActivitySource::Gnome,
            format!("{desktop}: Mutter's idle monitor is event-driven"),
        ));
    }
    if env.is_wayland() {
        list.push(c(
            ActivitySource::Wayland,
            format!("Wayland session ({desktop}): the compositor's idle protocol"),
        ));
    } else if env.x11 {
        list.push(c(
            ActivitySource::X11,
            format!("X11 session ({desktop}): the X server's screensaver idle time"),
        ));
    }
    // KDE's GetSessionIdleTime answers only on Plasma X11: KWin on Wayland replies
    // NotSupported, and there KWin's idle protocols (ext-idle-notify-v1 in 5.27) serve.
    if env.is_kde() && !env.is_wayland() {
        list.push(c(
            ActivitySource::Kde,
            format!("{desktop} on X11: KDE's org.freedesktop.ScreenSaver idle time"),
        ));
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActivitySource::{Gnome, Kde, None, Wayland, X11};

    fn env(desktop: &str, session_type: &str, wayland: bool, x11: bool) -> SessionEnv {
        SessionEnv {
            desktop: desktop.to_owned(),
            session_type: session_type.to_owned(),
            wayland,
            x11,
        }
    }

    fn sources(setting: ActivitySource, e: &SessionEnv) -> Vec<ActivitySource> {
        candidates(setting, e)
            .into_iter()
            .map(|c| c.source)
            .collect()
    }

    #[test]
    fn auto_picks_per_desktop() {
        let auto = ActivitySource::Auto;
        // GNOME on Wayland (Xwayland sets DISPLAY too): Mutter, then the protocol.
        assert_eq!(
            sources(auto, &env("ubuntu:GNOME", "wayland", true, true)),
            [Gnome, Wayland, None]
        );
        assert_eq!(
            sources(auto, &env("GNOME", "x11", false, true)),
            [Gnome, X11, None]
        );
        // Plasma Wayland: never the D-Bus idle time, which KWin answers NotSupported.
        assert_eq!(
            sources(auto, &env("KDE", "wayland", true, true)),
            [Wayland, None]
        );
        assert_eq!(
            sources(auto, &env("KDE", "x11", false, true)),
            [X11, Kde, None]
        );
        assert_eq!(
            sources(auto, &env("sway", "wayland", true, false)),
            [Wayland, None]
        );
        assert_eq!(
            sources(auto, &env("Hyprland", "", true, false)),
            [Wayland, None]
        );
        assert_eq!(sources(auto, &env("XFCE", "x11", false, true)), [X11, None]);
        assert_eq!(sources(auto, &env("", "", false, true)), [X11, None]);
        assert_eq!(sources(auto, &env("", "tty", false, false)), [None]);
    }

    #[test]
    fn xwayland_is_not_trusted_for_idle_in_a_wayland_session() {
        let list = sources(ActivitySource::Auto, &env("sway", "wayland", false, true));
        assert!(!list.contains(&X11), "{list:?}");
    }

    #[test]
    fn a_setting_is_tried_alone_then_none() {
        let e = env("GNOME", "wayland", true, true);
        assert_eq!(sources(X11, &e), [X11, None]);
        assert_eq!(sources(Kde, &e), [Kde, None]);
        assert_eq!(sources(None, &e), [None]);
    }

    #[test]
    fn every_choice_says_why() {
        let list = candidates(ActivitySource::Auto, &env("", "", false, false));
        assert!(list[0].why.contains("no graphical session"), "{list:?}");
        let list = candidates(ActivitySource::Auto, &env("KDE", "wayland", true, false));
        assert!(list[0].why.contains("XDG_CURRENT_DESKTOP=KDE"), "{list:?}");
    }
}
