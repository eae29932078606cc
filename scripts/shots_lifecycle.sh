#!/usr/bin/env bash
# Screenshots of the inspector's lifecycle, taken from the end-to-end walk itself
# (tests/ui/test_end_to_end.py) on a real X server: the xcb platform under Xvfb, at the screen
# sizes inspectors have. Writes docs/screenshots/lifecycle-WxH/NN-step.png.
#   scripts/shots_lifecycle.sh            # 1280x720 and 1366x768
#   scripts/shots_lifecycle.sh 1280x720   # one size
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sizes=("$@")
((${#sizes[@]})) || sizes=(1280x720 1366x768)
for size in "${sizes[@]}"; do
    out="docs/screenshots/lifecycle-$size"
    rm -rf "$out"
    INSPECTOR_SHOTS="$PWD/$out" QT_QPA_PLATFORM=xcb \
        xvfb-run -a -s "-screen 0 ${size}x24" \
        .venv/bin/python -m pytest tests/ui/test_end_to_end.py -q -p no:xdist -p no:cacheprovider
    echo "shots: $out ($(ls "$out" | wc -l) pictures)"
done
