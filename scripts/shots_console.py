"""Screenshots of the review console, taken by its browser walk in a real (headless) Chromium:

    .venv/bin/python scripts/shots_console.py [PYTEST-ARGS]

Runs tests/browser/test_console.py's walk (SQLite server on 127.0.0.1, a laptop App syncing
through it) with INSPECTOR_SHOTS=1, which saves the sign-in page, the review list, a defect
log, a refused approval, the issue confirmation, the audit trail and the issued report at 1366x768 and 1280x720 to
docs/screenshots/console/. Needs /usr/bin/chromium and /usr/bin/chromedriver (./dev setup).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WALK = "tests/browser/test_console.py::test_reviewer_takes_a_synced_inspection_to_an_issued_report"


def main(argv: list[str]) -> int:
    env = {**os.environ, "INSPECTOR_SHOTS": "1", "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "pytest", f"{WALK}[sqlite]", "-q", "-p", "no:xdist", *argv]
    done = subprocess.run(command, cwd=ROOT, env=env, check=False)
    out = ROOT / "docs" / "screenshots" / "console"
    for path in sorted(out.glob("*.png")) if out.is_dir() else []:
        print(path.relative_to(ROOT))
    return done.returncode


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
