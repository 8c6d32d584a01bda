//! `soleus stats`: the history for people (table, chart, heatmap), JSON or CSV.

use std::fmt::Write as _;
use std::io::IsTerminal;

use jiff::Zoned;

use super::{CliError, config_or_defaults, history_place, out, print_notices};
use crate::cli::StatsArgs;
use crate::history::{History, Place};
use crate::paths::Paths;
use crate::stats::{self, MealPlan, Period, human};

/// Days shown when neither --days nor --from is given.
const DEFAULT_DAYS: u32 = 14;

pub fn run(paths: &Paths, args: &StatsArgs) -> Result<(), CliError> {
    if args.ack {
        return match History::new(&paths.history).acknowledge()? {
            Some(aside) => out::line(format!(
                "acknowledged: {aside} stays where it is, and stats no longer mention it"
            )),
            None => out::line("nothing to acknowledge: no history file was set aside"),
        };
    }
    let now = Zoned::now();
    let today = now.date();
    let config = config_or_defaults(paths);
    let to = args.to.unwrap_or(today);
    let from = match (args.from, args.days) {
        (Some(from), _) => from,
        (None, days) => stats::days_back(to, days.unwrap_or(DEFAULT_DAYS)).ok_or_else(|| {
            CliError::Usage("--days reaches before the calendar starts".to_owned())
        })?,
    };
    // A period that has not started has nothing to show; one that runs past today is fine
    // (this month, say), its days to come are zeros.
    if from > today {
        return Err(CliError::Usage(format!(
            "--from {from} is in the future (today is {today}): nothing is recorded there yet; \
             give a first day up to today, or --days N for the last N days"
        )));
    }
    if from > to {
        return Err(CliError::Usage(format!(
            "--from {from} is after --to {to}: the period is empty"
        )));
    }
    if from.until(to).map_or(true, |span| span.get_days() > 3660) {
        return Err(CliError::Usage(
            "a period of more than 10 years is not supported: narrow --from/--to".to_owned(),
        ));
    }
    let place = history_place(paths, &config)?;
    if args.by_device {
        let Place::Folder(folder) = &place else {
            return Err(CliError::Usage(
                "--by-device needs a sync folder: set [history] sync_folder in the config \
                 (README, \"Several machines\"); without one, every set is this machine's"
                    .to_owned(),
            ));
        };
        let read = folder.read(Vec::new, None)?;
        print_notices(&read.notices);
        let rows = stats::devices::by_device(&read.files, now.time_zone(), from, to);
        return by_device(&rows, from, to, &now, args.json);
    }
    let loaded = place.read()?;
    print_notices(&loaded.notices);
    let tz = now.time_zone();
    if args.sets {
        return list_sets(&stats::sets_in(&loaded.records, tz, from, to), args);
    }
    let period = Period {
        from,
        to,
        today,
        goal: config.schedule.sets_per_day,
        active_days: config.schedule.window.days,
        meals: MealPlan {
            meals: config.meals.clone(),
            now: now.timestamp(),
        },
    };
    let report = stats::report(&loaded.records, tz, &period);
    if args.json {
        out::line(to_json(&report)?)
    } else if args.csv {
        out::print(stats::csv(&report))
    } else {
        let color = wants_color(std::io::stdout().is_terminal(), |name| {
            std::env::var_os(name).filter(|v| !v.is_empty())
        });
        out::print(human::render(&report, human::Style { color }))
    }
}

fn list_sets(sets: &[stats::SetRow], args: &StatsArgs) -> Result<(), CliError> {
    let mut text = String::new();
    if args.json {
        text = to_json(&sets)? + "\n";
    } else if args.csv {
        text.push_str("at,reps,duration_seconds,origin\n");
        for s in sets {
            let _ = writeln!(
                text,
                "{},{},{},{}",
                s.at,
                s.reps,
                s.duration_seconds,
                s.origin.name()
            );
        }
    } else if sets.is_empty() {
        text.push_str("no sets in this period\n");
    } else {
        for s in sets {
            let at = s.at.get(..16).unwrap_or(&s.at).replace('T', " ");
            let length = crate::duration::format(jiff::SignedDuration::from_secs(i64::from(
                s.duration_seconds,
            )));
            let _ = writeln!(text, "{at}  {:>4} reps  {length:>6}  {}", s.reps, origin(s));
        }
    }
    out::print(text)
}

fn by_device(
    rows: &[stats::devices::DeviceRow],
    from: jiff::civil::Date,
    to: jiff::civil::Date,
    now: &Zoned,
    json: bool,
) -> Result<(), CliError> {
    if json {
        return out::line(to_json(&rows)?);
    }
    let mut text = format!("{from} to {to}, per device:\n");
    for r in rows {
        let name = format!(
            "{} ({}{})",
            r.host,
            r.device,
            if r.this_device { ", this one" } else { "" }
        );
        let last = r.last_record.map_or_else(
            || "nothing written yet".to_owned(),
            |t| format!("last wrote {}", crate::timefmt::short(t, now)),
        );
        let _ = writeln!(
            text,
            "{name:<40} {:>5} sets {:>6} reps  {last}",
            r.sets, r.reps
        );
    }
    out::print(text)
}

fn origin(s: &stats::SetRow) -> &'static str {
    match s.origin {
        crate::history::record::SetOrigin::Reminder => "reminder",
        crate::history::record::SetOrigin::Manual => "by hand",
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(value).map_err(|e| CliError::Other(e.to_string()))
}

/// Colour on a terminal; never with `NO_COLOR` (no-color.org); always with `CLICOLOR_FORCE`
/// other than `0` (bixense.com/clicolors), for `less -R`, `watch --color` and tests.
/// `NO_COLOR` wins: it is the user's own, `CLICOLOR_FORCE` is often set by tools.
fn wants_color(terminal: bool, var: impl Fn(&str) -> Option<std::ffi::OsString>) -> bool {
    if var("NO_COLOR").is_some() {
        false
    } else if var("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        true
    } else {
        terminal
    }
}
