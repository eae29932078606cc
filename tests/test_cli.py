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
    code, out, _ = run(capsys, "--data-dir", str(b), "import", str(exported))
    assert code == 0 and out.strip() == iid
    again = tmp_path / "again.json"
    assert run(capsys, "--data-dir", str(b), "export", iid, "-o", str(again))[0] == 0
    assert again.read_bytes() == exported.read_bytes()


def test_server_entry_point_exists_and_reports_its_version():
    proc = subprocess.run(
        [sys.executable, "-m", "inspector_app.server.cli", "--version"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"inspector-server {__version__}"
