//! Starting the daemon's owners: settings, history, presence and context sources, the
//! notification task, and the day so far as history tells it. Apart from the loop, which
//! only routes.

use jiff::tz::TimeZone;
use tokio::sync::mpsc::UnboundedSender;

use super::clock::Clock;
use super::context::Context;
use super::display::Display;
use super::elsewhere::Elsewhere;
use super::error::DaemonError;
use super::follow::Publisher;
use super::input::Input;
use super::record::Recorder;
use super::reload::Reload;
use super::state::Daemon;
use super::tray::Tray;
use super::{notifier, on_screen};
use crate::context::ContextReport;
use crate::history::Place;
use crate::history::record::pause_in_force;
use crate::ipc::StartedBy;
use crate::logging::DIARY;
use crate::paths::Paths;
use crate::presence::tracker::Tracker;
use crate::presence::{Report, Sources, idle_threshold};
use crate::schedule::Scheduler;

impl Daemon {
    pub(super) fn start(
        paths: &Paths,
        tx: UnboundedSender<Input>,
        presence_tx: UnboundedSender<Report>,
        context_tx: UnboundedSender<ContextReport>,
        publisher: Publisher,
    ) -> Result<Self, DaemonError> {
        let reload = Reload::load(&paths.config);
        let config = reload.config().clone();
        let tz = TimeZone::system();
        let clock = Clock::read();
        // With a sync folder this machine writes its own file there (the local history is
        // moved in first); the other devices' sets come through `elsewhere`.
        let place = Place::open(paths, &config.history)?;
        let (mut recorder, mut records, streak) = Recorder::open(
            place.own().clone(),
            &clock.wall.to_zoned(tz.clone()),
            config.schedule.window.days,
        )?;
        let folder = match place {
            Place::Folder(folder) => Some(folder),
            Place::Local(_) => None,
        };
        let elsewhere = Elsewhere::new(folder, tx.clone());
        let on_screen =
            on_screen::take_over(&paths.runtime, &mut records, &mut recorder, &tz, clock.wall);
        let sources = Sources::start(
            config.activity.source,
            idle_threshold(config.schedule.break_after_idle),
            presence_tx,
        );
        let presence = Tracker::new(sources, &config, tz.clone(), clock.mono, clock.wall);
        let context = Context::start(context_tx, tx.clone(), &config.context);
        let tray = Tray::new(config.tray.enabled, tx.clone());
        let (commands, notifier) = notifier::spawn(tx);
        let display = Display::new(commands, &config);
        let mut scheduler = Scheduler::new(config, tz.clone(), clock.wall);
        let (today, last_resolved) =
            crate::stats::today(&records, &clock.wall.to_zoned(tz.clone()));
        scheduler.resume_day(today, last_resolved);
        scheduler.resume_streak(streak);
        scheduler.resume_meals(crate::history::record::meals(&records));
        let started_by = StartedBy::detect();
        let paused = pause_in_force(&records, clock.wall);
        if let Some(pause) = paused {
            scheduler.resume_pause(pause);
        }
        tracing::info!(
            target: DIARY,
            "started (pid {}, {}): {} of {} sets and {} reminders today{}",
            std::process::id(),
            started_by.name(),
            today.sets,
            scheduler.config().schedule.sets_per_day,
            today.reminders,
            match paused.map(|p| p.until) {
                Some(Some(until)) => format!(", paused until {}", crate::timefmt::hm(until, &tz)),
                Some(None) => ", paused until `soleus resume`".to_owned(),
                None => String::new(),
            }
        );
        Ok(Self {
            scheduler,
            recorder,
            display,
            notifier,
            reload,
            presence,
            context,
            started_by,
            publisher,
            tray,
            on_screen,
            elsewhere,
        })
    }
}
