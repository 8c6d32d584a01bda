//! `soleus simulate`: the real scheduler and the user's config over a trace.

use jiff::Zoned;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;

use super::{CliError, out};
use crate::cli::SimulateArgs;
use crate::config::Config;
use crate::diagnostic::render_all;
use crate::paths::Paths;
use crate::simulate::{self, office, render, trace};

pub fn run(paths: &Paths, args: &SimulateArgs) -> Result<(), CliError> {
    // Previewing a config is the point: a broken one is an error here, not a warning.
    let loaded = Config::load(&paths.config)?;
    for w in &loaded.warnings {
        eprintln!("warning: {w}");
    }
    let tz = TimeZone::system();
    let (trace, first, days) = if let Some(path) = &args.trace {
        let text = std::fs::read_to_string(path).map_err(|source| CliError::Io {
            action: "read the trace",
            path: path.clone(),
            source,
        })?;
        let trace = trace::parse(path, &text, &tz).map_err(|d| CliError::Other(render_all(&d)))?;
        let (Some(first), Some(last)) = (trace.intervals.first(), trace.intervals.last()) else {
            return Err(CliError::Other(format!(
                "{}: the trace has no intervals",
                path.display()
            )));
        };
        let first = first.start.to_zoned(tz.clone()).date();
        let last = last.end.to_zoned(tz.clone()).date();
        let days = u32::try_from(first.until(last).map_or(0, |s| s.get_days()) + 1).unwrap_or(1);
        (trace, first, days)
    } else {
        let first = args.start.unwrap_or_else(|| coming_monday(&Zoned::now()));
        (office::week(first, args.days, &tz), first, args.days)
    };
    let happenings = simulate::run_trace(&loaded.config, &tz, &trace, args.respond)
        .map_err(|e| CliError::Other(e.to_string()))?;
    if args.json {
        out::print(render::json_lines(&happenings, &tz))
    } else {
        out::print(render::timeline(
            &happenings,
            &tz,
            first,
            days,
            args.respond,
        ))
    }
}

/// Today if it is a Monday, else the next Monday.
fn coming_monday(now: &Zoned) -> Date {
    let today = now.date();
    if today.weekday() == Weekday::Monday {
        today
    } else {
        today.nth_weekday(1, Weekday::Monday).unwrap_or(today)
    }
}
