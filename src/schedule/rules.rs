//! When the next reminder may be shown: a list of independent rules.
//!
//! Each rule answers "from instant `t` on, assuming nothing else happens, what is the
//! earliest instant I allow?" (`None`: not until something changes). The next reminder is
//! the first instant every rule allows, found by raising `t` to each rule's answer until none
//! raises it further. A new preference ("soon after a meal", "not during calls") is a new
//! function in [`RULES`], not a rewrite of the scheduler.

use jiff::{Timestamp, ToSpan};

use super::Scheduler;
use super::meals::MEAL_SETTLE;
use crate::calendar::{local_date, start_of_day};

/// A rule: its name (for explanations) and its earliest-allowed function.
pub type Rule = (&'static str, fn(&Scheduler, Timestamp) -> Option<Timestamp>);

pub const RULES: &[Rule] = &[
    ("present", present),
    ("not_paused", not_paused),
    ("active_window", active_window),
    ("daily_cap", daily_cap),
    ("sit_before_reminder", sat_long_enough),
    ("min_gap", min_gap),
    ("spread", spread),
    ("meal_ahead", meal_ahead),
    (NOT_HELD, super::context::not_held),
    (CONTEXT_CHECKED, super::context::context_checked),
];

/// The context rule's name: the hold asks when a reminder would fall due without it.
pub const NOT_HELD: &str = "not_held";

/// The gate's rule: `status` says when a reminder is due, a check under way or not.
pub const CONTEXT_CHECKED: &str = "context_checked";

/// The first instant at or after `from` that every rule allows.
pub fn next_allowed(s: &Scheduler, from: Timestamp) -> Option<Timestamp> {
    next_allowed_without(s, from, "")
}

/// The first instant at or after `from` that every rule but the one named `skip` allows.
pub fn next_allowed_without(s: &Scheduler, from: Timestamp, skip: &str) -> Option<Timestamp> {
    let mut t = from;
    // Each pass can only move `t` forward, to a rule's threshold or a later day; a few dozen
    // passes cover every combination of days and rules.
    for _ in 0..64 {
        let mut next = t;
        for (_, rule) in RULES.iter().filter(|(name, _)| *name != skip) {
            next = next.max(rule(s, t)?);
        }
        if next == t {
            return Some(t);
        }
        t = next;
    }
    None
}

/// Never while the user is away, nor before any activity was seen.
fn present(s: &Scheduler, t: Timestamp) -> Option<Timestamp> {
    (s.is_present() && s.sitting_since.is_some()).then_some(t)
}

fn not_paused(s: &Scheduler, t: Timestamp) -> Option<Timestamp> {
    match s.pause {
        super::Pause::Off => Some(t),
        super::Pause::Until(until) => Some(t.max(until)),
        super::Pause::Indefinite => None,
    }
}

fn active_window(s: &Scheduler, t: Timestamp) -> Option<Timestamp> {
    s.config.schedule.window.next_open(t, &s.tz)
}

/// At most `sets_per_day` reminders a day, and none once the day's goal of sets is met.
fn daily_cap(s: &Scheduler, t: Timestamp) -> Option<Timestamp> {
    let date = local_date(t, &s.tz);
    let tally = s.tally_on(date);
    let cap = u32::from(s.config.schedule.sets_per_day);
    if tally.reminders < cap && tally.sets < cap {
        return Some(t);
    }
    start_of_day(date.checked_add(1.day()).ok()?, &s.tz)
}

/// `sit_before_reminder` of continuous sitting; in a post-meal window, [`MEAL_SETTLE`] of
/// it is enough: the set helps most soon after eating, and waiting the full time would
/// miss that.
fn sat_long_enough(s: &Scheduler, t: Timestamp) -> Option<Timestamp> {
    let since = s.sitting_since?;
    let sat = t.max(
        since
            .checked_add(s.config.schedule.sit_before_reminder)
            .ok()?,
    );
    let settled = t.max(since.checked_add(MEAL_SETTLE).ok()?);
    Some(s.meal_window_from(settled, sat).unwrap_or(sat))
}

/// Outside post-meal windows, the day's remaining reminders share its remaining hours:
/// after a reminder is resolved, the time left in the window is cut into equal gaps, one
/// before each remaining reminder and one after the last. Without it, `min_gap` alone
/// packs every reminder into the morning and leaves the afternoon, the longest stretch of
/// sitting, without one. The day's first reminder is not held back.
fn spread(s: &Scheduler, t: Timestamp) -> Option<Timestamp> {
    if !s.config.schedule.spread {
        return Some(t);
    }
    let date = local_date(t, &s.tz);
    let (Some((start, end)), Some(last)) = (
        s.config.schedule.window.on(date, &s.tz),
        s.last_resolved.filter(|r| local_date(*r, &s.tz) == date),
    ) else {
        return Some(t);
    };
    let anchor = last.max(start);
    let tally = s.tally_on(date);
    let left =
        u32::from(s.config.schedule.sets_per_day).saturating_sub(tally.reminders.max(tally.sets));
    if anchor >= end || left == 0 {
        return Some(t);
    }
    let gap = end.duration_since(anchor) / i32::try_from(left + 1).ok()?;
    let due = t.max(anchor.checked_add(gap).ok()?);
    Some(s.meal_window_from(t, due).unwrap_or(due))
}

/// `min_gap` after the previous reminder was answered or expired.
fn min_gap(s: &Scheduler, t: Timestamp) -> Option<Timestamp> {
    match s.last_resolved {
        None => Some(t),
        Some(r) => Some(t.max(r.checked_add(s.config.schedule.min_gap).ok()?)),
    }
}

/// Not in the `min_gap` before a post-meal window opens: a reminder there would use up the
/// gap and crowd out the one after the meal, which is the one that helps most. It waits
/// for the window instead.
fn meal_ahead(s: &Scheduler, t: Timestamp) -> Option<Timestamp> {
    if s.meal_before(t).is_some() {
        return Some(t);
    }
    let gap = s.config.schedule.min_gap;
    let Some(open) = s.meal_window_from(t, t.checked_add(gap).ok()?) else {
        return Some(t);
    };
    // Only a window the reminder could actually use: inside the active hours.
    Some(if s.config.schedule.window.contains(open, &s.tz) {
        open
    } else {
        t
    })
}
