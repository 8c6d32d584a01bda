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
    let (t, _) = parse_local(input, now)?;
    if t > now.timestamp() {
        return Err(AtError::Future(input.to_owned()));
    }
    Ok(t)
}

/// Parses a time to come (`pause --until`), in the forms of [`parse_at`]: a bare time of day
/// already past today means tomorrow (`--until 8:00` in the evening is the next morning).
pub fn parse_until(input: &str, now: &Zoned) -> Result<Timestamp, UntilError> {
    let (t, time_only) = parse_local(input, now).map_err(|e| match e {
        AtError::DateOnly(text) => UntilError::DateOnly(text),
        _ => UntilError::Syntax(input.to_owned()),
    })?;
    if t > now.timestamp() {
        return Ok(t);
    }
    if time_only {
        let zoned = t.to_zoned(now.time_zone().clone());
        if let Ok(next) = zoned.tomorrow() {
            return Ok(next.timestamp());
        }
    }
    Err(UntilError::Past(input.to_owned()))
}

/// Why `pause --until` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UntilError {
    #[error(
        "`{0}` is not a time: write \"15:00\" (the next 15:00), or \"2026-11-23T15:00\" for a given day"
    )]
    Syntax(String),
    #[error("`{0}` has no time of day: write when to resume, like \"{0}T09:00\"")]
    DateOnly(String),
    #[error("`{0}` has already passed: give a time to come")]
    Past(String),
}

/// A local time in any form [`parse_at`] reads, and whether it was a bare time of day.
fn parse_local(input: &str, now: &Zoned) -> Result<(Timestamp, bool), AtError> {
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
        let t = now
            .date()
            .to_datetime(time)
            .to_zoned(tz.clone())
            .map_err(|_| syntax())?
            .timestamp();
        return Ok((t, true));
    } else {
        return Err(syntax());
    };
    if t < EARLIEST {
        return Err(AtError::TooOld(input.to_owned()));
    }
    Ok((t, false))
}

/// RFC 3339 with the zone's offset at that instant, e.g. `2026-11-23T10:35:00+01:00`.
pub fn rfc3339(t: Timestamp, tz: &TimeZone) -> String {
    t.display_with_offset(tz.to_offset(t)).to_string()
}

/// `HH:MM` in the zone `tz`, e.g. `10:35`: how every time of day is shown, so the daemon,
/// the CLI and the simulation print them alike. Rounded to the nearest minute, not cut
/// down: a snooze ending at 10:16:59 ends "10:17", not a minute before it does.
pub fn hm(t: Timestamp, tz: &TimeZone) -> String {
    to_minute(t)
        .to_zoned(tz.clone())
        .strftime("%H:%M")
        .to_string()
}

/// A time of day as people say it relative to `now`: `10:35` today, `tomorrow 09:00`,
/// `yesterday 17:30`, `Mon 09:00` within the coming week, and the full date beyond. A
/// bare `09:00` on a Sunday evening would read as this morning when it means Monday.
pub fn short(t: Timestamp, now: &Zoned) -> String {
    let tz = now.time_zone();
    let date = to_minute(t).to_zoned(tz.clone()).date();
    let today = now.date();
    let time = hm(t, tz);
    let week_ahead = today.saturating_add(jiff::Span::new().days(7));
    if date == today {
        time
    } else if today.tomorrow().is_ok_and(|d| d == date) {
        format!("tomorrow {time}")
    } else if today.yesterday().is_ok_and(|d| d == date) {
        format!("yesterday {time}")
    } else if date > today && date < week_ahead {
        format!("{} {time}", date.strftime("%a"))
    } else {
        format!("{} {time}", date.strftime("%a %Y-%m-%d"))
    }
}

/// `t` to the nearest whole minute (half a minute rounds up).
fn to_minute(t: Timestamp) -> Timestamp {
    t.round(jiff::Unit::Minute).unwrap_or(t)
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
    fn an_until_time_already_past_today_is_tomorrow() {
        let at = |t: &str| t.parse::<Timestamp>().expect("ts");
        assert_eq!(parse_until("16:00", &now()), Ok(at("2026-11-23T15:00:00Z")));
        assert_eq!(parse_until("8:00", &now()), Ok(at("2026-11-24T07:00:00Z")));
        assert_eq!(
            parse_until("2026-11-24T09:00", &now()),
            Ok(at("2026-11-24T08:00:00Z"))
        );
        assert!(matches!(
            parse_until("2026-11-20T09:00", &now()),
            Err(UntilError::Past(_))
        ));
        assert!(matches!(
            parse_until("2026-11-24", &now()),
            Err(UntilError::DateOnly(_))
        ));
        assert!(matches!(
            parse_until("soon", &now()),
            Err(UntilError::Syntax(_))
        ));
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
        let t: Timestamp = "2026-11-23T09:05:29Z".parse().expect("ts");
        assert_eq!(hm(t, now().time_zone()), "10:05");
        assert_eq!(hm(t, &TimeZone::UTC), "09:05");
    }

    #[test]
    fn times_round_to_the_nearest_minute() {
        let t: Timestamp = "2026-11-23T09:05:59Z".parse().expect("ts");
        assert_eq!(hm(t, &TimeZone::UTC), "09:06");
        let t: Timestamp = "2026-11-23T09:05:30Z".parse().expect("ts");
        assert_eq!(hm(t, &TimeZone::UTC), "09:06");
        // 23:59:45 rounds into the next day, and says so.
        let late: Timestamp = "2026-11-23T22:59:45Z".parse().expect("ts");
        assert_eq!(short(late, &now()), "tomorrow 00:00");
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

    #[test]
    fn other_days_are_named() {
        let at = |s: &str| -> Timestamp { s.parse().expect("ts") };
        // now is Mon 2026-11-23 15:00 in Berlin.
        assert_eq!(short(at("2026-11-24T08:00:00Z"), &now()), "tomorrow 09:00");
        assert_eq!(short(at("2026-11-22T16:30:00Z"), &now()), "yesterday 17:30");
        assert_eq!(short(at("2026-11-25T14:03:00Z"), &now()), "Wed 15:03");
        assert_eq!(short(at("2026-11-29T08:00:00Z"), &now()), "Sun 09:00");
        assert_eq!(
            short(at("2026-11-30T08:00:00Z"), &now()),
            "Mon 2026-11-30 09:00"
        );
    }
}
