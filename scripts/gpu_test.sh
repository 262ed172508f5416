#!/usr/bin/env bash
# Runs Kiln's CUDA tests on a GPU machine and prints what they need for the record (card, date,
# library versions, test results). Usage: scripts/gpu_test.sh [path/to/kiln_unit_tests]
# Build first (here or there) with the CUDA option on: scripts/setup.sh
set -uo pipefail
BIN=${1:-build/tests/kiln_unit_tests}
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || echo "nvidia-smi: not found"
ldconfig -p | grep -E "libcublasLt\.so|libcudnn\.so" | head -4
"$BIN" --gtest_filter='Cuda*' --gtest_color=no
