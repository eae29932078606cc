"""Command start stays lean: `--version` and `checklists validate` load no sync, httpx or
ReportLab (command modules import those inside the commands that need them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parents[1] / "operations" / "fixtures" / "mini-gmp.v1.yaml"
HEAVY = ("httpx", "reportlab", "sqlalchemy", "inspector_app.sync", "inspector_app.operations")

# Runs main() in a fresh interpreter, then prints which heavy modules it loaded.
PROBE = """
import json, sys
from inspector_app.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:  # --version exits from argparse
    code = exc.code
heavy = {heavy!r}
loaded = sorted(m for m in sys.modules if m.split(".")[0] in heavy or m.startswith(heavy))
print(json.dumps({{"code": code, "loaded": loaded}}), file=sys.stderr)
"""


def _loaded(*args: str) -> list[str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    result = json.loads(proc.stderr.strip().splitlines()[-1])
    assert result["code"] == 0, proc.stderr
    return result["loaded"]


@pytest.mark.parametrize(
    "args", [("--version",), ("checklists", "validate", str(FIXTURE))], ids=["version", "validate"]
)
def test_command_start_imports_no_sync_store_or_reportlab(args):
    assert _loaded(*args) == []
