"""The commands on an encrypted data folder (D36), run as the real program: `encrypt` on a new
folder, the demo seeded into it, the list, the report command (still without SQLAlchemy, D35)
and its verification with the passphrase; refused without it, with a one-line reason."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PASS = "correct horse battery"

PROBE = """
import json, sys
from inspector_app.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "sqlalchemy": "sqlalchemy" in sys.modules}), file=sys.stderr)
sys.exit(code)
"""


def cli(data: Path, *args: str, passphrase: str | None = PASS, stdin: str | None = None):
    env = {**os.environ, "INSPECTOR_APP_NO_KEYRING": "1"}
    env.pop("INSPECTOR_APP_PASSPHRASE", None)
    if passphrase is not None:
        env["INSPECTOR_APP_PASSPHRASE"] = passphrase
    return subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


def test_commands_on_an_encrypted_folder(tmp_path):
    data = tmp_path / "data"
    no_key = cli(data, "encrypt", passphrase=None)  # no keyring here, no passphrase given
    assert no_key.returncode == 1
    assert "no usable keyring" in no_key.stderr and "--passphrase-stdin" in no_key.stderr
    assert not (data / "encryption.json").exists()
    made = cli(data, "encrypt", "--passphrase-stdin", passphrase=None, stdin=PASS + "\n")
    assert made.returncode == 0, made.stderr
    assert "no data to convert" in made.stdout
    assert json.loads((data / "encryption.json").read_text())["key"] == "passphrase"

    demo = cli(data, "demo")
    assert demo.returncode == 0, demo.stderr
    inspection_id = demo.stdout.strip().splitlines()[-1]
    listed = cli(data, "inspections", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    company = json.loads(listed.stdout)[0]["company_name"]
    disk = b"".join(p.read_bytes() for p in data.rglob("*") if p.is_file())
    assert company.encode() not in disk

    pdf = tmp_path / "defects.pdf"
    report = cli(data, "report", inspection_id, "--template", "defect-list", "-o", str(pdf))
    assert report.returncode == 0, report.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    # The fast read took the record with SQLCipher and the key: SQLAlchemy never loaded.
    assert json.loads(report.stderr.strip().splitlines()[-1]) == {"code": 0, "sqlalchemy": False}
    verified = cli(data, "report", "verify", str(pdf))
    assert verified.returncode == 0, verified.stderr

    refused = cli(data, "inspections", "list", passphrase=None)
    assert refused.returncode == 1
    assert "encrypted with a passphrase" in refused.stderr.splitlines()[0]
    wrong = cli(data, "inspections", "list", passphrase="not the passphrase")
    assert wrong.returncode == 1
    assert "wrong passphrase" in wrong.stderr.splitlines()[0]
