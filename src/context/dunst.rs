//! dunst's pause: `dunstctl set-paused true` (or a pause level above 0 in dunst 1.10+,
//! which sets the same property) holds notifications back. dunst announces each change of
//! `paused` on its `org.dunstproject.cmd0` interface with `PropertiesChanged` (checked
//! against dunst 1.9 in tests/context.rs).

use super::flag::Flag;

pub const PAUSED: Flag = Flag {
    source: "dunst",
    interface: "org.dunstproject.cmd0",
    property: "paused",
};
