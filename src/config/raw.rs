//! The config file as written: every value optional and carrying its byte span, so that
//! validation can point at it. Also the check for unknown sections and keys, which serde
//! alone would either ignore or report without a suggestion.

use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use crate::diagnostic::{Diagnostic, closest};

/// Sections and their keys: the contract users write against.
pub const SCHEMA: &[(&str, &[&str])] = &[
    (
        "schedule",
        &[
            "sets_per_day",
            "active_hours",
            "active_days",
            "sit_before_reminder",
            "min_gap",
            "break_after_idle",
        ],
    ),
    ("snooze", &["duration", "max_per_reminder"]),
    ("exercise", &["set_length", "reps_per_minute"]),
    ("notifications", &["urgency", "sound", "expire_after"]),
    ("activity", &["source"]),
];

pub type Field<T> = Option<Spanned<T>>;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawConfig {
    pub schedule: RawSchedule,
    pub snooze: RawSnooze,
    pub exercise: RawExercise,
    pub notifications: RawNotifications,
    pub activity: RawActivity,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawSchedule {
    pub sets_per_day: Field<i64>,
    pub active_hours: Field<String>,
    pub active_days: Field<Vec<Spanned<String>>>,
    pub sit_before_reminder: Field<String>,
    pub min_gap: Field<String>,
    pub break_after_idle: Field<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawSnooze {
    pub duration: Field<String>,
    pub max_per_reminder: Field<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawExercise {
    pub set_length: Field<String>,
    pub reps_per_minute: Field<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawNotifications {
    pub urgency: Field<String>,
    pub sound: Field<bool>,
    pub expire_after: Field<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawActivity {
    pub source: Field<String>,
}

/// Parses `text` into the raw form, with the unknown keys found on the way (reported with
/// whatever validation finds next, so one check shows every problem). Syntax errors and
/// wrong types stop here. Value ranges are checked later, in `validate`.
pub fn parse(path: &Path, text: &str) -> Result<(RawConfig, Vec<Diagnostic>), Vec<Diagnostic>> {
    let table = DeTable::parse(text).map_err(|e| vec![toml_diagnostic(path, text, &e)])?;
    let mut unknown = unknown_keys(path, text, table.get_ref());
    match toml::from_str(text) {
        Ok(raw) => Ok((raw, unknown)),
        Err(e) => {
            unknown.push(toml_diagnostic(path, text, &e));
            Err(unknown)
        }
    }
}

fn toml_diagnostic(path: &Path, text: &str, error: &toml::de::Error) -> Diagnostic {
    let span = error.span().unwrap_or(0..0);
    let mut message = error.message().trim().to_owned();
    if let Some(at) = message.find("expected struct Raw") {
        // serde names our internal type; say what the user must write instead.
        message.truncate(at);
        message.push_str("expected a section, like [schedule] on a line of its own");
    }
    let hint = if message.contains("invalid type") {
        Some("check the value's type: durations and times are quoted strings (\"45m\"), numbers are bare (3), switches are true or false".to_owned())
    } else {
        Some("this is not valid TOML; compare with `soleus config init --print`".to_owned())
    };
    Diagnostic::at(path, text, span, message, hint)
}

fn unknown_keys(path: &Path, text: &str, table: &DeTable<'_>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let sections = SCHEMA.iter().map(|(name, _)| *name);
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        let Some((_, keys)) = SCHEMA.iter().find(|(s, _)| *s == name) else {
            let hint = match (closest(name, sections.clone()), owner_of(name)) {
                (Some(s), _) => format!("did you mean [{s}]?"),
                (None, Some(owner)) => format!("`{name}` belongs under [{owner}]"),
                (None, None) => format!("sections are {}", list(sections.clone(), "[", "]")),
            };
            found.push(diag(
                path,
                text,
                key.span(),
                format!("unknown section `{name}`"),
                hint,
            ));
            continue;
        };
        let Some(inner) = value.get_ref().as_table() else {
            continue; // a wrong type for a section is reported by serde with its span
        };
        for (key, _) in inner {
            let k = key.get_ref().as_ref();
            if keys.contains(&k) {
                continue;
            }
            let hint = match (closest(k, keys.iter().copied()), owner_of(k)) {
                (Some(s), _) => format!("did you mean `{s}`?"),
                (None, Some(owner)) => format!("`{k}` belongs under [{owner}]"),
                (None, None) => format!(
                    "keys of [{name}] are {}",
                    list(keys.iter().copied(), "`", "`")
                ),
            };
            found.push(diag(
                path,
                text,
                key.span(),
                format!("unknown key `{k}` in [{name}]"),
                hint,
            ));
        }
    }
    found
}

fn owner_of(key: &str) -> Option<&'static str> {
    SCHEMA
        .iter()
        .find(|(_, keys)| keys.contains(&key))
        .map(|(section, _)| *section)
}

fn list<'a>(items: impl Iterator<Item = &'a str>, open: &str, close: &str) -> String {
    items
        .map(|i| format!("{open}{i}{close}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn diag(path: &Path, text: &str, span: Range<usize>, message: String, hint: String) -> Diagnostic {
    Diagnostic::at(path, text, span, message, Some(hint))
}
