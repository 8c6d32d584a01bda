//! The tracker without a bus: sources are a recorder of restarts.

use std::time::{Duration, Instant};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::*;

#[derive(Debug, Default)]
struct Restarts(Vec<(ActivitySource, Duration)>);

impl IdleRestart for Restarts {
    fn restart_idle(&mut self, setting: ActivitySource, threshold: Duration) {
        self.0.push((setting, threshold));
    }
}

fn wall(s: i64) -> Timestamp {
    Timestamp::from_second(1_800_000_000 + s).expect("valid")
}

fn tracker(config: &Config) -> (Tracker<Restarts>, Instant) {
    let mono = Instant::now();
    (
        Tracker::new(Restarts::default(), config, TimeZone::UTC, mono, wall(0)),
        mono,
    )
}

fn config(text: &str) -> Config {
    Config::parse(std::path::Path::new("config.toml"), text)
        .expect("valid config")
        .0
}

#[test]
fn only_edits_the_idle_source_depends_on_restart_it() {
    let (mut t, _) = tracker(&Config::defaults());
    assert!(!t.reconfigure(&config("[snooze]\nduration = \"5m\"\n")));
    assert!(!t.reconfigure(&Config::defaults()));
    assert!(t.reconfigure(&config("[activity]\nsource = \"x11\"\n")));
    assert!(t.reconfigure(&config(
        "[activity]\nsource = \"x11\"\n[schedule]\nbreak_after_idle = \"8m\"\n"
    )));
    assert_eq!(
        t.sources.0,
        [
            (ActivitySource::X11, Duration::from_secs(75)),
            (ActivitySource::X11, Duration::from_secs(120)),
        ]
    );
}

#[test]
fn a_clock_jump_at_a_wake_up_is_a_suspend_and_status_shows_it_merged() {
    let (mut t, mono) = tracker(&Config::defaults());
    assert_eq!(t.wake(mono + Duration::from_secs(30), wall(30)), []);
    let events = t.wake(mono + Duration::from_secs(40), wall(7240));
    assert_eq!(
        events,
        [
            Event::Presence {
                state: Activity::Suspended,
                since: wall(40)
            },
            Event::Presence {
                state: Activity::Active,
                since: wall(7240)
            }
        ]
    );
    assert_eq!(t.view().activity, Activity::Active);
}

#[test]
fn sources_report_into_the_view_and_logind_ends_the_clock_checks() {
    let (mut t, _) = tracker(&Config::defaults());
    assert_eq!(t.deadline(wall(0)), Some(wall(60)), "no sleep source yet");
    t.report(
        Report::IdleSource {
            source: ActivitySource::Gnome,
            detail: "org.gnome.Mutter.IdleMonitor".into(),
        },
        wall(1),
    );
    t.report(
        Report::LockSource {
            name: "logind",
            state: Ok("LockedHint".into()),
        },
        wall(1),
    );
    t.report(
        Report::LockSource {
            name: "screensaver",
            state: Err("none".into()),
        },
        wall(1),
    );
    assert_eq!(t.deadline(wall(2)), None);
    let events = t.report(Report::Signal(Signal::Locked { at: wall(3) }), wall(3));
    assert_eq!(
        events,
        [Event::Presence {
            state: Activity::Locked,
            since: wall(3)
        }]
    );
    let view = t.view();
    assert_eq!(
        (view.idle_source, view.activity, view.lock_sources),
        (
            ActivitySource::Gnome,
            Activity::Locked,
            vec!["logind: LockedHint".to_owned()]
        )
    );
}
