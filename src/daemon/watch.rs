//! Notices edits to config.toml. The folder is watched, not the file: editors save by
//! writing a new file and renaming it over the old one. Events only say "look again"; the
//! daemon debounces them and re-reads the file.

use std::fs;
use std::path::Path;

use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc::UnboundedSender;

use super::Input;

/// Starts watching; the watcher stops when the returned value is dropped.
pub fn start(config: &Path, tx: UnboundedSender<Input>) -> Result<RecommendedWatcher, String> {
    let dir = config
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let name = config
        .file_name()
        .map(ToOwned::to_owned)
        .unwrap_or_default();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reads (ours included) are not edits: reacting to them would reload forever.
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
            && event
                .paths
                .iter()
                .any(|p| p.file_name() == Some(name.as_os_str()))
        {
            let _ = tx.send(Input::ConfigTouched);
        }
    })
    .map_err(|e| e.to_string())?;
    watcher
        .watch(dir, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    Ok(watcher)
}
