"""Encrypting a plain data folder with photos (D36): one step, with a backup and a check,
resumable after a kill at any step, losing nothing; and the readers of an encrypted folder
(report rendering, thumbnails' bytes, the issued PDF) working without a decrypted file."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.encryption import (
    WORK_DIR,
    encrypt_data_dir,
    encryption_state,
    unlock,
)
from inspector_app.operations.listing import first_paint_rows
from inspector_app.store import crypto
from inspector_app.store.crypto import EncryptionError, WrongPassphrase
from inspector_app.store.snapshot import read_record

FIXTURES = Path(__file__).parent / "fixtures"
COMPANY = "绝密制药有限公司"
DEFECT = "无菌灌装线的压差记录缺失"
PASS = "correct horse battery"
PHOTOS = 5


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    monkeypatch.setenv("INSPECTOR_APP_NO_KEYRING", "1")


def photo_bytes(i: int) -> bytes:
    out = io.BytesIO()
    img = Image.new("RGB", (320, 240), (20 * i, 40, 200 - 20 * i))
    img.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.fixture(scope="module")
def plain_template(tmp_path_factory) -> tuple[Path, dict]:
    """A plain data folder: an inspection, a defect, photos (one annotated), a signature."""
    folder = tmp_path_factory.mktemp("plain") / "data"
    src = tmp_path_factory.mktemp("camera")
    facts: dict = {"photos": {}}
    with App(folder, actor="测试员", checklist_dirs=[FIXTURES]) as app:
        insp = ops.create_inspection(
            app, company_name=COMPANY, inspection_type="gmp_compliance", checklist_id="mini-gmp"
        )
        ops.start_on_site(app, insp.id)
        defect = ops.add_defect(app, insp.id, facts=DEFECT, severity="major")
        for i in range(PHOTOS):
            path = src / f"IMG_{i:04}.jpg"
            path.write_bytes(photo_bytes(i))
            photo = ops.attach_photo(app, insp.id, path, defect_id=defect.id)
            facts["photos"][photo.sha256] = path.read_bytes()
        from inspector_app.operations.photos import annotated_image, save_annotations

        first = app.store.find("photo", inspection_id=insp.id)[0]
        shape = {"type": "arrow", "x1": 0.1, "y1": 0.1, "x2": 0.5, "y2": 0.5}
        annotated = save_annotations(app, first.id, [shape])
        annotated_image(app, annotated)
        facts.update(inspection=insp.id, defect=defect.id, rows=_row_counts(app))
    assert list((folder / "blobs" / "annotated").rglob("*.jpg"))
    return folder, facts


def _row_counts(app: App) -> dict[str, int]:
    from sqlalchemy import text

    with app.store.read() as conn:
        names = [
            r[0]
            for r in conn.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            )
        ]
        return {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar() for n in names}


@pytest.fixture
def plain(plain_template, tmp_path) -> tuple[Path, dict]:
    folder, facts = plain_template
    copy = tmp_path / "data"
    shutil.copytree(folder, copy)
    return copy, facts


def assert_encrypted_and_complete(folder: Path, facts: dict) -> None:
    state = encryption_state(folder)
    assert state.encrypted and not state.migrating and state.needs_passphrase
    assert not (folder / WORK_DIR).exists()
    disk = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    assert COMPANY.encode() not in disk and DEFECT.encode() not in disk
    for data in facts["photos"].values():
        assert data[200:264] not in disk  # no photo's bytes in the clear
    for backup in (folder / "backups").glob("*.sqlite"):
        assert not backup.read_bytes().startswith(b"SQLite format 3")
    key = unlock(folder, PASS)
    with App(folder, actor="测试员", checklist_dirs=[FIXTURES], key=key) as app:
        assert _row_counts(app) == facts["rows"]
        assert app.store.get("inspection", facts["inspection"]).company_name == COMPANY
        assert app.store.get("defect", facts["defect"]).facts == DEFECT
        for sha, data in facts["photos"].items():
            assert app.blobs.read(sha) == data
            assert hashlib.sha256(app.blobs.read(sha)).hexdigest() == sha
            with Image.open(io.BytesIO(app.blobs.read_derivative(sha))) as img:
                assert img.size == (320, 240)


def test_encrypting_a_plain_folder_keeps_everything(plain):
    folder, facts = plain
    report = encrypt_data_dir(folder, PASS)
    assert report.files == 2 * PHOTOS + 1  # originals, derivatives, one annotated copy
    assert report.rows == sum(facts["rows"].values())
    assert report.backup is not None and report.backup.parent == folder / "backups"
    assert_encrypted_and_complete(folder, facts)
    # The backup taken before: encrypted with the same key, and the whole record.
    from inspector_app.store.db import connect_encrypted

    conn = connect_encrypted(report.backup, unlock(folder, PASS))
    assert conn.execute("SELECT company_name FROM inspection").fetchall() == [(COMPANY,)]
    conn.close()
    assert encrypt_data_dir(folder, PASS).already  # a second run has nothing to do


class Stop(Exception):
    pass


@pytest.mark.parametrize(
    "stop_at",
    [
        "locked",
        "backed-up",
        "exported",
        "file 1",
        "file 6",
        "checked",
        "marked",
        "swapped",
        "backups-encrypted",
    ],
)
def test_interrupted_at_any_step_resumes_without_loss(plain, stop_at):
    folder, facts = plain

    def checkpoint(step: str) -> None:
        if step == stop_at:
            raise Stop(step)

    with pytest.raises(Stop):
        encrypt_data_dir(folder, PASS, checkpoint=checkpoint)
    state = encryption_state(folder)
    assert state.migrating
    assert state.encrypted == (stop_at in {"marked", "swapped", "backups-encrypted"})
    # Until it has finished, nothing opens the folder (part of it is encrypted already).
    key = unlock(folder, PASS)
    with pytest.raises(EncryptionError, match="interrupted: finish it first"):
        App(folder, key=key if state.encrypted else None)
    assert first_paint_rows(folder, key) is None
    assert read_record(folder, facts["inspection"], key) is None
    encrypt_data_dir(folder, PASS)
    assert_encrypted_and_complete(folder, facts)


def test_wrong_passphrase_on_resume_is_refused_and_changes_nothing(plain):
    folder, facts = plain

    def checkpoint(step: str) -> None:
        if step == "file 3":
            raise Stop(step)

    with pytest.raises(Stop):
        encrypt_data_dir(folder, PASS, checkpoint=checkpoint)
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        encrypt_data_dir(folder, "not the passphrase")
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    encrypt_data_dir(folder, PASS)
    assert_encrypted_and_complete(folder, facts)


KILLER = """
import os, signal, sys
from inspector_app.operations.encryption import encrypt_data_dir

def checkpoint(step):
    if step == sys.argv[2]:
        os.kill(os.getpid(), signal.SIGKILL)

encrypt_data_dir(sys.argv[1], sys.argv[3], checkpoint=checkpoint)
"""


@pytest.mark.parametrize("kill_at", ["file 4", "marked"])
def test_killed_process_then_the_command_resumes(plain, kill_at):
    folder, facts = plain
    env = {**os.environ, "INSPECTOR_APP_NO_KEYRING": "1"}
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, str(folder), kill_at, PASS], env=env, timeout=120
    )
    assert killed.returncode == -signal.SIGKILL
    assert encryption_state(folder).migrating
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector_app",
            "--data-dir",
            str(folder),
            "encrypt",
            "--passphrase-stdin",
        ],
        input=PASS + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "encrypted" in done.stdout
    assert_encrypted_and_complete(folder, facts)


# ---- readers of an encrypted folder ---------------------------------------------------------


def test_report_thumbnails_and_issued_pdf_on_an_encrypted_folder(plain, tmp_path):
    from inspector_app.files import InMemoryFile
    from inspector_app.operations.photos import annotated_image, derivative_file, original_file
    from inspector_app.operations.reports import render_report

    folder, facts = plain
    encrypt_data_dir(folder, PASS)
    key = unlock(folder, PASS)
    with App(folder, actor="测试员", checklist_dirs=[FIXTURES], key=key) as app:
        sha = next(iter(facts["photos"]))
        original = original_file(app, sha)
        assert isinstance(original, InMemoryFile) and original.data == facts["photos"][sha]
        derivative = derivative_file(app, sha)
        assert isinstance(derivative, InMemoryFile)
        photo = next(p for p in app.store.find("photo") if p.annotations)
        marked = annotated_image(app, photo)
        assert isinstance(marked, InMemoryFile) and marked.data.startswith(b"\xff\xd8")
        before = {p for p in folder.rglob("*") if p.is_file()}
        pdf = render_report(app, facts["inspection"], "full", tmp_path / "full.pdf")
        assert Path(pdf).read_bytes().startswith(b"%PDF-")
        written = {p for p in folder.rglob("*") if p.is_file()} - before
        for path in written:  # whatever the report cached stays encrypted
            assert path.read_bytes().startswith(crypto.FILE_MAGIC), path
