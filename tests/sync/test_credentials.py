"""Token storage: the OS keyring when one works, else a 0600 file in the data dir."""

from __future__ import annotations

import os

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from inspector_app.sync.credentials import (
    KEY_FILE_NAME,
    KEY_SERVICE,
    SERVICE,
    CredentialStore,
    DeviceKeyStore,
)


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture
def backend():
    previous = keyring.get_keyring()
    yield lambda b: keyring.set_keyring(b)
    keyring.set_keyring(previous)


def test_headless_machine_without_keyring_uses_the_private_file(tmp_path, backend):
    backend(fail.Keyring())
    store = CredentialStore(tmp_path, use_keyring=True)
    where = store.set("https://sync.example/", "tok-1")
    assert where == str(tmp_path / "sync-credentials.json")
    assert os.stat(where).st_mode & 0o777 == 0o600
    assert store.get("https://sync.example") == "tok-1"


def test_a_working_keyring_keeps_the_token_out_of_the_data_dir(tmp_path, backend):
    memory = MemoryKeyring()
    backend(memory)
    store = CredentialStore(tmp_path, use_keyring=True)
    assert store.set("https://sync.example", "tok-2") == "keyring"
    assert memory.items == {(SERVICE, "https://sync.example"): "tok-2"}
    assert not (tmp_path / "sync-credentials.json").exists()
    assert store.get("https://sync.example/") == "tok-2"
    store.delete("https://sync.example")
    assert store.get("https://sync.example") is None


def test_file_only_mode_never_touches_the_keyring(tmp_path, backend):
    memory = MemoryKeyring()
    backend(memory)
    store = CredentialStore(tmp_path, use_keyring=False)
    store.set("https://a", "x")
    store.set("https://b", "y")
    assert memory.items == {}
    assert (store.get("https://a"), store.get("https://b")) == ("x", "y")


def test_the_signing_key_goes_to_the_keyring_when_one_works(tmp_path, backend):
    memory = MemoryKeyring()
    backend(memory)
    keys = DeviceKeyStore(tmp_path, "device-1", use_keyring=True)
    assert keys.get() is None
    key = keys.get_or_create()
    assert memory.items == {(KEY_SERVICE, "device-1"): key.to_text()}
    assert not (tmp_path / KEY_FILE_NAME).exists()
    assert keys.get_or_create().public_text == key.public_text  # made once


def test_without_a_keyring_the_signing_key_is_a_private_file(tmp_path, backend):
    backend(fail.Keyring())
    key = DeviceKeyStore(tmp_path, "device-1", use_keyring=True).get_or_create()
    path = tmp_path / KEY_FILE_NAME
    assert os.stat(path).st_mode & 0o777 == 0o600
    again = DeviceKeyStore(tmp_path, "device-1", use_keyring=False).get()
    assert again is not None and again.public_text == key.public_text


def test_enrolment_makes_the_key_once_and_sends_its_public_half(tmp_path, monkeypatch):
    """The enrol request carries this device's public key; the key file is made at
    enrolment and reused by every later sync."""
    import json as _json

    import httpx

    from inspector_app.operations import App
    from inspector_app.operations import sync as sync_ops

    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    sent: list[dict] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(_json.loads(request.content))
        body = {"token": "t", "user": "wang", "role": "inspector", "teams": ["t"], "server_id": "s"}
        return httpx.Response(200, json=body)

    with App(tmp_path / "a", actor="王五") as app:
        sync_ops.enroll(app, "http://sync.test", "CODE", transport=httpx.MockTransport(answer))
        key = sync_ops.signing_key(app)
        assert sent[0]["public_key"] == key.public_text
        assert sent[0]["device_id"] == app.store.device_id
        assert os.stat(tmp_path / "a" / KEY_FILE_NAME).st_mode & 0o777 == 0o600
        assert (app.person.account, app.person.role) == ("wang", "inspector")
