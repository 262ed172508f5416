#!/usr/bin/env bash
# Packs what scripts/gpu_test.sh runs into gpu_bundle/ (git-ignored), for the lent GPU machine, which
# has the CUDA toolkit, cuDNN and Python but not Debian's libonnx, libprotobuf or OpenBLAS:
#   gpu_bundle/app/kiln, gpu_bundle/tests/kiln_unit_tests   (RPATH $ORIGIN/../lib, as in build/)
#   gpu_bundle/lib/libkiln_core.so, libkiln_backend_cuda.so  (from build/lib)
#   gpu_bundle/lib/*                                          (their non-glibc, non-CUDA libraries)
# Run it here after building with CUDA on (cmake --build build); it builds nothing. Then carry
# `gpu_bundle` with the device tool and run scripts/gpu_test.sh there.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
for f in "$BUILD/lib/libkiln_core.so" "$BUILD/lib/libkiln_backend_cuda.so" "$BUILD/app/kiln" \
         "$BUILD/tests/kiln_unit_tests"; do
    [ -f "$f" ] || { echo "gpu_bundle: $f is missing: build with CUDA on first (cmake --build $BUILD)" >&2; exit 2; }
done
rm -rf gpu_bundle && mkdir -p gpu_bundle/app gpu_bundle/tests gpu_bundle/lib
cp "$BUILD/app/kiln" gpu_bundle/app/
cp "$BUILD/tests/kiln_unit_tests" gpu_bundle/tests/
cp "$BUILD/lib/libkiln_core.so" "$BUILD/lib/libkiln_backend_cuda.so" gpu_bundle/lib/
# The libraries the loader resolves here for Kiln, except glibc's (the machine has its own) and the
# CUDA ones (the machine's toolkit and cuDNN are what the run must use).
{ ldd "$BUILD/app/kiln"; ldd "$BUILD/tests/kiln_unit_tests"; ldd "$BUILD/lib/libkiln_core.so"; } |
    awk '$3 ~ /^\// {print $3}' | sort -u |
    grep -v -E '/(libc|libm|libdl|libpthread|librt|ld-linux-x86-64)\.so|/libkiln_|/usr/local/cuda|libcuda|libcublas|libcudnn' |
    while read -r lib; do cp -L "$lib" gpu_bundle/lib/; done
strip --strip-unneeded gpu_bundle/app/kiln gpu_bundle/tests/kiln_unit_tests gpu_bundle/lib/* 2>/dev/null || true
du -sh gpu_bundle
ls -la gpu_bundle/lib
