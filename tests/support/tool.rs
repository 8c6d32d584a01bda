//! The desktop tools tests drive (xdotool, wmctrl, swaymsg...), run to completion.

use std::process::Command;

/// Runs `command` (the tool `tool`, installed by tests/setup.sh) with `args`; it must succeed.
pub fn succeed(mut command: Command, tool: &str, args: &[&str]) {
    let ok = command
        .args(args)
        .status()
        .unwrap_or_else(|e| panic!("{tool} runs (tests/setup.sh installs it): {e}"))
        .success();
    assert!(ok, "{tool} {args:?}");
}
