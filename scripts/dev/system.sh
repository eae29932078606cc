# System packages for ./dev (sourced). Debian 12 names; see debian-packages.txt.
# shellcheck shell=bash

# Package names from the list file, comments and blank lines dropped.
wanted_debian_packages() {
    sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' "$DEV_ROOT/scripts/dev/debian-packages.txt"
    if [[ "${DEV_WITH_BENCH:-}" == 1 ]]; then
        # ./dev bench only: LibreOffice for the report benchmark's status quo (Word → PDF).
        sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' \
            "$DEV_ROOT/scripts/dev/debian-packages-bench.txt"
    fi
    if [[ "${DEV_WITH_BUNDLE:-}" == 1 ]]; then
        # ./dev bundle only: what PyInstaller and the bundle's smoke test need.
        sed -e 's/#.*//' -e 's/[[:space:]]//g' -e '/^$/d' \
            "$DEV_ROOT/scripts/dev/debian-packages-bundle.txt"
    fi
    local python=${DEV_PYTHON:-}
    [[ -n "$python" ]] || python=$(find_python) || python=""
    if [[ -z "$python" && -z "${INSPECTOR_DEV_PYTHON:-}" ]]; then
        # A minimal Debian has no Python at all; bookworm's python3 is 3.11, enough for us.
        echo python3
        echo python3-venv
    elif [[ "$python" == /usr/bin/python3* ]]; then
        # Debian's own python3 needs python3-venv before it can make the uv bootstrap venv.
        echo python3-venv
    fi
}

# Prints the wanted packages that are not installed, one per line.
# INSPECTOR_DEV_PRETEND_MISSING="pkg ..." marks packages as missing to try the install path.
missing_debian_packages() {
    local -a wanted
    mapfile -t wanted < <(wanted_debian_packages)
    local installed
    # One dpkg-query for all packages keeps the "everything present" path fast. It exits 1
    # when any package is unknown to dpkg, which is the normal "missing" case here.
    installed=$( (dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${wanted[@]}" 2>/dev/null ||
        true) | awk '$2 == "ii" { sub(/:.*/, "", $1); print $1 }')
    local pkg
    for pkg in "${wanted[@]}"; do
        if [[ " ${INSPECTOR_DEV_PRETEND_MISSING:-} " == *" $pkg "* ]] ||
            ! grep -qxF "$pkg" <<<"$installed"; then
            echo "$pkg"
        fi
    done
}

ensure_system_packages() {
    if [[ "${INSPECTOR_DEV_SKIP_SYSTEM:-}" == "1" ]]; then
        say "INSPECTOR_DEV_SKIP_SYSTEM=1: not checking system packages"
        return 0
    fi
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        warn "not a Debian-like system: cannot check system packages. Install the equivalents of:"
        wanted_debian_packages | tr '\n' ' ' >&2
        echo >&2
        return 0
    fi
    local -a missing
    mapfile -t missing < <(missing_debian_packages)
    ((${#missing[@]} == 0)) && return 0

    say "missing system packages: ${missing[*]}"
    local prefix
    if ! prefix=$(root_prefix); then
        local sudo="sudo " how="Run this as an admin, then retry:"
        if ! command -v sudo >/dev/null 2>&1; then
            # A minimal Debian has no sudo: the command must be typed as root (su -).
            sudo="" how="Run this as root (su -, or your admin), then retry:"
        fi
        local cmd="${sudo}apt-get update && ${sudo}env DEBIAN_FRONTEND=noninteractive"
        cmd+=" apt-get install -y --no-install-recommends ${missing[*]}"
        {
            echo "dev: error: cannot install them: not root and sudo is not available"
            echo "dev:        without a password prompt. $how"
            echo
            echo "    $cmd"
            echo
            echo "dev: or set INSPECTOR_DEV_SKIP_SYSTEM=1 to go on without them"
            echo "dev: (the GUI, PDF, or PostgreSQL parts that need them will fail or skip)."
        } >&2
        return 1
    fi
    local -a run
    read -r -a run <<<"$prefix" # "", "sudo" or "sudo -n"
    run+=(env DEBIAN_FRONTEND=noninteractive)
    say "installing them with apt-get (apt-get update first)"
    # apt and dpkg are chatty; keep their output in a log and show it only on failure.
    local log
    log=$(mktemp "${TMPDIR:-/tmp}/inspector-dev-apt.XXXXXX")
    if ! "${run[@]}" apt-get update >"$log" 2>&1 ||
        ! "${run[@]}" apt-get install -y --no-install-recommends -o Dpkg::Use-Pty=0 \
            "${missing[@]}" >>"$log" 2>&1; then
        tail -n 30 "$log" >&2
        rm -f "$log"
        die "apt-get failed installing: ${missing[*]}"
    fi
    rm -f "$log"
    say "installed: ${missing[*]}"
}
