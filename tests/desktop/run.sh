#!/usr/bin/env bash
# Desktop end-to-end suite: the real soleus daemon with real dunst under Xvfb, on a
# private session bus. Proves that a reminder appears in dunst, that a click snoozes it,
# that it comes back, that "done" picked from dunst's context menu logs the set, and that
# `soleus status --json` agrees at each step. Saves a screenshot of the reminder.
#
#   bash tests/desktop/run.sh            (tests/setup.sh installs its packages when root)
#
# Prints "desktop: N passed, M failed" last; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/../.."

bash tests/setup.sh || exit 1

cargo build --locked --quiet || exit 1
soleus="$(realpath "${CARGO_TARGET_DIR:-target}")/debug/soleus"
artifacts="${SOLEUS_ARTIFACTS:-$PWD/target/desktop-artifacts}"
mkdir -p "$artifacts"
work=$(mktemp -d)
pids=()
cleanup() {
  # CONT first: a process stopped by a test does not act on TERM until it runs again.
  for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null; kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok - $what"; passed=$((passed + 1)); else echo "FAILED - $what"; failed=$((failed + 1)); fi
}
# wait_for, session_x, session_bus, session_dunst, state_is, state_has, no_panics,
# displayed, action_listeners, new_listener.
source tests/desktop/session.sh
finish() {
  echo "desktop: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

# 1. Xvfb on a free display. 2. A private session bus with no service activation.
session_x || { failed=1; finish; }
session_bus || { failed=1; finish; }

# 3. dunst: notifications stay until answered; `dunstctl action 0` on a soleus
#    notification invokes "snooze" as a click would; the context menu goes through
#    a dmenu stand-in that picks the line offering "Done".
cat > "$work/pick.sh" <<'PICK'
#!/bin/sh
tee "$(dirname "$0")/menu.txt" | grep -m1 'Done'
PICK
chmod +x "$work/pick.sh"
cat > "$work/dunstrc" <<RC
[global]
    font = DejaVu Sans 10
    width = 500
    height = 300
    origin = top-right
    offset = 20x20
    history_length = 50
    dmenu = $work/pick.sh
    mouse_left_click = do_action, close_current
[urgency_low]
    timeout = 0
[urgency_normal]
    timeout = 0
[urgency_critical]
    timeout = 0
[soleus_snooze]
    appname = soleus
    action_name = snooze
RC
session_dunst "$work/dunstrc" || { failed=1; finish; }
dunst_pid=${pids[-1]}

# 4. soleus with second-scale timings, in sandboxed XDG folders.
export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$XDG_CONFIG_HOME/soleus" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# The icon where the .deb puts it, in the private data folder.
mkdir -p "$XDG_DATA_HOME/icons/hicolor/scalable/apps"
cp packaging/soleus.svg "$XDG_DATA_HOME/icons/hicolor/scalable/apps/"
cat > "$XDG_CONFIG_HOME/soleus/config.toml" <<TOML
[schedule]
active_hours = "00:00-24:00"
active_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
sit_before_reminder = "2s"
break_after_idle = "1s"
[snooze]
duration = "3s"
TOML
# Someone at the keyboard: the daemon reads idle time from this X server (auto picks x11),
# and reminders only come to a person who is there.
( while sleep 0.3; do xdotool mousemove_relative -- 1 0 >/dev/null 2>&1; done ) &
pids+=($!)
RUST_LOG=info "$soleus" daemon >"$work/daemon.out" 2>"$work/daemon.log" &
pids+=($!)
wait_for 10 grep -q "soleus daemon ready" "$work/daemon.out" || { echo "daemon did not start"; cat "$work/daemon.log"; failed=1; finish; }

history_has() { grep -q "$1" "$XDG_DATA_HOME/soleus/history.jsonl" 2>/dev/null; }

# doctor sees this desktop as the daemon does.
"$soleus" doctor >"$work/doctor.txt" 2>&1
check "doctor finds dunst and its actions" grep -q "^OK   notifications: dunst .*: actions yes, " "$work/doctor.txt"
check "doctor chose x11 for idle" grep -q "^OK   idle source: x11 " "$work/doctor.txt"
check "doctor sees the running daemon" grep -q "^OK   daemon: running" "$work/doctor.txt"
check "status says x11" wait_for 5 state_has '"idle_source": "x11"'

# The reminder appears in dunst, and status agrees.
check "a reminder appears in dunst" wait_for 15 displayed 1
check "status says reminding" state_is reminding
# Once dunst's window is on screen, keep a screenshot as an artefact.
xdotool search --sync --onlyvisible --class Dunst >/dev/null
if import -window root "$artifacts/reminder.png" 2>/dev/null; then
  echo "screenshot: $artifacts/reminder.png"
  check "the screenshot was saved" test -s "$artifacts/reminder.png"
else
  check "the screenshot was saved" false
fi

# A click (dunst's do_action with the snooze rule) snoozes it.
check "soleus listens for the click" wait_for 10 new_listener ""
first_listener=$(action_listeners | head -n1)
dunstctl action 0
check "the click closes the reminder" wait_for 10 displayed 0
check "status says snoozed" wait_for 5 state_is snoozed
check "history records the snooze" wait_for 5 history_has '"event":"snoozed"'

# It comes back after the snooze.
check "the reminder comes back after the snooze" wait_for 15 displayed 1
check "status says reminding again" state_is reminding

# "done" from dunst's context menu logs the set.
check "soleus listens on the new notification" wait_for 10 new_listener "$first_listener"
dunstctl context
check "the context menu offered Done" wait_for 5 grep -qs Done "$work/menu.txt"
check "done closes the reminder" wait_for 10 displayed 0
check "history records the set" wait_for 5 history_has '"type":"set"'
check "status counts the set" wait_for 5 state_has '"sets_today": 1'

# A hung notification server (SIGSTOP) does not stall the daemon: with a call to dunst
# pending, status and log answer at once; the daemon catches up when dunst resumes.
# Round trips are whole `soleus` runs (process start included), in milliseconds; the
# figures go to $artifacts/hung-server.txt (README, "A hung notification server").
ms() { echo $(( $(date +%s%N) / 1000000 )); }
"$soleus" start >/dev/null
check "a guided set shows its progress" wait_for 10 displayed 1
kill -STOP "$dunst_pid"
"$soleus" skip >/dev/null # its CloseNotification now waits on the stopped dunst
times=()
for _ in $(seq 20); do
  t0=$(ms); "$soleus" status --json >/dev/null; rc=$?; t1=$(ms)
  [ "$rc" -eq 0 ] || times+=(99999)
  times+=($((t1 - t0)))
done
t0=$(ms); "$soleus" log 12 >/dev/null; log_rc=$?; t1=$(ms); log_ms=$((t1 - t0))
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(echo "$sorted" | sed -n 10p); max=$(echo "$sorted" | tail -n1)
echo "hung server: status round trip median ${median} ms, max ${max} ms (20 runs); log ${log_ms} ms" | tee "$artifacts/hung-server.txt"
# A blocked loop would wait out the 5 s D-Bus timeout; a second is far from both.
check "status answers while the server is stopped" test "$max" -lt 1000
check "log answers while the server is stopped" test "$log_rc" -eq 0 -a "$log_ms" -lt 1000
kill -CONT "$dunst_pid"
check "the daemon catches up when the server resumes" wait_for 15 displayed 0
check "status counts the logged set" wait_for 5 state_has '"sets_today": 2'

# A notification server that crashes and is started again gets the open notification back.
"$soleus" start >/dev/null
check "a new guided set shows its progress" wait_for 10 displayed 1
kill "$dunst_pid"; wait "$dunst_pid" 2>/dev/null
session_dunst "$work/dunstrc" || { failed=1; finish; }
dunst_pid=${pids[-1]}
check "the restarted dunst shows the progress again" wait_for 15 displayed 1
check "status still says in set" state_is in_set

check "soleus never panicked" no_panics "$work/daemon.log"

if [ "$failed" -ne 0 ]; then
  echo "--- daemon log"; cat "$work/daemon.log"
  echo "--- dunst log"; cat "$work/dunst.log"
  echo "--- history"; cat "$XDG_DATA_HOME/soleus/history.jsonl" 2>/dev/null
  echo "--- doctor"; cat "$work/doctor.txt"
fi
finish
