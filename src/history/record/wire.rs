//! Reading one history line: every field any record type has, flat, then checked against
//! what the line's `type` allows. The checks give the same kinds of errors serde's derived
//! reader gave (unknown type, missing or unexpected field), so a damaged line is still
//! named for what is wrong with it.

use std::borrow::Cow;

use jiff::Timestamp;
use serde::Deserialize;

use super::{Record, ReminderEvent, ReminderRecord, SetOrigin, SetRecord, UndoRecord, local_time};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Line<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(with = "local_time")]
    at: Timestamp,
    #[serde(default, with = "local_time::option")]
    reminder: Option<Timestamp>,
    #[serde(default)]
    event: Option<ReminderEvent>,
    #[serde(default, with = "local_time::option")]
    until: Option<Timestamp>,
    #[serde(default)]
    reps: Option<u32>,
    #[serde(default)]
    duration_s: Option<u32>,
    #[serde(default)]
    origin: Option<SetOrigin>,
    #[serde(default, with = "local_time::option")]
    set_at: Option<Timestamp>,
}

fn need<T>(value: Option<T>, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
}

impl Line<'_> {
    /// The record this line is, or what is wrong with it.
    pub(super) fn into_record(self) -> Result<Record, String> {
        let present = [
            ("reminder", self.reminder.is_some()),
            ("event", self.event.is_some()),
            ("until", self.until.is_some()),
            ("reps", self.reps.is_some()),
            ("duration_s", self.duration_s.is_some()),
            ("origin", self.origin.is_some()),
            ("set_at", self.set_at.is_some()),
        ];
        let allowed: &[&str] = match self.kind.as_ref() {
            "set" => &["reps", "duration_s", "origin"],
            "reminder" => &["reminder", "event", "until"],
            "undo" => &["set_at", "reps"],
            other => {
                return Err(format!(
                    "unknown variant `{other}`, expected one of {}",
                    super::KNOWN_TYPES.map(|t| format!("`{t}`")).join(", ")
                ));
            }
        };
        if let Some((field, _)) = present
            .iter()
            .find(|(field, there)| *there && !allowed.contains(field))
        {
            return Err(format!(
                "unknown field `{field}` in a `{}` record",
                self.kind
            ));
        }
        Ok(match self.kind.as_ref() {
            "set" => Record::Set(SetRecord {
                at: self.at,
                reps: need(self.reps, "reps")?,
                duration_s: need(self.duration_s, "duration_s")?,
                origin: need(self.origin, "origin")?,
            }),
            "reminder" => Record::Reminder(ReminderRecord {
                at: self.at,
                reminder: need(self.reminder, "reminder")?,
                event: need(self.event, "event")?,
                until: self.until,
            }),
            _ => Record::Undo(UndoRecord {
                at: self.at,
                set_at: need(self.set_at, "set_at")?,
                reps: need(self.reps, "reps")?,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::Record;

    fn read(line: &str) -> Result<Record, String> {
        serde_json::from_str(line).map_err(|e| e.to_string())
    }

    #[test]
    fn every_record_reads_back_as_written() {
        for line in [
            r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":60,"duration_s":360,"origin":"manual"}"#,
            r#"{"type":"reminder","at":"2026-11-20T10:16:00+01:00","reminder":"2026-11-20T10:15:00+01:00","event":"snoozed","until":"2026-11-20T10:26:00+01:00"}"#,
            r#"{"type":"reminder","at":"2026-11-20T10:16:00+01:00","reminder":"2026-11-20T10:15:00+01:00","event":"done"}"#,
            r#"{"type":"undo","at":"2026-11-20T11:00:00+01:00","set_at":"2026-11-20T10:15:00+01:00","reps":60}"#,
        ] {
            let record = read(line).expect(line);
            let again = serde_json::to_string(&record).expect("serialise");
            assert_eq!(read(&again), Ok(record), "{line}");
        }
    }

    #[test]
    fn damaged_lines_say_what_is_wrong() {
        let cases = [
            (
                r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":60,"origin":"manual"}"#,
                "missing field `duration_s`",
            ),
            (
                r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":60,"duration_s":1,"origin":"manual","until":"2026-11-20T10:15:00+01:00"}"#,
                "unknown field `until` in a `set` record",
            ),
            (
                r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":60,"duration_s":1,"origin":"manual","colour":"red"}"#,
                "unknown field `colour`",
            ),
            (
                r#"{"type":"nap","at":"2026-11-20T10:15:00+01:00"}"#,
                "unknown variant `nap`, expected one of `set`, `reminder`, `undo`",
            ),
            (r#"{"type":"set","reps":60}"#, "missing field `at`"),
            (
                r#"{"type":"set","at":"yesterday","reps":60,"duration_s":1,"origin":"manual"}"#,
                "year",
            ),
            (
                r#"{"type":"reminder","at":"2026-11-20T10:16:00+01:00","reminder":"2026-11-20T10:15:00+01:00","event":"napped"}"#,
                "unknown variant `napped`",
            ),
        ];
        for (line, expected) in cases {
            let error = read(line).expect_err(line);
            assert!(error.contains(expected), "{line}: {error}");
        }
    }
}
