//! Times typed by users (`soleus log --at`) and times shown to them.

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AtError {
    #[error(
        "`{0}` is not a time: write \"10:00\" for today, or \"2026-11-23T10:00\" for another day"
    )]
    Syntax(String),
    #[error(
        "`{0}` has no time of day: write when the set started, like \"{0}T10:00\" (or \"10:00\" for today)"
    )]
    DateOnly(String),
    #[error("`{0}` is in the future: a set can only be logged once it is done")]
    Future(String),
    #[error("`{0}` is too long ago: soleus records sets from 1970 on")]
    TooOld(String),
}

/// The earliest time a set may be logged at. Far-off years are not what anyone means, and
/// some of them cannot be written in the local offset and read back, which would make the
/// next read take the whole history for damaged.
pub const EARLIEST: Timestamp = Timestamp::UNIX_EPOCH;

/// Why a date (`stats --from`, `simulate --start`) was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{input}` is not a date soleus reads: write it year-month-day with dashes, {fixed}")]
    Separators { input: String, fixed: Date },
    #[error("`{0}` is not a date: write it year-month-day, like 2026-11-01")]
    Syntax(String),
}

/// A calendar day written `YYYY-MM-DD`. Only that form: `11/01/2026` means November or
/// January depending on the reader, so other forms are refused with the one to write.
pub fn parse_date(input: &str) -> Result<Date, DateError> {
    let text = input.trim();
    if let Ok(date) = text.parse::<Date>()
        && !text.contains(['T', ' ', ':'])
    {
        return Ok(date);
    }
    match text.replace(['/', '.'], "-").parse::<Date>() {
        Ok(fixed) if text.len() == 10 => Err(DateError::Separators {
            input: input.to_owned(),
            fixed,
        }),
        _ => Err(DateError::Syntax(input.to_owned())),
    }
}

/// Parses a local time: `HH:MM` (today), `YYYY-MM-DDTHH:MM[:SS]`, or RFC 3339 with an
/// offset. Refuses times after `now`.
pub fn parse_at(input: &str, now: &Zoned) -> Result<Timestamp, AtError> {
    let text = input.trim();
    let syntax = || AtError::Syntax(input.to_owned());
    let tz: &TimeZone = now.time_zone();
    let t = if let Ok(t) = text.parse::<Timestamp>() {
        t
    } else if !text.contains(':') && text.parse::<Date>().is_ok() {
        // jiff reads a bare date as its midnight; a set logged at 00:00 is never meant.
        return Err(AtError::DateOnly(input.to_owned()));
    } else if let Ok(dt) = text.parse::<DateTime>() {
        dt.to_zoned(tz.clone()).map_err(|_| syntax())?.timestamp()
    } else if text.contains(':') && text.len() <= 8 {
        // People write "9:00" as often as "09:00".
        let padded = if text.find(':') == Some(1) {
            format!("0{text}")
        } else {
            text.to_owned()
        };
        let time: Time = padded.parse().map_err(|_| syntax())?;
        now.date()
            .to_datetime(time)
            .to_zoned(tz.clone())
            .map_err(|_| syntax())?
            .timestamp()
    } else {
        return Err(syntax());
    };
    if t > now.timestamp() {
        return Err(AtError::Future(input.to_owned()));
    }
    if t < EARLIEST {
        return Err(AtError::TooOld(input.to_owned()));
    }
    Ok(t)
}

/// RFC 3339 with the zone's offset at that instant, e.g. `2026-11-23T10:35:00+01:00`.
pub fn rfc3339(t: Timestamp, tz: &TimeZone) -> String {
    t.display_with_offset(tz.to_offset(t)).to_string()
}

/// `HH:MM` in the zone `tz`, e.g. `10:35`: how every time of day is shown, so the daemon,
/// the CLI and the simulation print them alike.
pub fn hm(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned(tz.clone()).strftime("%H:%M").to_string()
}

/// `HH:MM` in local time, with the date in front when it is not today.
pub fn short(t: Timestamp, now: &Zoned) -> String {
    let z = t.to_zoned(now.time_zone().clone());
    if z.date() == now.date() {
        hm(t, now.time_zone())
    } else {
        z.strftime("%a %Y-%m-%d %H:%M").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> Zoned {
        "2026-11-23T15:00:00+01:00[Europe/Berlin]"
            .parse()
            .expect("zoned")
    }

    #[test]
    fn accepts_the_documented_forms() {
        let expect: Timestamp = "2026-11-23T09:00:00Z".parse().expect("ts");
        assert_eq!(parse_at("10:00", &now()), Ok(expect));
        assert_eq!(parse_at("9:00", &now()).map(|t| t < expect), Ok(true));
        assert_eq!(parse_at("2026-11-23T10:00", &now()), Ok(expect));
        assert_eq!(parse_at("2026-11-23T10:00:00+01:00", &now()), Ok(expect));
        assert_eq!(
            parse_at("2026-11-20T10:00", &now()).map(|t| t < expect),
            Ok(true)
        );
    }

    #[test]
    fn refuses_nonsense_and_the_future() {
        assert!(matches!(parse_at("25:00", &now()), Err(AtError::Syntax(_))));
        assert!(matches!(
            parse_at("yesterday", &now()),
            Err(AtError::Syntax(_))
        ));
        assert!(matches!(parse_at("16:00", &now()), Err(AtError::Future(_))));
        assert!(matches!(
            parse_at("2026-11-24T08:00", &now()),
            Err(AtError::Future(_))
        ));
    }

    #[test]
    fn hours_and_minutes_are_in_the_zone_given() {
        let t: Timestamp = "2026-11-23T09:05:59Z".parse().expect("ts");
        assert_eq!(hm(t, now().time_zone()), "10:05");
        assert_eq!(hm(t, &TimeZone::UTC), "09:05");
    }

    #[test]
    fn a_date_without_a_time_is_refused_with_the_form_to_write() {
        let error = parse_at("2026-11-20", &now()).expect_err("no time");
        assert_eq!(error, AtError::DateOnly("2026-11-20".to_owned()));
        assert!(
            error.to_string().contains("\"2026-11-20T10:00\""),
            "{error}"
        );
    }

    #[test]
    fn dates_are_year_month_day_with_dashes() {
        assert_eq!(parse_date("2026-11-01"), Ok(jiff::civil::date(2026, 11, 1)));
        let slashes = parse_date("2026/11/01").expect_err("slashes");
        assert!(
            slashes.to_string().ends_with("dashes, 2026-11-01"),
            "{slashes}"
        );
        for bad in ["11/01/2026", "yesterday", "2026-11-01T10:00", "2026-02-30"] {
            assert!(
                matches!(parse_date(bad), Err(DateError::Syntax(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn short_form_shows_the_date_only_when_needed() {
        let t: Timestamp = "2026-11-23T09:00:00Z".parse().expect("ts");
        assert_eq!(short(t, &now()), "10:00");
        let earlier: Timestamp = "2026-11-20T09:00:00Z".parse().expect("ts");
        assert_eq!(short(earlier, &now()), "Fri 2026-11-20 10:00");
    }
}
