"""`inspector-server` admin commands, run in-process against a temporary SQLite server."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector_app.server import auth
from inspector_app.server.cli import main
from inspector_app.server.context import open_context
from inspector_app.server.settings import ServerSettings

from .conftest import new_public_key

CHECKLIST = Path(__file__).parents[1] / "checklist" / "fixtures" / "library" / "demo-gmp.v1.yaml"


@pytest.fixture
def server_args(tmp_path, monkeypatch):
    monkeypatch.setenv("INSPECTOR_SERVER_DB", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setenv("INSPECTOR_SERVER_BLOBS", str(tmp_path / "env-blobs"))
    return ["--db", f"sqlite:///{tmp_path / 's.sqlite'}", "--blobs", str(tmp_path / "blobs")]


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("inspector-server ")


def test_user_code_device_and_checklist_commands(server_args, tmp_path, capsys):
    assert main([*server_args, "user", "add", "王检查", "--role", "inspector", "--team", "A"]) == 0
    assert main([*server_args, "user", "add", "王检查", "--role", "inspector", "--team", "B"]) == 0
    assert "王检查\tinspector\tA,B" in capsys.readouterr().out
    assert main([*server_args, "user", "add", "王检查", "--role", "admin"]) == 1
    assert "exists with role inspector" in capsys.readouterr().err

    assert main([*server_args, "enroll-code", "王检查"]) == 0
    code = capsys.readouterr().out.strip()
    assert len(code) == 14 and code.count("-") == 2
    assert main([*server_args, "enroll-code", "nobody"]) == 1

    ctx = open_context(ServerSettings(db_url=server_args[1], blobs_dir=tmp_path / "blobs"))
    token, who = auth.enroll(ctx.engine, code, "laptop-7", "", new_public_key())
    assert who.teams == ("A", "B")
    capsys.readouterr()
    assert main([*server_args, "device", "revoke", "laptop-7"]) == 0
    assert "its token and its signing key" in capsys.readouterr().out
    assert main([*server_args, "device", "list"]) == 0
    listed = capsys.readouterr().out
    assert "laptop-7" in listed and "revoked" in listed and "no key" not in listed
    with ctx.engine.connect() as conn:
        assert auth.authenticate(conn, token) is None
    ctx.engine.dispose()

    assert main([*server_args, "checklist", "add", str(CHECKLIST)]) == 0
    assert "published" in capsys.readouterr().out
    assert main([*server_args, "checklist", "add", str(CHECKLIST)]) == 0
    assert "already published" in capsys.readouterr().out
    edited = tmp_path / CHECKLIST.name
    edited.write_text(CHECKLIST.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert main([*server_args, "checklist", "add", str(edited)]) == 1
    assert "different content" in capsys.readouterr().err
    bad = tmp_path / "broken.v1.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    assert main([*server_args, "checklist", "add", str(bad)]) == 1
    assert "broken.v1.yaml" in capsys.readouterr().err


def test_environment_gives_the_database(server_args, tmp_path, capsys):
    assert main(["user", "add", "envuser", "--role", "reviewer"]) == 0
    assert (tmp_path / "env.sqlite").exists()
