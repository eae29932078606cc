"""wipe_after_revocation (D38) is best effort: a keyring that fails every call does not stop
the files from going, each step is logged, and the wipe is recorded in meta."""

from __future__ import annotations

import json

import keyring
import pytest
from keyring.backend import KeyringBackend

from inspector_app.operations import App
from inspector_app.operations import sync as sync_ops
from inspector_app.store import crypto
from inspector_app.store.merge import get_meta, set_meta
from inspector_app.sync.credentials import FILE_NAME, KEY_FILE_NAME, CredentialStore
from inspector_app.sync.state import SERVER_KEY

URL = "https://center.example"


class BrokenKeyring(KeyringBackend):
    """Found and usable, but every call fails (a locked Secret Service)."""

    priority = 1

    def get_password(self, service, username):
        raise RuntimeError("the keyring is locked")

    def set_password(self, service, username, password):
        raise RuntimeError("the keyring is locked")

    def delete_password(self, service, username):
        raise RuntimeError("the keyring is locked")


@pytest.fixture
def encrypted_app(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    folder = tmp_path / "enc"
    key = crypto.create_key(folder, "correct horse battery", use_keyring=False)
    app = App(folder, actor="甲", key=key)
    set_meta(app.store, SERVER_KEY, URL)
    CredentialStore(folder).set(URL, "tok-1")
    CredentialStore(folder).set("https://other.example", "tok-2")  # another server's
    sync_ops.signing_key(app)
    yield app
    app.close()


def test_a_broken_keyring_does_not_stop_the_files_going(encrypted_app, monkeypatch, caplog):
    app = encrypted_app
    folder = app.data_dir
    previous = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    monkeypatch.delenv("INSPECTOR_APP_NO_KEYRING")
    try:
        with caplog.at_level("WARNING", logger="inspector_app.operations.sync"):
            sync_ops.wipe_after_revocation(app, "revoked at 2026-11-30T11:00:00Z")
    finally:
        keyring.set_keyring(previous)
    lines = [r.getMessage() for r in caplog.records]
    assert sum("could not delete from the keyring" in line for line in lines) == 3
    assert any("device token: deleted from" in line for line in lines)
    assert any("signing key: deleted" in line for line in lines)
    assert any("data key: deleted" in line for line in lines)
    # This server's token went; another server's stayed in the file.
    assert json.loads((folder / FILE_NAME).read_text()) == {"https://other.example": "tok-2"}
    assert not (folder / KEY_FILE_NAME).exists()
    assert not (folder / crypto.KEY_FILE).exists()
    assert get_meta(app.store, sync_ops.REVOKED_KEY)
    assert get_meta(app.store, sync_ops.REVOKED_REASON_KEY) == "revoked at 2026-11-30T11:00:00Z"
    # The open store still works until the app closes (its key is in memory).
    assert app.store.find("inspection") == []
    with pytest.raises(crypto.EncryptionError, match="2026-11-30T11:00:00Z"):
        crypto.unlock(folder, "correct horse battery")


def test_a_wipe_with_nothing_left_to_delete_still_records_it(encrypted_app):
    app = encrypted_app
    sync_ops.wipe_after_revocation(app, "first")
    sync_ops.wipe_after_revocation(app, "second")  # nothing left: no error
    assert get_meta(app.store, sync_ops.REVOKED_REASON_KEY) == "second"
    assert sync_ops.revocation_notice(app) == sync_ops.REVOKED_NOTICE
