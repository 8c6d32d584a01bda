#!/usr/bin/env bash
# Runs every cargo-fuzz target for SECONDS (default 60) each, from the seeds committed in
# tests/fuzz/corpus/<target>/ (read only: what a run finds goes to a scratch folder).
# A crash, a failed check or a hang (an input over 10 s) stops it non-zero, with the input
# saved under fuzz/artifacts/<target>/ and libFuzzer's report printed.
#
# Works on the stable toolchain: `--sanitizer none` needs no nightly flag. soleus forbids
# unsafe code, so AddressSanitizer (nightly, the cargo-fuzz default) would only watch its
# dependencies; what these runs look for is a panic, a failed check or a hang.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cargo fuzz build --sanitizer none
for target in config ipc trace history; do
    mkdir -p "$scratch/$target"
    log="$scratch/$target.log"
    if ! cargo fuzz run --sanitizer none "$target" "$scratch/$target" "tests/fuzz/corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
        tail -n 60 "$log"
        echo "fuzz target $target failed: the input is under fuzz/artifacts/$target/"
        exit 1
    fi
    echo "$target: $(grep -E '^Done ' "$log") ($(grep -E '^stat::average_exec_per_sec' "$log" | tr -s ' ' | cut -d' ' -f2) exec/s)"
done
