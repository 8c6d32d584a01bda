//! `soleus autostart enable | disable | status`: start the daemon with the graphical
//! session, the way each platform expects.
//!
//! - Linux: a systemd user unit tied to `graphical-session.target` when a user systemd
//!   manager runs, else an XDG autostart entry ([`linux`]).
//! - macOS: a `LaunchAgent` ([`macos`]); Windows: the `HKCU\...\Run` key ([`windows`]).
//!   Those two are compiled only there and have not run on a real system; their text is
//!   unit-tested here through [`render`].
//!
//! Every entry runs the absolute path of the binary that wrote it, so `status` can tell
//! when that binary moved or is gone (after an upgrade or a reinstall elsewhere).
//!
//! [`entries`], [`enable`], [`disable`] and [`start`] have the same signatures on every
//! platform, so the command line and `soleus doctor` call them without knowing which one
//! they run on.

#[cfg(target_os = "linux")]
pub mod linux;
#[cfg(target_os = "macos")]
pub mod macos;
pub mod render;
#[cfg(windows)]
pub mod windows;

use std::path::{Path, PathBuf};

pub use platform::{disable, enable, entries, start};
pub use render::Launch;

/// How soleus is started at login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mechanism {
    Systemd,
    Xdg,
    LaunchAgent,
    RunKey,
}

impl Mechanism {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Systemd => "systemd user unit",
            Self::Xdg => "XDG autostart entry",
            Self::LaunchAgent => "launchd agent",
            Self::RunKey => "Windows Run key",
        }
    }
}

/// An installed autostart entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub mechanism: Mechanism,
    /// Where it is.
    pub path: PathBuf,
    /// The binary it runs, if it could be read.
    pub runs: Option<PathBuf>,
    /// The `--config PATH` it passes, if any (the daemon then reads that file).
    pub config: Option<PathBuf>,
}

/// What is wrong with an entry, if anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Health {
    Ok,
    /// The entry's binary does not exist.
    Missing(PathBuf),
    /// It exists but is not the binary asking (another install, or an older copy).
    Other(PathBuf),
    Unreadable,
}

impl Entry {
    pub fn health(&self, current: &Path) -> Health {
        match &self.runs {
            None => Health::Unreadable,
            Some(bin) if !bin.exists() => Health::Missing(bin.clone()),
            Some(bin) => {
                let same = bin.canonicalize().ok() == current.canonicalize().ok();
                if same {
                    Health::Ok
                } else {
                    Health::Other(bin.clone())
                }
            }
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AutostartError {
    #[error(transparent)]
    Path(#[from] render::UnusablePath),
    #[error("cannot tell where this soleus binary is: {0}")]
    CurrentExe(std::io::Error),
    #[error("cannot find your home directory: set HOME (or XDG_CONFIG_HOME)")]
    NoHome,
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Command(String),
    #[error("{0} is not available on this platform")]
    Unsupported(&'static str),
}

/// The binary that is running, as entries should name it.
pub fn current_binary() -> Result<PathBuf, AutostartError> {
    std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(AutostartError::CurrentExe)
}

/// Writes an entry atomically ([`crate::atomic_file`]).
pub fn write_atomically(path: &Path, text: &str) -> Result<(), AutostartError> {
    let io = |action, source| AutostartError::Io {
        action,
        path: path.to_owned(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io("create the folder of", e))?;
    }
    crate::atomic_file::write(path, text.as_bytes()).map_err(|e| io("write", e))
}

/// A systemd user unit or an XDG autostart entry.
#[cfg(target_os = "linux")]
mod platform {
    use std::process::{Command, Stdio};

    use super::linux::{self, Linux};
    use super::{AutostartError, Entry, Launch, Mechanism};
    use crate::paths::Paths;

    /// The entries that will start soleus at the next login.
    pub fn entries() -> Vec<Entry> {
        Linux::discover().map(|l| l.entries()).unwrap_or_default()
    }

    /// Sets soleus to start at login with `choice`, or, when `None`, a systemd user unit
    /// if a user manager runs and an XDG entry if not. Returns the mechanism used and what
    /// was done (nothing when it was already so).
    pub fn enable(
        choice: Option<Mechanism>,
        launch: Launch<'_>,
    ) -> Result<(Mechanism, Vec<String>), AutostartError> {
        let mechanism = match choice {
            Some(m) => m,
            None if linux::systemd_running() => Mechanism::Systemd,
            None => Mechanism::Xdg,
        };
        let done = Linux::discover()?.enable(mechanism, launch)?;
        Ok((mechanism, done))
    }

    /// Removes every entry; stops nothing.
    pub fn disable() -> Result<Vec<String>, AutostartError> {
        Linux::discover()?.disable()
    }

    /// Starts the daemon now, the way the login would.
    pub fn start(
        mechanism: Mechanism,
        launch: Launch<'_>,
        paths: &Paths,
    ) -> Result<(), AutostartError> {
        let bin = launch.bin;
        if mechanism == Mechanism::Systemd && linux::systemd_running() {
            return linux::systemctl(&["start", "soleus.service"]);
        }
        // Detached from this terminal (its own process group); logs go to a file.
        let log = paths.runtime.join("daemon.log");
        let _ = std::os::unix::fs::DirBuilderExt::mode(
            std::fs::DirBuilder::new().recursive(true),
            0o700,
        )
        .create(&paths.runtime);
        let stderr = std::fs::File::create(&log).map_or(Stdio::null(), Stdio::from);
        std::os::unix::process::CommandExt::process_group(
            Command::new(bin)
                .arg("daemon")
                .args(
                    launch
                        .config
                        .map(|c| [std::ffi::OsStr::new("--config"), c.as_os_str()])
                        .into_iter()
                        .flatten(),
                )
                // Tells the daemon an autostart entry started it (for `soleus stop`).
                .env(crate::ipc::StartedBy::AUTOSTART_ENV, "autostart")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(stderr),
            0,
        )
        .spawn()
        .map(drop)
        .map_err(|e| AutostartError::Command(format!("cannot start {}: {e}", bin.display())))
    }
}

/// A LaunchAgent: there is one mechanism, so a choice is ignored.
#[cfg(target_os = "macos")]
mod platform {
    use std::path::Path;

    use super::{AutostartError, Entry, Mechanism, macos};
    use crate::paths::Paths;

    pub fn entries() -> Vec<Entry> {
        macos::entries()
    }

    pub fn enable(
        _: Option<Mechanism>,
        launch: Launch<'_>,
    ) -> Result<(Mechanism, Vec<String>), AutostartError> {
        Ok((Mechanism::LaunchAgent, macos::enable(launch)?))
    }

    pub fn disable() -> Result<Vec<String>, AutostartError> {
        macos::disable()
    }

    /// launchctl load with RunAtLoad has started it already.
    pub fn start(_: Mechanism, _: Launch<'_>, _: &Paths) -> Result<(), AutostartError> {
        Ok(())
    }
}

/// Windows (the Run key), and an error everywhere else.
#[cfg(not(any(target_os = "linux", target_os = "macos")))]
mod platform {
    use std::path::Path;

    use super::{AutostartError, Entry, Mechanism};
    use crate::paths::Paths;

    pub fn entries() -> Vec<Entry> {
        Vec::new()
    }

    pub fn enable(
        _: Option<Mechanism>,
        launch: Launch<'_>,
    ) -> Result<(Mechanism, Vec<String>), AutostartError> {
        #[cfg(windows)]
        return Ok((Mechanism::RunKey, super::windows::enable(launch)?));
        #[cfg(not(windows))]
        {
            let _ = launch;
            Err(AutostartError::Unsupported("autostart"))
        }
    }

    pub fn disable() -> Result<Vec<String>, AutostartError> {
        #[cfg(windows)]
        return super::windows::disable();
        #[cfg(not(windows))]
        Err(AutostartError::Unsupported("autostart"))
    }

    pub fn start(_: Mechanism, _: Launch<'_>, _: &Paths) -> Result<(), AutostartError> {
        Err(AutostartError::Unsupported(
            "starting the daemon from autostart",
        ))
    }
}
