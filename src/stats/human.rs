//! `soleus stats` for people: today against the goal, streaks, a chart of reps, a
//! week-by-week heatmap for long periods, and what became of the reminders. Fits in 80
//! columns; colour only when asked for (a terminal without `NO_COLOR`).

use std::fmt::Write as _;

use jiff::SignedDuration;
use jiff::civil::{Date, Weekday};

use super::{DayStats, Report};
use crate::duration::words;

/// Up to this many days, the chart has a row per day; beyond, a row per week.
const DAILY_ROWS_UP_TO: usize = 31;
/// Beyond this many days, the heatmap is shown.
const HEATMAP_FROM: usize = 28;
const BAR_WIDTH: usize = 44;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    /// A bold label padded to `width` columns. The padding is counted on the text, not on
    /// the painted string, whose escape codes take no room on a terminal.
    fn label(self, text: &str, width: usize) -> String {
        let pad = width.saturating_sub(text.chars().count());
        format!("{}{}", self.bold(text), " ".repeat(pad))
    }
}

pub fn render(report: &Report, style: Style) -> String {
    let mut out = String::new();
    let goal = u32::from(report.goal_sets);
    let n = report.days.len();
    let _ = writeln!(
        out,
        "{} {n} day{}, {} {} to {} {}; goal {goal} set{} a day\n",
        style.bold("soleus stats:"),
        plural(n),
        report.from.strftime("%a"),
        report.from,
        report.to.strftime("%a"),
        report.to,
        plural(goal as usize),
    );
    // A period that ended before today (`--to` in the past) has no today to show.
    if (report.from..=report.to).contains(&report.today.date) {
        today(&mut out, report, style);
    }
    // Two counts of days that can look contradictory side by side (a Saturday set makes a
    // streak of 1 on a week where the goal was never met), so each says what it counts.
    let _ = writeln!(
        out,
        "{}{} day{} in a row with sets (longest {})",
        style.label("Streak", 9),
        report.streak_days,
        plural(report.streak_days as usize),
        report.longest_streak_days,
    );
    let _ = writeln!(
        out,
        "{}met on {} of {n} days\n",
        style.label("Goal", 9),
        report.days_goal_met,
    );
    if n <= DAILY_ROWS_UP_TO {
        daily_chart(&mut out, report, style);
    } else {
        weekly_chart(&mut out, report, style);
    }
    if n > HEATMAP_FROM {
        heatmap(&mut out, report, style);
    }
    reminders(&mut out, report, style);
    after_meals(&mut out, report, style);
    out
}

/// Post-meal coverage, once there are meals to speak of (none configured or logged: the
/// line would only say "0 of 0").
fn after_meals(out: &mut String, report: &Report, style: Style) {
    let m = &report.after_meals;
    let Some(percent) = m.percent else {
        return;
    };
    let _ = writeln!(
        out,
        "{}{} of {} meal{} followed by a set within {} ({percent}%); {} logged",
        style.label("Meals", 11),
        m.followed_by_set,
        m.meals,
        plural(m.meals as usize),
        crate::duration::format(SignedDuration::from_secs(m.window_seconds)),
        m.logged,
    );
}

/// The plural ending for `n` of a thing ("1 set", "2 sets").
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn today(out: &mut String, report: &Report, style: Style) {
    let goal = u32::from(report.goal_sets).max(1);
    let t = &report.today;
    let filled = (t.sets.min(goal) as usize * BAR_WIDTH) / goal as usize;
    let bar = format!("{}{}", "█".repeat(filled), "░".repeat(BAR_WIDTH - filled));
    let code = if t.sets >= goal { "32" } else { "33" };
    let _ = writeln!(
        out,
        "{}{} {} of {} sets, {} reps",
        style.label("Today", 9),
        style.paint(code, &bar),
        t.sets,
        report.goal_sets,
        t.reps
    );
}

/// A bar of `value` out of `max` in `width` cells, with eighth-cell precision.
fn bar(value: u32, max: u32, width: usize) -> String {
    if max == 0 || value == 0 {
        return String::new();
    }
    let eighths = (u64::from(value) * width as u64 * 8 / u64::from(max)) as usize;
    let mut s = "█".repeat(eighths / 8);
    let partial = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"][eighths % 8];
    s.push_str(partial);
    if s.is_empty() {
        s.push('▏'); // something done shows as something
    }
    s
}

fn row(out: &mut String, label: &str, reps: u32, max: u32, met: bool, style: Style) {
    let b = bar(reps, max, BAR_WIDTH);
    let pad = BAR_WIDTH + 1 - b.chars().count();
    let code = if met { "32" } else { "33" };
    let mark = if met { " ✓" } else { "" };
    let _ = writeln!(
        out,
        "  {label}  {}{}{reps:>6}{mark}",
        style.paint(code, &b),
        " ".repeat(pad)
    );
}

fn daily_chart(out: &mut String, report: &Report, style: Style) {
    let _ = writeln!(out, "{}", style.bold("Reps per day (✓ goal met)"));
    let max = report.days.iter().map(|d| d.reps).max().unwrap_or(0);
    let goal = u32::from(report.goal_sets);
    for d in &report.days {
        let label = format!("{} {}", d.date.strftime("%a"), d.date.strftime("%m-%d"));
        row(out, &label, d.reps, max, d.sets >= goal && goal > 0, style);
    }
    out.push('\n');
}

fn weekly_chart(out: &mut String, report: &Report, style: Style) {
    let _ = writeln!(
        out,
        "{}",
        style.bold("Reps per week (weeks start on Monday)")
    );
    let weeks = weeks(&report.days);
    let max = weeks.iter().map(|(_, reps)| *reps).max().unwrap_or(0);
    for (monday, reps) in &weeks {
        let label = format!("wk {}", monday.strftime("%m-%d"));
        row(out, &label, *reps, max, false, style);
    }
    out.push('\n');
}

/// (Monday, reps) per calendar week.
fn weeks(days: &[DayStats]) -> Vec<(Date, u32)> {
    let mut out: Vec<(Date, u32)> = Vec::new();
    for d in days {
        let monday = monday_of(d.date);
        match out.last_mut() {
            Some(last) if last.0 == monday => last.1 += d.reps,
            _ => out.push((monday, d.reps)),
        }
    }
    out
}

fn monday_of(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back))
        .unwrap_or(date)
}

/// Rows Monday to Sunday, a column per week, a cell per day shaded by sets against the goal.
/// Cells are two characters wide when the weeks fit in 80 columns that way, else one.
fn heatmap(out: &mut String, report: &Report, style: Style) {
    let _ = writeln!(
        out,
        "{}",
        style.bold("Week by week (█ goal met, ▓ ▒ some sets, · none)")
    );
    let Some(first) = report.days.first().map(|d| monday_of(d.date)) else {
        return;
    };
    let columns = weeks(&report.days).len();
    let width = if 5 + columns * 2 <= 80 { 2 } else { 1 };
    let week = |c: usize| {
        first
            .checked_add(jiff::Span::new().weeks(c as i64))
            .unwrap_or(first)
    };
    // Month names above the first week whose Monday is in that month, where there is room.
    // The first column is named for the period's first day: a period from Tuesday the 1st
    // starts in a week whose Monday is in the month before.
    let start = report.days.first().map_or(first, |d| d.date);
    let mut months = String::new();
    let mut last_month = start.month();
    months.push_str(&start.strftime("%b").to_string());
    for c in 1..columns {
        let month = week(c).month();
        if month != last_month {
            last_month = month;
            let position = c * width;
            if position > months.chars().count() {
                months.push_str(&" ".repeat(position - months.chars().count()));
                months.push_str(&week(c).strftime("%b").to_string());
            }
        }
    }
    let _ = writeln!(out, "     {months}");
    let goal = u32::from(report.goal_sets).max(1);
    for weekday in 0..7i8 {
        let day = Weekday::from_monday_zero_offset(weekday).unwrap_or(Weekday::Monday);
        let mut line = String::new();
        for c in 0..columns {
            let offset = c as i64 * 7 + i64::from(weekday);
            let date = first
                .checked_add(jiff::Span::new().days(offset))
                .unwrap_or(first);
            let (code, glyph) = match report.days.iter().find(|d| d.date == date) {
                None => ("", " "),
                Some(d) if d.sets == 0 => ("2", "·"),
                Some(d) if d.sets >= goal => ("32", "█"),
                Some(d) if d.sets * 2 >= goal => ("32", "▓"),
                Some(_) => ("32", "▒"),
            };
            // Blocks fill both characters of a wide cell; a dot stands alone, followed by
            // unpainted padding, so that trimming the line's end trims what shows.
            let (cell, pad) = if width == 2 && glyph != "·" {
                (glyph.repeat(2), "")
            } else {
                (glyph.to_owned(), if width == 2 { " " } else { "" })
            };
            if code.is_empty() {
                line.push_str(&cell);
            } else {
                line.push_str(&style.paint(code, &cell));
            }
            line.push_str(pad);
        }
        let _ = writeln!(out, "  {} {}", &day_name(day)[..2], line.trim_end());
    }
    out.push('\n');
}

fn day_name(day: Weekday) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.to_monday_zero_offset() as usize]
}

fn reminders(out: &mut String, report: &Report, style: Style) {
    let r = &report.reminders;
    // The outcomes add up to the reminders shown; snoozes are not an outcome (a snoozed
    // reminder still ends done, skipped or missed), so they come after, as a count.
    let mut outcomes = format!(
        "{} shown: {} done, {} skipped, {} missed",
        r.shown, r.done, r.skipped, r.missed
    );
    if r.open > 0 {
        let _ = write!(outcomes, ", {} still open", r.open);
    }
    if r.held > 0 {
        let _ = write!(
            outcomes,
            "; held {} (do-not-disturb, fullscreen, call), released {}",
            r.held, r.released
        );
    }
    if r.snoozed > 0 {
        let _ = write!(
            outcomes,
            "; snoozed {} time{}",
            r.snoozed,
            plural(r.snoozed as usize)
        );
    }
    let _ = writeln!(out, "{}{outcomes}", style.label("Reminders", 11));
    let share = r
        .became_sets_percent
        .map_or("no reminders yet".to_owned(), |p| {
            format!("{p}% became sets")
        });
    let speed = r.median_seconds_to_start.map_or(String::new(), |s| {
        format!(
            "; median {} from reminder to start",
            words(SignedDuration::from_secs(s))
        )
    });
    let _ = writeln!(out, "{:<11}{share}{speed}", "");
}
