//! Reading a line in the form soleus writes it, without serde's general reader.
//!
//! soleus writes each record as one flat JSON object: no blanks, string values without
//! escapes, whole numbers. In the release build (sized for the daemon's memory, not for
//! speed) serde's general reader spent thousands of instructions on each such line, most of
//! what `soleus stats` did over a long history. This reads that form in one pass. A line in
//! any other form (blanks, an escape, `null`, a field this version does not know, a
//! number out of range, a field given twice, an instant written another way) is left to
//! serde, which reads it or says what is wrong with it: both give the same [`Line`] for
//! every line this one reads (tested against each other below and by the history fuzzer).

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use serde::de::value::{Error as ValueError, StrDeserializer};

use jiff::Timestamp;

use super::super::instant::Instants;
use super::super::{ReminderEvent, SetOrigin};
use super::Line;

/// The line `text` holds, when it is in the plain form; `None` leaves it to serde.
pub(in crate::history::record) fn read<'a>(
    text: &'a str,
    instants: &mut Instants,
) -> Option<Line<'a>> {
    let mut scan = Scan { text, pos: 0 };
    let mut f = Fields::default();
    scan.byte(b'{')?;
    loop {
        let key = scan.string()?;
        scan.byte(b':')?;
        // Each arm says whether the field was given already: serde refuses that, so it is
        // serde's to refuse.
        let twice = match key {
            "type" => f.kind.replace(scan.string()?).is_some(),
            "at" => f.at.replace(scan.instant(instants)?).is_some(),
            "reminder" => f.reminder.replace(scan.instant(instants)?).is_some(),
            "until" => f.until.replace(scan.instant(instants)?).is_some(),
            "set_at" => f.set_at.replace(scan.instant(instants)?).is_some(),
            "meal_at" => f.meal_at.replace(scan.instant(instants)?).is_some(),
            "event" => f.event.replace(named(scan.string()?)?).is_some(),
            "origin" => f.origin.replace(named(scan.string()?)?).is_some(),
            "reps" => f.reps.replace(scan.number()?).is_some(),
            "duration_s" | "duration_seconds" => f.duration_s.replace(scan.number()?).is_some(),
            "id" => f.id.replace(scan.string()?).is_some(),
            "set_id" => f.set_id.replace(scan.string()?).is_some(),
            _ => return None,
        };
        if twice {
            return None;
        }
        if scan.byte(b',').is_none() {
            scan.byte(b'}')?;
            break;
        }
    }
    if scan.pos != text.len() {
        return None;
    }
    Some(Line {
        kind: Cow::Borrowed(f.kind?),
        at: f.at?,
        reminder: f.reminder,
        event: f.event,
        until: f.until,
        reps: f.reps,
        duration_s: f.duration_s,
        origin: f.origin,
        set_at: f.set_at,
        meal_at: f.meal_at,
        id: f.id.map(Cow::Borrowed),
        set_id: f.set_id.map(Cow::Borrowed),
    })
}

/// A value of one of the names a field has, by serde's own table of names.
fn named<'de, T: Deserialize<'de>>(name: &'de str) -> Option<T> {
    let names: StrDeserializer<'de, ValueError> = name.into_deserializer();
    T::deserialize(names).ok()
}

/// The fields read so far: [`Line`]'s, each still optional.
#[derive(Default)]
struct Fields<'a> {
    kind: Option<&'a str>,
    at: Option<Timestamp>,
    reminder: Option<Timestamp>,
    event: Option<ReminderEvent>,
    until: Option<Timestamp>,
    reps: Option<u32>,
    duration_s: Option<u32>,
    origin: Option<SetOrigin>,
    set_at: Option<Timestamp>,
    meal_at: Option<Timestamp>,
    id: Option<&'a str>,
    set_id: Option<&'a str>,
}

/// A cursor over the line's bytes. Plain loops over indices: in the release build, which
/// inlines little, iterator adapters cost a call per byte.
struct Scan<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn byte(&mut self, b: u8) -> Option<()> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Some(())
        } else {
            None
        }
    }

    /// A string without escapes or control characters (serde refuses the latter, and
    /// decodes the former).
    fn string(&mut self) -> Option<&'a str> {
        self.byte(b'"')?;
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut end = start;
        while end < bytes.len() {
            match bytes[end] {
                b'"' => {
                    // Both ends are ASCII quotes, so both are character boundaries.
                    let s = self.text.get(start..end)?;
                    self.pos = end + 1;
                    return Some(s);
                }
                b'\\' | 0..0x20 => return None,
                _ => end += 1,
            }
        }
        None
    }

    /// An instant in the form soleus writes (see [`Instants`]).
    fn instant(&mut self, instants: &mut Instants) -> Option<Timestamp> {
        instants.read(self.string()?)
    }

    /// A whole number in JSON's form (no leading zero) that fits a `u32`.
    fn number(&mut self) -> Option<u32> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut n = 0u64;
        while let Some(&c) = bytes.get(self.pos)
            && c.is_ascii_digit()
        {
            // More than ten digits is out of range; serde says so.
            if self.pos - start == 10 {
                return None;
            }
            n = n * 10 + u64::from(c - b'0');
            self.pos += 1;
        }
        let len = self.pos - start;
        if len == 0 || (len > 1 && bytes[start] == b'0') {
            return None;
        }
        u32::try_from(n).ok()
    }
}

#[cfg(test)]
mod tests;
