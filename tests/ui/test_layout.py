"""At 1280x720, at 100 % and 125 % scaling, every visible button of every dialog lies inside
the screen (a button inside a scroll area counts as reachable when the area is on screen).

The cases are `tests/ui/layout_cases.CASES` (append yours there). Each screen runs in a fresh
process (tests/ui/layout_probe.py), because Qt fixes the screen and the scale factor at
start-up: the offscreen platform takes the screen from a config file
(`QT_QPA_PLATFORM=offscreen:configfile=…`, Qt ≥ 6.5), and QT_SCALE_FACTOR=1.25 turns the
1280x720 panel into the 1024x576 logical pixels a 125 % laptop really gives. 1366x768 at
either scale is larger in both dimensions, so passing here covers it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.ui.layout_cases import CASES

REPO = Path(__file__).parents[2]

# name -> (width, height, scale factor, interface language)
SCREENS = {
    "1280x720@100%": (1280, 720, "1", "zh_CN"),
    "1280x720@125%": (1280, 720, "1.25", "zh_CN"),
    "1280x720@125%-en": (1280, 720, "1.25", "en"),  # English labels are longer
}

_results: dict[str, dict] = {}


def _probe(screen: str, tmp_dir: Path) -> dict:
    if screen not in _results:
        width, height, scale, language = SCREENS[screen]
        config = tmp_dir / f"{screen}.json"
        config.write_text(
            json.dumps(
                {
                    "screens": [
                        {
                            "name": "laptop",
                            "x": 0,
                            "y": 0,
                            "width": width,
                            "height": height,
                            "logicalDpi": 96,
                            "logicalBaseDpi": 96,
                            "dpr": 1,
                        }
                    ]
                }
            ),
            encoding="utf-8",
        )
        out = tmp_dir / f"{screen}.out.json"
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
            "QT_SCALE_FACTOR": scale,
            "LAYOUT_LANGUAGE": language,
        }
        done = subprocess.run(
            [sys.executable, "-m", "tests.ui.layout_probe", str(out)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        _results[screen] = json.loads(out.read_text(encoding="utf-8"))
    return _results[screen]


@pytest.fixture(scope="module")
def probe_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("layout")


@pytest.mark.parametrize("case", [c.name for c in CASES])
@pytest.mark.parametrize("screen", list(SCREENS))
def test_buttons_lie_inside_the_screen(screen, case, probe_dir):
    result = _probe(screen, probe_dir)[case]
    assert result["error"] is None, f"{case} could not be opened:\n{result['error']}"
    assert result["steps"], f"{case} showed nothing"
    problems = {
        step: (m["window"], m["outside"]) for step, m in result["steps"].items() if m["outside"]
    }
    assert not problems, (
        f"{case} at {screen}: buttons outside the screen "
        f"{next(iter(result['steps'].values()))['screen']} (window, buttons): {problems}"
    )
    assert all(m["buttons"] > 0 for m in result["steps"].values()), "no visible button measured"


def test_the_check_sees_a_button_below_the_screen(qtbot):
    """In this process's screen (offscreen default): a dialog taller than the screen."""
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout
    from tests.ui.layout_probe import measure

    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
    layout.addStretch(1)
    layout.addWidget(buttons)
    screen = dialog.screen().availableGeometry()
    dialog.setFixedSize(400, screen.height() + 200)
    dialog.move(screen.topLeft())
    dialog.show()
    qtbot.waitExposed(dialog)
    found = measure(dialog)
    assert found["buttons"] == 1
    assert [o["text"] for o in found["outside"]] == [buttons.buttons()[0].text()]


def test_fit_to_screen_caps_and_centres(qtbot):
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QDialog, QMainWindow

    from inspector_app.ui.screen import available_geometry, capped_size, fit_to_screen

    area = available_geometry()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    size = fit_to_screen(dialog, QSize(area.width() * 2, 100))
    assert size == QSize(int(area.width() * 0.9), 100)  # capped where too big, kept where not
    assert area.contains(dialog.geometry())
    assert abs(dialog.geometry().center().x() - area.center().x()) <= 1
    assert capped_size(QSize(10, 10)) == QSize(10, 10)
    # Over a parent window: centred on it, but never pushed off the screen.
    parent = QMainWindow()
    qtbot.addWidget(parent)
    parent.setGeometry(area.right() - 300, area.top() + 20, 300, 200)
    child = QDialog(parent)
    fit_to_screen(child, QSize(500, 300))
    assert area.contains(child.geometry())
    assert child.geometry().right() == area.right()
