"""Fixtures shared across the suite: real SQLite files in temporary data directories."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "operations" / "fixtures"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def app(data_dir: Path):
    """An App on a fresh data dir with the small fixture checklist."""
    from inspector_app.operations import App

    application = App(data_dir, actor="测试员", checklist_dirs=[FIXTURES])
    yield application
    application.close()
