//! Human durations: "10m", "1h30m", "90 minutes", "2d", "1 week" in; "1h30m" (compact, for
//! tables and buttons) or "1 hour 30 minutes" (prose) out.
//!
//! Parsing is jiff's "friendly" format (which also accepts ISO 8601 like `PT5M`), read as a
//! [`Span`] so that days and weeks are accepted too, with a day taken as 24 hours: a pause
//! of "2d" means 48 hours of wall time, which is what people mean by it. Durations are
//! restricted to positive, whole-second lengths of at most a week: sub-second precision means
//! nothing for a reminder, and the cap keeps every sum of times far from overflowing.

use jiff::{SignedDuration, Span, SpanRelativeTo};

/// Why a duration string was refused. The message is written for a user reading a CLI error
/// or a config diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error(
        "`{input}` is not a duration: write it like \"30s\", \"10m\", \"1h30m\", \"2d\" or \"1 week\""
    )]
    Syntax { input: String },
    /// A bare number: minutes are likely but not certain (`pause 2` may mean hours).
    #[error(
        "`{input}` is not a duration: a number needs a unit, like \"{number}m\" for minutes or \"{number}h\" for hours"
    )]
    NoUnit { input: String, number: String },
    /// Months and years have no fixed length.
    #[error(
        "`{input}` is not a duration soleus can use: months and years vary in length, write days or weeks (\"30d\", \"1w\")"
    )]
    Calendar { input: String },
    #[error("`{input}` is not positive: a duration must be longer than zero")]
    NotPositive { input: String },
    /// Durations count whole seconds: "500ms" would silently become zero.
    #[error("`{input}` is shorter than a second: durations count whole seconds, from 1s")]
    UnderASecond { input: String },
    #[error("`{input}` is longer than a week, the most soleus accepts")]
    TooLong { input: String },
}

impl DurationError {
    /// What to write instead, for a config diagnostic's hint.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::NotPositive { .. } | Self::UnderASecond { .. } => {
                "the shortest duration is \"1s\""
            }
            Self::TooLong { .. } => "the longest duration is \"1w\" (7 days)",
            Self::Syntax { .. } | Self::NoUnit { .. } | Self::Calendar { .. } => {
                "a number and a unit (s, m, h, d, w), combined like \"1h30m\""
            }
        }
    }
}

/// The longest duration accepted anywhere.
pub const MAX: SignedDuration = SignedDuration::from_hours(7 * 24);

/// Parses a positive human duration, rounded down to whole seconds.
pub fn parse(input: &str) -> Result<SignedDuration, DurationError> {
    let trimmed = input.trim();
    let owned = || input.to_owned();
    if !trimmed.is_empty() && trimmed.chars().all(|c| c.is_ascii_digit()) {
        return Err(DurationError::NoUnit {
            input: owned(),
            number: trimmed.to_owned(),
        });
    }
    let span: Span = trimmed
        .parse()
        .map_err(|_| DurationError::Syntax { input: owned() })?;
    if span.get_years() != 0 || span.get_months() != 0 {
        return Err(DurationError::Calendar { input: owned() });
    }
    // Only fails on overflow: anything that large is longer than a week.
    let parsed = span
        .to_duration(SpanRelativeTo::days_are_24_hours())
        .map_err(|_| DurationError::TooLong { input: owned() })?;
    let whole = SignedDuration::from_secs(parsed.as_secs());
    if !parsed.is_positive() {
        Err(DurationError::NotPositive { input: owned() })
    } else if !whole.is_positive() {
        Err(DurationError::UnderASecond { input: owned() })
    } else if whole > MAX {
        Err(DurationError::TooLong { input: owned() })
    } else {
        Ok(whole)
    }
}

/// Formats a duration compactly for people: `1h30m`, `45m`, `30s`, `2h`, `0s`.
pub fn format(duration: SignedDuration) -> String {
    let total = duration.as_secs().unsigned_abs();
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    let mut out = String::new();
    if duration.is_negative() {
        out.push('-');
    }
    for (value, unit) in [(hours, 'h'), (minutes, 'm'), (seconds, 's')] {
        if value > 0 || (unit == 's' && total == 0) {
            out.push_str(&value.to_string());
            out.push(unit);
        }
    }
    out
}

/// A duration in words, for sentences: "45 minutes", "1 hour 30 minutes", "2 days 3
/// hours", "1 second". Precise where precision is readable, rounded where it is not:
/// minutes and seconds under 10 minutes ("5 minutes 30 seconds"), hours and minutes under a
/// day, rounded to the nearest minute ("sitting for 55 minutes", not "55m3s"), then days and
/// hours, rounded to the nearest hour. A negative duration is shown by its length.
pub fn words(duration: SignedDuration) -> String {
    phrase(duration, " ", true)
}

/// [`words`] as a modifier before a noun: "a 7-minute set", "a 1-hour-30-minute pause".
pub fn hyphenated(duration: SignedDuration) -> String {
    phrase(duration, "-", false)
}

fn phrase(duration: SignedDuration, separator: &str, plural: bool) -> String {
    const MINUTE: u64 = 60;
    const HOUR: u64 = 60 * MINUTE;
    const DAY: u64 = 24 * HOUR;
    let secs = duration.as_secs().unsigned_abs();
    let minutes = (secs + MINUTE / 2) / MINUTE;
    let hours = (secs + HOUR / 2) / HOUR;
    let parts = if secs < 10 * MINUTE {
        [(secs / MINUTE, "minute"), (secs % MINUTE, "second")]
    } else if minutes < DAY / MINUTE {
        [(minutes / 60, "hour"), (minutes % 60, "minute")]
    } else {
        [(hours / 24, "day"), (hours % 24, "hour")]
    };
    let mut words: Vec<String> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|&(n, unit)| {
            let s = if plural && n != 1 { "s" } else { "" };
            format!("{n}{separator}{unit}{s}")
        })
        .collect();
    if words.is_empty() {
        words.push(format!(
            "0{separator}second{}",
            if plural { "s" } else { "" }
        ));
    }
    words.join(separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_people_write() {
        for (input, secs) in [
            ("10m", 600),
            ("1h30m", 5400),
            ("1h 30m", 5400),
            ("90 minutes", 5400),
            ("45s", 45),
            (" 2h ", 7200),
            ("PT5M", 300),
            ("2d", 2 * 86_400),
            ("7 days", 7 * 86_400),
            ("1w", 7 * 86_400),
            ("1 week", 7 * 86_400),
            ("1d 12h", 36 * 3600),
            ("P1D", 86_400),
        ] {
            assert_eq!(parse(input), Ok(SignedDuration::from_secs(secs)), "{input}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_positive_duration() {
        assert!(matches!(parse("5"), Err(DurationError::NoUnit { .. })));
        assert!(matches!(
            parse("ten minutes"),
            Err(DurationError::Syntax { .. })
        ));
        assert!(matches!(parse("2x"), Err(DurationError::Syntax { .. })));
        assert!(matches!(parse(""), Err(DurationError::Syntax { .. })));
        assert!(matches!(
            parse("1 month"),
            Err(DurationError::Calendar { .. })
        ));
        assert!(matches!(
            parse("0s"),
            Err(DurationError::NotPositive { .. })
        ));
        assert!(matches!(
            parse("-5m"),
            Err(DurationError::NotPositive { .. })
        ));
        assert!(matches!(
            parse("500ms"),
            Err(DurationError::UnderASecond { .. })
        ));
    }

    #[test]
    fn a_bare_number_is_refused_with_the_unit_to_add() {
        let message = parse("45").expect_err("no unit").to_string();
        assert!(
            message.contains("a number needs a unit, like \"45m\" for minutes"),
            "{message}"
        );
    }

    #[test]
    fn caps_durations_at_a_week() {
        assert_eq!(parse("168h"), Ok(MAX));
        assert_eq!(parse("1w"), Ok(MAX));
        assert!(matches!(parse("169h"), Err(DurationError::TooLong { .. })));
        assert!(matches!(parse("8d"), Err(DurationError::TooLong { .. })));
        assert!(matches!(parse("2w"), Err(DurationError::TooLong { .. })));
        assert!(parse("2000000000000000h").is_err());
    }

    #[test]
    fn formats_round_trip() {
        for secs in [1, 59, 60, 61, 3600, 5400, 86_399] {
            let d = SignedDuration::from_secs(secs);
            assert_eq!(parse(&format(d)), Ok(d));
        }
        assert_eq!(format(SignedDuration::from_secs(5400)), "1h30m");
        assert_eq!(format(SignedDuration::ZERO), "0s");
    }

    #[test]
    fn words_read_as_prose() {
        for (secs, expected, modifier) in [
            (0, "0 seconds", "0-second"),
            (1, "1 second", "1-second"),
            (45, "45 seconds", "45-second"),
            (60, "1 minute", "1-minute"),
            (330, "5 minutes 30 seconds", "5-minute-30-second"),
            (420, "7 minutes", "7-minute"),
            (55 * 60 + 3, "55 minutes", "55-minute"),
            (55 * 60 + 40, "56 minutes", "56-minute"),
            (5400, "1 hour 30 minutes", "1-hour-30-minute"),
            (2 * 3600, "2 hours", "2-hour"),
            (
                15 * 3600 + 20 * 60,
                "15 hours 20 minutes",
                "15-hour-20-minute",
            ),
            (86_400 - 20, "1 day", "1-day"),
            (62 * 3600 + 10 * 60, "2 days 14 hours", "2-day-14-hour"),
        ] {
            let d = SignedDuration::from_secs(secs);
            assert_eq!(words(d), expected, "{secs}");
            assert_eq!(hyphenated(d), modifier, "{secs}");
        }
        assert_eq!(words(SignedDuration::from_mins(-5)), "5 minutes");
    }
}
