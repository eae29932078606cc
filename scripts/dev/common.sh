# Shared helpers for ./dev (sourced, not executed).
# shellcheck shell=bash

DEV_ROOT=${DEV_ROOT:?DEV_ROOT must be set by ./dev}
export DEV_VENV="$DEV_ROOT/.venv"

say() { printf 'dev: %s\n' "$*" >&2; }
warn() { printf 'dev: warning: %s\n' "$*" >&2; }
die() {
    printf 'dev: error: %s\n' "$*" >&2
    exit 1
}

is_ci() { [[ "${CI:-}" == "true" || "${CI:-}" == "1" ]]; }

# Privilege for apt-get. INSPECTOR_DEV_PRETEND_UNPRIVILEGED=1 makes a root shell act as a
# normal user, so the sudo and "tell the user what to run" paths can be tried as root.
is_root() {
    [[ "${INSPECTOR_DEV_PRETEND_UNPRIVILEGED:-}" != "1" && "$(id -u)" == "0" ]]
}

# Prints the command prefix that gives root ("" when we are root, "sudo" when usable),
# or fails when neither works without a password prompt we cannot answer.
root_prefix() {
    if is_root; then
        printf ''
        return 0
    fi
    command -v sudo >/dev/null 2>&1 || return 1
    if sudo -n true 2>/dev/null; then
        printf 'sudo -n'
        return 0
    fi
    # A person at a terminal can type the password; CI and pipes cannot.
    if [[ -t 0 && -t 2 ]] && ! is_ci; then
        printf 'sudo'
        return 0
    fi
    return 1
}

# Absolute path of the first python3 >= 3.11 on PATH (INSPECTOR_DEV_PYTHON wins).
find_python() {
    local candidates=() c exe
    if [[ -n "${INSPECTOR_DEV_PYTHON:-}" ]]; then
        candidates=("$INSPECTOR_DEV_PYTHON")
    else
        candidates=(python3 python3.13 python3.12 python3.11)
    fi
    for c in "${candidates[@]}"; do
        command -v "$c" >/dev/null 2>&1 || continue
        exe=$("$c" -c 'import sys
if sys.version_info >= (3, 11):
    print(sys.executable)' 2>/dev/null) || continue
        if [[ -n "$exe" ]]; then
            printf '%s\n' "$exe"
            return 0
        fi
    done
    return 1
}
