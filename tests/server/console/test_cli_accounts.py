"""`inspector-server user passwd|disable|enable` and `user add --display-name` (issue 11):
the password comes from stdin (twice, or once with --password-stdin), never an argument."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from inspector_app.server import admin, db
from inspector_app.server.cli import main
from inspector_app.server.console import accounts

PASSWORD = "correct horse battery"


@pytest.fixture
def server(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    return ["--db", url, "--blobs", str(tmp_path / "blobs")], url


def _engine(url: str):
    engine = db.make_engine(url)
    return engine


def test_passwd_disable_enable(server, monkeypatch, capsys):
    args, url = server
    assert (
        main([*args, "user", "add", "zhao", "--role", "reviewer", "--display-name", "赵审核"]) == 0
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n{PASSWORD}\n"))
    assert main([*args, "user", "passwd", "zhao"]) == 0
    engine = _engine(url)
    try:
        assert accounts.sign_in(engine, "zhao", PASSWORD).cookie
        accounts_list = {a.name: a for a in admin.list_accounts(engine)}
        assert accounts_list["zhao"].display_name == "赵审核"

        monkeypatch.setattr("sys.stdin", io.StringIO("another password 1\ndiffers\n"))
        assert main([*args, "user", "passwd", "zhao"]) == 1
        assert "differ" in capsys.readouterr().err
        monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
        assert main([*args, "user", "passwd", "zhao", "--password-stdin"]) == 1
        assert "12–256" in capsys.readouterr().err
        monkeypatch.setattr("sys.stdin", io.StringIO("another password 1\n"))
        assert main([*args, "user", "passwd", "zhao", "--password-stdin"]) == 0
        # The reset ended the session made with the old password.
        with engine.connect() as conn:
            assert conn.execute(select(db.web_sessions.c.id_hash)).first() is None
        assert accounts.sign_in(engine, "zhao", "another password 1").cookie

        assert main([*args, "user", "disable", "zhao"]) == 0
        assert accounts.sign_in(engine, "zhao", "another password 1").problem == "invalid"
        with engine.connect() as conn:
            assert conn.execute(select(db.web_sessions.c.id_hash)).first() is None
        assert main([*args, "user", "enable", "zhao"]) == 0
        assert accounts.sign_in(engine, "zhao", "another password 1").cookie
        assert main([*args, "user", "disable", "nobody"]) == 1
        assert "no user 'nobody'" in capsys.readouterr().err
    finally:
        engine.dispose()


def test_passwd_takes_no_password_argument(server, capsys):
    args, _ = server
    with pytest.raises(SystemExit):
        main([*args, "user", "passwd", "zhao", "--password", "x" * 12])
