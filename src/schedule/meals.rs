//! Meals: the windows after them in which a set helps blood sugar most.
//!
//! Exercise after a meal blunts the rise in blood glucose better than exercise before it,
//! and sooner is better: starting within about half an hour of finishing, useful up to
//! about two hours after. So a post-meal window opens [`MEAL_SETTLE`] after a meal and
//! closes `[meals] window` after it; the rules in [`super::rules`] let a reminder come early
//! in it. Meals are the ones logged (`soleus meal`) plus the usual times from config; a
//! logged meal within `window` of a usual time is that meal, eaten earlier or later, and
//! replaces it for the day.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::Scheduler;
use crate::calendar::local_date;
use crate::config::Meals;

/// Time to finish eating and sit back down before a post-meal reminder: soon enough to
/// catch the rise in glucose, late enough not to interrupt the meal.
pub const MEAL_SETTLE: SignedDuration = SignedDuration::from_mins(10);

/// Logged meals older than this are forgotten: no window reaches that far back.
pub const KEEP: SignedDuration = SignedDuration::from_hours(48);

impl Scheduler {
    /// Takes in a meal logged with `soleus meal` (already in history).
    pub(super) fn meal_logged(&mut self, at: Timestamp) {
        if !self.meals.contains(&at) {
            self.meals.push(at);
            self.meals.sort_unstable();
        }
    }

    /// `soleus meal --undo`: the meal at `at` no longer counts.
    pub(super) fn meal_undone(&mut self, at: Timestamp) {
        self.meals.retain(|m| *m != at);
    }

    /// Drops logged meals whose windows closed long ago.
    pub(super) fn forget_old_meals(&mut self, now: Timestamp) {
        self.meals.retain(|m| now.duration_since(*m) < KEEP);
    }

    /// The meals of `date`, as [`meals_on`] finds them.
    fn meals_on(&self, date: Date) -> impl Iterator<Item = Timestamp> + '_ {
        meals_on(&self.meals, &self.config.meals, date, &self.tz)
    }

    /// The post-meal window of a meal at `meal`: `[open, close)`.
    fn window_of(&self, meal: Timestamp) -> (Timestamp, Timestamp) {
        (meal + MEAL_SETTLE, meal + self.config.meals.window)
    }

    /// The earliest instant at or after `t` inside a post-meal window, if one comes before
    /// `limit`. Only windows up to `limit` matter to the rules, which is what bounds the
    /// days looked at.
    pub(super) fn meal_window_from(&self, t: Timestamp, limit: Timestamp) -> Option<Timestamp> {
        if t >= limit {
            return None;
        }
        // A window can start the day before `t` (a late meal).
        let mut date = local_date(t, &self.tz).yesterday().ok()?;
        let last = local_date(limit, &self.tz);
        let mut best: Option<Timestamp> = None;
        for _ in 0..9 {
            for meal in self.meals_on(date) {
                let (open, close) = self.window_of(meal);
                if close > t && open < limit {
                    let at = open.max(t);
                    best = Some(best.map_or(at, |b| b.min(at)));
                }
            }
            if date >= last {
                break;
            }
            date = date.tomorrow().ok()?;
        }
        best
    }

    /// The meal whose post-meal window `t` lies in (the latest, if windows overlap).
    pub(super) fn meal_before(&self, t: Timestamp) -> Option<Timestamp> {
        let today = local_date(t, &self.tz);
        let yesterday = today.yesterday().ok()?;
        self.meals_on(yesterday)
            .chain(self.meals_on(today))
            .filter(|m| {
                let (open, close) = self.window_of(*m);
                open <= t && t < close
            })
            .max()
    }
}

/// The meals of `date`: the `logged` ones that day, and the usual times of `meals` that no
/// logged meal within `window` replaced. Shared by the scheduler and stats, so both count
/// the same meals.
pub fn meals_on<'a>(
    logged: &'a [Timestamp],
    meals: &'a Meals,
    date: Date,
    tz: &'a TimeZone,
) -> impl Iterator<Item = Timestamp> + 'a {
    let window = meals.window;
    let on_date = logged
        .iter()
        .copied()
        .filter(move |m| local_date(*m, tz) == date);
    let usual = meals
        .times
        .iter()
        .filter_map(move |t| t.on(date, tz))
        .filter(move |u| !logged.iter().any(|m| m.duration_since(*u).abs() < window));
    on_date.chain(usual)
}
