#!/usr/bin/env bash
# The whole test suite: installs the system packages the tests use (tests/setup.sh), then
# every cargo test (unit, CLI, scheduler properties, the daemon on a private D-Bus with a
# notification server, presence against X11, Sway, logind, GNOME and KDE services), then
# the desktop end-to-end suite (real dunst under Xvfb), then the real-desktop suites (GNOME
# Shell, KDE Plasma and five light notification servers, with the release binary).
#   bash tests/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup.sh
cargo test --locked
bash tests/desktop/run.sh
bash tests/real-desktops/run.sh
