#!/usr/bin/env bash
# The real-desktop suites: soleus's release binary against real GNOME Shell, real KDE
# Plasma and the light notification servers, each suite on its own private buses and
# folders. Installs their packages first (setup.sh). Screenshots go to
# target/desktop-artifacts/. Prints one line per suite with its time; fails if any fails.
#   bash tests/real-desktops/run.sh [SUITE...]
# Suites: gnome, kde, and the light servers xfce, mate, notification-daemon, lxqt, mako.
set -uo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
bash tests/real-desktops/setup.sh || exit 1
echo "packages: $((SECONDS - start)) s"
if [ -z "${SOLEUS_BIN:-}" ]; then
  cargo build --locked --release --quiet || exit 1
fi
cargo build --locked --quiet --example kwin-hand || exit 1
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(gnome kde xfce mate notification-daemon lxqt mako)
failed=()
for s in "${suites[@]}"; do
  case $s in
    gnome|kde) bash "tests/real-desktops/$s.sh" || failed+=("$s") ;;
    *) bash tests/real-desktops/light.sh "$s" || failed+=("$s") ;;
  esac
done
echo "real desktops: ${#suites[@]} suites, $((SECONDS - start)) s in all${failed:+; failed: ${failed[*]}}"
[ ${#failed[@]} -eq 0 ]
