# Python environment for ./dev (sourced): uv, then `uv sync --frozen --all-extras` into .venv.
# shellcheck shell=bash

# uv that can read uv.lock as written by ./dev lock; older ones get a private copy.
UV_MIN_VERSION=0.13.8
UV_BOOTSTRAP_SPEC="uv>=${UV_MIN_VERSION},<1"
UV_BOOTSTRAP_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/inspector-app-dev/uv-bootstrap"

# Never let a developer's activated venv or uv settings move our environment elsewhere.
export UV_PYTHON_DOWNLOADS=never
# Trust the system CA store (Debian's ca-certificates), as pip and curl do, not only uv's
# bundled roots: networks that inspect TLS add their CA there.
export UV_SYSTEM_CERTS=${UV_SYSTEM_CERTS:-true}
unset VIRTUAL_ENV UV_PROJECT_ENVIRONMENT CONDA_PREFIX

require_python() {
    DEV_PYTHON=$(find_python) || die "no Python 3.11 or newer found on PATH (tried \
${INSPECTOR_DEV_PYTHON:-python3 python3.13 python3.12 python3.11}). On Debian 12: \
apt-get install python3 python3-venv; or point INSPECTOR_DEV_PYTHON at one."
    export DEV_PYTHON
}

# True when "$1" is a uv binary at least UV_MIN_VERSION.
uv_is_recent() {
    local version
    version=$("$1" --version 2>/dev/null | awk '{ print $2 }') || return 1
    [[ -n "$version" ]] || return 1
    [[ "$(printf '%s\n%s\n' "$UV_MIN_VERSION" "$version" | sort -V | head -n1)" == \
        "$UV_MIN_VERSION" ]]
}

# Sets DEV_UV to a usable uv: one on PATH, else our bootstrap venv (made once, then reused).
ensure_uv() {
    local candidate
    for candidate in "$(command -v uv 2>/dev/null)" "$UV_BOOTSTRAP_DIR/bin/uv"; do
        if [[ -n "$candidate" && -x "$candidate" ]] && uv_is_recent "$candidate"; then
            DEV_UV=$candidate
            return 0
        fi
    done
    say "installing uv ($UV_BOOTSTRAP_SPEC) into $UV_BOOTSTRAP_DIR"
    rm -rf "$UV_BOOTSTRAP_DIR"
    mkdir -p "$(dirname "$UV_BOOTSTRAP_DIR")"
    "$DEV_PYTHON" -m venv "$UV_BOOTSTRAP_DIR" ||
        die "could not create a venv with $DEV_PYTHON (Debian: apt-get install python3-venv)"
    if ! "$UV_BOOTSTRAP_DIR/bin/python" -m pip install --disable-pip-version-check \
        "$UV_BOOTSTRAP_SPEC" >"$UV_BOOTSTRAP_DIR/pip.log" 2>&1; then
        tail -n 20 "$UV_BOOTSTRAP_DIR/pip.log" >&2
        die "pip could not install $UV_BOOTSTRAP_SPEC"
    fi
    uv_is_recent "$UV_BOOTSTRAP_DIR/bin/uv" || die "bootstrap uv is missing or too old"
    DEV_UV="$UV_BOOTSTRAP_DIR/bin/uv"
}

ensure_python_env() {
    require_python
    ensure_uv
    sync_python_env
    build_translations
}

# .venv = exactly uv.lock (DEV_PYTHON and DEV_UV must be set).
sync_python_env() {
    cd "$DEV_ROOT" || die "cannot cd to $DEV_ROOT"
    # --frozen installs exactly uv.lock; check it still matches pyproject.toml (offline, ms).
    if ! "$DEV_UV" lock --check --offline --python "$DEV_PYTHON" >/dev/null 2>&1; then
        if is_ci; then
            die "uv.lock does not match pyproject.toml: run ./dev lock and commit uv.lock"
        fi
        warn "uv.lock may not match pyproject.toml; run ./dev lock if you changed dependencies"
    fi
    # --group bench: python-docx, the report benchmark's status quo. Always, though only
    # ./dev bench uses it: a sync without it would remove it, and each change of the venv
    # makes uv compile all of site-packages again (~5 s).
    # --compile-bytecode: without .pyc files every start compiles SQLAlchemy, pydantic & co.
    # from source (~0.8 s of a 2 s report command), and a read-only install would do so always.
    # When nothing changed, uv compiles nothing (0.25 s for the whole sync).
    "$DEV_UV" sync --frozen --all-extras --group bench --compile-bytecode \
        --python "$DEV_PYTHON" --quiet ||
        die "uv sync failed (see above); PyPI must be reachable for packages not yet cached"
    [[ -x "$DEV_VENV/bin/python" ]] || die "uv sync did not create $DEV_VENV"
}

# Compile i18n/*.ts to .qm (build output, gitignored) when missing or older than the .ts.
# The app can compile them itself at start, but a checkout that ran setup should not need to.
build_translations() {
    local ts qm lrelease="$DEV_VENV/bin/pyside6-lrelease"
    [[ -x "$lrelease" ]] || die "$lrelease is missing; uv sync should have installed PySide6"
    for ts in "$DEV_ROOT"/i18n/*.ts; do
        [[ -e "$ts" ]] || continue
        qm="${ts%.ts}.qm"
        if [[ ! -e "$qm" || "$ts" -nt "$qm" ]]; then
            if ! "$lrelease" -silent "$ts" -qm "$qm"; then
                # lrelease is the first Qt binary setup runs; a missing system library shows
                # here first ("error while loading shared libraries"). Name its package.
                check_shared_libraries || true
                die "lrelease could not compile $ts"
            fi
        fi
    done
}
