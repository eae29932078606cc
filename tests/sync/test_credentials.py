"""Token storage: the OS keyring when one works, else a 0600 file in the data dir."""

from __future__ import annotations

import os

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from inspector_app.sync.credentials import SERVICE, CredentialStore


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
