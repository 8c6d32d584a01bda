//! KDE Plasma's do-not-disturb: the `Inhibited` property Plasma's notification server adds
//! to `org.freedesktop.Notifications` (true while DND is on, whether set by hand, by a
//! schedule or by an app's `Inhibit` call), announced with `PropertiesChanged`.

use super::flag::Flag;

pub const INHIBITED: Flag = Flag {
    source: "kde",
    interface: "org.freedesktop.Notifications",
    property: "Inhibited",
};
