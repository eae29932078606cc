#!/usr/bin/env bash
# `./dev check-deps --minimal-root`: proves that the README's commands work on a minimal
# Debian 12. Builds a fresh `debootstrap --variant=minbase bookworm` root, copies this checkout
# into it (tracked and untracked files, no .venv), and there runs `./dev setup` as the only
# preparation, then `./dev check-deps`, the CLI (demo, both PDFs, report verify), the main
# window under Xvfb, `xvfb-run ./dev app` for a few seconds, and optionally `./dev test ARGS`.
# Needs root, debootstrap, a Debian mirror and PyPI; about three minutes on a fast network.
set -euo pipefail

usage() {
    cat <<'EOF'
usage: ./dev check-deps --minimal-root [--dir DIR] [--keep] [--head] [--mirror URL]
                                       [--tests "ARGS"]

  --dir DIR      build the root in DIR (must not exist; default: a new /var/tmp directory)
  --keep         leave the root in place afterwards (enter it with: chroot DIR bash)
  --head         copy the last commit (git archive HEAD), not the working tree
  --mirror URL   Debian mirror (default: $INSPECTOR_DEV_DEBIAN_MIRROR or
                 http://deb.debian.org/debian); security updates come from its -security twin
  --tests ARGS   also run `./dev test ARGS` in the root, e.g. --tests "tests/checklist -q"
EOF
}

say() { printf 'minimal-root: %s\n' "$*" >&2; }
die() {
    printf 'minimal-root: error: %s\n' "$*" >&2
    exit 1
}

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ROOT="" KEEP=0 HEAD=0 TESTS=""
MIRROR=${INSPECTOR_DEV_DEBIAN_MIRROR:-http://deb.debian.org/debian}
while (($#)); do
    case "$1" in
    --dir) ROOT=${2:?--dir needs a directory}; shift ;;
    --keep) KEEP=1 ;;
    --head) HEAD=1 ;;
    --mirror) MIRROR=${2:?--mirror needs a URL}; shift ;;
    --tests) TESTS=${2:?--tests needs pytest arguments}; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
    esac
    shift
done

[[ "$(id -u)" == "0" ]] || die "needs root (debootstrap and chroot): run it with sudo"
command -v debootstrap >/dev/null 2>&1 ||
    die "debootstrap is missing: apt-get install debootstrap"
if [[ -z "$ROOT" ]]; then
    ROOT=$(mktemp -d /var/tmp/inspector-minroot.XXXXXX)
    rmdir "$ROOT" # debootstrap wants to create it
fi
[[ ! -e "$ROOT" ]] || die "$ROOT already exists; give a new directory with --dir"
LOGS=$(mktemp -d /tmp/inspector-minroot-logs.XXXXXX)

# Everything mounted under the root, unmounted in reverse order. The root is deleted only when
# nothing is mounted under it any more: rm -rf through a live /dev bind mount would wipe the
# host's /dev.
MOUNTS=()
cleanup() {
    set +e # every step below must run, whatever the one before it did
    local i pid
    # Leftovers of our steps inside the root (an Xvfb whose xvfb-run was stopped by timeout).
    for pid in /proc/[0-9]*; do
        [[ "$(readlink "$pid/root" 2>/dev/null)" == "$ROOT" ]] && kill "${pid#/proc/}" 2>/dev/null
    done
    sleep 0.5
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount -R "${MOUNTS[i]}" 2>/dev/null || umount -R -l "${MOUNTS[i]}" 2>/dev/null || true
    done
    MOUNTS=()
    if ((KEEP)); then
        say "root kept in $ROOT (chroot $ROOT bash; logs in $LOGS)"
    elif [[ -d "$ROOT" ]]; then
        if findmnt -rn -o TARGET | grep -q "^$ROOT/"; then
            say "something is still mounted under $ROOT; not deleting it"
        else
            rm -rf --one-file-system "$ROOT"
        fi
    fi
}
trap cleanup EXIT

# --- the root -----------------------------------------------------------------------------
# Debian's own archive layout: the -security suite lives beside the main one.
SECURITY=${INSPECTOR_DEV_DEBIAN_SECURITY_MIRROR:-${MIRROR%/debian}/debian-security}
CACHE=/var/cache/inspector-dev-debootstrap
mkdir -p "$CACHE"
say "debootstrap --variant=minbase bookworm $ROOT $MIRROR"
start=$SECONDS
debootstrap --variant=minbase --cache-dir="$CACHE" bookworm "$ROOT" "$MIRROR" \
    >"$LOGS/debootstrap.log" 2>&1 || {
    tail -n 20 "$LOGS/debootstrap.log" >&2
    die "debootstrap failed (is $MIRROR reachable?)"
}
say "debootstrap: $((SECONDS - start)) s"
cat >"$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb $SECURITY bookworm-security main
EOF
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
# Networks that inspect TLS put their CA here; ca-certificates (which setup installs) adds
# it to the root's store as it would on a laptop on that network.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$ROOT/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
fi
for fs in proc sys dev; do
    case $fs in
    proc) mount -t proc proc "$ROOT/proc" ;;
    sys) mount -t sysfs sys "$ROOT/sys" ;;
    dev) mount --rbind /dev "$ROOT/dev" && mount --make-rslave "$ROOT/dev" ;;
    esac
    MOUNTS+=("$ROOT/$fs")
done

# This checkout as it is now (uncommitted edits included), without build output or .venv;
# with --head, its last commit.
mkdir -p "$ROOT/root/app"
if ((HEAD)); then
    git -C "$SRC" archive HEAD | tar -C "$ROOT/root/app" -xf -
elif git -C "$SRC" rev-parse --git-dir >/dev/null 2>&1; then
    git -C "$SRC" ls-files --cached --others --exclude-standard |
        while IFS= read -r f; do [[ -e "$SRC/$f" ]] && printf '%s\n' "$f"; done |
        tar -C "$SRC" -cf - -T - | tar -C "$ROOT/root/app" -xf -
else
    tar -C "$SRC" --exclude=./.venv -cf - . | tar -C "$ROOT/root/app" -xf -
fi

# --- the steps ----------------------------------------------------------------------------
# Only what a person's shell would carry: proxies and package-index settings.
PASS=(HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
    LANG=C.UTF-8 TERM=dumb)
for var in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY PIP_INDEX_URL \
    PIP_CERT UV_INDEX_URL UV_DEFAULT_INDEX UV_INDEX UV_NATIVE_TLS; do
    [[ -n "${!var:-}" ]] && PASS+=("$var=${!var}")
done
in_root() {
    chroot "$ROOT" /usr/bin/env -i "${PASS[@]}" /bin/bash -c "cd /root/app && $1" </dev/null
}

FAILED=()
# step NAME EXPECTED_RC COMMAND: runs COMMAND in the root, logs it, times it.
step() {
    local name=$1 want=$2 cmd=$3 rc=0 t0=$SECONDS
    in_root "$cmd" >"$LOGS/$name.log" 2>&1 || rc=$?
    if [[ "$rc" == "$want" ]]; then
        say "ok    $name ($((SECONDS - t0)) s)"
    else
        say "FAIL  $name (exit $rc, wanted $want; $((SECONDS - t0)) s): $cmd"
        tail -n 25 "$LOGS/$name.log" | sed 's/^/      /' >&2
        FAILED+=("$name")
    fi
}

cat >"$ROOT/tmp/show-window.py" <<'EOF'
"""The real main window on a fresh data dir: prints the platform and font, fails on a wrong one."""
import sys
import tempfile

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication

from inspector_app.operations import App
from inspector_app.ui import app as ui_app

with App(tempfile.mkdtemp()) as app:
    qt_app, window = ui_app.start(app)
    result = []

    def check():
        platform, family = QGuiApplication.platformName(), qt_app.font().family()
        print(f"platform {platform}, font {family}, window {window.grab().size().toTuple()}")
        result.append(platform == "xcb" and "WenQuanYi" in family and window.isVisible())
        qt_app.quit()

    QTimer.singleShot(1500, check)
    qt_app.exec()
sys.exit(0 if result == [True] else 1)
EOF

say "running in the root (logs: $LOGS)"
step setup 0 './dev setup'
step check-deps 0 './dev check-deps'
# shellcheck disable=SC2016 # expanded inside the root, not here
step cli 0 'set -e; export INSPECTOR_APP_DATA_DIR=/tmp/smoke
.venv/bin/inspector-app --version
id=$(.venv/bin/inspector-app demo)
.venv/bin/inspector-app report "$id" --template full -o /tmp/smoke/full.pdf
.venv/bin/inspector-app report "$id" --template defect-list -o /tmp/smoke/defects.pdf
.venv/bin/inspector-app report verify /tmp/smoke/full.pdf
.venv/bin/pyside6-lupdate -version'
step window 0 'xvfb-run -a .venv/bin/python /tmp/show-window.py'
# Still running after 10 s (timeout's exit 124) is the success: the window is up and waiting.
step dev-app 124 'timeout 10 xvfb-run -a ./dev app --data-dir /tmp/smoke-app'
if [[ -n "$TESTS" ]]; then
    step tests 0 "./dev test $TESTS"
fi

if ((${#FAILED[@]})); then
    die "failed in a minimal Debian 12 root: ${FAILED[*]} (logs: $LOGS)"
fi
say "all steps passed in a minimal Debian 12 root ($((SECONDS)) s in all; logs: $LOGS)"
