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
}

#[derive(Debug, thiserror::Error)]
#[error(
    "cannot find your home directory to keep settings and history in: set HOME (or XDG_CONFIG_HOME and XDG_DATA_HOME)"
)]
pub struct NoHome;

impl Paths {
    pub fn discover(config_override: Option<PathBuf>) -> Result<Self, NoHome> {
        let dirs = ProjectDirs::from("", "", "soleus").ok_or(NoHome)?;
        Ok(Self {
            config: config_override.unwrap_or_else(|| dirs.config_dir().join("config.toml")),
            history: dirs.data_dir().join("history.jsonl"),
        })
    }
}
