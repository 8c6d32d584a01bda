//! The daemon's owner of presence: the running sources, the merge of their signals, the
//! clock watch that catches an unannounced suspend, and what `status` shows about them.
//!
//! The loop hands it each [`Report`] and each wake-up's clock readings and gets back the
//! presence events for the scheduler. It decides itself which config edits need the idle
//! source started again (the source and `break_after_idle`, which sets its threshold).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::clock::{ClockWatch, Jump};
use super::merge::Merger;
use super::{Report, Signal, idle_threshold};
use crate::config::{ActivitySource, Config};
use crate::schedule::{Activity, Event};

/// Without a sleep source (logind), the longest the loop sleeps before checking the clocks:
/// tokio's timers stand still while the machine sleeps.
const CLOCK_CHECK: SignedDuration = SignedDuration::from_mins(1);

/// What the tracker needs of the running sources: a restart of the idle source when a
/// setting it depends on changes. [`super::Sources`] in the daemon.
pub trait IdleRestart: std::fmt::Debug {
    fn restart_idle(&mut self, setting: ActivitySource, threshold: Duration);
}

impl IdleRestart for super::Sources {
    fn restart_idle(&mut self, setting: ActivitySource, threshold: Duration) {
        super::Sources::restart_idle(self, setting, threshold);
    }
}

/// Presence as `status` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresenceView<'a> {
    pub idle_source: ActivitySource,
    pub idle_detail: &'a str,
    pub activity: Activity,
    /// The lock and sleep sources that work, each as "name: what it watches".
    pub lock_sources: Vec<String>,
}

#[derive(Debug)]
pub struct Tracker<S> {
    sources: S,
    setting: (ActivitySource, Duration),
    merger: Merger,
    clock: ClockWatch,
    tz: TimeZone,
    /// The idle source in use and what it is.
    idle_source: (ActivitySource, String),
    /// Lock and sleep sources by name: what each is, or why it is unavailable.
    lock_sources: BTreeMap<&'static str, Result<String, String>>,
}

impl<S: IdleRestart> Tracker<S> {
    /// `sources` were started with `config`'s settings; `mono` and `wall` are the clocks
    /// read together at start.
    pub fn new(sources: S, config: &Config, tz: TimeZone, mono: Instant, wall: Timestamp) -> Self {
        Self {
            sources,
            setting: setting(config),
            merger: Merger::new(),
            clock: ClockWatch::new(mono, wall),
            tz,
            idle_source: (ActivitySource::None, "not chosen yet".to_owned()),
            lock_sources: BTreeMap::new(),
        }
    }

    /// Starts the idle source again if `config` changed what it depends on; says whether it
    /// did. The presence stays as it was until the new source reports.
    pub fn reconfigure(&mut self, config: &Config) -> bool {
        let new = setting(config);
        if new == self.setting {
            return false;
        }
        self.setting = new;
        self.sources.restart_idle(new.0, new.1);
        true
    }

    /// Checks the clocks at a wake-up: a sleep since the last one is an absence, a wall
    /// clock set back is told to the scheduler, which keeps its waits in elapsed time.
    pub fn wake(&mut self, mono: Instant, wall: Timestamp) -> Vec<Event> {
        match self.clock.jump(mono, wall) {
            Some(Jump::Slept(gap)) => self.signal(gap, wall),
            Some(Jump::SteppedBack(by)) => {
                tracing::warn!(
                    "the clock was set back by {}: reminders keep their timing",
                    crate::duration::format(by)
                );
                vec![Event::ClockStepped { by: -by }]
            }
            None => Vec::new(),
        }
    }

    /// The latest the loop may sleep until, from `now`, to notice a suspend in time.
    pub fn deadline(&self, now: Timestamp) -> Option<Timestamp> {
        let hears_sleep = matches!(self.lock_sources.get("logind"), Some(Ok(_)));
        (!hears_sleep).then(|| now + CLOCK_CHECK)
    }

    /// Takes what a source reported; returns the presence events for the scheduler.
    pub fn report(&mut self, report: Report, now: Timestamp) -> Vec<Event> {
        match report {
            Report::Signal(signal) => return self.signal(signal, now),
            Report::IdleSource { source, detail } => {
                if source == ActivitySource::None {
                    tracing::warn!(
                        "idle detection: none ({detail}); sitting is wall time in active hours"
                    );
                } else {
                    tracing::info!("idle detection: {} ({detail})", source.name());
                }
                self.idle_source = (source, detail);
            }
            Report::LockSource { name, state } => {
                // A retry that found things as they were says nothing new.
                if self.lock_sources.get(name) != Some(&state) {
                    match &state {
                        Ok(what) => tracing::info!("lock/sleep source {name}: {what}"),
                        Err(why) => tracing::info!("lock/sleep source {name} unavailable: {why}"),
                    }
                    self.lock_sources.insert(name, state);
                }
            }
        }
        Vec::new()
    }

    fn signal(&mut self, signal: Signal, now: Timestamp) -> Vec<Event> {
        tracing::debug!("presence: {signal:?}");
        let events = self.merger.apply(signal);
        for event in &events {
            if let Event::Presence { state, since } = event {
                let here = now.to_zoned(self.tz.clone());
                tracing::info!(
                    "presence: {} since {}",
                    state.name(),
                    crate::timefmt::short(*since, &here)
                );
            }
        }
        events
    }

    pub fn view(&self) -> PresenceView<'_> {
        PresenceView {
            idle_source: self.idle_source.0,
            idle_detail: &self.idle_source.1,
            activity: self.merger.current().0,
            lock_sources: self
                .lock_sources
                .iter()
                .filter_map(|(name, state)| {
                    state.as_ref().ok().map(|what| format!("{name}: {what}"))
                })
                .collect(),
        }
    }
}

/// What the idle source depends on in `config`.
fn setting(config: &Config) -> (ActivitySource, Duration) {
    (
        config.activity.source,
        idle_threshold(config.schedule.break_after_idle),
    )
}

#[cfg(test)]
mod tests;
