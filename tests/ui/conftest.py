import os

import pytest
from PySide6.QtCore import QSettings

# Real widgets, no screen: every UI test runs on Qt's offscreen platform.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path_factory):
    """No UI test reads or writes the developer's real settings (layout, language)."""
    QSettings.setPath(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        str(tmp_path_factory.mktemp("qsettings")),
    )


@pytest.fixture
def translations(qapp, tmp_path):
    """Translations compiled into a private cache; Chinese before and after the test."""
    from inspector_app.ui.i18n import Translations

    t = Translations(qapp, cache_dir=tmp_path / "cache")
    t.apply("zh_CN")
    yield t
    t.apply("zh_CN")


@pytest.fixture
def demo(tmp_path):
    """The seeded demo inspection on its own data directory: (app, inspection id)."""
    from inspector_app.operations import App
    from inspector_app.operations.demo import seed_demo

    with App(tmp_path / "demo", actor="王建国") as app:
        yield app, seed_demo(app)
