//! `soleus log`: appends a set to history; exit 0 means it is on disk.

use jiff::{SignedDuration, Zoned};

use super::{CliError, config_or_defaults, print_notices};
use crate::cli::LogArgs;
use crate::client::{self, ClientError};
use crate::duration;
use crate::history::History;
use crate::history::record::local_time;
use crate::history::record::{Record, SetOrigin, SetRecord};
use crate::ipc::Request;
use crate::paths::Paths;
use crate::stats;
use crate::timefmt::{parse_at, short};

pub fn run(paths: &Paths, args: &LogArgs) -> Result<(), CliError> {
    let now = Zoned::now();
    let at = match &args.at {
        Some(text) => parse_at(text, &now).map_err(|e| CliError::Usage(e.to_string()))?,
        // Whole seconds: the history is for people to read.
        None => {
            jiff::Timestamp::from_second(now.timestamp().as_second()).unwrap_or(now.timestamp())
        }
    };
    let config = config_or_defaults(paths);
    let pace = config.exercise.reps_per_minute;
    // Without --duration, the set took as long as the reps at the user's usual pace.
    let length = args.duration.unwrap_or_else(|| {
        SignedDuration::from_secs((i64::from(args.reps) * 60 / i64::from(pace)).max(1))
    });
    let set = SetRecord {
        at,
        reps: args.reps,
        duration_s: u32::try_from(length.as_secs()).unwrap_or(u32::MAX),
        origin: SetOrigin::Manual,
    };
    let history = History::new(&paths.history);
    let loaded = history.append(&[Record::Set(set.clone())])?;
    // The set is on disk now. A running daemon counts it at once; without one, nothing is
    // lost: the daemon reads today's sets from history when it starts.
    let told = client::send(
        &paths.socket(),
        &Request::Logged {
            at: local_time::render(set.at),
            reps: set.reps,
            duration_s: set.duration_s,
        },
    );
    match told {
        Ok(reply) if !reply.ok => eprintln!(
            "note: the daemon did not count the set: {}",
            reply.message.unwrap_or_default()
        ),
        Err(ClientError::Broken { .. }) => {
            eprintln!("note: the daemon did not answer; it will count the set when it restarts");
        }
        _ => {}
    }
    print_notices(&loaded.notices);
    let (today, _) = stats::today(&loaded.records, now.time_zone(), now.date());
    let goal = config.schedule.sets_per_day;
    println!(
        "Logged {} reps at {} ({}). Today: {} of {goal} sets, {} reps.",
        args.reps,
        short(at, &now),
        duration::format(length),
        today.sets,
        today.reps,
    );
    Ok(())
}
