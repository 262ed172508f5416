#!/usr/bin/env bash
# Installs Kiln's build dependencies from Debian's packages (idempotent: a no-op when present),
# then configures and builds into build/ with Ninja. Usage: scripts/setup.sh [extra cmake args]
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libprotobuf-dev protobuf-compiler libonnx-dev libonnx-testdata
  libopenblas-openmp-dev nlohmann-json3-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-svg-dev libqcustomplot-dev
  libgraphviz-dev graphviz
  xvfb xauth fonts-wqy-microhei
  python3-pip
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "kiln setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Header-only build dependencies from PyPI, for the CUDA backend (never needed at run time): the
# wheels are downloaded once and only their headers kept, under .deps/ (git-ignored):
#   .deps/cudnn_frontend/include   nvidia-cudnn-frontend (cuDNN's graph API in C++)
#   .deps/cutlass/include          nvidia-cutlass (CUTLASS/CuTe)
# Skipped where no CUDA toolkit is installed; CMake builds without the tactics that need them.
fetch_headers() {  # fetch_headers PACKAGE==VERSION PREFIX_IN_WHEEL DEST
  local spec=$1 prefix=$2 dest=$3
  [ -d "$dest/include" ] && return 0
  local tmp
  tmp=$(mktemp -d)
  echo "kiln setup: fetching the headers of $spec"
  if ! python3 -m pip download -q --no-deps --only-binary=:all: --python-version 3.11 \
      --platform manylinux_2_28_x86_64 --platform any -d "$tmp" "$spec"; then
    echo "kiln setup: could not download $spec; building without it" >&2
    rm -rf "$tmp"
    return 0
  fi
  python3 - "$tmp" "$prefix" "$dest" <<'PY'
import glob, os, sys, zipfile
tmp, prefix, dest = sys.argv[1:]
wheel = glob.glob(os.path.join(tmp, "*.whl"))[0]
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.startswith(prefix) and not name.endswith("/"):
            target = os.path.join(dest, "include", name[len(prefix):])
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with z.open(name) as src, open(target, "wb") as out:
                out.write(src.read())
PY
  rm -rf "$tmp"
}
if command -v nvcc >/dev/null 2>&1 || [ -x /usr/local/cuda/bin/nvcc ]; then
  fetch_headers nvidia-cudnn-frontend==1.32.0 include/ .deps/cudnn_frontend
  fetch_headers nvidia-cutlass==4.2.0.0 cutlass_library/source/include/ .deps/cutlass
fi

BUILD_DIR=${KILN_BUILD_DIR:-build}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
fi
cmake --build "$BUILD_DIR" -j "$(nproc)"
