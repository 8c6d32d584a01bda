//! `soleus autostart enable | disable | status`: the command line around
//! [`crate::autostart`], which does the work on each platform. Here: the arguments, waiting
//! for a started daemon to answer, and the text printed.

use std::path::Path;
use std::time::{Duration, Instant};

use std::fmt::Write as _;

use super::{CliError, out};
use crate::autostart::{self, AutostartError, Entry, Health, Launch, Mechanism};
use crate::cli::{AutostartCommand, MechanismArg};
use crate::client;
use crate::ipc::Request;
use crate::paths::Paths;

impl From<MechanismArg> for Mechanism {
    fn from(arg: MechanismArg) -> Self {
        match arg {
            MechanismArg::Systemd => Self::Systemd,
            MechanismArg::Xdg => Self::Xdg,
        }
    }
}

impl From<AutostartError> for CliError {
    fn from(e: AutostartError) -> Self {
        CliError::Other(e.to_string())
    }
}

pub fn run(paths: &Paths, config: Option<&Path>, cmd: &AutostartCommand) -> Result<(), CliError> {
    match cmd {
        AutostartCommand::Enable {
            mechanism,
            no_start,
            ..
        } => enable(paths, config, *mechanism, *no_start),
        AutostartCommand::Disable => {
            let done = autostart::disable()?;
            let mut text = String::new();
            if done.is_empty() {
                text.push_str("autostart was not enabled: nothing to remove\n");
            }
            for line in done {
                text.push_str(&line);
                text.push('\n');
            }
            text.push_str("a running daemon keeps running (`soleus status` shows its pid)\n");
            out::print(text)
        }
        AutostartCommand::Status(_) => out::print(status_text(
            &autostart::entries(),
            &Looking {
                current: &autostart::current_binary()?,
                config,
                systemd_answers: systemd_answers(),
            },
        )),
    }
}

/// What an entry is checked against: this binary, the `--config` given now, and whether a
/// user systemd manager answers (without one, nothing starts a unit).
#[derive(Debug, Clone, Copy)]
pub struct Looking<'a> {
    pub current: &'a Path,
    pub config: Option<&'a Path>,
    pub systemd_answers: bool,
}

/// Whether `systemctl --user` answers here (always false off Linux, where no unit is used).
pub fn systemd_answers() -> bool {
    #[cfg(target_os = "linux")]
    return autostart::linux::systemd_running();
    #[cfg(not(target_os = "linux"))]
    false
}

fn enable(
    paths: &Paths,
    config: Option<&Path>,
    mechanism: Option<MechanismArg>,
    no_start: bool,
) -> Result<(), CliError> {
    let bin = autostart::current_binary()?;
    let launch = Launch { bin: &bin, config };
    let (mechanism, done) = autostart::enable(mechanism.map(Mechanism::from), launch)?;
    let mut text = String::new();
    if done.is_empty() {
        let _ = writeln!(
            text,
            "already enabled: {} running {} daemon",
            mechanism.describe(),
            bin.display()
        );
    }
    for line in done {
        let _ = writeln!(text, "{line}");
    }
    if mechanism == Mechanism::Systemd && !systemd_answers() {
        let _ = writeln!(text, "warning: {NO_MANAGER}");
    }
    if no_start {
        return out::print(text);
    }
    if let Some(pid) = running(paths) {
        let _ = writeln!(text, "soleus is running (pid {pid})");
        return out::print(text);
    }
    out::print(&text)?;
    autostart::start(mechanism, launch, paths)?;
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Some(pid) = running(paths) {
            return out::line(format!("started soleus (pid {pid})"));
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    Err(CliError::Other(
        "enabled, but the daemon did not answer within 5 s of starting: see `soleus doctor`, \
         or run `soleus daemon` in a terminal to see why"
            .to_owned(),
    ))
}

/// Why a systemd unit is not enough where no user manager answers.
const NO_MANAGER: &str = "no user systemd manager answers here (`systemctl --user` fails), so \
nothing starts this unit; it works only after a login whose session has one. If yours has none, \
use `soleus autostart enable --mechanism xdg`";

fn running(paths: &Paths) -> Option<u32> {
    client::send(&paths.socket(), &Request::Status)
        .ok()
        .and_then(|r| r.status)
        .and_then(|s| s.pid)
}

/// What `autostart status` prints: the entries, and a warning with the fix for each that
/// runs a binary that is gone or is not this one, another config, or is a unit nothing
/// starts.
pub fn status_text(entries: &[Entry], looking: &Looking<'_>) -> String {
    if entries.is_empty() {
        return "autostart: disabled (nothing starts soleus at login); enable it with `soleus autostart enable`\n"
            .to_owned();
    }
    let mut out = String::new();
    for e in entries {
        let _ = writeln!(
            out,
            "autostart: enabled ({}): {}",
            e.mechanism.describe(),
            e.path.display()
        );
        if let Some(bin) = &e.runs {
            let config = e
                .config
                .as_ref()
                .map(|c| format!(" --config {}", c.display()))
                .unwrap_or_default();
            let _ = writeln!(out, "  runs {} daemon{config}", bin.display());
        }
        if let Some(warning) = warning(e, looking) {
            let _ = writeln!(out, "  warning: {warning}");
        }
    }
    if entries.len() > 1 {
        out.push_str(
            "  warning: more than one entry: the second daemon would only exit; fix: `soleus autostart enable` keeps one\n",
        );
    }
    out
}

/// The warning for an entry, if it needs one (also used by `soleus doctor`).
pub fn warning(e: &Entry, looking: &Looking<'_>) -> Option<String> {
    let current = looking.current;
    match e.health(current) {
        Health::Ok if e.mechanism == Mechanism::Systemd && !looking.systemd_answers => {
            Some(NO_MANAGER.to_owned())
        }
        Health::Ok if e.config.as_ref().is_some_and(|c| !c.is_file()) => Some(format!(
            "it runs the daemon with --config {}, which does not exist, so the daemon will \
             refuse to start; fix: create it, or `soleus autostart enable` without --config",
            e.config
                .as_ref()
                .map_or(String::new(), |c| c.display().to_string())
        )),
        Health::Ok if looking.config.is_some() && e.config.as_deref() != looking.config => {
            Some(format!(
                "it runs the daemon with {}, not --config {}; fix: `soleus autostart enable \
                 --config {}` writes it again",
                e.config.as_ref().map_or_else(
                    || "the default config".to_owned(),
                    |c| format!("--config {}", c.display())
                ),
                looking
                    .config
                    .map_or(String::new(), |c| c.display().to_string()),
                looking
                    .config
                    .map_or(String::new(), |c| c.display().to_string()),
            ))
        }
        Health::Ok => None,
        Health::Missing(bin) => Some(format!(
            "it runs {}, which no longer exists; fix: `soleus autostart enable` writes it again for {}",
            bin.display(),
            current.display()
        )),
        Health::Other(bin) => Some(format!(
            "it runs {}, not this soleus ({}); fix: run `soleus autostart enable` with the soleus you want at login",
            bin.display(),
            current.display()
        )),
        Health::Unreadable => Some(
            "cannot tell which binary it runs; fix: `soleus autostart enable` writes it again"
                .to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn entry(mechanism: Mechanism, runs: &str, config: Option<&str>) -> Entry {
        Entry {
            mechanism,
            path: PathBuf::from("/home/me/.config/autostart/soleus.desktop"),
            runs: Some(PathBuf::from(runs)),
            config: config.map(PathBuf::from),
        }
    }

    fn looking(current: &Path) -> Looking<'_> {
        Looking {
            current,
            config: None,
            systemd_answers: true,
        }
    }

    #[test]
    fn status_warns_about_a_gone_or_foreign_binary_with_the_fix() {
        let here = std::env::current_exe().expect("exe");
        let xdg = |runs: &str| entry(Mechanism::Xdg, runs, None);
        let gone = status_text(&[xdg("/nonexistent/soleus")], &looking(&here));
        assert!(
            gone.contains("which no longer exists; fix: `soleus autostart enable`"),
            "{gone}"
        );
        let other = status_text(&[xdg("/bin/sh")], &looking(&here));
        assert!(other.contains("not this soleus"), "{other}");
        let fine = status_text(&[xdg(&here.display().to_string())], &looking(&here));
        assert!(!fine.contains("warning"), "{fine}");
        assert!(status_text(&[], &looking(&here)).contains("disabled"));
    }

    #[test]
    fn a_unit_nothing_starts_is_not_reported_fine() {
        let here = std::env::current_exe().expect("exe");
        let unit = entry(Mechanism::Systemd, &here.display().to_string(), None);
        let no_manager = Looking {
            systemd_answers: false,
            ..looking(&here)
        };
        let text = status_text(std::slice::from_ref(&unit), &no_manager);
        assert!(
            text.contains("warning: no user systemd manager answers here")
                && text.contains("--mechanism xdg"),
            "{text}"
        );
        assert!(!status_text(&[unit], &looking(&here)).contains("warning"));
    }

    #[test]
    fn status_notices_an_entry_with_another_config() {
        let here = std::env::current_exe().expect("exe");
        let bin = here.display().to_string();
        let mine = Path::new("/home/me/dotfiles/soleus.toml");
        let asking = Looking {
            config: Some(mine),
            ..looking(&here)
        };
        let plain = status_text(&[entry(Mechanism::Xdg, &bin, None)], &asking);
        assert!(
            plain.contains("it runs the daemon with the default config, not --config /home/me/dotfiles/soleus.toml"),
            "{plain}"
        );
        let other = entry(Mechanism::Xdg, &bin, Some("/etc/other.toml"));
        let text = status_text(std::slice::from_ref(&other), &asking);
        assert!(
            text.contains("runs ") && text.contains("daemon --config /etc/other.toml"),
            "{text}"
        );
        assert!(
            text.contains("warning: it runs the daemon with --config /etc/other.toml"),
            "{text}"
        );
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("soleus.toml");
        std::fs::write(&real, "").expect("config");
        let real_text = real.display().to_string();
        let same = entry(Mechanism::Xdg, &bin, Some(&real_text));
        let asking_real = Looking {
            config: Some(&real),
            ..looking(&here)
        };
        assert!(!status_text(&[same], &asking_real).contains("warning"));
        let gone = entry(Mechanism::Xdg, &bin, Some("/home/me/dotfiles/soleus.toml"));
        let text = status_text(&[gone], &asking);
        assert!(
            text.contains("which does not exist, so the daemon will refuse to start"),
            "{text}"
        );
    }
}
