"""Every window and dialog of the app, as factories the layout check opens on a small screen.

Append a `Case` when you add a dialog; the check (tests/ui/test_layout.py) runs each on a
1280x720 screen at 100 % and 125 % and asserts every visible button lies inside the screen.

    Case("my-dialog", lambda ctx: MyDialog(ctx.session(), None))
    Case("my-wizard", build, steps=walk)   # steps(widget) yields a label after each move

A factory gets a `LayoutContext`: an App on a fresh data dir with the seeded demo (on site,
three defects with photos), its inspection id, an InspectionSession and a temp folder. It
returns the top-level widget, not shown; the probe shows it as the app would.

Not covered yet (no dialog of that name existed when this list was written): a settings /
language dialog (language is a menu), the closing meeting's sign-off prompt after locking,
the report-export progress dialog (a QProgressDialog shown only while rendering).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget


@dataclass
class LayoutContext:
    app: Any  # inspector_app.operations.App
    inspection_id: str
    tmp: Path
    _session: Any = field(default=None, repr=False)

    def session(self):
        from inspector_app.ui.session import InspectionSession

        if self._session is None:
            self._session = InspectionSession(self.app, self.inspection_id)
        return self._session

    def record(self):
        return self.session().record


@dataclass
class Case:
    name: str
    build: Callable[[LayoutContext], QWidget]
    # Moves the widget through its states (wizard pages, tabs), yielding a label for each.
    steps: Callable[[QWidget], Iterator[str]] | None = None


# ---- factories -----------------------------------------------------------------------------


def _wizard(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.wizard import NewInspectionWizard

    return NewInspectionWizard(ctx.app)


def _walk_wizard(wizard) -> Iterator[str]:
    wizard.company_page.company.setText("华东示例制药有限公司")
    for _ in range(6):
        page = wizard.currentPage()
        if page is wizard.team_page and not page.members:
            page.name.setText("王建国")
            page.role.setCurrentIndex(page.role.findData("lead"))
            page.add_member()
        yield type(page).__name__
        if page is wizard.confirm_page:
            return
        wizard.next()


def _main_window(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.main_window import MainWindow

    return MainWindow(ctx.app)


def _workspace(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.workspace.window import WorkspaceWindow

    return WorkspaceWindow(ctx.app, ctx.inspection_id)


def _closing(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.closing import ClosingMeetingDialog

    return ClosingMeetingDialog(ctx.session())


def _defect_editor(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.defects.editor import DefectEditor

    defect = next(d for d in ctx.record().defects)
    return DefectEditor(ctx.session(), None, defect_id=defect.id)


def _new_defect_editor(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.defects.editor import DefectEditor

    return DefectEditor(ctx.session(), None)


def _revision_reason(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.revision_reason import RevisionReasonDialog

    prompt = "本检查已锁定。修改“缺陷事实”需要填写修订原因，修订原因与修改一同记入审计追踪。"
    return RevisionReasonDialog(None, prompt)


def _na_reason(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.workspace.na_reason import NotApplicableReasonDialog

    return NotApplicableReasonDialog(None, "第一百五十八条", "")


def _start_on_site(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.lifecycle import StartOnSiteDialog

    return StartOnSiteDialog(None, ctx.record().inspection, today=date.today())


def _photo_viewer(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.photo_viewer.dialog import PhotoViewer

    photo = next(p for p in ctx.record().photos)
    return PhotoViewer(ctx.session(), photo.id)


def _clause_picker(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.defects.clause_picker import ClausePicker

    return ClausePicker(ctx.session().checklist, None)


def _audit_trail(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.audit_view import AuditTrailDialog

    return AuditTrailDialog(ctx.session())


def _conflicts(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.sync_panel import ConflictsDialog

    return ConflictsDialog(ctx.app, None, inspection_id=ctx.inspection_id)


def _no_pdf_viewer(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.report_export import no_viewer_box

    path = ctx.tmp / "很长的文件夹名称用来测试换行" / "江南示范制药有限公司（演示）-预检查报告.pdf"
    return no_viewer_box(None, path)


def _profile_first_start(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.profile import ProfileDialog

    return ProfileDialog(ctx.app, None, first_start=True)


def _profile(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.profile import ProfileDialog

    return ProfileDialog(ctx.app, None)


def _save_file_dialog(ctx: LayoutContext) -> QWidget:
    from inspector_app.ui.file_dialogs import Purpose, make_dialog

    dialog = make_dialog(
        None,
        Purpose.REPORT_EXPORT,
        "导出预检查报告",
        mode=QFileDialog.FileMode.AnyFile,
        accept=QFileDialog.AcceptMode.AcceptSave,
        file_name="报告.pdf",
        filters="PDF (*.pdf)",
    )
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    return dialog


CASES: list[Case] = [
    Case("new-inspection-wizard", _wizard, steps=_walk_wizard),
    Case("main-window", _main_window),
    Case("workspace", _workspace),
    Case("closing-meeting", _closing),
    Case("defect-editor", _defect_editor),
    Case("defect-editor-new", _new_defect_editor),
    Case("clause-picker", _clause_picker),
    Case("photo-viewer", _photo_viewer),
    Case("revision-reason", _revision_reason),
    Case("not-applicable-reason", _na_reason),
    Case("start-on-site", _start_on_site),
    Case("audit-trail", _audit_trail),
    Case("sync-conflicts", _conflicts),
    Case("no-pdf-viewer", _no_pdf_viewer),
    Case("save-file-dialog", _save_file_dialog),
    Case("inspector-profile-first-start", _profile_first_start),
    Case("inspector-profile", _profile),
]
