#!/usr/bin/env bash
# A soak: the release daemon in a headless desktop (Xvfb, a private session bus, dunst as
# the notification server, as tests/desktop/session.sh sets up), with second-scale timings,
# every notification answered "Done" through dunst's context menu as a person would, for
# MINUTES minutes. RSS and open fds of the daemon are sampled every 10 s into
# $out/soak.csv; the summary says whether they stayed flat.
#
#   bash bench/soak.sh [MINUTES] [--binary PATH]      (default 10 minutes, release build)
#
# A day has at most sets_per_day (6 at most) reminders, so once they are used up the soak
# asks for a guided set (`soleus start`) whenever nothing is on screen, and answers its
# notification "Done early" the same way: the same notification, action and history paths.
# Exits 1 when the daemon died, fewer than 3 notifications a minute were answered, or RSS
# or fds grew past the noise.
set -uo pipefail
cd "$(dirname "$0")/.."

minutes=10 binary=""
while [ $# -gt 0 ]; do
  case $1 in
    --binary) binary=${2:?}; shift 2 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) minutes=$1; shift ;;
  esac
done
if [ -z "$binary" ]; then
  cargo build --release --locked --quiet || exit 2
  binary="$(realpath "${CARGO_TARGET_DIR:-target}")/release/soleus"
fi
soleus=$binary
out="${SOLEUS_ARTIFACTS:-$PWD/target/soak}"
mkdir -p "$out"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
# wait_for, session_x, session_bus, session_dunst, displayed, action_listeners, new_listener.
source tests/desktop/session.sh

session_x || exit 2
session_bus || exit 2
cat > "$work/pick.sh" <<'PICK'
#!/bin/sh
grep -m1 'Done'
PICK
chmod +x "$work/pick.sh"
cat > "$work/dunstrc" <<RC
[global]
    font = DejaVu Sans 10
    history_length = 20
    dmenu = $work/pick.sh
RC
# dunst's default timeouts: one-off messages (the day's goal met) go away by themselves,
# while reminders and guided sets stay, as soleus asks for them to.
session_dunst "$work/dunstrc" || exit 2

export XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_STATE_HOME="$work/state" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$XDG_CONFIG_HOME/soleus" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
cat > "$XDG_CONFIG_HOME/soleus/config.toml" <<TOML
[schedule]
sets_per_day = 6
active_hours = "00:00-24:00"
active_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
sit_before_reminder = "2s"
min_gap = "2s"
break_after_idle = "5s"
TOML
# Someone at the keyboard, so reminders come.
( while sleep 0.3; do xdotool mousemove_relative -- 1 0 >/dev/null 2>&1; done ) &
pids+=($!)
"$soleus" daemon >"$work/daemon.out" 2>"$work/daemon.log" &
daemon=$!
pids+=($daemon)
wait_for 10 grep -q "soleus daemon ready" "$work/daemon.out" || { echo "soak: the daemon did not start"; cat "$work/daemon.log"; exit 2; }

sample() { # elapsed_s,rss_kib,fds
  local rss fds
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$daemon/status" 2>/dev/null) || return 1
  fds=$(find "/proc/$daemon/fd" -mindepth 1 2>/dev/null | wc -l)
  echo "$1,$rss,$fds"
}

echo "elapsed_s,rss_kib,fds" > "$out/soak.csv"
answered=0 started=0 last_listener="" next_sample=0
end=$((SECONDS + minutes * 60))
begin=$SECONDS
while [ $SECONDS -lt $end ]; do
  if [ $SECONDS -ge $next_sample ]; then
    sample $((SECONDS - begin)) >> "$out/soak.csv" || { echo "soak: the daemon died"; cat "$work/daemon.log"; exit 1; }
    next_sample=$((SECONDS + 10))
  fi
  if wait_for 4 displayed 1; then
    # A fresh listener is the sign soleus listens on this notification; a notification
    # that keeps its listener (a guided set's) is answered after a short wait all the same,
    # and one answered too early stays on screen to be answered again.
    wait_for 2 new_listener "$last_listener"
    last_listener=$(action_listeners | head -n1)
    dunstctl context
    wait_for 10 displayed 0 && answered=$((answered + 1))
  else
    # The day's reminders are used up: a guided set keeps notifications coming.
    "$soleus" start >/dev/null && started=$((started + 1))
  fi
done
sample $((SECONDS - begin)) >> "$out/soak.csv" || { echo "soak: the daemon died"; exit 1; }
sets=$(grep -c '"type":"set"' "$XDG_DATA_HOME/soleus/history.jsonl" 2>/dev/null || echo 0)
# Flat: the last sample within 10% (RSS) and 2 (fds) of the sample after the first
# minute, once start-up allocations have settled.
summary=$(awk -F, -v minutes="$minutes" -v answered="$answered" -v started="$started" -v sets="$sets" '
  NR == 1 { next }
  { n++; if ($1 >= 60 && !base_rss) { base_rss = $2; base_fds = $3 }
    if ($2 > max_rss) max_rss = $2; if ($3 > max_fds) max_fds = $3; last_rss = $2; last_fds = $3 }
  END {
    if (!base_rss) { base_rss = last_rss; base_fds = last_fds }
    flat = (last_rss <= base_rss * 1.1 && last_fds <= base_fds + 2) ? "flat" : "GREW"
    printf "soak %d min: %d notifications answered Done (%d guided sets asked for), %d sets in history; RSS %d KiB at 1 min, %d KiB at the end, %d KiB max; fds %d at 1 min, %d at the end, %d max; %d samples: %s\n",
      minutes, answered, started, sets, base_rss, last_rss, max_rss, base_fds, last_fds, max_fds, n, flat
  }' "$out/soak.csv")
echo "$summary" | tee "$out/soak.txt"
# A notification answered every 20 s at least, or the soak did not soak.
[ "$answered" -ge $((minutes * 3)) ] && [ "$sets" -gt 0 ] && echo "$summary" | grep -q ": flat$"
