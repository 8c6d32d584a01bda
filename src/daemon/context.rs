//! The daemon's owner of context (do-not-disturb, fullscreen, calls): it turns what the
//! sources report into scheduler events, and decides when the sources without a signal
//! (microphone, camera, mako) are read.
//!
//! Those are read when a reminder is about to be shown, whatever brings it: its deadline,
//! the user coming back, a command, another context ending, a config edit. So a call that
//! started a minute ago holds it on every path. The loop asks [`Context::may_check`]
//! before it hands the scheduler anything that would show a reminder; while the check
//! runs, the scheduler keeps reminders back ([`Event::Checking`]). While one of those
//! sources holds a reminder they are read again every [`RECHECK`], so that the catch-up
//! comes soon after the call ends. Reading them can take a second or two (a sound server
//! that is slow to answer): the read runs in a task and its reports come back as an
//! [`Input::Checked`], while the loop goes on; only the reminder waits, for at most
//! [`CHECK_WAIT`].
//!
//! Time comes in as an argument: the owner reads no clock, and its tests pass instants.

use jiff::{SignedDuration, Timestamp};
use tokio::sync::mpsc::UnboundedSender;

use super::input::Input;
use crate::config::ContextSettings;
use crate::context::tracker::{RECHECK, poll};
use crate::context::{ContextChange, ContextReport, ContextTracker, ContextView};
use crate::schedule::{Event, State, Status};

/// How long a due reminder waits for the polled sources. Their own reads time out sooner
/// (two seconds); this covers a check task that never answers.
const CHECK_WAIT: SignedDuration = SignedDuration::from_secs(3);

/// A check this recent is still the truth: a reminder due right after it needs no other.
const FRESH: SignedDuration = SignedDuration::from_secs(5);

#[derive(Debug)]
pub struct Context {
    tracker: ContextTracker,
    /// Where checks send their reports.
    tx: UnboundedSender<Input>,
    /// A check under way, since when.
    checking: Option<Timestamp>,
    /// When the last check answered (or was given up).
    last_check: Option<Timestamp>,
}

impl Context {
    /// Starts the event-driven sources, which report into `reports`, with the settings of
    /// `[context]`.
    pub fn start(
        reports: UnboundedSender<ContextReport>,
        tx: UnboundedSender<Input>,
        settings: &ContextSettings,
    ) -> Self {
        let mut context = Self::with(ContextTracker::start(reports), tx);
        context.reconfigure(settings);
        context
    }

    /// New settings of `[context]`: the sources' part of them (the policy is the
    /// scheduler's).
    pub fn reconfigure(&mut self, settings: &ContextSettings) {
        self.tracker.set_mako_mode(&settings.mako_mode);
    }

    /// The owner of `tracker`, its checks reporting into `tx`.
    pub fn with(tracker: ContextTracker, tx: UnboundedSender<Input>) -> Self {
        Self {
            tracker,
            tx,
            checking: None,
            last_check: None,
        }
    }

    /// A source's report; the scheduler event it makes, if the kind turned on or off.
    pub fn report(&mut self, report: ContextReport, now: Timestamp) -> Option<Event> {
        self.tracker.report(report, now).map(event)
    }

    /// The reports of a check; the events they make, and last the gate's opening.
    pub fn checked(&mut self, reports: Vec<ContextReport>, now: Timestamp) -> Vec<Event> {
        self.checking = None;
        self.last_check = Some(now);
        let mut events: Vec<Event> = reports
            .into_iter()
            .filter_map(|r| self.report(r, now))
            .collect();
        events.push(Event::Checking(false));
        events
    }

    /// Whether a reminder about to be shown must wait for a check: none is under way (the
    /// scheduler's gate would be closed already) and none answered within [`FRESH`].
    /// Asked before the loop works out whether a reminder would be shown, which costs more.
    pub fn may_check(&self, now: Timestamp) -> bool {
        self.checking.is_none() && !self.fresh(now)
    }

    /// Starts a check; the caller closes the scheduler's gate until it answers.
    pub fn start_check(&mut self, now: Timestamp) {
        self.spawn_check(now);
    }

    /// At a deadline: gives up a check that did not answer in [`CHECK_WAIT`] (returns the
    /// gate's opening, so the reminder is shown without it), and starts the recheck of a
    /// reminder held by a polled source when it is due.
    pub fn due(&mut self, status: &Status, now: Timestamp) -> Option<Event> {
        if let Some(since) = self.checking {
            if now < since + CHECK_WAIT {
                return None;
            }
            tracing::warn!("context: the check of microphone, camera and mako did not answer");
            self.checking = None;
            // Given up is as good as answered, for a while: not a check every few seconds
            // while the sources hang.
            self.last_check = Some(now);
            return Some(Event::Checking(false));
        }
        if self.recheck_due(status, now) {
            self.spawn_check(now);
        }
        None
    }

    /// When the loop must come back for context: a check's time limit, or the next
    /// recheck of a held reminder.
    pub fn deadline(&self, status: &Status) -> Option<Timestamp> {
        match self.checking {
            Some(since) => Some(since + CHECK_WAIT),
            None if status.state == State::Held && self.tracker.needs_recheck() => {
                Some(self.last_check.map_or(Timestamp::MIN, |t| t + recheck()))
            }
            None => None,
        }
    }

    /// The wall clock was stepped by `by`: the check's time limit and the freshness of the
    /// last answer move with it, so a clock set back an hour neither keeps a reminder
    /// waiting an hour for a check that hangs nor trusts an old answer for an hour.
    pub fn clock_stepped(&mut self, by: SignedDuration) {
        let shift = |t: Timestamp| t.checked_add(by).unwrap_or(t);
        self.checking = self.checking.map(shift);
        self.last_check = self.last_check.map(shift);
    }

    /// A check is under way and the reminder waits for it.
    pub fn waiting(&self) -> bool {
        self.checking.is_some()
    }

    pub fn view(&self) -> ContextView {
        self.tracker.view()
    }

    fn fresh(&self, now: Timestamp) -> bool {
        self.last_check.is_some_and(|t| now < t + FRESH)
    }

    fn recheck_due(&self, status: &Status, now: Timestamp) -> bool {
        status.state == State::Held
            && self.tracker.needs_recheck()
            && self.last_check.is_none_or(|t| now >= t + recheck())
    }

    fn spawn_check(&mut self, now: Timestamp) {
        self.checking = Some(now);
        let places = self.tracker.places().clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let reports = poll(places, now).await;
            let _ = tx.send(Input::Checked(reports));
        });
    }
}

fn recheck() -> SignedDuration {
    SignedDuration::try_from(RECHECK).unwrap_or(SignedDuration::from_mins(1))
}

fn event(change: ContextChange) -> Event {
    Event::Context {
        kind: change.kind,
        on: change.on,
        since: change.since,
    }
}

#[cfg(test)]
mod tests;
