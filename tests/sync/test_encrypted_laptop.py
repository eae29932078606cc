"""An encrypted laptop (D36) syncs like any other over a real server: its photos go up
decrypted in memory and chunked (the server verifies their hash), photos coming down are
stored encrypted, and the records converge with a plain laptop's."""

from __future__ import annotations

import hashlib

from tests.sync.conftest import all_rows, enrolled

from inspector_app.operations import App
from inspector_app.operations import sync as sync_ops
from inspector_app.operations.demo import seed_demo
from inspector_app.store.crypto import FILE_MAGIC, create_key
from inspector_app.store.merge import laptop_state_hash
from inspector_app.sync.client import missing_blobs


def encrypted_laptop(tmp_path, name: str) -> App:
    folder = tmp_path / name
    key = create_key(folder, "correct horse battery", use_keyring=False)
    return App(folder, actor=f"inspector-{name}", key=key)


def test_encrypted_and_plain_laptops_converge_through_the_server(laptop, server, tmp_path):
    a = enrolled(encrypted_laptop(tmp_path, "enc-a"), server, "wang")
    c = enrolled(encrypted_laptop(tmp_path, "enc-c"), server, "zhao")
    try:
        b = enrolled(laptop("b", bundled=True), server, "li")
        iid = seed_demo(a)
        up = sync_ops.sync_now(a, chunk_size=16 * 1024)
        assert up.ok and up.photos_up > 0
        for photo in a.store.find("photo"):
            stored = server.ctx.blob_path(photo.sha256).read_bytes()
            assert hashlib.sha256(stored).hexdigest() == photo.sha256  # plaintext, verified
            assert a.blobs.original_path(photo.sha256).read_bytes().startswith(FILE_MAGIC)
        for other in (b, c):
            down = sync_ops.sync_now(other)
            assert down.ok and down.photos_down == up.photos_up
            assert missing_blobs(other.store, other.blobs) == []
        for photo in c.store.find("photo"):
            assert c.blobs.original_path(photo.sha256).read_bytes().startswith(FILE_MAGIC)
            assert c.blobs.read(photo.sha256) == b.blobs.read(photo.sha256)
        assert laptop_state_hash(a.store, iid) == server.state_hash(iid)
        assert laptop_state_hash(c.store, iid) == server.state_hash(iid)
        assert all_rows(b) == all_rows(c)
    finally:
        a.close()
        c.close()
