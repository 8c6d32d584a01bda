//! The display: what should be on screen, and keeping it there.
//!
//! Owns the notification slot as the loop sees it: the wanted message, the id the server
//! gave it (answers to any other id are stale), retries with backoff while the server is
//! missing, the guided set's progress updates, a re-show on a restarted server, and what a
//! close by the user means. It never waits on D-Bus: commands go to the notification task
//! ([`super::notifier`]) and its reports come back as [`Note`]s. So it is tested here
//! without a bus, commands read off the channel.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use tokio::sync::mpsc::UnboundedSender;

use super::input::{Note, Response};
use super::notifier::{Command, Content, Style};
use super::on_screen::Left;
use super::texts::{self, Message};
use crate::backoff::Backoff;
use crate::config::Config;
use crate::schedule::{Action, Event};

/// The guided set's progress notification is updated this often.
const PROGRESS_EVERY: SignedDuration = SignedDuration::from_mins(1);
const RETRY_FIRST: Duration = Duration::from_secs(5);
const RETRY_MAX: Duration = Duration::from_secs(300);

/// What the slot holds, for what a close by the user means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Reminder,
    Progress,
    SetComplete,
}

#[derive(Debug)]
struct Wanted {
    seq: u64,
    kind: Kind,
    content: Content,
}

#[derive(Debug, Clone, Copy)]
struct Progress {
    ends: Timestamp,
    next: Timestamp,
    /// The user closed the progress notification: no updates until the set ends.
    hidden: bool,
}

#[derive(Debug)]
pub struct Display {
    commands: UnboundedSender<Command>,
    style: Style,
    set_length: SignedDuration,
    seq: u64,
    wanted: Option<Wanted>,
    /// The server's id for the wanted message, once shown.
    shown: Option<u32>,
    retry_at: Option<Timestamp>,
    backoff: Backoff,
    progress: Option<Progress>,
    /// Why notifications fail, while they do.
    error: Option<String>,
}

impl Display {
    pub fn new(commands: UnboundedSender<Command>, config: &Config) -> Self {
        Self {
            commands,
            style: style(config),
            set_length: config.exercise.set_length,
            seq: 0,
            wanted: None,
            shown: None,
            retry_at: None,
            backoff: Backoff::new(RETRY_FIRST, RETRY_MAX),
            progress: None,
            error: None,
        }
    }

    /// New settings apply from the next message shown.
    pub fn reconfigure(&mut self, config: &Config) {
        self.style = style(config);
        self.set_length = config.exercise.set_length;
    }

    /// Why notifications fail right now, if they do.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The next instant [`Display::due`] has work: a retry or a progress update.
    pub fn deadline(&self) -> Option<Timestamp> {
        let progress = self.progress.filter(|p| !p.hidden).map(|p| p.next);
        [self.retry_at, progress].into_iter().flatten().min()
    }

    /// The wall clock was stepped by `by` (negative: set back): the retry and the progress
    /// updates keep their timing in elapsed time, as the scheduler's waits do, instead of
    /// waiting out the step (an hour set back must not mean no retry for an hour). The
    /// set's end moves too: the scheduler moved its own.
    pub fn clock_stepped(&mut self, by: SignedDuration) {
        let shift = |t: Timestamp| t.checked_add(by).unwrap_or(t);
        self.retry_at = self.retry_at.map(shift);
        if let Some(p) = &mut self.progress {
            p.ends = shift(p.ends);
            p.next = shift(p.next);
        }
    }

    /// What is on screen, for [`super::on_screen`]: the server's id for it and, for a
    /// reminder, the reminder's id. A reminder asked for but not yet given an id by the
    /// server (the call in flight, or retried) is there without an id: the loop writes this
    /// down before the notification task runs, so before the server is asked.
    pub fn on_screen(&self) -> Option<Left> {
        let reminder = match &self.wanted.as_ref()?.content {
            Content::Reminder(view) | Content::Answers(view) => Some(view.id),
            Content::Message(_) => None,
        };
        match self.shown {
            Some(id) => Some(Left {
                notification: Some(id),
                reminder,
            }),
            None => reminder.map(|_| Left {
                notification: None,
                reminder,
            }),
        }
    }

    /// Carries out the scheduler's display actions (records are the loop's business).
    pub fn perform(&mut self, action: &Action, now: Timestamp) {
        match action {
            Action::Show(view) => {
                self.show(Kind::Reminder, Content::Reminder(view.clone()), false);
            }
            Action::Close => self.close(),
            Action::SetStarted { ends, .. } => {
                self.progress = Some(Progress {
                    ends: *ends,
                    next: (now + PROGRESS_EVERY).min(*ends),
                    hidden: false,
                });
                let message = texts::progress(ends.duration_since(now), self.set_length);
                self.show(Kind::Progress, Content::Message(message), false);
            }
            Action::SetFinished { reps } => {
                self.progress = None;
                let message = Content::Message(texts::set_complete(*reps));
                // In place of the progress, unless the user closed that.
                self.show(Kind::SetComplete, message, self.shown.is_some());
            }
            Action::GoalReached { sets, reps } => self.flash(texts::goal_reached(*sets, *reps)),
            Action::SetTooShort { ran } => self.flash(texts::set_too_short(*ran)),
            Action::Break { .. } | Action::Record(_) => {}
        }
    }

    /// Retries a message that could not be shown, and updates the progress.
    pub fn due(&mut self, now: Timestamp) {
        if self.retry_at.is_some_and(|at| at <= now) {
            self.retry_at = None;
            if let Some(w) = self.wanted.take() {
                self.show(w.kind, w.content, false);
            }
        }
        if let Some(p) = self.progress
            && !p.hidden
            && p.next <= now
            && now < p.ends
        {
            self.progress = Some(Progress {
                next: (now + PROGRESS_EVERY).min(p.ends),
                ..p
            });
            let message = texts::progress(p.ends.duration_since(now), self.set_length);
            self.show(
                Kind::Progress,
                Content::Message(message),
                self.shown.is_some(),
            );
        }
    }

    /// Takes a report of the notification task; returns the event a user's answer is.
    pub fn note(&mut self, note: Note, now: Timestamp) -> Option<Event> {
        match note {
            Note::Shown { seq, id } => {
                if self.wanted.as_ref().is_some_and(|w| w.seq == seq) {
                    self.shown = Some(id);
                    self.retry_at = None;
                    self.backoff.reset();
                }
                if self.error.take().is_some() {
                    tracing::info!("notifications work again");
                }
                None
            }
            Note::Failed { seq, error } => {
                if self.wanted.as_ref().is_some_and(|w| w.seq == seq) {
                    self.failed(error, now);
                }
                None
            }
            Note::ServerAppeared => {
                // The old server's notifications are gone with it: show the wanted message
                // afresh, on the new one, at once.
                let _ = self.commands.send(Command::Forget {
                    server_changed: true,
                });
                self.shown = None;
                self.retry_at = None;
                self.backoff.reset();
                if let Some(w) = self.wanted.take() {
                    tracing::info!(
                        "a notification server appeared: showing the open notification there"
                    );
                    self.show(w.kind, w.content, false);
                }
                None
            }
            Note::Answer { id, response } => self.answer(id, &response),
        }
    }

    /// A user's answer to notification `id`; stale ids (an older notification's late
    /// answer) are ignored.
    pub fn answer(&mut self, id: u32, response: &Response) -> Option<Event> {
        if self.shown != Some(id) {
            return None;
        }
        match response {
            Response::Action(key) => Some(key.event()),
            // A click on a reminder's body starts the set, as its default action's label
            // and GNOME's body text say. On the progress and "set complete" messages a body
            // click means nothing: a stray click must not log or stop a set.
            Response::Default => self
                .wanted
                .as_ref()
                .is_some_and(|w| w.kind == Kind::Reminder)
                .then_some(Event::Start),
            // GNOME's body click (the banner's or the message list's): the reminder again,
            // as a new banner with the answers the first could not carry.
            Response::AllAnswers => {
                if let Some(Wanted {
                    kind: Kind::Reminder,
                    content: Content::Reminder(view) | Content::Answers(view),
                    ..
                }) = &self.wanted
                {
                    let again = Content::Answers(view.clone());
                    self.show(Kind::Reminder, again, false);
                }
                None
            }
            Response::Other(_) => None,
            Response::Dismissed | Response::Closed => {
                let _ = self.commands.send(Command::Forget {
                    server_changed: false,
                });
                self.shown = None;
                let kind = self.wanted.take().map(|w| w.kind);
                if let Some(p) = &mut self.progress {
                    p.hidden = true;
                }
                // Only the user's own close of a reminder is an answer: a server that
                // expires it on its own has not asked the user anything.
                (*response == Response::Dismissed && kind == Some(Kind::Reminder))
                    .then_some(Event::Dismissed)
            }
        }
    }

    /// A one-off message beside the slot.
    pub fn flash(&mut self, message: Message) {
        let _ = self.commands.send(Command::Flash(message));
    }

    /// Closes what is shown (the scheduler's `Close`, or the daemon stopping).
    pub fn close(&mut self) {
        self.wanted = None;
        self.retry_at = None;
        self.progress = None;
        self.shown = None;
        // Sent even with nothing known on screen: a show may still be on its way to the
        // server, and the task closes whatever landed (a no-op on an empty slot).
        let _ = self.commands.send(Command::Close);
    }

    fn show(&mut self, kind: Kind, content: Content, replace: bool) {
        self.seq += 1;
        if !replace {
            self.shown = None;
        }
        let _ = self.commands.send(Command::Show {
            seq: self.seq,
            content: content.clone(),
            replace,
            style: self.style,
        });
        self.wanted = Some(Wanted {
            seq: self.seq,
            kind,
            content,
        });
    }

    /// The wanted message could not be shown: say so once, retry with backoff.
    fn failed(&mut self, error: String, now: Timestamp) {
        if self.error.is_none() {
            tracing::warn!("cannot show notifications, retrying with backoff: {error}");
        } else {
            tracing::debug!("notification retry failed: {error}");
        }
        self.error = Some(error);
        let wait = SignedDuration::try_from(self.backoff.next_wait()).unwrap_or(PROGRESS_EVERY);
        self.retry_at = Some(now + wait);
    }
}

fn style(config: &Config) -> Style {
    Style {
        urgency: config.notifications.urgency,
        sound: config.notifications.sound,
    }
}

#[cfg(test)]
mod tests;
