#!/usr/bin/env bash
# Packs what scripts/gpu_test.sh runs into gpu_bundle/kiln_gpu.tar.xz (git-ignored, about 15 MB;
# the device tool carries at most 64 MiB with the working tree), for the lent GPU machine, which has
# the CUDA toolkit, cuDNN and Python but not Debian's libonnx, libprotobuf or OpenBLAS:
#   kiln_gpu/app/kiln, kiln_gpu/tests/kiln_unit_tests   (RPATH $ORIGIN/../lib, as in build/)
#   kiln_gpu/tests/kiln_backend_ops                      (when built: the cross-backend kernel harness)
#   kiln_gpu/lib/libkiln_core.so, libkiln_backend_cuda.so  (from build/lib)
#   kiln_gpu/lib/*                                          (their non-glibc, non-CUDA libraries)
# Run it here after building with CUDA on (cmake --build build); it builds nothing. Then carry
# `gpu_bundle` with the device tool and run scripts/gpu_test.sh there (it unpacks the archive).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
for f in "$BUILD/lib/libkiln_core.so" "$BUILD/lib/libkiln_backend_cuda.so" "$BUILD/app/kiln" \
         "$BUILD/tests/kiln_unit_tests"; do
    [ -f "$f" ] || { echo "gpu_bundle: $f is missing: build with CUDA on first (cmake --build $BUILD)" >&2; exit 2; }
done
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
B=$STAGE/kiln_gpu
mkdir -p "$B/app" "$B/tests" "$B/lib"
cp "$BUILD/app/kiln" "$B/app/"
cp "$BUILD/tests/kiln_unit_tests" "$B/tests/"
# Optional: gpu_test.sh skips its step when the bundle lacks it.
BACKEND_OPS=$BUILD/tests/kiln_backend_ops
EXTRA_BINS=()
if [ -f "$BACKEND_OPS" ]; then
    cp "$BACKEND_OPS" "$B/tests/"
    EXTRA_BINS+=("$B/tests/kiln_backend_ops")
else
    echo "gpu_bundle: $BACKEND_OPS not built: the bundle has no kiln_backend_ops" >&2
fi
# The ONNX node tests, built as engines for cuda (KILN_CONFORMANCE_BACKEND), with their test data
# (Debian's libonnx-testdata; the GPU machine has no Debian packages).
CONFORMANCE=$BUILD/tests/conformance/kiln_conformance_tests
[ -f "$CONFORMANCE" ] || CONFORMANCE=$BUILD/tests/kiln_conformance_tests
if [ -f "$CONFORMANCE" ] && [ -d /usr/include/onnx/backend/test/data/node ]; then
    cp "$CONFORMANCE" "$B/tests/kiln_conformance_tests"
    EXTRA_BINS+=("$B/tests/kiln_conformance_tests")
    mkdir -p "$B/testdata"
    cp -r /usr/include/onnx/backend/test/data/node "$B/testdata/"
else
    echo "gpu_bundle: no kiln_conformance_tests or ONNX node test data: the bundle runs no node tests" >&2
fi
cp "$BUILD/lib/libkiln_core.so" "$BUILD/lib/libkiln_backend_cuda.so" "$B/lib/"
# The libraries the loader resolves here for Kiln, except glibc's (the machine has its own) and the
# CUDA ones (the machine's toolkit and cuDNN are what the run must use).
{ ldd "$BUILD/app/kiln"; ldd "$BUILD/tests/kiln_unit_tests"; ldd "$BUILD/lib/libkiln_core.so";
  for b in "${EXTRA_BINS[@]}"; do ldd "$b"; done; } |
    awk '$3 ~ /^\// {print $3}' | sort -u |
    grep -v -E '/(libc|libm|libdl|libpthread|librt|ld-linux-x86-64|libstdc\+\+|libgcc_s)\.so|/libkiln_|/usr/local/cuda|libcuda|libcublas|libcudnn' |
    while read -r lib; do cp -L "$lib" "$B/lib/"; done
chmod u+w "$B"/lib/*
strip --strip-unneeded "$B/app/kiln" "$B/tests/kiln_unit_tests" "${EXTRA_BINS[@]}" "$B"/lib/*
rm -rf gpu_bundle && mkdir gpu_bundle
tar -C "$STAGE" -cJf gpu_bundle/kiln_gpu.tar.xz kiln_gpu
ls -la "$B/lib"
ls -la gpu_bundle/kiln_gpu.tar.xz
