"""The real `inspector-app` start (ui.app.run) in a child process: the window is exposed with
the stored list first, then the store opens and the verbs come alive, and the process exits
cleanly. Driven by benchmarks/_window_probe.py, the same probe the start-up benchmark times."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from inspector_app.operations import App
from inspector_app.operations.demo import seed_demo
from inspector_app.operations.profile import set_profile

ROOT = Path(__file__).resolve().parents[2]


def test_run_paints_then_gets_ready_and_exits(tmp_path):
    data, settings = tmp_path / "data", tmp_path / "settings"
    settings.mkdir()
    with App(data) as app:
        set_profile(app, "王建国")
        seed_demo(app)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks._window_probe", "app", str(settings), str(data)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["visible", "ready"]
