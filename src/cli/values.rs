//! Values on the command line that clap cannot check on its own (reps, dates, durations),
//! parsed without IO, each with an error that says what to write instead.

use jiff::SignedDuration;

/// The most reps one set may have: more is a typo or several sets.
pub const MAX_REPS: u32 = 1000;

/// A rep count, with an error that says what to write instead of what failed to parse.
pub(super) fn parse_reps(text: &str) -> Result<u32, String> {
    let trimmed = text.trim();
    match trimmed.parse::<i64>() {
        Ok(n) if n < 0 => Err(format!(
            "reps count up from 1, so `{trimmed}` is not a set: to take back the last set logged, \
             run `soleus log --undo`"
        )),
        Ok(0) => Err(format!(
            "0 reps is not a set: log what you did, from 1 to {MAX_REPS} reps"
        )),
        Ok(n) => u32::try_from(n)
            .ok()
            .filter(|n| *n <= MAX_REPS)
            .ok_or_else(|| {
                format!(
                    "{trimmed} reps is more than {MAX_REPS}, the most one set can have: check the \
                     number, or log several sets"
                )
            }),
        Err(_) if trimmed.parse::<f64>().is_ok_and(f64::is_finite) => Err(format!(
            "`{trimmed}` is not a whole number: reps are counted one by one, like 5 or 6"
        )),
        Err(_) => Err(format!(
            "`{trimmed}` is not a number of reps: write how many you did, like `soleus log 60`"
        )),
    }
}

pub(super) fn parse_date(text: &str) -> Result<jiff::civil::Date, String> {
    crate::timefmt::parse_date(text).map_err(|e| e.to_string())
}

pub(super) fn parse_duration(text: &str) -> Result<SignedDuration, String> {
    crate::duration::parse(text).map_err(|e| e.to_string())
}

pub(super) fn parse_set_length(text: &str) -> Result<SignedDuration, String> {
    let d = crate::duration::parse(text).map_err(|e| e.to_string())?;
    if d > SignedDuration::from_hours(2) {
        return Err(format!(
            "a set of {} is longer than 2 hours, the most a set can last: check the value",
            crate::duration::words(d)
        ));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_reps_say_what_to_write() {
        for (text, expected) in [
            ("abc", "is not a number of reps: write how many you did"),
            ("5.5", "is not a whole number: reps are counted one by one"),
            ("-5", "run `soleus log --undo`"),
            ("0", "0 reps is not a set"),
            ("1001", "more than 1000"),
        ] {
            let error = parse_reps(text).expect_err(text);
            assert!(error.contains(expected), "{text}: {error}");
        }
        assert_eq!(parse_reps("60"), Ok(60));
        assert_eq!(parse_reps("1000"), Ok(1000));
    }
}

/// `soleus pause`'s argument: a duration, or the rest of today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PauseFor {
    Duration(SignedDuration),
    Today,
}

pub(super) fn parse_pause(text: &str) -> Result<PauseFor, String> {
    if text.trim().eq_ignore_ascii_case("today") {
        return Ok(PauseFor::Today);
    }
    crate::duration::parse(text)
        .map(PauseFor::Duration)
        .map_err(|e| format!("{e} (or `today` for the rest of the day)"))
}
