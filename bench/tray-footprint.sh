#!/usr/bin/env bash
# What the tray item costs with a host showing it: starts a private session bus, a headless
# Sway (as nobody when run as root) with waybar's tray module as the StatusNotifierItem
# host, then the soleus daemon BINARY with no idle source and `[tray] enabled` on or off,
# in fresh XDG folders. With `on` it waits until the host lists the item. 8 s later it
# prints the daemon's RSS, peak, PSS and heap, in KiB. The tray's cost is `on` minus `off`:
#
#   bash bench/tray-footprint.sh BINARY on|off
#
# Needs sway and waybar (`bash tests/setup.sh` installs them when run as root).
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] && [ -x "$1" ] && { [ "$2" = on ] || [ "$2" = off ]; } ||
  { echo "usage: bash bench/tray-footprint.sh BINARY on|off" >&2; exit 2; }
bin=$(realpath "$1") mode=$2
work=$(mktemp -d); pids=()
sway_dir=$(mktemp -d)
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work" "$sway_dir"; }
trap cleanup EXIT
# wait_for, session_bus.
source tests/desktop/session.sh
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/soleus" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset WAYLAND_DISPLAY DISPLAY XDG_CURRENT_DESKTOP XDG_SESSION_TYPE XDG_SESSION_ID DESKTOP_SESSION
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/no-system-bus"
session_bus || exit 2
printf '[activity]\nsource = "none"\n[tray]\nenabled = %s\n' "$([ "$mode" = on ] && echo true || echo false)" > "$XDG_CONFIG_HOME/soleus/config.toml"
echo "output HEADLESS-1 resolution 640x480" > "$sway_dir/config"; chown 65534:65534 "$sway_dir"
env XDG_RUNTIME_DIR="$sway_dir" HOME="$sway_dir" WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
  setpriv --reuid=65534 --regid=65534 --clear-groups sway --config "$sway_dir/config" >/dev/null 2>&1 &
pids+=($!)
wait_for 10 test -S "$sway_dir/wayland-1" || { echo "sway did not start" >&2; exit 2; }
mkdir -p "$work/waybar"
echo '{"layer":"top","position":"top","height":30,"modules-right":["tray"],"tray":{"icon-size":22}}' > "$work/waybar/config.json"
env DBUS_SESSION_BUS_ADDRESS="$DBUS_SESSION_BUS_ADDRESS" XDG_RUNTIME_DIR="$sway_dir" WAYLAND_DISPLAY="$sway_dir/wayland-1" XDG_CONFIG_HOME="$work/waybar" \
  waybar --config "$work/waybar/config.json" >/dev/null 2>"$work/waybar.log" &
pids+=($!)
watcher() { dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.kde.StatusNotifierWatcher 2>/dev/null | grep -q true; }
wait_for 15 watcher || { echo "waybar's tray did not start: $(cat "$work/waybar.log")" >&2; exit 2; }
"$bin" daemon > "$work/out.log" 2>&1 &
pid=$!; pids+=($pid)
if [ "$mode" = on ]; then
  items() { dbus-send --session --print-reply=literal --dest=org.kde.StatusNotifierWatcher /StatusNotifierWatcher org.freedesktop.DBus.Properties.Get string:org.kde.StatusNotifierWatcher string:RegisteredStatusNotifierItems 2>/dev/null | grep -q StatusNotifierItem; }
  wait_for 15 items || { echo "the item never registered: $(tail "$work/out.log")" >&2; exit 2; }
fi
sleep 8
kill -0 $pid 2>/dev/null || { echo "soleus exited: $(tail "$work/out.log")" >&2; exit 2; }
echo "$(basename $bin) tray=$mode rss_kib=$(awk '/VmRSS/{print $2}' /proc/$pid/status) hwm_kib=$(awk '/VmHWM/{print $2}' /proc/$pid/status) pss_kib=$(awk '/^Pss:/{print $2}' /proc/$pid/smaps_rollup) heap_kib=$(awk '/\[heap\]/{h=1} h&&/^Rss:/{print $2; exit}' /proc/$pid/smaps)"
