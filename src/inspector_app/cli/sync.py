"""`inspector-app enroll | sync | bundle export | bundle import`: the laptop's side of sync.

Exit 0 on success; a one-line reason on stderr and non-zero otherwise. A SyncError or a
BundleError is an InspectorError, printed by `main`. `sync` prints a short report and every
rejected change with its reason, and exits 1 when anything was rejected: a rejection is never
a success.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inspector_app.cli.common import CliError, open_app

# Every command imports operations.sync inside its function: it brings httpx and the sync
# client, which no other command (nor --version) should load.


def _fail(message: str, code: int = 1) -> int:
    print(f"inspector-app: {message}", file=sys.stderr)
    return code


def cmd_enroll(args: argparse.Namespace) -> int:
    from inspector_app.operations.sync import enroll, saved_server_address

    with open_app(args) as app:
        server = args.server or saved_server_address(app)
        if not server:
            raise CliError("enroll: give the server: --server URL (none was saved at first start)")
        done = enroll(app, server, args.code)
    teams = ", ".join(done.teams) or "no team"
    print(f"enrolled with {done.server_url} as {done.user} ({done.role}; {teams})")
    print(f"token stored in {done.token_stored_in}")
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from inspector_app.operations.sync import (
        REVOKED_NOTICE_PLAIN,
        DeviceRevoked,
        revocation_notice,
        sync_now,
    )

    with open_app(args) as app:
        try:
            report = sync_now(app, args.server)
        except DeviceRevoked as exc:
            # Wiped (D38): one line saying what is gone, and the server's when.
            notice = revocation_notice(app) or REVOKED_NOTICE_PLAIN
            detail = str(exc)
            return _fail(notice if detail == notice else f"{notice} ({detail})")
    print(report.summary())
    for checklist in report.checklists:
        print(f"received checklist {checklist}")
    for problem in report.problems:
        print(f"warning: {problem}", file=sys.stderr)
    for rejected in report.rejected:
        print(f"rejected: {rejected.line()}", file=sys.stderr)
    if report.held_waiting:
        print(
            f"warning: {report.held_waiting} change(s) from USB bundles still wait for their "
            "device's key (the server does not list it)",
            file=sys.stderr,
        )
    if report.rejected:
        return _fail(
            f"{len(report.rejected)} change(s) rejected by the server; they stay on this laptop"
        )
    return 0


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from inspector_app.operations.sync import bundle_export

    with open_app(args) as app:
        try:
            done = bundle_export(app, args.inspection_id, Path(args.output))
        except OSError as exc:
            raise CliError(str(exc)) from None
    print(f"{done.path}: {done.changes} change(s), {done.blobs} photo/signature file(s)")
    print(f"content sha256 {done.content_sha256}")
    for sha in done.missing_blobs:
        print(f"warning: blob {sha} is not on this laptop; not in the bundle", file=sys.stderr)
    return 0


def cmd_bundle_import(args: argparse.Namespace) -> int:
    from inspector_app.operations.sync import bundle_import

    with open_app(args) as app:
        done = bundle_import(app, Path(args.file))
    print(
        f"{done.inspection_id}: {done.new_changes} new change(s), {done.duplicates} already here, "
        f"{done.blobs_added} file(s) added, {done.conflicts_new} new conflict(s)"
    )
    for problem in done.problems:
        print(f"warning: {problem}", file=sys.stderr)
    # Entries waiting for their author's key (done.problems says which devices) are no
    # failure: the next sync brings the team's keys and applies them.
    for change_id, reason in done.refused:
        print(f"refused: {change_id}: {reason}", file=sys.stderr)
    if done.refused:
        return _fail(f"{len(done.refused)} change(s) in the bundle refused")
    return 0


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add the sync subcommands to the top-level subparsers."""
    p = subparsers.add_parser("enroll", help="enrol this laptop with the center's server")
    p.add_argument(
        "--server", metavar="URL", help="default: the address saved at first start, if any"
    )
    p.add_argument("--code", required=True, metavar="CODE", help="one-time code from the admin")
    p.set_defaults(handler=cmd_enroll)

    p = subparsers.add_parser("sync", help="push this laptop's changes, pull everyone else's")
    p.add_argument("--server", metavar="URL", help="default: the server enrolled with")
    p.set_defaults(handler=cmd_sync)

    bundle = subparsers.add_parser("bundle", help="USB bundles between team laptops")
    bsub = bundle.add_subparsers(metavar="ACTION", required=True)
    p = bsub.add_parser("export", help="write one inspection's changes and photos to a file")
    p.add_argument("inspection_id", metavar="INSPECTION_ID")
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.set_defaults(handler=cmd_bundle_export)
    p = bsub.add_parser("import", help="merge a bundle file (safe to import twice)")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(handler=cmd_bundle_import)
