# `./dev app`: seed a demo inspection into an empty data dir, then start the desktop app.
# Sourced by ./dev.
# shellcheck shell=bash

# Counts the inspections in `inspector-app [--data-dir DIR] inspections list --json`.
# Accepts a JSON list or an object holding one under "inspections".
count_inspections() {
    local app="$DEV_VENV/bin/inspector-app" json
    json=$("$app" "$@" inspections list --json) || return 1
    "$DEV_VENV/bin/python" -c 'import json, sys
data = json.loads(sys.stdin.read() or "[]")
if isinstance(data, dict):
    data = data.get("inspections", [])
print(len(data))' <<<"$json"
}

has_display() {
    [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" || -n "${QT_QPA_PLATFORM:-}" ]]
}

run_app() {
    local app="$DEV_VENV/bin/inspector-app"
    [[ -x "$app" ]] || die "$app is missing; ./dev setup did not install the project"

    # Only a plain launch (optionally with --data-dir) gets the demo; anything else
    # (`./dev app --version`, `./dev app checklists list`, ...) goes straight to the CLI.
    local -a data_args=()
    local -a rest=("$@")
    while ((${#rest[@]})); do
        case "${rest[0]}" in
        --data-dir=*)
            data_args+=("${rest[0]}")
            rest=("${rest[@]:1}")
            ;;
        --data-dir)
            ((${#rest[@]} >= 2)) || die "--data-dir needs a directory"
            data_args+=("${rest[@]:0:2}")
            rest=("${rest[@]:2}")
            ;;
        *) exec "$app" "$@" ;;
        esac
    done

    if ! has_display; then
        die "no display (\$DISPLAY and \$WAYLAND_DISPLAY are unset). Run it on a virtual \
screen instead:  xvfb-run -a ./dev app $*"
    fi

    local count
    if count=$(count_inspections "${data_args[@]}"); then
        if [[ "$count" == "0" ]]; then
            say "no inspections yet: seeding a demo inspection (inspector-app demo)"
            local demo_id
            demo_id=$("$app" "${data_args[@]}" demo) || die "inspector-app demo failed"
            say "demo inspection: $demo_id"
        fi
    else
        warn "could not list inspections; starting without seeding a demo"
    fi
    say "starting inspector-app"
    exec "$app" "${data_args[@]}"
}
