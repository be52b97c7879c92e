#!/usr/bin/env bash
# Builds gilint for Windows from Linux and runs clippy on it: most reports are written on
# Windows, and the code behind #[cfg(windows)] (the findings cache's positioned reads) is
# otherwise never compiled here. Cross-compiles with MinGW (the C allocator needs a C
# compiler for the target). Running the binary is not tried: Debian's Wine lacks the
# bcryptprimitives.dll that Rust's std imports.
# Run by .ci/run; skips with a message (never silently) when the target or MinGW cannot be
# installed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=x86_64-pc-windows-gnu
log=$(mktemp)
trap 'rm -f "$log"' EXIT

if ! rustup target list --installed 2>/dev/null | grep -qx "$target" \
   && ! rustup target add "$target" >"$log" 2>&1; then
  echo "SKIPPED: Windows build: cannot install the $target target"
  tail -3 "$log" || true
  exit 0
fi
if ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq gcc-mingw-w64-x86-64; } >"$log" 2>&1; then
    echo "SKIPPED: Windows build: cannot install MinGW (gcc-mingw-w64-x86-64)"
    tail -3 "$log" || true
    exit 0
  fi
fi
echo "== clippy for $target"
cd "$root"
# Its own target directory: the host build's artefacts stay valid for the tests.
CARGO_TARGET_DIR="$root/target/windows" cargo clippy --locked --all-targets --target "$target" -- -D warnings
