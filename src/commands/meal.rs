//! `soleus meal`: appends a meal to history (exit 0 means it is on disk), or takes the last
//! one back with `--undo`. A running daemon hears of it at once and times a reminder for
//! the window after it; without one, the daemon reads recent meals when it starts.

use jiff::{Timestamp, Zoned};

use super::log::tell_daemon;
use super::{CliError, config_or_defaults, history_place, out, print_notices};
use crate::cli::MealArgs;
use crate::config::Config;
use crate::duration;
use crate::history::History;
use crate::history::record::{MealRecord, MealUndoRecord, Record, local_time, meals};
use crate::ipc::Request;
use crate::paths::Paths;
use crate::schedule::MEAL_SETTLE;
use crate::timefmt::{parse_at, short};

pub fn run(paths: &Paths, args: &MealArgs) -> Result<(), CliError> {
    let now = Zoned::now();
    let config = config_or_defaults(paths);
    // With a sync folder, meals go to this device's file there.
    let place = history_place(paths, &config)?;
    let history = place.own();
    if args.undo {
        return undo(paths, history, &now);
    }
    let at = match &args.time {
        Some(text) => parse_at(text, &now).map_err(|e| CliError::Usage(e.to_string()))?,
        // Whole seconds: the history is for people to read.
        None => Timestamp::from_second(now.timestamp().as_second()).unwrap_or(now.timestamp()),
    };
    let notices = history.append(&[Record::Meal(MealRecord { at })])?;
    print_notices(&notices);
    tell_daemon(
        paths,
        &Request::Meal {
            at: local_time::render(at),
        },
    );
    out::line(format_args!(
        "Meal logged at {}. {}",
        short(at, &now),
        window_words(&config, at, &now)
    ))
}

/// When the set for this meal is best, or why it is past.
fn window_words(config: &Config, at: Timestamp, now: &Zoned) -> String {
    let close = at + config.meals.window;
    if close <= now.timestamp() {
        return format!(
            "Its window ({} after it) has passed; nothing changes now.",
            duration::words(config.meals.window)
        );
    }
    format!(
        "A set from {} to {} helps most; a reminder comes in that time if you are at the desk in active hours.",
        short(at + MEAL_SETTLE, now),
        short(close, now)
    )
}

/// Appends an undo for the last meal logged (in the order they were logged).
fn undo(paths: &Paths, history: &History, now: &Zoned) -> Result<(), CliError> {
    // Which meal to take back is decided under the history's lock, as `log --undo`
    // decides: another `meal --undo` running at the same time then sees this one's record
    // and takes back the meal before.
    let written = history.append_decided(Vec::new, |records: &Vec<Record>| {
        let meal_at = meals(records).last().copied()?;
        let record = MealUndoRecord {
            at: now.timestamp(),
            meal_at,
        };
        Some((vec![Record::MealUndo(record)], meal_at))
    })?;
    let Some((_, notices, meal_at)) = written else {
        return Err(CliError::Other(
            "nothing to undo: no meal is logged yet".to_owned(),
        ));
    };
    print_notices(&notices);
    tell_daemon(
        paths,
        &Request::MealUndone {
            at: local_time::render(meal_at),
        },
    );
    out::line(format_args!("Removed the meal at {}.", short(meal_at, now)))
}
