//! Times typed by users (`soleus log --at`) and times shown to them.

use jiff::civil::{DateTime, Time};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AtError {
    #[error(
        "`{0}` is not a time: write \"10:00\" for today, or \"2026-11-23T10:00\" for another day"
    )]
    Syntax(String),
    #[error("`{0}` is in the future: a set can only be logged once it is done")]
    Future(String),
}

/// Parses a local time: `HH:MM` (today), `YYYY-MM-DDTHH:MM[:SS]`, or RFC 3339 with an
/// offset. Refuses times after `now`.
pub fn parse_at(input: &str, now: &Zoned) -> Result<Timestamp, AtError> {
    let text = input.trim();
    let syntax = || AtError::Syntax(input.to_owned());
    let tz: &TimeZone = now.time_zone();
    let t = if let Ok(t) = text.parse::<Timestamp>() {
        t
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
    fn short_form_shows_the_date_only_when_needed() {
        let t: Timestamp = "2026-11-23T09:00:00Z".parse().expect("ts");
        assert_eq!(short(t, &now()), "10:00");
        let earlier: Timestamp = "2026-11-20T09:00:00Z".parse().expect("ts");
        assert_eq!(short(earlier, &now()), "Fri 2026-11-20 10:00");
    }
}
