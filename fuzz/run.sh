#!/usr/bin/env bash
# Runs every fuzz target for a while (not part of CI). Needs cargo-fuzz
# (`cargo install cargo-fuzz`). The toolchain here is stable, so sanitizers are off
# (`-s none`) and RUSTC_BOOTSTRAP lets cargo-fuzz pass its coverage flags; Rust's own
# checks (bounds, overflow with debug assertions, unwrap) still turn bugs into crashes.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [JOBS] [TARGET...]
#
# Crashes land in fuzz/artifacts/<target>/; copy them to tests/fixtures/fuzz/<target>/ as
# regression tests once fixed. Exec counts go to fuzz/last-run.txt.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-600}
jobs=${2:-1}
shift $(( $# > 2 ? 2 : $# ))
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(decode sections tables pipeline rule_file config documents cache_entry rule_snapshot)
export RUSTC_BOOTSTRAP=1
cargo fuzz build -s none -O --debug-assertions
touch last-run.txt
run_one() {
  local t=$1
  # New inputs go to work/<target> (not committed); corpus/<target> holds the seeds.
  mkdir -p "corpus/$t" "work/$t" "artifacts/$t"
  local log="artifacts/$t/run.log"
  if cargo fuzz run -s none -O --debug-assertions "$t" "work/$t" "corpus/$t" -- \
      -max_total_time="$seconds" -max_len=262144 -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1; then
    status=ok
  else
    status=CRASH
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  echo "$t: $status, ${execs:-?} execs (limit ${seconds}s)" | tee -a last-run.txt
}
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait
