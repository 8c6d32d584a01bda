//! The trace parser of `soleus simulate`: no panic on any bytes; what it accepts is sorted
//! and within the span limit, and (up to a month of it) simulates and renders.
#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use jiff::tz::TimeZone;
use libfuzzer_sys::fuzz_target;
use soleus::config::Config;
use soleus::simulate::{self, Respond, render, trace};

static ZONES: LazyLock<[TimeZone; 2]> = LazyLock::new(|| {
    [
        TimeZone::UTC,
        TimeZone::get("Europe/Berlin").expect("tzdata has Europe/Berlin"),
    ]
});
static DEFAULTS: LazyLock<Config> = LazyLock::new(|| {
    Config::parse(Path::new("fuzz.toml"), "")
        .expect("the defaults are valid")
        .0
});

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    for tz in ZONES.iter() {
        let Ok(parsed) = trace::parse(Path::new("fuzz.csv"), &text, tz) else {
            continue;
        };
        let intervals = &parsed.intervals;
        assert!(
            intervals.windows(2).all(|w| w[0].end <= w[1].start),
            "unsorted"
        );
        let (first, last) = (intervals[0].start, intervals[intervals.len() - 1].end);
        let span = last.duration_since(first).as_hours();
        assert!(span <= trace::MAX_SPAN_DAYS * 24, "span over the limit");
        // Simulating years is the slow test's business; a month shows the rest works.
        if span <= 31 * 24 {
            let happenings = simulate::run_trace(&DEFAULTS, tz, &parsed, Respond::Done)
                .expect("no stuck scheduler");
            let day = first.to_zoned(tz.clone()).date();
            let _ = render::timeline(&happenings, tz, day, 31, Respond::Done);
            let _ = render::json_lines(&happenings, tz);
        }
    }
});
