//! What the history file holds, one JSON object per line.
//!
//! Records are facts, appended as they happen: a set done, and each step of a reminder's
//! life (shown, snoozed, then one outcome). Stats and the daemon's restart both fold over
//! them. Timestamps are written in the user's local time with its UTC offset, so the file
//! reads naturally and stays unambiguous across DST and travel.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// The schema version this build writes; a file with a newer one is not touched.
pub const VERSION: u32 = 1;

/// The first line of every history file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Always `"soleus-history"`: tells a stray JSON file from ours.
    pub format: String,
    pub version: u32,
    /// When the previous file could not be read and was set aside, where it went and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovered_from: Option<Recovery>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recovery {
    pub path: String,
    pub reason: String,
}

impl Header {
    pub const FORMAT: &str = "soleus-history";

    pub fn new(recovered_from: Option<Recovery>) -> Self {
        Self {
            format: Self::FORMAT.to_owned(),
            version: VERSION,
            recovered_from,
        }
    }
}

/// One line of history after the header.
///
/// Written by serde's internally tagged form (`{"type":"set",...}`); read through
/// [`wire::Line`], a flat view of every field, which borrows from the line. serde's own
/// reader for internally tagged enums first copies each line into an owned tree of values,
/// and that copy was most of the cost of loading a long history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Record {
    Set(SetRecord),
    Reminder(ReminderRecord),
    /// `soleus log --undo`: takes back the last set logged with this start and reps.
    Undo(UndoRecord),
    /// `soleus pause`: reminders held until `until`, or until a [`Record::Resume`]. In
    /// history so that a pause outlives a restart of the daemon, as the day's sets do.
    Pause(PauseRecord),
    /// `soleus resume`: ends the pause before it.
    Resume(ResumeRecord),
    /// A guided set started without a reminder whose time ran out and whose "set complete"
    /// prompt nobody confirmed: kept, as a reminder's `unconfirmed` is, but not a set (an
    /// older soleus skips this type rather than counting it).
    UnconfirmedSet(UnconfirmedSetRecord),
    /// `soleus meal`: the user ate; a set soon after helps most (an older soleus skips it).
    Meal(MealRecord),
    /// `soleus meal --undo`: takes back the last meal logged at `meal_at`.
    MealUndo(MealUndoRecord),
}

/// Names of the record types this version knows; a line of another type comes from a newer
/// version and is kept and skipped, not taken for corruption.
pub const KNOWN_TYPES: [&str; 8] = [
    "set",
    "reminder",
    "undo",
    "pause",
    "resume",
    "unconfirmed_set",
    "meal",
    "meal_undo",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PauseRecord {
    #[serde(with = "local_time")]
    pub at: Timestamp,
    /// When reminders come back by themselves; absent: not until `soleus resume`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "local_time::option"
    )]
    pub until: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnconfirmedSetRecord {
    /// When the set started.
    #[serde(with = "local_time")]
    pub at: Timestamp,
    /// How long it was to run.
    pub duration_s: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResumeRecord {
    #[serde(with = "local_time")]
    pub at: Timestamp,
}

/// The pause still in force at `now`, if the last pause in `records` was neither resumed
/// nor has run out: what a restarted daemon carries on with.
pub fn pause_in_force(records: &[Record], now: Timestamp) -> Option<&PauseRecord> {
    let last = records.iter().rev().find_map(|r| match r {
        Record::Pause(p) => Some(Some(p)),
        Record::Resume(_) => Some(None),
        _ => None,
    })??;
    last.until.is_none_or(|until| until > now).then_some(last)
}

/// Whether a record of the known type `kind` carries a value a newer version added: an
/// `event` (for `reminder`) or `origin` (for `set`) string this version has no name for.
/// A value of the wrong JSON type is not newer: that is damage.
pub fn has_newer_value(kind: &str, line: &serde_json::Value) -> bool {
    fn unknown<T: serde::de::DeserializeOwned>(line: &serde_json::Value, field: &str) -> bool {
        line.get(field)
            .filter(|v| v.is_string())
            .is_some_and(|v| T::deserialize(v).is_err())
    }
    match kind {
        "reminder" => unknown::<ReminderEvent>(line, "event"),
        "set" => unknown::<SetOrigin>(line, "origin"),
        _ => false,
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoRecord {
    /// When the undo was asked for.
    #[serde(with = "local_time")]
    pub at: Timestamp,
    /// The undone set's start.
    #[serde(with = "local_time")]
    pub set_at: Timestamp,
    pub reps: u32,
    /// The undone set's id, when it has one (a history in a sync folder): an undo on one
    /// device then takes back that very set on every device, whatever else shares its time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_id: Option<String>,
}

/// The records with every undone set removed: each undo takes back the latest earlier set
/// with its start and reps that is not undone already. An undo that names its set by id
/// (a sync folder) takes back that set wherever it stands: devices' clocks differ, so in
/// the merged history a set can come after the undo another device wrote for it.
///
/// References, not copies: stats fold a ten-year history through this.
pub fn effective(records: &[Record]) -> Vec<&Record> {
    let named: std::collections::HashSet<&str> = records
        .iter()
        .filter_map(|r| match r {
            Record::Undo(u) => u.set_id.as_deref(),
            _ => None,
        })
        .collect();
    let mut kept: Vec<Option<&Record>> = Vec::with_capacity(records.len());
    for record in records {
        match record {
            Record::Undo(undo) if undo.set_id.is_none() => {
                let target = kept.iter().rposition(|r| {
                    matches!(r, Some(Record::Set(s)) if s.at == undo.set_at && s.reps == undo.reps)
                });
                if let Some(i) = target {
                    kept[i] = None;
                }
            }
            Record::Undo(_) => {}
            Record::Set(s) if s.id.as_deref().is_some_and(|id| named.contains(id)) => {}
            _ => kept.push(Some(record)),
        }
    }
    kept.into_iter().flatten().collect()
}

/// A set of soleus pushups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetRecord {
    /// When the set started.
    #[serde(with = "local_time")]
    pub at: Timestamp,
    pub reps: u32,
    pub duration_s: u32,
    pub origin: SetOrigin,
    /// Its stable id: written in a sync folder (see `crate::history::folder`), where an
    /// undo names the set it takes back; absent in a history kept on one machine.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// How a set came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetOrigin {
    /// Answered a reminder (done, or a guided set started from it).
    Reminder,
    /// Logged or started by the user without a reminder.
    Manual,
}

impl SetOrigin {
    /// The name used in the history file, JSON and CSV.
    pub fn name(self) -> &'static str {
        match self {
            Self::Reminder => "reminder",
            Self::Manual => "manual",
        }
    }
}

/// One step in a reminder's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderRecord {
    #[serde(with = "local_time")]
    pub at: Timestamp,
    /// Identifies the reminder: when it was first shown.
    #[serde(with = "local_time")]
    pub reminder: Timestamp,
    pub event: ReminderEvent,
    /// For `snoozed`: when it comes back.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "local_time::option"
    )]
    pub until: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderEvent {
    Shown,
    Snoozed,
    /// Answered with a set.
    Done,
    Skipped,
    /// Expired unanswered.
    Missed,
    /// A guided set was started from it but never confirmed done.
    Unconfirmed,
    /// It fell due while the user was not to be interrupted (do-not-disturb, fullscreen, a
    /// call) and was kept back; `reminder` is when it fell due, as it was never shown.
    Held,
    /// The context that held it ended: the catch-up reminder follows, as a `shown` of its
    /// own, when the other rules allow.
    Released,
}

impl ReminderEvent {
    /// Whether this step ends the reminder's life (done, skipped, missed, unconfirmed): a
    /// hold and its release only keep it back for a while.
    pub fn resolves(self) -> bool {
        !matches!(
            self,
            Self::Shown | Self::Snoozed | Self::Held | Self::Released
        )
    }

    /// Every step, in the order of the enum.
    pub const ALL: [Self; 8] = [
        Self::Shown,
        Self::Snoozed,
        Self::Done,
        Self::Skipped,
        Self::Missed,
        Self::Unconfirmed,
        Self::Held,
        Self::Released,
    ];
}

impl Record {
    pub fn at(&self) -> Timestamp {
        match self {
            Self::Set(s) => s.at,
            Self::Reminder(r) => r.at,
            Self::Undo(u) => u.at,
            Self::Pause(p) => p.at,
            Self::Resume(r) => r.at,
            Self::UnconfirmedSet(u) => u.at,
            Self::Meal(m) => m.at,
            Self::MealUndo(u) => u.at,
        }
    }
}

impl<'de> Deserialize<'de> for Record {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        wire::Line::deserialize(d)?
            .into_record()
            .map(|(record, _)| record)
            .map_err(serde::de::Error::custom)
    }
}

/// Reads one line of history: the record, and the line's `id` when it has one.
pub fn read_line(text: &str) -> Result<(Record, Option<String>), serde_json::Error> {
    LineReader::default().read(text)
}

/// Reads a history's lines one after another: a line in the plain form soleus writes is
/// read directly ([`wire::plain`]), any other through serde, with the same result.
#[derive(Debug, Default)]
pub struct LineReader {
    instants: instant::Instants,
}

impl LineReader {
    /// The record `text` holds, and its `id` when it has one.
    pub fn read(&mut self, text: &str) -> Result<(Record, Option<String>), serde_json::Error> {
        let line = match wire::plain::read(text, &mut self.instants) {
            Some(line) => line,
            None => serde_json::from_str(text)?,
        };
        line.into_record().map_err(serde::de::Error::custom)
    }
}

mod instant;
mod meal;
mod wire;

pub use meal::{MealRecord, MealUndoRecord, meals};

/// Timestamps as RFC 3339 in the system's local offset; any offset is read back.
pub mod local_time {
    use jiff::Timestamp;
    use jiff::tz::TimeZone;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Whole seconds: finer is noise in a file people read.
    pub fn render(t: Timestamp) -> String {
        let t = Timestamp::from_second(t.as_second()).unwrap_or(t);
        crate::timefmt::rfc3339(t, &TimeZone::system())
    }

    pub fn serialize<S: Serializer>(t: &Timestamp, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&render(*t))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        super::instant::parse(&text).map_err(serde::de::Error::custom)
    }

    pub mod option {
        use super::{Deserialize, Deserializer, Serializer, Timestamp};

        pub fn serialize<S: Serializer>(t: &Option<Timestamp>, s: S) -> Result<S::Ok, S::Error> {
            match t {
                Some(t) => super::serialize(t, s),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
            Option::<std::borrow::Cow<'de, str>>::deserialize(d)?
                .map(|t| super::super::instant::parse(&t).map_err(serde::de::Error::custom))
                .transpose()
        }
    }
}
