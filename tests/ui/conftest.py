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
