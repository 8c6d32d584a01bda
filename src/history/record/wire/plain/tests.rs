use jiff::Timestamp;
use proptest::prelude::*;

use super::super::super::instant::Instants;
use super::super::super::{
    MealRecord, MealUndoRecord, PauseRecord, Record, ReminderEvent, ReminderRecord, ResumeRecord,
    SetOrigin, SetRecord, UnconfirmedSetRecord, UndoRecord,
};
use super::super::Line;
use super::read;

type Read = Result<(Record, Option<String>), String>;

fn by_serde(text: &str) -> Option<Read> {
    serde_json::from_str::<Line<'_>>(text)
        .ok()
        .map(Line::into_record)
}

fn instant() -> impl Strategy<Value = Timestamp> {
    // Whole seconds, as written; from 1970 to 2100.
    (0i64..4_102_444_800).prop_map(|s| Timestamp::from_second(s).expect("in range"))
}

fn event() -> impl Strategy<Value = ReminderEvent> {
    prop::sample::select(ReminderEvent::ALL.to_vec())
}

fn id() -> impl Strategy<Value = Option<String>> {
    prop::option::of("[a-z0-9]{1,12}-[0-9a-f]{16}")
}

fn record() -> impl Strategy<Value = Record> {
    let origin = prop::sample::select(vec![SetOrigin::Reminder, SetOrigin::Manual]);
    prop_oneof![
        (instant(), any::<u32>(), any::<u32>(), origin, id()).prop_map(
            |(at, reps, duration_s, origin, id)| Record::Set(SetRecord {
                at,
                reps,
                duration_s,
                origin,
                id
            })
        ),
        (instant(), instant(), event(), prop::option::of(instant())).prop_map(
            |(at, reminder, event, until)| Record::Reminder(ReminderRecord {
                at,
                reminder,
                event,
                until
            })
        ),
        (instant(), instant(), any::<u32>(), id()).prop_map(|(at, set_at, reps, set_id)| {
            Record::Undo(UndoRecord {
                at,
                set_at,
                reps,
                set_id,
            })
        }),
        (instant(), prop::option::of(instant()))
            .prop_map(|(at, until)| Record::Pause(PauseRecord { at, until })),
        instant().prop_map(|at| Record::Resume(ResumeRecord { at })),
        (instant(), any::<u32>()).prop_map(|(at, duration_s)| {
            Record::UnconfirmedSet(UnconfirmedSetRecord { at, duration_s })
        }),
        instant().prop_map(|at| Record::Meal(MealRecord { at })),
        (instant(), instant())
            .prop_map(|(at, meal_at)| Record::MealUndo(MealUndoRecord { at, meal_at })),
    ]
}

/// A record as soleus writes it, with a line `id` (as in a sync folder) or without.
fn written(record: &Record, line_id: Option<&str>) -> String {
    let mut text = serde_json::to_string(record).expect("serialise");
    if let Some(id) = line_id
        && !matches!(record, Record::Set(s) if s.id.is_some())
    {
        text.truncate(text.len() - 1);
        text.push_str(",\"id\":\"");
        text.push_str(id);
        text.push_str("\"}");
    }
    text
}

/// JSON's own characters and a few others, to change a line with.
fn change() -> impl Strategy<Value = (usize, u8, String)> {
    (
        0usize..200,
        0u8..3,
        prop::sample::select(
            [
                "{",
                "}",
                "[",
                "]",
                "\"",
                ":",
                ",",
                "\\",
                " ",
                "0",
                "7",
                "-",
                "+",
                ".",
                "e",
                "n",
                "null",
                "é",
                "\u{1}",
                "T",
                "Z",
                "9999999999",
                "\"x\":1",
            ]
            .map(str::to_owned)
            .to_vec(),
        ),
    )
}

proptest! {
    /// Every record soleus writes is read plain, as serde reads it.
    #[test]
    fn written_lines_read_plain(records in prop::collection::vec((record(), id()), 1..30)) {
        let mut instants = Instants::default();
        for (record, line_id) in &records {
            let text = written(record, line_id.as_deref());
            let plain = read(&text, &mut instants).map(Line::into_record);
            prop_assert_eq!(plain.clone(), by_serde(&text), "{}", text);
            // A line's id is its set's id too.
            let mut expected = record.clone();
            let id = match &mut expected {
                Record::Set(s) => {
                    s.id = s.id.clone().or_else(|| line_id.clone());
                    s.id.clone()
                }
                _ => line_id.clone(),
            };
            prop_assert_eq!(plain, Some(Ok((expected, id))), "{}", text);
        }
    }

    /// A line changed anywhere (torn, edited by hand, written by another program): when it
    /// is still read plain, it is read as serde reads it; otherwise serde decides.
    #[test]
    fn changed_lines_read_as_serde_reads(
        record in record(),
        line_id in id(),
        changes in prop::collection::vec(change(), 1..4),
    ) {
        let mut text = written(&record, line_id.as_deref());
        for (at, how, what) in &changes {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            match how {
                0 => text.insert_str(at, what),
                1 => text.replace_range(at..end, what),
                _ => text.replace_range(at..end, ""),
            }
        }
        let mut instants = Instants::default();
        if let Some(line) = read(&text, &mut instants) {
            prop_assert_eq!(Some(line.into_record()), by_serde(&text), "{}", text);
        }
    }
}

#[test]
fn other_forms_are_left_to_serde() {
    let mut instants = Instants::default();
    for text in [
        r#"{"type":"meal", "at":"2026-11-20T12:30:00+01:00"}"#,
        r#"{"type":"meal","at":"2026-11-20T12:30:00Z"}"#,
        r#"{"type":"meal","at":"2026-11-20T12:30:00+01:00","mood":"great"}"#,
        r#"{"type":"meal","at":"2026-11-20T12:30:00+01:00","at":"2026-11-20T12:30:00+01:00"}"#,
        r#"{"type":"me\u0061l","at":"2026-11-20T12:30:00+01:00"}"#,
        r#"{"type":"pause","at":"2026-11-20T12:30:00+01:00","until":null}"#,
        r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":060,"duration_s":1,"origin":"manual"}"#,
        r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":4294967296,"duration_s":1,"origin":"manual"}"#,
        r#"{"type":"set","at":"2026-11-20T10:15:00+01:00","reps":6e1,"duration_s":1,"origin":"manual"}"#,
        r#"{"type":"reminder","at":"2026-11-20T10:16:00+01:00","reminder":"2026-11-20T10:15:00+01:00","event":"napped"}"#,
        r#"{"at":"2026-11-20T12:30:00+01:00"}"#,
        r#"{"type":"meal","at":"2026-11-20T12:30:00+01:00"} "#,
        "{}",
    ] {
        assert!(read(text, &mut instants).is_none(), "{text}");
    }
}

#[test]
fn a_line_of_an_unknown_type_is_read_and_named_as_serde_names_it() {
    let text = r#"{"type":"nap","at":"2026-11-20T10:15:00+01:00"}"#;
    let plain = read(text, &mut Instants::default()).map(Line::into_record);
    assert_eq!(plain, by_serde(text));
    assert!(matches!(plain, Some(Err(e)) if e.contains("unknown variant `nap`")));
}
