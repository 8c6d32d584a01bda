//! `soleus daemon`: the pure scheduler inside a tokio event loop.
//!
//! The loop routes. It sleeps until the earliest deadline any owner has (the scheduler's,
//! a notification retry or progress update, a settling config edit, a clock check) or until
//! an input arrives; reads the clocks once; hands the input to its owner; gives the events
//! that come back to the scheduler (the one place that calls [`Scheduler::on`]); and
//! performs what the scheduler decided, records to history first (durable before anything
//! is shown), then the display. There is no fixed tick.
//!
//! The owners keep their own state and policy and return values:
//! [`display`] (the notification slot; its D-Bus calls run in the [`notifier`] task, so a
//! hung notification server never stalls the loop), [`control`] (CLI requests and their
//! replies), [`reload`] (config.toml, live), [`crate::presence::tracker`] (idle, lock,
//! sleep and the clock watch that catches an unannounced suspend), [`context`]
//! (do-not-disturb, fullscreen, calls) and [`tray`] (the tray item). After each wake-up the
//! status goes to those who read it ([`readers`]).

mod clock;
pub mod context;
pub mod control;
pub mod display;
pub mod elsewhere;
mod error;
pub mod follow;
pub mod icon;
pub mod input;
pub mod instance;
pub mod journal;
pub mod notifier;
pub mod on_screen;
mod readers;
pub mod record;
pub mod reload;
pub mod server;
pub mod signals;
mod startup;
mod state;
mod streak;
pub mod texts;
pub mod tray;

use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::mpsc::{self, UnboundedReceiver};

use crate::context::ContextReport;
use crate::ipc::{Reply, Request};
use crate::logging::DIARY;
use crate::paths::Paths;
use crate::presence::Report;
use crate::schedule::{Action, Activity, Event, Outcome, Scheduler};
use clock::{Clock, sleep_until};
use control::Routed;
pub use error::DaemonError;
use follow::Publisher;
use input::Input;
use journal::Written;
use reload::Published;
use state::Daemon;

/// How long a stopping daemon waits for the notification task to close what it shows.
const CLOSE_WAIT: Duration = Duration::from_secs(6);

/// Runs the daemon in the foreground until SIGTERM or SIGINT.
pub fn run(paths: &Paths) -> Result<(), DaemonError> {
    let instance = instance::acquire(&paths.runtime, &paths.daemon_lock())?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(DaemonError::Runtime)?;
    runtime.block_on(async {
        let (tx, rx) = mpsc::unbounded_channel();
        let (presence_tx, presence_rx) = mpsc::unbounded_channel();
        let (context_tx, context_rx) = mpsc::unbounded_channel();
        // Listening before the history is read: a `soleus log` finds no daemon only when
        // its set is on disk before the read (see record::startup).
        let publisher = Publisher::default();
        let followers = publisher.followers();
        let socket = paths.socket();
        server::start(&socket, instance.uid, tx.clone(), followers).map_err(|source| {
            DaemonError::Socket {
                path: socket.display().to_string(),
                source,
            }
        })?;
        let mut daemon = Daemon::start(paths, tx.clone(), presence_tx, context_tx, publisher)?;
        let folder = daemon.elsewhere.watched();
        daemon.reload.watch(tx.clone(), folder.as_ref());
        signals::spawn(&tx);
        println!("soleus daemon ready: listening on {}", socket.display());
        daemon.run(rx, presence_rx, context_rx).await;
        // Still ours: the instance lock, held until the process ends, kept any other
        // daemon from binding it. Left behind, it would outlive the daemon it names.
        server::remove(&socket);
        Ok(())
    })
}

/// What woke the loop.
enum Wake {
    Timer,
    Input(Option<Input>),
    Presence(Option<Report>),
    Context(Option<ContextReport>),
}

impl Daemon {
    async fn run(
        mut self,
        mut rx: UnboundedReceiver<Input>,
        mut presence_rx: UnboundedReceiver<Report>,
        mut context_rx: UnboundedReceiver<ContextReport>,
    ) {
        let mut clock = Clock::read();
        // What other devices did today, read off the loop: it counts when it comes.
        let tz = self.scheduler.time_zone().clone();
        self.elsewhere.read(clock.wall, &tz);
        self.on(
            clock.wall,
            Event::Presence {
                state: Activity::Active,
                since: clock.wall,
            },
        );
        if let Some(error) = self.reload.take_announcement() {
            self.display.flash(texts::config_error(&error));
        }
        // Before the first await: what is about to be shown is written down before the
        // notification task asks the server (see `on_screen`).
        self.on_screen.sync(self.display.on_screen());
        loop {
            let next = self.next_wake(clock.wall);
            let woke = tokio::select! {
                () = sleep_until(next, clock.wall) => Wake::Timer,
                input = rx.recv() => Wake::Input(input),
                report = presence_rx.recv() => Wake::Presence(report),
                report = context_rx.recv() => Wake::Context(report),
            };
            clock = Clock::read();
            let now = clock.wall;
            // Whatever woke us, a sleep since the last wake-up comes first.
            for event in self.presence.wake(clock.mono, now) {
                if let Event::ClockStepped { by } = event {
                    self.clock_stepped(by);
                }
                self.on(now, event);
            }
            match woke {
                Wake::Timer => self.timers(now),
                Wake::Input(Some(Input::Shutdown(signal))) => {
                    tracing::info!(target: DIARY, "{signal}: closing the notification and stopping");
                    return self.stop(now).await;
                }
                Wake::Input(Some(input)) => self.input(input, now),
                Wake::Presence(Some(report)) => {
                    for event in self.presence.report(report, now) {
                        self.on(now, event);
                    }
                }
                Wake::Context(Some(report)) => {
                    if let Some(event) = self.context.report(report, now) {
                        self.on(now, event);
                    }
                }
                Wake::Input(None) | Wake::Presence(None) | Wake::Context(None) => return,
            }
            self.publish(now);
            self.on_screen.sync(self.display.on_screen());
        }
    }

    /// Closes the notification and waits (briefly) for the notification task to do it. The
    /// file of what is on screen goes once that is done: stopped without the server's
    /// answer, it stays for the next daemon to close.
    async fn stop(mut self, now: Timestamp) {
        self.recorder.finish(now);
        self.display.close();
        let Self {
            display,
            notifier,
            mut on_screen,
            ..
        } = self;
        drop(display); // the task ends once it has done what was asked
        if tokio::time::timeout(CLOSE_WAIT, notifier).await.is_err() {
            tracing::warn!("the notification server did not answer: stopping without it");
        } else {
            on_screen.sync(None);
        }
        tracing::info!(target: DIARY, "stopped");
    }

    fn next_wake(&self, now: Timestamp) -> Option<Timestamp> {
        let status = self.scheduler.status(now);
        [
            // While a check runs, the due reminder waits for it (see `context`).
            self.scheduler
                .next_deadline()
                .filter(|_| !self.context.waiting()),
            self.context.deadline(&status),
            self.display.deadline(),
            self.reload.deadline(),
            self.elsewhere.deadline(),
            self.recorder.deadline(),
            self.presence.deadline(now),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    fn timers(&mut self, now: Timestamp) {
        self.display.due(now);
        let written = self.recorder.due(now);
        self.announce(written);
        match self.reload.due(now) {
            Some(Published::Config(config)) => {
                self.presence.reconfigure(&config);
                self.display.reconfigure(&config);
                self.tray.reconfigure(config.tray.enabled);
                let days = self.scheduler.config().schedule.window.days;
                let new_days = config.schedule.window.days != days;
                self.context.reconfigure(&config.context);
                self.sync_folder_edited(&config);
                self.enter(now, |s| s.reconfigure(now, (*config).clone()));
                if new_days {
                    self.recount_streak(now);
                }
            }
            Some(Published::Error {
                announce: Some(error),
            }) => self.display.flash(texts::config_error(&error)),
            Some(Published::Error { announce: None }) | None => {}
        }
        let tz = self.scheduler.time_zone().clone();
        self.elsewhere.due(now, &tz);
        if let Some(event) = self.context.due(&self.scheduler.status(now), now) {
            self.on(now, event);
        }
        self.on(now, Event::Tick);
    }

    fn input(&mut self, input: Input, now: Timestamp) {
        match input {
            Input::Note(note) => {
                if let Some(event) = self.display.note(note, now) {
                    tracing::info!("notification answered: {event:?}");
                    let outcome = self.on(now, event);
                    if let Some(refusal) = &outcome.refused {
                        tracing::info!("answer not applied: {refusal}");
                    }
                }
            }
            Input::Request(request, reply) => {
                let answer = self.request(request, now);
                let _ = reply.send(answer);
            }
            Input::ConfigTouched => self.reload.touched(now),
            Input::FolderTouched => self.elsewhere.touched(now),
            Input::Elsewhere(found) => {
                if let Some(found) = self.elsewhere.finished(found, now) {
                    let today = now.to_zoned(self.scheduler.time_zone().clone()).date();
                    let days = self.scheduler.config().schedule.window.days;
                    self.scheduler
                        .resume_streak(found.set_days.run_before(today, days));
                    self.on(now, found.event);
                }
            }
            Input::Tray(entry) => self.clicked(entry, now),
            Input::Checked(reports) => {
                for event in self.context.checked(reports, now) {
                    self.on(now, event);
                }
            }
            Input::Shutdown(_) => {}
        }
    }

    fn request(&mut self, request: Request, now: Timestamp) -> Reply {
        if self.recorder.already_read(&request, now) {
            return Reply::ok("counted already: it was in the history as the daemon started");
        }
        match control::route(request, now) {
            Routed::Status => Reply {
                ok: true,
                message: None,
                status: Some(self.status(now)),
            },
            Routed::Reply(reply) => *reply,
            // The server asks for the shutdown once this reply is written.
            Routed::Stop => control::stopping(self.started_by),
            Routed::Elsewhere => {
                self.elsewhere.touched(now);
                Reply::ok("set taken back; the other devices' sets are read again")
            }
            Routed::Event(event, asked) => {
                let before = self.scheduler.status(now).state;
                let outcome = self.on(now, event);
                let tz = self.scheduler.time_zone();
                let error = self.recorder.error();
                control::reply(asked, before, &outcome, error.as_deref(), now, tz)
            }
        }
    }

    /// The one door to the scheduler: feeds it `event` and performs what it decided.
    fn on(&mut self, now: Timestamp, event: Event) -> Outcome {
        let told_past = self.tells_of_past(&event, now);
        let outcome = self.enter(now, move |s| s.on(now, event.clone()));
        if told_past || self.records_past(&outcome, now) {
            self.recount_streak(now);
        }
        outcome
    }

    /// Runs `step` on the scheduler and performs what it decided. When the step would show
    /// a reminder (tried first on a copy) and the microphone, camera and mako were not read
    /// lately, they are read first: the scheduler's gate keeps the reminder back until
    /// they answer, so a call holds it whatever made it due.
    fn enter(&mut self, now: Timestamp, step: impl Fn(&mut Scheduler) -> Outcome) -> Outcome {
        if self.context.may_check(now) && shows(&step(&mut self.scheduler.clone())) {
            self.context.start_check(now);
            let gate = self.scheduler.on(now, Event::Checking(true));
            self.perform(&gate, now);
        }
        let outcome = step(&mut self.scheduler);
        self.perform(&outcome, now);
        outcome
    }

    /// Carries out what the scheduler decided: records first, then the desktop.
    fn perform(&mut self, outcome: &Outcome, now: Timestamp) {
        let written = self
            .recorder
            .write(outcome, self.scheduler.time_zone(), now);
        self.announce(written);
        for action in &outcome.actions {
            if let Action::Break {
                since,
                until,
                state,
            } = action
            {
                tracing::info!(
                    "back after {} {}: sitting starts again",
                    crate::duration::format(until.duration_since(*since)),
                    state.name()
                );
            }
            self.display.perform(action, now);
        }
    }
}

/// Whether `outcome` shows a reminder.
fn shows(outcome: &Outcome) -> bool {
    outcome.actions.iter().any(|a| matches!(a, Action::Show(_)))
}

impl Daemon {
    /// The wall clock was stepped by `by`: the owners' own deadlines (a notification retry
    /// or progress update, a history retry, a settling config edit, a context check) move
    /// with it, as the scheduler's do when it gets the event.
    fn clock_stepped(&mut self, by: jiff::SignedDuration) {
        self.display.clock_stepped(by);
        self.recorder.clock_stepped(by);
        self.reload.clock_stepped(by);
        self.context.clock_stepped(by);
    }

    /// `[history] sync_folder` was edited: the daemon follows it at its next start
    /// (commands at once), and the user is told so once per edit, in the log and on screen,
    /// rather than left to believe the daemon follows it now.
    fn sync_folder_edited(&mut self, config: &crate::config::Config) {
        let wanted = config.history.sync_folder.as_deref();
        let edited = self.scheduler.config().history.sync_folder.as_deref() != wanted;
        if edited && self.elsewhere.restart_needed(wanted) {
            tracing::warn!(
                "config: history.sync_folder changed; commands use it now, this daemon from its \
                 next start (its records meanwhile stay on this machine until then)"
            );
            self.display.flash(texts::sync_folder_edited(wanted));
        }
    }

    /// Says once, on screen, that records could not be written (status keeps saying it).
    fn announce(&mut self, written: Written) {
        if let Written::NewlyFailing(error) = written {
            self.display.flash(texts::history_error(&error));
        }
    }
}
