"""Encryption at rest, the verbs: the state the app asks at start, making and unlocking the
data key, and encrypting a plain data folder in one resumable step (D36, docs/encryption.md).

`encrypt_data_dir` is what `inspector-app encrypt` and the GUI call. In order:

1. hold the plain database's write lock (no other writer while it runs);
2. back it up (the store's backup mechanism) into `<data>/encrypting/`;
3. export it into `<data>/encrypting/inspector.sqlite` with SQLCipher's `sqlcipher_export`
   (redone on every run: cheap, and always the database as it is now);
4. encrypt the photo and signature files one by one in place (each written to a temporary
   name and renamed over the plain one, so a file is whole and either plain or encrypted);
5. check: every table's row count equal in both databases, every original decrypts to its
   SHA-256, no plain file left;
6. write the marker (`encryption.json`): from here the folder is encrypted;
7. swap the encrypted database in, remove the plain one's WAL, encrypt older backups, keep the
   pre-encryption backup encrypted in `backups/`, remove `encrypting/`.

Killed anywhere and run again, it resumes: files already encrypted are recognised by opening
them with the key (never by guessing from their bytes), and after the marker only step 7's
idempotent clean-up remains. Nothing is lost: until the marker, the plain database is the
record; after it, the checked encrypted copy is.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from inspector_app.paths import data_dir as resolve_data_dir
from inspector_app.store.crypto import (
    MIGRATION_DIR,
    MIN_PASSPHRASE,
    BlobUnreadable,
    DataKey,
    EncryptionError,
    EncryptionState,
    PassphraseRequired,
    WrongPassphrase,
    create_key,
    create_private,
    is_encrypted,
    read_marker,
    secure_dir,
    secure_file,
    write_marker,
    write_private,
)
from inspector_app.store.crypto import encryption_state as _state
from inspector_app.store.crypto import unlock as _unlock
from inspector_app.store.quick import DB_FILENAME

WORK_DIR = MIGRATION_DIR
PROGRESS_FILE = "progress.json"
BLOB_FOLDERS = ("originals", "derivatives", "annotated")

ProgressFn = Callable[[int, int, str], None]
# What callers catch (the GUI's prompt, the CLI): re-exported so they need not reach store/.
__all__ = [
    "MIN_PASSPHRASE",
    "DataKey",
    "EncryptionError",
    "EncryptionReport",
    "EncryptionState",
    "PassphraseRequired",
    "WrongPassphrase",
    "change_passphrase",
    "create_data_key",
    "encrypt_data_dir",
    "encryption_state",
    "key_needs_passphrase",
    "unlock",
]


def encryption_state(data_dir: Path | str | None = None) -> EncryptionState:
    """Whether the folder is encrypted, where its key is, whether a passphrase is needed."""
    return _state(resolve_data_dir(data_dir))


def key_needs_passphrase(data_dir: Path | str | None = None) -> bool:
    """Is this folder's key held by a passphrase (then the app locks after idle time)?"""
    return _state(resolve_data_dir(data_dir)).needs_passphrase


def create_data_key(data_dir: Path | str | None = None, passphrase: str | None = None) -> DataKey:
    """The folder's new data key (keyring, else `passphrase`); a folder with no data yet is
    encrypted from now on. See store/crypto.py `create_key`."""
    return create_key(resolve_data_dir(data_dir), passphrase)


def unlock(data_dir: Path | str | None = None, passphrase: str | None = None) -> DataKey:
    """The folder's data key, for `App(data_dir, key=...)`. WrongPassphrase changes nothing."""
    return _unlock(resolve_data_dir(data_dir), passphrase)


def change_passphrase(data_dir: Path | str | None, old: str, new: str) -> None:
    """The same data key under a new passphrase; WrongPassphrase (old) changes nothing."""
    from inspector_app.store.crypto import change_passphrase as _change

    _change(resolve_data_dir(data_dir), old, new)


@dataclass(frozen=True)
class EncryptionReport:
    data_dir: Path
    already: bool
    tables: int = 0
    rows: int = 0
    files: int = 0
    files_encrypted_now: int = 0
    backup: Path | None = None


def encrypt_data_dir(
    data_dir: Path | str | None = None,
    passphrase: str | None = None,
    *,
    key: DataKey | None = None,
    progress: ProgressFn | None = None,
    checkpoint: Callable[[str], None] | None = None,
) -> EncryptionReport:
    """Encrypt a plain data folder (see module docstring); resumes an interrupted run.

    The key: `key` if given, else the folder's existing key (unlocked with `passphrase`),
    else a new one (in the keyring, or wrapped by `passphrase`). `checkpoint(step)` is called
    between steps (tests stop the migration there)."""
    folder = resolve_data_dir(data_dir)
    step = checkpoint or (lambda _name: None)
    work = folder / WORK_DIR
    if is_encrypted(folder) and not work.exists():
        return EncryptionReport(folder, already=True)
    if key is None:
        state = _state(folder)
        key = (
            create_key(folder, passphrase)
            if state.key_location is None
            else _unlock(folder, passphrase)
        )
    if is_encrypted(folder) and not work.exists():  # create_key on a folder with no data yet
        return EncryptionReport(folder, already=True)
    secure_dir(work)
    plain_db = folder / DB_FILENAME
    encrypted_db = work / DB_FILENAME
    progress_path = work / PROGRESS_FILE
    done = _read_progress(progress_path)

    if read_marker(folder) is None:
        lock = _write_lock(plain_db)
        try:
            step("locked")
            if "backup" not in done:
                done["backup"] = str(_plain_backup(plain_db, work))
                write_private(progress_path, json.dumps(done).encode())
            step("backed-up")
            _export(plain_db, encrypted_db, key)
            step("exported")
            total, now = _encrypt_files(folder / "blobs", key, progress, step)
            done["files_encrypted"] = done.get("files_encrypted", 0) + now
            write_private(progress_path, json.dumps(done).encode())
            step("files-encrypted")
            tables, rows = _check(lock, encrypted_db, key, folder / "blobs")
            done.update(tables=tables, rows=rows, files=total)
            write_private(progress_path, json.dumps(done).encode())
            step("checked")
            write_marker(folder, "passphrase" if _state(folder).needs_passphrase else "keyring")
            step("marked")
            lock.execute("ROLLBACK")  # nothing was written through it; only held
        finally:
            lock.close()
    backup = _finish(folder, work, key, done, step)
    return EncryptionReport(
        folder,
        already=False,
        tables=int(done.get("tables", 0)),
        rows=int(done.get("rows", 0)),
        files=int(done.get("files", 0)),
        files_encrypted_now=int(done.get("files_encrypted", 0)),
        backup=backup,
    )


# ---- the steps --------------------------------------------------------------------------------


def _read_progress(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_lock(plain_db: Path) -> sqlite3.Connection:
    """The plain store's write lock, held until the marker is written: the app (or a sync)
    cannot change the plain record while it is copied."""
    create_private(plain_db)
    conn = sqlite3.connect(plain_db, timeout=10.0, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        conn.close()
        raise EncryptionError(
            f"{plain_db}: the database is in use ({exc}): close the app and stop any sync, "
            "then encrypt again"
        ) from None
    return conn


def _plain_backup(plain_db: Path, work: Path) -> Path:
    from inspector_app.store.db import backup_file

    return backup_file(plain_db, work, "plain")


def _export(plain_db: Path, target: Path, key: DataKey) -> None:
    """The whole plain database into a new SQLCipher file beside it (all or nothing: a
    temporary name, renamed when complete)."""
    import sqlcipher3

    tmp = target.with_name(target.name + ".tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
        leftover.unlink(missing_ok=True)
    create_private(tmp)
    conn = sqlcipher3.connect(f"{plain_db.as_uri()}?mode=ro", uri=True, timeout=10.0)
    try:
        conn.isolation_level = None
        conn.execute(f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.raw.hex()}'\"", (str(tmp),))
        conn.execute("SELECT sqlcipher_export('encrypted')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def _blob_files(blobs_root: Path) -> list[Path]:
    found: list[Path] = []
    for name in BLOB_FOLDERS:
        base = blobs_root / name
        if base.is_dir():
            found.extend(
                p for p in base.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")
            )
    return sorted(found)


def _opens(key: DataKey, path: Path) -> bytes | None:
    """The decrypted content if `path` is already one of this key's files, else None."""
    try:
        return key.decrypt(path.read_bytes(), path.name)
    except BlobUnreadable:
        return None


def _encrypt_files(
    blobs_root: Path, key: DataKey, progress: ProgressFn | None, step: Callable[[str], None]
) -> tuple[int, int]:
    """Encrypt every plain file in place; (files in all, files encrypted by this run)."""
    from inspector_app.files import atomic_write

    files = _blob_files(blobs_root)
    for leftover in blobs_root.rglob(".tmp-*") if blobs_root.is_dir() else ():
        leftover.unlink(missing_ok=True)  # a killed run's half-written temporary file
    now = 0
    for index, path in enumerate(files, start=1):
        secure_dir(path.parent)
        if _opens(key, path) is None:
            data = path.read_bytes()
            if path.parent.parent.name == "originals" and hashlib.sha256(data).hexdigest() != (
                path.name
            ):
                raise EncryptionError(
                    f"{path}: the file's content does not match its SHA-256 name (damaged "
                    "before encryption): nothing further was changed; restore it from the "
                    "server or a backup and run again"
                )
            atomic_write(path, key.encrypt(data, path.name))  # temp name, fsync, rename
            now += 1
            step(f"file {index}")
        if progress is not None:
            progress(index, len(files), path.name)
    return len(files), now


def _counts(conn) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in sorted(names)}


def _check(
    plain: sqlite3.Connection, encrypted_db: Path, key: DataKey, blobs_root: Path
) -> tuple[int, int]:
    """Equal row counts per table, the encrypted database intact, every file encrypted and
    every original decrypting to its own SHA-256. Raises EncryptionError naming the problem."""
    from inspector_app.store.db import connect_encrypted

    expected = _counts(plain)
    enc = connect_encrypted(encrypted_db, key)
    try:
        got = _counts(enc)
        integrity = enc.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        enc.close()
    if got != expected or integrity != "ok":
        differ = sorted(n for n in expected.keys() | got.keys() if expected.get(n) != got.get(n))
        raise EncryptionError(
            f"{encrypted_db}: the encrypted copy differs from the database "
            f"(tables {', '.join(differ) or '-'}; check {integrity}): the plain data was kept"
        )
    for path in _blob_files(blobs_root):
        data = _opens(key, path)
        if data is None:
            raise EncryptionError(f"{path}: not encrypted after the migration: run it again")
        if path.parent.parent.name == "originals" and hashlib.sha256(data).hexdigest() != (
            path.name
        ):
            raise EncryptionError(f"{path}: decrypts to other content than its SHA-256 name")
    return len(expected), sum(expected.values())


def _finish(
    folder: Path, work: Path, key: DataKey, done: dict, step: Callable[[str], None]
) -> Path | None:
    """After the marker: swap the encrypted database in and leave no plain copy behind."""
    plain_db = folder / DB_FILENAME
    encrypted_db = work / DB_FILENAME
    if encrypted_db.exists():
        for suffix in ("-wal", "-shm"):
            plain_db.with_name(plain_db.name + suffix).unlink(missing_ok=True)
        os.replace(encrypted_db, plain_db)
        _fsync_dir(folder)
        secure_file(plain_db)
    step("swapped")
    # Backups made by earlier schema migrations are plain copies of the record.
    backups = folder / "backups"
    if backups.is_dir():
        for old in sorted(backups.glob("*.sqlite")):
            if _is_plain_sqlite(old):
                _export(old, old, key)
                secure_file(old)
    # The backup taken before encrypting, kept encrypted (the store's format, the same key).
    kept = None
    plain_backup = Path(done["backup"]) if done.get("backup") else None
    if plain_backup is not None and plain_backup.exists():
        secure_dir(backups)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        kept = backups / f"inspector-before-encryption-{stamp}.sqlite"
        _export(plain_backup, kept, key)
        secure_file(kept)
        plain_backup.unlink()
    step("backups-encrypted")
    shutil.rmtree(work, ignore_errors=True)
    with contextlib.suppress(FileNotFoundError):
        if work.exists():
            shutil.rmtree(work)
    return kept


def _is_plain_sqlite(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
