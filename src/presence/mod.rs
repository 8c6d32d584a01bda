//! Presence: is someone at the desk? Idle input, a locked screen and sleep, from whatever
//! the desktop offers, merged into the presence events the scheduler takes.
//!
//! - Pure parts: [`detect`] (which idle source fits this session), [`merge`] (many signals,
//!   one presence), [`poll`] (when to ask a pollable source again), [`clock`] (a suspend
//!   seen as a wall-clock jump).
//! - Adapters, one per source: [`x11`], [`gnome`], [`wayland`], [`kde`] for idle; [`logind`]
//!   and [`lock`] for lock and sleep. Each connects (or says why it cannot) and then runs
//!   as a task that sends [`Report`]s; [`start`] wires them up with fallbacks and retries.

pub mod clock;
pub mod detect;
pub mod gnome;
pub mod kde;
pub mod lock;
pub mod logind;
pub mod merge;
pub mod poll;
pub mod tracker;
pub mod wayland;
pub mod x11;

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::mpsc::UnboundedSender;
use tokio::task::JoinHandle;

use crate::backoff::{self, Backoff};
use crate::config::ActivitySource;
pub use crate::shared_bus::{session_bus, system_bus};
use detect::{Candidate, SessionEnv};

/// What one source observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// No input since `since` (sources know when input stopped, not only when they noticed).
    Idle {
        since: Timestamp,
    },
    /// Input again, at `at`.
    Active {
        at: Timestamp,
    },
    Locked {
        at: Timestamp,
    },
    Unlocked {
        at: Timestamp,
    },
    /// The machine is about to sleep.
    Sleeping {
        at: Timestamp,
    },
    Woke {
        at: Timestamp,
    },
    /// The idle source stopped answering: nothing is known about input any more.
    IdleUnknown {
        at: Timestamp,
    },
    /// The clocks say the machine slept from `from` to `to`, though nobody said so.
    Gap {
        from: Timestamp,
        to: Timestamp,
    },
}

/// What the presence tasks tell the daemon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Report {
    Signal(Signal),
    /// The idle source now in use, with what it is and why it was chosen.
    IdleSource {
        source: ActivitySource,
        detail: String,
    },
    /// A lock/sleep source connected (`Ok`, with what it is) or is unavailable (`Err`).
    LockSource {
        name: &'static str,
        state: Result<String, String>,
    },
}

/// `now` minus `d`, saturating instead of panicking on an absurd reading.
pub fn ago(now: Timestamp, d: Duration) -> Timestamp {
    SignedDuration::try_from(d)
        .ok()
        .and_then(|d| now.checked_sub(d).ok())
        .unwrap_or(Timestamp::MIN)
        .max(Timestamp::UNIX_EPOCH)
}

/// Input stopped this long means away: a quarter of `break_after_idle`, so a polled source
/// is asked often enough to notice a break in time, and the same for event-driven ones so
/// every desktop behaves alike.
/// At least a second (tests use second-scale timings), at most five minutes.
pub fn idle_threshold(break_after_idle: SignedDuration) -> Duration {
    let quarter = Duration::try_from(break_after_idle / 4).unwrap_or(Duration::ZERO);
    quarter.clamp(Duration::from_secs(1), Duration::from_secs(300))
}

const RETRY_FIRST: Duration = Duration::from_secs(10);
const RETRY_MAX: Duration = Duration::from_secs(600);

/// How every source task waits after a failure.
pub(crate) fn backoff() -> Backoff {
    Backoff::new(RETRY_FIRST, RETRY_MAX)
}
/// Calls on a bus time out, so a hung service cannot stall a task.
pub(crate) const CALL_TIMEOUT: Duration = Duration::from_secs(5);

/// A connected idle source.
#[derive(Debug)]
pub enum IdleSource {
    X11(Box<x11::X11>),
    Gnome(gnome::Gnome),
    Kde(kde::Kde),
    Wayland(wayland::Wayland),
}

impl IdleSource {
    /// Connects to `source`; on success, says what answered.
    pub async fn connect(
        source: ActivitySource,
        threshold: Duration,
        session: Option<&zbus::Connection>,
    ) -> Result<(Self, String), String> {
        let bus = || session.ok_or_else(|| "no session bus".to_owned());
        match source {
            ActivitySource::X11 => x11::X11::connect().map(|x| {
                let what = format!("X display {:?}, MIT-SCREEN-SAVER, polled", x.display);
                (Self::X11(Box::new(x)), what)
            }),
            ActivitySource::Gnome => gnome::Gnome::connect(bus()?)
                .await
                .map(|g| (Self::Gnome(g), format!("{}, event-driven", gnome::BUS_NAME))),
            ActivitySource::Kde => kde::Kde::connect(bus()?)
                .await
                .map(|k| (Self::Kde(k), format!("{}, polled", kde::BUS_NAME))),
            ActivitySource::Wayland => wayland::Wayland::connect(threshold).map(|w| {
                let what = format!("{}, event-driven", w.protocol.name());
                (Self::Wayland(w), what)
            }),
            ActivitySource::Auto | ActivitySource::None => {
                Err("not a source to connect to".to_owned())
            }
        }
    }

    /// Sends presence signals until the source fails; returns why it stopped.
    pub async fn run(self, threshold: Duration, tx: &UnboundedSender<Report>) -> String {
        match self {
            Self::X11(x) => poll_loop(threshold, tx, || std::future::ready(x.idle_time())).await,
            Self::Kde(k) => poll_loop(threshold, tx, || k.idle_time()).await,
            Self::Gnome(g) => g.run(threshold, tx).await,
            Self::Wayland(w) => w.run(tx).await,
        }
    }
}

async fn poll_loop<F, R>(threshold: Duration, tx: &UnboundedSender<Report>, mut read: F) -> String
where
    F: FnMut() -> R,
    R: Future<Output = Result<Duration, String>>,
{
    let mut poller = poll::Poller::new(threshold);
    loop {
        let idle_for = match read().await {
            Ok(d) => d,
            Err(e) => return e,
        };
        let (signals, wait) = poller.observe(Timestamp::now(), idle_for);
        for signal in signals {
            if tx.send(Report::Signal(signal)).is_err() {
                return "the daemon stopped".to_owned();
            }
        }
        tokio::time::sleep(wait).await;
    }
}

/// One candidate tried: what answered, or why not.
#[derive(Debug)]
pub struct Attempt {
    pub candidate: Candidate,
    pub result: Result<String, String>,
}

/// Tries the candidates in order; returns the first that connects (`None` when only the
/// `none` source is left) and every attempt, for logs and `soleus doctor`.
pub async fn choose(
    setting: ActivitySource,
    env: &SessionEnv,
    threshold: Duration,
    session: Option<&zbus::Connection>,
) -> (Option<(IdleSource, Candidate)>, Vec<Attempt>) {
    let mut attempts = Vec::new();
    for candidate in detect::candidates(setting, env) {
        if candidate.source == ActivitySource::None {
            attempts.push(Attempt {
                candidate,
                result: Ok("sitting is wall time in active hours".to_owned()),
            });
            break;
        }
        match IdleSource::connect(candidate.source, threshold, session).await {
            Ok((source, what)) => {
                attempts.push(Attempt {
                    candidate: candidate.clone(),
                    result: Ok(what),
                });
                return (Some((source, candidate)), attempts);
            }
            Err(e) => attempts.push(Attempt {
                candidate,
                result: Err(e),
            }),
        }
    }
    (None, attempts)
}

/// A proxy for one object's interface.
pub(crate) async fn proxy<'p, P>(
    bus: &zbus::Connection,
    destination: &'static str,
    path: P,
    interface: &'static str,
    cache: zbus::proxy::CacheProperties,
) -> zbus::Result<zbus::Proxy<'p>>
where
    P: TryInto<zbus::ObjectPath<'p>>,
    P::Error: Into<zbus::Error>,
{
    zbus::proxy::Builder::new(bus)
        .destination(destination)
        .path(path)
        .interface(interface)
        .cache_properties(cache)
        .build()
        .await
}

/// The running presence tasks; dropping this stops them.
#[derive(Debug)]
pub struct Sources {
    tx: UnboundedSender<Report>,
    idle: JoinHandle<()>,
    locks: [JoinHandle<()>; 2],
}

impl Sources {
    /// Starts the idle source chosen by `setting` (with fallbacks; when none answers, or the
    /// chosen one fails, the choice is made again with backoff) and the lock and sleep
    /// watchers (reconnecting with backoff when their service goes away).
    pub fn start(
        setting: ActivitySource,
        threshold: Duration,
        tx: UnboundedSender<Report>,
    ) -> Self {
        Self {
            idle: tokio::spawn(idle_task(setting, threshold, tx.clone())),
            locks: [
                tokio::spawn(logind_task(tx.clone())),
                tokio::spawn(screensaver_task(tx.clone())),
            ],
            tx,
        }
    }

    /// Starts the idle source again, after a setting it depends on changed. The presence
    /// stays as it was until the new source reports (each reports its state on start).
    pub fn restart_idle(&mut self, setting: ActivitySource, threshold: Duration) {
        self.idle.abort();
        self.idle = tokio::spawn(idle_task(setting, threshold, self.tx.clone()));
    }
}

impl Drop for Sources {
    fn drop(&mut self) {
        self.idle.abort();
        for task in &self.locks {
            task.abort();
        }
    }
}

async fn idle_task(setting: ActivitySource, threshold: Duration, tx: UnboundedSender<Report>) {
    let env = SessionEnv::from_process();
    let mut retry = backoff();
    loop {
        // Asked each round: the bus may have come up, or the old connection died.
        let session = session_bus().await.ok();
        let (chosen, attempts) = choose(setting, &env, threshold, session.as_ref()).await;
        let failed: Vec<String> = attempts
            .iter()
            .filter_map(|a| {
                a.result
                    .as_ref()
                    .err()
                    .map(|e| format!("{}: {e}", a.candidate.source.name()))
            })
            .collect();
        let Some((source, candidate)) = chosen else {
            let why = attempts
                .last()
                .map(|a| a.candidate.why.clone())
                .unwrap_or_default();
            let detail = if failed.is_empty() {
                why
            } else {
                format!("{why} ({})", failed.join("; "))
            };
            let _ = tx.send(Report::IdleSource {
                source: ActivitySource::None,
                detail,
            });
            // Nothing knows about input: present, as the `none` source has it.
            let _ = tx.send(Report::Signal(Signal::IdleUnknown {
                at: Timestamp::now(),
            }));
            if failed.is_empty() {
                return; // nothing better exists here
            }
            // A source may come up later (a daemon started before the desktop): try again.
            backoff::sleep(&mut retry).await;
            continue;
        };
        let what = attempts
            .last()
            .and_then(|a| a.result.as_ref().ok().cloned())
            .unwrap_or_default();
        let _ = tx.send(Report::IdleSource {
            source: candidate.source,
            detail: format!("{what}; {}", candidate.why),
        });
        // GNOME and KDE keep a clone of the shared connection; X11 and Wayland need none.
        drop(session);
        let started = tokio::time::Instant::now();
        let why = source.run(threshold, &tx).await;
        // The presence stays as last reported until a source says otherwise: a restarting
        // Mutter must not end a break. Every source reports its state when it starts.
        tracing::warn!("idle source {} stopped: {why}", candidate.source.name());
        retry.reset_if_ran(started.elapsed());
        backoff::sleep(&mut retry).await;
    }
}

async fn logind_task(tx: UnboundedSender<Report>) {
    let mut retry = backoff();
    loop {
        let bus = match system_bus().await {
            Ok(bus) => bus,
            Err(e) => {
                // No system bus (a container, a non-systemd system): lock comes from the
                // screensaver, sleep from the clock. Nothing to wait for.
                let _ = tx.send(Report::LockSource {
                    name: "logind",
                    state: Err(e),
                });
                return;
            }
        };
        // Not there yet (a user service started before the graphical session), or gone
        // (a logout while the user manager stays): look again, with backoff.
        let why = match logind::Logind::connect(&bus).await {
            Ok(logind) => {
                retry.reset();
                let _ = tx.send(Report::LockSource {
                    name: "logind",
                    state: Ok(format!(
                        "LockedHint of {}, PrepareForSleep",
                        logind.session_path
                    )),
                });
                let why = logind.run(&tx).await;
                tracing::warn!("logind: {why}");
                // That session's lock is over with it.
                let _ = tx.send(Report::Signal(Signal::Unlocked {
                    at: Timestamp::now(),
                }));
                why
            }
            Err(e) => e,
        };
        let _ = tx.send(Report::LockSource {
            name: "logind",
            state: Err(why),
        });
        backoff::sleep(&mut retry).await;
    }
}

async fn screensaver_task(tx: UnboundedSender<Report>) {
    let mut retry = backoff();
    loop {
        let subscribed = match session_bus().await {
            Ok(bus) => lock::subscribe(&bus)
                .await
                .map(|s| (bus, s))
                .map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        let why = match subscribed {
            Ok((bus, stream)) => {
                retry.reset();
                // Subscribed either way (a screensaver that starts later is heard), but
                // reported as working only when one runs, as `soleus doctor` says it.
                let state = lock::describe(&lock::owners(&bus).await);
                let _ = tx.send(Report::LockSource {
                    name: "screensaver",
                    state,
                });
                lock::run(Box::pin(stream), &tx).await
            }
            Err(e) => e,
        };
        let _ = tx.send(Report::LockSource {
            name: "screensaver",
            state: Err(why),
        });
        backoff::sleep(&mut retry).await;
    }
}
