#!/usr/bin/env bash
# Does `soleus status` slow down with 50 followers (`status --follow` connections) that
# never read, behind by 300 changes (more than their sockets hold)? Times the status
# request, release build, N runs each (default 50), before and after:
#   - the control socket's round trip (connect, `{"cmd":"status"}`, the reply line);
#   - the whole `soleus status --json` process.
# The daemon runs with built-in defaults in a temporary folder, on no bus.
#
#   bash bench/followers.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
cargo build --release --locked --quiet
soleus=$(realpath "${CARGO_TARGET_DIR:-target}")/release/soleus
work=$(mktemp -d)
export TZ=Europe/Berlin XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export XDG_STATE_HOME="$work/state" XDG_RUNTIME_DIR="$work/run"
export DBUS_SESSION_BUS_ADDRESS="unix:path=$work/no-bus" DBUS_SYSTEM_BUS_ADDRESS="unix:path=$work/no-bus"
unset DISPLAY WAYLAND_DISPLAY
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
coproc daemon { exec "$soleus" daemon 2>"$work/daemon.log"; }
daemon_pid=$daemon_PID
trap 'kill "$daemon_pid" 2>/dev/null; wait "$daemon_pid" 2>/dev/null; rm -rf "$work"' EXIT
read -r ready <&"${daemon[0]}"
case $ready in "soleus daemon ready"*) ;; *) echo "daemon did not start: $ready" >&2; exit 1 ;; esac
python3 - "$runs" "$soleus" "$XDG_RUNTIME_DIR/soleus/soleus.sock" <<'PY'
import socket, statistics, subprocess, sys, time
runs, soleus, path = int(sys.argv[1]), sys.argv[2], sys.argv[3]

def ask(request):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.sendall(request.encode() + b"\n")
    reply = s.makefile().readline()
    s.close()
    assert '"ok":true' in reply, reply
    return reply

def timed(label):
    trips, whole = [], []
    for _ in range(runs + 2):  # the first two warm up and are not counted
        start = time.perf_counter()
        ask('{"cmd":"status"}')
        trips.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        subprocess.run([soleus, "status", "--json"], stdout=subprocess.DEVNULL, check=True)
        whole.append((time.perf_counter() - start) * 1000)
    for name, times in (("socket round trip", trips[2:]), ("soleus status --json", whole[2:])):
        print(f"{label}: {name}: median={statistics.median(times):.2f}ms "
              f"max={max(times):.2f}ms runs={runs}")

timed("no followers")
followers = []
for _ in range(50):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.sendall(b'{"cmd":"follow"}\n')
    followers.append(s)
for _ in range(150):
    ask('{"cmd":"pause","seconds":3600}')
    ask('{"cmd":"resume"}')
timed("50 followers 300 changes behind")
PY
