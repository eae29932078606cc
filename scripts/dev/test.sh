# `./dev test`: ruff, then pytest (offscreen Qt, throwaway PostgreSQL). Sourced by ./dev.
# shellcheck shell=bash

# Below this many test files two xdist workers cost more to start than they save.
XDIST_MIN_TEST_FILES=12

TEST_TMP=""

test_cleanup() {
    pg_cluster_stop
    if [[ -n "$TEST_TMP" ]]; then
        rm -rf "$TEST_TMP"
        TEST_TMP=""
    fi
}

# Prints pytest's xdist options: `-n auto` for a whole-suite run on 2+ cores with enough
# test files; nothing for a focused run (paths, node ids, -k) or when the caller chose
# -n/--dist/--pdb or touched the xdist plugin with -p.
xdist_args() {
    local choice=${INSPECTOR_DEV_XDIST:-smart}
    case "$choice" in
    0 | no | off) return 0 ;;
    smart) ;;
    *)
        echo "-n $choice"
        return 0
        ;;
    esac
    local -a args=("$@")
    local i=0 arg
    while ((i < ${#args[@]})); do
        arg=${args[i]}
        case "$arg" in
        -n* | --numprocesses* | --dist* | --pdb | --trace | -k*) return 0 ;;
        -p)
            [[ "${args[i + 1]:-}" != *xdist* ]] || return 0
            ((i += 1))
            ;;
        -p*xdist*) return 0 ;;
        # Options whose value is the next argument: skip it, it is not a path.
        -m | -o | -c | -W | --ignore | --ignore-glob | --deselect | --maxfail | --tb | \
            --junitxml | --junit-xml | --basetemp | --rootdir | --confcutdir | --durations | \
            --log-level | --hypothesis-seed | --hypothesis-profile) ((i += 1)) ;;
        -*) ;;
        *) return 0 ;; # a path or node id: a focused run, stay in one process
        esac
        ((i += 1))
    done
    (($(nproc 2>/dev/null || echo 1) >= 2)) || return 0
    [[ -d "$DEV_ROOT/tests" ]] || return 0
    local files
    files=$(find "$DEV_ROOT/tests" \( -name 'test_*.py' -o -name '*_test.py' \) | wc -l)
    ((files >= XDIST_MIN_TEST_FILES)) && echo "-n auto"
    return 0
}

run_lint() {
    local -a dirs=()
    local d
    for d in src tests benchmarks; do
        [[ -d "$DEV_ROOT/$d" ]] && dirs+=("$d")
    done
    say "ruff check ${dirs[*]}"
    "$DEV_VENV/bin/ruff" check --quiet "${dirs[@]}"
}

run_tests() {
    trap test_cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    local lint_rc=0
    run_lint || lint_rc=$?
    ((lint_rc == 0)) || warn "ruff found problems (running the tests anyway; fix them before pushing)"

    if [[ -n "${INSPECTOR_TEST_PG_URL:-}" ]]; then
        say "using your INSPECTOR_TEST_PG_URL for the server tests"
    elif [[ "${INSPECTOR_DEV_NO_PG:-}" == "1" ]] && ! is_ci; then
        say "INSPECTOR_DEV_NO_PG=1: no PostgreSQL; tests that need it will skip"
    elif ! pg_cluster_start; then
        if is_ci; then
            die "CI=true but the test PostgreSQL could not be started (see above); the server \
tests must run in CI. Is the postgresql package installed (./dev setup installs it)?"
        fi
        warn "no PostgreSQL for this run: tests that need it will SKIP (CI treats this as failure)"
    fi
    # In CI a missing database is a failure, not a skip; tests read this flag.
    if is_ci; then
        export INSPECTOR_TEST_PG_REQUIRED=1
    fi

    # Tests never touch the developer's real data or settings.
    TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/inspector-test.XXXXXX")
    unset INSPECTOR_APP_DATA_DIR
    export XDG_DATA_HOME="$TEST_TMP/data" XDG_CONFIG_HOME="$TEST_TMP/config"
    export XDG_STATE_HOME="$TEST_TMP/state"
    export QT_QPA_PLATFORM=offscreen

    local -a xdist
    read -r -a xdist <<<"$(xdist_args "$@")"
    say "pytest ${xdist[*]:-(one process)} $*"
    # CI is killed silently at 90 minutes; stop a hung suite first with SIGINT so pytest
    # still prints where it was and its summary.
    local limit=${INSPECTOR_DEV_TEST_TIMEOUT:-}
    if [[ -z "$limit" ]] && is_ci; then
        limit=80m
    fi
    local -a guard=()
    [[ -n "$limit" ]] && guard=(timeout --signal=INT --kill-after=120 "$limit")

    local rc=0
    "${guard[@]}" "$DEV_VENV/bin/python" -m pytest "${xdist[@]}" "$@" || rc=$?

    case "$rc" in
    0) ;;
    124) warn "pytest did not finish within $limit (INSPECTOR_DEV_TEST_TIMEOUT) and was stopped" ;;
    5) warn "pytest collected no tests (exit 5): nothing was tested, so this counts as a failure" ;;
    *) warn "pytest failed (exit $rc)" ;;
    esac
    if ((rc == 0 && lint_rc != 0)); then
        warn "tests passed but ruff found problems (see above)"
        rc=1
    fi
    return "$rc"
}
