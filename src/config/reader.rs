//! Reading config.toml: the parsed file, each section's keys taken out with their byte spans
//! (so that a problem can point at its value), and the sections and keys nothing read,
//! reported as unknown with a suggestion.
//!
//! There is no list of known keys to keep in step with the code: a key is known because
//! validation reads it with [`Section::key`]. Every section is read on every load, so when
//! [`Reader::finish`] looks for unknown keys, the schema it compares against is complete.

use std::fmt;
use std::ops::Range;
use std::path::Path;

use serde::de::{Deserialize, DeserializeOwned, DeserializeSeed, Deserializer, MapAccess, Visitor};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostic::{Diagnostic, closest};

/// What is wrong with a value, and a hint on how to fix it.
pub type Problem = (String, String);

/// A problem at a place inside a value, such as one item of a list.
pub type PlacedProblem = (Range<usize>, Problem);

/// The parsed file and what reading it has found so far.
pub struct Reader<'a> {
    table: DeTable<'a>,
    report: Report<'a>,
}

struct Report<'a> {
    path: &'a Path,
    text: &'a str,
    /// Sections and their keys, in the order validation read them.
    schema: Vec<(&'static str, Vec<&'static str>)>,
    problems: Vec<Diagnostic>,
}

/// One section of the file, as validation reads it key by key.
pub struct Section<'r, 'a> {
    table: Option<&'r DeTable<'a>>,
    keys: Vec<&'static str>,
    report: &'r mut Report<'a>,
}

impl<'a> Reader<'a> {
    /// Parses `text`, read from `path` (for messages). A syntax error stops here.
    pub fn parse(path: &'a Path, text: &'a str) -> Result<Self, Vec<Diagnostic>> {
        let table = DeTable::parse(text).map_err(|e| vec![toml_diagnostic(path, text, &e)])?;
        Ok(Self {
            table: table.into_inner(),
            report: Report {
                path,
                text,
                schema: Vec::new(),
                problems: Vec::new(),
            },
        })
    }

    /// Reads the section `name` with `read`, which takes out its keys one by one. A section
    /// absent from the file reads as empty, so every key takes its fallback.
    pub fn section<T>(
        &mut self,
        name: &'static str,
        read: impl FnOnce(&mut Section<'_, 'a>) -> T,
    ) -> T {
        let table = self.table.get(name).and_then(|value| {
            let table = value.get_ref().as_table();
            if table.is_none() {
                self.report.not_a_section(value, name);
            }
            table
        });
        let mut section = Section {
            table,
            keys: Vec::new(),
            report: &mut self.report,
        };
        let out = read(&mut section);
        let keys = section.keys;
        self.report.schema.push((name, keys));
        out
    }

    /// Every problem found: unknown sections and keys first, in file order, then the values
    /// refused, in the order they were read.
    pub fn finish(self) -> Vec<Diagnostic> {
        let mut all = self.report.unknown_keys(&self.table);
        all.extend(self.report.problems);
        all
    }
}

impl Section<'_, '_> {
    /// Reads and checks `key`: the file's value when present, else `fallback`. `check` sees
    /// the value as written, typed as `R`; its problem is reported at the value, prefixed
    /// with the key. `None` when the key cannot be used (the problem is recorded).
    pub fn key<R: DeserializeOwned, T>(
        &mut self,
        key: &'static str,
        fallback: Option<T>,
        check: impl FnOnce(&R) -> Result<T, Problem>,
    ) -> Option<T> {
        self.key_spanned(key, fallback, |value: &Spanned<R>| {
            check(value.get_ref()).map_err(|problem| vec![(value.span(), problem)])
        })
    }

    /// [`Section::key`] for a value whose problems lie inside it: `check` sees the spans
    /// of what it was given and may report several problems, each at its own place.
    pub fn key_spanned<R: DeserializeOwned, T>(
        &mut self,
        key: &'static str,
        fallback: Option<T>,
        check: impl FnOnce(&Spanned<R>) -> Result<T, Vec<PlacedProblem>>,
    ) -> Option<T> {
        self.keys.push(key);
        let Some(value) = self.table.and_then(|table| table.get(key)) else {
            if fallback.is_none() {
                // Without a fallback (the embedded defaults) every key must be written.
                self.report.push(0..0, format!("missing key `{key}`"), None);
            }
            return fallback;
        };
        let typed = match Spanned::<R>::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(typed) => typed,
            Err(e) => {
                self.report.push_toml(&e);
                return None;
            }
        };
        match check(&typed) {
            Ok(checked) => Some(checked),
            Err(problems) => {
                for (span, (message, hint)) in problems {
                    self.report
                        .push(span, format!("{key}: {message}"), Some(hint));
                }
                None
            }
        }
    }
}

impl Report<'_> {
    fn diagnostic(&self, span: Range<usize>, message: String, hint: Option<String>) -> Diagnostic {
        Diagnostic::at(self.path, self.text, span, message, hint)
    }

    fn push(&mut self, span: Range<usize>, message: String, hint: Option<String>) {
        self.problems.push(self.diagnostic(span, message, hint));
    }

    fn push_toml(&mut self, error: &toml::de::Error) {
        self.problems
            .push(toml_diagnostic(self.path, self.text, error));
    }

    /// Records, in serde's words, why `value` cannot be the section `name`.
    fn not_a_section(&mut self, value: &Spanned<DeValue<'_>>, name: &'static str) {
        if let Err(e) = SectionShape(name).deserialize(ValueDeserializer::from(value.clone())) {
            self.problems
                .push(toml_diagnostic(self.path, self.text, &e));
        }
    }

    fn unknown_keys(&self, table: &DeTable<'_>) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        let sections = self.schema.iter().map(|(name, _)| *name);
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let Some((_, keys)) = self.schema.iter().find(|(s, _)| *s == name) else {
                let hint = match (closest(name, sections.clone()), self.owner_of(name)) {
                    (Some(s), _) => format!("did you mean [{s}]?"),
                    (None, Some(owner)) => format!("`{name}` belongs under [{owner}]"),
                    (None, None) => format!("sections are {}", list(sections.clone(), "[", "]")),
                };
                let message = format!("unknown section `{name}`");
                found.push(self.diagnostic(key.span(), message, Some(hint)));
                continue;
            };
            let Some(inner) = value.get_ref().as_table() else {
                continue; // a section that is not a table was reported when it was read
            };
            for (key, _) in inner {
                let k = key.get_ref().as_ref();
                if keys.contains(&k) {
                    continue;
                }
                let hint = match (closest(k, keys.iter().copied()), self.owner_of(k)) {
                    (Some(s), _) => format!("did you mean `{s}`?"),
                    (None, Some(owner)) => format!("`{k}` belongs under [{owner}]"),
                    (None, None) => format!(
                        "keys of [{name}] are {}",
                        list(keys.iter().copied(), "`", "`")
                    ),
                };
                let message = format!("unknown key `{k}` in [{name}]");
                found.push(self.diagnostic(key.span(), message, Some(hint)));
            }
        }
        found
    }

    fn owner_of(&self, key: &str) -> Option<&'static str> {
        self.schema
            .iter()
            .find(|(_, keys)| keys.contains(&key))
            .map(|(section, _)| *section)
    }
}

fn list<'a>(items: impl Iterator<Item = &'a str>, open: &str, close: &str) -> String {
    items
        .map(|i| format!("{open}{i}{close}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn toml_diagnostic(path: &Path, text: &str, error: &toml::de::Error) -> Diagnostic {
    let span = error.span().unwrap_or(0..0);
    let message = error.message().trim().to_owned();
    let hint = if message.contains("invalid type") {
        "check the value's type: durations and times are quoted strings (\"45m\"), numbers are bare (3), switches are true or false"
    } else {
        "this is not valid TOML; compare with `soleus config init --print`"
    };
    Diagnostic::at(path, text, span, message, Some(hint.to_owned()))
}

/// Accepts only a table, and says in the user's terms what to write instead: serde's
/// "invalid type: integer `3`, expected a section, like [schedule] on a line of its own".
struct SectionShape(&'static str);

impl<'de> DeserializeSeed<'de> for SectionShape {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for SectionShape {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a section, like [{}] on a line of its own", self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Ok(())
    }
}
