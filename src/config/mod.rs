//! The user's settings: their types, defaults, loading and validation.
//!
//! Loading never panics on user input; every problem becomes a [`Diagnostic`] that points at
//! the offending line and column, with a hint.
//!
//! # Adding a key
//!
//! A key is written in three places, and nowhere else:
//!
//! 1. **Its field in the section struct below** ([`Schedule`], [`Snooze`], ...), with a doc
//!    comment. `soleus config show` writes it through serde, under the field's name (a
//!    duration field also takes `#[serde(serialize_with = "show::duration")]`).
//! 2. **Its read in `validate.rs`**: one `key("name", fallback, check)` call in the function
//!    that builds its section, giving the name users write, the type they write it as, the
//!    check and its hint. Reading a key is also what makes it known: the unknown-key check
//!    and its "did you mean" suggestions keep no list of their own (`reader.rs`).
//! 3. **The key, its default and its documentation in `config/config.toml`.** That file is
//!    embedded and is the only place default values are written down: a key missing from
//!    the user's file takes its value from there.
//!
//! Tests hold the three together: the shipped file must name every key and no other, and
//! the `config show` output must read back, key for key, as the same settings.

mod reader;
mod show;
mod validate;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use jiff::SignedDuration;
use serde::Serialize;

use crate::calendar::{TimeOfDay, Window};
use crate::diagnostic::{Diagnostic, render_all};

/// The documented default configuration, as `soleus config init` writes it.
pub const DEFAULT_TOML: &str = include_str!("../../config/config.toml");

/// Validated settings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Config {
    pub schedule: Schedule,
    pub snooze: Snooze,
    pub exercise: Exercise,
    pub notifications: Notifications,
    pub activity: ActivitySettings,
    pub meals: Meals,
    pub tray: TraySettings,
    pub context: ContextSettings,
    pub history: HistorySettings,
}

/// The `[history]` section: where the history lives besides this machine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistorySettings {
    /// A folder a sync tool (Syncthing, Nextcloud, Dropbox) carries between machines: each
    /// machine then appends to a file of its own there and reads every machine's file
    /// (`crate::history::folder`). `None` (written `""`): the history stays on this
    /// machine. `~` is expanded when the file is read.
    #[serde(serialize_with = "show::folder")]
    pub sync_folder: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// The daily goal of sets, and the cap on reminders per day.
    pub sets_per_day: u8,
    #[serde(flatten, serialize_with = "show::window")]
    pub window: Window,
    #[serde(serialize_with = "show::duration")]
    pub sit_before_reminder: SignedDuration,
    #[serde(serialize_with = "show::duration")]
    pub min_gap: SignedDuration,
    #[serde(serialize_with = "show::duration")]
    pub break_after_idle: SignedDuration,
    /// Share the day's reminders over its active hours, so the afternoon gets its share;
    /// off, a reminder comes as soon as sitting and `min_gap` allow.
    pub spread: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snooze {
    #[serde(serialize_with = "show::duration")]
    pub duration: SignedDuration,
    pub max_per_reminder: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exercise {
    #[serde(serialize_with = "show::duration")]
    pub set_length: SignedDuration,
    pub reps_per_minute: u16,
}

impl Exercise {
    /// Estimated reps of a full guided set.
    pub fn estimated_reps(&self) -> u32 {
        reps_in(self.set_length, self.reps_per_minute)
    }
}

/// Reps done in `duration` at `per_minute`, rounded to the nearest rep, at least 1.
pub fn reps_in(duration: SignedDuration, per_minute: u16) -> u32 {
    let reps = (duration.as_secs() * i64::from(per_minute) + 30) / 60;
    u32::try_from(reps).unwrap_or(u32::MAX).max(1)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Notifications {
    pub urgency: Urgency,
    pub sound: bool,
    /// An unanswered reminder is closed and counted as missed after this long.
    #[serde(serialize_with = "show::duration")]
    pub expire_after: SignedDuration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Urgency {
    Low,
    Normal,
    Critical,
}

/// The `[meals]` section: when the user usually eats, and how long after a meal a set is
/// timed for it. Exercise soon after a meal blunts the rise in blood sugar that follows;
/// the scheduler aims a reminder early in that window (see `schedule::meals`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meals {
    /// Usual meal times; a meal logged with `soleus meal` near one replaces it that day.
    #[serde(serialize_with = "show::times")]
    pub times: Vec<TimeOfDay>,
    /// How long after a meal a set counts as post-meal.
    #[serde(serialize_with = "show::duration")]
    pub window: SignedDuration,
}

/// The `[activity]` section: how presence at the desk is detected. Named apart from
/// [`crate::schedule::Activity`], the activity states that detection reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivitySettings {
    pub source: ActivitySource,
}

/// The `[tray]` section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraySettings {
    /// Show a tray item (a `StatusNotifierItem`) whenever a tray host runs.
    pub enabled: bool,
}

/// The `[context]` section: what a due reminder does while do-not-disturb is on, a window
/// is fullscreen, or a call is going on (README, "Context").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContextSettings {
    pub dnd: Policy,
    pub fullscreen: Policy,
    pub call: Policy,
    /// The mako mode that means do-not-disturb (`makoctl mode -a NAME`): mako has no DND
    /// of its own, only modes its config gives a meaning, named as the user likes.
    pub mako_mode: String,
}

impl ContextSettings {
    pub fn policy(&self, kind: crate::context::Kind) -> Policy {
        match kind {
            crate::context::Kind::Dnd => self.dnd,
            crate::context::Kind::Fullscreen => self.fullscreen,
            crate::context::Kind::Call => self.call,
        }
    }
}

/// What one kind of context does to a due reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Keep it back (not spent, not expiring) and show one catch-up when the context ends.
    Hold,
    /// Show it anyway, quietly: low urgency, no sound, a short text (a set under the desk
    /// is silent and invisible, so a call is a chance, not an obstacle).
    Quiet,
    /// Show it as if nothing were going on.
    Remind,
}

impl Policy {
    pub const NAMES: [&str; 3] = ["hold", "quiet", "remind"];
    pub const ALL: [Self; 3] = [Self::Hold, Self::Quiet, Self::Remind];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// Which idle/lock detection the daemon uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivitySource {
    Auto,
    X11,
    Gnome,
    Kde,
    Wayland,
    None,
}

impl Urgency {
    pub const NAMES: [&str; 3] = ["low", "normal", "critical"];
    pub const ALL: [Self; 3] = [Self::Low, Self::Normal, Self::Critical];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl ActivitySource {
    pub const NAMES: [&str; 6] = ["auto", "x11", "gnome", "kde", "wayland", "none"];
    pub const ALL: [Self; 6] = [
        Self::Auto,
        Self::X11,
        Self::Gnome,
        Self::Kde,
        Self::Wayland,
        Self::None,
    ];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// Where the settings in effect came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// No file at the path: built-in defaults.
    Defaults {
        missing: PathBuf,
    },
    File(PathBuf),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Defaults { missing } => {
                write!(f, "built-in defaults (no file at {})", missing.display())
            }
            Self::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// Settings plus what loading them had to say.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    pub origin: Origin,
    /// Settings that are valid but work against each other.
    pub warnings: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{}", render_all(.0))]
    Invalid(Vec<Diagnostic>),
}

impl Config {
    /// Built-in defaults, from the embedded documented config.
    pub fn defaults() -> Self {
        // The embedded file is part of the build and a test proves it valid, so this cannot
        // fail at run time.
        #[allow(clippy::expect_used)]
        validate::from_text(Path::new("<built-in config>"), DEFAULT_TOML, None)
            .map(|(config, _)| config)
            .expect("the embedded config/config.toml is valid")
    }

    /// Parses and validates `text`, read from `path` (for messages). Missing keys take their
    /// default values.
    pub fn parse(path: &Path, text: &str) -> Result<(Self, Vec<String>), Vec<Diagnostic>> {
        validate::from_text(path, text, Some(&Self::defaults()))
    }

    /// Loads the file at `path`; a missing file means built-in defaults.
    pub fn load(path: &Path) -> Result<Loaded, ConfigError> {
        // Only a regular file: a FIFO here would block the daemon until someone wrote to it.
        let read = crate::regular_file::open_read(path).and_then(|mut file| {
            let mut text = String::new();
            io::Read::read_to_string(&mut file, &mut text).map(|_| text)
        });
        match read {
            Ok(text) => {
                let (config, warnings) = Self::parse(path, &text).map_err(ConfigError::Invalid)?;
                Ok(Loaded {
                    config,
                    origin: Origin::File(path.to_owned()),
                    warnings,
                })
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let config = Self::defaults();
                let warnings = validate::warnings(&config);
                Ok(Loaded {
                    config,
                    origin: Origin::Defaults {
                        missing: path.to_owned(),
                    },
                    warnings,
                })
            }
            Err(source) => Err(ConfigError::Read {
                path: path.to_owned(),
                source,
            }),
        }
    }
}

#[cfg(test)]
mod tests;
