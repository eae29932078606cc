"""The command-line contract: names, exit codes, one-line reasons on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inspector_app import __version__
from inspector_app.cli import main

FIXTURE = Path(__file__).parent / "operations" / "fixtures" / "mini-gmp.v1.yaml"
MALFORMED = Path(__file__).parent / "checklist" / "malformed"


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_through_the_console_entry_point():
    proc = subprocess.run(
        [sys.executable, "-m", "inspector_app", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"inspector-app {__version__}"


def test_validate_good_file(capsys):
    code, out, _ = run(capsys, "checklists", "validate", str(FIXTURE))
    assert code == 0
    assert out.startswith("ok: 1 checklist file(s), 6 items")


def test_validate_bad_files_lists_every_problem_with_location(capsys):
    files = sorted(MALFORMED.glob("*.yaml"))[:5]
    code, _, err = run(capsys, "checklists", "validate", *map(str, files))
    assert code == 1
    lines = err.strip().splitlines()
    assert lines[-1].endswith(f"problem(s) in {len(files)} file(s)")
    for line in lines[:-1]:
        file, lineno, col, _ = line.split(":", 3)
        assert Path(file).name in {f.name for f in files}
        assert int(lineno) >= 1 and int(col) >= 1


def test_validate_missing_path(capsys, tmp_path):
    code, _, err = run(capsys, "checklists", "validate", str(tmp_path / "nope.yaml"))
    assert code == 1
    assert err.strip() == f"inspector-app: {tmp_path / 'nope.yaml'}: no such file or directory"


def test_empty_list_and_json(capsys, data_dir):
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "inspections", "list")
    assert code == 0 and "no inspections" in out
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "inspections", "list", "--json")
    assert code == 0 and json.loads(out) == []


def test_data_dir_from_environment(capsys, data_dir, monkeypatch):
    monkeypatch.setenv("INSPECTOR_APP_DATA_DIR", str(data_dir))
    assert run(capsys, "inspections", "list")[0] == 0
    assert (data_dir / "inspector.sqlite").exists()


def test_export_unknown_id_is_one_line(capsys, data_dir):
    code, _, err = run(capsys, "--data-dir", str(data_dir), "export", "nope")
    assert code == 1
    assert err.count("\n") == 1 and "no inspection with id nope" in err


def test_import_bad_json_says_where(capsys, data_dir, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": ', encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", str(data_dir), "import", str(bad))
    assert code == 1
    assert f"{bad}:1:" in err and "invalid JSON" in err


def test_newer_database_is_refused_with_one_line(capsys, data_dir):
    import sqlite3

    assert run(capsys, "--data-dir", str(data_dir), "inspections", "list")[0] == 0
    con = sqlite3.connect(data_dir / "inspector.sqlite")
    con.execute("UPDATE alembic_version SET version_num='0999'")
    con.commit()
    con.close()
    code, _, err = run(capsys, "--data-dir", str(data_dir), "inspections", "list")
    assert code == 1 and "newer version of inspector_app" in err and err.count("\n") == 1


@pytest.mark.slow
def test_demo_export_import_round_trip_through_the_cli(capsys, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    code, out, err = run(capsys, "--data-dir", str(a), "demo")
    assert code == 0, err
    iid = out.strip()
    code, out, _ = run(capsys, "--data-dir", str(a), "inspections", "list", "--json")
    [row] = json.loads(out)
    assert row["id"] == iid and row["status"] == "on_site"
    assert row["critical"] >= 1 and row["major"] >= 1 and row["general"] >= 1
    assert 8 <= row["critical"] + row["major"] + row["general"] <= 12
    exported = tmp_path / "demo.json"
    assert run(capsys, "--data-dir", str(a), "export", iid, "-o", str(exported))[0] == 0
    doc = json.loads(exported.read_text(encoding="utf-8"))
    answered = [r for r in doc["item_results"] if r["result"] != "not_checked"]
    assert 35 <= len(answered) <= 45
    assert len(doc["team_members"]) == 3 and len(doc["photos"]) >= 3
    # Importing writes (its trail says who imported it): a new laptop says who works on it.
    code, _, err = run(capsys, "--data-dir", str(b), "import", str(exported))
    assert code == 1 and "inspector-app profile --name" in err and err.count("\n") == 1
    assert run(capsys, "--data-dir", str(b), "profile", "--name", "李敏")[0] == 0
    code, out, _ = run(capsys, "--data-dir", str(b), "import", str(exported))
    assert code == 0 and out.strip() == iid
    again = tmp_path / "again.json"
    assert run(capsys, "--data-dir", str(b), "export", iid, "-o", str(again))[0] == 0
    # The same records and trail rows; the rows now say they came from the file (and who
    # imported it, which is the profile just set), and the import is one row of its own.
    first, second = json.loads(exported.read_bytes()), json.loads(again.read_bytes())
    trail = second.pop("audit_trail")
    assert second == {k: v for k, v in first.items() if k != "audit_trail"}
    imported = [r for r in trail if r["field"] != "import"]
    marks = ("imported_from", "imported_by", "imported_at")
    assert [{**r, **dict.fromkeys(marks, "")} for r in imported] == first["audit_trail"]
    assert {r["imported_by"] for r in imported} == {"李敏"}
    assert all(r["imported_from"].startswith("demo.json (SHA-256 ") for r in imported)
    assert {r["actor"] for r in imported} == {"王建国"}  # the demo's own lead wrote the demo
    [event] = [r for r in trail if r["field"] == "import"]
    assert event["actor"] == "李敏"


def test_server_entry_point_exists_and_reports_its_version():
    proc = subprocess.run(
        [sys.executable, "-m", "inspector_app.server.cli", "--version"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"inspector-server {__version__}"


def test_profile_show_set_and_json(capsys, data_dir):
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "profile")
    assert code == 0 and "no inspector profile" in out and "profile --name NAME" in out
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "profile", "--name", " 张明 ", "--unit", "检查一处"
    )
    assert code == 0 and out == "name: 张明\nunit: 检查一处\n"
    # --unit alone keeps the name; an empty unit removes it.
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "profile", "--unit", "")
    assert code == 0 and out == "name: 张明\nunit: -\n"
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "profile", "--json")
    assert code == 0
    assert json.loads(out) == {"name": "张明", "unit": "", "account": "", "role": ""}


def test_profile_shows_the_enrolled_account(capsys, data_dir):
    from inspector_app.operations import App
    from inspector_app.operations.context import ACCOUNT_KEY, ROLE_KEY
    from inspector_app.store.merge import set_meta

    assert run(capsys, "--data-dir", str(data_dir), "profile", "--name", "张明")[0] == 0
    with App(data_dir) as app:  # what enrolment stores
        set_meta(app.store, ACCOUNT_KEY, "zhangm")
        set_meta(app.store, ROLE_KEY, "inspector")
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "profile")
    assert code == 0 and out.splitlines()[-1] == "account: zhangm (inspector)"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--name", ""], "inspector-app: name: required"),
        (["--name", "名" * 201], "inspector-app: name: at most 200 characters"),
        (["--name", "张明", "--unit", "处" * 201], "inspector-app: unit: at most 200 characters"),
        (["--name", "张明\n局长"], "inspector-app: name: no line breaks"),
        (["--unit", "检查一处"], "inspector-app: profile: no inspector name on this laptop yet"),
    ],
)
def test_profile_refusals_are_one_line_and_change_nothing(capsys, data_dir, args, says):
    code, _, err = run(capsys, "--data-dir", str(data_dir), "profile", *args)
    assert code == 1 and err.startswith(says) and err.count("\n") == 1
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "profile", "--json")
    assert json.loads(out)["name"] == ""


def test_writing_without_a_profile_fails_with_the_way_out(capsys, data_dir, tmp_path):
    """A write on a laptop nobody named: one line saying what to do, no traceback, nothing
    written; after `profile --name` the same command works."""
    source = tmp_path / "source"
    code, out, err = run(capsys, "--data-dir", str(source), "demo")  # the demo needs no profile
    assert code == 0, err
    iid = out.strip()
    exported = tmp_path / "demo.json"
    assert run(capsys, "--data-dir", str(source), "export", iid, "-o", str(exported))[0] == 0
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import", str(exported))
    assert code == 1 and out == ""
    assert err == (
        "inspector-app: profile: no inspector name is set on this laptop: set it first "
        "(the app asks at first start; inspector-app profile --name NAME)\n"
    )
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "inspections", "list", "--json")
    assert json.loads(out) == []
    assert run(capsys, "--data-dir", str(data_dir), "profile", "--name", "李敏")[0] == 0
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "import", str(exported))
    assert code == 0 and out.strip() == iid


def test_demo_is_written_by_its_own_lead_not_the_profile(capsys, data_dir):
    from inspector_app.operations import App
    from inspector_app.operations import inspections as ops

    assert run(capsys, "--data-dir", str(data_dir), "profile", "--name", "张明")[0] == 0
    code, out, err = run(capsys, "--data-dir", str(data_dir), "demo")
    assert code == 0, err
    with App(data_dir) as app:
        assert {r["actor"] for r in ops.audit_trail(app, out.strip())} == {"王建国"}
        assert app.person.name == "张明"  # the profile is untouched
