"""`inspector-app demo | inspections list | export ID | import FILE.json`: whole inspections."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from inspector_app.cli.common import CliError, open_app, write_atomically

# The demo is fictitious throughout, its trail included: its rows name the demo team's own
# lead (operations/demo.py), never the person on this laptop, who recorded none of it. So
# `inspector-app demo` (and `./dev app`, which seeds with it) needs no profile.
DEMO_INSPECTOR = "王建国"


def cmd_demo(args: argparse.Namespace) -> int:
    from inspector_app.cli.encryption import data_key
    from inspector_app.operations import App
    from inspector_app.operations.demo import seed_demo

    with App(args.data_dir, actor=DEMO_INSPECTOR, key=data_key(args.data_dir)) as app:
        print(seed_demo(app))
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from inspector_app.domain.model import LABELS, InspectionType, Status
    from inspector_app.operations.inspections import list_inspections

    with open_app(args) as app:
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

    with open_app(args) as app:
        data = export_inspection(app, args.inspection_id)
    if args.output:
        write_atomically(Path(args.output), data)
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
    with open_app(args) as app:
        print(import_inspection(app, data, source=str(path)))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `demo`, `inspections list`, `export` and `import` to the top-level subparsers."""
    p = sub.add_parser(
        "demo", help="create a realistic demo inspection (by its fictitious lead) and print its id"
    )
    p.set_defaults(handler=cmd_demo)

    inspections = sub.add_parser("inspections", help="inspections on this laptop")
    isub = inspections.add_subparsers(metavar="ACTION", required=True)
    p = isub.add_parser("list", help="list inspections, newest first")
    p.add_argument("--json", action="store_true")
    p.add_argument("--all", action="store_true", help="include archived inspections")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("export", help="write one inspection as interchange JSON")
    p.add_argument("inspection_id", metavar="INSPECTION_ID")
    p.add_argument("-o", "--output", metavar="FILE.json", help="default: standard output")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("import", help="import an interchange JSON file, print the id")
    p.add_argument("file", metavar="FILE.json")
    p.set_defaults(handler=cmd_import)
