//! The pure scheduler, timed in-process: a year of the built-in office week through
//! `simulate::run` (no process start, no rendering), and a single event.
//!
//!   cargo bench --bench scheduler

use jiff::civil::date;
use jiff::tz::TimeZone;
use soleus::config::Config;
use soleus::schedule::{Activity, Event, Scheduler};
use soleus::simulate::{self, Respond, office};

fn main() {
    divan::main();
}

#[divan::bench(args = [Respond::Done, Respond::Snooze, Respond::Ignore])]
fn simulate_365_days(bencher: divan::Bencher, respond: Respond) {
    let tz = TimeZone::get("Europe/Berlin").unwrap_or(TimeZone::UTC);
    let config = Config::defaults();
    let trace = office::week(date(2026, 1, 5), 365, &tz);
    bencher.bench(|| simulate::run_trace(&config, &tz, divan::black_box(&trace), respond));
}

/// One presence change handled, the scheduler's most frequent input in the daemon.
#[divan::bench]
fn presence_event(bencher: divan::Bencher) {
    let tz = TimeZone::get("Europe/Berlin").unwrap_or(TimeZone::UTC);
    let start = date(2026, 1, 5)
        .at(10, 0, 0, 0)
        .to_zoned(tz.clone())
        .map(|z| z.timestamp())
        .unwrap_or_default();
    bencher
        .with_inputs(|| Scheduler::new(Config::defaults(), tz.clone(), start))
        .bench_local_refs(|scheduler| {
            scheduler.on(
                start,
                Event::Presence {
                    state: Activity::Active,
                    since: start,
                },
            )
        });
}
