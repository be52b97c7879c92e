#!/usr/bin/env bash
# Tries the pre-commit hook for real, as a user would: installs pre-commit from PyPI into a
# virtual environment, runs `pre-commit try-repo` on a failing and a passing report, and
# checks that an installed hook blocks a commit of the failing one. Also validates the
# Action and workflow files against the schemas check-jsonschema ships (actionlint cannot
# be installed here: its PyPI wrapper downloads a binary at build time).
# Run by .ci/run; skips with a message (never silently) when PyPI cannot be reached.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! python3 -m venv "$tmp/venv" >/dev/null 2>&1 \
   || ! "$tmp/venv/bin/pip" install -q pre-commit check-jsonschema >"$tmp/pip.log" 2>&1; then
  echo "SKIPPED: pre-commit hook test: cannot install pre-commit from PyPI"
  tail -3 "$tmp/pip.log" || true
  exit 0
fi
bin="$tmp/venv/bin"

echo "== workflow and action files against their schemas"
"$bin/check-jsonschema" --builtin-schema vendor.github-workflows "$root"/.github/workflows/*.yml
"$bin/check-jsonschema" --builtin-schema vendor.github-actions "$root/action.yml"

echo "== pre-commit try-repo"
repo="$tmp/repo"
mkdir "$repo"
cd "$repo"
git init -q
git config user.email ci@example.invalid
git config user.name ci
cp "$root/examples/report-2023.txt" good.txt
cp "$root/tests/fixtures/seeds/002_af160c066563daaa.txt" bad.txt
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$HOME/.cache/gilint-pre-commit}"
# pre-commit builds the hook with `cargo install`; a shared target directory lets the
# second and third builds reuse the compiled dependencies.
export CARGO_TARGET_DIR="$root/target/pre-commit-hook"

if "$bin/pre-commit" try-repo "$root" gilint --files bad.txt >"$tmp/bad.log" 2>&1; then
  cat "$tmp/bad.log"; echo "FAIL: the hook passed a report with missing tables"; exit 1
fi
grep -q 'error\[table-missing\]' "$tmp/bad.log" || { cat "$tmp/bad.log"; echo "FAIL: no diagnostics shown"; exit 1; }
"$bin/pre-commit" try-repo "$root" gilint --files good.txt >"$tmp/good.log" 2>&1 \
  || { cat "$tmp/good.log"; echo "FAIL: the hook rejected a clean report"; exit 1; }

echo "== an installed hook blocks the commit"
rev=$(git -C "$root" rev-parse HEAD)
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $root
    rev: $rev
    hooks:
      - id: gilint
YAML
"$bin/pre-commit" install >/dev/null
git add .pre-commit-config.yaml good.txt
PATH="$bin:$PATH" git commit -qm "clean report" >"$tmp/commit-good.log" 2>&1 \
  || { cat "$tmp/commit-good.log"; echo "FAIL: commit of a clean report was blocked"; exit 1; }
git add bad.txt
if PATH="$bin:$PATH" git commit -qm "bad report" >"$tmp/commit-bad.log" 2>&1; then
  cat "$tmp/commit-bad.log"; echo "FAIL: commit of a failing report went through"; exit 1
fi
grep -q 'error\[table-missing\]' "$tmp/commit-bad.log" || { cat "$tmp/commit-bad.log"; echo "FAIL: no diagnostics at commit"; exit 1; }
echo "pre-commit hook: 3 passed, 0 failed"
