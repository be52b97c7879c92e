#!/usr/bin/env bash
# Instruction counts (valgrind's callgrind) of the whole gilint binary: a stable measure
# where wall time on a shared machine drifts by ±30 %. Judge a performance change by these
# (before and after, same generated files), then confirm with bench/run.sh.
#
# Prints the instructions of a run on one report, and per report of each shape the
# generator writes in a long run: (a run over N reports of that shape − a run over the
# first 4) / (N − 4), on one thread (-j 1). (The second report of a run compiles the rule
# patterns the first did not need; from the third on, a report costs only itself. Runs of
# up to three reports build their patterns light (src/tiered/): four is the smallest run
# built as a long one is.)
#
#   bench/instructions.sh [N] [GILINT]      (default N = 40, GILINT = the release build)
set -euo pipefail
cd "$(dirname "$0")/.."
# Count checking, not the findings cache's answers (builds before the cache ignore this).
export GILINT_NO_CACHE=1
n=${1:-40}
[ "$n" -ge 5 ] || { echo "N must be at least 5" >&2; exit 2; }

if ! command -v valgrind >/dev/null; then
  echo "installing valgrind (Debian package) for callgrind"
  (apt-get update -qq && apt-get install -y -qq valgrind) >/dev/null
fi
cargo build --release --quiet --bin gilint --example generate_corpus
gilint=${2:-target/release/gilint}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The generator mixes its shapes; write enough reports to have N of each file kind.
target/release/examples/generate_corpus "$work/all" $((n * 12)) 7
for kind in txt md html docx; do
  mkdir -p "$work/$kind"
  copied=0
  for f in "$work/all"/*."$kind"; do
    [ -e "$f" ] && [ "$copied" -lt "$n" ] || break
    cp "$f" "$work/$kind/"
    copied=$((copied + 1))
  done
done

# Instructions of one run of gilint on the given paths, on one thread.
# (Exit code 1 means findings, which generated reports have.)
instructions() {
  { valgrind --tool=callgrind --callgrind-out-file=/dev/null \
    "$gilint" check --format concise -j 1 "$@" 2>&1 >/dev/null || true; } |
    awk '/Collected/ {print $4}'
}

txt_files=("$work/txt"/*)
one=$(instructions "${txt_files[0]}")
printf '%-28s %10.1f M instructions\n' "one text report, whole run" "$(awk -v x="$one" 'BEGIN {print x / 1e6}')"
# The same with the cache on after an earlier run (findings still cold: the report was
# not checked before), as in a pre-commit hook: a build whose built-in rules are not
# embedded reads the rule set that run kept.
GILINT_NO_CACHE='' GILINT_CACHE_DIR="$work/cache" "$gilint" check "${txt_files[1]}" >/dev/null 2>&1 || true
kept=$(GILINT_NO_CACHE='' GILINT_CACHE_DIR="$work/cache" instructions "${txt_files[0]}")
printf '%-28s %10.1f M instructions\n' "  cache on, findings cold" "$(awk -v x="$kept" 'BEGIN {print x / 1e6}')"
for kind in txt md html docx; do
  files=("$work/$kind"/*)
  count=${#files[@]}
  [ "$count" -ge 5 ] && [ -e "${files[0]}" ] || { echo "$kind: fewer than 5 reports generated" >&2; continue; }
  first=$(instructions "${files[@]:0:4}")
  all=$(instructions "$work/$kind")
  awk -v k="$kind" -v c="$count" -v a="$all" -v f="$first" 'BEGIN {
    printf "%-28s %10.2f M instructions (%d reports)\n", "per ." k " report", (a - f) / (c - 4) / 1e6, c }'
done
