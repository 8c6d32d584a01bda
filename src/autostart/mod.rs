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

#[cfg(target_os = "linux")]
pub mod linux;
#[cfg(target_os = "macos")]
pub mod macos;
pub mod render;
#[cfg(windows)]
pub mod windows;

use std::path::{Path, PathBuf};

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
