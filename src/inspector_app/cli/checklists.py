"""`inspector-app checklists list | checklists validate [PATH ...]`.

Reads checklist files only; no database, so neither command opens the App.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from inspector_app.cli.common import CliError


def cmd_list(args: argparse.Namespace) -> int:
    from inspector_app.checklist.library import ChecklistLibrary, bundled_checklists_dir
    from inspector_app.checklist.profiles import bundled_profiles

    profiles = set(bundled_profiles())
    library = ChecklistLibrary.load([bundled_checklists_dir()], rule_profiles=profiles)
    offered = {c.key for c in library.offered()}
    rows = []
    for c in library.all():
        rows.append(
            {
                "id": c.id,
                "version": c.version,
                "kind": c.kind.value,
                "title": c.title,
                "regulation": f"{c.regulation.name}（{c.regulation.version}）",
                "items": len(c.walk_items()),
                "rule_profile": c.rule_profile,
                "offered": c.key in offered,
            }
        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        mark = "" if r["offered"] else "  [old inspections only]"
        print(f"{r['id']} v{r['version']}\t{r['items']} items\t{r['title']}{mark}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from inspector_app.checklist.library import bundled_checklists_dir
    from inspector_app.checklist.loader import check_checklist_file
    from inspector_app.checklist.profiles import ProfileError, bundled_profiles, load_profiles

    paths = [Path(p) for p in args.paths] or [bundled_checklists_dir()]
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")))
        elif path.exists():
            files.append(path)
        else:
            raise CliError(f"{path}: no such file or directory")
    if not files:
        raise CliError(f"no checklist files (*.yaml) in {', '.join(map(str, paths))}")
    problems: list[str] = []
    profiles = dict(bundled_profiles())
    for path in paths:
        # A checklist folder may carry its own rule profiles (checklists/rule-profiles/).
        if path.is_dir() and (path / "rule-profiles").is_dir():
            try:
                profiles.update(load_profiles(path / "rule-profiles"))
            except ProfileError as exc:
                problems.extend(str(p) for p in exc.problems)
    total_items = 0
    for file in files:
        checklist, found = check_checklist_file(file, rule_profiles=set(profiles))
        problems.extend(str(p) for p in found)
        if checklist is not None and not found:
            total_items += len(checklist.walk_items())
    if problems:
        for line in problems:
            print(line, file=sys.stderr)
        print(f"{len(problems)} problem(s) in {len(files)} file(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(files)} checklist file(s), {total_items} items")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `checklists list|validate` to the top-level subparsers."""
    checklists = sub.add_parser("checklists", help="list or validate checklist files")
    csub = checklists.add_subparsers(metavar="ACTION", required=True)
    p = csub.add_parser("list", help="checklists bundled with this version")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = csub.add_parser("validate", help="validate checklist files (default: the bundled ones)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders of *.yaml")
    p.set_defaults(handler=cmd_validate)
