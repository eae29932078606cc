"""`inspector-app`: the desktop app, and the subcommands scripts and the center's IT rely on.

All command-line code lives in this package, one module per group of commands (checklists,
profile, inspections, reports, sync); this module wires them into one parser and runs one.
Exit status 0 on success; otherwise non-zero with a one-line reason on stderr (several lines
only when there are several problems, e.g. checklist validation, one per problem). Every
failure the app knows is an InspectorError, printed here once; a CliError carries its own
exit status.

Start-up stays lean: command modules import operations, reports and sync inside the command
functions, so `--version` or `checklists validate` never load SQLAlchemy, httpx or ReportLab.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from inspector_app import __version__
from inspector_app.cli import checklists, encryption, inspections, profile, reports, sync
from inspector_app.cli.common import CliError
from inspector_app.domain.errors import InspectorError
from inspector_app.paths import ENV_DATA_DIR

__all__ = ["CliError", "build_parser", "main"]


def run_desktop(args: argparse.Namespace) -> int:
    from inspector_app.ui.app import run  # lazily: Qt only when the window is wanted

    return run(args.data_dir)


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
    for group in (checklists, profile, inspections, reports, sync, encryption):
        group.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        return handler(args)
    except InspectorError as exc:  # every known failure: its message says what and where
        print(f"inspector-app: {exc}", file=sys.stderr)
        return exc.code if isinstance(exc, CliError) else 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last line of defence: one line, not a traceback
        print(f"inspector-app: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
