"""`inspector-server`: run the center's sync server and administer it.

    inspector-server [--db URL] [--blobs DIR] serve [--host 127.0.0.1] [--port N]
    inspector-server user add NAME --role inspector|reviewer|admin [--team TEAM ...]
    inspector-server user list
    inspector-server user passwd NAME [--password-stdin]   # console password, never an argument
    inspector-server user disable NAME | user enable NAME
    inspector-server enroll-code NAME [--hours H]      # prints the one-time code
    inspector-server device list [--user NAME] | device revoke DEVICE_ID
    inspector-server checklist add FILE.yaml | checklist list

--db / INSPECTOR_SERVER_DB and --blobs / INSPECTOR_SERVER_BLOBS; without them a SQLite file
and a blob directory under the per-user data directory (docs/server.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from inspector_app import __version__


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inspector-server", description="The service center's sync server."
    )
    parser.add_argument("--version", action="version", version=f"inspector-server {__version__}")
    parser.add_argument("--db", help="database URL (env INSPECTOR_SERVER_DB)")
    parser.add_argument("--blobs", help="blob directory (env INSPECTOR_SERVER_BLOBS)")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)

    user = sub.add_parser("user", help="users").add_subparsers(dest="action", required=True)
    add = user.add_parser("add", help="create a user (or add teams to one)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=["inspector", "reviewer", "admin"])
    add.add_argument("--team", action="append", default=[], help="repeat for several teams")
    add.add_argument("--display-name", help="the name the console shows")
    user.add_parser("list", help="list users")
    passwd = user.add_parser(
        "passwd", help="set a console password (asked twice; never given as an argument)"
    )
    passwd.add_argument("name")
    passwd.add_argument(
        "--password-stdin", action="store_true", help="read it once from the first line of stdin"
    )
    for action, text in (
        ("disable", "end the user's sessions, refuse sign-in"),
        ("enable", "allow sign-in again"),
    ):
        user.add_parser(action, help=text).add_argument("name")

    code = sub.add_parser("enroll-code", help="print a one-time enrolment code for a user")
    code.add_argument("name")
    code.add_argument("--hours", type=int, default=72, help="valid for (default 72)")

    device = sub.add_parser("device", help="devices").add_subparsers(dest="action", required=True)
    dlist = device.add_parser("list", help="list enrolled devices")
    dlist.add_argument("--user")
    revoke = device.add_parser("revoke", help="revoke a device's token")
    revoke.add_argument("device_id")

    checklist = sub.add_parser("checklist", help="checklists laptops receive").add_subparsers(
        dest="action", required=True
    )
    cadd = checklist.add_parser("add", help="validate and publish a checklist file")
    cadd.add_argument("file", type=Path)
    checklist.add_parser("list", help="list published checklists")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # Imported after parsing: `--version` and `--help` stay fast and need no server extra.
    from inspector_app.server.errors import ApiError
    from inspector_app.server.settings import ServerSettings

    settings = ServerSettings.resolve(args.db, args.blobs)
    try:
        return _run(args, settings)
    except ApiError as exc:
        print(f"inspector-server: {exc.message}", file=sys.stderr)
        return 1
    except Exception as exc:  # one line for the operator, not a traceback
        print(f"inspector-server: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace, settings) -> int:
    from inspector_app.server import admin, auth
    from inspector_app.server.context import open_context

    if args.command == "serve":
        import uvicorn

        from inspector_app.server.app import create_app

        app = create_app(settings)
        uvicorn.run(app, host=args.host, port=args.port, workers=1, log_level="info")
        return 0
    ctx = open_context(settings)
    engine = ctx.engine
    try:
        if args.command == "user" and args.action == "add":
            user = admin.add_user(
                engine, args.name, args.role, args.team, display_name=args.display_name
            )
            print(f"{user.name}\t{user.role}\t{','.join(user.teams)}")
        elif args.command == "user" and args.action == "passwd":
            admin.set_password(engine, args.name, _read_password(args.password_stdin))
            print(f"password set for {args.name}; their console sessions ended")
        elif args.command == "user" and args.action in ("disable", "enable"):
            admin.set_disabled(engine, args.name, args.action == "disable")
            print(f"{args.name} {args.action}d")
        elif args.command == "user":
            for user in admin.list_users(engine):
                print(f"{user.name}\t{user.role}\t{','.join(user.teams)}")
        elif args.command == "enroll-code":
            code, expires = auth.make_enroll_code(engine, args.name, args.hours)
            print(code)
            print(f"valid once, until {auth.iso(expires)}", file=sys.stderr)
        elif args.command == "device" and args.action == "revoke":
            device = admin.revoke_device(engine, args.device_id)
            print(
                f"revoked {device.device_id} ({device.user}) at {device.revoked_at}: its token "
                "and its signing key (its new entries are refused)"
            )
        elif args.command == "device":
            for d in admin.list_devices(engine, args.user):
                state = f"revoked {d.revoked_at}" if d.revoked_at else "active"
                if not d.has_key:  # enrolled before schema 0002: must re-enrol to sync
                    state += ", no key: re-enrol"
                print(f"{d.device_id}\t{d.user}\t{d.name}\t{d.enrolled_at}\t{state}")
        elif args.command == "checklist" and args.action == "add":
            file, added = admin.add_checklist_file(engine, args.file)
            what = "published" if added else "already published (same content)"
            print(f"{file.id} v{file.version} {what} sha256 {file.sha256}")
        elif args.command == "checklist":
            for cid, version, sha in admin.list_checklists(engine):
                print(f"{cid}\tv{version}\t{sha}")
    finally:
        engine.dispose()
    return 0


def _read_password(once: bool) -> str:
    """The password from stdin: one line with --password-stdin, else asked twice (hidden on
    a terminal) and the two must match. Never an argument: arguments show in `ps`."""
    from inspector_app.server.errors import invalid

    if once:
        return sys.stdin.readline().rstrip("\r\n")
    if sys.stdin.isatty():
        import getpass

        first, second = getpass.getpass("new password: "), getpass.getpass("again: ")
    else:
        first = sys.stdin.readline().rstrip("\r\n")
        second = sys.stdin.readline().rstrip("\r\n")
    if first != second:
        raise invalid("the two passwords differ; nothing was changed")
    return first


if __name__ == "__main__":
    raise SystemExit(main())
