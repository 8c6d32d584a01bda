//! `soleus daemon`: the pure scheduler inside a tokio event loop.
//!
//! The loop sleeps until the earliest of: the scheduler's next deadline, the next progress
//! update of a guided set, a notification retry, a debounced config reload; or until an
//! input arrives (a notification action, a control request, a config edit, a signal). There
//! is no fixed tick. Everything the scheduler decides is performed here: records appended to
//! history first (durable before anything is shown), then notifications.
//!
//! Presence comes from [`crate::presence`]: its tasks report idle, lock and sleep; the loop
//! merges them and, at every wake-up, compares the wall clock with the monotonic one, so a
//! suspend nobody announced still counts as a break. Without a sleep source (logind), the
//! loop wakes at least once a minute for that comparison, since tokio's timers stand still
//! while the machine sleeps.

pub mod instance;
pub mod notifier;
pub mod server;
pub mod texts;
pub mod watch;

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio::sync::oneshot;

use crate::config::{Config, ConfigError};
use crate::history::History;
use crate::history::record::{Record, local_time};
use crate::ipc::{Reply, Request, StatusReport};
use crate::paths::Paths;
use crate::presence::clock::ClockWatch;
use crate::presence::merge::Merger;
use crate::presence::{Report, Signal, Sources, idle_threshold};
use crate::schedule::{Action, Activity, Event, Outcome, ReminderView, Scheduler};
use instance::InstanceError;
use notifier::{Notifier, Response};

/// Something for the loop to handle.
#[derive(Debug)]
pub enum Input {
    Notification { id: u32, response: Response },
    Request(Request, oneshot::Sender<Reply>),
    ConfigTouched,
    Shutdown(&'static str),
}

#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    #[error(transparent)]
    Instance(#[from] InstanceError),
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    #[error("cannot start the event loop: {0}")]
    Runtime(std::io::Error),
    #[error("cannot listen on {path}: {source}")]
    Socket {
        path: String,
        source: std::io::Error,
    },
}

/// How long config edits settle before the file is read again.
const DEBOUNCE: Duration = Duration::from_millis(300);
/// The guided set's progress notification is updated this often.
const PROGRESS_EVERY: SignedDuration = SignedDuration::from_mins(1);
const RETRY_FIRST: SignedDuration = SignedDuration::from_secs(5);
const RETRY_MAX: SignedDuration = SignedDuration::from_mins(5);
/// Without a sleep source, the longest the loop sleeps before checking the clocks.
const CLOCK_CHECK: SignedDuration = SignedDuration::from_mins(1);

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
        let mut daemon = Daemon::start(paths, tx.clone(), presence_tx)?;
        let socket = paths.socket();
        server::start(&socket, instance.uid, tx.clone()).map_err(|source| DaemonError::Socket {
            path: socket.display().to_string(),
            source,
        })?;
        let _watcher = watch::start(&paths.config, tx.clone())
            .map_err(|e| tracing::warn!("config changes will need a restart: {e}"))
            .ok();
        spawn_signals(&tx);
        println!("soleus daemon ready: listening on {}", socket.display());
        daemon.run(rx, presence_rx).await;
        Ok(())
    })
}

fn spawn_signals(tx: &UnboundedSender<Input>) {
    use tokio::signal::unix::{SignalKind, signal};
    for (kind, name) in [
        (SignalKind::terminate(), "SIGTERM"),
        (SignalKind::interrupt(), "SIGINT"),
    ] {
        let tx = tx.clone();
        match signal(kind) {
            Ok(mut stream) => {
                tokio::spawn(async move {
                    if stream.recv().await.is_some() {
                        let _ = tx.send(Input::Shutdown(name));
                    }
                });
            }
            Err(e) => tracing::warn!("cannot listen for {name}: {e}"),
        }
    }
}

struct Daemon {
    scheduler: Scheduler,
    history: History,
    history_notices: Vec<String>,
    /// The last failed history write, until one succeeds.
    history_error: Option<String>,
    notifier: Notifier,
    config_path: String,
    config_error: Option<String>,
    /// The error last shown as a notification, so each is shown once.
    config_error_shown: Option<String>,
    reload_at: Option<tokio::time::Instant>,
    /// Why notifications fail, while they do.
    notification_error: Option<String>,
    /// A notification to show again once the server answers.
    retry: Option<(texts::Message, Timestamp, SignedDuration)>,
    /// The guided set's end and the next progress update.
    progress: Option<(Timestamp, Timestamp)>,
    paths: Paths,
    presence: PresenceState,
}

/// The daemon's side of presence detection.
struct PresenceState {
    sources: Sources,
    merger: Merger,
    clock: ClockWatch,
    /// The idle source in use and what it is.
    idle_source: (crate::config::ActivitySource, String),
    /// Lock and sleep sources by name: what each is, or why it is unavailable.
    lock_sources: BTreeMap<&'static str, Result<String, String>>,
}

impl PresenceState {
    /// Whether something will wake the loop after a resume (logind's `PrepareForSleep`).
    fn hears_sleep(&self) -> bool {
        matches!(self.lock_sources.get("logind"), Some(Ok(_)))
    }
}

/// What woke the loop.
enum Wake {
    Timer,
    Reload,
    Input(Option<Input>),
    Presence(Option<Report>),
}

impl Daemon {
    fn start(
        paths: &Paths,
        tx: UnboundedSender<Input>,
        presence_tx: UnboundedSender<Report>,
    ) -> Result<Self, DaemonError> {
        let (config, config_error) = match Config::load(&paths.config) {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    tracing::warn!("config: {w}");
                }
                (loaded.config, None)
            }
            Err(e) => {
                tracing::error!("config not used, built-in defaults apply:\n{e}");
                (Config::defaults(), Some(e.to_string()))
            }
        };
        let tz = TimeZone::system();
        let now = Timestamp::now();
        let history = History::new(&paths.history);
        let loaded = history.load()?;
        for notice in &loaded.notices {
            tracing::warn!("history: {notice}");
        }
        let notifier = Notifier::new(tx, config.notifications.urgency, config.notifications.sound);
        let sources = Sources::start(
            config.activity.source,
            idle_threshold(config.schedule.break_after_idle),
            presence_tx,
        );
        let mut scheduler = Scheduler::new(config, tz.clone(), now);
        let (today, last_resolved) =
            crate::stats::today(&loaded.records, &tz, now.to_zoned(tz.clone()).date());
        scheduler.resume_day(today, last_resolved);
        tracing::info!(
            sets_today = today.sets,
            reminders_today = today.reminders,
            "started"
        );
        Ok(Self {
            scheduler,
            history,
            history_notices: loaded.notices,
            history_error: None,
            notifier,
            config_path: paths.config.display().to_string(),
            config_error,
            config_error_shown: None,
            reload_at: None,
            notification_error: None,
            retry: None,
            progress: None,
            paths: paths.clone(),
            presence: PresenceState {
                sources,
                merger: Merger::new(),
                clock: ClockWatch::new(std::time::Instant::now(), now),
                idle_source: (
                    crate::config::ActivitySource::None,
                    "not chosen yet".to_owned(),
                ),
                lock_sources: BTreeMap::new(),
            },
        })
    }

    async fn run(
        &mut self,
        mut rx: UnboundedReceiver<Input>,
        mut presence_rx: UnboundedReceiver<Report>,
    ) {
        let now = Timestamp::now();
        let outcome = self.scheduler.on(
            now,
            Event::Presence {
                state: Activity::Active,
                since: now,
            },
        );
        self.perform(outcome).await;
        if let Some(error) = self.config_error.clone() {
            self.announce_config_error(&error).await;
        }
        loop {
            let next = self.next_wake();
            let reload = self.reload_at;
            let woke = tokio::select! {
                () = sleep_until(next) => Wake::Timer,
                () = async { match reload { Some(at) => tokio::time::sleep_until(at).await, None => std::future::pending().await } } => Wake::Reload,
                input = rx.recv() => Wake::Input(input),
                report = presence_rx.recv() => Wake::Presence(report),
            };
            // Whatever woke us, a sleep since the last wake-up comes first.
            if let Some(gap) = self
                .presence
                .clock
                .check(std::time::Instant::now(), Timestamp::now())
            {
                self.presence_signal(gap).await;
            }
            match woke {
                Wake::Timer => self.timers(Timestamp::now()).await,
                Wake::Reload => {
                    self.reload_at = None;
                    self.reload_config().await;
                }
                Wake::Input(Some(Input::Shutdown(signal))) => {
                    tracing::info!("{signal}: closing the notification and stopping");
                    self.notifier.close().await;
                    return;
                }
                Wake::Input(Some(input)) => self.input(input).await,
                Wake::Input(None) | Wake::Presence(None) => return,
                Wake::Presence(Some(report)) => self.presence_report(report).await,
            }
        }
    }

    fn next_wake(&self) -> Option<Timestamp> {
        let clock_check = (!self.presence.hears_sleep()).then(|| Timestamp::now() + CLOCK_CHECK);
        [
            self.scheduler.next_deadline(),
            self.progress.map(|(_, next)| next),
            self.retry.as_ref().map(|(_, at, _)| *at),
            clock_check,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    async fn presence_report(&mut self, report: Report) {
        match report {
            Report::Signal(signal) => self.presence_signal(signal).await,
            Report::IdleSource { source, detail } => {
                if source == crate::config::ActivitySource::None {
                    tracing::warn!(
                        "idle detection: none ({detail}); sitting is wall time in active hours"
                    );
                } else {
                    tracing::info!("idle detection: {} ({detail})", source.name());
                }
                self.presence.idle_source = (source, detail);
            }
            Report::LockSource { name, state } => {
                if self.presence.lock_sources.get(name) == Some(&state) {
                    return; // a retry that found things as they were
                }
                match &state {
                    Ok(what) => tracing::info!("lock/sleep source {name}: {what}"),
                    Err(why) => tracing::info!("lock/sleep source {name} unavailable: {why}"),
                }
                self.presence.lock_sources.insert(name, state);
            }
        }
    }

    async fn presence_signal(&mut self, signal: Signal) {
        tracing::debug!("presence: {signal:?}");
        for event in self.presence.merger.apply(signal) {
            let now = Timestamp::now();
            if let Event::Presence { state, since } = &event {
                let here = now.to_zoned(self.scheduler.time_zone().clone());
                tracing::info!(
                    "presence: {} since {}",
                    state.name(),
                    crate::timefmt::short(*since, &here)
                );
            }
            let outcome = self.scheduler.on(now, event);
            self.perform(outcome).await;
        }
    }

    async fn timers(&mut self, now: Timestamp) {
        if let Some((message, at, backoff)) = self.retry.take() {
            if at <= now {
                self.show(message, false, Some(backoff)).await;
            } else {
                self.retry = Some((message, at, backoff));
            }
        }
        if let Some((ends, next)) = self.progress
            && next <= now
            && now < ends
        {
            let length = self.scheduler.config().exercise.set_length;
            self.progress = Some((ends, (now + PROGRESS_EVERY).min(ends)));
            self.show(
                texts::progress(ends.duration_since(now), length),
                true,
                None,
            )
            .await;
        }
        let outcome = self.scheduler.on(now, Event::Tick);
        self.perform(outcome).await;
    }

    async fn input(&mut self, input: Input) {
        let now = Timestamp::now();
        match input {
            Input::Notification { id, response } => {
                if self.notifier.current() != Some(id) {
                    return; // an older notification's late answer
                }
                let event = match response {
                    Response::Closed => {
                        // Dismissed: the reminder stays open until it expires as missed.
                        self.notifier.forget(id);
                        return;
                    }
                    Response::Action(key) => match key.as_str() {
                        "start" => Event::Start,
                        "snooze" => Event::Snooze(None),
                        "done" => Event::Done,
                        "skip" => Event::Skip,
                        _ => return,
                    },
                };
                tracing::info!("notification action: {event:?}");
                let outcome = self.scheduler.on(now, event);
                if let Some(refusal) = &outcome.refused {
                    tracing::info!("action not applied: {refusal}");
                }
                self.perform(outcome).await;
            }
            Input::Request(request, reply) => {
                let answer = self.request(now, request).await;
                let _ = reply.send(answer);
            }
            Input::ConfigTouched => {
                self.reload_at = Some(tokio::time::Instant::now() + DEBOUNCE);
            }
            Input::Shutdown(_) => {}
        }
    }

    async fn request(&mut self, now: Timestamp, request: Request) -> Reply {
        let tz = self.scheduler.time_zone().clone();
        let hm = |t: Timestamp| t.to_zoned(tz.clone()).strftime("%H:%M").to_string();
        let (event, done) = match request {
            Request::Status => {
                return Reply {
                    ok: true,
                    message: None,
                    status: Some(self.status(now)),
                };
            }
            Request::Snooze { seconds } => match duration_arg(seconds) {
                Ok(d) => {
                    let until = now + d.unwrap_or(self.scheduler.config().snooze.duration);
                    (Event::Snooze(d), format!("snoozed until {}", hm(until)))
                }
                Err(e) => return Reply::error(e),
            },
            Request::Skip => (Event::Skip, "skipped".to_owned()),
            Request::Start => (Event::Start, "guided set started".to_owned()),
            Request::Resume => (Event::Resume, "reminders resumed".to_owned()),
            Request::Pause { seconds } => match duration_arg(seconds) {
                Ok(Some(d)) => (
                    Event::Pause {
                        until: Some(now + d),
                    },
                    format!("paused until {}", hm(now + d)),
                ),
                Ok(None) => (
                    Event::Pause { until: None },
                    "paused until `soleus resume`".to_owned(),
                ),
                Err(e) => return Reply::error(e),
            },
            Request::Undone { at, reps } => match at.parse::<Timestamp>() {
                Ok(at) => (Event::SetUndone { at, reps }, "set taken back".to_owned()),
                Err(e) => return Reply::error(format!("bad time {at:?}: {e}")),
            },
            Request::Logged {
                at,
                reps,
                duration_s,
            } => match at.parse::<Timestamp>() {
                Ok(at) => (
                    Event::SetLogged {
                        at,
                        reps,
                        duration: SignedDuration::from_secs(i64::from(duration_s)),
                    },
                    "set counted".to_owned(),
                ),
                Err(e) => return Reply::error(format!("bad time {at:?}: {e}")),
            },
        };
        let outcome = self.scheduler.on(now, event);
        let refused = outcome.refused.clone();
        self.perform(outcome).await;
        match (refused, &self.history_error) {
            (Some(refusal), _) => Reply::error(refusal.to_string()),
            (None, Some(e)) => Reply::error(format!("{done}, but {e}")),
            (None, None) => Reply::ok(done),
        }
    }

    fn status(&self, now: Timestamp) -> StatusReport {
        let s = self.scheduler.status(now);
        let state = serde_json::to_value(s.state)
            .ok()
            .and_then(|v| v.as_str().map(ToOwned::to_owned));
        StatusReport {
            running: true,
            pid: Some(std::process::id()),
            state,
            sitting_seconds: s.sitting.as_secs(),
            sitting_today_seconds: s.sitting_today.as_secs(),
            next_reminder_at: s.next_reminder_at.map(local_time::render),
            snoozed_until: s.snoozed_until.map(local_time::render),
            paused_until: s.paused_until.map(local_time::render),
            sets_today: s.today.sets,
            reps_today: s.today.reps,
            goal_sets: s.goal_sets,
            idle_source: Some(self.presence.idle_source.0.name().to_owned()),
            idle_detail: Some(self.presence.idle_source.1.clone()),
            presence: Some(self.presence.merger.current().0.name().to_owned()),
            lock_sources: self
                .presence
                .lock_sources
                .iter()
                .filter_map(|(name, state)| {
                    state.as_ref().ok().map(|what| format!("{name}: {what}"))
                })
                .collect(),
            config_path: Some(self.config_path.clone()),
            config_error: self.config_error.clone(),
            notification_error: self.notification_error.clone(),
            history_notices: self
                .history_error
                .iter()
                .chain(&self.history_notices)
                .cloned()
                .collect(),
        }
    }

    /// Carries out what the scheduler decided: records first, then the desktop.
    async fn perform(&mut self, outcome: Outcome) {
        let records: Vec<Record> = outcome
            .actions
            .iter()
            .filter_map(|a| match a {
                Action::Record(r) => Some(r.clone()),
                _ => None,
            })
            .collect();
        if !records.is_empty() {
            match self.history.append(&records) {
                Ok(loaded) => {
                    self.history_notices = loaded.notices;
                    self.history_error = None;
                }
                Err(e) => {
                    tracing::error!("could not record {} entries: {e}", records.len());
                    self.history_error = Some(format!("could not record to history: {e}"));
                }
            }
        }
        for action in outcome.actions {
            match action {
                Action::Show(view) => self.show_reminder(&view).await,
                Action::Close => {
                    self.retry = None;
                    self.progress = None;
                    self.notifier.close().await;
                }
                Action::SetStarted { ends, .. } => {
                    let now = Timestamp::now();
                    let length = self.scheduler.config().exercise.set_length;
                    self.progress = Some((ends, (now + PROGRESS_EVERY).min(ends)));
                    self.show(
                        texts::progress(ends.duration_since(now), length),
                        false,
                        None,
                    )
                    .await;
                }
                Action::SetFinished { reps } => {
                    self.progress = None;
                    self.show(texts::set_complete(reps), true, None).await;
                }
                Action::Break {
                    since,
                    until,
                    state,
                } => {
                    tracing::info!(
                        "back after {} {}: sitting starts again",
                        crate::duration::format(until.duration_since(since)),
                        state.name()
                    );
                }
                Action::Record(_) => {}
            }
        }
    }

    async fn show_reminder(&mut self, view: &ReminderView) {
        match self.notifier.server().await {
            Ok(server) => {
                self.show(texts::reminder(view, server.has_actions()), false, None)
                    .await;
            }
            // No server: record the failure and retry, without asking again right away.
            Err(e) => self.failed(texts::reminder(view, true), e, None),
        }
    }

    /// Shows a message; on failure, keeps tracking, says so in status, and retries with
    /// backoff while the message is still wanted.
    async fn show(
        &mut self,
        message: texts::Message,
        replace: bool,
        backoff: Option<SignedDuration>,
    ) {
        match self.notifier.show(&message, replace).await {
            Ok(_) => {
                // A pending retry of an older message must not come back over this one.
                self.retry = None;
                if self.notification_error.take().is_some() {
                    tracing::info!("notifications work again");
                }
            }
            Err(e) => self.failed(message, e, backoff),
        }
    }

    /// A message could not be shown: say so once, keep it for a retry with backoff.
    fn failed(&mut self, message: texts::Message, error: String, backoff: Option<SignedDuration>) {
        if self.notification_error.is_none() {
            tracing::warn!("cannot show notifications, retrying with backoff: {error}");
        } else {
            tracing::debug!("notification retry failed: {error}");
        }
        self.notification_error = Some(error);
        let wait = backoff.map_or(RETRY_FIRST, |b| (b * 2).min(RETRY_MAX));
        self.retry = Some((message, Timestamp::now() + wait, wait));
    }

    async fn reload_config(&mut self) {
        match Config::load(&self.paths.config) {
            Ok(loaded) => {
                for w in &loaded.warnings {
                    tracing::warn!("config: {w}");
                }
                self.config_error = None;
                self.config_error_shown = None;
                if loaded.config != *self.scheduler.config() {
                    tracing::info!("config reloaded from {}", loaded.origin);
                    let old = self.scheduler.config();
                    if old.activity != loaded.config.activity
                        || old.schedule.break_after_idle != loaded.config.schedule.break_after_idle
                    {
                        self.presence.sources.restart_idle(
                            loaded.config.activity.source,
                            idle_threshold(loaded.config.schedule.break_after_idle),
                        );
                    }
                    self.notifier.urgency = loaded.config.notifications.urgency;
                    self.notifier.sound = loaded.config.notifications.sound;
                    let outcome = self.scheduler.reconfigure(Timestamp::now(), loaded.config);
                    self.perform(outcome).await;
                }
            }
            Err(e) => {
                let text = match &e {
                    ConfigError::Invalid(d) => crate::diagnostic::render_all(d),
                    ConfigError::Read { .. } => e.to_string(),
                };
                tracing::warn!("config edit not applied, the previous settings stay:\n{text}");
                self.config_error = Some(text.clone());
                self.announce_config_error(&text).await;
            }
        }
    }

    async fn announce_config_error(&mut self, text: &str) {
        if self.config_error_shown.as_deref() == Some(text) {
            return;
        }
        self.config_error_shown = Some(text.to_owned());
        if let Err(e) = self.notifier.flash(&texts::config_error(text)).await {
            tracing::debug!("could not show the config error: {e}");
        }
    }
}

/// A duration from a control request: positive and at most a week.
fn duration_arg(seconds: Option<i64>) -> Result<Option<SignedDuration>, String> {
    match seconds {
        None => Ok(None),
        Some(s) if s > 0 && SignedDuration::from_secs(s) <= crate::duration::MAX => {
            Ok(Some(SignedDuration::from_secs(s)))
        }
        Some(s) => Err(format!(
            "{s} seconds is not a duration from 1 second to a week"
        )),
    }
}

async fn sleep_until(wake: Option<Timestamp>) {
    match wake {
        // Wall-clock time decides: sleep the difference from now.
        Some(at) => {
            let wait = at.duration_since(Timestamp::now());
            let wait = Duration::try_from(wait).unwrap_or(Duration::ZERO);
            tokio::time::sleep(wait).await;
        }
        None => std::future::pending().await,
    }
}
