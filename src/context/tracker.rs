//! The daemon's owner of context: the running event-driven sources, the merge of every
//! reading, the sources read only when asked, and what `status` and `doctor` show.
//!
//! The loop hands it each [`ContextReport`] from the channel and gets back a change, if
//! one happened. When a reminder falls due, the loop calls [`ContextTracker::check`], which
//! reads the sources that have no signal (microphones, camera, mako) and merges them in;
//! while a reminder is held by one of those, [`ContextTracker::needs_recheck`] says to ask
//! again after [`RECHECK`]. Nothing here runs on a timer of its own.

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::mpsc::UnboundedSender;

use super::state::Merger;
use super::{
    ContextChange, ContextReport, ContextState, Kind, Places, Sources, camera, mako, mic, pulse,
};

/// How often a reminder held by a source without a signal (a call, mako's DND) is checked
/// again: coarse, since a catch-up a minute late costs nothing.
pub const RECHECK: Duration = Duration::from_secs(60);

/// The sources that answer only when asked.
const POLLED: [&str; 4] = [mic::SOURCE, pulse::SOURCE, camera::SOURCE, mako::SOURCE];

/// Context as `status` and `doctor` show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextView {
    pub state: ContextState,
    /// The kinds on now, by contract name (`held_by`).
    pub on: Vec<&'static str>,
    /// The sources that work, each as "kind source: what it watches".
    pub sources: Vec<String>,
    /// The sources that do not, each as "kind source: why".
    pub unavailable: Vec<String>,
}

#[derive(Debug)]
pub struct ContextTracker {
    /// `None` when only the polled sources are used (tests, `doctor`).
    _sources: Option<Sources>,
    merger: Merger,
    health: BTreeMap<(Kind, &'static str), Result<String, String>>,
    places: Places,
}

impl ContextTracker {
    /// Starts the event-driven sources of this session, which report into `tx`.
    pub fn start(tx: UnboundedSender<ContextReport>) -> Self {
        Self::start_in(tx, Places::system())
    }

    /// Starts the event-driven sources of the session `places` names.
    pub fn start_in(tx: UnboundedSender<ContextReport>, places: Places) -> Self {
        Self {
            _sources: Some(Sources::start(tx, &places)),
            ..Self::polled_only(places)
        }
    }

    /// A tracker with no source tasks: what reports it gets come from the caller.
    pub fn polled_only(places: Places) -> Self {
        Self {
            _sources: None,
            merger: Merger::new(),
            health: BTreeMap::new(),
            places,
        }
    }

    /// Takes what a source reported; returns the change it made, if any.
    pub fn report(&mut self, report: ContextReport, now: Timestamp) -> Option<ContextChange> {
        let change = match report {
            ContextReport::Reading {
                source,
                kind,
                on,
                at,
            } => self.merger.reading(source, kind, on, at),
            ContextReport::Source {
                source,
                kind,
                state,
            } => {
                if self.health.get(&(kind, source)) != Some(&state) {
                    match &state {
                        Ok(what) => {
                            tracing::info!("context {} source {source}: {what}", kind.name());
                        }
                        Err(why) => tracing::info!(
                            "context {} source {source} unavailable: {why}",
                            kind.name()
                        ),
                    }
                }
                let gone = state.is_err();
                self.health.insert((kind, source), state);
                if gone {
                    self.merger.withdraw(source, kind, now)
                } else {
                    None
                }
            }
        };
        if let Some(c) = &change {
            tracing::info!(
                "context: {} {} (from {})",
                c.kind.name(),
                if c.on { "on" } else { "off" },
                self.merger.sources_on(c.kind).join(", ")
            );
        }
        change
    }

    /// Reads the sources that have no signal: the microphone (ALSA, and PipeWire or
    /// PulseAudio), the camera and mako. Meant for the moment a reminder is due, and every
    /// [`RECHECK`] while one is held. What they find is dated `now`: asking cannot tell
    /// since when a call has been going on. Each check opens and closes its own
    /// connections, so nothing of them stays open at rest.
    pub async fn check(&mut self, now: Timestamp) -> Vec<ContextChange> {
        poll(self.places.clone(), now)
            .await
            .into_iter()
            .filter_map(|r| self.report(r, now))
            .collect()
    }

    /// Where the sources look: for [`poll`] run apart from the tracker.
    pub fn places(&self) -> &Places {
        &self.places
    }

    /// The mako mode that means do-not-disturb, from the config; read at the next check.
    pub fn set_mako_mode(&mut self, mode: &str) {
        if self.places.mako_mode != mode {
            tracing::info!("context: mako's do-not-disturb is now the mode {mode:?}");
            mode.clone_into(&mut self.places.mako_mode);
        }
    }

    /// Whether something that is on was read by asking: then only another
    /// [`ContextTracker::check`] notices it end.
    pub fn needs_recheck(&self) -> bool {
        Kind::ALL.into_iter().any(|kind| {
            self.merger
                .sources_on(kind)
                .iter()
                .any(|s| POLLED.contains(s))
        })
    }

    pub fn state(&self) -> ContextState {
        self.merger.state()
    }

    pub fn view(&self) -> ContextView {
        let state = self.merger.state();
        let line =
            |(kind, source): &(Kind, &str), text: &str| format!("{} {source}: {text}", kind.name());
        ContextView {
            state,
            on: state.on().into_iter().map(Kind::name).collect(),
            sources: self
                .health
                .iter()
                .filter_map(|(k, s)| s.as_ref().ok().map(|t| line(k, t)))
                .collect(),
            unavailable: self
                .health
                .iter()
                .filter_map(|(k, s)| s.as_ref().err().map(|t| line(k, t)))
                .collect(),
        }
    }
}

/// What [`ContextTracker::check`] reads, as reports, without the tracker: the daemon runs
/// it in a task of its own (it may take a second or two) and hands the reports to the
/// tracker when they come back, so its loop never waits on a sound server.
pub async fn poll(places: Places, now: Timestamp) -> Vec<ContextReport> {
    let scan_places = places.clone();
    // Reading /proc and asking the sound server block (briefly, with timeouts); off the
    // daemon's thread they cannot stall it.
    let scan = tokio::task::spawn_blocking(move || {
        let socket = scan_places.pulse.map_or_else(pulse::socket_from_env, Ok);
        (
            mic::capturing(&scan_places.proc_root),
            socket.and_then(|s| pulse::capturing(&s)),
            camera::users(&scan_places.proc_root, &scan_places.dev),
        )
    })
    .await;
    let mut reports = Vec::new();
    match scan {
        Ok((mic, pulse, camera)) => {
            reports.extend(polled(
                now,
                mic::SOURCE,
                Kind::Call,
                mic.map(|r| !r.is_empty()),
                || {
                    format!(
                        "capture substreams in {}/asound",
                        places.proc_root.display()
                    )
                },
            ));
            reports.extend(polled(
                now,
                pulse::SOURCE,
                Kind::Call,
                pulse.map(|c| !c.is_empty()),
                || "recording streams of PipeWire or PulseAudio".to_owned(),
            ));
            reports.extend(polled(
                now,
                camera::SOURCE,
                Kind::Call,
                camera.map(|u| !u.is_empty()),
                || {
                    format!(
                        "video devices in {} open, from {}/*/fd",
                        places.dev.display(),
                        places.proc_root.display()
                    )
                },
            ));
        }
        Err(e) => tracing::warn!("context: reading /proc failed: {e}"),
    }
    let modes = match super::bus(places.bus.as_deref()).await {
        Ok(bus) => mako::modes(&bus).await,
        Err(e) => Err(e),
    };
    reports.extend(polled(
        now,
        mako::SOURCE,
        Kind::Dnd,
        modes
            .map(|m| mako::is_dnd(&m, &places.mako_mode))
            .map_err(std::io::Error::other),
        || format!("the mode {:?}, read when asked", places.mako_mode),
    ));
    reports
}

/// The reports for one polled source: it works (with a reading) or it does not.
fn polled(
    at: Timestamp,
    source: &'static str,
    kind: Kind,
    read: Result<bool, impl std::fmt::Display>,
    what: impl FnOnce() -> String,
) -> Vec<ContextReport> {
    match read {
        Ok(on) => vec![
            ContextReport::source(source, kind, Ok(what())),
            ContextReport::Reading {
                source,
                kind,
                on,
                at,
            },
        ],
        Err(e) => vec![ContextReport::source(source, kind, Err(e.to_string()))],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(secs: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + secs).expect("in range")
    }

    fn reading(source: &'static str, kind: Kind, on: bool, at: Timestamp) -> ContextReport {
        ContextReport::Reading {
            source,
            kind,
            on,
            at,
        }
    }

    #[test]
    fn a_source_that_fails_withdraws_its_reading_and_shows_why() {
        let mut tracker = ContextTracker::polled_only(Places::system());
        let works = ContextReport::source("dunst", Kind::Dnd, Ok("paused".to_owned()));
        assert_eq!(tracker.report(works, t(0)), None);
        let on = tracker.report(reading("dunst", Kind::Dnd, true, t(1)), t(1));
        assert_eq!(
            on,
            Some(ContextChange {
                kind: Kind::Dnd,
                on: true,
                since: t(1)
            })
        );
        assert_eq!(tracker.view().on, vec!["dnd"]);
        assert_eq!(tracker.view().sources, vec!["dnd dunst: paused"]);

        let gone = ContextReport::source("dunst", Kind::Dnd, Err("dunst left".to_owned()));
        assert_eq!(
            tracker.report(gone, t(5)),
            Some(ContextChange {
                kind: Kind::Dnd,
                on: false,
                since: t(5)
            })
        );
        let view = tracker.view();
        assert!(view.on.is_empty() && view.sources.is_empty(), "{view:?}");
        assert_eq!(view.unavailable, vec!["dnd dunst: dunst left"]);
    }

    #[test]
    fn only_what_was_read_by_asking_needs_asking_again() {
        let mut tracker = ContextTracker::polled_only(Places::system());
        tracker.report(reading("x11", Kind::Fullscreen, true, t(0)), t(0));
        assert!(!tracker.needs_recheck(), "X11 says when fullscreen ends");
        tracker.report(reading(mic::SOURCE, Kind::Call, true, t(1)), t(1));
        assert!(tracker.needs_recheck());
        tracker.report(reading(mic::SOURCE, Kind::Call, false, t(2)), t(2));
        assert!(!tracker.needs_recheck());
        assert_eq!(tracker.state().on(), vec![Kind::Fullscreen]);
    }
}
