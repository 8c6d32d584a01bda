//! What the notifications say. Pure functions, so the wording is tested without a desktop.

use std::fmt::Write as _;

use jiff::SignedDuration;

use crate::duration::{format as human, hyphenated, words};
use crate::schedule::ReminderView;

/// A notification to show: text, actions as (key, label).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub summary: String,
    pub body: String,
    pub actions: Vec<(&'static str, String)>,
    /// Percent done, for a progress bar (the `value` hint).
    pub progress: Option<i32>,
    /// Stays until answered (reminders and prompts) rather than timing out.
    pub resident: bool,
    /// Worth a sound, when sounds are on (a reminder, a finished set).
    pub alert: bool,
}

const HOW: &str = "Sit upright, feet flat, toes and balls of the feet on the floor. Raise your heels \
slowly, lower them slowly, at a steady pace.";

/// How a server draws a reminder's answers, from its name and capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Buttons {
    /// No action buttons (no `actions` capability): the body names the commands instead.
    None,
    /// Every action as a button (dunst, Plasma, MATE, notification-daemon, ...).
    All,
    /// Every action offered, the default action among them with its label (xfce4-notifyd,
    /// lxqt-notificationd, mako's menu): "start" is that one, not a second one.
    DefaultIsAButton,
    /// GNOME Shell draws at most three and drops the rest without a word, and none at all
    /// once the banner has moved into its message list, where a click on the body (the
    /// default action) and the close button are all there is. So the banner carries start,
    /// snooze and done, and a body click, on the banner or in the list, brings the reminder
    /// back as a new banner with start, done and skip ([`answers`]); the close snoozes.
    Three,
}

/// The key servers send for a click on the notification body (the spec's default action).
pub const DEFAULT_ACTION: &str = "default";

/// The reminder, worded for the server that will show it. Every reminder carries the
/// default action (a body click starts the guided set, as its label says; on GNOME it
/// brings every answer, see [`Buttons::Three`]); servers that draw it as a button instead
/// show that label.
pub fn reminder(view: &ReminderView, buttons: Buttons) -> Message {
    worded(view, buttons, false)
}

/// The reminder again after a body click on GNOME (banner or message list): a new banner
/// whose three buttons are start, done and skip, the answers the first banner could not
/// all carry; snooze is its close, as the body says. It is sent as critical (see
/// [`super::notifier`]), so GNOME shows it expanded until answered, and, clicked in the
/// open message list, as a banner as soon as the list closes. Elsewhere the reminder as
/// it was.
pub fn answers(view: &ReminderView, buttons: Buttons) -> Message {
    worded(view, buttons, true)
}

fn worded(view: &ReminderView, buttons: Buttons, all: bool) -> Message {
    let set = (view.sets_today + 1).min(u32::from(view.of));
    let again = if view.snoozes > 0 { " (again)" } else { "" };
    // Why now, when it is a meal: the one moment a set does the most.
    let why = if view.after_meal.is_some() {
        "After your meal: this is when a set helps blood sugar most. "
    } else {
        ""
    };
    // Quiet (a call, say): short, since the user is busy, and saying why now is fine.
    let mut body = if view.quiet {
        format!(
            "{why}Silent and out of sight: you can do it under the desk now. About {} reps in {}.",
            view.estimated_reps,
            words(view.set_length)
        )
    } else {
        format!(
            "{why}You have been sitting for {}. {HOW} A {} set, about {} reps.",
            words(view.sitting),
            hyphenated(view.set_length),
            view.estimated_reps
        )
    };
    let start = "Start guided set".to_owned();
    let mut actions = vec![(DEFAULT_ACTION, start.clone())];
    if matches!(buttons, Buttons::All | Buttons::Three) {
        actions.push(("start", start));
    }
    // On GNOME, the first banner's three: start, snooze, done (skip comes with a body
    // click); the second banner's, or the first once snoozes are used up: start, done, skip.
    let three_with_snooze = buttons == Buttons::Three && view.can_snooze && !all;
    if view.can_snooze && (buttons != Buttons::Three || three_with_snooze) {
        actions.push(("snooze", format!("Snooze {}", human(view.snooze_for))));
    }
    actions.push(("done", "Done".to_owned()));
    if !three_with_snooze {
        actions.push(("skip", "Skip".to_owned()));
    }
    match buttons {
        Buttons::None => {
            actions.clear();
            let _ = write!(
                body,
                "\nAnswer from a terminal: soleus start, {}soleus log {}, or soleus skip.",
                if view.can_snooze {
                    "soleus snooze, "
                } else {
                    ""
                },
                view.estimated_reps
            );
        }
        Buttons::Three if three_with_snooze => body.push_str("\nTo skip it, click here."),
        Buttons::Three if view.can_snooze => body.push_str("\nClosing it snoozes it."),
        Buttons::Three => body.push_str("\nClosing it skips it."),
        Buttons::All | Buttons::DefaultIsAButton => {}
    }
    Message {
        summary: if view.quiet {
            format!("A set under the desk? {set} of {}{again}", view.of)
        } else {
            format!("Time for soleus pushups: set {set} of {}{again}", view.of)
        },
        body,
        actions,
        progress: None,
        resident: true,
        // The second form answers a click: no sound.
        alert: !view.quiet && !all,
    }
}

/// The guided set under way. Time left counts in whole minutes, rounded up: the
/// notification is updated once a minute, so seconds would be stale at once.
pub fn progress(remaining: SignedDuration, length: SignedDuration) -> Message {
    let total = length.as_secs().max(1);
    let minutes_left = (remaining.as_secs().max(0) + 59) / 60;
    let done = (total - minutes_left * 60).clamp(0, total);
    Message {
        summary: format!(
            "Soleus set: {} left",
            words(SignedDuration::from_mins(minutes_left))
        ),
        body: "Heels up slowly, down slowly, steady pace.".to_owned(),
        actions: vec![
            ("done", "Done early".to_owned()),
            ("skip", "Stop".to_owned()),
        ],
        progress: Some(i32::try_from(done * 100 / total).unwrap_or(100)),
        resident: true,
        alert: false,
    }
}

/// The guided set's time is up.
pub fn set_complete(reps: u32) -> Message {
    Message {
        summary: "Set complete".to_owned(),
        body: format!(
            "Press Done to log about {reps} reps. Did more or fewer? `soleus log REPS` records the real count instead."
        ),
        actions: vec![
            ("done", format!("Done ({reps} reps)")),
            ("skip", "Not done".to_owned()),
        ],
        progress: Some(100),
        resident: true,
        alert: true,
    }
}

/// The set that met the day's goal: short and friendly, no answer needed, once a day.
pub fn goal_reached(sets: u32, reps: u32) -> Message {
    Message {
        summary: "Done for today: well done!".to_owned(),
        body: format!(
            "{sets} sets, {reps} reps: your calves kept you moving today. No more reminders until tomorrow."
        ),
        actions: Vec::new(),
        progress: None,
        resident: false,
        alert: false,
    }
}

/// "Done early" before a set counts (see [`crate::schedule::MIN_SET`]).
pub fn set_too_short(ran: SignedDuration) -> Message {
    Message {
        summary: "Set ended: too short to count".to_owned(),
        body: format!(
            "It ran {}; a set counts from {}. Nothing was logged. Did a set anyway? `soleus log REPS` records it.",
            crate::duration::words(ran),
            crate::duration::words(crate::schedule::MIN_SET)
        ),
        actions: Vec::new(),
        progress: None,
        resident: false,
        alert: false,
    }
}

/// Today's summary, asked for from the tray menu: no answer needed.
pub fn today(body: String) -> Message {
    Message {
        summary: "soleus today".to_owned(),
        body,
        actions: Vec::new(),
        progress: None,
        resident: false,
        alert: false,
    }
}

/// A config edit that could not be used.
pub fn config_error(error: &str) -> Message {
    let first = error.lines().next().unwrap_or(error);
    Message {
        summary: "soleus: config.toml has an error".to_owned(),
        body: format!(
            "{first}\nThe previous settings stay in effect; `soleus config check` shows the details."
        ),
        actions: Vec::new(),
        progress: None,
        resident: false,
        alert: false,
    }
}

/// `[history] sync_folder` was edited while the daemon runs: commands follow it at once,
/// the daemon from its next start (its own records meanwhile stay on this machine, and its
/// next start brings them in).
pub fn sync_folder_edited(wanted: Option<&std::path::Path>) -> Message {
    let place = match wanted {
        Some(dir) => format!("the sync folder {}", dir.display()),
        None => "this machine only".to_owned(),
    };
    Message {
        summary: "soleus: restart it to use the new history place".to_owned(),
        body: format!(
            "Commands such as `soleus log` and `soleus stats` now use {place}; the running daemon uses it from its next start (`soleus stop`, then log in again or run `soleus daemon`). Nothing is lost meanwhile: its next start brings what it wrote in."
        ),
        actions: Vec::new(),
        progress: None,
        resident: false,
        alert: false,
    }
}

/// Writing history fails: what was done is kept in memory and retried, so nothing the user
/// confirmed is lost unless the daemon stops before the disk has room again.
pub fn history_error(error: &str) -> Message {
    Message {
        summary: "soleus: cannot write the history".to_owned(),
        body: format!(
            "{error}\nYour sets are kept and written as soon as that works again; keep soleus running until then."
        ),
        actions: Vec::new(),
        progress: None,
        resident: false,
        alert: false,
    }
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::*;

    fn view(snoozes: u8, can_snooze: bool) -> ReminderView {
        ReminderView {
            id: Timestamp::UNIX_EPOCH,
            number: 2,
            of: 3,
            snoozes,
            can_snooze,
            snooze_for: SignedDuration::from_mins(10),
            sitting: SignedDuration::from_mins(52),
            sets_today: 1,
            set_length: SignedDuration::from_mins(7),
            estimated_reps: 70,
            after_meal: None,
            quiet: false,
        }
    }

    fn keys(m: &Message) -> Vec<&str> {
        m.actions.iter().map(|(k, _)| *k).collect()
    }

    #[test]
    fn a_quiet_reminder_is_short_soundless_and_says_under_the_desk() {
        let loud = reminder(&view(0, true), Buttons::All);
        let m = reminder(
            &ReminderView {
                quiet: true,
                ..view(0, true)
            },
            Buttons::All,
        );
        assert!(!m.alert && loud.alert);
        assert!(m.body.contains("under the desk now"), "{}", m.body);
        assert!(m.body.len() < loud.body.len() / 2, "{}", m.body);
        assert_eq!(m.actions, loud.actions, "answered the same way");
    }

    #[test]
    fn a_reminder_after_a_meal_says_why_now() {
        let plain = reminder(&view(0, true), Buttons::All);
        assert!(!plain.body.contains("meal"), "{}", plain.body);
        let after = ReminderView {
            after_meal: Some(Timestamp::UNIX_EPOCH),
            ..view(0, true)
        };
        let m = reminder(&after, Buttons::All);
        assert!(
            m.body
                .starts_with("After your meal: this is when a set helps blood sugar most."),
            "{}",
            m.body
        );
        assert_eq!(m.summary, plain.summary);
    }

    #[test]
    fn the_reminder_teaches_the_movement_and_the_day_in_words() {
        let m = reminder(&view(0, true), Buttons::All);
        assert_eq!(m.summary, "Time for soleus pushups: set 2 of 3");
        assert!(
            m.body.contains("sitting for 52 minutes.")
                && m.body.contains("heels")
                && m.body.contains("A 7-minute set, about 70 reps."),
            "{}",
            m.body
        );
        assert_eq!(keys(&m), ["default", "start", "snooze", "done", "skip"]);
        assert_eq!(m.actions[0].1, "Start guided set");
        assert_eq!(m.actions[2].1, "Snooze 10m");
    }

    #[test]
    fn gnome_gets_three_buttons_and_the_others_from_a_body_click() {
        let m = reminder(&view(0, true), Buttons::Three);
        assert_eq!(keys(&m), ["default", "start", "snooze", "done"]);
        assert!(m.body.ends_with("To skip it, click here."), "{}", m.body);
        // The banner a body click brings: skip, and snooze as its close.
        let m = answers(&view(0, true), Buttons::Three);
        assert_eq!(keys(&m), ["default", "start", "done", "skip"]);
        assert!(m.body.ends_with("Closing it snoozes it."), "{}", m.body);
        assert_eq!(m.summary, reminder(&view(0, true), Buttons::Three).summary);
        assert!(!m.alert, "it answers a click: no sound");
        // At the snooze limit: the three left, on both banners; a close skips.
        for m in [
            reminder(&view(3, false), Buttons::Three),
            answers(&view(3, false), Buttons::Three),
        ] {
            assert_eq!(keys(&m), ["default", "start", "done", "skip"]);
            assert!(m.body.ends_with("Closing it skips it."), "{}", m.body);
        }
        // Never more than three buttons besides the body's default action.
        for v in [view(0, true), view(3, false)] {
            for m in [reminder(&v, Buttons::Three), answers(&v, Buttons::Three)] {
                assert!(m.actions.len() <= 4, "{:?}", m.actions);
            }
        }
        // Elsewhere the body click starts, and no second form is shown.
        assert_eq!(
            answers(&view(0, true), Buttons::All).actions,
            reminder(&view(0, true), Buttons::All).actions
        );
    }

    #[test]
    fn where_the_default_action_is_a_button_start_is_not_offered_twice() {
        let m = reminder(&view(0, true), Buttons::DefaultIsAButton);
        assert_eq!(keys(&m), ["default", "snooze", "done", "skip"]);
        assert_eq!(m.actions[0].1, "Start guided set");
        assert!(!m.body.contains("Click here"), "{}", m.body);
    }

    #[test]
    fn snooze_disappears_at_the_limit_and_the_cli_is_offered_without_buttons() {
        let m = reminder(&view(3, false), Buttons::All);
        assert!(m.summary.ends_with("(again)"));
        assert_eq!(keys(&m), ["default", "start", "done", "skip"]);
        let m = reminder(&view(3, false), Buttons::None);
        assert!(m.actions.is_empty());
        assert!(
            m.body
                .contains("soleus start, soleus log 70, or soleus skip"),
            "{}",
            m.body
        );
    }

    #[test]
    fn progress_counts_up() {
        let m = progress(SignedDuration::from_mins(4), SignedDuration::from_mins(7));
        assert_eq!(
            (m.summary.as_str(), m.progress),
            ("Soleus set: 4 minutes left", Some(42))
        );
        let m = progress(SignedDuration::from_secs(419), SignedDuration::from_mins(7));
        assert_eq!(
            (m.summary.as_str(), m.progress),
            ("Soleus set: 7 minutes left", Some(0))
        );
        assert_eq!(
            set_complete(70).actions[0],
            ("done", "Done (70 reps)".to_owned())
        );
    }
}
