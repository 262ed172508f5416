#!/usr/bin/env bash
# Installs dependencies, builds Kiln and starts the main job: Kiln Studio on a bundled sample model,
# or, where there is no display, the CLI (`kiln inspect` and `kiln run`) on that sample.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh "$@"
BUILD_DIR=${KILN_BUILD_DIR:-build}
SAMPLE=${KILN_SAMPLE:-resources/samples/tiny_cnn}
if [ -x "$BUILD_DIR/app/studio/kiln-studio" ] && { [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; }; then
  exec "$BUILD_DIR/app/studio/kiln-studio" "$SAMPLE/model.onnx"
fi
if [ -x "$BUILD_DIR/app/studio/kiln-studio" ]; then
  echo "kiln: no display found (DISPLAY is not set), so Kiln Studio can't open a window."
  echo "      Run it under a display, or 'xvfb-run $BUILD_DIR/app/studio/kiln-studio $SAMPLE/model.onnx'."
  echo "      Showing the CLI on the sample model instead:"
fi
"$BUILD_DIR/app/kiln" inspect "$SAMPLE/model.onnx"
"$BUILD_DIR/app/kiln" run "$SAMPLE/model.onnx" --test-data "$SAMPLE"
