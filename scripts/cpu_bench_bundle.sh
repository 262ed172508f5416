#!/usr/bin/env bash
# Packs kiln_bench_cpu, the non-glibc shared libraries it loads and the shared models into
# cpu_bundle/cpu_bundle.tar.xz (about 16 MB), so the CPU benchmark can run on another machine, e.g.
# the lent GPU host, whose idle cores give steadier numbers than a busy 2-core desktop. There:
#   tar -xJf cpu_bundle/cpu_bundle.tar.xz
#   taskset -c 2,3 python3 tools/bench_vs_ort.py --threads 2,1 --bench cpu_bundle/kiln_bench_cpu \
#       --kiln-env LD_LIBRARY_PATH=$PWD/cpu_bundle/lib --doc OUT.md resources/samples/* cpu_bundle/models/*
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf cpu_bundle && mkdir -p cpu_bundle/lib cpu_bundle/models
cp build/benchmarks/kiln_bench_cpu build/app/kiln cpu_bundle/
ldd build/benchmarks/kiln_bench_cpu | awk '$3 ~ /^\// {print $3}' |
    grep -v -E '/(libc|libm|libdl|libpthread|librt)\.so|/usr/local/cuda/' | while read -r lib; do
    cp -L "$lib" cpu_bundle/lib/
done
for m in ../shared/models/*/; do
    [ -d "$m" ] && cp -r "$m" cpu_bundle/models/
done
strip cpu_bundle/kiln_bench_cpu cpu_bundle/kiln cpu_bundle/lib/* 2>/dev/null || true
tar -cJf cpu_bundle.tar.xz cpu_bundle && rm -rf cpu_bundle && mkdir cpu_bundle && mv cpu_bundle.tar.xz cpu_bundle/
ls -la cpu_bundle/cpu_bundle.tar.xz
