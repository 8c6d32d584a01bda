//! Reading one history line: every field any record type has, flat, then picked by the
//! line's `type`. As with serde's derived reader before it, fields a record type does not
//! have are ignored: a newer soleus may add an optional field, and that must not make this
//! version take the whole file for damaged. A line missing a field its type needs, or of
//! no known type, is still named for what is wrong with it.

use std::borrow::Cow;

use jiff::Timestamp;
use serde::Deserialize;

use super::{
    MealRecord, MealUndoRecord, PauseRecord, Record, ReminderEvent, ReminderRecord, ResumeRecord,
    SetOrigin, SetRecord, UnconfirmedSetRecord, UndoRecord, local_time,
};

pub(super) mod plain;

#[derive(Deserialize)]
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
    /// `duration_seconds` is what the JSON outputs (`stats --sets --json`, `simulate
    /// --json`) call it: a line written from that output reads back.
    #[serde(default, alias = "duration_seconds")]
    duration_s: Option<u32>,
    #[serde(default)]
    origin: Option<SetOrigin>,
    #[serde(default, with = "local_time::option")]
    set_at: Option<Timestamp>,
    #[serde(default, with = "local_time::option")]
    meal_at: Option<Timestamp>,
    /// A record's stable id (a history in a sync folder): any record type may carry one.
    #[serde(default, borrow)]
    id: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    set_id: Option<Cow<'a, str>>,
}

fn need<T>(value: Option<T>, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing or null field `{field}`"))
}

impl Line<'_> {
    /// The record this line is with the line's id, or what is wrong with it.
    pub(super) fn into_record(self) -> Result<(Record, Option<String>), String> {
        let id = self.id.map(Cow::into_owned);
        let record = match self.kind.as_ref() {
            "set" => Record::Set(SetRecord {
                at: self.at,
                reps: need(self.reps, "reps")?,
                duration_s: need(self.duration_s, "duration_s")?,
                origin: need(self.origin, "origin")?,
                id: id.clone(),
            }),
            "reminder" => Record::Reminder(ReminderRecord {
                at: self.at,
                reminder: need(self.reminder, "reminder")?,
                event: need(self.event, "event")?,
                until: self.until,
            }),
            "undo" => Record::Undo(UndoRecord {
                at: self.at,
                set_at: need(self.set_at, "set_at")?,
                reps: need(self.reps, "reps")?,
                set_id: self.set_id.map(Cow::into_owned),
            }),
            "pause" => Record::Pause(PauseRecord {
                at: self.at,
                until: self.until,
            }),
            "resume" => Record::Resume(ResumeRecord { at: self.at }),
            "unconfirmed_set" => Record::UnconfirmedSet(UnconfirmedSetRecord {
                at: self.at,
                duration_s: need(self.duration_s, "duration_s")?,
            }),
            "meal" => Record::Meal(MealRecord { at: self.at }),
            "meal_undo" => Record::MealUndo(MealUndoRecord {
                at: self.at,
                meal_at: need(self.meal_at, "meal_at")?,
            }),
            other => {
                return Err(format!(
                    "unknown variant `{other}`, expected one of {}",
                    super::KNOWN_TYPES.map(|t| format!("`{t}`")).join(", ")
                ));
            }
        };
        Ok((record, id))
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
            r#"{"type":"pause","at":"2026-11-20T11:00:00+01:00","until":"2026-11-20T13:00:00+01:00"}"#,
            r#"{"type":"pause","at":"2026-11-20T11:00:00+01:00"}"#,
            r#"{"type":"resume","at":"2026-11-20T12:00:00+01:00"}"#,
            r#"{"type":"unconfirmed_set","at":"2026-11-20T12:00:00+01:00","duration_s":420}"#,
            r#"{"type":"meal","at":"2026-11-20T12:30:00+01:00"}"#,
            r#"{"type":"meal_undo","at":"2026-11-20T12:31:00+01:00","meal_at":"2026-11-20T12:30:00+01:00"}"#,
        ] {
            let record = read(line).expect(line);
            let again = serde_json::to_string(&record).expect("serialise");
            assert_eq!(read(&again), Ok(record), "{line}");
        }
    }

    #[test]
    fn duration_seconds_is_read_as_duration_s() {
        assert_eq!(
            read(
                r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":60,"duration_seconds":360,"origin":"manual"}"#
            ),
            read(
                r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":60,"duration_s":360,"origin":"manual"}"#
            )
        );
    }

    /// What a newer soleus might add: an unknown field, or another type's field.
    #[test]
    fn fields_a_record_does_not_have_are_ignored() {
        let plain = read(
            r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":60,"duration_s":360,"origin":"manual"}"#,
        );
        for line in [
            r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":60,"duration_s":360,"origin":"manual","mood":"great"}"#,
            r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":60,"duration_s":360,"origin":"manual","until":"2026-11-20T10:25:00+01:00"}"#,
            r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":60,"duration_s":360,"origin":"manual","notes":{"a":[1,2]}}"#,
        ] {
            assert_eq!(read(line), plain, "{line}");
        }
    }

    #[test]
    fn damaged_lines_say_what_is_wrong() {
        let cases = [
            (
                r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":60,"origin":"manual"}"#,
                "missing or null field `duration_s`",
            ),
            (
                r#"{"type":"nap","at":"2026-11-20T10:15:00+01:00"}"#,
                "unknown variant `nap`, expected one of `set`, `reminder`, `undo`, `pause`, `resume`, `unconfirmed_set`, `meal`, `meal_undo`",
            ),
            (r#"{"type":"set","reps":60}"#, "missing field `at`"),
            (
                r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":null,"duration_s":1,"origin":"manual"}"#,
                "missing or null field `reps`",
            ),
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
