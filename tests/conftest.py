"""Fixtures shared across the suite: real SQLite files in temporary data directories."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "operations" / "fixtures"


@pytest.fixture(autouse=True, scope="session")
def _log_files_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory):
    """The desktop app's rotating log (inspector_app/logs.py) goes to a folder of this run,
    never the user's own log folder."""
    import os

    os.environ["INSPECTOR_APP_LOG_DIR"] = str(tmp_path_factory.mktemp("logs"))
    yield


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
