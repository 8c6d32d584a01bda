//! Live config: the owner of config.toml while the daemon runs.
//!
//! Notices edits, lets them settle, reads the file again, and publishes either the new
//! settings or the error that kept them out (the last good settings stay). Each distinct
//! error is announced once, not at every save of a file still being fixed.
//!
//! The folder is watched, not the file: editors save by writing a new file and renaming it
//! over the old one. Events only say "look again". A config.toml that is a symlink
//! (dotfiles kept in a repository) is edited where it points, so the folder of its target
//! is watched too. The link is resolved once, at start: pointing it somewhere else is seen
//! as an edit of config.toml, but edits at the new target need a restart.

use std::fs;
use std::path::{Path, PathBuf};

use jiff::{SignedDuration, Timestamp};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc::UnboundedSender;

use super::elsewhere::Watched;
use super::input::Input;
use crate::config::{Config, ConfigError};

/// How long config edits settle before the file is read again.
const DEBOUNCE: SignedDuration = SignedDuration::from_millis(300);

/// What a reload found.
#[derive(Debug, PartialEq)]
pub enum Published {
    /// New settings, different from the ones in effect.
    Config(Box<Config>),
    /// The file has an error; `announce` is set the first time this error is seen.
    Error { announce: Option<String> },
}

#[derive(Debug)]
pub struct Reload {
    path: PathBuf,
    shown_path: String,
    watcher: Option<RecommendedWatcher>,
    due: Option<Timestamp>,
    /// The settings in effect (the last good ones).
    current: Config,
    error: Option<String>,
    /// The error last announced, so each is announced once.
    announced: Option<String>,
}

impl Reload {
    /// Reads the config at `path` (built-in defaults when it has an error, which is then
    /// announced by the first [`Reload::take_announcement`]).
    pub fn load(path: &Path) -> Self {
        let (current, error) = match Config::load(path) {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    tracing::warn!("config: {w}");
                }
                (loaded.config, None)
            }
            Err(e) => {
                tracing::error!("config not used, built-in defaults apply:\n{e}");
                (Config::defaults(), Some(e.to_string()))
            }
        };
        Self {
            path: path.to_owned(),
            shown_path: path.display().to_string(),
            watcher: None,
            due: None,
            current,
            error,
            announced: None,
        }
    }

    /// Starts following edits; they arrive as [`Input::ConfigTouched`] on `tx`.
    /// Watches the config; and, with `folder` (see [`super::elsewhere::Watched`]), the
    /// sync folder on the same watcher, so the daemon keeps one watching thread.
    pub fn watch(&mut self, tx: UnboundedSender<Input>, folder: Option<&Watched>) {
        match watch(&self.path, tx, folder) {
            Ok(w) => self.watcher = Some(w),
            Err(e) => tracing::warn!("config changes will need a restart: {e}"),
        }
    }

    /// The settings in effect.
    pub fn config(&self) -> &Config {
        &self.current
    }

    pub fn path(&self) -> &str {
        &self.shown_path
    }

    /// The error that keeps the file's settings out, if any.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The current error, the first time it is asked for.
    pub fn take_announcement(&mut self) -> Option<String> {
        let error = self.error.clone()?;
        (self.announced.as_ref() != Some(&error)).then(|| {
            self.announced = Some(error.clone());
            error
        })
    }

    /// The file changed: read it once edits have settled.
    pub fn touched(&mut self, now: Timestamp) {
        self.due = Some(now + DEBOUNCE);
    }

    pub fn deadline(&self) -> Option<Timestamp> {
        self.due
    }

    /// The wall clock was stepped by `by` (negative: set back): a settling edit is read
    /// after its wait in elapsed time, not after the step.
    pub fn clock_stepped(&mut self, by: SignedDuration) {
        self.due = self.due.map(|t| t.checked_add(by).unwrap_or(t));
    }

    /// Reads the file if edits have settled by `now`; says what came of it.
    pub fn due(&mut self, now: Timestamp) -> Option<Published> {
        if self.due.is_none_or(|at| at > now) {
            return None;
        }
        self.due = None;
        match Config::load(&self.path) {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    tracing::warn!("config: {w}");
                }
                self.error = None;
                self.announced = None;
                if loaded.config == self.current {
                    return None;
                }
                tracing::info!("config reloaded from {}", loaded.origin);
                self.current = loaded.config.clone();
                Some(Published::Config(Box::new(loaded.config)))
            }
            Err(e) => {
                let text = match &e {
                    ConfigError::Invalid(d) => crate::diagnostic::render_all(d),
                    ConfigError::Read { .. } => e.to_string(),
                };
                tracing::warn!("config edit not applied, the previous settings stay:\n{text}");
                self.error = Some(text);
                Some(Published::Error {
                    announce: self.take_announcement(),
                })
            }
        }
    }
}

/// Starts watching; the watcher stops when the returned value is dropped.
fn watch(
    config: &Path,
    tx: UnboundedSender<Input>,
    folder: Option<&Watched>,
) -> Result<RecommendedWatcher, String> {
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
    let peers = folder.cloned();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reads (ours included) are not edits: reacting to them would reload forever.
        let Ok(event) = event else { return };
        if matches!(event.kind, notify::EventKind::Access(_)) {
            return;
        }
        if event.paths.iter().any(|p| interesting.contains(p)) {
            let _ = tx.send(Input::ConfigTouched);
        }
        if let Some(peers) = &peers
            && event.paths.iter().any(|p| peers.is_peer(p))
        {
            let _ = tx.send(Input::FolderTouched);
        }
    })
    .map_err(|e| e.to_string())?;
    if let Some(folder) = folder {
        watcher
            .watch(&folder.dir, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", folder.dir.display()))?;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + s).expect("valid")
    }

    #[test]
    fn an_edit_settles_then_publishes_and_each_error_is_announced_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        let mut r = Reload::load(&path);
        assert_eq!(r.take_announcement(), None);
        assert_eq!(r.error(), None);
        std::fs::write(&path, "[schedule]\nsets_per_day = 9\n").expect("write");
        r.touched(at(0));
        assert_eq!(r.due(at(0)), None, "not before the edits settle");
        let Some(Published::Error {
            announce: Some(text),
        }) = r.due(at(1))
        else {
            panic!("a broken edit is published as an error, announced");
        };
        assert!(text.contains("sets_per_day"), "{text}");
        assert_eq!(
            r.config(),
            &Config::defaults(),
            "the last good settings stay"
        );
        r.touched(at(2));
        assert_eq!(
            r.due(at(3)),
            Some(Published::Error { announce: None }),
            "the same error is not announced again"
        );
        std::fs::write(&path, "[schedule]\nsets_per_day = 2\n").expect("write");
        r.touched(at(4));
        let Some(Published::Config(config)) = r.due(at(5)) else {
            panic!("a good edit is published");
        };
        assert_eq!(config.schedule.sets_per_day, 2);
        assert_eq!(r.error(), None);
        r.touched(at(6));
        assert_eq!(
            r.due(at(7)),
            None,
            "an edit that changes nothing publishes nothing"
        );
    }

    #[test]
    fn a_clock_set_back_moves_a_settling_edit_with_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        let mut r = Reload::load(&path);
        std::fs::write(&path, "[schedule]\nsets_per_day = 2\n").expect("write");
        r.touched(at(3600));
        r.clock_stepped(SignedDuration::from_hours(-1));
        assert_eq!(r.deadline(), Some(at(0) + DEBOUNCE));
        assert!(
            matches!(r.due(at(1)), Some(Published::Config(_))),
            "read once settled, not an hour later"
        );
    }

    #[test]
    fn a_broken_file_at_start_means_defaults_and_one_announcement() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[schedule\n").expect("write");
        let mut r = Reload::load(&path);
        assert_eq!(r.config(), &Config::defaults());
        assert!(r.take_announcement().is_some());
        assert_eq!(r.take_announcement(), None);
        assert!(r.error().is_some());
    }
}
