"""Fixtures for the report tests: the demo inspection, signed at the closing meeting.

`demo` is signed and closed (the state a company document is handed over in); `fresh_demo`
is signed but still on site, so tests may change it without a revision reason (its PDFs are
drafts).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.demo import demo_signature_png, seed_demo


def sign_demo(app: App, iid: str) -> None:
    ops.sign(app, iid, "inspector", "王建国", demo_signature_png(1))
    ops.sign(app, iid, "inspector", "李敏", demo_signature_png(2))
    ops.sign(app, iid, "company", "赵质量（质量受权人）", demo_signature_png(3))


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data dir holding the demo, signed by two inspectors and the company and closed at
    the closing meeting (read-only use)."""
    data = tmp_path_factory.mktemp("report-demo")
    with App(data, actor="测试员") as app:
        iid = seed_demo(app)
        sign_demo(app, iid)
        ops.close_on_site(app, iid)
    return data, iid


@pytest.fixture
def demo(demo_dir: tuple[Path, str]):
    data, iid = demo_dir
    app = App(data, actor="测试员")
    yield app, iid
    app.close()


@pytest.fixture
def fresh_demo(tmp_path: Path):
    """A demo of one's own, for tests that change the record."""
    app = App(tmp_path / "data", actor="测试员")
    iid = seed_demo(app)
    sign_demo(app, iid)
    yield app, iid
    app.close()
