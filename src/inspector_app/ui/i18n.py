"""Interface language: Simplified Chinese (the source strings) or English.

Source strings in the code are Chinese, so Chinese needs no translation file of ours, only
Qt's own `qtbase_zh_CN` (standard buttons, context menus of text fields). English loads
`inspector_app_en.qm`, compiled from `i18n/inspector_app_en.ts` by `./dev setup`.

Where the .qm comes from, in order:
1. next to the .ts (`<repo>/i18n` in a source checkout, `<package>/_bundled/i18n` in a wheel),
   if it is not older than the .ts;
2. a per-user cache, where we compile the .ts ourselves with Qt's `lrelease` (shipped inside
   PySide6) when (1) is missing or stale — a fresh clone whose setup has not run yet;
3. otherwise the interface stays Chinese and a warning is logged: a missing translation must
   never stop an inspector from working.

How a window follows a language switch (every window must; see i18n/README.md):
`Translations.apply` removes the old translators and installs the new ones (ours and Qt's own
`qtbase_zh_CN`, which translates QFileDialog, QMessageBox buttons, QDialogButtonBox and the
context menus of text fields). Each install/remove makes Qt send QEvent.LanguageChange to every
widget. A window sets all its visible texts in one method, `retranslate_ui()`, and registers it
once with `retranslate_on_change(self, self.retranslate_ui)`, which calls it now and again on
every LanguageChange. Texts that carry data (counts, names) are rebuilt there too, so
`retranslate_ui` must be callable at any time.

Labels: `enum_label(value)` translates a domain enum's Chinese label; `defect_count`,
`item_count`, `inspection_count` give plural-correct counts ("1 defect" / "2 defects");
`profile_text` translates the fixed words of rule profiles (conclusion outcomes).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTranslator,
)
from PySide6.QtWidgets import QWidget

import inspector_app
from inspector_app.domain.vocabulary import LABELS, Severity

log = logging.getLogger(__name__)

SOURCE_LANGUAGE = "zh_CN"
DEFAULT_LANGUAGE = SOURCE_LANGUAGE
# Shown in each language's own script, never translated: a user who cannot read the current
# language must still find theirs.
LANGUAGES: dict[str, str] = {"zh_CN": "简体中文", "en": "English"}
CATALOG = "inspector_app"


def translations_dirs() -> list[Path]:
    """Folders that may hold our .ts/.qm files: the wheel's bundled copy, then the checkout."""
    package = Path(inspector_app.__file__).resolve().parent
    return [package / "_bundled" / "i18n", package.parents[1] / "i18n"]


def default_cache_dir() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("inspector-app", appauthor=False) / "i18n"


def lrelease_executable() -> str | None:
    """Qt's lrelease: the binary inside the PySide6 package, else one on PATH."""
    import PySide6

    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    bundled = Path(PySide6.__file__).resolve().parent / name
    if bundled.is_file() and os.access(bundled, os.X_OK):
        return str(bundled)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def _fresh(qm: Path, ts: Path | None) -> bool:
    if not qm.is_file():
        return False
    return ts is None or not ts.is_file() or qm.stat().st_mtime >= ts.stat().st_mtime


def find_qm(
    language: str,
    *,
    dirs: list[Path] | None = None,
    cache_dir: Path | None = None,
    lrelease: str | None = "auto",
) -> Path | None:
    """The compiled catalogue for `language`, compiling it into the cache if needed.

    None when there is no catalogue for that language or it cannot be compiled.
    """
    stem = f"{CATALOG}_{language}"
    for folder in dirs if dirs is not None else translations_dirs():
        ts, qm = folder / f"{stem}.ts", folder / f"{stem}.qm"
        if _fresh(qm, ts):
            return qm
        if not ts.is_file():
            continue
        cached = (cache_dir or default_cache_dir()) / f"{stem}.qm"
        if _fresh(cached, ts):
            return cached
        tool = lrelease_executable() if lrelease == "auto" else lrelease
        if tool is None:
            log.warning("cannot compile %s: Qt's lrelease is not installed", ts)
            return None
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [tool, "-silent", str(ts), "-qm", str(cached)],
                check=True,
                capture_output=True,
                timeout=60,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("cannot compile %s with %s: %s", ts, tool, exc)
            return None
        return cached if cached.is_file() else None
    return None


# Translators are global to the application, whichever Translations object installed them.
_installed: list[QTranslator] = []
_current: list[str] = [SOURCE_LANGUAGE]


class Translations:
    """Switches the application's translators in one step.

    Installing a translator makes Qt send a LanguageChange event to every widget, which is
    how open windows retranslate at once.
    """

    def __init__(self, qt_app: QCoreApplication, **find_options: object) -> None:
        self._app = qt_app
        self._find_options = find_options
        self.language = SOURCE_LANGUAGE

    def apply(self, language: str) -> str:
        """Switch to `language`; returns the language actually in use (Chinese on failure)."""
        if language not in LANGUAGES:
            log.warning("unknown interface language %r; using Chinese", language)
            language = SOURCE_LANGUAGE
        translators: list[QTranslator] = []
        if language != SOURCE_LANGUAGE:
            qm = find_qm(language, **self._find_options)  # type: ignore[arg-type]
            ours = QTranslator(self._app)
            if qm is None or not ours.load(str(qm)):
                log.warning(
                    "no usable %s translation (%s); the interface stays Chinese",
                    language,
                    qm or "not found",
                )
                language = SOURCE_LANGUAGE
            else:
                translators.append(ours)
        qt_own = QTranslator(self._app)
        # Qt's own strings are English at the source: only Chinese needs Qt's catalogue.
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if language == "zh_CN" and qt_own.load(f"qtbase_{language}", qt_dir):
            translators.append(qt_own)
        # Set the locale first: windows rebuilding texts on LanguageChange format dates and
        # numbers with it.
        QLocale.setDefault(QLocale(language))
        # Each remove/install posts LanguageChange to every widget; Qt compresses the posted
        # events, so windows retranslate once, after the new catalogues are all in place.
        for old in _installed:
            QCoreApplication.removeTranslator(old)
        for new in translators:
            QCoreApplication.installTranslator(new)
        _installed[:] = translators
        _current[0] = self.language = language
        return language


def current_language() -> str:
    """The interface language in use (the last one `Translations.apply` switched to)."""
    return _current[0]


# ---- retranslating open windows ------------------------------------------------------------


class _LanguageChangeFilter(QObject):
    """Calls `fn` when its widget receives LanguageChange (child of the widget: dies with it)."""

    def __init__(self, widget: QWidget, fn: Callable[[], object]) -> None:
        super().__init__(widget)
        self.setObjectName("languageChangeFilter")
        self._fn = fn

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            try:
                self._fn()
            except RuntimeError as exc:
                # A language switch can reach a window Qt is tearing down, whose child widgets
                # are gone already: there is nothing left to word. Anything else is a bug.
                if "already deleted" not in str(exc):
                    raise
        return False  # the widget still gets the event (its own changeEvent, its children)


def retranslate_on_change(widget: QWidget, fn: Callable[[], object], *, now: bool = True) -> None:
    """Call `fn` now (unless `now=False`) and each time the interface language changes.

    `fn` sets every user-visible text of `widget` (titles, labels, buttons, tooltips,
    placeholders, header labels, combo entries, texts built from data). Widgets created later
    and shown inside `widget` are covered as long as `fn` sets their texts too.
    """
    widget.installEventFilter(_LanguageChangeFilter(widget, fn))
    if now:
        fn()


# ---- labels of domain enums --------------------------------------------------------------
# The domain keeps its Chinese labels free of Qt; these markers let lupdate collect them.
_LABEL_SOURCES = (
    QT_TRANSLATE_NOOP("Labels", "GMP符合性检查预检查"),
    QT_TRANSLATE_NOOP("Labels", "注册核查预检查"),
    QT_TRANSLATE_NOOP("Labels", "许可检查预检查"),
    QT_TRANSLATE_NOOP("Labels", "草稿"),
    QT_TRANSLATE_NOOP("Labels", "现场检查中"),
    QT_TRANSLATE_NOOP("Labels", "现场检查结束"),
    QT_TRANSLATE_NOOP("Labels", "报告已出具"),
    QT_TRANSLATE_NOOP("Labels", "符合"),
    QT_TRANSLATE_NOOP("Labels", "不符合"),
    QT_TRANSLATE_NOOP("Labels", "不适用"),
    QT_TRANSLATE_NOOP("Labels", "未检查"),
    QT_TRANSLATE_NOOP("Labels", "严重缺陷"),
    QT_TRANSLATE_NOOP("Labels", "主要缺陷"),
    QT_TRANSLATE_NOOP("Labels", "一般缺陷"),
    QT_TRANSLATE_NOOP("Labels", "组长"),
    QT_TRANSLATE_NOOP("Labels", "组员"),
    QT_TRANSLATE_NOOP("Labels", "外部专家"),
    QT_TRANSLATE_NOOP("Labels", "检查组"),
    QT_TRANSLATE_NOOP("Labels", "企业代表"),
    QT_TRANSLATE_NOOP("Labels", "已批注"),
    QT_TRANSLATE_NOOP("Labels", "退回修改"),
    QT_TRANSLATE_NOOP("Labels", "已调整"),
    QT_TRANSLATE_NOOP("Labels", "审核通过"),
)


def enum_label(value: StrEnum) -> str:
    """The label of a domain enum value (grade, status, result, role…) in the interface
    language. The domain's LABELS are the Chinese source; unknown values show their code."""
    label = LABELS.get(value)
    return QCoreApplication.translate("Labels", label) if label else str(value)


# ---- counts with plural forms ------------------------------------------------------------
# English gives "1 defect" / "2 defects" through the .ts's <numerusform> entries. The messages
# are tr() calls inside a class named Counts (the context) because pyside6-lupdate records a
# message as numerus only for tr(source, disambiguation, n); QCoreApplication.translate(…, n)
# is extracted as a plain message and its plural forms are lost. Without a translation Qt
# still replaces %n, so Chinese needs no entry.


class Counts(QObject):
    def defects(self, n: int, severity: Severity | None = None) -> str:
        if severity is Severity.CRITICAL:
            return self.tr("%n 项严重缺陷", "", n)
        if severity is Severity.MAJOR:
            return self.tr("%n 项主要缺陷", "", n)
        if severity is Severity.GENERAL:
            return self.tr("%n 项一般缺陷", "", n)
        return self.tr("%n 项缺陷", "", n)

    def items(self, n: int) -> str:
        return self.tr("%n 个条目", "", n)

    def inspections(self, n: int) -> str:
        return self.tr("%n 项检查", "", n)


_counts: list[Counts] = []


def _the_counts() -> Counts:
    if not _counts:
        _counts.append(Counts())
    return _counts[0]


def defect_count(n: int, severity: Severity | None = None) -> str:
    """ "3 项主要缺陷" / "3 major defects"; without a grade "3 项缺陷" / "3 defects"."""
    return _the_counts().defects(n, severity)


def item_count(n: int) -> str:
    """ "%n 项" checklist items: "1 item" / "2 items"."""
    return _the_counts().items(n)


def inspection_count(n: int) -> str:
    """ "1 inspection" / "2 inspections"."""
    return _the_counts().inspections(n)


# ---- fixed words of rule profiles ----------------------------------------------------------
# Outcome labels and default reasons are data (checklists/rule-profiles/*.yaml, Chinese);
# these markers put the ones the center ships into the catalogue. A profile word with no
# translation shows as written in the profile.
_PROFILE_SOURCES = (
    QT_TRANSLATE_NOOP("RuleProfiles", "通过检查"),
    QT_TRANSLATE_NOOP("RuleProfiles", "整改后复查"),
    QT_TRANSLATE_NOOP("RuleProfiles", "未通过检查"),
    QT_TRANSLATE_NOOP("RuleProfiles", "通过核查"),
    QT_TRANSLATE_NOOP("RuleProfiles", "未通过核查"),
    QT_TRANSLATE_NOOP("RuleProfiles", "符合要求"),
    QT_TRANSLATE_NOOP("RuleProfiles", "基本符合要求"),
    QT_TRANSLATE_NOOP("RuleProfiles", "不符合要求"),
    QT_TRANSLATE_NOOP("RuleProfiles", "待整改后评定"),
    QT_TRANSLATE_NOOP("RuleProfiles", "通过"),
    QT_TRANSLATE_NOOP("RuleProfiles", "不通过"),
    QT_TRANSLATE_NOOP("RuleProfiles", "存在缺陷，但未达到未通过检查的情形"),
    QT_TRANSLATE_NOOP("RuleProfiles", "未发现不符合要求的检查项目"),
    QT_TRANSLATE_NOOP("RuleProfiles", "未发现严重缺陷和主要缺陷"),
    QT_TRANSLATE_NOOP(
        "RuleProfiles", "未发现严重缺陷和主要缺陷，不符合要求的检查项目占比不超过10%"
    ),
    QT_TRANSLATE_NOOP("RuleProfiles", "未发现真实性问题和严重缺陷"),
    QT_TRANSLATE_NOOP("RuleProfiles", "未发现缺陷"),
    QT_TRANSLATE_NOOP("RuleProfiles", "全部缺陷的整改经核实均已到位"),
    QT_TRANSLATE_NOOP("RuleProfiles", "表明该系统不能有效运行，经综合分析按严重缺陷评定"),
)


def profile_text(text: str) -> str:
    """A rule profile's outcome label or reason in the interface language, else as written."""
    return QCoreApplication.translate("RuleProfiles", text)
