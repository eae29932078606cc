"""`inspector-server`: the center's service. Only the entry point exists in this version; the
`serve`, `user add` and `enroll-code` subcommands come with the sync work (issue 6)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from inspector_app import __version__


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="inspector-server",
        description="The service center's sync server. Its subcommands (serve, user add, "
        "enroll-code) are not part of this version yet.",
    )
    parser.add_argument("--version", action="version", version=f"inspector-server {__version__}")
    parser.parse_args(argv)
    parser.print_help()
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
