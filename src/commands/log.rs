//! `soleus log`: appends a set to history (exit 0 means it is on disk), or takes the last
//! one back with `--undo`.

use jiff::{SignedDuration, Timestamp, Zoned};

use super::{CliError, config_or_defaults, history_place, out, print_notices};
use crate::cli::LogArgs;
use crate::client::{self, ClientError};
use crate::duration;
use crate::history::Place;
use crate::history::recent::Recent;
use crate::history::record::{Record, SetOrigin, SetRecord, UndoRecord, effective, local_time};
use crate::ipc::Request;
use crate::paths::Paths;
use crate::stats;
use crate::timefmt::{parse_at, short};

pub fn run(paths: &Paths, args: &LogArgs) -> Result<(), CliError> {
    let now = Zoned::now();
    let config = config_or_defaults(paths);
    let history_at = history_place(paths, &config)?;
    let history = history_at.own();
    let goal = config.schedule.sets_per_day;
    if args.undo {
        return undo(paths, &history_at, &now, goal);
    }
    let Some(reps) = args.reps else {
        return Err(CliError::Usage(
            "say how many reps, like `soleus log 60`".to_owned(),
        ));
    };
    let at = match &args.at {
        Some(text) => parse_at(text, &now).map_err(|e| CliError::Usage(e.to_string()))?,
        // Whole seconds: the history is for people to read.
        None => Timestamp::from_second(now.timestamp().as_second()).unwrap_or(now.timestamp()),
    };
    let pace = config.exercise.reps_per_minute;
    // Without --duration, the set took as long as the reps at the user's usual pace.
    let length = args.duration.unwrap_or_else(|| {
        SignedDuration::from_secs((i64::from(reps) * 60 / i64::from(pace)).max(1))
    });
    let set = SetRecord {
        at,
        reps,
        duration_s: u32::try_from(length.as_secs()).unwrap_or(u32::MAX),
        origin: SetOrigin::Manual,
        id: None,
    };
    // Only what today needs is kept while the history is checked: that is all the
    // answer below reports.
    let (recent, notices) = history.append_seeing(
        || Recent::for_day(&now, SignedDuration::ZERO),
        &[Record::Set(set.clone())],
    )?;
    print_notices(&notices);
    // The set is on disk now. A running daemon counts it at once; without one, nothing is
    // lost: the daemon reads today's sets from history when it starts.
    tell_daemon(
        paths,
        &Request::Logged {
            at: local_time::render(set.at),
            reps,
            duration_s: set.duration_s,
        },
    );
    let records = match &history_at {
        Place::Local(_) => recent.into_records(),
        // Today on every device, this set included.
        Place::Folder(folder) => {
            let read = folder.read_day(&now, SignedDuration::ZERO)?;
            print_notices(&read.notices);
            read.merged()
        }
    };
    let (today, _) = stats::today(&records, &now);
    out::line(format_args!(
        "Logged {reps} reps at {}, a set of {}. Today: {} of {goal} sets, {} reps.",
        short(at, &now),
        duration::words(length),
        today.sets,
        today.reps,
    ))
}

/// Appends an undo for the last set logged (in the order they were logged; with a sync
/// folder, the last on any device, named by its id).
fn undo(paths: &Paths, place: &Place, now: &Zoned, goal: u8) -> Result<(), CliError> {
    // Which set to take back is decided under the history's lock: another `log --undo`
    // running at the same time then sees this one's record and takes back the one before.
    let decide = |records: &[Record]| {
        let set = effective(records).into_iter().rev().find_map(|r| match r {
            Record::Set(s) => Some(s.clone()),
            _ => None,
        })?;
        let record = UndoRecord {
            at: now.timestamp(),
            set_at: set.at,
            reps: set.reps,
            set_id: set.id.clone(),
        };
        Some((vec![Record::Undo(record)], set))
    };
    let written = match place {
        Place::Local(history) => {
            history.append_decided(Vec::new, |records: &Vec<Record>| decide(records))?
        }
        Place::Folder(folder) => {
            let mut merged = Vec::new();
            let mut failed = None;
            let written = folder.own().append_decided(Vec::new, |_: &Vec<Record>| {
                match folder.read_holding_lock(Vec::new, None) {
                    Ok(read) => merged = read.merged(),
                    Err(e) => failed = Some(e),
                }
                decide(&merged)
            })?;
            if let Some(e) = failed {
                return Err(e.into());
            }
            // Every device's records, and the undo just written (the last of this one's).
            written.map(|(own, notices, set)| {
                merged.extend(own.last().cloned());
                (merged, notices, set)
            })
        }
    };
    let Some((records, notices, set)) = written else {
        return Err(CliError::Other(
            "nothing to undo: no set is logged yet".to_owned(),
        ));
    };
    print_notices(&notices);
    // The daemon counts this machine's sets itself; another machine's set it counted
    // among theirs, and reads their count again.
    let elsewhere = match (place, &set.id) {
        (Place::Folder(folder), Some(id)) => {
            id.split_once('-').map(|(device, _)| device) != Some(folder.device())
        }
        _ => false,
    };
    tell_daemon(
        paths,
        &Request::Undone {
            at: local_time::render(set.at),
            reps: set.reps,
            elsewhere,
        },
    );
    let (today, _) = stats::today(&records, now);
    out::line(format_args!(
        "Removed the set of {} reps at {}, {} long. Today: {} of {goal} sets, {} reps.",
        set.reps,
        short(set.at, now),
        duration::words(SignedDuration::from_secs(i64::from(set.duration_s))),
        today.sets,
        today.reps,
    ))
}

/// Tells a running daemon what was just written to history; without one, nothing is lost:
/// the daemon reads history when it starts.
pub(super) fn tell_daemon(paths: &Paths, request: &Request) {
    match client::send(&paths.socket(), request) {
        Ok(reply) if !reply.ok => {
            eprintln!(
                "note: the daemon did not take this in: {}",
                reply.message.unwrap_or_default()
            );
        }
        Err(ClientError::Broken { .. }) => {
            eprintln!("note: the daemon did not answer; it will read the history when it restarts");
        }
        _ => {}
    }
}
