#!/usr/bin/env bash
# Times `soleus simulate` over a year of the built-in office week, whole process, release
# build. Prints min and median wall time of N runs (default 20).
#   bash bench/simulate-year.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
cargo build --release --locked --quiet
python3 - "$runs" <<'PY'
import statistics, subprocess, sys, time
runs = int(sys.argv[1])
for label, extra in [("json", ["--json"]), ("timeline", [])]:
    cmd = ["target/release/soleus", "simulate", "--days", "365", "--start", "2026-01-05", *extra]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        times.append((time.perf_counter() - start) * 1000)
    print(f"simulate_365_days_{label}: min={min(times):.1f}ms median={statistics.median(times):.1f}ms runs={runs}")
PY
