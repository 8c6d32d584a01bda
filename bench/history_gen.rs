//! Writes a long, realistic history file for measuring `soleus log` and `soleus stats`
//! against it (see bench/tenyears.rs for its shape):
//!
//!   cargo run --release --example history-gen -- FILE [YEARS [DEVICE]]
//!
//! FILE must not exist yet; YEARS defaults to 10, ending today. Point soleus at it with
//! `XDG_DATA_HOME` (the history is `$XDG_DATA_HOME/soleus/history.jsonl`). With DEVICE (16
//! hex digits), FILE is that device's file in a sync folder, its records written with ids
//! as soleus writes them there (name it `<host>-<DEVICE>.jsonl`).

#[path = "tenyears.rs"]
mod tenyears;

use std::process::ExitCode;

use jiff::Zoned;
use jiff::tz::TimeZone;
use soleus::history::History;
use soleus::history::record::Record;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: history-gen FILE [YEARS]");
        return ExitCode::from(2);
    };
    let years = match args.next().map(|y| y.parse::<i16>()) {
        None => 10,
        Some(Ok(y)) if (1..=100).contains(&y) => y,
        Some(_) => {
            eprintln!("YEARS is a whole number from 1 to 100");
            return ExitCode::from(2);
        }
    };
    if std::path::Path::new(&path).exists() {
        eprintln!("{path} exists already: history-gen only writes new files");
        return ExitCode::from(2);
    }
    let device = args.next();
    let tz = TimeZone::system();
    let records = tenyears::records(Zoned::now().date(), years, &tz);
    let sets = records
        .iter()
        .filter(|r| matches!(r, Record::Set(_)))
        .count();
    let reminders = records
        .iter()
        .filter(|r| {
            matches!(r, Record::Reminder(r) if r.event == soleus::history::record::ReminderEvent::Shown)
        })
        .count();
    let history = match device {
        Some(device) => History::of_device(
            path.clone().into(),
            std::env::temp_dir().join(format!("history-gen-{device}.lock")),
            device,
        ),
        None => History::new(&path),
    };
    match history.append(&records) {
        Ok(_) => {
            println!(
                "{path}: {years} years, {sets} sets, {reminders} reminders, {} records",
                records.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
