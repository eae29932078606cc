"""Encryption at rest (D36): the data key, the encrypted store, the fast readers, file modes.

Real SQLCipher files under tmp_path; the raw bytes on disk are searched for the company name
and the defect text that were saved.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from inspector_app.store import crypto
from inspector_app.store.crypto import (
    DataKey,
    EncryptionError,
    PassphraseRequired,
    WrongPassphrase,
    create_key,
    encryption_state,
    unlock,
)
from inspector_app.store.db import StoreError

COMPANY = "绝密制药有限公司"
DEFECT = "无菌灌装线的压差记录缺失"
PASS = "correct horse battery"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


@pytest.fixture(autouse=True)
def fast_argon2(monkeypatch):
    # The real parameters take ~0.3 s per unlock; the file records what was used, so a
    # small cost here exercises the same code (one test below keeps the real ones).
    monkeypatch.setattr(
        crypto, "ARGON2", {"time_cost": 1, "memory_cost": 8 * 1024, "parallelism": 1}
    )


@pytest.fixture
def no_keyring(monkeypatch):
    monkeypatch.setattr(crypto, "usable_keyring", lambda: None)


@pytest.fixture
def memory_keyring(monkeypatch):
    ring = MemoryKeyring()
    monkeypatch.delenv("INSPECTOR_APP_NO_KEYRING", raising=False)
    monkeypatch.setattr(crypto, "usable_keyring", lambda: ring)
    return ring


def save_confidential(app) -> tuple[str, str]:
    from inspector_app.operations import inspections as ops

    insp = ops.create_inspection(
        app, company_name=COMPANY, inspection_type="gmp_compliance", checklist_id="mini-gmp"
    )
    ops.start_on_site(app, insp.id)
    defect = ops.add_defect(app, insp.id, facts=DEFECT, severity="major")
    return insp.id, defect.id


def raw_bytes(data_dir: Path) -> bytes:
    """Every file of the data folder, concatenated (the store, its WAL, blobs, backups)."""
    return b"".join(p.read_bytes() for p in sorted(data_dir.rglob("*")) if p.is_file())


def fixtures_app(data_dir, key=None):
    from inspector_app.operations import App

    return App(data_dir, actor="测试员", checklist_dirs=[FIXTURES], key=key)


FIXTURES = Path(__file__).parents[1] / "operations" / "fixtures"


# ---- the key ------------------------------------------------------------------------------


def test_passphrase_key_unwraps_only_with_the_passphrase(data_dir, no_keyring):
    key = create_key(data_dir, PASS)
    state = encryption_state(data_dir)
    assert state.encrypted and state.key_location == "passphrase" and state.needs_passphrase
    assert unlock(data_dir, PASS).raw == key.raw
    doc = json.loads((data_dir / crypto.KEY_FILE).read_text())
    assert doc["kdf"]["name"] == "argon2id" and doc["kdf"]["time_cost"] == 1
    assert key.raw.hex() not in (data_dir / crypto.KEY_FILE).read_text()

    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    with pytest.raises(WrongPassphrase, match=r"wrong passphrase.*nothing was changed"):
        unlock(data_dir, "not the passphrase")
    with pytest.raises(PassphraseRequired, match="enter the passphrase"):
        unlock(data_dir)
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before


def test_passphrase_change_rewraps_the_same_key(data_dir, no_keyring):
    from inspector_app.store.crypto import change_passphrase

    key = create_key(data_dir, PASS)
    with pytest.raises(WrongPassphrase):
        change_passphrase(data_dir, "not the passphrase", "a new passphrase")
    assert unlock(data_dir, PASS).raw == key.raw
    change_passphrase(data_dir, PASS, "a new passphrase")
    assert unlock(data_dir, "a new passphrase").raw == key.raw
    with pytest.raises(WrongPassphrase):
        unlock(data_dir, PASS)


def test_real_argon2_parameters_are_recorded_and_used(data_dir, no_keyring, monkeypatch):
    monkeypatch.setattr(
        crypto, "ARGON2", {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 4}
    )
    key = create_key(data_dir, PASS)
    # A later build with other defaults still opens the file: it reads the recorded ones.
    monkeypatch.setattr(crypto, "ARGON2", {"time_cost": 1, "memory_cost": 8, "parallelism": 1})
    assert unlock(data_dir, PASS).raw == key.raw
    assert json.loads((data_dir / crypto.KEY_FILE).read_text())["kdf"]["memory_cost"] == 65536


def test_keyring_keeps_the_key_under_the_folder_id(data_dir, memory_keyring):
    key = create_key(data_dir)
    ident = (data_dir / crypto.FOLDER_ID_FILE).read_text().strip()
    assert memory_keyring.items == {(crypto.KEYRING_SERVICE, ident): key.raw.hex()}
    assert not (data_dir / crypto.KEY_FILE).exists()
    state = encryption_state(data_dir)
    assert state.encrypted and state.key_location == "keyring" and not state.needs_passphrase
    assert unlock(data_dir).raw == key.raw


def test_no_keyring_and_no_passphrase_is_refused_with_a_reason(data_dir, no_keyring):
    with pytest.raises(PassphraseRequired, match="no usable keyring"):
        create_key(data_dir)
    assert not (data_dir / crypto.MARKER_FILE).exists()
    with pytest.raises(EncryptionError, match="at least 8"):
        create_key(data_dir, "short")
    assert not encryption_state(data_dir).encrypted


def test_a_second_key_is_refused(data_dir, no_keyring):
    create_key(data_dir, PASS)
    with pytest.raises(EncryptionError, match="already has a data key"):
        create_key(data_dir, PASS + "2")


def test_key_on_a_folder_with_data_waits_for_the_migration(data_dir, no_keyring):
    with fixtures_app(data_dir) as app:
        save_confidential(app)
    create_key(data_dir, PASS)
    state = encryption_state(data_dir)
    assert not state.encrypted and state.key_location == "passphrase"


def test_data_key_never_prints():
    assert repr(DataKey.generate()) == "DataKey(…)"


# ---- the encrypted store --------------------------------------------------------------------


def test_encrypted_store_holds_no_plain_text_and_opens_only_with_the_key(data_dir, no_keyring):
    from inspector_app.operations import App
    from inspector_app.store.store import Store

    key = create_key(data_dir, PASS)
    with fixtures_app(data_dir, key) as app:
        insp_id, defect_id = save_confidential(app)
        assert app.store.get("defect", defect_id).facts == DEFECT
        # While open: the WAL holds the latest pages, encrypted too.
        disk = raw_bytes(data_dir)
        assert COMPANY.encode() not in disk and DEFECT.encode() not in disk
    disk = raw_bytes(data_dir)
    assert COMPANY.encode() not in disk and DEFECT.encode() not in disk
    assert not (data_dir / "inspector.sqlite").read_bytes().startswith(b"SQLite format 3")

    with pytest.raises(EncryptionError, match="encrypted: unlock it first"):
        App(data_dir)
    with pytest.raises(EncryptionError, match="encrypted: unlock it first"):
        Store(data_dir)
    with pytest.raises(StoreError, match="data key does not open this database"):
        Store(data_dir, DataKey.generate())
    import sqlite3

    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(data_dir / "inspector.sqlite").execute(
            "SELECT * FROM inspection"
        ).fetchall()

    with fixtures_app(data_dir, unlock(data_dir, PASS)) as again:
        assert again.store.get("inspection", insp_id).company_name == COMPANY


def test_first_paint_and_report_readers_on_an_encrypted_folder(data_dir, no_keyring):
    from inspector_app.operations.listing import first_paint_rows
    from inspector_app.store.snapshot import read_record

    key = create_key(data_dir, PASS)
    with fixtures_app(data_dir, key) as app:
        insp_id, _ = save_confidential(app)
    rows = first_paint_rows(data_dir, key)
    assert [r.company_name for r in rows] == [COMPANY] and rows[0].major == 1
    record = read_record(data_dir, insp_id, key)
    assert record is not None and record.inspection["company_name"] == COMPANY
    assert [d["facts"] for d in record.children["defect"]] == [DEFECT]
    # Without the key, or with another, they give up (the store proper then says why).
    assert first_paint_rows(data_dir) is None
    assert first_paint_rows(data_dir, DataKey.generate()) is None
    assert read_record(data_dir, insp_id) is None
    assert read_record(data_dir, insp_id, DataKey.generate()) is None


def test_migration_backup_of_an_encrypted_store_is_encrypted(data_dir, no_keyring):
    from inspector_app.store import db
    from inspector_app.store.db import backup_file

    key = create_key(data_dir, PASS)
    with fixtures_app(data_dir, key) as app:
        save_confidential(app)
    backup = backup_file(data_dir / "inspector.sqlite", data_dir / "backups", db.HEAD_REVISION, key)
    assert COMPANY.encode() not in backup.read_bytes()
    conn = db.connect_encrypted(backup, key)
    assert conn.execute("SELECT company_name FROM inspection").fetchall() == [(COMPANY,)]
    conn.close()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


# ---- file modes -------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
@pytest.mark.parametrize("encrypted", [False, True])
def test_data_folder_0700_and_files_0600(tmp_path, no_keyring, encrypted, monkeypatch):
    from PIL import Image

    from inspector_app.operations import inspections as ops
    from inspector_app.sync.credentials import CredentialStore

    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")
    os.umask(0o022)  # the usual umask, which gave 0644/0755 before
    data_dir = tmp_path / "data"
    key = create_key(data_dir, PASS) if encrypted else None
    with fixtures_app(data_dir, key) as app:
        insp_id, defect_id = save_confidential(app)
        photo = tmp_path / "p.jpg"
        Image.new("RGB", (64, 48), (10, 20, 30)).save(photo)
        ops.attach_photo(app, insp_id, photo, defect_id=defect_id)
        CredentialStore(data_dir).set("https://center.example", "token")
        files = [p for p in data_dir.rglob("*") if p.is_file()]
        dirs = [data_dir, *(p for p in data_dir.rglob("*") if p.is_dir())]
        names = {p.name for p in files}
        assert {"inspector.sqlite", "inspector.sqlite-wal", "sync-credentials.json"} <= names
        assert any(p.parent.parent.name == "originals" for p in files)
        assert {
            p.relative_to(data_dir).as_posix(): mode(p) for p in files if mode(p) != 0o600
        } == {}
        blob_dirs = [d for d in dirs if "blobs" in d.parts or d == data_dir]
        assert {str(d): mode(d) for d in blob_dirs if mode(d) != 0o700} == {}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_an_existing_open_folder_is_closed_on_next_open(data_dir):
    db_file = data_dir / "inspector.sqlite"
    with fixtures_app(data_dir):
        pass
    os.chmod(data_dir, 0o755)
    os.chmod(db_file, 0o644)
    with fixtures_app(data_dir):
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        assert stat.S_IMODE(db_file.stat().st_mode) == 0o600


# ---- the blob store ---------------------------------------------------------------------------


def test_encrypted_blobs_round_trip_and_refuse_a_swapped_or_foreign_file(tmp_path):
    import hashlib

    from inspector_app.store.blobs import BlobStore
    from inspector_app.store.crypto import BlobUnreadable

    key = DataKey.generate()
    blobs = BlobStore(tmp_path / "blobs", key)
    first, second = b"signature one " * 100, b"signature two " * 100
    a, b = blobs.put_bytes(first).sha256, blobs.put_bytes(second).sha256
    assert a == hashlib.sha256(first).hexdigest()
    on_disk = blobs.original_path(a).read_bytes()
    assert on_disk.startswith(crypto.FILE_MAGIC) and first not in on_disk
    assert blobs.read(a) == first and blobs.size(a) == len(first)
    with blobs.open_original(a) as fh:
        assert fh.read() == first
    # The name is the associated data: a file copied over another's does not open.
    blobs.original_path(b).write_bytes(on_disk)
    with pytest.raises(BlobUnreadable, match="does not open with this laptop's data key"):
        blobs.read(b)
    with pytest.raises(BlobUnreadable):
        BlobStore(tmp_path / "blobs", DataKey.generate()).read(a)
    # A plain file where an encrypted one belongs is refused, never handed out as it is.
    blobs.original_path(b).write_bytes(second)
    with pytest.raises(BlobUnreadable, match="not an encrypted file"):
        blobs.read(b)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_file_system_without_modes_still_opens(data_dir, monkeypatch):
    os.chmod(data_dir, 0o755)

    def refuse(*_args, **_kw):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(crypto.os, "chmod", refuse)  # as FAT or a network share answers
    with fixtures_app(data_dir) as app:
        assert app.store.device_id
