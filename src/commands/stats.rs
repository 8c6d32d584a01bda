//! `soleus stats`: the history as a table, JSON or CSV.

use jiff::{ToSpan, Zoned};

use super::{CliError, config_or_defaults, print_notices};
use crate::cli::StatsArgs;
use crate::history::History;
use crate::paths::Paths;
use crate::stats;

pub fn run(paths: &Paths, args: &StatsArgs) -> Result<(), CliError> {
    let now = Zoned::now();
    let config = config_or_defaults(paths);
    let loaded = History::new(&paths.history).load()?;
    print_notices(&loaded.notices);
    let today = now.date();
    let from = today
        .checked_sub((i64::from(args.days) - 1).days())
        .map_err(|e| CliError::Usage(format!("--days {} reaches too far back: {e}", args.days)))?;
    let report = stats::report(
        &loaded.records,
        now.time_zone(),
        from,
        today,
        today,
        config.schedule.sets_per_day,
        config.schedule.window.days,
    );
    if args.json {
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| CliError::Other(e.to_string()))?;
        println!("{json}");
    } else if args.csv {
        print!("{}", stats::csv(&report));
    } else {
        print!("{}", stats::table(&report));
    }
    Ok(())
}
