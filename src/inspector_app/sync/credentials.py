"""Where the laptop keeps its device token and its signing key: the OS keyring, or a private
file when none works.

Keyring entry: service "inspector-app", user = the server URL. Headless machines (no Secret
Service, no Keychain) have no usable keyring backend; there the token goes to
`<data_dir>/sync-credentials.json`, created with mode 0600. Setting INSPECTOR_APP_NO_KEYRING=1
(or `use_keyring=False`) uses the file only — tests and kiosk installs do.

The device's Ed25519 private key (sync/signing.py) follows the same rule: keyring entry
service "inspector-app-signing", user = the device id; else `<data_dir>/device-key`, 0600.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from inspector_app.store.crypto import usable_keyring as _usable_keyring  # one test, both keys
from inspector_app.sync.signing import SigningKey

SERVICE = "inspector-app"
FILE_NAME = "sync-credentials.json"
KEY_SERVICE = "inspector-app-signing"
KEY_FILE_NAME = "device-key"
ENV_NO_KEYRING = "INSPECTOR_APP_NO_KEYRING"


class CredentialStore:
    def __init__(self, data_dir: Path, *, use_keyring: bool | None = None) -> None:
        self.path = Path(data_dir) / FILE_NAME
        if use_keyring is None:
            use_keyring = os.environ.get(ENV_NO_KEYRING, "") not in ("1", "true", "yes")
        self.use_keyring = use_keyring

    # ---- public --------------------------------------------------------------------------

    def get(self, server_url: str) -> str | None:
        server_url = _key(server_url)
        backend = _usable_keyring() if self.use_keyring else None
        if backend is not None:
            try:
                token = backend.get_password(SERVICE, server_url)
            except Exception:  # a locked or broken keyring: the file may still have it
                token = None
            if token:
                return token
        return self._read_file().get(server_url)

    def set(self, server_url: str, token: str) -> str:
        """Store the token; returns where it went: "keyring" or the file's path."""
        server_url = _key(server_url)
        backend = _usable_keyring() if self.use_keyring else None
        if backend is not None:
            try:
                backend.set_password(SERVICE, server_url, token)
            except Exception:
                pass  # no working backend after all (headless): fall back to the file
            else:
                self._forget_in_file(server_url)
                return "keyring"
        data = self._read_file()
        data[server_url] = token
        self._write_file(data)
        return str(self.path)

    def delete(self, server_url: str) -> None:
        server_url = _key(server_url)
        backend = _usable_keyring() if self.use_keyring else None
        if backend is not None:
            with contextlib.suppress(Exception):
                backend.delete_password(SERVICE, server_url)
        self._forget_in_file(server_url)

    def wipe(self, server_url: str) -> list[str]:
        """Delete the token from the keyring and the file, each tried whatever the other
        did (a revoked device, D38); one line per place, saying what happened there."""
        server_url = _key(server_url)
        done: list[str] = []
        backend = _usable_keyring() if self.use_keyring else None
        if backend is not None:
            done.append(_delete_entry(backend, SERVICE, server_url, "device token"))
        try:
            data = self._read_file()
            if server_url in data:
                del data[server_url]
                # Nothing else kept: the file goes; another server's token stays in it.
                if data:
                    self._write_file(data)
                else:
                    self.path.unlink()
                done.append(f"device token: deleted from {self.path}")
            else:
                done.append(f"device token: not in {self.path}")
        except OSError as exc:
            done.append(f"device token: could not delete from {self.path} ({exc})")
        return done

    # ---- the file ------------------------------------------------------------------------

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _forget_in_file(self, server_url: str) -> None:
        data = self._read_file()
        if server_url in data:
            del data[server_url]
            self._write_file(data)

    def _write_file(self, data: dict[str, str]) -> None:
        _write_private(self.path, json.dumps(data, indent=2, sort_keys=True))


class DeviceKeyStore:
    """This laptop's signing key: made once, kept in the keyring or a 0600 file."""

    def __init__(self, data_dir: Path, device_id: str, *, use_keyring: bool | None = None):
        self.path = Path(data_dir) / KEY_FILE_NAME
        self.device_id = device_id
        if use_keyring is None:
            use_keyring = os.environ.get(ENV_NO_KEYRING, "") not in ("1", "true", "yes")
        self.use_keyring = use_keyring

    def get(self) -> SigningKey | None:
        backend = _usable_keyring() if self.use_keyring else None
        if backend is not None:
            try:
                text = backend.get_password(KEY_SERVICE, self.device_id)
            except Exception:
                text = None
            if text:
                return SigningKey.from_text(text)
        try:
            return SigningKey.from_text(self.path.read_text(encoding="ascii"))
        except (OSError, ValueError):
            return None

    def get_or_create(self) -> SigningKey:
        key = self.get()
        if key is not None:
            return key
        key = SigningKey.generate()
        backend = _usable_keyring() if self.use_keyring else None
        if backend is not None:
            try:
                backend.set_password(KEY_SERVICE, self.device_id, key.to_text())
            except Exception:
                pass  # no working backend after all: the file
            else:
                return key
        _write_private(self.path, key.to_text())
        return key

    def wipe(self) -> list[str]:
        """Delete the signing key from the keyring and its file (a revoked device, D38)."""
        done: list[str] = []
        backend = _usable_keyring() if self.use_keyring else None
        if backend is not None:
            done.append(_delete_entry(backend, KEY_SERVICE, self.device_id, "signing key"))
        try:
            self.path.unlink()
        except FileNotFoundError:
            done.append(f"signing key: no {self.path}")
        except OSError as exc:
            done.append(f"signing key: could not delete {self.path} ({exc})")
        else:
            done.append(f"signing key: deleted {self.path}")
        return done


def _delete_entry(backend, service: str, user: str, what: str) -> str:
    try:
        if backend.get_password(service, user) is None:
            return f"{what}: not in the keyring"
        backend.delete_password(service, user)
    except Exception as exc:  # a locked or broken keyring: say so, go on with the rest
        return f"{what}: could not delete from the keyring ({type(exc).__name__}: {exc})"
    return f"{what}: deleted from the keyring"


def _write_private(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    # Created 0600 from the start: never readable by others, not even briefly.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _key(server_url: str) -> str:
    return server_url.rstrip("/")
