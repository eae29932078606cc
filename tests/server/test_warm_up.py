"""The server warms up the report renderer in the background when the app is created, so
the first issued report does not load ReportLab and the CJK font while the reviewer waits."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from inspector_app.server.app import create_app
    from inspector_app.server.settings import ServerSettings
    from inspector_app.server import issue
    tmp = Path(sys.argv[1])
    settings = ServerSettings(db_url=f"sqlite:///{tmp / 's.sqlite'}", blobs_dir=tmp / "blobs")
    started = time.perf_counter()
    create_app(settings)
    created = time.perf_counter() - started
    waited = issue.WARMED.is_set()  # loading the font alone takes longer than returning
    assert issue.WARMED.wait(60), "warm-up never finished"
    warmed = time.perf_counter() - started
    from reportlab.pdfbase import pdfmetrics
    from inspector_app.reports import fonts
    name = fonts.register(fonts.resolve_font())
    assert "inspector_app.reports.render" in sys.modules
    assert name in pdfmetrics.getRegisteredFontNames()
    print(f"{created:.3f} {warmed:.3f} {int(waited)}")
    """
)


def test_creating_the_app_warms_the_renderer_in_the_background(tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    created, warmed, waited = (float(x) for x in done.stdout.split())
    # Start-up did not wait for the renderer: create_app returned before the warm-up ended.
    assert not waited and created < warmed, done.stdout
