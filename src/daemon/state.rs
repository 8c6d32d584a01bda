//! The daemon's state: one value per owner. The loop in `mod.rs` routes between them; its
//! start-up (`startup.rs`) and its readers (`readers.rs`) are further `impl` blocks of the
//! same value, so each of those files depends on this one, not on the loop.

use tokio::task::JoinHandle;

use super::context::Context;
use super::display::Display;
use super::elsewhere::Elsewhere;
use super::follow::Publisher;
use super::on_screen::OnScreen;
use super::record::Recorder;
use super::reload::Reload;
use super::tray::Tray;
use crate::ipc::StartedBy;
use crate::presence::Sources;
use crate::presence::tracker::Tracker;
use crate::schedule::Scheduler;

#[derive(Debug)]
pub(super) struct Daemon {
    pub(super) scheduler: Scheduler,
    /// Records on their way to the history file, pending while writing fails.
    pub(super) recorder: Recorder,
    pub(super) display: Display,
    /// The notification task: the display's D-Bus calls run there.
    pub(super) notifier: JoinHandle<()>,
    pub(super) reload: Reload,
    pub(super) presence: Tracker<Sources>,
    /// Do-not-disturb, fullscreen, calls: their reports become scheduler events.
    pub(super) context: Context,
    pub(super) started_by: StartedBy,
    pub(super) publisher: Publisher,
    pub(super) tray: Tray,
    /// What is on screen, on disk for the next daemon.
    pub(super) on_screen: OnScreen,
    /// Sets done on other devices (a sync folder).
    pub(super) elsewhere: Elsewhere,
}
