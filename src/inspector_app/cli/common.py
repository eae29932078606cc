"""What every command module shares: `CliError`, opening the App, writing a file atomically.

Imports nothing heavy at module level: every command module imports this one, and
`inspector-app --version` must not pay for SQLAlchemy or httpx.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from inspector_app.domain.errors import InspectorError

if TYPE_CHECKING:
    from inspector_app.operations import App


class CliError(InspectorError):
    """A user-facing failure: printed as one line, exit status `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def open_app(args: argparse.Namespace, *, reads_only: bool = False) -> App:
    """The App on `--data-dir` (or its default), for a `with` block. `reads_only`: a command
    that only reads whole records, whose store opens only if the fast read cannot answer."""
    from inspector_app.cli.encryption import data_key
    from inspector_app.operations import App  # lazily: SQLAlchemy and pydantic cost start-up

    # An encrypted folder's key (keyring, or the passphrase): D36.
    return App(args.data_dir, open_store=not reads_only, key=data_key(args.data_dir))


def write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
