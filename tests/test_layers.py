"""Imports run one way (docs: ARCHITECTURE "Layers"), checked on the source by module path.

Every .py under src/inspector_app is parsed (nothing is imported), and every `import` and
`from ... import` naming a module of the package is an arrow, wherever it stands: at the top,
inside a function (the lazy imports of start-up), or under `if TYPE_CHECKING:` (a type is a
dependency too). An arrow between two top-level packages must be in ALLOWED; one that is not
runs up or sideways and fails the test, named by module path.

Also: `import inspector_app.ui.app` (what the window's start pays) loads neither httpx,
ReportLab, the report renderer nor the sync client.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "src" / "inspector_app"

# Top-level packages by layer: 3 calls 2 calls 1 calls 0. Arrows run down only.
LAYER = {
    "domain": 0,
    "checklist": 1,
    "store": 1,
    "reports": 1,
    "sync": 1,
    "operations": 2,
    "ui": 3,
    "cli": 3,
    "server": 3,
}

# What each package may import besides itself. The package root (`__version__`, its folder)
# `paths`, `files` and `logs` are below everything but domain, which imports nothing outside
# domain/.
BASE = {"<root>", "paths", "files", "logs"}
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "checklist": {"domain"} | BASE,
    "store": {"domain"} | BASE,
    # Reports render a checklist's items and clause citations.
    "reports": {"domain", "checklist"} | BASE,
    # Sync hands the changes it receives to the store, which merges them (below operations).
    "sync": {"domain", "store"} | BASE,
    "operations": {"domain", "checklist", "store", "reports", "sync"} | BASE,
    # The window goes through operations: no store/, and no sync/ or reports/ of its own.
    "ui": {"domain", "checklist", "operations"} | BASE,
    "cli": {"domain", "checklist", "operations"} | BASE,
    # The center's service has its own database and verbs; it shares the laptop's domain,
    # checklist format, wire messages (sync/), report model and the store's JSON/SQLite helpers.
    "server": {"domain", "checklist", "store", "reports", "sync"} | BASE,
    "paths": set(),
    "files": set(),
    "logs": set(),
    "<root>": set(),
    "__main__": {"cli"},
}

# Single arrows allowed across the table, each for a reason.
EXCEPTIONS = {
    # `inspector-app` without a subcommand is the desktop app: the entry point starts it.
    ("inspector_app.cli", "inspector_app.ui.app"),
}

# Arrows still being moved in issue 13; the test passes with them and fails when one is gone
# (so this set only shrinks). Remove an entry when its move lands.
KNOWN: set[tuple[str, str]] = set()  # arrows still being moved; none left


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "<root>"


def imports_of(path: Path) -> set[str]:
    """Every module of inspector_app that this file imports, at any depth of the file."""
    module = module_name(path)
    here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against this module's package
                base = here[: len(here) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            # `from inspector_app.x import y` may name a submodule y: count it too.
            named = (f"{target}.{a.name}" for a in node.names)
            found.update(name for name in named if _is_module(name))
    return {t for t in found if t == "inspector_app" or t.startswith("inspector_app.")}


def _is_module(name: str) -> bool:
    rel = Path(*name.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def all_arrows() -> set[tuple[str, str]]:
    return {
        (module_name(path), target)
        for path in sorted(PACKAGE.rglob("*.py"))
        for target in imports_of(path)
    }


def wrong_way(arrows: set[tuple[str, str]]) -> set[tuple[str, str]]:
    bad = set()
    for source, target in arrows:
        src, dst = package_of(source), package_of(target)
        if src == dst or (source, target) in EXCEPTIONS:
            continue
        if dst not in ALLOWED[src]:
            bad.add((source, target))
    return bad


def test_every_package_is_placed():
    found = {package_of(module_name(p)) for p in PACKAGE.rglob("*.py")}
    assert found <= set(ALLOWED), f"place these in LAYER/ALLOWED: {sorted(found - set(ALLOWED))}"
    assert set(LAYER) <= set(ALLOWED)


def test_the_table_itself_points_down():
    # Sideways within layer 1 only where named above (reports→checklist, sync→store).
    for src, targets in ALLOWED.items():
        for dst in targets & set(LAYER):
            assert LAYER[dst] <= LAYER.get(src, 9), f"{src} -> {dst} runs up"


def test_imports_run_one_way():
    arrows = all_arrows()
    bad = wrong_way(arrows) - KNOWN
    lines = [f"{s} -> {t}  ({package_of(s)} may not import {package_of(t)})" for s, t in bad]
    assert not bad, "imports against the layers:\n" + "\n".join(sorted(lines))


def test_known_arrows_still_exist():
    # A KNOWN arrow that is gone is a move that landed: drop it from KNOWN.
    gone = KNOWN - wrong_way(all_arrows())
    assert not gone, f"no longer imported, remove from KNOWN: {sorted(gone)}"


def test_domain_imports_nothing_outside_domain():
    outside = {
        (s, t) for s, t in all_arrows() if package_of(s) == "domain" and package_of(t) != "domain"
    }
    assert not outside, sorted(outside)


def test_the_checker_sees_function_level_and_relative_imports(tmp_path, monkeypatch):
    """The AST walk itself: a lazy import in a function and a relative one are arrows."""
    fake = tmp_path / "inspector_app"
    (fake / "domain").mkdir(parents=True)
    (fake / "ui").mkdir()
    for d in (fake, fake / "domain", fake / "ui"):
        (d / "__init__.py").write_text("")
    (fake / "store.py").write_text("")
    (fake / "domain" / "model.py").write_text(
        "def f():\n    from inspector_app.ui import thing\n    from .. import store\n"
    )
    (fake / "ui" / "thing.py").write_text("")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    found = imports_of(fake / "domain" / "model.py")
    ui, store = "inspector_app.ui", "inspector_app.store"
    assert found == {ui, f"{ui}.thing", "inspector_app", store}
    assert ("inspector_app.domain.model", "inspector_app.ui.thing") in wrong_way(all_arrows())


# What the window's start must not load; the screens that need them import them when opened.
NOT_AT_WINDOW_START = (
    "httpx",
    "reportlab",
    "inspector_app.reports.render",
    "inspector_app.sync.client",
)

PROBE = """
import json, sys
import inspector_app.ui.app
heavy = {heavy!r}
print(json.dumps(sorted(m for m in sys.modules if m in heavy or m.split(".")[0] in heavy)))
"""


def test_importing_the_window_loads_no_sync_client_or_report_renderer():
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=NOT_AT_WINDOW_START)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
