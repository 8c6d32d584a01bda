//! `soleus doctor`: what soleus finds on this desktop, one line per part, each OK or WARN
//! with the fix. It asks the same questions the daemon does (the same idle-source choice,
//! the same notification-server query), so in the same environment it says what the daemon
//! will do (a daemon started by systemd may see other variables: `soleus status` says what
//! it chose). Meant to be pasted into a bug report.

use std::fmt::Write as _;

use super::CliError;

mod sync;
use crate::client;
use crate::config::{Config, ConfigError, Origin};
use crate::context::{Kind, probe::Probe};
use crate::daemon::notifier;
use crate::ipc::Request;
use crate::paths::Paths;
use crate::presence::{self, detect::SessionEnv, idle_threshold};

/// One finding.
#[derive(Debug)]
struct Check {
    ok: bool,
    topic: &'static str,
    text: String,
    /// What to do about a WARN.
    fix: Option<String>,
}

fn ok(topic: &'static str, text: impl Into<String>) -> Check {
    Check {
        ok: true,
        topic,
        text: text.into(),
        fix: None,
    }
}

fn warn(topic: &'static str, text: impl Into<String>, fix: impl Into<String>) -> Check {
    Check {
        ok: false,
        topic,
        text: text.into(),
        fix: Some(fix.into()),
    }
}

pub fn run(paths: &Paths) -> Result<(), CliError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::Other(format!("cannot start: {e}")))?;
    let checks = runtime.block_on(checks(paths));
    super::out::print(render(&checks))
}

fn render(checks: &[Check]) -> String {
    let mut out = format!("soleus {} doctor\n", env!("CARGO_PKG_VERSION"));
    for c in checks {
        let _ = writeln!(
            out,
            "{:<4} {}: {}",
            if c.ok { "OK" } else { "WARN" },
            c.topic,
            c.text
        );
        if let Some(fix) = &c.fix {
            let _ = writeln!(out, "     fix: {fix}");
        }
    }
    let warnings = checks.iter().filter(|c| !c.ok).count();
    let _ = writeln!(
        out,
        "{}",
        match warnings {
            0 => "all good".to_owned(),
            1 => "1 warning".to_owned(),
            n => format!("{n} warnings"),
        }
    );
    out
}

async fn checks(paths: &Paths) -> Vec<Check> {
    let env = SessionEnv::from_process();
    let var = |name| std::env::var(name).unwrap_or_else(|_| "(unset)".to_owned());
    let mut out = vec![ok(
        "session",
        format!(
            "XDG_CURRENT_DESKTOP={}, XDG_SESSION_TYPE={}, WAYLAND_DISPLAY={}, DISPLAY={}",
            var("XDG_CURRENT_DESKTOP"),
            var("XDG_SESSION_TYPE"),
            var("WAYLAND_DISPLAY"),
            var("DISPLAY")
        ),
    )];
    let session = presence::session_bus().await;
    out.push(match &session {
        Ok(_) => ok("session bus", var("DBUS_SESSION_BUS_ADDRESS")),
        Err(e) => warn(
            "session bus",
            e.clone(),
            "run soleus inside your desktop session (DBUS_SESSION_BUS_ADDRESS must reach its bus)",
        ),
    });
    out.push(notifications(session.is_ok()).await);
    let config = config_check(paths, &mut out);
    out.extend(idle(&config, &env, session.as_ref().ok()).await);
    out.extend(locks(session.as_ref().ok()).await);
    out.extend(context(session.as_ref().ok(), &config.context.mako_mode).await);
    out.extend(sync::history(paths, &config));
    out.push(daemon(paths));
    out.push(autostart());
    out
}

async fn notifications(bus: bool) -> Check {
    if !bus {
        return warn(
            "notifications",
            "no session bus, so no notification server",
            "see the session bus line above",
        );
    }
    match notifier::query_server_now().await {
        Ok(server) if server.has_actions() => ok(
            "notifications",
            format!(
                "{} {}: {}; capabilities: {}",
                server.name,
                server.version,
                features(&server.capabilities),
                server.capabilities.join(", ")
            ),
        ),
        Ok(server) => warn(
            "notifications",
            format!(
                "{} {} shows no buttons (capabilities: {})",
                server.name,
                server.version,
                server.capabilities.join(", ")
            ),
            "answer reminders with `soleus start`, `soleus snooze`, `soleus log`, `soleus skip`; \
             or use a server with actions (dunst, mako, GNOME Shell, Plasma)",
        ),
        Err(e) => warn(
            "notifications",
            e,
            "start a notification daemon (your desktop's, or dunst/mako on a bare window manager)",
        ),
    }
}

/// What the capabilities mean for soleus: buttons, formatting, the reminder sound.
fn features(capabilities: &[String]) -> String {
    let has = |c: &str| {
        if capabilities.iter().any(|x| x == c) {
            "yes"
        } else {
            "no"
        }
    };
    format!(
        "actions {}, body markup {}, sounds {}",
        has("actions"),
        has("body-markup"),
        has("sound")
    )
}

fn config_check(paths: &Paths, out: &mut Vec<Check>) -> Config {
    match Config::load(&paths.config) {
        Ok(loaded) => {
            let text = match &loaded.origin {
                Origin::Defaults { missing } => {
                    format!("{} (not there: built-in defaults)", missing.display())
                }
                other @ Origin::File(_) => other.to_string(),
            };
            out.push(ok("config", text));
            for w in &loaded.warnings {
                out.push(warn("config", w.clone(), "see `soleus config check`"));
            }
            loaded.config
        }
        Err(e) => {
            let what = match &e {
                ConfigError::Invalid(d) => format!(
                    "{} has {} error(s); the daemon runs on built-in defaults",
                    paths.config.display(),
                    d.len()
                ),
                ConfigError::Read { .. } => e.to_string(),
            };
            out.push(warn(
                "config",
                what,
                "`soleus config check` shows each error with its line and a hint",
            ));
            Config::defaults()
        }
    }
}

async fn idle(config: &Config, env: &SessionEnv, session: Option<&zbus::Connection>) -> Vec<Check> {
    let threshold = idle_threshold(config.schedule.break_after_idle);
    let (chosen, attempts) =
        presence::choose(config.activity.source, env, threshold, session).await;
    let mut out = Vec::new();
    for a in &attempts {
        if let Err(e) = &a.result {
            out.push(warn(
                "idle source",
                format!("{} not usable: {e}", a.candidate.source.name()),
                format!("tried because: {}", a.candidate.why),
            ));
        }
    }
    out.push(match (chosen, attempts.last()) {
        (Some((_, candidate)), Some(a)) => ok(
            "idle source",
            format!(
                "{} ({}); chosen because: {}",
                candidate.source.name(),
                a.result.as_ref().map_or("", String::as_str),
                candidate.why
            ),
        ),
        (_, last) => warn(
            "idle source",
            format!(
                "none: {}; sitting is wall time in active hours, an absence is not noticed",
                last.map_or("", |a| a.candidate.why.as_str())
            ),
            "run soleus in your graphical session; on Wayland, use a compositor with \
             ext-idle-notify-v1 (Plasma, Sway 1.8+, Hyprland...); see README \"Desktops\"",
        ),
    });
    out
}

async fn locks(session: Option<&zbus::Connection>) -> Vec<Check> {
    let mut out = Vec::new();
    let logind = match presence::system_bus().await {
        Ok(bus) => presence::logind::Logind::connect(&bus).await,
        Err(e) => Err(e),
    };
    out.push(match logind {
        Ok(l) => ok(
            "lock and sleep",
            format!("logind: LockedHint of {}, PrepareForSleep", l.session_path),
        ),
        Err(e) => warn(
            "lock and sleep",
            format!("logind: {e}"),
            "without logind, a suspend is noticed from the clock and a lock from the \
             screensaver signal or idle input; nothing to do unless breaks are missed",
        ),
    });
    if let Some(bus) = session {
        out.push(
            match presence::lock::describe(&presence::lock::owners(bus).await) {
                Ok(what) => ok("lock and sleep", format!("screensaver: {what}")),
                Err(why) => warn(
                    "lock and sleep",
                    why,
                    "a screen locker that sets logind's LockedHint is enough (GNOME, KDE and \
                     `loginctl lock-session` lockers do)",
                ),
            },
        );
    }
    out
}

/// One line per kind of context: the sources that work, and why the others do not.
async fn context(session: Option<&zbus::Connection>, mako_mode: &str) -> Vec<Check> {
    let probes = crate::context::probe::all(session, mako_mode).await;
    Kind::ALL
        .into_iter()
        .map(|kind| {
            let (working, not): (Vec<_>, Vec<_>) = probes
                .iter()
                .filter(|p| p.kind == kind)
                .partition(|p| p.result.is_ok());
            let list = |ps: &[&Probe]| {
                ps.iter()
                    .map(|p| match &p.result {
                        Ok(t) | Err(t) => format!("{} ({t})", p.source),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let topic = match kind {
                Kind::Dnd => "do-not-disturb",
                Kind::Fullscreen => "fullscreen",
                Kind::Call => "call",
            };
            if working.is_empty() {
                warn(
                    topic,
                    format!("no source works here: {}", list(&not)),
                    "see README \"Context\" for what each desktop offers",
                )
            } else if !not.is_empty() {
                ok(
                    topic,
                    format!("{}; not here: {}", list(&working), list(&not)),
                )
            } else {
                ok(topic, list(&working))
            }
        })
        .collect()
}

fn daemon(paths: &Paths) -> Check {
    match client::send(&paths.socket(), &Request::Status) {
        Ok(reply) => match reply.status {
            Some(s) => ok(
                "daemon",
                format!(
                    "running (pid {}), {}, idle source {}",
                    s.pid.unwrap_or_default(),
                    s.state.map_or("?", crate::schedule::State::words),
                    s.idle_source
                        .map_or("?", crate::config::ActivitySource::name)
                ),
            ),
            None => warn(
                "daemon",
                reply.message.unwrap_or_default(),
                "restart it: stop it, then `soleus daemon`",
            ),
        },
        Err(client::ClientError::NotRunning) => warn(
            "daemon",
            format!("not running (no socket at {})", paths.socket().display()),
            "start it with `soleus daemon`",
        ),
        Err(e) => warn(
            "daemon",
            e.to_string(),
            "restart it: stop it, then `soleus daemon`",
        ),
    }
}

fn autostart() -> Check {
    let entries = crate::autostart::entries();
    let Some(first) = entries.first() else {
        return warn(
            "autostart",
            "soleus does not start at login",
            "`soleus autostart enable`",
        );
    };
    let what = format!("{}: {}", first.mechanism.describe(), first.path.display());
    let problem = match crate::autostart::current_binary() {
        Ok(current) => super::autostart::warning(
            first,
            &super::autostart::Looking {
                current: &current,
                config: None,
                systemd_answers: super::autostart::systemd_answers(),
            },
        ),
        Err(e) => Some(e.to_string()),
    };
    match problem {
        None if entries.len() == 1 => ok("autostart", what),
        None => warn(
            "autostart",
            format!("{what}, and {} more entries", entries.len() - 1),
            "`soleus autostart enable` keeps one",
        ),
        Some(p) => warn(
            "autostart",
            format!("{what}: {p}"),
            "`soleus autostart enable`",
        ),
    }
}
