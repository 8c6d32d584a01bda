//! Post-meal coverage: of the meals in a period, how many were followed by a set within the
//! window after them, when a set helps blood sugar most. Meals are the ones logged with
//! `soleus meal` and the usual times of `[meals]` on active days, counted the way the
//! scheduler counts them (a logged meal near a usual time replaces it).

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::calendar::{ActiveDays, LocalDates};
use crate::config::Meals;
use crate::history::record::{Record, effective, meals};
use crate::schedule::meals::meals_on;

/// What stats need to know of meals besides the history.
#[derive(Debug, Clone, PartialEq)]
pub struct MealPlan {
    pub meals: Meals,
    /// A meal whose window is still open counts only once a set followed it: it may yet.
    pub now: Timestamp,
}

/// Meals of a period and those a set followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct MealCoverage {
    pub meals: u32,
    /// Of `meals`, those logged with `soleus meal` (the rest are usual times).
    pub logged: u32,
    /// Meals followed by a set that started within the window after them.
    pub followed_by_set: u32,
    /// `followed_by_set` of `meals`, in percent, rounded to the nearest.
    pub percent: Option<u32>,
    /// The window, in seconds.
    pub window_seconds: i64,
}

/// Per day: (meals, meals followed by a set), and the period's totals.
pub fn coverage(
    records: &[Record],
    tz: &TimeZone,
    (from, to): (Date, Date),
    active_days: ActiveDays,
    plan: &MealPlan,
) -> (BTreeMap<Date, (u32, u32)>, MealCoverage) {
    let logged = meals(records);
    // By day, and sets in order: a history of years is folded here, so no scan per meal.
    let mut logged_by_day: BTreeMap<Date, Vec<Timestamp>> = BTreeMap::new();
    let mut dates = LocalDates::new(tz);
    for m in &logged {
        logged_by_day.entry(dates.of(*m)).or_default().push(*m);
    }
    let mut sets: Vec<Timestamp> = effective(records)
        .into_iter()
        .filter_map(|r| match r {
            Record::Set(s) => Some(s.at),
            _ => None,
        })
        .collect();
    sets.sort_unstable();
    let window = plan.meals.window;
    let no_usual = Meals {
        times: Vec::new(),
        window,
    };
    let mut days = BTreeMap::new();
    let mut total = MealCoverage {
        window_seconds: window.as_secs(),
        ..MealCoverage::default()
    };
    let mut date = from;
    while date <= to {
        // Usual times only on active days: a day off has no reminder to time.
        let usual = if active_days.contains(date.weekday()) {
            &plan.meals
        } else {
            &no_usual
        };
        // The day's logged meals and its neighbours' (a late meal can replace an early
        // usual time across midnight).
        let near: Vec<Timestamp> = [date.yesterday().ok(), Some(date), date.tomorrow().ok()]
            .into_iter()
            .flatten()
            .filter_map(|d| logged_by_day.get(&d))
            .flatten()
            .copied()
            .collect();
        for meal in meals_on(&near, usual, date, tz) {
            let first_after = sets.partition_point(|s| *s < meal);
            let followed = sets.get(first_after).is_some_and(|s| *s <= meal + window);
            if !followed && meal + window > plan.now {
                continue;
            }
            let day: &mut (u32, u32) = days.entry(date).or_default();
            day.0 += 1;
            total.meals += 1;
            if near.contains(&meal) {
                total.logged += 1;
            }
            if followed {
                day.1 += 1;
                total.followed_by_set += 1;
            }
        }
        let Ok(next) = date.tomorrow() else { break };
        date = next;
    }
    total.percent =
        (total.meals > 0).then(|| (total.followed_by_set * 100 + total.meals / 2) / total.meals);
    (days, total)
}
