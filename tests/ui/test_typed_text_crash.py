"""Nothing typed is lost: a process typing into the real widgets is SIGKILLed ≥ 0.3 s after its
last keystroke, 30 times, and every character it typed is in the store afterwards.

The child (typed_text_child.py) types an item note, then a new defect's facts, with random
gaps (fixed seed), reporting the field's whole text after each keystroke. The parent kills it
at a random moment 0.3–0.6 s after the last keystroke was reported, then opens the store as the
app would and compares. Two children run at a time (on different items) to keep the test short.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from inspector_app.operations import App
from inspector_app.operations import inspections as ops

FIXTURES = Path(__file__).parents[1] / "operations" / "fixtures"
CHILD = Path(__file__).with_name("typed_text_child.py")
RUNS = 30
ITEMS = ("t-018", "t-027", "t-048", "t-058", "t-278", "t-a1-010")


def _read_until_done(proc: subprocess.Popen[str]) -> dict[str, str]:
    """The last reported text of each field, once the child says its last key is typed."""
    last: dict[str, str] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        message = json.loads(line)
        if message.get("done"):
            return last
        if "field" in message:
            last[message["field"]] = message["text"]
    raise AssertionError(f"child ended early (rc={proc.wait()}): {proc.stderr.read()}")


def _one_run(data: Path, inspection_id: str, run: int, seed: int, delay: float) -> str | None:
    """Type, kill, compare. Returns what was lost, or None."""
    item_id = ITEMS[run % len(ITEMS)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    args = [str(data), str(FIXTURES), inspection_id, item_id, str(run), str(seed)]
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        typed = _read_until_done(proc)
        last_key = time.monotonic()
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        waited = time.monotonic() - last_key
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()  # type: ignore[union-attr]
        proc.stderr.close()  # type: ignore[union-attr]
    assert proc.returncode == -signal.SIGKILL and waited >= 0.3

    with App(data, actor="核对", checklist_dirs=[FIXTURES]) as app:
        record = ops.load_inspection(app, inspection_id)
    result = record.result_for(item_id)
    if result is None or result.note != typed["note"]:
        return (
            f"run {run}: note of {item_id} is {result and result.note!r}, typed {typed['note']!r}"
        )
    if typed["facts"].strip() not in {d.facts for d in record.defects}:
        return f"run {run}: new defect's facts {typed['facts']!r} missing"
    return None


@pytest.mark.slow  # about 100 s on a busy 2-core machine: 30 Qt start-ups
def test_typed_text_survives_sigkill(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    with App(data, actor="崩溃测试", checklist_dirs=[FIXTURES]) as app:
        insp = ops.create_inspection(
            app,
            company_name="崩溃测试药业",
            inspection_type="gmp_compliance",
            checklist_id="mini-gmp",
            scope_tags=["sterile"],
        )
        ops.start_on_site(app, insp.id)

    rng = random.Random(20261123)
    plans = [(run, rng.randrange(1 << 30), rng.uniform(0.3, 0.6)) for run in range(RUNS)]
    # Two at a time, on items two apart, so no two concurrent children share an item.
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda p: _one_run(data, insp.id, *p), plans))
    lost = [o for o in outcomes if o is not None]
    assert not lost, "\n".join(lost)
    with App(data, actor="核对", checklist_dirs=[FIXTURES]) as app:
        assert len(ops.load_inspection(app, insp.id).defects) == RUNS
