"""`inspector-app`: the desktop app, and the subcommands scripts and the center's IT rely on.

Exit status 0 on success; otherwise non-zero with a one-line reason on stderr (several lines
only when there are several problems, e.g. checklist validation, one per problem).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from inspector_app import __version__
from inspector_app.paths import ENV_DATA_DIR

if TYPE_CHECKING:
    from inspector_app.operations import App


class CliError(Exception):
    """A user-facing failure: printed as one line, exit status `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _app(args: argparse.Namespace) -> App:
    from inspector_app.operations import App

    return App(args.data_dir)


# ---- checklists --------------------------------------------------------------------------


def cmd_checklists_list(args: argparse.Namespace) -> int:
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


def cmd_checklists_validate(args: argparse.Namespace) -> int:
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


# ---- the inspector profile ----------------------------------------------------------------


def cmd_profile(args: argparse.Namespace) -> int:
    """Show the profile, or set it (--name, --unit); every later audit row names it."""
    from inspector_app.operations.profile import get_profile, set_profile

    with _app(args) as app:
        profile = get_profile(app)
        if args.name is not None or args.unit is not None:
            if args.name is None and not profile.is_set:
                raise CliError(
                    "profile: no inspector name on this laptop yet: give --name NAME too"
                )
            name = args.name if args.name is not None else profile.name
            unit = args.unit if args.unit is not None else profile.unit
            profile = set_profile(app, name, unit)
    if args.json:
        fields = {"name": profile.name, "unit": profile.unit}
        fields |= {"account": profile.account, "role": profile.role}
        print(json.dumps(fields, ensure_ascii=False, indent=2))
        return 0
    if not profile.is_set:
        print("no inspector profile on this laptop; set one: inspector-app profile --name NAME")
        return 0
    print(f"name: {profile.name}")
    print(f"unit: {profile.unit or '-'}")
    if profile.account:
        role = f" ({profile.role})" if profile.role else ""
        print(f"account: {profile.account}{role}")
    return 0


# ---- inspections -------------------------------------------------------------------------

# The demo is fictitious throughout, its trail included: its rows name the demo team's own
# lead (operations/demo.py), never the person on this laptop, who recorded none of it. So
# `inspector-app demo` (and `./dev app`, which seeds with it) needs no profile.
DEMO_INSPECTOR = "王建国"


def cmd_demo(args: argparse.Namespace) -> int:
    from inspector_app.operations import App
    from inspector_app.operations.demo import seed_demo

    with App(args.data_dir, actor=DEMO_INSPECTOR) as app:
        print(seed_demo(app))
    return 0


def cmd_inspections_list(args: argparse.Namespace) -> int:
    from inspector_app.domain.model import LABELS, InspectionType, Status
    from inspector_app.operations.inspections import list_inspections

    with _app(args) as app:
        rows = list_inspections(app, include_archived=args.all)
    if args.json:
        print(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print("no inspections (run `inspector-app demo` to create a demo inspection)")
        return 0
    for r in rows:
        kind = LABELS[InspectionType(r.inspection_type)]
        status = LABELS[Status(r.status)]
        dates = r.actual_start or r.planned_start or "-"
        print(
            f"{r.id}  {status}  {r.company_name}  {kind}  {dates}  "
            f"严重{r.critical}/主要{r.major}/一般{r.general}  待同步{r.pending_sync}"
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from inspector_app.operations.interchange import export_inspection

    with _app(args) as app:
        data = export_inspection(app, args.inspection_id)
    if args.output:
        _write_atomically(Path(args.output), data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from inspector_app.operations.interchange import import_inspection

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"{path}: {exc.strerror}") from None
    with _app(args) as app:
        print(import_inspection(app, data, source=str(path)))
    return 0


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


# ---- the desktop app ---------------------------------------------------------------------


def run_desktop(args: argparse.Namespace) -> int:
    from inspector_app.ui.app import run

    return run(args.data_dir)


# ---- wiring ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspector-app",
        description="Pre-inspection workbench. Without a subcommand, starts the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"inspector-app {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where the database and photos live (default: ${ENV_DATA_DIR} or the user data dir)",
    )
    parser.set_defaults(handler=run_desktop)
    sub = parser.add_subparsers(title="subcommands", metavar="SUBCOMMAND")

    checklists = sub.add_parser("checklists", help="list or validate checklist files")
    csub = checklists.add_subparsers(metavar="ACTION", required=True)
    p = csub.add_parser("list", help="checklists bundled with this version")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_checklists_list)
    p = csub.add_parser("validate", help="validate checklist files (default: the bundled ones)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders of *.yaml")
    p.set_defaults(handler=cmd_checklists_validate)

    p = sub.add_parser(
        "profile",
        help="show or set the inspector profile (the name the audit trail gives every change)",
    )
    p.add_argument("--name", metavar="NAME", help="your name, as the audit trail shows it")
    p.add_argument("--unit", metavar="UNIT", help='your unit (optional; "" removes it)')
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_profile)

    p = sub.add_parser(
        "demo", help="create a realistic demo inspection (by its fictitious lead) and print its id"
    )
    p.set_defaults(handler=cmd_demo)

    inspections = sub.add_parser("inspections", help="inspections on this laptop")
    isub = inspections.add_subparsers(metavar="ACTION", required=True)
    p = isub.add_parser("list", help="list inspections, newest first")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include archived inspections")
    p.set_defaults(handler=cmd_inspections_list)

    p = sub.add_parser("export", help="write one inspection as interchange JSON")
    p.add_argument("inspection_id", metavar="INSPECTION_ID")
    p.add_argument("-o", "--output", metavar="FILE.json", help="default: standard output")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", help="import an interchange JSON file, print the id")
    p.add_argument("file", metavar="FILE.json")
    p.set_defaults(handler=cmd_import)

    from inspector_app.reports.commands import add_commands as add_report_commands

    add_report_commands(sub)
    from inspector_app.sync.commands import add_commands as add_sync_commands

    add_sync_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except CliError as exc:
        print(f"inspector-app: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last line of defence: one line, not a traceback
        return _report(exc)


def _report(exc: Exception) -> int:
    from inspector_app.domain.errors import DomainError
    from inspector_app.store.blobs import PhotoRefused
    from inspector_app.store.db import StoreError

    known: tuple[type[Exception], ...] = (DomainError, PhotoRefused, StoreError)
    try:
        from inspector_app.operations.interchange import InterchangeError

        known += (InterchangeError,)
    except ImportError:  # pragma: no cover
        pass
    try:
        from inspector_app.checklist.loader import ChecklistError
        from inspector_app.checklist.profiles import ProfileError

        known += (ChecklistError, ProfileError)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(exc, known):
        print(f"inspector-app: {exc}", file=sys.stderr)
        return 1
    print(f"inspector-app: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
