"""`inspector-app encrypt [--passphrase-stdin]`: encrypt this laptop's data folder (D36), and
the key every other command needs on an encrypted folder.

The passphrase comes from standard input's first line with --passphrase-stdin (scripts), else
from INSPECTOR_APP_PASSPHRASE, else — on a terminal — a hidden prompt. Without one the key
goes to the OS keyring; with none usable, the command says so.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from inspector_app.cli.common import CliError

if TYPE_CHECKING:
    from inspector_app.operations.encryption import DataKey

ENV_PASSPHRASE = "INSPECTOR_APP_PASSPHRASE"


def _passphrase_from_stdin() -> str:
    line = sys.stdin.readline().rstrip("\r\n")
    if not line:
        raise CliError("encrypt: --passphrase-stdin: standard input gave no passphrase")
    return line


def data_key(data_dir: str | None) -> DataKey | None:
    """The data key for `App(..., key=)`: None for a plain folder; the keyring's, or the
    passphrase's (INSPECTOR_APP_PASSPHRASE, else a prompt on a terminal)."""
    from inspector_app.operations.encryption import encryption_state, unlock
    from inspector_app.paths import data_dir as resolve

    folder = resolve(data_dir)
    state = encryption_state(folder)
    if not state.encrypted:
        return None
    passphrase = None
    if state.needs_passphrase:
        passphrase = os.environ.get(ENV_PASSPHRASE)
        if passphrase is None and sys.stdin.isatty():
            import getpass

            passphrase = getpass.getpass(f"passphrase for the data in {folder}: ")
        if passphrase is None:
            raise CliError(
                f"{folder}: the data is encrypted with a passphrase: set {ENV_PASSPHRASE} "
                "or run the command on a terminal"
            )
    return unlock(folder, passphrase)


def cmd_encrypt(args: argparse.Namespace) -> int:
    from inspector_app.operations.encryption import (
        PassphraseRequired,
        encrypt_data_dir,
        encryption_state,
    )
    from inspector_app.paths import data_dir as resolve

    folder = resolve(args.data_dir)
    state = encryption_state(folder)
    if state.encrypted and not state.migrating:
        print(f"{folder}: already encrypted (key: {state.key_location})")
        return 0
    passphrase = _passphrase_from_stdin() if args.passphrase_stdin else None
    if passphrase is None and state.needs_passphrase:
        passphrase = os.environ.get(ENV_PASSPHRASE)
        if passphrase is None and sys.stdin.isatty():
            import getpass

            passphrase = getpass.getpass(f"passphrase for the data in {folder}: ")

    def progress(done: int, total: int, _name: str) -> None:
        if sys.stderr.isatty():
            print(f"\rfiles: {done}/{total}", end="", file=sys.stderr, flush=True)

    try:
        report = encrypt_data_dir(folder, passphrase, progress=progress)
    except PassphraseRequired as exc:
        raise CliError(f"{exc} (give it with --passphrase-stdin)") from None
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if report.already:
        print(f"{folder}: encrypted (there was no data to convert)")
        return 0
    print(
        f"{folder}: encrypted: {report.rows} rows in {report.tables} tables, "
        f"{report.files} photo/signature files checked"
    )
    if report.backup is not None:
        print(f"backup taken before (encrypted too): {report.backup}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add `encrypt` to the top-level subparsers."""
    p = sub.add_parser(
        "encrypt",
        help="encrypt this laptop's database and photos (one step, resumable, with a backup)",
        description=(
            "Encrypt the data folder: the database with SQLCipher, photos and signatures with "
            "AES-GCM, under one data key kept in the OS keyring or wrapped by a passphrase. "
            "Close the app first. Interrupted, run it again: it resumes."
        ),
    )
    p.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the passphrase from standard input's first line (else the OS keyring)",
    )
    p.set_defaults(handler=cmd_encrypt)
