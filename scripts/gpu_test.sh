#!/usr/bin/env bash
# Kiln's GPU checks, for the lent GPU machine (the device tool's `run`). Builds nothing: it runs what
# was built here with CUDA on and prints what the record needs: the date, the card, which
# libcudnn/libcublasLt/libcudart the loader picks, the CUDA unit tests (every CUDA kernel against
# the CPU, copy layers, engine files, planned runs, the backend's memory/streams/timers/copies), the
# CPU-vs-CUDA checks of the sample models through the kiln CLI, and peak memory. Everything is
# teed to $OUT/gpu_test.log when $OUT is set. The exit status is the number of failed steps.
#
# Before calling the device tool, here:
#   cmake --build build -j2 --target kiln kiln_unit_tests kiln_backend_ops kiln_backend_cuda
#   scripts/gpu_bundle.sh          # -> gpu_bundle/kiln_gpu.tar.xz (git-ignored, ~15 MB)
# Then: run(command="scripts/gpu_test.sh", carry=["gpu_bundle"]). The working tree travels by itself
# (this script, resources/samples); build outputs do not, hence the bundle, which this script
# unpacks to a temporary folder:
#   kiln_gpu/app/kiln, kiln_gpu/tests/kiln_unit_tests   <- build/app/kiln, build/tests/kiln_unit_tests
#   kiln_gpu/tests/kiln_backend_ops (when built)         <- build/tests/kiln_backend_ops
#   kiln_gpu/lib/libkiln_core.so, libkiln_backend_cuda.so <- build/lib/ (the module is found next to
#                                                            libkiln_core, executables use $ORIGIN/../lib)
#   kiln_gpu/lib/libonnx*, libprotobuf*, libopenblas*, ... <- Debian libraries the machine lacks
# On a machine that has Debian's libraries, KILN_GPU_BIN=build runs straight from a build folder
# (carry build/lib, build/app/kiln and build/tests/kiln_unit_tests: the same layout).
#
# cuDNN 9.19 comes from the PyTorch wheels there and is put first on LD_LIBRARY_PATH (override
# with KILN_CUDNN_DIR); cuBLASLt and cudart from the machine's CUDA toolkit.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
UNPACKED=""
if [ -n "${KILN_GPU_BIN:-}" ]; then
    BIN=$(cd "$KILN_GPU_BIN" && pwd)
elif [ -f gpu_bundle/kiln_gpu.tar.xz ]; then
    UNPACKED=$(mktemp -d)
    tar -C "$UNPACKED" -xJf gpu_bundle/kiln_gpu.tar.xz
    BIN=$UNPACKED/kiln_gpu
else
    BIN=$ROOT/build
fi
KILN=$BIN/app/kiln
TESTS=$BIN/tests/kiln_unit_tests
BACKEND_OPS=$BIN/tests/kiln_backend_ops  # optional: older bundles lack it
LIBDIR=$BIN/lib
LOG=/dev/null
if [ -n "${OUT:-}" ]; then
    mkdir -p "$OUT"
    LOG=$OUT/gpu_test.log
fi

CUDNN_DIR=${KILN_CUDNN_DIR:-/opt/torch/.venv/lib/python3.12/site-packages/nvidia/cudnn/lib}
# The bundle's libraries first: libkiln_core.so has no RUNPATH of its own, so its dependencies
# (libonnx, libprotobuf, OpenBLAS) are found through this path, never the machine's other versions.
# libstdc++ and libgcc_s are not bundled: the machine's newer ones serve both.
paths=("$LIBDIR")
[ -d "$CUDNN_DIR" ] && paths+=("$CUDNN_DIR")
for d in /usr/local/cuda/lib64 /usr/local/cuda/lib /usr/local/cuda/targets/x86_64-linux/lib; do
    [ -d "$d" ] && paths+=("$d")
done
LD_LIBRARY_PATH=$(IFS=:; echo "${paths[*]}")${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
export LD_LIBRARY_PATH
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-4}
export KILN_REQUIRE_CUDA=1  # the CUDA tests fail, not skip, when the backend is not available
# The CUTLASS GELU GEMM's experimental schedules (kernels/cuda/cutlass_gemm.h) are offered as
# tactic variants only where this is set: checked against the oracle and timed here.
export KILN_CUTLASS_SCHEDULES=${KILN_CUTLASS_SCHEDULES:-all}

step() {  # step NAME COMMAND...: runs and records one check (only those matching KILN_ONLY, an ERE, when set)
    local name=$1
    shift
    if [ -n "${KILN_ONLY:-}" ] && ! [[ $name =~ $KILN_ONLY ]]; then
        echo "=== $name: skipped (KILN_ONLY)"
        return 0
    fi
    echo
    echo "=== $name"
    echo "+ $*"
    "$@"
    local rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "--- FAILED ($rc): $name"
        failed=$((failed + 1))
    fi
    return 0
}

main() {
    failed=0
    echo "=== Kiln GPU checks"
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "commit: ${KILN_COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}"
    echo "host: $(uname -srm), $(nproc) cores"
    echo "binaries: $BIN"
    nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv,noheader 2>/dev/null ||
        echo "nvidia-smi: not available"
    echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
    for f in "$KILN" "$TESTS" "$LIBDIR/libkiln_core.so" "$LIBDIR/libkiln_backend_cuda.so"; do
        [ -f "$f" ] || { echo "missing $f: build here, run scripts/gpu_bundle.sh, carry gpu_bundle"; return 99; }
    done
    echo "--- what the loader resolves for the CUDA module (ldd):"
    ldd "$LIBDIR/libkiln_backend_cuda.so" | grep -E 'kiln_core|cudart|cublas|cudnn|not found'

    # torch.compile takes minutes per model (max-autotune): with KILN_COMPILE_BG="resnet50:32,bert:32"
    # it compiles in the background while the correctness checks run, and times once the benchmark
    # step lets it (nothing else on the GPU then); the benchmark table gets its column.
    PY=${KILN_PYTHON:-/opt/torch/.venv/bin/python}
    [ -x "$PY" ] || PY=python3
    BG_DIR=$(mktemp -d)
    BG_PID=""
    if [ -n "${KILN_COMPILE_BG:-}" ]; then
        "$PY" scripts/gpu_bench.py --kiln "$KILN" --compile-bg "$KILN_COMPILE_BG" --go-file "$BG_DIR/go" \
            --compiled-json "$BG_DIR/compiled.json" >"$BG_DIR/compile.log" 2>&1 &
        BG_PID=$!
        echo "torch.compile in the background (pid $BG_PID): $KILN_COMPILE_BG"
    fi

    # The CUDA unit tests; DescribesTheDeviceAndTheLibrariesItLoaded prints the device, the library
    # versions and the files actually mapped (/proc/self/maps).
    step "CUDA unit tests" timeout "${KILN_T_UNIT:-300}" "$TESTS" --gtest_filter='Cuda*' --gtest_color=no

    # Every CUDA kernel (each tactic and cuBLASLt variant) against the oracle on awkward shapes,
    # then its timings (docs/backend-ops.md). KILN_REQUIRE_CUDA=1 makes an unavailable backend fail.
    if [ -x "$BACKEND_OPS" ]; then
        step "backend ops: every CUDA kernel against the oracle" timeout "${KILN_T_OPS:-600}" "$BACKEND_OPS" --backend cuda
        if [ -n "${KILN_PERF_OPS:-}" ]; then
            # Timings of the named ops only (space-separated), e.g. 'LayerNormalization FusedMatMul'.
            for op in $KILN_PERF_OPS; do
                step "backend ops: CUDA kernel timings of $op" timeout 120 "$BACKEND_OPS" --backend cuda --perf --op "$op"
            done
        elif [ "${KILN_BACKEND_PERF:-1}" = 1 ]; then
            step "backend ops: CUDA kernel timings" timeout 300 "$BACKEND_OPS" --backend cuda --perf
        fi
    else
        echo
        echo "=== backend ops: skipped ($BACKEND_OPS is not in the bundle: build kiln_backend_ops, rerun scripts/gpu_bundle.sh)"
    fi

    # compute-sanitizer (issue 14): memcheck, and racecheck for the kernels that share memory, over
    # the backend-ops cases of the ops named in KILN_SANITIZE_OPS (space-separated; the tools slow a
    # kernel down 10-100x, so a few ops per run). Skipped when unset or the machine lacks the tool.
    if [ -n "${KILN_SANITIZE_OPS:-}" ] && [ -x "$BACKEND_OPS" ]; then
        SANITIZER=$(command -v compute-sanitizer || ls /usr/local/cuda/bin/compute-sanitizer 2>/dev/null || true)
        if [ -z "$SANITIZER" ]; then
            echo
            echo "=== compute-sanitizer: not on this machine (looked on PATH and in /usr/local/cuda/bin)"
        else
            for op in $KILN_SANITIZE_OPS; do
                step "compute-sanitizer memcheck: $op" timeout "${KILN_T_SANITIZE:-120}" "$SANITIZER" --tool memcheck \
                    --error-exitcode 1 --print-limit 20 "$BACKEND_OPS" --backend cuda --op "$op"
                step "compute-sanitizer racecheck: $op" timeout "${KILN_T_SANITIZE:-120}" "$SANITIZER" --tool racecheck \
                    --error-exitcode 1 --print-limit 20 "$BACKEND_OPS" --backend cuda --op "$op"
            done
        fi
    fi

    # The ONNX node tests as engines built for cuda (every layer the CUDA backend has a kernel for
    # runs there, the rest on the CPU behind copy layers), against their expected outputs.
    CONFORMANCE=$BIN/tests/kiln_conformance_tests
    if [ -x "$CONFORMANCE" ] && [ -d "$BIN/testdata/node" ]; then
        step "ONNX node tests as cuda engines" timeout "${KILN_T_NODE:-600}" env KILN_CONFORMANCE_BACKEND=cuda KILN_ONNX_TESTDATA="$BIN/testdata" \
            KILN_SOURCE_DIR="$ROOT" "$CONFORMANCE" --gtest_filter='engine/*' --gtest_brief=1 --gtest_color=no
    else
        echo
        echo "=== ONNX node tests on cuda: skipped (the bundle has no kiln_conformance_tests or test data)"
    fi

    # The sample models through the CLI: built for cuda (unsupported ops fall back to the CPU behind
    # copy layers), compared layer by layer with the CPU reference, then saved, reloaded and run on
    # their test data.
    WORK=$(mktemp -d)
    trap 'rm -rf "$WORK"' EXIT
    declare -A SHAPES=(
        [tiny_cnn]="--opt-shapes input:2x3x32x32"
        [tiny_transformer]="--opt-shapes input_ids:2x7 --opt-shapes attention_mask:2x7"
    )
    for dir in resources/samples/*/; do
        name=$(basename "$dir")
        # KILN_SAMPLES="tiny_cnn ..." limits the samples (a short run).
        if [ -n "${KILN_SAMPLES:-}" ] && [[ " $KILN_SAMPLES " != *" $name "* ]]; then continue; fi
        [ -f "$dir/model.onnx" ] || continue
        step "$name: compare cuda with the CPU reference, every layer" \
            "$KILN" compare "$dir/model.onnx" --backend cuda --test-data "$dir" --per-layer
        # shellcheck disable=SC2086
        step "$name: build for cuda" "$KILN" build "$dir/model.onnx" --backend cuda ${SHAPES[$name]:-} \
            --save "$WORK/$name.kiln" --verbose
        step "$name: run the cuda engine on its test data" \
            "$KILN" run "$WORK/$name.kiln" --test-data "$dir" --iterations 50 --warmup 5 --dump-profile
        step "$name: the cuda engine through a CUDA graph" \
            "$KILN" run "$WORK/$name.kiln" --test-data "$dir" --iterations 50 --warmup 5 --use-cuda-graph
        if [ "$name" = tiny_transformer ]; then
            # A dynamic profile: the shape computations stay in the engine (on the host) and the
            # device layers still run as one CUDA graph.
            step "$name: dynamic profile through a CUDA graph" bash -c "\"$KILN\" build \"$dir/model.onnx\" \
                --backend cuda --min-shapes input_ids:1x1 --min-shapes attention_mask:1x1 \
                --opt-shapes input_ids:2x7 --opt-shapes attention_mask:2x7 --max-shapes input_ids:4x16 \
                --max-shapes attention_mask:4x16 --save \"$WORK/${name}_dyn.kiln\" --verbose && \"$KILN\" run \
                \"$WORK/${name}_dyn.kiln\" --test-data \"$dir\" --iterations 50 --warmup 5 --use-cuda-graph --dump-profile"
        fi
        # Reduced precisions against the fp32 CPU reference, every layer (fp16/bf16 storage, tf32 math).
        # The default verdict: each tensor's error relative to its magnitude (max|a-e|/max|e|)
        # within its precision's limit (tf32/fp16 1e-2, bf16 5e-2: profiler/accuracy.h).
        for prec in tf32 fp16 bf16; do
            step "$name: compare cuda --$prec with the CPU reference" \
                "$KILN" compare "$dir/model.onnx" --backend cuda "--$prec" --test-data "$dir" --per-layer
        done
    done

    rss_report

    # The benchmark against PyTorch (scripts/gpu_bench.py) when asked: KILN_BENCH="--models resnet50 ...".
    if [ -n "$BG_PID" ]; then
        touch "$BG_DIR/go"
        echo
        echo "=== torch.compile (background): waiting for pid $BG_PID"
        wait "$BG_PID" || echo "--- torch.compile in the background failed ($?)"
        cat "$BG_DIR/compile.log" | grep -v -E '^\s*$' | tail -30
    fi
    if [ -n "${KILN_BENCH+x}" ]; then
        # shellcheck disable=SC2086
        step "benchmark against PyTorch" timeout "${KILN_T_BENCH:-1200}" "$PY" scripts/gpu_bench.py --kiln "$KILN" ${KILN_BENCH} \
            --compiled-json "$BG_DIR/compiled.json" ${OUT:+--out "$OUT"}
    fi
    echo
    if [ "$failed" -eq 0 ]; then echo "kiln gpu checks: all passed"; else echo "kiln gpu checks: $failed step(s) FAILED"; fi
    return "$failed"
}

# Peak resident memory (KiB): start-up, a CPU run, a CUDA run, and ONNX Runtime on the same model.
peak_rss() {  # peak_rss LABEL COMMAND...
    local label=$1
    shift
    local kib
    if [ -x /usr/bin/time ]; then
        kib=$(/usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1)
    else
        kib=$(python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@")
    fi
    printf '%-48s %8s KiB\n' "$label" "$kib"
}
rss_report() {
    echo
    echo "=== peak RSS"
    local CNN=resources/samples/tiny_cnn
    peak_rss "kiln --help" "$KILN" --help
    peak_rss "kiln run tiny_cnn (cpu reference)" "$KILN" run "$CNN/model.onnx" --test-data "$CNN"
    [ -f "$WORK/tiny_cnn.kiln" ] && peak_rss "kiln run tiny_cnn.kiln (cuda engine)" "$KILN" run "$WORK/tiny_cnn.kiln" --test-data "$CNN"
    if python3 -c 'import onnxruntime' 2>/dev/null; then
        cat >"$WORK/ort_run.py" <<'EOF'
import sys, onnx, onnx.numpy_helper as nh, onnxruntime as ort
d = sys.argv[1]
x = nh.to_array(onnx.load_tensor(d + "/test_data_set_0/input_0.pb"))
s = ort.InferenceSession(d + "/model.onnx", providers=["CPUExecutionProvider"])
s.run(None, {s.get_inputs()[0].name: x})
EOF
        peak_rss "python3 onnxruntime $(python3 -c 'import onnxruntime; print(onnxruntime.__version__)') tiny_cnn (cpu)" \
            python3 "$WORK/ort_run.py" "$CNN"
    fi
}

main 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
[ -n "$UNPACKED" ] && rm -rf "$UNPACKED"
exit "$status"
