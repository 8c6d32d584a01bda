//! Linux: a systemd user unit when a user manager runs, else an XDG autostart entry.
//!
//! The unit is enabled the way `systemctl --user enable` does it, with a symlink in
//! `graphical-session.target.wants/`, so enabling works (for the next login) even where
//! the manager is not reachable; when it is, soleus also reloads it and starts the unit.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{AutostartError, Entry, Mechanism, render, write_atomically};

const UNIT: &str = "soleus.service";
const WANTS: &str = "graphical-session.target.wants";

/// The user's autostart locations under `$XDG_CONFIG_HOME`.
#[derive(Debug, Clone)]
pub struct Linux {
    config: PathBuf,
}

impl Linux {
    pub fn discover() -> Result<Self, AutostartError> {
        let dirs = directories::BaseDirs::new().ok_or(AutostartError::NoHome)?;
        Ok(Self {
            config: dirs.config_dir().to_owned(),
        })
    }

    pub fn unit_path(&self) -> PathBuf {
        self.config.join("systemd/user").join(UNIT)
    }

    fn wants_path(&self) -> PathBuf {
        self.config.join("systemd/user").join(WANTS).join(UNIT)
    }

    pub fn desktop_path(&self) -> PathBuf {
        self.config.join("autostart/soleus.desktop")
    }

    /// The entries that will start soleus at the next login.
    pub fn entries(&self) -> Vec<Entry> {
        let mut found = Vec::new();
        let wants = self.wants_path();
        if let Ok(target) = std::fs::read_link(&wants) {
            // Relative links (as systemctl makes them) are relative to the wants folder.
            let target = wants.parent().map_or(target.clone(), |d| d.join(&target));
            let target = target.canonicalize().unwrap_or(target);
            let launched = std::fs::read_to_string(&target)
                .ok()
                .and_then(|t| render::unit_launch(&t));
            found.push(Entry {
                mechanism: Mechanism::Systemd,
                path: target,
                runs: launched.as_ref().map(|l| l.bin.clone()),
                config: launched.and_then(|l| l.config),
            });
        }
        let desktop = self.desktop_path();
        if let Ok(text) = std::fs::read_to_string(&desktop) {
            let launched = render::desktop_launch(&text);
            found.push(Entry {
                mechanism: Mechanism::Xdg,
                path: desktop,
                runs: launched.as_ref().map(|l| l.bin.clone()),
                config: launched.and_then(|l| l.config),
            });
        }
        found
    }

    /// Writes and enables the entry for `mechanism`, removing the other one (two entries
    /// would start two daemons, and the second would only exit). Returns what was done.
    pub fn enable(
        &self,
        mechanism: Mechanism,
        launch: render::Launch<'_>,
    ) -> Result<Vec<String>, AutostartError> {
        let mut done = Vec::new();
        match mechanism {
            Mechanism::Systemd => {
                let unit = self.unit_path();
                if write_if_changed(&unit, &render::systemd_unit(launch)?)? {
                    done.push(format!("wrote {}", unit.display()));
                }
                let wants = self.wants_path();
                if std::fs::read_link(&wants).ok().as_deref()
                    != Some(Path::new("../soleus.service"))
                {
                    link(&wants)?;
                    done.push(format!("enabled it: {}", wants.display()));
                }
                if remove(&self.desktop_path())? {
                    done.push(format!("removed {}", self.desktop_path().display()));
                }
            }
            Mechanism::Xdg => {
                let desktop = self.desktop_path();
                if write_if_changed(&desktop, &render::desktop_entry(launch)?)? {
                    done.push(format!("wrote {}", desktop.display()));
                }
                done.extend(self.remove_unit()?);
            }
            Mechanism::LaunchAgent | Mechanism::RunKey => {
                return Err(AutostartError::Unsupported(mechanism.describe()));
            }
        }
        if mechanism == Mechanism::Systemd && systemd_running() {
            systemctl(&["daemon-reload"])?;
        }
        Ok(done)
    }

    /// Removes every entry soleus wrote; stops nothing.
    pub fn disable(&self) -> Result<Vec<String>, AutostartError> {
        let mut done = self.remove_unit()?;
        if remove(&self.desktop_path())? {
            done.push(format!("removed {}", self.desktop_path().display()));
        }
        if !done.is_empty() && systemd_running() {
            systemctl(&["daemon-reload"])?;
        }
        Ok(done)
    }

    fn remove_unit(&self) -> Result<Vec<String>, AutostartError> {
        let mut done = Vec::new();
        for path in [self.wants_path(), self.unit_path()] {
            if remove(&path)? {
                done.push(format!("removed {}", path.display()));
            }
        }
        Ok(done)
    }
}

/// Whether a user systemd manager answers (`systemctl --user` works).
pub fn systemd_running() -> bool {
    Command::new("systemctl")
        .args(["--user", "show-environment"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `systemctl --user ARGS`, with its error output in the error.
pub fn systemctl(args: &[&str]) -> Result<(), AutostartError> {
    let out = Command::new("systemctl")
        .arg("--user")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| AutostartError::Command(format!("cannot run systemctl: {e}")))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(AutostartError::Command(format!(
            "systemctl --user {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

/// Writes unless the file already says exactly this; true when written.
fn write_if_changed(path: &Path, text: &str) -> Result<bool, AutostartError> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(false);
    }
    write_atomically(path, text)?;
    Ok(true)
}

fn link(wants: &Path) -> Result<(), AutostartError> {
    let io = |action, source| AutostartError::Io {
        action,
        path: wants.to_owned(),
        source,
    };
    if let Some(dir) = wants.parent() {
        std::fs::create_dir_all(dir).map_err(|e| io("create the folder of", e))?;
    }
    remove(wants)?;
    std::os::unix::fs::symlink("../soleus.service", wants).map_err(|e| io("link", e))
}

/// Removes a file or link; true when there was one.
fn remove(path: &Path) -> Result<bool, AutostartError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(source) => Err(AutostartError::Io {
            action: "remove",
            path: path.to_owned(),
            source,
        }),
    }
}
