"""Kill a writing process with SIGKILL at random moments: every save it reported as done must
survive, the database must pass integrity_check, and no save may be half there."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspector_app.store.store import DB_FILENAME

WRITER = Path(__file__).with_name("crash_writer.py")
ROUNDS = 60


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_never_loses_an_acknowledged_save(data_dir):
    rng = random.Random(20261123)
    acknowledged: set[str] = set()
    kills_mid_stream = 0
    for _ in range(ROUNDS):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        assert first == "ready", proc.stderr.read() if proc.stderr else first
        wanted = rng.randint(0, 25)
        for _ in range(wanted):
            line = proc.stdout.readline().strip()
            if line:
                acknowledged.add(line)
        # Land the kill at a random point of the next transaction(s).
        time.sleep(rng.uniform(0, 0.004))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        # Lines already written before the kill were acknowledged too.
        acknowledged.update(line for line in rest.split("\n") if len(line) == 36)
        assert proc.returncode == -signal.SIGKILL
        kills_mid_stream += 1

    con = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {r[0] for r in con.execute("SELECT id FROM defect")}
        missing = acknowledged - stored
        assert not missing, f"{len(missing)} acknowledged saves lost"
        # Atomicity: every defect row has its audit row and its change-log rows.
        orphans = con.execute(
            "SELECT count(*) FROM defect d WHERE NOT EXISTS "
            "(SELECT 1 FROM audit_log a WHERE a.record_id = d.id AND a.action = 'create') "
            "OR NOT EXISTS "
            "(SELECT 1 FROM change_log c WHERE c.record_id = d.id AND c.field = 'facts')"
        ).fetchone()[0]
        assert orphans == 0
        half_updates = con.execute(
            "SELECT count(*) FROM audit_log a WHERE a.field = 'location' AND NOT EXISTS "
            "(SELECT 1 FROM change_log c WHERE c.record_id = a.record_id AND c.field = 'location')"
        ).fetchone()[0]
        assert half_updates == 0
    finally:
        con.close()
    assert kills_mid_stream == ROUNDS
    assert len(acknowledged) > ROUNDS  # the test really exercised saves
