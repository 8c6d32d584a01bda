//! Local dates of many instants, for folds over a long history.
//!
//! A ten-year history holds some 35,000 records, and stats date every one of them. Asking
//! the time zone each time (a search of its transitions) was a large part of `soleus
//! stats`. Records come in time order, so most fall on the day the one before did: this
//! keeps that day's bounds and answers those with two comparisons.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// Dates instants in `tz`, remembering the last day seen.
#[derive(Debug, Clone)]
pub struct LocalDates {
    tz: TimeZone,
    /// The last day seen, as the instants `[start, end)` that are on it.
    day: Option<(Timestamp, Timestamp, Date)>,
}

impl LocalDates {
    pub fn new(tz: &TimeZone) -> Self {
        Self {
            tz: tz.clone(),
            day: None,
        }
    }

    /// The local date of `t`: what [`super::local_date`] gives.
    pub fn of(&mut self, t: Timestamp) -> Date {
        if let Some((start, end, date)) = self.day
            && start <= t
            && t < end
        {
            return date;
        }
        let local = self.tz.to_datetime(t);
        let date = local.date();
        self.day = self
            .bounds(t, local.time())
            .map(|(start, end)| (start, end, date));
        date
    }

    /// The instants on the day `t` is on (at `time` on the wall): from its midnight, a day
    /// long, when the offset does not change within it. A day with a change is not
    /// remembered, since a clock set back across midnight (as some zones did) makes
    /// instants after the next day's start read as this date again.
    fn bounds(&self, t: Timestamp, time: jiff::civil::Time) -> Option<(Timestamp, Timestamp)> {
        let into_day = i64::from(time.hour()) * 3600
            + i64::from(time.minute()) * 60
            + i64::from(time.second());
        let into_day = jiff::SignedDuration::new(into_day, time.subsec_nanosecond());
        let start = t.checked_sub(into_day).ok()?;
        let end = start
            .checked_add(jiff::SignedDuration::from_hours(24))
            .ok()?;
        let change = self.tz.following(start).next();
        change
            .is_none_or(|c| c.timestamp() >= end)
            .then_some((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::LocalDates;
    use crate::calendar::local_date;
    use jiff::Timestamp;
    use jiff::tz::TimeZone;
    use proptest::prelude::*;

    fn zones() -> Vec<TimeZone> {
        [
            "Europe/Berlin",
            "America/Sao_Paulo",
            "America/Havana",
            "Australia/Lord_Howe",
            "Pacific/Apia",
            "Asia/Kolkata",
        ]
        .iter()
        .map(|name| TimeZone::get(name).expect(name))
        .chain([TimeZone::UTC])
        .collect()
    }

    proptest! {
        /// Instants in order, in steps from seconds to days, across DST changes and the
        /// zones that changed their clocks at midnight or skipped a day: always the date
        /// the time zone gives.
        #[test]
        fn agrees_with_the_time_zone(start in 0i64..1_900_000_000,
                                     steps in proptest::collection::vec(0i64..200_000, 1..300)) {
            for tz in zones() {
                let mut dates = LocalDates::new(&tz);
                let mut t = start;
                for step in &steps {
                    t += step;
                    let at = Timestamp::from_second(t).expect("in range");
                    prop_assert_eq!(dates.of(at), local_date(at, &tz), "{} in {:?}", at, tz);
                }
            }
        }

        /// Out of order too: a remembered day never answers for an instant outside it.
        #[test]
        fn in_any_order(times in proptest::collection::vec(0i64..1_900_000_000, 1..100)) {
            for tz in zones() {
                let mut dates = LocalDates::new(&tz);
                for &t in &times {
                    let at = Timestamp::from_second(t).expect("in range");
                    prop_assert_eq!(dates.of(at), local_date(at, &tz));
                }
            }
        }
    }

    /// Every clock change of these zones since 1970, walked across in steps of 7.5
    /// minutes (and a few nanoseconds, as instants need not be whole seconds).
    #[test]
    fn across_every_clock_change() {
        let from = Timestamp::from_second(0).expect("epoch");
        for tz in zones() {
            let mut dates = LocalDates::new(&tz);
            for change in tz.following(from).take(200) {
                let around = change.timestamp().as_second();
                for step in -(2 * 24 * 8)..(2 * 24 * 8) {
                    let at = Timestamp::new(around + step * 450, 999_999_999).expect("in range");
                    assert_eq!(dates.of(at), local_date(at, &tz), "{at} in {tz:?}");
                }
            }
        }
    }
}
