#!/usr/bin/env bash
# The sanitizer run (issue 14), after scripts/test.sh in CI (.ci/run); also runs alone.
#   asan: clang with AddressSanitizer + UndefinedBehaviorSanitizer, any report fatal
#         (-fno-sanitize-recover=all), in build-asan/: the unit, conformance, CLI and backend-ops
#         tests, and the fuzz corpus replay (every reproducer under tests/fuzz/corpus).
#   tsan: clang with ThreadSanitizer, in build-tsan/: kiln_thread_tests, the tests that run execution
#         contexts, the kernel thread pool and the profiler on several threads at once.
# CPU only: no CUDA, no GUI, no benchmarks; only the targets these tests need are built.
# Usage: scripts/sanitize.sh [asan|tsan]...   (both when none is named)
# Environment: KILN_ASAN_DIR, KILN_TSAN_DIR (build folders), KILN_SANITIZE_JOBS (default nproc).
set -euo pipefail
cd "$(dirname "$0")/.."

modes=("$@")
if ((${#modes[@]} == 0)); then modes=(asan tsan); fi
for m in "${modes[@]}"; do
  case "$m" in
    asan | tsan) ;;
    *) echo "usage: scripts/sanitize.sh [asan|tsan]..." >&2; exit 2 ;;
  esac
done

# clang and its sanitizer runtimes, installed as scripts/setup.sh installs everything else (the
# other build dependencies come from setup.sh, which CI has run first; run it once when alone).
PACKAGES=(clang libclang-rt-14-dev llvm-14)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "kiln sanitize: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

JOBS=${KILN_SANITIZE_JOBS:-$(nproc)}
SYMBOLIZER=$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer || true)
export QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}

# configure DIR FLAGS: a clang build folder with FLAGS on every C/C++ compile and link.
configure() {
  local dir=$1 flags=$2
  if [ -f "$dir/build.ninja" ]; then return 0; fi
  cmake -S . -B "$dir" -G Ninja -DKILN_ENABLE_CUDA=OFF -DKILN_ENABLE_GUI=OFF -DKILN_BUILD_BENCHMARKS=OFF \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags"
}

status=0
start=$SECONDS

run_asan() {
  local dir=${KILN_ASAN_DIR:-build-asan}
  configure "$dir" "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
  cmake --build "$dir" -j "$JOBS" --target kiln kiln_unit_tests kiln_conformance_tests kiln_cli_tests \
    kiln_backend_ops kiln_fuzz_replay_tests
  # LeakSanitizer too; a report in any process (kiln itself, run by the CLI tests) fails its test.
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  if [ -n "$SYMBOLIZER" ]; then export ASAN_SYMBOLIZER_PATH=$SYMBOLIZER; fi
  # Every test of the executables built above: kiln_model_tests is not built here, and the
  # conformance cases run one by one, not a second time in conformance.table's single run.
  local log="$dir/ctest-output.log"
  ctest --test-dir "$dir" --output-on-failure -j "$JOBS" --timeout 1800 \
    -E '^models\.|_NOT_BUILT$|^conformance\.table$' \
    2>&1 | tee "$log" || status=1
  echo "kiln sanitize: asan+ubsan $(grep -o '[0-9]*% tests passed.*' "$log" | tail -1)"
}

run_tsan() {
  local dir=${KILN_TSAN_DIR:-build-tsan}
  configure "$dir" "-fsanitize=thread"
  cmake --build "$dir" -j "$JOBS" --target kiln_thread_tests
  # OpenBLAS's OpenMP threads run in uninstrumented libgomp, which TSan can't see synchronize: one
  # BLAS thread, so the races it checks are Kiln's own (its thread pool, contexts, profiler).
  export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
  export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
  if [ -n "$SYMBOLIZER" ]; then export TSAN_OPTIONS="$TSAN_OPTIONS:external_symbolizer_path=$SYMBOLIZER"; fi
  if "$dir/tests/kiln_thread_tests" --gtest_brief=1; then
    echo "kiln sanitize: tsan: kiln_thread_tests passed"
  else
    echo "kiln sanitize: tsan: kiln_thread_tests FAILED" >&2
    status=1
  fi
}

for m in "${modes[@]}"; do "run_$m"; done
echo "kiln sanitize: ${modes[*]} finished in $((SECONDS - start)) s, $([ $status = 0 ] && echo clean || echo FAILED)"
exit "$status"
