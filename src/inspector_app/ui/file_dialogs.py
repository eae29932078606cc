"""File dialogs that open in a sensible folder, remember it per purpose, and speak the UI
language.

    path = ask_save_path(parent, Purpose.REPORT_EXPORT, caption, "东海制药-缺陷项目清单.pdf",
                         "PDF (*.pdf)")                       # "" when cancelled
    paths = ask_open_paths(parent, Purpose.PHOTO_IMPORT, caption, "图片 (*.jpg *.jpeg *.png)")
    folder = ask_directory(parent, Purpose.PHOTO_IMPORT, caption)

Folder: the last folder the user chose for the same purpose (QSettings
`file_dialogs/<purpose>`), if it still exists; the first time the user's Documents folder,
else the home folder. A report export therefore does not start in the photo folder of the
last import, and neither starts in the program's working directory.

Native or Qt's own dialog: a native dialog (Windows, macOS, GTK/portal) is drawn by the
operating system in the *system's* language; Qt's translations cannot reach it. Qt's own
dialog is translated by `qtbase_zh_CN.qm` (loaded by ui/i18n.py) but looks less familiar and
lacks the system's favourites. So: native when the system's UI language is the interface
language (the usual case: Chinese Windows, Chinese interface), Qt's own when they differ
(English interface on Chinese Windows, or the reverse), so the dialog always speaks the
interface's language. `use_native_dialog()` holds that rule.

`make_dialog` builds the configured QFileDialog without showing it (tests drive it);
`ask_*` run it modally and remember the folder when the user accepts.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from inspector_app.ui.i18n import current_language
from inspector_app.ui.settings import FILE_DIALOG_FOLDERS, app_settings


class Purpose(StrEnum):
    """Why a file dialog is shown; each purpose remembers its own folder."""

    REPORT_EXPORT = "report-export"
    PHOTO_IMPORT = "photo-import"
    BUNDLE_EXPORT = "bundle-export"
    BUNDLE_IMPORT = "bundle-import"
    RECORD_EXPORT = "record-export"  # JSON interchange file
    RECORD_IMPORT = "record-import"


def settings_key(purpose: Purpose) -> str:
    return f"{FILE_DIALOG_FOLDERS}/{purpose.value}"


def default_folder() -> Path:
    """Documents when the platform has one that exists, else the home folder."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def start_folder(purpose: Purpose, settings: QSettings | None = None) -> Path:
    """Where a dialog for `purpose` opens: the remembered folder if it still exists."""
    remembered = (settings or app_settings()).value(settings_key(purpose), "")
    if remembered and Path(str(remembered)).is_dir():
        return Path(str(remembered))
    return default_folder()


def remember_folder(
    purpose: Purpose, chosen: str | Path, settings: QSettings | None = None
) -> None:
    """Remember the folder of a chosen file (or the chosen folder itself)."""
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    if str(folder) and folder.is_dir():
        (settings or app_settings()).setValue(settings_key(purpose), str(folder))


def use_native_dialog(interface_language: str | None = None) -> bool:
    """Native dialogs only when they will be in the interface's language (see module doc)."""
    language = interface_language or current_language()
    system = QLocale.system().uiLanguages()
    first = (system[0] if system else QLocale.system().name()).replace("-", "_").lower()
    return first.split("_")[0] == language.split("_")[0].lower()


def make_dialog(
    parent: QWidget | None,
    purpose: Purpose,
    caption: str,
    *,
    mode: QFileDialog.FileMode,
    accept: QFileDialog.AcceptMode = QFileDialog.AcceptMode.AcceptOpen,
    file_name: str = "",
    filters: str = "",
    settings: QSettings | None = None,
) -> QFileDialog:
    """A configured file dialog, not yet shown."""
    dialog = QFileDialog(parent, caption, str(start_folder(purpose, settings)), filters)
    dialog.setObjectName(f"fileDialog:{purpose.value}")
    dialog.setFileMode(mode)
    dialog.setAcceptMode(accept)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if not use_native_dialog():
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if file_name:
        dialog.selectFile(file_name)
    if accept == QFileDialog.AcceptMode.AcceptSave and filters:
        # "PDF (*.pdf)" -> "pdf": typed names get the suffix, as users expect.
        suffix = filters.partition("*.")[2].split(")")[0].split()[0]
        dialog.setDefaultSuffix(suffix)
    return dialog


def _run(dialog: QFileDialog, purpose: Purpose, settings: QSettings | None) -> list[str]:
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        chosen = dialog.selectedFiles()
        if chosen:
            remember_folder(purpose, chosen[0], settings)
        return chosen
    finally:
        dialog.deleteLater()


def ask_save_path(
    parent: QWidget | None,
    purpose: Purpose,
    caption: str,
    file_name: str = "",
    filters: str = "",
    *,
    settings: QSettings | None = None,
) -> str:
    """A path to write to, or "" when the user cancelled."""
    dialog = make_dialog(
        parent,
        purpose,
        caption,
        mode=QFileDialog.FileMode.AnyFile,
        accept=QFileDialog.AcceptMode.AcceptSave,
        file_name=file_name,
        filters=filters,
        settings=settings,
    )
    chosen = _run(dialog, purpose, settings)
    return chosen[0] if chosen else ""


def ask_open_paths(
    parent: QWidget | None,
    purpose: Purpose,
    caption: str,
    filters: str = "",
    *,
    many: bool = True,
    settings: QSettings | None = None,
) -> list[str]:
    """Existing files to read ([] when cancelled); one file when `many` is False."""
    mode = QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile
    dialog = make_dialog(parent, purpose, caption, mode=mode, filters=filters, settings=settings)
    return _run(dialog, purpose, settings)


def ask_directory(
    parent: QWidget | None,
    purpose: Purpose,
    caption: str,
    *,
    settings: QSettings | None = None,
) -> str:
    """An existing folder, or "" when cancelled."""
    dialog = make_dialog(
        parent, purpose, caption, mode=QFileDialog.FileMode.Directory, settings=settings
    )
    chosen = _run(dialog, purpose, settings)
    return chosen[0] if chosen else ""
