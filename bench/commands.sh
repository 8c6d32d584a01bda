#!/usr/bin/env bash
# Times whole soleus commands, process start to exit, release build, N runs each
# (default 20), and prints min and median:
#   - `soleus simulate` of 365 days of the built-in office week (JSON and the timeline);
#   - `soleus log 60` and `soleus stats` against a ten-year history (made by the
#     history-gen example in a temporary folder; restored before every `log` run, outside
#     the timing, so each run appends to the same ten years).
# Time zone Europe/Berlin (DST changes inside every year), so local-time work is real.
#
#   bash bench/commands.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example history-gen
target=$(realpath "${CARGO_TARGET_DIR:-target}")/release
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TZ=Europe/Berlin XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data"
export XDG_STATE_HOME="$work/state" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$XDG_DATA_HOME/soleus" "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
"$target/examples/history-gen" "$work/ten-years.jsonl" 10
python3 - "$runs" "$target/soleus" "$work/ten-years.jsonl" "$XDG_DATA_HOME/soleus/history.jsonl" <<'PY'
import shutil, statistics, subprocess, sys, time
runs, soleus, ten_years, history = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
restore = lambda: shutil.copyfile(ten_years, history)
cases = [
    ("simulate_365_days_json", ["simulate", "--days", "365", "--start", "2026-01-05", "--json"], None),
    ("simulate_365_days_timeline", ["simulate", "--days", "365", "--start", "2026-01-05"], None),
    ("log_with_ten_years", ["log", "60"], restore),
    ("stats_with_ten_years", ["stats"], restore),
]
for label, args, prepare in cases:
    times = []
    for _ in range(runs + 2):  # the first two warm the page cache and are not counted
        if prepare:
            prepare()
        start = time.perf_counter()
        subprocess.run([soleus, *args], stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    times = times[2:]
    print(f"{label}: min={min(times):.1f}ms median={statistics.median(times):.1f}ms runs={runs}")
PY
