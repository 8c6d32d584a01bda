//! Notices edits to config.toml. The folder is watched, not the file: editors save by
//! writing a new file and renaming it over the old one. Events only say "look again"; the
//! daemon debounces them and re-reads the file.
//!
//! A config.toml that is a symlink (dotfiles kept in a repository) is edited where it
//! points, so the folder of its target is watched too. The link is resolved once, at
//! start: pointing it somewhere else is seen as an edit of config.toml, but edits at the
//! new target need a restart.

use std::fs;
use std::path::{Path, PathBuf};

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
    let mut files = vec![watched_path(dir, config)];
    let target = fs::symlink_metadata(config)
        .is_ok_and(|m| m.file_type().is_symlink())
        .then(|| fs::canonicalize(config).ok())
        .flatten();
    if let Some(target) = &target
        && let Some(target_dir) = target.parent()
    {
        files.push(watched_path(target_dir, target));
    }
    let interesting = files.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reads (ours included) are not edits: reacting to them would reload forever.
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
            && event.paths.iter().any(|p| interesting.contains(p))
        {
            let _ = tx.send(Input::ConfigTouched);
        }
    })
    .map_err(|e| e.to_string())?;
    let mut dirs: Vec<&Path> = files.iter().filter_map(|p| p.parent()).collect();
    dirs.dedup();
    for dir in dirs {
        watcher
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    }
    Ok(watcher)
}

/// The path events name for `file` in the watched folder `dir`: the folder as given,
/// joined with the file's name.
fn watched_path(dir: &Path, file: &Path) -> PathBuf {
    dir.join(file.file_name().unwrap_or_default())
}
