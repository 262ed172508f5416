#!/usr/bin/env bash
# Installs dependencies, builds Kiln and runs every test (CPU only; CUDA tests skip without a GPU).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh "$@"
BUILD_DIR=${KILN_BUILD_DIR:-build}
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}
ctest --test-dir "$BUILD_DIR" --output-on-failure -j "$(nproc)" --timeout 900
