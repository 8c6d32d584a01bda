#!/usr/bin/env bash
# The whole test suite: every cargo test (unit, CLI, scheduler properties, the daemon on a
# private D-Bus with a notification server), then the desktop end-to-end suite (real dunst
# under Xvfb; it installs its packages with apt-get when they are missing).
#   bash tests/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --locked
bash tests/desktop/run.sh
