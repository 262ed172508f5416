#!/usr/bin/env bash
# Starts the real Kiln Studio window under Xvfb and saves a screenshot of the X screen, to check the
# GUI as a person would see it without a display. Needs: xvfb, x11-apps (xwd), imagemagick.
# Usage: scripts/xvfb_window.sh [MODEL] [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-resources/samples/tiny_cnn/model.onnx}
OUT=${2:-xvfb-window.png}
BIN=${KILN_BUILD_DIR:-build}/app/studio/kiln-studio
xvfb-run -a -s "-screen 0 1600x900x24" bash -c "'$BIN' '$MODEL' & P=\$!; sleep 8; xwd -root -silent > /tmp/kiln-xvfb.xwd; kill \$P"
convert /tmp/kiln-xvfb.xwd "$OUT"
echo "wrote $OUT"
