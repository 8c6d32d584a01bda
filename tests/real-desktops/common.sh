# Shared by the real-desktop suites (tests/real-desktops/*.sh), each run as its own process
# with its own folder: private session and system buses, private HOME and XDG folders,
# soleus with second-scale timings. Sets `work`, `pids`, `soleus`, `artifacts` and the
# check/finish helpers; sources tests/desktop/session.sh (wait_for, session_x, state_is,
# state_has, no_panics).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
suite=$(basename "$0" .sh)
soleus="${SOLEUS_BIN:-$PWD/target/release/soleus}"
artifacts="${SOLEUS_ARTIFACTS:-$PWD/target/desktop-artifacts}"
mkdir -p "$artifacts"
work=$(mktemp -d "/tmp/soleus-$suite.XXXXXX")
chmod 755 "$work"
pids=()
started=$SECONDS
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  # Services the bus activated (gjs, at-spi, dconf, kscreenlocker...) are not ours by pid
  # but carry this suite's private folder in their environment: end those, by pid.
  for env in /proc/[0-9]*/environ; do
    grep -qs "$work" "$env" 2>/dev/null || continue
    pid=${env#/proc/}; pid=${pid%/environ}
    [ "$pid" != "$$" ] && kill "$pid" 2>/dev/null
  done
  wait 2>/dev/null
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
source tests/desktop/session.sh

passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok - $suite: $what"; passed=$((passed + 1)); else echo "FAILED - $suite: $what"; failed=$((failed + 1)); fi
}
# Ends the suite: the daemon log on failure, the count and the time it took.
finish() {
  [ -f "$work/daemon.log" ] && check "soleus never panicked" no_panics "$work/daemon.log"
  if [ "$failed" -ne 0 ]; then
    for f in "$work"/*.log; do echo "--- $f"; tail -n 40 "$f"; done
    echo "--- history"; cat "$XDG_DATA_HOME/soleus/history.jsonl" 2>/dev/null
  fi
  echo "$suite: $passed passed, $failed failed, $((SECONDS - started)) s"
  [ "$failed" -eq 0 ]
  exit $?
}
die() { echo "$suite: $*" >&2; failed=$((failed + 1)); finish; }

# cargo and rustup find their homes from HOME: keep the real ones.
export CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
  XDG_STATE_HOME="$work/state" XDG_CACHE_HOME="$work/cache" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_CONFIG_HOME/soleus" "$XDG_DATA_HOME" "$XDG_STATE_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset DISPLAY WAYLAND_DISPLAY XDG_CURRENT_DESKTOP XDG_SESSION_TYPE
# The icon as the .deb installs it, in the private data folder.
mkdir -p "$XDG_DATA_HOME/icons/hicolor/scalable/apps"
cp packaging/soleus.svg "$XDG_DATA_HOME/icons/hicolor/scalable/apps/soleus.svg"

# A private session bus that activates only the services named (their stock .service
# files), and an empty "system" bus: no logind, so desktops that ask it fail cleanly.
real_buses() {
  mkdir -p "$work/services"
  for s in "$@"; do cp "/usr/share/dbus-1/services/$s.service" "$work/services/"; done
  local type
  for type in session system; do
    cat >"$work/$type.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>$type</type><listen>unix:path=$work/$type-bus</listen><auth>EXTERNAL</auth>
<servicedir>$work/services</servicedir>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
CONF
    [ "$type" = system ] && sed -i "s|<servicedir>.*</servicedir>||" "$work/$type.conf"
    dbus-daemon --config-file="$work/$type.conf" --nofork --print-address=1 >"$work/$type.addr" 2>>"$work/dbus.log" &
    pids+=($!)
    wait_for 10 test -s "$work/$type.addr" || return 1
  done
  export DBUS_SESSION_BUS_ADDRESS=$(head -n1 "$work/session.addr")
  export DBUS_SYSTEM_BUS_ADDRESS=$(head -n1 "$work/system.addr")
}

has_name() {
  dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q true
}
# Asks the bus to start an activatable service (the notification servers of GNOME, MATE,
# Xfce are started this way on a real desktop).
activate() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.StartServiceByName "string:$1" uint32:0 >/dev/null 2>&1
}

# soleus's config: a reminder after `sit` of sitting, snoozes of `snooze`, away after
# `idle`/4 without input.
soleus_config() { # sit snooze break_after_idle
  cat >"$XDG_CONFIG_HOME/soleus/config.toml" <<TOML
[schedule]
active_hours = "00:00-24:00"
active_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
sit_before_reminder = "$1"
min_gap = "1s"
# Reminders as fast as min_gap allows: the suites answer several in a row.
spread = false
break_after_idle = "$3"
[snooze]
duration = "$2"
max_per_reminder = 3
TOML
}
start_soleus() {
  RUST_LOG=info "$soleus" daemon >"$work/daemon.out" 2>"$work/daemon.log" &
  pids+=($!)
  soleus_pid=$!
  wait_for 15 grep -q "soleus daemon ready" "$work/daemon.out"
}
# The history holds at least $2 (default 1) lines matching $1.
history_has() {
  local n
  n=$(grep -c "$1" "$XDG_DATA_HOME/soleus/history.jsonl" 2>/dev/null)
  [ "${n:-0}" -ge "${2:-1}" ]
}
# How many history lines match $1.
history_count() { local n; n=$(grep -c "$1" "$XDG_DATA_HOME/soleus/history.jsonl" 2>/dev/null); echo "${n:-0}"; }
shown_count() { history_count '"event":"shown"'; }
# soleus holds a due reminder for do-not-disturb alone.
held_by_dnd() { local s; s=$(soleus_status) || return 1; tr -d ' \n' <<<"$s" | grep -q '"state":"held".*"held_by":\["dnd"\]'; }
# The hold and its one catch-up, once the desktop's do-not-disturb is on (`dnd_on`, a
# command of the suite that turns it on and checks the desktop says so; `dnd_off` the
# same for off): soleus and its doctor see it (`doctor` names the source as $1), a reminder
# falling due is held and nothing shows while the user works on (`reminder_shown`, the
# suite's "our reminder is on screen", kept active meanwhile by `keep_active`), then off
# gives exactly one catch-up reminder on screen. Its screenshot is saved by `snap` as $2.
dnd_hold() {
  check "soleus sees it" wait_for 5 state_has '"dnd"'
  "$soleus" doctor >"$work/doctor-dnd.txt" 2>&1
  check "doctor names it, on now" grep -qF "do-not-disturb: $1, on now)" "$work/doctor-dnd.txt"
  local shown
  shown=$(shown_count)
  held() { held_by_dnd || { keep_active; return 1; }; }
  check "the reminder due is held by dnd" wait_for 20 held
  work_a_while
  check "and stays held while the user works: nothing shown" eval '[ "$(shown_count)" -eq "$shown" ] && held_by_dnd && ! reminder_shown'
  check "do-not-disturb turned off" dnd_off
  shows() { reminder_shown || { keep_active; return 1; }; }
  check "the catch-up reminder shows" wait_for 10 shows
  snap "$2"
  work_a_while
  check "exactly one catch-up reminder" eval '[ "$(shown_count)" -eq $((shown + 1)) ]'
}
# The user works on for 4 s: more than the suites' snooze and gap.
work_a_while() { local end=$((SECONDS + 4)); while [ $SECONDS -lt $end ]; do keep_active; sleep 0.2; done; }
