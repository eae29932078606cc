# `./dev check-deps` (sourced): runs ldd over the compiled files of .venv that the app loads
# and names the Debian package of every shared library the system still lacks.
# The PySide6 wheel bundles Qt but not the system libraries Qt links (glib, xcb, GL,
# fontconfig, D-Bus, ...); debian-packages.txt must supply them, and this is its check.
# shellcheck shell=bash

DEV_SONAMES="$DEV_ROOT/scripts/dev/debian-sonames.txt"

# Plugins of the wheel that the app never loads on purpose: they need Qt modules from
# PySide6-Addons, which we do not install (Qt Pdf, Virtual Keyboard), or GTK 3 (Qt tries the
# gtk3 theme only on GNOME and falls back to its own when it cannot load it).
DEPS_SKIPPED_PLUGINS=(
    imageformats/libqpdf.so
    platforminputcontexts/libqtvirtualkeyboardplugin.so
    platformthemes/libqgtk3.so
)

# The venv's site-packages directory (there is one; python3.* matches its version).
venv_site_packages() {
    local dir
    for dir in "$DEV_VENV"/lib/python3*/site-packages; do
        [[ -d "$dir/PySide6" ]] || continue
        printf '%s\n' "$dir"
        return 0
    done
    return 1
}

# Prints, one per line, every file the check covers: the PySide6 modules the app imports, the
# Qt translation tools setup runs, the plugins Qt loads for the platforms we support (xcb
# under X11 and Xvfb, wayland, offscreen for tests), and every other compiled file of the venv.
deps_files() {
    local sp=$1 f skip rel
    local pyside="$sp/PySide6" plugins="$sp/PySide6/Qt/plugins"
    local -a files=(
        "$pyside"/Qt{Core,Gui,Widgets}.abi3.so "$pyside"/libpyside6.abi3.so.*
        "$pyside"/lrelease "$pyside"/lupdate
        "$plugins"/platforms/lib{qxcb,qwayland,qoffscreen,qminimal}.so
        "$plugins"/{xcbglintegrations,imageformats,iconengines}/*.so
        "$plugins"/{platforminputcontexts,platformthemes}/*.so
        "$plugins"/wayland-{decoration-client,graphics-integration-client,shell-integration}/*.so
    )
    for f in "${files[@]}"; do
        [[ -f "$f" ]] || continue
        rel=${f#"$plugins"/}
        for skip in "${DEPS_SKIPPED_PLUGINS[@]}"; do
            [[ "$rel" == "$skip" ]] && continue 2
        done
        printf '%s\n' "$f"
    done
    # shiboken6, Pillow, reportlab, psycopg-binary, pydantic-core, ...: manylinux wheels
    # carry their own libraries, but a missing system one would show here too.
    find "$sp" -path "$pyside" -prune -o -type f \( -name '*.so' -o -name '*.so.*' \) -print
}

# The Debian package that ships shared library $1: our table, then dpkg, then apt-file.
soname_package() {
    local so=$1 pkg
    pkg=$(awk -v so="$so" '$1 == so { print $2; exit }' "$DEV_SONAMES" 2>/dev/null)
    if [[ -z "$pkg" ]] && command -v dpkg-query >/dev/null 2>&1; then
        pkg=$(dpkg -S "*/$so" 2>/dev/null | head -n1 | cut -d: -f1)
    fi
    if [[ -z "$pkg" ]] && command -v apt-file >/dev/null 2>&1; then
        pkg=$(apt-file search -l "/$so" 2>/dev/null | head -n1)
    fi
    printf '%s\n' "${pkg:-?}"
}

# Prints "SONAME FILE" for every library ldd cannot find. LD_LIBRARY_PATH is dropped so that
# the answer is what a plain session of the app would get.
deps_missing() {
    local sp=$1
    deps_files "$sp" | while IFS= read -r f; do
        env -u LD_LIBRARY_PATH ldd "$f" 2>/dev/null |
            awk -v f="${f#"$sp"/}" '$2 == "=>" && $3 == "not" { print $1, f }'
    done
}

# Reports missing libraries with their packages; returns 1 when any is missing.
check_shared_libraries() {
    command -v ldd >/dev/null 2>&1 || die "ldd not found (Debian: it is in libc-bin)"
    local sp
    sp=$(venv_site_packages) || die "no PySide6 in $DEV_VENV: run ./dev setup first"
    local count
    count=$(deps_files "$sp" | wc -l)
    say "ldd over $count compiled files in ${sp#"$DEV_ROOT"/} (PySide6 modules, Qt plugins, \
lrelease/lupdate, other wheels)"
    local missing
    missing=$(deps_missing "$sp" | sort -u)
    if [[ -z "$missing" ]]; then
        say "no missing shared libraries"
        return 0
    fi

    local -a listed
    mapfile -t listed < <(wanted_debian_packages)
    local so pkg users n where
    local -a to_install=() unknown=()
    say "missing shared libraries (library, Debian package, files that need it):"
    while read -r so; do
        pkg=$(soname_package "$so")
        users=$(awk -v so="$so" '$1 == so { print $2 }' <<<"$missing")
        n=$(wc -l <<<"$users")
        where=$(head -n2 <<<"$users" | tr '\n' ' ')
        ((n > 2)) && where+="and $((n - 2)) more"
        printf '  %-26s %-20s %s\n' "$so" "$pkg" "$where" >&2
        if [[ "$pkg" == "?" ]]; then
            unknown+=("$so")
        elif [[ " ${to_install[*]} " != *" $pkg "* ]]; then
            to_install+=("$pkg")
        fi
    done < <(awk '{ print $1 }' <<<"$missing" | uniq)

    local -a unlisted=()
    for pkg in "${to_install[@]}"; do
        [[ " ${listed[*]} " == *" $pkg "* ]] || unlisted+=("$pkg")
    done
    if ((${#to_install[@]})); then
        say "install: apt-get install --no-install-recommends ${to_install[*]}"
    fi
    if ((${#unlisted[@]})); then
        say "not in scripts/dev/debian-packages.txt, so ./dev setup will not install them: \
${unlisted[*]} (add them there, with the reason)"
    elif ((${#to_install[@]})); then
        say "all of them are in scripts/dev/debian-packages.txt: ./dev setup installs them"
    fi
    if ((${#unknown[@]})); then
        say "no package known for ${unknown[*]}: find it with apt-file search LIBRARY \
(apt-get install apt-file && apt-file update), then add it to scripts/dev/debian-sonames.txt"
    fi
    return 1
}
