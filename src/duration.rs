//! Human durations: "10m", "1h30m", "90 minutes" in, "1h30m" out.
//!
//! Parsing is jiff's "friendly" format (which also accepts ISO 8601 like `PT5M`), restricted
//! to positive, whole-second durations of at most a week: sub-second precision means nothing
//! for a reminder, and the cap keeps every sum of times far from overflowing.

use jiff::SignedDuration;

/// Why a duration string was refused. The message is written for a user reading a CLI error
/// or a config diagnostic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("`{input}` is not a duration: write it like \"30s\", \"10m\" or \"1h30m\"")]
    Syntax { input: String },
    #[error("`{input}` is not positive: a duration must be longer than zero")]
    NotPositive { input: String },
    #[error("`{input}` is longer than a week, the most soleus accepts")]
    TooLong { input: String },
}

/// The longest duration accepted anywhere.
pub const MAX: SignedDuration = SignedDuration::from_hours(7 * 24);

/// Parses a positive human duration, rounded down to whole seconds.
pub fn parse(input: &str) -> Result<SignedDuration, DurationError> {
    let trimmed = input.trim();
    let parsed: SignedDuration = trimmed.parse().map_err(|_| DurationError::Syntax {
        input: input.to_owned(),
    })?;
    let whole = SignedDuration::from_secs(parsed.as_secs());
    let input = input.to_owned();
    if !whole.is_positive() {
        Err(DurationError::NotPositive { input })
    } else if whole > MAX {
        Err(DurationError::TooLong { input })
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
        ] {
            assert_eq!(parse(input), Ok(SignedDuration::from_secs(secs)), "{input}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_positive_duration() {
        assert!(matches!(parse("5"), Err(DurationError::Syntax { .. })));
        assert!(matches!(
            parse("ten minutes"),
            Err(DurationError::Syntax { .. })
        ));
        assert!(matches!(parse("2d"), Err(DurationError::Syntax { .. })));
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
            Err(DurationError::NotPositive { .. })
        ));
    }

    #[test]
    fn caps_durations_at_a_week() {
        assert_eq!(parse("168h"), Ok(MAX));
        assert!(matches!(parse("169h"), Err(DurationError::TooLong { .. })));
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
}
