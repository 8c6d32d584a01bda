//! What wakes the daemon's loop, as values: the owners' tasks send these, the loop routes
//! them. Kept apart from the loop so that the owners (display, control, reload) depend on
//! this vocabulary and not on the loop itself.

use tokio::sync::oneshot;

use crate::ipc::{Reply, Request};
use crate::schedule::Event;

/// Something for the loop to handle.
#[derive(Debug)]
pub enum Input {
    /// From the notification task: what the server did with our notifications.
    Note(Note),
    Request(Request, oneshot::Sender<Reply>),
    ConfigTouched,
    /// Another device's history file in the sync folder changed.
    FolderTouched,
    /// What reading the sync folder found: the other devices' sets today, and every
    /// device's sets by day, for the streak.
    Elsewhere(Option<super::elsewhere::Found>),
    Shutdown(&'static str),
    /// A click on an entry of the tray item's menu.
    Tray(super::tray::Entry),
    /// What the sources without a signal (microphone, camera, mako) said when read.
    Checked(Vec<crate::context::ContextReport>),
}

/// What the notification task reports. `seq` numbers the show commands, so a late report
/// about an older message is told from one about the current message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// Message `seq` is on screen as notification `id`.
    Shown { seq: u64, id: u32 },
    /// Message `seq` could not be shown.
    Failed { seq: u64, error: String },
    /// The user answered notification `id`.
    Answer { id: u32, response: Response },
    /// A notification server took the bus name (a first one, or a restarted one).
    ServerAppeared,
}

/// What came back from a notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    Action(ActionKey),
    /// A click on the notification body (the spec's "default" action key).
    Default,
    /// A click on the body of a reminder on a server that draws fewer buttons than there
    /// are answers (GNOME, [`super::texts::Buttons::Three`]): show every answer.
    AllAnswers,
    /// An action key soleus never offered.
    Other(String),
    /// The user closed it (the server says "dismissed by the user").
    Dismissed,
    /// The server closed it on its own (expired) or for another reason.
    Closed,
}

/// The actions a notification offers. The wire keys (`start`, `snooze`, `done`, `skip`)
/// are a contract: scripts and server rules (dunst's `action_name`) name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKey {
    Start,
    Snooze,
    Done,
    Skip,
}

impl ActionKey {
    pub const ALL: [Self; 4] = [Self::Start, Self::Snooze, Self::Done, Self::Skip];

    pub fn key(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Snooze => "snooze",
            Self::Done => "done",
            Self::Skip => "skip",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.key() == key)
    }

    /// The scheduler event this answer is.
    pub fn event(self) -> Event {
        match self {
            Self::Start => Event::Start,
            Self::Snooze => Event::Snooze(None),
            Self::Done => Event::Done,
            Self::Skip => Event::Skip,
        }
    }
}

impl Response {
    /// Reads an action key as a server sent it.
    pub fn action(key: &str) -> Self {
        if key == super::texts::DEFAULT_ACTION {
            return Self::Default;
        }
        ActionKey::from_key(key).map_or_else(|| Self::Other(key.to_owned()), Self::Action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_keys_round_trip_and_unknown_keys_stay_apart() {
        for a in ActionKey::ALL {
            assert_eq!(Response::action(a.key()), Response::Action(a));
        }
        assert_eq!(Response::action("default"), Response::Default);
        assert_eq!(Response::action("open"), Response::Other("open".into()));
        assert_eq!(ActionKey::Snooze.event(), Event::Snooze(None));
    }
}
