//! Reading the instants the history holds. soleus writes every one the same way,
//! `2026-11-20T10:15:00+01:00` (whole seconds, a numeric offset), and a ten-year history
//! holds some 75,000 of them. This reads that exact form directly; anything else (a `Z`,
//! fractions, a hand edit) goes to jiff's full RFC 3339 parser, which also gives the error
//! for text that is not an instant. Both read the same text as the same instant.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::Offset;

/// The instant `text` names.
pub fn parse(text: &str) -> Result<Timestamp, jiff::Error> {
    match fast(text.as_bytes()) {
        Some(t) => Ok(t),
        None => text.parse(),
    }
}

/// Instants read one after another, as a history's lines hold them: most share their date
/// and offset with the one before, so the start of that day at that offset is kept and the
/// time of day added to it, instead of a calendar computation for each.
#[derive(Debug, Default)]
pub struct Instants {
    /// The date and offset bytes of the last instant read, and the start of that day.
    day: Option<([u8; 16], i64)>,
}

impl Instants {
    /// The instant `text` names, when it has the form soleus writes: what [`parse`] gives.
    /// `None` for any other text, which is left to [`parse`].
    pub fn read(&mut self, text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        if b.len() != 25 || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let mut key = [0; 16];
        key[..10].copy_from_slice(&b[..10]);
        key[10..].copy_from_slice(&b[19..]);
        let (hour, minute, second) = (
            digits(&b[11..13])?,
            digits(&b[14..16])?,
            digits(&b[17..19])?,
        );
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let into_day = i64::from(hour * 3600 + minute * 60 + second);
        match self.day {
            Some((known, start)) if known == key => Timestamp::from_second(start + into_day).ok(),
            _ => {
                let t = fast(b)?;
                self.day = Some((key, t.as_second() - into_day));
                Some(t)
            }
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS±HH:MM`, or `None` for any other text.
fn fast(b: &[u8]) -> Option<Timestamp> {
    if b.len() != 25
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[22] != b':'
    {
        return None;
    }
    let sign = match b[19] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let year = digits(&b[0..4])?;
    let (month, day) = (digits(&b[5..7])?, digits(&b[8..10])?);
    let (hour, minute, second) = (
        digits(&b[11..13])?,
        digits(&b[14..16])?,
        digits(&b[17..19])?,
    );
    let (off_h, off_m) = (digits(&b[20..22])?, digits(&b[23..25])?);
    // Out-of-range fields (a month 13, a leap second 60) are left to jiff, which decides.
    let datetime = DateTime::new(
        year as i16,
        month as i8,
        day as i8,
        hour as i8,
        minute as i8,
        second as i8,
        0,
    )
    .ok()?;
    if off_m >= 60 {
        return None;
    }
    let offset = Offset::from_seconds(sign * (off_h * 3600 + off_m * 60)).ok()?;
    offset.to_timestamp(datetime).ok()
}

fn digits(b: &[u8]) -> Option<i32> {
    b.iter().try_fold(0i32, |n, &c| {
        c.is_ascii_digit().then(|| n * 10 + i32::from(c - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::{Instants, fast, parse};
    use jiff::Timestamp;
    use proptest::prelude::*;

    #[test]
    fn other_forms_go_to_jiff_and_agree() {
        for text in [
            "2026-11-20T10:15:00Z",
            "2026-11-20T10:15:00.5+01:00",
            "2026-11-20t10:15:00+01:00",
            "2026-11-20T10:15:60+01:00",
            "2026-11-20T10:15:00-00:00",
        ] {
            assert_eq!(parse(text).ok(), text.parse::<Timestamp>().ok(), "{text}");
        }
        assert_eq!(fast(b"2026-11-20T10:15:00Z"), None);
    }

    #[test]
    fn nonsense_is_an_error_from_jiff() {
        for text in [
            "",
            "yesterday",
            "2026-13-20T10:15:00+01:00",
            "2026-11-20T10:15:00+01:7x",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    proptest! {
        /// Whatever the instant and offset, the fast path reads what jiff reads.
        #[test]
        fn agrees_with_jiff(seconds in -62_000_000_000i64..250_000_000_000i64,
                            offset_minutes in -(25 * 60 - 1)..(25 * 60)) {
            let Ok(t) = Timestamp::from_second(seconds) else { return Ok(()); };
            let Ok(offset) = jiff::tz::Offset::from_seconds(offset_minutes * 60) else { return Ok(()); };
            let text = t.display_with_offset(offset).to_string();
            prop_assert_eq!(parse(&text).ok(), text.parse::<Timestamp>().ok(), "{}", text);
            if text.len() == 25 {
                prop_assert_eq!(fast(text.as_bytes()), Some(t), "{}", text);
            }
        }

        /// Instants read in a row, sharing a date and offset or not, in any order: each
        /// the instant jiff reads, or left to it.
        #[test]
        fn a_row_reads_as_jiff_reads(
            day in 0i64..4000,
            offset_minutes in prop::sample::select(vec![0i64, 60, 120, -180, 330, 765]),
            seconds in proptest::collection::vec(0i64..(2 * 86_400), 1..40),
            text_noise in proptest::collection::vec(("[0-9:T+ -]", 0usize..25), 0..3),
        ) {
            let offset = jiff::tz::Offset::from_seconds((offset_minutes * 60) as i32).expect("offset");
            let mut instants = Instants::default();
            for (i, s) in seconds.iter().enumerate() {
                let t = Timestamp::from_second(1_500_000_000 + day * 86_400 + s).expect("t");
                let mut text = t.display_with_offset(offset).to_string();
                // Now and then a character changed: not an instant, or another one.
                if let Some((c, at)) = text_noise.get(i % 7) && *at < text.len() {
                    text.replace_range(*at..=*at, c);
                }
                let read = instants.read(&text).or_else(|| parse(&text).ok());
                prop_assert_eq!(read, text.parse::<Timestamp>().ok(), "{}", text);
            }
        }
    }

    #[test]
    fn a_row_of_one_day_and_others() {
        let mut instants = Instants::default();
        for text in [
            "2026-11-20T10:15:00+01:00",
            "2026-11-20T23:59:59+01:00",
            "2026-11-20T00:00:00+01:00",
            "2026-11-20T10:15:00+02:00",
            "2026-11-21T10:15:00+02:00",
            "2026-11-21T10:15:00-02:00",
        ] {
            assert_eq!(instants.read(text), text.parse().ok(), "{text}");
        }
        // Out of range on a known day: left to jiff, which decides.
        for text in [
            "2026-11-21T24:00:00-02:00",
            "2026-11-21T10:60:00-02:00",
            "2026-11-21T10:15:60-02:00",
        ] {
            assert_eq!(instants.read(text), None, "{text}");
        }
    }
}
