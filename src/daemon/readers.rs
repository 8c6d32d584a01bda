//! What the loop hands to readers of its state: the status report (for `soleus status`,
//! `status --follow` and the tray item) and what comes back from the tray's menu. Part of
//! the router, kept apart from the loop itself.

use std::sync::Arc;

use jiff::Timestamp;

use super::state::Daemon;
use super::{control, tray};
use crate::ipc::StatusReport;

impl Daemon {
    pub(super) fn status(&self, now: Timestamp) -> StatusReport {
        control::status(control::StatusParts {
            schedule: self.scheduler.status(now),
            presence: self.presence.view(),
            context: self.context.view(),
            config_path: self.reload.path(),
            config_error: self.reload.error(),
            notification_error: self.display.error(),
            history_error: self.recorder.error().as_deref(),
            history_notices: self.recorder.notices(),
            started_by: self.started_by,
        })
    }

    /// Hands the status to whoever reads it (followers, the tray), built only when
    /// someone does: a daemon nobody watches does no extra work per wake-up.
    pub(super) fn publish(&mut self, now: Timestamp) {
        if self.publisher.wanted() || self.tray.wanted() {
            let report = Arc::new(self.status(now));
            self.publisher.offer(&report);
            self.tray.feed(&report);
        }
    }

    /// A tray menu entry: the CLI's request for it, or today's summary.
    pub(super) fn clicked(&mut self, entry: tray::Entry, now: Timestamp) {
        let here = now.to_zoned(self.scheduler.time_zone().clone());
        match tray::click(entry, &here) {
            tray::Click::Request(request) => {
                let reply = self.request(request, now);
                tracing::info!("tray {entry:?}: {}", reply.message.unwrap_or_default());
            }
            tray::Click::Stats => {
                let message = tray::stats(&self.status(now), &here);
                self.display.flash(message);
            }
        }
    }
}
