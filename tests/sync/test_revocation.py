"""A laptop the center revoked wipes its token and keys on its next contact (D38), through a
real server on 127.0.0.1: an admin revokes it over the API, and the next sync (or any other
call: here a rectification fetch) deletes the device token, the signing key and the data key,
records the wipe in meta, and the encrypted folder no longer unlocks. An unknown token (a
token from elsewhere, or a guess) wipes nothing."""

from __future__ import annotations

import json

import httpx
import keyring
import pytest
from tests.sync.conftest import LiveServer, enrolled
from tests.sync.test_credentials import MemoryKeyring

from inspector_app.cli import main
from inspector_app.operations import App
from inspector_app.operations import sync as sync_ops
from inspector_app.operations.demo import seed_demo
from inspector_app.store import crypto
from inspector_app.store.merge import get_meta
from inspector_app.sync.client import HEAD_REVISION, DeviceRevoked, NotEnrolled
from inspector_app.sync.credentials import (
    FILE_NAME,
    KEY_FILE_NAME,
    KEY_SERVICE,
    SERVICE,
    CredentialStore,
)
from inspector_app.sync.protocol import HEADER_PROTOCOL, HEADER_SCHEMA, PROTOCOL_VERSION

PASSPHRASE = "correct horse battery"


def encrypted_laptop(tmp_path, name: str) -> App:
    folder = tmp_path / name
    key = crypto.create_key(folder, PASSPHRASE, use_keyring=False)
    return App(folder, actor=f"inspector-{name}", key=key)


def revoke(server: LiveServer, laptop_app: App, boss: App, token: str | None = None) -> str:
    """The admin's own device revokes `laptop_app` over the API (the console's path)."""
    token = token or sync_ops.credentials(boss).get(server.url)
    headers = {
        HEADER_PROTOCOL: str(PROTOCOL_VERSION),
        HEADER_SCHEMA: HEAD_REVISION,
        "Authorization": f"Bearer {token}",
    }
    with httpx.Client(base_url=server.url, headers=headers, timeout=30) as client:
        done = client.post(f"/api/v1/admin/devices/{laptop_app.store.device_id}/revoke")
    assert done.status_code == 200, done.text
    return done.json()["revoked_at"]


def tokens_in_file(app: App) -> dict:
    path = app.data_dir / FILE_NAME
    return json.loads(path.read_text()) if path.exists() else {}


def test_a_revoked_encrypted_laptop_wipes_everything_on_its_next_sync(
    laptop, server, tmp_path, caplog
):
    boss = enrolled(laptop("boss", bundled=True), server, "boss", role="admin", teams=())
    a = enrolled(encrypted_laptop(tmp_path, "enc"), server, "wang")
    folder = a.data_dir
    try:
        seed_demo(a)
        assert sync_ops.sync_now(a).ok
        assert tokens_in_file(a) and (folder / KEY_FILE_NAME).is_file()
        assert (folder / crypto.KEY_FILE).is_file()
        revoked_at = revoke(server, a, boss)
        seed_demo(a)  # a change that will never reach the center

        logger = "inspector_app.operations.sync"
        with caplog.at_level("WARNING", logger=logger), pytest.raises(DeviceRevoked) as refused:
            sync_ops.sync_now(a)
        assert revoked_at in str(refused.value)
        assert isinstance(refused.value, NotEnrolled)
        # All three gone, each logged.
        assert server.url not in tokens_in_file(a)
        assert not (folder / KEY_FILE_NAME).exists()
        assert not (folder / crypto.KEY_FILE).exists()
        logged = "\n".join(r.getMessage() for r in caplog.records)
        for line in ("device token: deleted", "signing key: deleted", "data key: deleted"):
            assert line in logged
        assert logged.index("device token") < logged.index("signing key")
        assert logged.index("signing key") < logged.index("data key")
        # When and why, in the store's meta; the status says so.
        assert get_meta(a.store, sync_ops.REVOKED_KEY)
        assert revoked_at in get_meta(a.store, sync_ops.REVOKED_REASON_KEY)
        status = sync_ops.sync_status(a)
        assert not status.enrolled and status.revoked_wiped_at and status.data_key_wiped
        assert sync_ops.revocation_notice(a) == sync_ops.REVOKED_NOTICE
        # Asking again says the same, not "enrol".
        with pytest.raises(DeviceRevoked, match="the center revoked this laptop"):
            sync_ops.sync_now(a)
    finally:
        a.close()
    # Closed: the folder no longer opens, with the right passphrase or without.
    with pytest.raises(crypto.EncryptionError, match="the data key was deleted"):
        crypto.unlock(folder, PASSPHRASE)
    with pytest.raises(crypto.EncryptionError, match="revoked at"):
        crypto.unlock(folder)
    with pytest.raises(crypto.EncryptionError):
        App(folder)


def test_a_plain_folder_loses_only_its_token_and_signing_key(laptop, server):
    boss = enrolled(laptop("boss", bundled=True), server, "boss", role="admin", teams=())
    a = enrolled(laptop("plain", bundled=True), server, "wang")
    iid = seed_demo(a)
    assert sync_ops.sync_now(a).ok
    revoke(server, a, boss)
    with pytest.raises(DeviceRevoked):
        sync_ops.sync_now(a)
    assert server.url not in tokens_in_file(a)
    assert not (a.data_dir / KEY_FILE_NAME).exists()
    assert not crypto.is_encrypted(a.data_dir)
    assert not (a.data_dir / crypto.KEY_DELETED_FILE).exists()
    status = sync_ops.sync_status(a)
    assert status.revoked_wiped_at and not status.data_key_wiped
    assert sync_ops.revocation_notice(a) == sync_ops.REVOKED_NOTICE_PLAIN
    a.close()
    reopened = App(a.data_dir)  # a plain folder still opens: its data was never encrypted
    try:
        assert reopened.store.get("inspection", iid) is not None
    finally:
        reopened.close()


def test_any_call_that_hears_the_revocation_wipes(laptop, server):
    """Not only the sync: the rectification fetch (and the pool, the deadlines) go through
    the same client, whose `_check` hears `device_revoked`."""
    boss = enrolled(laptop("boss", bundled=True), server, "boss", role="admin", teams=())
    a = enrolled(laptop("plain", bundled=True), server, "wang")
    token = sync_ops.credentials(a).get(server.url)
    sync_ops.signing_key(a)
    revoke(server, a, boss)
    with sync_ops._client(a, server.url, token) as client, pytest.raises(DeviceRevoked):
        client.fetch_rectification("some-inspection")
    assert sync_ops.credentials(a).get(server.url) is None
    assert not (a.data_dir / KEY_FILE_NAME).exists()
    assert get_meta(a.store, sync_ops.REVOKED_KEY)


def test_an_unknown_token_wipes_nothing(laptop, server, tmp_path):
    a = enrolled(encrypted_laptop(tmp_path, "enc"), server, "wang")
    try:
        sync_ops.credentials(a).set(server.url, "a-token-the-server-never-issued")
        with pytest.raises(NotEnrolled) as refused:
            sync_ops.sync_now(a)
        assert not isinstance(refused.value, DeviceRevoked)
        assert "unknown or revoked device token" in str(refused.value)
        assert tokens_in_file(a) == {server.url: "a-token-the-server-never-issued"}
        assert (a.data_dir / KEY_FILE_NAME).is_file()
        assert (a.data_dir / crypto.KEY_FILE).is_file()
        assert get_meta(a.store, sync_ops.REVOKED_KEY) is None
    finally:
        a.close()
    assert crypto.unlock(a.data_dir, PASSPHRASE) is not None


def test_the_cli_sync_says_it_in_one_line_and_fails(laptop, server, tmp_path, capsys, monkeypatch):
    boss = enrolled(laptop("boss", bundled=True), server, "boss", role="admin", teams=())
    a = enrolled(encrypted_laptop(tmp_path, "enc"), server, "wang")
    seed_demo(a)
    assert sync_ops.sync_now(a).ok
    revoke(server, a, boss)
    folder = a.data_dir
    a.close()
    monkeypatch.setenv("INSPECTOR_APP_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    code = main(["--data-dir", str(folder), "sync"])
    out, err = capsys.readouterr()
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"inspector-app: {sync_ops.REVOKED_NOTICE}")
    assert "revoked by the center at" in lines[0]
    assert out == ""
    with pytest.raises(crypto.EncryptionError, match="deleted"):
        crypto.unlock(folder, PASSPHRASE)
    # The CLI cannot even open the folder now, and says why.
    assert main(["--data-dir", str(folder), "sync"]) != 0
    assert "the data key was deleted" in capsys.readouterr().err


def test_keyring_entries_are_deleted_too(laptop, server, tmp_path, monkeypatch):
    """Where a keyring works, the token, the signing key and the data key live there."""
    # The admin's laptop keeps its token in its file (the keyring's entry is per server
    # URL, which both laptops on this one test machine share).
    boss = enrolled(laptop("boss", bundled=True), server, "boss", role="admin", teams=())
    boss_token = sync_ops.credentials(boss).get(server.url)
    ring = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(ring)
    monkeypatch.delenv("INSPECTOR_APP_NO_KEYRING")
    try:
        folder = tmp_path / "ring"
        key = crypto.create_key(folder)  # in the keyring: no data-key.json
        a = enrolled(App(folder, actor="inspector-ring", key=key), server, "wang")
        try:
            services = {service for service, _user in ring.items}
            assert {SERVICE, KEY_SERVICE, crypto.KEYRING_SERVICE} <= services
            assert not (folder / FILE_NAME).exists() and not (folder / crypto.KEY_FILE).exists()
            revoke(server, a, boss, boss_token)
            with pytest.raises(DeviceRevoked):
                sync_ops.sync_now(a)
            left = {service for service, _user in ring.items}
            assert not left & {KEY_SERVICE, crypto.KEYRING_SERVICE}
            assert (SERVICE, server.url) not in ring.items
            assert CredentialStore(folder).get(server.url) is None
            assert tokens_in_file(boss) == {server.url: boss_token}  # another folder's
        finally:
            a.close()
        with pytest.raises(crypto.EncryptionError, match="deleted"):
            crypto.unlock(folder)
    finally:
        keyring.set_keyring(previous)
