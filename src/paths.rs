//! Where soleus keeps things, following the XDG base directories on Linux (and the platform
//! conventions elsewhere, through `directories`).

use std::path::PathBuf;

use directories::ProjectDirs;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// `$XDG_CONFIG_HOME/soleus/config.toml`, or the `--config` override.
    pub config: PathBuf,
    /// `$XDG_DATA_HOME/soleus/history.jsonl`.
    pub history: PathBuf,
    /// `$XDG_RUNTIME_DIR/soleus`: the daemon's socket and lock. Without `XDG_RUNTIME_DIR`,
    /// `$XDG_STATE_HOME/soleus/run` (created private, 0700).
    pub runtime: PathBuf,
}

#[derive(Debug, thiserror::Error)]
#[error(
    "cannot find your home directory to keep settings and history in: set HOME (or XDG_CONFIG_HOME and XDG_DATA_HOME)"
)]
pub struct NoHome;

impl Paths {
    pub fn discover(config_override: Option<PathBuf>) -> Result<Self, NoHome> {
        let dirs = ProjectDirs::from("", "", "soleus").ok_or(NoHome)?;
        let runtime = match dirs.runtime_dir() {
            Some(dir) => dir.to_owned(),
            None => dirs.state_dir().unwrap_or(dirs.data_dir()).join("run"),
        };
        Ok(Self {
            config: config_override.unwrap_or_else(|| dirs.config_dir().join("config.toml")),
            history: dirs.data_dir().join("history.jsonl"),
            runtime,
        })
    }

    /// The daemon's control socket.
    pub fn socket(&self) -> PathBuf {
        self.runtime.join("soleus.sock")
    }

    /// Held by the running daemon; holds its pid.
    pub fn daemon_lock(&self) -> PathBuf {
        self.runtime.join("daemon.lock")
    }
}
