#!/usr/bin/env bash
# Installs dependencies, builds Kiln and runs every test (CPU only; CUDA tests skip without a GPU).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh "$@"
BUILD_DIR=${KILN_BUILD_DIR:-build}
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
LOG="$BUILD_DIR/ctest-output.log"
status=0
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" --timeout 900 2>&1 | tee "$LOG" || status=$?
# One plain closing line (ctest lists skipped tests after its own summary).
total=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\2/p' "$LOG" | tail -1)
failed=$(sed -n 's/.*tests passed, \([0-9]*\) tests failed out of \([0-9]*\).*/\1/p' "$LOG" | tail -1)
skipped=$(grep -c "(Skipped)$" "$LOG" || true)
if [ -n "$total" ]; then
  echo "kiln tests: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
fi
exit "$status"
