# Throwaway PostgreSQL cluster for the server tests (sourced by ./dev).
# pg_cluster_start exports INSPECTOR_TEST_PG_URL; pg_cluster_stop stops it and deletes its files.
# shellcheck shell=bash

PG_TMP=""
PG_BIN=""
PG_RUN=()

# INSPECTOR_DEV_PG_BIN, else the newest Debian server install, else initdb on PATH.
find_pg_bin() {
    local dir=${INSPECTOR_DEV_PG_BIN:-}
    if [[ -n "$dir" ]]; then
        [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] || return 1
        PG_BIN=$dir
        return 0
    fi
    dir=$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/initdb' -printf '%h\n' 2>/dev/null |
        sort -V | tail -n1)
    if [[ -z "$dir" ]] && command -v initdb >/dev/null 2>&1; then
        dir=$(dirname "$(command -v initdb)")
    fi
    [[ -n "$dir" && -x "$dir/pg_ctl" ]] || return 1
    PG_BIN=$dir
}

free_port() {
    "${DEV_PYTHON:-python3}" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# PostgreSQL refuses to run as root: run its programs as `postgres` (or `nobody`) then.
choose_pg_user() {
    PG_RUN=()
    [[ "$(id -u)" == "0" ]] || return 0
    local user
    for user in postgres nobody; do
        if id -u "$user" >/dev/null 2>&1; then
            PG_RUN=(runuser -u "$user" --)
            chown -R "$user" "$PG_TMP"
            return 0
        fi
    done
    return 1
}

# Returns 0 with INSPECTOR_TEST_PG_URL exported, or 1 with the reason on stderr.
pg_cluster_start() {
    find_pg_bin || {
        warn "no PostgreSQL server programs found${INSPECTOR_DEV_PG_BIN:+ in \
$INSPECTOR_DEV_PG_BIN} (Debian: apt-get install postgresql)"
        return 1
    }
    # /tmp, not $TMPDIR: the postgres user must be able to reach the directory.
    PG_TMP=$(mktemp -d /tmp/inspector-test-pg.XXXXXX) || return 1
    choose_pg_user || {
        warn "running as root and no postgres/nobody user to run PostgreSQL as"
        return 1
    }
    local data="$PG_TMP/data" log="$PG_TMP/server.log"
    if ! "${PG_RUN[@]}" "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 \
        --locale=C --no-sync >"$PG_TMP/initdb.log" 2>&1; then
        warn "initdb failed:"
        tail -n 20 "$PG_TMP/initdb.log" >&2
        return 1
    fi
    local attempt port
    for attempt in 1 2 3; do
        port=$(free_port) || return 1
        # Durability is pointless for a cluster deleted after the run; speed is not.
        if "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 start -o \
            "-h 127.0.0.1 -p $port -k $PG_TMP -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=200" >/dev/null 2>&1; then
            if "${PG_RUN[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres \
                inspector_test 2>"$PG_TMP/createdb.log"; then
                export INSPECTOR_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/inspector_test"
                say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }') test \
cluster on 127.0.0.1:$port"
                return 0
            fi
            cat "$PG_TMP/createdb.log" >&2
            return 1
        fi
        # Most likely someone took the port between free_port and start; try another.
        sleep "$attempt"
    done
    warn "PostgreSQL did not start; server log:"
    tail -n 20 "$log" >&2 2>/dev/null
    return 1
}

pg_cluster_stop() {
    [[ -n "$PG_TMP" ]] || return 0
    if [[ -n "$PG_BIN" && -f "$PG_TMP/data/postmaster.pid" ]]; then
        "${PG_RUN[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w -t 30 stop \
            >/dev/null 2>&1 || warn "could not stop the test PostgreSQL in $PG_TMP"
    fi
    rm -rf "$PG_TMP"
    PG_TMP=""
}
