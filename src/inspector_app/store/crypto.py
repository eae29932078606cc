"""Encryption at rest: the laptop's data key, the folder's marker, file modes (D36).

One data key per laptop (32 random bytes) opens both the SQLCipher database (a raw key, no
KDF per connection) and the photo and signature files (AES-256-GCM per file). It is kept in
the OS keyring (service "inspector-app-data-key", user = the data folder's random id, kept in
`<data>/folder-id`) when one works, else wrapped by a passphrase the inspector sets: argon2id
(parameters recorded) + AES-GCM in `<data>/data-key.json`, 0600.

A folder is encrypted exactly when `<data>/encryption.json` exists: written last, by
`create_key` on a folder with no data yet or by the migration (operations/encryption.py) once
everything is encrypted and checked. Readers never guess from a file's bytes.

Only the standard library at module level: store/quick.py (the first paint) reads the marker.
`cryptography`, `argon2` and `sqlcipher3` are imported by the functions that need them.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from inspector_app.domain.errors import InspectorError

MARKER_FILE = "encryption.json"
KEY_FILE = "data-key.json"
KEY_DELETED_FILE = "data-key-deleted"  # written by wipe_data_key: why unlock cannot work
FOLDER_ID_FILE = "folder-id"
KEYRING_SERVICE = "inspector-app-data-key"
ENV_NO_KEYRING = "INSPECTOR_APP_NO_KEYRING"  # the same switch as sync/credentials.py
FORMAT_VERSION = 1
CIPHER = {"database": "sqlcipher4 (AES-256-CBC, HMAC-SHA512)", "files": "aes-256-gcm"}

# argon2id, RFC 9106's second recommended option: 3 passes over 64 MiB, 4 lanes (about 0.3 s
# here). Recorded in the key file, so raising them later still opens older files.
ARGON2 = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}
MIN_PASSPHRASE = 8

# An encrypted file: magic, 12-byte nonce, AES-GCM ciphertext with its 16-byte tag. The
# associated data is the file's name (the blob's SHA-256, with a suffix for derivatives), so
# a file swapped for another one's fails to open.
FILE_MAGIC = b"IAE1"
NONCE_BYTES = 12


class EncryptionError(InspectorError):
    """The data key or an encrypted file cannot be used; the message says why and where."""


class WrongPassphrase(EncryptionError):
    pass


class PassphraseRequired(EncryptionError):
    pass


class BlobUnreadable(EncryptionError, ValueError):
    """An encrypted file does not open with this key (damaged, swapped or another key)."""


class DataKey:
    """The 32-byte key, with the two uses it has. Never printed."""

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes) -> None:
        if len(raw) != 32:
            raise ValueError("a data key is 32 bytes")
        self._raw = bytes(raw)

    @classmethod
    def generate(cls) -> DataKey:
        return cls(secrets.token_bytes(32))

    def __repr__(self) -> str:
        return "DataKey(…)"

    @property
    def raw(self) -> bytes:
        return self._raw

    def sqlcipher_pragma(self) -> str:
        """`PRAGMA key` with the raw key: SQLCipher skips its own KDF (no 0.1 s per connection)."""
        return f"PRAGMA key = \"x'{self._raw.hex()}'\""

    def encrypt(self, data: bytes, name: str) -> bytes:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(NONCE_BYTES)
        return FILE_MAGIC + nonce + AESGCM(self._raw).encrypt(nonce, data, name.encode())

    def decrypt(self, blob: bytes, name: str) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if not blob.startswith(FILE_MAGIC):
            raise BlobUnreadable(f"{name}: not an encrypted file of this data folder")
        nonce = blob[len(FILE_MAGIC) : len(FILE_MAGIC) + NONCE_BYTES]
        try:
            return AESGCM(self._raw).decrypt(
                nonce, blob[len(FILE_MAGIC) + NONCE_BYTES :], name.encode()
            )
        except InvalidTag:
            raise BlobUnreadable(
                f"{name}: the file does not open with this laptop's data key "
                "(damaged, or from another laptop)"
            ) from None


def is_encrypted_file(data: bytes) -> bool:
    return data.startswith(FILE_MAGIC)


# ---- the folder's state ---------------------------------------------------------------------


@dataclass(frozen=True)
class EncryptionState:
    """What the GUI asks at start: `encrypted` (marker present), where the key is
    ("keyring" | "passphrase" | None when there is none yet), whether unlocking needs the
    passphrase, and whether a migration was started and not finished."""

    encrypted: bool
    key_location: str | None
    needs_passphrase: bool
    migrating: bool


def read_marker(data_dir: Path) -> dict[str, Any] | None:
    """The marker's content, or None for a plain folder. Stdlib only (first paint)."""
    try:
        text = (Path(data_dir) / MARKER_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise EncryptionError(
            f"{Path(data_dir) / MARKER_FILE}: cannot read ({exc.strerror})"
        ) from None
    try:
        marker = json.loads(text)
    except ValueError:
        raise EncryptionError(f"{Path(data_dir) / MARKER_FILE}: damaged (not JSON)") from None
    if not isinstance(marker, dict) or marker.get("format", 0) > FORMAT_VERSION:
        raise EncryptionError(
            f"{Path(data_dir) / MARKER_FILE}: written by a newer version of inspector_app"
        )
    return marker


def is_encrypted(data_dir: Path) -> bool:
    return (Path(data_dir) / MARKER_FILE).is_file()


def encryption_state(data_dir: Path) -> EncryptionState:
    data_dir = Path(data_dir)
    marker = read_marker(data_dir)
    if (data_dir / KEY_FILE).is_file():
        location: str | None = "passphrase"
    elif marker is not None:
        location = str(marker.get("key", "keyring"))
    elif (data_dir / FOLDER_ID_FILE).is_file() and _keyring_get(data_dir) is not None:
        location = "keyring"
    else:
        location = None
    # Started and not finished (operations/encryption.py): before the marker the folder is
    # still plain; after it, only the swap and clean-up remain. Either way: run it again.
    migrating = (data_dir / MIGRATION_DIR).is_dir()
    return EncryptionState(
        encrypted=marker is not None,
        key_location=location,
        needs_passphrase=location == "passphrase",
        migrating=migrating,
    )


MIGRATION_DIR = "encrypting"  # operations/encryption.py's work folder


def refuse_unfinished_migration(data_dir: Path) -> None:
    """Raise while an interrupted migration has not finished: part of the files may be
    encrypted already, and after the marker the database is not swapped in yet, so nothing
    may open the folder until `encrypt` has run again."""
    if (Path(data_dir) / MIGRATION_DIR).is_dir():
        raise EncryptionError(
            f"{data_dir}: encrypting this data folder was interrupted: finish it first "
            "(run `inspector-app encrypt` again; nothing was lost)"
        )


def write_marker(data_dir: Path, key_location: str) -> None:
    marker = {
        "format": FORMAT_VERSION,
        "cipher": CIPHER,
        "key": key_location,
        "folder_id": folder_id(data_dir),
    }
    write_private(Path(data_dir) / MARKER_FILE, json.dumps(marker, indent=2).encode())


# ---- the key --------------------------------------------------------------------------------


def folder_id(data_dir: Path) -> str:
    """The folder's random id (the keyring entry's user), made on first use."""
    path = Path(data_dir) / FOLDER_ID_FILE
    with contextlib.suppress(FileNotFoundError):
        text = path.read_text(encoding="ascii").strip()
        if text:
            return text
    ident = secrets.token_hex(16)
    write_private(path, (ident + "\n").encode())
    return ident


def create_key(
    data_dir: Path, passphrase: str | None = None, *, use_keyring: bool | None = None
) -> DataKey:
    """Make this folder's data key and keep it: in the keyring when no passphrase is given
    and one works, else wrapped by `passphrase`. A folder with no database yet is encrypted
    from now on (the marker is written); one with data becomes encrypted through the
    migration (operations/encryption.py), which uses this key.

    Refused when the folder already has a key (its data would be lost with it)."""
    data_dir = Path(data_dir)
    secure_dir(data_dir)
    state = encryption_state(data_dir)
    if state.encrypted or state.key_location is not None:
        raise EncryptionError(f"{data_dir}: this data folder already has a data key")
    key = DataKey.generate()
    if passphrase is None:
        backend = _backend(use_keyring)
        if backend is None:
            raise PassphraseRequired(
                f"{data_dir}: no usable keyring on this computer: set a passphrase for the "
                "data key (at least 8 characters)"
            )
        try:
            backend.set_password(KEYRING_SERVICE, folder_id(data_dir), key.raw.hex())
        except Exception as exc:
            raise PassphraseRequired(
                f"{data_dir}: the keyring refused the data key ({exc}): set a passphrase instead"
            ) from None
        location = "keyring"
    else:
        _check_passphrase(passphrase)
        _write_wrapped(data_dir, key, passphrase)
        location = "passphrase"
    if not (data_dir / "inspector.sqlite").exists() and not _has_blobs(data_dir):
        write_marker(data_dir, location)
    return key


def unlock(
    data_dir: Path, passphrase: str | None = None, *, use_keyring: bool | None = None
) -> DataKey:
    """This folder's data key. PassphraseRequired / WrongPassphrase / EncryptionError with
    what and where; nothing is written either way."""
    data_dir = Path(data_dir)
    key_file = data_dir / KEY_FILE
    deleted = data_dir / KEY_DELETED_FILE
    if deleted.is_file() and not key_file.is_file():
        why = deleted.read_text(encoding="utf-8", errors="replace").strip()
        raise EncryptionError(
            f"{data_dir}: the data key was deleted ({why}): the encrypted data cannot be "
            "opened any more"
        )
    if key_file.is_file():
        if passphrase is None:
            raise PassphraseRequired(f"{data_dir}: the data key is locked: enter the passphrase")
        return _unwrap(key_file, passphrase)
    text = _keyring_get(data_dir, use_keyring)
    if text is None:
        raise EncryptionError(
            f"{data_dir}: the data key is not in this computer's keyring and there is no "
            f"{KEY_FILE}: the encrypted data cannot be opened here"
        )
    try:
        return DataKey(bytes.fromhex(text))
    except ValueError:
        raise EncryptionError(f"{data_dir}: the keyring's data key is damaged") from None


def wipe_data_key(data_dir: Path, reason: str, *, use_keyring: bool | None = None) -> list[str]:
    """Delete this folder's data key: its keyring entry and `data-key.json`, each tried
    whatever the other did (a device the center revoked, D38). One line per place.

    The encrypted database and files stay where they are, unreadable without the key. A
    short plain note (`data-key-deleted`: when and why, no secret) lets `unlock` say why
    instead of "not in this computer's keyring". A plain folder has no key: nothing to do."""
    data_dir = Path(data_dir)
    done: list[str] = []
    ident_file = data_dir / FOLDER_ID_FILE
    backend = _backend(use_keyring)
    if backend is not None and ident_file.is_file():
        try:
            ident = ident_file.read_text(encoding="ascii").strip()
            if backend.get_password(KEYRING_SERVICE, ident) is None:
                done.append("data key: not in the keyring")
            else:
                backend.delete_password(KEYRING_SERVICE, ident)
                done.append("data key: deleted from the keyring")
        except Exception as exc:  # a locked or broken keyring: go on with the file
            done.append(f"data key: could not delete from the keyring ({type(exc).__name__})")
    key_file = data_dir / KEY_FILE
    try:
        key_file.unlink()
    except FileNotFoundError:
        done.append(f"data key: no {key_file}")
    except OSError as exc:
        done.append(f"data key: could not delete {key_file} ({exc.strerror})")
    else:
        done.append(f"data key: deleted {key_file}")
    if is_encrypted(data_dir):
        with contextlib.suppress(OSError):
            write_private(data_dir / KEY_DELETED_FILE, reason.encode("utf-8"))
    return done


def change_passphrase(data_dir: Path, old: str, new: str) -> None:
    """Re-wrap the same data key under a new passphrase (32 bytes re-written, no data). The
    old one is checked first: WrongPassphrase changes nothing."""
    data_dir = Path(data_dir)
    if not (data_dir / KEY_FILE).is_file():
        raise EncryptionError(f"{data_dir}: the data key is in the keyring, not under a passphrase")
    key = _unwrap(data_dir / KEY_FILE, old)
    _check_passphrase(new)
    _write_wrapped(data_dir, key, new)


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise EncryptionError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")


def _kek(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=int(params["time_cost"]),
        memory_cost=int(params["memory_cost"]),
        parallelism=int(params["parallelism"]),
        hash_len=32,
        type=Type.ID,
    )


def _write_wrapped(data_dir: Path, key: DataKey, passphrase: str) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(NONCE_BYTES)
    ident = folder_id(data_dir)
    params = dict(ARGON2)
    wrapped = AESGCM(_kek(passphrase, salt, params)).encrypt(nonce, key.raw, ident.encode())
    doc = {
        "format": FORMAT_VERSION,
        "kdf": {"name": "argon2id", **params, "salt": _b64(salt)},
        "wrap": {"name": "aes-256-gcm", "nonce": _b64(nonce), "associated_data": "folder-id"},
        "folder_id": ident,
        "wrapped_key": _b64(wrapped),
    }
    write_private(data_dir / KEY_FILE, json.dumps(doc, indent=2).encode())


def _unwrap(key_file: Path, passphrase: str) -> DataKey:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        doc = json.loads(key_file.read_text(encoding="utf-8"))
        kdf, wrap = doc["kdf"], doc["wrap"]
        if kdf["name"] != "argon2id" or doc.get("format", 0) > FORMAT_VERSION:
            raise ValueError(kdf["name"])
        salt, nonce = base64.b64decode(kdf["salt"]), base64.b64decode(wrap["nonce"])
        wrapped = base64.b64decode(doc["wrapped_key"])
        ident = str(doc["folder_id"])
    except (OSError, ValueError, KeyError, TypeError):
        raise EncryptionError(f"{key_file}: damaged or of a newer version") from None
    try:
        raw = AESGCM(_kek(passphrase, salt, kdf)).decrypt(nonce, wrapped, ident.encode())
    except InvalidTag:
        raise WrongPassphrase(
            f"{key_file}: wrong passphrase: the data key did not open (nothing was changed)"
        ) from None
    return DataKey(raw)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _backend(use_keyring: bool | None):  # -> a keyring backend or None
    if use_keyring is None:
        use_keyring = os.environ.get(ENV_NO_KEYRING, "") not in ("1", "true", "yes")
    if not use_keyring:
        return None
    return usable_keyring()


def usable_keyring():  # -> a keyring backend, or None
    """The OS keyring if it can store secrets here (sync/credentials.py uses it too)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    # A chainer with nothing to chain behaves like the fail backend.
    if getattr(backend, "backends", None) == []:
        return None
    return backend


def _keyring_get(data_dir: Path, use_keyring: bool | None = None) -> str | None:
    path = Path(data_dir) / FOLDER_ID_FILE
    if not path.is_file():
        return None
    backend = _backend(use_keyring)
    if backend is None:
        return None
    try:
        return backend.get_password(KEYRING_SERVICE, path.read_text(encoding="ascii").strip())
    except Exception:  # a locked or broken keyring
        return None


def _has_blobs(data_dir: Path) -> bool:
    originals = Path(data_dir) / "blobs" / "originals"
    return originals.is_dir() and any(originals.iterdir())


# ---- file modes -------------------------------------------------------------------------------

# POSIX modes only: on Windows chmod sets the read-only bit at most; the user's profile folder
# is already private there.
HAS_MODES = os.name == "posix"


def secure_dir(path: Path) -> None:
    """Make `path` (and missing parents) a folder only its owner may enter: 0700."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists() and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):  # each new one 0700 (mkdir's parents= ignores mode)
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)
    if HAS_MODES and stat.S_IMODE(path.stat().st_mode) != 0o700:
        # Best effort: a file system without modes (FAT, some network shares) refuses chmod,
        # which must not stop the app from opening its data.
        with contextlib.suppress(PermissionError, NotImplementedError):
            os.chmod(path, 0o700)


def secure_file(path: Path) -> None:
    """0600 for an existing file (a store file made before this rule, a backup)."""
    if HAS_MODES:
        with contextlib.suppress(FileNotFoundError, PermissionError, NotImplementedError):
            if stat.S_IMODE(path.stat().st_mode) != 0o600:
                os.chmod(path, 0o600)


def create_private(path: Path) -> None:
    """Create an empty file 0600 if absent, so SQLite's -wal and -shm, which copy the main
    file's mode, are 0600 too."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def write_private(path: Path, data: bytes) -> None:
    """Atomic write of a small private file, 0600 from the start."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    if HAS_MODES:
        with contextlib.suppress(OSError):
            dir_fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
