# `./dev bundle` and `./dev bundle-smoke`: the inspector's laptop app as a PyInstaller
# one-folder bundle and a .tar.gz, then a smoke test with the bundled program alone
# (docs/packaging.md). Sourced by ./dev.
# shellcheck shell=bash

BUNDLE_ENV="$DEV_ROOT/build/bundle-env"
BUNDLE_DIST="$DEV_ROOT/dist"

# The CJK TrueType font to ship: the one setup installs (fonts-wqy-microhei), else any
# TrueType/TTC font fontconfig knows for Chinese. Never committed: taken from this machine.
bundle_font() {
    local wqy=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
    if [[ -f "$wqy" ]]; then
        echo "$wqy"
        return
    fi
    local found
    found=$(fc-match -f '%{file}' ':lang=zh:fontformat=TrueType' 2>/dev/null || true)
    [[ -n "$found" && -f "$found" ]] || die "no Chinese TrueType font on this machine: apt-get install fonts-wqy-microhei"
    echo "$found"
}

# Licence notices shipped under licenses/: ours (packaging/NOTICE.md), the font's Debian
# copyright file, Qt/PySide6's LGPL-3.0 and GPL-3.0 texts, and Python's licence.
bundle_licenses() {
    local font=$1 out="$DEV_ROOT/build/bundle-licenses"
    rm -rf "$out"
    mkdir -p "$out"
    cp "$DEV_ROOT/packaging/NOTICE.md" "$out/NOTICE.md"
    local pkg
    pkg=$(dpkg-query -S "$(readlink -f "$font")" 2>/dev/null | head -1 | cut -d: -f1 || true)
    if [[ -n "$pkg" && -f "/usr/share/doc/$pkg/copyright" ]]; then
        cp "/usr/share/doc/$pkg/copyright" "$out/font-$pkg-copyright.txt"
    else
        warn "no copyright file found for $font: add the font's licence to $out by hand"
    fi
    cp /usr/share/common-licenses/LGPL-3 "$out/Qt-PySide6-LGPL-3.0.txt"
    cp /usr/share/common-licenses/GPL-3 "$out/Qt-PySide6-GPL-3.0.txt"
    local pylicense
    pylicense=$("$BUNDLE_ENV/bin/python" -c 'import os, sysconfig; print(os.path.join(sysconfig.get_paths()["stdlib"], "LICENSE.txt"))')
    [[ -f "$pylicense" ]] && cp "$pylicense" "$out/Python-LICENSE.txt"
    # Each Python package's own licence files, from its metadata (not the build tools').
    local info name file
    for info in "$BUNDLE_ENV"/lib/python3*/site-packages/*.dist-info; do
        name=$(basename "$info" .dist-info)
        case "$name" in pyinstaller* | altgraph* | setuptools* | packaging-*) continue ;; esac
        while IFS= read -r -d '' file; do
            mkdir -p "$out/python-packages/$name"
            cp "$file" "$out/python-packages/$name/"
        done < <(find "$info" \( -iname 'LICEN[CS]E*' -o -iname 'COPYING*' -o -iname 'NOTICE*' \) -type f -print0)
    done
    echo "$out"
}

build_bundle() {
    cd "$DEV_ROOT"
    # Its own environment: the runtime dependencies (no server, test or bench packages),
    # the project installed as a wheel (so _bundled/ data comes with it), compiled bytecode.
    say "bundle: environment in $BUNDLE_ENV"
    UV_PROJECT_ENVIRONMENT="$BUNDLE_ENV" "$DEV_UV" sync --frozen --no-editable \
        --group bundle --compile-bytecode --python "$DEV_PYTHON" -q ||
        die "uv sync of the bundle environment failed (PyPI must be reachable for new packages)"
    local font licenses version
    font=$(bundle_font)
    licenses=$(bundle_licenses "$font")
    version=$("$BUNDLE_ENV/bin/python" -c 'import inspector_app; print(inspector_app.__version__)')
    say "bundle: PyInstaller (font $font)"
    rm -rf "$BUNDLE_DIST/inspector-app"
    INSPECTOR_BUNDLE_FONT="$font" INSPECTOR_BUNDLE_LICENSES="$licenses" \
        "$BUNDLE_ENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
        --distpath "$BUNDLE_DIST" --workpath "$DEV_ROOT/build/pyinstaller" \
        packaging/inspector-app.spec || die "PyInstaller failed (see above)"
    local tarball="$BUNDLE_DIST/inspector-app-$version-linux-$(uname -m).tar.gz"
    tar -C "$BUNDLE_DIST" -czf "$tarball" inspector-app
    say "bundle: $BUNDLE_DIST/inspector-app ($(du -sh "$BUNDLE_DIST/inspector-app" | cut -f1) unpacked)"
    say "bundle: $tarball ($(du -h "$tarball" | cut -f1))"
}

smoke_bundle() {
    cd "$DEV_ROOT"
    [[ -x "$BUNDLE_DIST/inspector-app/inspector-app" ]] || die "no bundle in $BUNDLE_DIST: ./dev bundle first"
    # The checks use only the bundled program; the dev environment's Python runs the script
    # (timing, reading the PDFs back) and the reference bare window.
    "$DEV_VENV/bin/python" packaging/smoke.py "$BUNDLE_DIST/inspector-app/inspector-app" "$@"
}
