//! The config parser and validator: no panic on any bytes, and a config that passes
//! validation drives the scheduler through a simulated office day without getting stuck.
#![no_main]

use std::path::Path;

use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use libfuzzer_sys::fuzz_target;
use soleus::config::Config;
use soleus::simulate::{self, Respond};

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let Ok((config, _warnings)) = Config::parse(Path::new("fuzz.toml"), &text) else {
        return;
    };
    let tz = TimeZone::get("Europe/Berlin").expect("tzdata has Europe/Berlin");
    let start: DateTime = "2026-11-23T09:00".parse().expect("a literal time");
    let day = simulate::office::week(start.date(), 1, &tz);
    simulate::run_trace(&config, &tz, &day, Respond::Snooze).expect("no stuck scheduler");
});
