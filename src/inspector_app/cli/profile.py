"""`inspector-app profile [--name NAME] [--unit UNIT] [--json]`: the inspector on this laptop."""

from __future__ import annotations

import argparse
import json

from inspector_app.cli.common import CliError, open_app


def cmd_profile(args: argparse.Namespace) -> int:
    """Show the profile, or set it (--name, --unit); every later audit row names it."""
    from inspector_app.operations.profile import get_profile, set_profile

    with open_app(args) as app:
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


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `profile` to the top-level subparsers."""
    p = sub.add_parser(
        "profile",
        help="show or set the inspector profile (the name the audit trail gives every change)",
    )
    p.add_argument("--name", metavar="NAME", help="your name, as the audit trail shows it")
    p.add_argument("--unit", metavar="UNIT", help='your unit (optional; "" removes it)')
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_profile)
