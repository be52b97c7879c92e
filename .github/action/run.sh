#!/usr/bin/env bash
# The GitHub Action's main step, kept as a script so that it can be tested locally
# (tests/action.rs runs it with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY in a temp dir).
#
# GitHub shows at most 10 error and 10 warning annotations per step (50 per job), so
# every finding also goes into the step summary, and SARIF can be uploaded as well:
# no finding is lost on a large report.
set -uo pipefail

gilint=${GILINT:-gilint}
read -r -a paths <<< "${INPUT_PATHS:-.}"
read -r -a extra <<< "${INPUT_ARGS:-}"
fail_on=${INPUT_FAIL_ON:-error}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$gilint" check --format json --output-file "$tmp/findings.json" "${extra[@]}" "${paths[@]}"
status=$?
if [ "$status" -ge 2 ] && [ ! -s "$tmp/findings.json" ]; then
  echo "::error title=gilint::gilint could not run (exit $status); see the log above"
  exit "$status"
fi

# Annotations (the first 10 of each kind are shown on the pull request).
"$gilint" check --format github --quiet "${extra[@]}" "${paths[@]}"

if [ -n "${INPUT_SARIF_FILE:-}" ]; then
  "$gilint" check --format sarif --output-file "$INPUT_SARIF_FILE" "${extra[@]}" "${paths[@]}" || true
fi

python3 - "$tmp/findings.json" <<'PY'
import json, os, sys

doc = json.load(open(sys.argv[1], encoding="utf-8"))
s = doc["summary"]
rows = []
for f in doc["files"]:
    if f.get("error"):
        rows.append(f"| `{f['path']}` | | error | (unreadable) | {f['error']} |")
    for d in f["diagnostics"]:
        if d.get("not_assessable"):
            continue
        label = next((l for l in d["labels"] if l["primary"]), d["labels"][0] if d["labels"] else None)
        where = f"{label['line']}:{label['column']}" if label else ""
        message = d["message"].replace("|", "\\|").replace("\n", " ")
        rows.append(f"| `{f['path']}` | {where} | {d['severity']} | `{d['rule']}` | {message} |")

lines = [
    "## gilint",
    "",
    f"{s['errors']} errors, {s['warnings']} warnings in {s['files']} files"
    + (f", {s['infos'] - s['not_assessable']} notes" if s["infos"] > s["not_assessable"] else "")
    + (f", {s['unreadable']} unreadable" if s["unreadable"] else "")
    + (f", {s['not_assessable']} checks not assessable" if s["not_assessable"] else ""),
    "",
]
if rows:
    lines += ["| file | line:col | severity | rule | message |", "|---|---|---|---|---|"] + rows
shown = sum(1 for _ in rows)
if s["errors"] > 10 or s["warnings"] > 10:
    print(f"::notice title=gilint::{s['errors']} errors and {s['warnings']} warnings; GitHub shows only 10 annotations of each kind per step, so see the job summary (or the code scanning alerts when SARIF is uploaded) for all of them")
summary = os.environ.get("GITHUB_STEP_SUMMARY")
if summary:
    with open(summary, "a", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
output = os.environ.get("GITHUB_OUTPUT")
if output:
    with open(output, "a", encoding="utf-8") as out:
        out.write(f"errors={s['errors']}\nwarnings={s['warnings']}\n")
PY

errors=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["errors"])' "$tmp/findings.json")
warnings=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["warnings"])' "$tmp/findings.json")
case "$fail_on" in
  never) exit 0 ;;
  warning) [ "$errors" -eq 0 ] && [ "$warnings" -eq 0 ] && [ "$status" -lt 2 ] || exit 1 ;;
  *) [ "$status" -eq 1 ] && exit 1; [ "$status" -ge 2 ] && exit "$status" ;;
esac
exit 0
