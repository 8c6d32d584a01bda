//! The settings written back as TOML, for `soleus config show`.
//!
//! Derived from the settings types through serde, so a new key shows up without a line
//! here. Values are written the way a user writes them in config.toml (durations as
//! `"1h30m"`, choices by name), and the output parses back to the same settings.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use super::{ActivitySource, Config, Policy, Urgency};
use crate::calendar::{TimeOfDay, Window};
use crate::duration;

impl Config {
    /// The settings as TOML, every key spelled out, for `soleus config show`.
    pub fn to_toml(&self) -> String {
        // Every settings type serializes to plain strings, integers, booleans and arrays in
        // tables, all of which TOML can hold; a test writes and re-reads every key.
        #[allow(clippy::expect_used)]
        toml::to_string(self).expect("settings serialize to TOML")
    }
}

/// A duration as people write it: `"1h30m"`.
pub fn duration<S: Serializer>(value: &jiff::SignedDuration, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(&duration::format(*value))
}

/// A folder setting: its path, or `""` for none.
#[allow(clippy::ref_option)] // serde's `serialize_with` hands the field by reference
pub fn folder<S: Serializer>(value: &Option<std::path::PathBuf>, s: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(path) => s.collect_str(&path.display()),
        None => s.serialize_str(""),
    }
}

/// Usual meal times as people write them: `["12:30", "19:00"]`.
pub fn times<S: Serializer>(value: &[TimeOfDay], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(value.iter().map(ToString::to_string))
}

/// The active window as its two keys of `[schedule]`, `active_hours` and `active_days`: one
/// field holds both, so their names are written here rather than taken from the field.
pub fn window<S: Serializer>(value: &Window, s: S) -> Result<S::Ok, S::Error> {
    let mut out = s.serialize_struct("Window", 2)?;
    out.serialize_field("active_hours", &value.hours.to_string())?;
    out.serialize_field("active_days", &value.days.names())?;
    out.end()
}

impl Serialize for Urgency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl Serialize for ActivitySource {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}
