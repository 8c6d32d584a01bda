//! What the tray shows for a status: its icon, tooltip and which menu entries apply.
//! Pure functions of the [`StatusReport`] and the time now, tested without a bus.

use jiff::Zoned;

use crate::commands::status::format;
use crate::ipc::StatusReport;
use crate::schedule::State;

/// A menu entry. The ids are the dbusmenu item ids (0 is the root), fixed so that a host
/// that cached the layout still clicks the entry it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Start = 1,
    Snooze = 2,
    Done = 3,
    Skip = 4,
    PauseHour = 6,
    PauseToday = 7,
    Resume = 8,
    Stats = 10,
    Quit = 11,
}

/// One row of the menu: an entry, or a separator with its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Entry(Entry),
    Separator(i32),
}

/// The menu, top to bottom.
pub const MENU: [Row; 11] = [
    Row::Entry(Entry::Start),
    Row::Entry(Entry::Snooze),
    Row::Entry(Entry::Done),
    Row::Entry(Entry::Skip),
    Row::Separator(5),
    Row::Entry(Entry::PauseHour),
    Row::Entry(Entry::PauseToday),
    Row::Entry(Entry::Resume),
    Row::Separator(9),
    Row::Entry(Entry::Stats),
    Row::Entry(Entry::Quit),
];

impl Entry {
    pub fn id(self) -> i32 {
        self as i32
    }

    pub fn from_id(id: i32) -> Option<Self> {
        MENU.iter().find_map(|row| match row {
            Row::Entry(e) if e.id() == id => Some(*e),
            _ => None,
        })
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Start => "Start a set now",
            Self::Snooze => "Snooze",
            Self::Done => "I did a set",
            Self::Skip => "Skip",
            Self::PauseHour => "Pause for 1 hour",
            Self::PauseToday => "Pause until tomorrow",
            Self::Resume => "Resume",
            Self::Stats => "Today's stats",
            Self::Quit => "Quit soleus",
        }
    }

    /// Whether the entry does something in `state` (a greyed entry says why not by itself).
    pub fn enabled(self, state: Option<State>) -> bool {
        let open = matches!(state, Some(State::Reminding | State::Snoozed));
        let paused = state == Some(State::Paused);
        match self {
            Self::Start => state != Some(State::InSet),
            Self::Snooze => open,
            Self::Done | Self::Skip => open || state == Some(State::InSet),
            Self::PauseHour | Self::PauseToday => !paused,
            Self::Resume => paused,
            Self::Stats | Self::Quit => true,
        }
    }
}

/// The tooltip's title and text: the state with its countdown, then today's sets.
pub fn tooltip(r: &StatusReport, now: &Zoned) -> (String, String) {
    let title = format!("soleus: {}", r.state.map_or("starting", State::words));
    let mut text = format::text(r, now);
    if let Some(at) = format::next_at(r) {
        let what = match r.state {
            Some(State::Snoozed) => "reminder back at",
            Some(State::InSet) => "set ends at",
            Some(State::Paused) => "paused until",
            _ => "next reminder at",
        };
        text = format!(
            "{what} {} (in {})",
            crate::timefmt::short(at, now),
            format::compact(at.duration_since(now.timestamp()))
        );
    }
    let mut body = format!(
        "{text}\ntoday: {} of {} sets, {} reps",
        r.sets_today, r.goal_sets, r.reps_today
    );
    if let Some(streak) = crate::commands::status::streak(r) {
        body = format!("{body}\n{streak}");
    }
    (title, body)
}

/// Whether the item asks for attention (a reminder is waiting for an answer).
pub fn needs_attention(r: &StatusReport) -> bool {
    r.state == Some(State::Reminding)
}

/// The icon's colour by state, as 0xRRGGBB: amber asks, green is done or in a set, blue
/// counts down, grey rests.
fn colour(state: Option<State>) -> u32 {
    match state {
        Some(State::Reminding | State::Snoozed) => 0x00e5_a50a,
        Some(State::InSet | State::DoneForToday) => 0x0026_a269,
        Some(State::Sitting) => 0x0035_84e4,
        _ => 0x0077_767b,
    }
}

/// The icon, drawn here so that it shows in any host whatever its icon theme: a disc in
/// the state's colour, its ring filled in proportion to today's sets. ARGB32 in network
/// byte order, as the `IconPixmap` of a `StatusNotifierItem` wants it.
pub fn pixmap(r: &StatusReport, size: i32) -> (i32, i32, Vec<u8>) {
    let rgb = colour(r.state);
    let done = f64::from(format::percentage(r)) / 100.0;
    let c = f64::from(size) / 2.0;
    let mut argb = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let (dx, dy) = (f64::from(x) + 0.5 - c, f64::from(y) + 0.5 - c);
            let d = (dx * dx + dy * dy).sqrt();
            // The share of the ring this pixel is at, clockwise from the top. The pure-Rust
            // libm's atan2, not std's: std's links the system's libm.so for this one call,
            // and its pages would count in the daemon's resident set (README, Performance).
            let turn = (libm::atan2(dx, -dy) / std::f64::consts::TAU).rem_euclid(1.0);
            let (alpha, px) = if d <= c * 0.62 {
                (0xff, rgb)
            } else if d <= c - 0.5 {
                let ring = if turn < done { rgb } else { 0x00c0_bfbc };
                (0xff, ring)
            } else {
                (0, 0)
            };
            argb.push(alpha);
            argb.extend_from_slice(&px.to_be_bytes()[1..]);
        }
    }
    (size, size, argb)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(state: State) -> StatusReport {
        let mut r = StatusReport::not_running();
        r.running = true;
        r.state = Some(state);
        r.goal_sets = 3;
        r.sets_today = 1;
        r.reps_today = 70;
        r
    }

    fn now() -> Zoned {
        "2026-11-29T17:00:00+01:00[Europe/Berlin]"
            .parse()
            .expect("zoned")
    }

    #[test]
    fn entries_apply_to_the_state_they_act_on() {
        let on = |state| {
            MENU.iter()
                .filter_map(|row| match row {
                    Row::Entry(e) if e.enabled(Some(state)) => Some(e.label()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            on(State::Sitting),
            [
                "Start a set now",
                "Pause for 1 hour",
                "Pause until tomorrow",
                "Today's stats",
                "Quit soleus"
            ]
        );
        assert!(on(State::Reminding).contains(&"Snooze"));
        assert!(on(State::InSet).contains(&"I did a set"));
        assert!(!on(State::InSet).contains(&"Start a set now"));
        assert!(on(State::Paused).contains(&"Resume"));
        for row in MENU {
            if let Row::Entry(e) = row {
                assert_eq!(Entry::from_id(e.id()), Some(e));
            }
        }
        assert_eq!(Entry::from_id(5), None, "a separator is no entry");
    }

    #[test]
    fn the_tooltip_counts_down_and_counts_sets() {
        let mut r = report(State::Sitting);
        r.next_reminder_at = Some("2026-11-29T16:24:00Z".parse().expect("ts"));
        let (title, body) = tooltip(&r, &now());
        assert_eq!(title, "soleus: sitting");
        assert_eq!(
            body,
            "next reminder at 17:24 (in 24m)\ntoday: 1 of 3 sets, 70 reps"
        );
        r.streak_days = 4;
        let (_, body) = tooltip(&r, &now());
        assert_eq!(
            body,
            "next reminder at 17:24 (in 24m)\ntoday: 1 of 3 sets, 70 reps\n\
             streak: 4 days in a row with sets"
        );
        let (_, body) = tooltip(&report(State::Reminding), &now());
        assert!(body.starts_with("1/3 set due\n"), "{body}");
        assert!(needs_attention(&report(State::Reminding)));
    }

    #[test]
    fn each_state_has_its_colour() {
        let centre = |state| {
            let (_, _, data) = pixmap(&report(state), 22);
            let i = (11 * 22 + 11) * 4;
            u32::from_be_bytes([0, data[i + 1], data[i + 2], data[i + 3]])
        };
        let (amber, green, blue, grey) = (0x00e5_a50a, 0x0026_a269, 0x0035_84e4, 0x0077_767b);
        for (state, colour) in [
            (State::Sitting, blue),
            (State::Reminding, amber),
            (State::Snoozed, amber),
            (State::InSet, green),
            (State::DoneForToday, green),
            (State::Held, grey),
            (State::Paused, grey),
            (State::Away, grey),
            (State::OffHours, grey),
        ] {
            assert_eq!(centre(state), colour, "{state:?}");
        }
        assert!(needs_attention(&report(State::Reminding)));
        assert!(!needs_attention(&report(State::Snoozed)));
    }

    #[test]
    fn the_icon_is_a_disc_in_the_state_colour_with_a_ring_of_sets() {
        let (w, h, data) = pixmap(&report(State::Sitting), 22);
        assert_eq!((w, h, data.len()), (22, 22, 22 * 22 * 4));
        let px = |x: usize, y: usize| &data[(y * 22 + x) * 4..(y * 22 + x) * 4 + 4];
        assert_eq!(px(11, 11), [0xff, 0x35, 0x84, 0xe4], "the centre");
        assert_eq!(px(0, 0)[0], 0, "the corner is transparent");
        // A third of the ring (one set of three) is filled: right of the top, not left.
        assert_eq!(px(14, 1)[1..], [0x35, 0x84, 0xe4]);
        assert_eq!(px(7, 1)[1..], [0xc0, 0xbf, 0xbc]);
    }
}
