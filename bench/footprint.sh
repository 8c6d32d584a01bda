#!/usr/bin/env bash
# What soleus costs at rest, measured: starts a headless desktop (Xvfb, a private session
# bus, dunst as the notification server), runs the release daemon with its built-in
# defaults in fresh XDG folders, lets it settle, then measures over a window from /proc
# (bench/footprint.py says how). Prints one key=value line per program and a verdict
# against the budget; exits 1 when soleus is over it, 2 when the measurement failed.
#
#   bash bench/footprint.sh [options] [-- COMMAND [ARGS...]]...
#
# Every COMMAND after `--` (several are separated by further `--`) runs in the same
# desktop, side by side, measured over the same window, so soleus can be compared with the
# reminder you use today:
#   bash bench/footprint.sh -- workrave -- safeeyes
#
# Options:
#   --window SECONDS   length of the measured window (default 60)
#   --settle SECONDS   wait after start before the window opens (default 5)
#   --margin FACTOR    allow FACTOR x the budget's rates and times (CPU, context switches,
#                      status, ready) before failing (default 1)
#   --memory-margin FACTOR   the same for the memory lines (default 1). CI runs
#                      --margin 3 --memory-margin 1.05: noise passes, a fast tick or a
#                      daemon grown by 0.4 MiB at rest does not
#   --desktop x11|sway x11: soleus polls the X server's idle time (default).
#                      sway: a headless Sway (as nobody when run as root) gives the
#                      event-driven Wayland idle protocol; notifications still go to dunst
#   --floor            also run bench/floor.rs: a tokio program that only sleeps on a
#                      60 s interval, the floor of what a sleeping process costs
#   --history YEARS    start soleus with a generated history of YEARS years (the
#                      history-gen example), to see what a long history costs at start
#   --devices N        with --history: the history in a sync folder ([history]
#                      sync_folder) of N devices, each with YEARS years of its own (this
#                      machine is one of them): what other devices' files cost the daemon
#   --binary PATH      measure this soleus binary instead of building the release one
#   --smaps FILE       copy the daemon's /proc/PID/smaps to FILE at the end of the window
#                      (bench/smaps.py sums it by kind: code, heap, stacks, ...)
#   --system-bus       give the session a system bus (a private dbus-daemon, no logind on
#                      it) instead of none, so the connections made to it are counted
#
# Needs xvfb and dunst (and sway for --desktop sway): `bash tests/setup.sh` installs them
# when run as root. Peers are your own to install, e.g. `apt-get install workrave`.
set -uo pipefail
cd "$(dirname "$0")/.."

window=60 settle=5 margin=1 memory_margin=1 desktop=x11 floor=0 binary="" history=0 smaps="" devices=0
system_bus=0
peers=()
die() { echo "footprint: $*" >&2; exit 2; }
# Single-quotes a word so that footprint.py's shlex.split reads it back unchanged.
quote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
while [ $# -gt 0 ]; do
  case $1 in
    --window) window=${2:?}; shift 2 ;;
    --settle) settle=${2:?}; shift 2 ;;
    --margin) margin=${2:?}; shift 2 ;;
    --memory-margin) memory_margin=${2:?}; shift 2 ;;
    --desktop) desktop=${2:?}; shift 2 ;;
    --floor) floor=1; shift ;;
    --binary) binary=${2:?}; shift 2 ;;
    --history) history=${2:?}; shift 2 ;;
    --smaps) smaps=$(realpath -m "${2:?}"); shift 2 ;;
    --devices) devices=${2:?}; shift 2 ;;
    --system-bus) system_bus=1; shift ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    --) shift
        [ $# -gt 0 ] && [ "$1" != "--" ] || die "an empty command after --"
        command -v "$1" >/dev/null || die "$1 is not installed (e.g. apt-get install $1)"
        cmd=()
        while [ $# -gt 0 ] && [ "$1" != "--" ]; do cmd+=("$(quote "$1")"); shift; done
        peers+=("${cmd[*]}") ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
case $desktop in x11|sway) ;; *) die "--desktop is x11 or sway, not $desktop" ;; esac
for tool in Xvfb dunst dbus-daemon; do
  command -v $tool >/dev/null || { bash tests/setup.sh || exit 2; break; }
done

if [ -z "$binary" ]; then
  cargo build --release --locked --quiet || exit 2
  binary=$(realpath "${CARGO_TARGET_DIR:-target}")/release/soleus
fi
[ -x "$binary" ] || die "$binary is not an executable"
if [ "$history" != 0 ]; then
  cargo build --release --locked --quiet --example history-gen || exit 2
fi
if [ $floor -eq 1 ]; then
  cargo build --release --locked --quiet --example floor || exit 2
  peers+=("$(quote "$(realpath "${CARGO_TARGET_DIR:-target}")/release/examples/floor")")
fi

work=$(mktemp -d)
pids=()
extra_dirs=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work" "${extra_dirs[@]}"
}
trap cleanup EXIT
# wait_for, session_x, session_bus, session_dunst.
source tests/desktop/session.sh

# A fresh home: nobody's real config, history or autostart is read or touched.
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# GTK peers keep their settings in memory instead of asking for a dconf service that this
# bare session does not have; Safe Eyes 2.1 expects its config folder to exist.
export GSETTINGS_BACKEND=memory
mkdir -p "$XDG_CONFIG_HOME/safeeyes/style"
unset WAYLAND_DISPLAY XDG_CURRENT_DESKTOP XDG_SESSION_TYPE XDG_SESSION_ID DESKTOP_SESSION
# No system bus: logind is not there, as in a container; the daemon then checks its clocks
# once a minute, which the figures include. With --system-bus, a bus without logind.
export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/no-system-bus"
if [ $system_bus -eq 1 ]; then
  dbus-daemon --session --nofork --print-address=1 --address="unix:path=$work/system-bus" \
    >"$work/system-bus.address" 2>/dev/null &
  pids+=($!)
  # The printed address is the bus's readiness signal.
  wait_for 10 test -s "$work/system-bus.address" || die "the private system bus did not start"
  export DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/system-bus"
fi

gen="$(realpath "${CARGO_TARGET_DIR:-target}")/release/examples/history-gen"
if [ "$devices" != 0 ]; then
  [ "$history" != 0 ] || die "--devices needs --history YEARS"
  # Device 1 is this machine: its id is the one kept in the local data folder.
  mkdir -p "$XDG_DATA_HOME/soleus" "$XDG_CONFIG_HOME/soleus" "$work/Sync"
  printf '[history]\nsync_folder = "%s"\n' "$work/Sync" >"$XDG_CONFIG_HOME/soleus/config.toml"
  for i in $(seq 1 "$devices"); do
    id=$(printf '%016x' "$i")
    [ "$i" = 1 ] && printf '%s\n' "$id" >"$XDG_DATA_HOME/soleus/device-id"
    "$gen" "$work/Sync/bench$i-$id.jsonl" "$history" "$id" || exit 2
  done
elif [ "$history" != 0 ]; then
  mkdir -p "$XDG_DATA_HOME/soleus"
  "$gen" "$XDG_DATA_HOME/soleus/history.jsonl" "$history" || exit 2
fi

session_x || exit 2
session_bus || exit 2
printf '[global]\n    font = DejaVu Sans 10\n' > "$work/dunstrc"
session_dunst "$work/dunstrc" || exit 2

soleus_env=()
if [ "$desktop" = sway ]; then
  command -v sway >/dev/null || die "sway is not installed (bash tests/setup.sh)"
  # Its own folder outside $work, which nobody (below) could not enter.
  sway_dir=$(mktemp -d)
  extra_dirs+=("$sway_dir")
  echo "output HEADLESS-1 resolution 640x480" > "$sway_dir/config"
  as_user=()
  if [ "$(id -u)" -eq 0 ]; then # Sway refuses to run as root.
    chown 65534:65534 "$sway_dir"
    as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
  fi
  env -u DISPLAY XDG_RUNTIME_DIR="$sway_dir" HOME="$sway_dir" WLR_BACKENDS=headless \
    WLR_LIBINPUT_NO_DEVICES=1 WLR_RENDERER=pixman \
    "${as_user[@]}" sway --config "$sway_dir/config" >"$work/sway.log" 2>&1 &
  pids+=($!)
  wait_for 10 test -S "$sway_dir/wayland-1" || die "sway did not start: $(cat "$work/sway.log")"
  soleus_env=(--soleus-env DISPLAY= --soleus-env "WAYLAND_DISPLAY=$sway_dir/wayland-1"
    --soleus-env XDG_CURRENT_DESKTOP=sway)
fi

mkdir -p "$work/logs"
FOOTPRINT_PEERS=$(printf '%s\n' "${peers[@]}")
export FOOTPRINT_PEERS
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(. /etc/os-release; echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "soleus: $binary ($(stat -c %s "$binary") bytes), desktop $desktop, window ${window}s after ${settle}s"
python3 bench/footprint.py --soleus "$binary" --window "$window" --settle "$settle" \
  --margin "$margin" --memory-margin "$memory_margin" --logs "$work/logs" "${soleus_env[@]}" \
  ${smaps:+--smaps "$smaps"}
status=$?
if [ $status -ne 0 ]; then
  for log in "$work"/logs/*.log; do echo "--- $log"; tail -n 20 "$log"; done
fi
exit $status
