//! When reminders may happen: active hours on active days, in the user's local time.
//!
//! Wall-clock rules are turned into instants per day through jiff, so a DST change moves the
//! window with the clock on the wall: "09:00" stays 09:00 local. A start that falls in a DST
//! gap resolves "compatibly" (02:30 on a spring-forward night becomes 03:30).

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

mod local_dates;
pub use local_dates::LocalDates;

/// Minutes in a day; also the value of the end "24:00".
const DAY_MINUTES: u16 = 24 * 60;

/// A daily time range, `HH:MM-HH:MM`, with `24:00` allowed as the end. People also write
/// `9-17` or `9:30-17:30`: a bare hour and a one-digit hour are read as they mean it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActiveHours {
    start: u16,
    end: u16,
}

/// Why an `active_hours` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("`{0}` is not a time range: write it as \"HH:MM-HH:MM\", like \"09:00-18:00\"")]
    Syntax(String),
    #[error(
        "`{0}` is not a time of day: hours go from 00 to 23 (24:00 only as an end), minutes from 00 to 59"
    )]
    Time(String),
    #[error(
        "the range `{0}` ends before it starts: overnight windows (like \"22:00-06:00\") are not supported"
    )]
    Order(String),
    #[error("the range `{0}` is empty: it starts and ends at the same time")]
    Empty(String),
}

impl ActiveHours {
    pub const ALL_DAY: Self = Self {
        start: 0,
        end: DAY_MINUTES,
    };

    /// Length of the window in minutes.
    pub fn minutes(self) -> u16 {
        self.end - self.start
    }

    /// Whether the window after a meal at `meal`, `window_minutes` long, overlaps these
    /// hours (on the same day).
    pub fn overlaps_after(self, meal: TimeOfDay, window_minutes: u16) -> bool {
        meal.0 < self.end && meal.0.saturating_add(window_minutes) > self.start
    }

    fn parse_time(text: &str, is_end: bool) -> Result<u16, HoursError> {
        let bad = || HoursError::Time(text.trim().to_owned());
        let text = text.trim();
        let (h, m) = text.split_once(':').unwrap_or((text, "00"));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if !(1..=2).contains(&h.len()) || m.len() != 2 || !digits(h) || !digits(m) {
            return Err(bad());
        }
        let h: u16 = h.parse().map_err(|_| bad())?;
        let m: u16 = m.parse().map_err(|_| bad())?;
        let minute = h * 60 + m;
        if m > 59 || minute > DAY_MINUTES || (minute == DAY_MINUTES && !is_end) {
            return Err(bad());
        }
        Ok(minute)
    }
}

impl FromStr for ActiveHours {
    type Err = HoursError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (start, end) = s
            .split_once('-')
            .ok_or_else(|| HoursError::Syntax(s.to_owned()))?;
        let start = Self::parse_time(start, false)?;
        let end = Self::parse_time(end, true)?;
        if end == start {
            return Err(HoursError::Empty(s.to_owned()));
        }
        if end < start {
            return Err(HoursError::Order(s.to_owned()));
        }
        Ok(Self { start, end })
    }
}

impl fmt::Display for ActiveHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (s, e) = (self.start, self.end);
        write!(f, "{:02}:{:02}-{:02}:{:02}", s / 60, s % 60, e / 60, e % 60)
    }
}

/// A time of day, `HH:MM` (a bare hour like `12` also reads), for a usual meal time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimeOfDay(u16);

impl TimeOfDay {
    /// The instant it falls on `date` (a time in a DST gap resolves as the window does).
    pub fn on(self, date: Date, tz: &TimeZone) -> Option<Timestamp> {
        instant(date, self.0, tz)
    }
}

impl FromStr for TimeOfDay {
    type Err = HoursError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ActiveHours::parse_time(s, false).map(Self)
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

/// A set of weekdays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActiveDays(u8);

/// Short names in config order, Monday first.
pub const DAY_NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl ActiveDays {
    pub const EVERY_DAY: Self = Self(0b111_1111);

    pub fn insert(&mut self, day: Weekday) {
        self.0 |= 1 << day.to_monday_zero_offset();
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.to_monday_zero_offset()) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Parses a short day name (`mon` ... `sun`).
    pub fn day_from_name(name: &str) -> Option<Weekday> {
        DAY_NAMES
            .iter()
            .position(|n| *n == name)
            .and_then(|i| Weekday::from_monday_zero_offset(i as i8).ok())
    }

    pub fn names(self) -> Vec<&'static str> {
        DAY_NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect()
    }
}

/// Active hours on active days, in one time zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Window {
    pub hours: ActiveHours,
    pub days: ActiveDays,
}

impl Window {
    /// The window's instants on `date`, or `None` when `date` is not an active day.
    pub fn on(&self, date: Date, tz: &TimeZone) -> Option<(Timestamp, Timestamp)> {
        if !self.days.contains(date.weekday()) {
            return None;
        }
        Some((
            instant(date, self.hours.start, tz)?,
            instant(date, self.hours.end, tz)?,
        ))
    }

    /// Whether `t` lies inside the window (start inclusive, end exclusive).
    pub fn contains(&self, t: Timestamp, tz: &TimeZone) -> bool {
        self.on(local_date(t, tz), tz)
            .is_some_and(|(start, end)| start <= t && t < end)
    }

    /// `t` itself when inside the window, else the next time the window opens; `None` when
    /// no day is active.
    pub fn next_open(&self, t: Timestamp, tz: &TimeZone) -> Option<Timestamp> {
        let mut date = local_date(t, tz);
        // Eight days cover every weekday once, whatever the time of `t` in its day.
        for _ in 0..8 {
            if let Some((start, end)) = self.on(date, tz)
                && t < end
            {
                return Some(start.max(t));
            }
            date = date.tomorrow().ok()?;
        }
        None
    }

    /// The end of the window containing `t`, if `t` is inside one.
    pub fn end_of(&self, t: Timestamp, tz: &TimeZone) -> Option<Timestamp> {
        self.on(local_date(t, tz), tz)
            .filter(|(start, end)| *start <= t && t < *end)
            .map(|(_, end)| end)
    }
}

/// The local calendar date of an instant.
pub fn local_date(t: Timestamp, tz: &TimeZone) -> Date {
    // Not `to_zoned`: that clones the zone, and stats call this for every record.
    tz.to_datetime(t).date()
}

/// The instant local midnight starts `date` (or the first instant of it, on the rare days a
/// DST change skips midnight).
pub fn start_of_day(date: Date, tz: &TimeZone) -> Option<Timestamp> {
    date.to_zoned(tz.clone())
        .ok()?
        .start_of_day()
        .ok()
        .map(|z| z.timestamp())
}

fn instant(date: Date, minute: u16, tz: &TimeZone) -> Option<Timestamp> {
    if minute == DAY_MINUTES {
        return start_of_day(date.checked_add(1.day()).ok()?, tz);
    }
    let (h, m) = ((minute / 60) as i8, (minute % 60) as i8);
    date.at(h, m, 0, 0)
        .to_zoned(tz.clone())
        .ok()
        .map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn berlin() -> TimeZone {
        TimeZone::get("Europe/Berlin").expect("tzdata")
    }

    fn at(text: &str) -> Timestamp {
        text.parse().expect("timestamp")
    }

    #[test]
    fn parses_and_prints_hours() {
        let h: ActiveHours = "09:00-18:00".parse().expect("valid");
        assert_eq!(h.to_string(), "09:00-18:00");
        assert_eq!(h.minutes(), 540);
        assert_eq!("00:00-24:00".parse(), Ok(ActiveHours::ALL_DAY));
        assert_eq!(
            "9-18".parse::<ActiveHours>().map(|h| h.to_string()),
            Ok("09:00-18:00".to_owned())
        );
        assert!(matches!(
            "0900".parse::<ActiveHours>(),
            Err(HoursError::Syntax(_))
        ));
        assert!(matches!(
            "09:60-10:00".parse::<ActiveHours>(),
            Err(HoursError::Time(_))
        ));
        assert!(matches!(
            "24:00-24:00".parse::<ActiveHours>(),
            Err(HoursError::Time(_))
        ));
        assert!(matches!(
            "18:00-09:00".parse::<ActiveHours>(),
            Err(HoursError::Order(_))
        ));
    }

    #[test]
    fn window_follows_the_wall_clock_across_dst() {
        let w = Window {
            hours: "09:00-18:00".parse().expect("valid"),
            days: ActiveDays::EVERY_DAY,
        };
        let tz = berlin();
        // Winter: UTC+1; summer: UTC+2.
        assert_eq!(
            w.on(date(2026, 3, 28), &tz),
            Some((at("2026-03-28T08:00Z"), at("2026-03-28T17:00Z")))
        );
        assert_eq!(
            w.on(date(2026, 3, 29), &tz),
            Some((at("2026-03-29T07:00Z"), at("2026-03-29T16:00Z")))
        );
    }

    #[test]
    fn next_open_skips_inactive_days() {
        let mut days = ActiveDays::default();
        days.insert(Weekday::Monday);
        let w = Window {
            hours: "09:00-18:00".parse().expect("valid"),
            days,
        };
        let tz = TimeZone::UTC;
        // Friday 2026-11-27 -> Monday 2026-11-30 09:00.
        assert_eq!(
            w.next_open(at("2026-11-27T10:00Z"), &tz),
            Some(at("2026-11-30T09:00Z"))
        );
        assert_eq!(
            w.next_open(at("2026-11-30T10:00Z"), &tz),
            Some(at("2026-11-30T10:00Z"))
        );
        assert!(!w.contains(at("2026-11-30T18:00Z"), &tz));
        let never = Window {
            days: ActiveDays::default(),
            ..w
        };
        assert_eq!(never.next_open(at("2026-11-27T10:00Z"), &tz), None);
    }

    #[test]
    fn all_day_ends_at_next_midnight() {
        let w = Window {
            hours: ActiveHours::ALL_DAY,
            days: ActiveDays::EVERY_DAY,
        };
        let tz = TimeZone::UTC;
        assert_eq!(
            w.end_of(at("2026-11-27T23:59Z"), &tz),
            Some(at("2026-11-28T00:00Z"))
        );
    }
}
