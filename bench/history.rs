//! The history file, timed in-process on ten years of it (bench/tenyears.rs): loading it,
//! folding it into stats, and appending one set durably: by a writer that knows where the
//! file ends (the daemon: a write and an fsync) and by a fresh one (`soleus log`: the file
//! is checked first to find its valid end).
//!
//!   cargo bench --bench history

#[path = "tenyears.rs"]
mod tenyears;

use jiff::Zoned;
use jiff::tz::TimeZone;
use soleus::config::Config;
use soleus::history::History;
use soleus::history::record::{Record, SetOrigin, SetRecord};
use soleus::stats::{self, MealPlan, Period};

fn main() {
    divan::main();
}

/// A folder holding a ten-year history, removed when dropped.
struct TenYears {
    _dir: tempfile::TempDir,
    history: History,
    tz: TimeZone,
}

impl TenYears {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let history = History::new(dir.path().join("history.jsonl"));
        let tz = TimeZone::get("Europe/Berlin").unwrap_or(TimeZone::UTC);
        let records = tenyears::records(Zoned::now().date(), 10, &tz);
        history.append(&records).expect("the history is written");
        Self {
            _dir: dir,
            history,
            tz,
        }
    }
}

#[divan::bench]
fn load_ten_years(bencher: divan::Bencher) {
    let ten = TenYears::new();
    bencher.bench(|| ten.history.load().expect("load"));
}

#[divan::bench]
fn stats_report_ten_years(bencher: divan::Bencher) {
    let ten = TenYears::new();
    let records = ten.history.load().expect("load").records;
    let today = Zoned::now().date();
    let period = Period {
        from: stats::days_back(today, 3653).unwrap_or(today),
        to: today,
        today,
        goal: 3,
        active_days: Config::defaults().schedule.window.days,
        meals: MealPlan {
            meals: Config::defaults().meals,
            now: Zoned::now().timestamp(),
        },
    };
    bencher.bench(|| stats::report(divan::black_box(&records), &ten.tz, &period));
}

/// The set each append bench writes.
fn one_set() -> Record {
    Record::Set(SetRecord {
        at: jiff::Timestamp::now(),
        reps: 60,
        duration_s: 360,
        origin: SetOrigin::Manual,
        id: None,
    })
}

#[divan::bench(sample_count = 30)]
fn append_one_set_to_ten_years(bencher: divan::Bencher) {
    let ten = TenYears::new();
    let set = one_set();
    bencher.bench(|| {
        ten.history
            .append(std::slice::from_ref(&set))
            .expect("append")
    });
}

#[divan::bench(sample_count = 30)]
fn append_one_set_to_ten_years_from_a_fresh_writer(bencher: divan::Bencher) {
    let ten = TenYears::new();
    let set = one_set();
    bencher.bench(|| {
        History::new(ten.history.path())
            .append(std::slice::from_ref(&set))
            .expect("append")
    });
}
