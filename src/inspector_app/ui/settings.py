"""Per-user UI preferences (language, window layout, file-dialog folders) in QSettings.

One INI file per user (QSettings.IniFormat) on every platform, so preferences are a readable
file that support can look at, and tests can point QSettings.setPath at a temp folder.
Inspection data never lives here: it is in the data dir's database.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

ORGANISATION = "inspector-app"
APPLICATION = "inspector-app"

LANGUAGE = "ui/language"
MAIN_GEOMETRY = "main/geometry"
MAIN_STATE = "main/state"
MAIN_HEADER = "main/header"
SHOW_ARCHIVED = "main/show_archived"
# Last folder per file-dialog purpose: "file_dialogs/<purpose>" (ui/file_dialogs.py).
FILE_DIALOG_FOLDERS = "file_dialogs"


def app_settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def read_bool(settings: QSettings, key: str, default: bool = False) -> bool:
    """INI files store booleans as text; QSettings gives them back as 'true'/'false'."""
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("true", "1", "yes")
    return bool(value)
