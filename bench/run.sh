#!/usr/bin/env bash
# Times the whole gilint binary over generated corpora of 1, 100 and 10,000 reports, next
# to ripgrep scanning the same files for the six section titles (the cost of merely
# reading the bytes), and reports reports/s, MB/s, the ratio to rg and peak RSS of a
# cold check (--no-cache: nothing kept from earlier runs), the time and ratio of a warm
# re-run answered from the findings cache, and one new report checked by a gilint whose
# rule set an earlier run kept (a pre-commit hook's case).
#
#   bench/run.sh [SIZES...]        (default: 1 100 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 100 10000)

if ! command -v rg >/dev/null; then
  echo "installing ripgrep (Debian package) for the baseline"
  (apt-get update -qq && apt-get install -y -qq ripgrep) >/dev/null
fi
cargo build --release --quiet --bin gilint --example generate_corpus
gilint=target/release/gilint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Every figure below is a cold check (--no-cache) unless it says "warm": a run answered
# from the findings cache a previous run over the same files left (kept here, not in the
# user's cache).
export GILINT_CACHE_DIR="$work/cache"

# Microseconds since the epoch, without forking `date` (which would add ~1 ms per run).
now_us() { local t=$EPOCHREALTIME; echo $(( 10#${t/./} )); }
# Median wall time in ms (one decimal) of a command run R times.
median_ms() {
  local runs=$1; shift
  local times=()
  for _ in $(seq "$runs"); do
    local t0; t0=$(now_us)
    "$@" >/dev/null 2>&1 || true
    times+=($(( $(now_us) - t0 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] / 1000}'
}
# The baseline: ripgrep counting the six section titles.
titles=(-e '一、总体情况' -e '二、主动公开政府信息情况' -e '三、收到和处理政府信息公开申请情况'
  -e '四、政府信息公开行政复议、行政诉讼情况' -e '五、存在的主要问题及改进情况' -e '六、其他需要报告的事项')
peak_rss_kb() { { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null || true; } | tail -1; }

printf '%-8s %10s %10s %12s %10s %8s %10s %9s %10s\n' reports gilint_ms rg_ms reports/s MB/s ratio rss_MiB warm_ms warm_ratio
for n in "${sizes[@]}"; do
  dir="$work/corpus-$n"
  target/release/examples/generate_corpus "$dir" "$n" 7
  # Timed after the new files are on disk: writeback of 10,000 files behind the timings
  # slowed every run that writes (the findings cache) or starts a process.
  sync
  bytes=$(du -sb "$dir" | cut -f1)
  runs=$(( n <= 100 ? 21 : 3 ))
  target=$dir
  [ "$n" -eq 1 ] && target=$(ls "$dir"/* | head -1)
  g=$(median_ms "$runs" "$gilint" check --no-cache --format concise "$target")
  r=$(median_ms "$runs" rg -c "${titles[@]}" "$target")
  rss=$(peak_rss_kb "$gilint" check --no-cache --format concise "$target")
  "$gilint" check --format concise "$target" >/dev/null 2>&1 || true
  w=$(median_ms "$runs" "$gilint" check --format concise "$target")
  if [ "$n" -eq 1 ]; then one_g=$g one_r=$r; fi
  last_g=$g last_r=$r last_rss=$rss
  awk -v n="$n" -v g="$g" -v r="$r" -v b="$bytes" -v rss="$rss" -v w="$w" 'BEGIN {
    gs = (g > 0 ? g : 1) / 1000; rs = (r > 0 ? r : 1)
    printf "%-8d %10.1f %10.1f %12.0f %10.1f %8.2f %10.1f %9.1f %10.2f\n", n, g, r, n / gs, b / 1048576 / gs, g / rs, rss / 1024, w, w / rs }'
done

# A pre-commit hook's case: one report never checked before (so no findings in the
# cache), by a gilint that has run before (so its rule set is kept): each run a new file
# of every shape, timed once so and once with --no-cache (nothing kept).
target/release/examples/generate_corpus "$work/new-reports" 21 13
sync
new_times=() nocache_times=()
for f in "$work/new-reports"/*; do
  t0=$(now_us)
  "$gilint" check --no-cache --format concise "$f" >/dev/null 2>&1 || true
  nocache_times+=($(( $(now_us) - t0 )))
  t0=$(now_us)
  "$gilint" check --format concise "$f" >/dev/null 2>&1 || true
  new_times+=($(( $(now_us) - t0 )))
done
median_of() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] / 1000}'; }
rg_times=()
for f in "$work/new-reports"/*; do
  t0=$(now_us)
  rg -c "${titles[@]}" "$f" >/dev/null 2>&1 || true
  rg_times+=($(( $(now_us) - t0 )))
done
awk -v g="$(median_of "${new_times[@]}")" -v c="$(median_of "${nocache_times[@]}")" \
  -v r="$(median_of "${rg_times[@]}")" 'BEGIN {
  printf "21 new reports, one per run: %.1f ms with the cache on, %.1f ms with --no-cache (rg %.1f ms; ratios %.2f, %.2f)\n", g, c, r, g / (r > 0 ? r : 1), c / (r > 0 ? r : 1) }'

# Peak RSS of the document formats over the largest corpus, next to concise's above
# (every document is streamed; SARIF keeps only its list of files, a line each).
last=${sizes[${#sizes[@]}-1]}
last_dir="$work/corpus-$last"
[ "$last" -eq 1 ] && last_dir=$(ls "$last_dir"/* | head -1)
json_rss=$(peak_rss_kb "$gilint" check --no-cache --format json "$last_dir")
sarif_rss=$(peak_rss_kb "$gilint" check --no-cache --format sarif "$last_dir")
extract_rss=$(peak_rss_kb "$gilint" extract --format json "$last_dir")
warm_rss=$(peak_rss_kb "$gilint" check --format concise "$last_dir")
awk -v n="$last" -v j="$json_rss" -v s="$sarif_rss" -v x="$extract_rss" -v w="$warm_rss" 'BEGIN {
  printf "peak RSS over %d reports: json %.1f MiB, sarif %.1f MiB, extract --format json %.1f MiB, warm concise %.1f MiB\n", n, j / 1024, s / 1024, x / 1024, w / 1024 }'

# Where the corpus time goes, on the largest corpus: each file kind on its own, and
# reading alone (decode + parse with one rule selected) next to the whole rule set. This
# is the floor no rule-engine work can go below.
if [ "$last" -gt 1 ]; then
  for kind in txt md html docx; do
    mkdir -p "$work/kind-$kind"
    find "$last_dir" -maxdepth 1 -name "*.$kind" -exec ln {} "$work/kind-$kind/" \;
  done
  printf '%-22s %8s %10s %10s %8s\n' "$last reports, part" files gilint_ms rg_ms ratio
  part() {
    local name=$1 dir=$2; shift 2
    local files g r
    files=$(find "$dir" -maxdepth 1 -type f | wc -l)
    [ "$files" -gt 0 ] || return 0
    g=$(median_ms 3 "$gilint" check --no-cache --format concise "$@" "$dir")
    r=$(median_ms 3 rg -c "${titles[@]}" "$dir")
    awk -v p="$name" -v f="$files" -v g="$g" -v r="$r" 'BEGIN {
      printf "%-22s %8d %10.1f %10.1f %8.1f\n", p, f, g, r, g / (r > 0 ? r : 1) }'
  }
  for kind in txt md html docx; do part ".$kind only" "$work/kind-$kind"; done
  part "all, every rule" "$last_dir"
  part "all, reading alone" "$last_dir" --select section-missing
fi

# Linear cost: the same 200 reports with ~10x the bytes of prose (a big city's long report).
for prose in 1 22; do
  target/release/examples/generate_corpus "$work/prose-$prose" 200 11 "$prose"
done
small=$(median_ms 3 "$gilint" check --no-cache --format concise "$work/prose-1")
large=$(median_ms 3 "$gilint" check --no-cache --format concise "$work/prose-22")
small_b=$(du -sb "$work/prose-1" | cut -f1)
large_b=$(du -sb "$work/prose-22" | cut -f1)
awk -v s="$small" -v l="$large" -v sb="$small_b" -v lb="$large_b" 'BEGIN {
  printf "long prose: %.1fx the bytes, %.2fx the time (200 reports: %.1f ms -> %.1f ms)\n", lb / sb, l / s, s, l }'
prose_bytes=$(awk -v sb="$small_b" -v lb="$large_b" 'BEGIN {print lb / sb}')
prose_time=$(awk -v s="$small" -v l="$large" 'BEGIN {print l / (s > 0 ? s : 1)}')
# Memory on the costliest shape per byte (README "Limits and guarantees"): a file of
# nothing but short tab-separated rows, each kept as a line with its fields.
rows="$work/short-rows.txt"
{ echo '2024年度政府信息公开工作年度报告'; seq 500000 | awk '{printf "%d\t%d\n", $1 % 10, $1 % 7}'; } >"$rows"
rows_ms=$(median_ms 3 "$gilint" check --no-cache --format concise "$rows")
rows_rss=$(peak_rss_kb "$gilint" check --no-cache --format concise "$rows")
awk -v b="$(stat -c %s "$rows")" -v t="$rows_ms" -v m="$rows_rss" 'BEGIN {
  printf "short rows: %.1f MB of 500,000 tab-separated rows: %.0f ms, peak RSS %.0f MiB\n", b / 1e6, t, m / 1024 }'
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m)"

# The issue's targets, each with its measure from the runs above (cold: --no-cache).
verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "met" : "NOT met") }'; }
echo "targets:"
if [ -n "${one_g:-}" ]; then
  printf '  one report: %.1f ms (under 5 ms: %s), %.2fx rg (at most 3x: %s)\n' "$one_g" \
    "$(verdict "$(awk -v g="$one_g" 'BEGIN {print g < 5}')")" \
    "$(awk -v g="$one_g" -v r="$one_r" 'BEGIN {print g / (r > 0 ? r : 1)}')" \
    "$(verdict "$(awk -v g="$one_g" -v r="$one_r" 'BEGIN {print g <= 3 * r}')")"
fi
printf '  %d reports: %.0f ms (under 10 s: %s), %.1fx rg (at most 3x: %s), peak RSS %.1f MiB (under 64: %s)\n' \
  "$last" "$last_g" "$(verdict "$(awk -v g="$last_g" 'BEGIN {print g < 10000}')")" \
  "$(awk -v g="$last_g" -v r="$last_r" 'BEGIN {print g / (r > 0 ? r : 1)}')" \
  "$(verdict "$(awk -v g="$last_g" -v r="$last_r" 'BEGIN {print g <= 3 * r}')")" \
  "$(awk -v m="$last_rss" 'BEGIN {print m / 1024}')" \
  "$(verdict "$(awk -v m="$last_rss" 'BEGIN {print m < 64 * 1024}')")"
printf '  linear: %.1fx the prose, %.2fx the time (at most as many times: %s)\n' "$prose_bytes" "$prose_time" \
  "$(verdict "$(awk -v b="$prose_bytes" -v t="$prose_time" 'BEGIN {print t <= b}')")"
