//! `soleus status --format`: the report as one line for bars and scripts.
//!
//! Pure functions of a [`StatusReport`] and the time now, so a bar shows the same thing
//! whether the line came from a one-shot `status` or from `--follow`, and the wording is
//! tested without a daemon. Countdowns are computed here, from the deadlines in the
//! report: the daemon pushes a line only when its state changes, and the follower redraws
//! the countdown itself (see `follow`).

use std::fmt::Write as _;

use jiff::{SignedDuration, Timestamp, Zoned};

use crate::ipc::StatusReport;
use crate::schedule::State;

/// How `--format` prints the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// One compact JSON document per line (the `--json` fields).
    Json,
    /// Waybar's custom module: `text`, `tooltip`, `class`, `percentage`.
    Waybar,
    /// One plain line (i3blocks `interval=persist`, polybar `tail = true`).
    Plain,
    /// The user's template with `{field}` placeholders.
    Template(Vec<Piece>),
}

/// A piece of a template: text as it is, or a field to fill in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece {
    Text(usize, usize),
    Field(Field),
}

/// The fields a template may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    State,
    Next,
    NextIn,
    Sets,
    Goal,
    Reps,
    Streak,
    Sitting,
    Text,
    Class,
    Percentage,
}

impl Field {
    const ALL: [(&str, Self); 11] = [
        ("state", Self::State),
        ("next", Self::Next),
        ("next_in", Self::NextIn),
        ("sets", Self::Sets),
        ("goal", Self::Goal),
        ("reps", Self::Reps),
        ("streak", Self::Streak),
        ("sitting", Self::Sitting),
        ("text", Self::Text),
        ("class", Self::Class),
        ("percentage", Self::Percentage),
    ];
}

/// A `--format` value that is neither a known name nor a valid template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    #[error("unknown field {{{0}}} in the template; the fields are {fields}", fields = field_names())]
    UnknownField(String),
    #[error("a `{{` without its `}}` in the template (write {{{{ for a literal brace)")]
    Unclosed,
    #[error(
        "{0:?} is not a format: use json, waybar, i3blocks, polybar, or a template with {{fields}} like \"{{state}} {{next_in}} {{sets}}/{{goal}}\""
    )]
    Unknown(String),
}

fn field_names() -> String {
    Field::ALL.map(|(name, _)| format!("{{{name}}}")).join(" ")
}

/// A parsed template keeps its source text for its literal pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub format: Format,
    source: String,
}

impl Spec {
    /// The plain line: `--follow`'s format unless told.
    pub fn plain() -> Self {
        Self {
            format: Format::Plain,
            source: "plain".to_owned(),
        }
    }
}

impl std::str::FromStr for Spec {
    type Err = FormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let format = match s {
            "json" => Format::Json,
            "waybar" => Format::Waybar,
            "i3blocks" | "polybar" | "plain" => Format::Plain,
            _ if s.contains('{') => Format::Template(parse_template(s)?),
            _ => return Err(FormatError::Unknown(s.to_owned())),
        };
        Ok(Self {
            format,
            source: s.to_owned(),
        })
    }
}

fn parse_template(s: &str) -> Result<Vec<Piece>, FormatError> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let bytes = s.as_bytes();
    while i < bytes.len() {
        match bytes[i] {
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                pieces.push(Piece::Text(start, i + 1));
                i += 2;
                start = i;
            }
            b'}' if bytes.get(i + 1) == Some(&b'}') => {
                pieces.push(Piece::Text(start, i + 1));
                i += 2;
                start = i;
            }
            b'{' => {
                pieces.push(Piece::Text(start, i));
                let end = s[i..].find('}').ok_or(FormatError::Unclosed)? + i;
                let name = &s[i + 1..end];
                let field = Field::ALL
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, f)| *f)
                    .ok_or_else(|| FormatError::UnknownField(name.to_owned()))?;
                pieces.push(Piece::Field(field));
                i = end + 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    pieces.push(Piece::Text(start, s.len()));
    pieces.retain(|p| !matches!(p, Piece::Text(a, b) if a == b));
    Ok(pieces)
}

/// The report in `spec`'s format, as one line without its newline.
pub fn render(spec: &Spec, r: &StatusReport, now: &Zoned) -> String {
    match &spec.format {
        Format::Json => serde_json::to_string(r).unwrap_or_default(),
        Format::Waybar => serde_json::json!({
            "text": text(r, now),
            "tooltip": super::human(r, now, false).trim_end(),
            "class": class(r),
            "percentage": percentage(r),
        })
        .to_string(),
        Format::Plain => text(r, now),
        Format::Template(pieces) => {
            let mut out = String::new();
            for piece in pieces {
                match *piece {
                    Piece::Text(a, b) => out.push_str(&spec.source[a..b]),
                    Piece::Field(f) => out.push_str(&field(f, r, now)),
                }
            }
            out
        }
    }
}

fn field(f: Field, r: &StatusReport, now: &Zoned) -> String {
    match f {
        Field::State | Field::Class => class(r).to_owned(),
        Field::Next => next_at(r)
            .map(|t| crate::timefmt::hm(t, now.time_zone()))
            .unwrap_or_default(),
        Field::NextIn => next_at(r)
            .map(|t| compact(t.duration_since(now.timestamp())))
            .unwrap_or_default(),
        Field::Sets => r.sets_today.to_string(),
        Field::Goal => r.goal_sets.to_string(),
        Field::Reps => r.reps_today.to_string(),
        Field::Streak => r.streak_days.to_string(),
        Field::Sitting => compact(SignedDuration::from_secs(r.sitting_seconds)),
        Field::Text => text(r, now),
        Field::Percentage => percentage(r).to_string(),
    }
}

/// The one word for the state, as `status --json` spells it (`not_running` without a
/// daemon): waybar's `class`, for styling each state.
pub fn class(r: &StatusReport) -> &'static str {
    match r.state {
        _ if !r.running => "not_running",
        None => State::Sitting.name(),
        Some(state) => state.name(),
    }
}

/// Today's sets against the goal, 0 to 100 (waybar's `percentage`, for `format-icons`).
pub fn percentage(r: &StatusReport) -> u32 {
    if r.goal_sets == 0 {
        return 0;
    }
    (r.sets_today * 100 / u32::from(r.goal_sets)).min(100)
}

/// The deadline a countdown counts down to in the current state, if any.
pub fn next_at(r: &StatusReport) -> Option<Timestamp> {
    match r.state? {
        State::Snoozed => r.snoozed_until,
        State::InSet => r.set_ends_at,
        State::Paused => r.paused_until,
        State::Reminding | State::DoneForToday | State::Held => None,
        State::Sitting | State::Away | State::OffHours => r.next_reminder_at,
    }
}

/// The short line for a bar: today's sets, then what is going on, with a countdown.
pub fn text(r: &StatusReport, now: &Zoned) -> String {
    if !r.running {
        return format!("{}/{} soleus is not running", r.sets_today, r.goal_sets);
    }
    let mut out = format!("{}/{}", r.sets_today, r.goal_sets);
    let left = next_at(r).map(|t| compact(t.duration_since(now.timestamp())));
    let state = r.state.unwrap_or(State::Sitting);
    let words = match state {
        State::Sitting => "next in",
        State::Away => "away",
        State::Reminding => "set due",
        State::Snoozed => "snoozed",
        State::InSet => "in a set",
        State::Paused => "paused",
        State::OffHours => "off hours",
        State::DoneForToday => "done",
        State::Held => "set held",
    };
    let _ = write!(out, " {words}");
    if let Some(left) = left.filter(|_| state != State::Away && state != State::OffHours) {
        let _ = write!(out, " {left}");
    }
    out
}

/// A duration as a bar wants it: `23m`, `1h05m`, `2d`, rounded up to the minute, so a
/// countdown never shows 0m while something is still to come and changes once a minute.
pub fn compact(d: SignedDuration) -> String {
    let mins = (d.as_secs().max(0) + 59) / 60;
    match mins {
        m if m < 60 => format!("{m}m"),
        m if m < 48 * 60 => format!("{}h{:02}m", m / 60, m % 60),
        m => format!("{}d", m / (24 * 60)),
    }
}

/// When the countdown in a rendered line next changes: the follower redraws then. `None`
/// when the line shows no countdown (it changes only with the daemon's state).
pub fn redraw_at(r: &StatusReport, now: Timestamp) -> Option<Timestamp> {
    let to = next_at(r)?;
    let left = to.duration_since(now).as_secs();
    if left <= 0 {
        return None;
    }
    // Past a minute the line shows whole minutes, so redraw on the next minute boundary
    // of the countdown; under a minute, once more when it reaches zero.
    let step = if left > 60 { (left - 1) % 60 + 1 } else { left };
    now.checked_add(SignedDuration::from_secs(step)).ok()
}

#[cfg(test)]
#[path = "format_tests.rs"]
mod tests;
