//! macOS: a LaunchAgent in `~/Library/LaunchAgents/`, loaded with launchctl. Compiled only
//! on macOS and not run on a real Mac yet (README says so); the plist text is tested on
//! every platform through [`super::render::launchd_plist`].

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{AutostartError, Entry, Mechanism, render, write_atomically};

pub const LABEL: &str = "org.soleus.daemon";

pub fn plist_path() -> Result<PathBuf, AutostartError> {
    let home = directories::BaseDirs::new().ok_or(AutostartError::NoHome)?;
    Ok(home
        .home_dir()
        .join("Library/LaunchAgents")
        .join(format!("{LABEL}.plist")))
}

pub fn entries() -> Vec<Entry> {
    let Ok(path) = plist_path() else {
        return Vec::new();
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Vec::new();
    };
    let runs = text
        .split("<string>")
        .nth(2)
        .and_then(|s| s.split("</string>").next())
        .map(PathBuf::from);
    vec![Entry {
        mechanism: Mechanism::LaunchAgent,
        path,
        runs,
        config: None,
    }]
}

pub fn enable(launch: render::Launch<'_>) -> Result<Vec<String>, AutostartError> {
    let path = plist_path()?;
    write_atomically(&path, &render::launchd_plist(launch)?)?;
    let _ = Command::new("launchctl").arg("unload").arg(&path).status();
    let status = Command::new("launchctl")
        .args(["load", "-w"])
        .arg(&path)
        .status()
        .map_err(|e| AutostartError::Command(format!("cannot run launchctl: {e}")))?;
    if !status.success() {
        return Err(AutostartError::Command(format!(
            "launchctl load {} failed",
            path.display()
        )));
    }
    Ok(vec![format!("wrote and loaded {}", path.display())])
}

pub fn disable() -> Result<Vec<String>, AutostartError> {
    let path = plist_path()?;
    if !path.exists() {
        return Ok(Vec::new());
    }
    std::fs::remove_file(&path).map_err(|source| AutostartError::Io {
        action: "remove",
        path: path.clone(),
        source,
    })?;
    Ok(vec![format!("removed {}", path.display())])
}
