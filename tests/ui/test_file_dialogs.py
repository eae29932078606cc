"""File dialogs: sensible first folder, a remembered folder per purpose, the UI's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

from inspector_app.ui import file_dialogs
from inspector_app.ui.file_dialogs import Purpose


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A home folder with a Documents folder, so the first folder is predictable."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setattr(file_dialogs.Path, "home", classmethod(lambda cls: home))
    monkeypatch.setattr(
        file_dialogs.QStandardPaths, "writableLocation", lambda _kind: str(home / "Documents")
    )
    return home


def _answer_next_dialog(choose) -> list[QFileDialog]:
    """When the next file dialog is up, call choose(dialog) (it accepts or rejects it)."""
    seen: list[QFileDialog] = []

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog) and dialog.isVisible():
            seen.append(dialog)
            choose(dialog)
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    return seen


def test_first_folder_is_documents_then_the_last_one_per_purpose(qtbot, home, tmp_path):
    assert file_dialogs.start_folder(Purpose.REPORT_EXPORT) == home / "Documents"
    reports = tmp_path / "reports"
    reports.mkdir()

    def save_there(dialog: QFileDialog) -> None:
        assert Path(dialog.directory().absolutePath()) == home / "Documents"
        dialog.selectFile(str(reports / "清单"))
        dialog.accept()

    seen = _answer_next_dialog(save_there)
    chosen = file_dialogs.ask_save_path(
        None, Purpose.REPORT_EXPORT, "导出", "东海-清单.pdf", "PDF (*.pdf)"
    )
    assert seen, "the dialog was never shown"
    assert chosen == str(reports / "清单.pdf")  # the default suffix is added
    assert file_dialogs.start_folder(Purpose.REPORT_EXPORT) == reports
    # Another purpose keeps its own folder.
    assert file_dialogs.start_folder(Purpose.PHOTO_IMPORT) == home / "Documents"
    # A remembered folder that has gone away falls back to Documents.
    reports.rmdir()
    assert file_dialogs.start_folder(Purpose.REPORT_EXPORT) == home / "Documents"


def test_cancel_returns_nothing_and_remembers_nothing(qtbot, home, tmp_path):
    _answer_next_dialog(lambda dialog: dialog.reject())
    assert file_dialogs.ask_open_paths(None, Purpose.PHOTO_IMPORT, "导入照片", "图片 (*.jpg)") == []
    assert file_dialogs.start_folder(Purpose.PHOTO_IMPORT) == home / "Documents"


def test_open_files_and_directory_remember_their_folder(qtbot, home, tmp_path):
    photos = tmp_path / "相机"
    photos.mkdir()
    for name in ("a.jpg", "b.jpg"):
        (photos / name).write_bytes(b"x")

    def pick_two(dialog: QFileDialog) -> None:
        dialog.setDirectory(str(photos))
        dialog.selectFile('"a.jpg" "b.jpg"')
        dialog.accept()

    _answer_next_dialog(pick_two)
    chosen = file_dialogs.ask_open_paths(None, Purpose.PHOTO_IMPORT, "导入照片", "图片 (*.jpg)")
    assert sorted(Path(p).name for p in chosen) == ["a.jpg", "b.jpg"]
    assert file_dialogs.start_folder(Purpose.PHOTO_IMPORT) == photos

    bundles = tmp_path / "U盘"
    bundles.mkdir()

    def pick_folder(dialog: QFileDialog) -> None:
        dialog.setDirectory(str(bundles))
        dialog.selectFile(str(bundles))
        dialog.accept()

    _answer_next_dialog(pick_folder)
    assert file_dialogs.ask_directory(None, Purpose.BUNDLE_EXPORT, "选择文件夹") == str(bundles)
    assert file_dialogs.start_folder(Purpose.BUNDLE_EXPORT) == bundles


class _FakeLocale:
    def __init__(self, languages: list[str]) -> None:
        self._languages = languages

    def uiLanguages(self) -> list[str]:
        return self._languages

    def name(self) -> str:
        return self._languages[0]


@pytest.mark.parametrize(
    ("system", "interface", "native"),
    [
        (["zh-CN", "en-US"], "zh_CN", True),
        (["zh-Hans-CN"], "zh_CN", True),
        (["zh-CN"], "en", False),  # English interface on Chinese Windows: Qt's own dialog
        (["en-US"], "zh_CN", False),
        (["en-GB"], "en", True),
    ],
)
def test_native_dialog_only_when_it_speaks_the_interface_language(
    monkeypatch, system, interface, native
):
    monkeypatch.setattr(file_dialogs.QLocale, "system", staticmethod(lambda: _FakeLocale(system)))
    assert file_dialogs.use_native_dialog(interface) is native


def test_qt_dialog_follows_the_interface_language(qtbot, home, translations, monkeypatch):
    """Qt's own dialog is translated by qtbase_zh_CN, and retranslates while open."""
    monkeypatch.setattr(file_dialogs, "use_native_dialog", lambda *a: False)
    dialog = file_dialogs.make_dialog(
        None,
        Purpose.REPORT_EXPORT,
        "导出",
        mode=QFileDialog.FileMode.AnyFile,
        accept=QFileDialog.AcceptMode.AcceptSave,
        file_name="x.pdf",
        filters="PDF (*.pdf)",
    )
    qtbot.addWidget(dialog)
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.show()
    box = dialog.findChild(QDialogButtonBox)
    texts = lambda: sorted(b.text().replace("&", "") for b in box.buttons())  # noqa: E731
    qtbot.waitUntil(lambda: "取消" in texts())
    assert any("保存" in t for t in texts())
    translations.apply("en")
    qtbot.waitUntil(lambda: "Cancel" in texts())
    assert "Save" in texts()
    translations.apply("zh_CN")
    qtbot.waitUntil(lambda: "取消" in texts())
