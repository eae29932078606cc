"""The closing meeting: the defect list, everyone's signature, then the lock.

The defect list shows every defect's full facts in wrapped rows, because the company
representative reads what they sign; the consistency warnings are listed again above it
(never blocking). The dialog fits the screen it opens on.

The company representative acknowledges the defect list by signing; with at least one
inspector's signature the team locks the record (operations.inspections.close_on_site). From
then on every change needs a revision reason, kept in the audit trail.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from html import escape

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.model import Defect, Signature, SignatureRole, Status
from inspector_app.operations import inspections as ops
from inspector_app.ui.defects import grades
from inspector_app.ui.i18n import defect_count, enum_label, retranslate_on_change
from inspector_app.ui.session import InspectionSession
from inspector_app.ui.workspace.consistency import ConsistencyPanel

INK = QColor("#10206b")  # blue-black, like a signing pen; prints well in grey too
PREFERRED_SIZE = QSize(1040, 900)  # what the meeting would like; the screen decides
# Room for the window frame the window manager adds around the dialog (title bar, borders).
FRAME_ALLOWANCE = QSize(16, 40)


def fit_rect(preferred: QSize, minimum: QSize, available: QRect) -> QRect:
    """A window's client rectangle: `preferred` capped to `available` (less the frame),
    never below `minimum`, centred in `available` with its title bar inside it."""
    room = available.size() - FRAME_ALLOWANCE
    size = preferred.boundedTo(room).expandedTo(minimum)
    x = available.x() + max(0, (available.width() - size.width()) // 2)
    top_frame = FRAME_ALLOWANCE.height() - FRAME_ALLOWANCE.width() // 2
    y = available.y() + top_frame + max(0, (room.height() - size.height()) // 2)
    return QRect(QPoint(x, y), size)


class SignaturePad(QWidget):
    """Draw a signature with the mouse, a touch screen or a pen (pressure-sensitive).

    Strokes are kept as points with pressure and drawn as smooth curves (quadratic segments
    through the midpoints), so the export at any scale is as smooth as the screen.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setMinimumSize(QSize(360, 130))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        retranslate_on_change(self, lambda: self.setToolTip(self.tr("在此处用鼠标或手写笔签名")))
        # Each stroke: (x, y, pressure) in widget coordinates.
        self._strokes: list[list[tuple[float, float, float]]] = []
        self._drawing = False
        self._pen_down = False  # a tablet stroke is in progress: ignore synthesized mouse
        self.base_width = 2.4

    # ---- state ---------------------------------------------------------------------------

    def is_empty(self) -> bool:
        return not any(len(s) > 0 for s in self._strokes)

    def stroke_count(self) -> int:
        return len(self._strokes)

    def clear(self) -> None:
        self._strokes.clear()
        self.update()
        self.changed.emit()

    # ---- input ---------------------------------------------------------------------------

    def _begin(self, pos: QPointF, pressure: float) -> None:
        self._drawing = True
        self._strokes.append([(pos.x(), pos.y(), pressure)])
        self.update()

    def _extend(self, pos: QPointF, pressure: float) -> None:
        if not self._drawing:
            return
        stroke = self._strokes[-1]
        last = stroke[-1]
        if abs(last[0] - pos.x()) + abs(last[1] - pos.y()) < 0.8:
            return  # sub-pixel jitter adds nothing but points
        stroke.append((pos.x(), pos.y(), pressure))
        self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.update()
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self._pen_down:
            self._begin(event.position(), 0.6)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton and not self._pen_down:
            self._extend(event.position(), 0.6)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self._pen_down:
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        # Accepting stops Qt from also sending the synthesized mouse event.
        kind = event.type()
        pressure = max(0.05, min(1.0, event.pressure()))
        if kind == QTabletEvent.Type.TabletPress:
            self._pen_down = True
            self._begin(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletMove and self._pen_down:
            self._extend(event.position(), pressure)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._pen_down = False
            self._end()
        event.accept()

    # ---- drawing -------------------------------------------------------------------------

    def _paint_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for stroke in self._strokes:
            if len(stroke) == 1:
                x, y, p = stroke[0]
                r = self._width(p) / 2
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(INK)
                painter.drawEllipse(QPointF(x, y), r, r)
                continue
            # Segment by segment so pen pressure can vary the width along the stroke; each
            # segment is a quadratic curve from midpoint to midpoint through the sample.
            painter.setBrush(Qt.BrushStyle.NoBrush)
            pts = [QPointF(x, y) for x, y, _ in stroke]
            mids = [(pts[i] + pts[i + 1]) / 2 for i in range(len(pts) - 1)]
            start = pts[0]
            for i in range(1, len(pts)):
                end = mids[i] if i < len(mids) else pts[-1]
                path = QPainterPath(start)
                if i < len(mids):
                    path.quadTo(pts[i], end)
                else:
                    path.lineTo(end)
                painter.setPen(self._pen(stroke[i][2]))
                painter.drawPath(path)
                start = end

    def _width(self, pressure: float) -> float:
        return self.base_width * (0.45 + pressure)

    def _pen(self, pressure: float) -> QPen:
        pen = QPen(INK, self._width(pressure))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#c5c9d0"), 1, Qt.PenStyle.DashLine))
        base = self.height() - 28
        painter.drawLine(16, base, self.width() - 16, base)  # the line to sign on
        if self.is_empty():
            painter.setPen(QColor("#9aa0a8"))
            painter.drawText(
                QRectF(0, 0, self.width(), base - 4),
                Qt.AlignmentFlag.AlignCenter,
                self.tr("请在此签名"),
            )
        self._paint_strokes(painter)
        painter.setPen(QPen(QColor("#8a9099"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    # ---- export --------------------------------------------------------------------------

    def to_image(self, scale: float = 2.0, background: str = "transparent") -> QImage:
        """The signature at `scale`× the on-screen size (2× prints crisply at 300 dpi)."""
        size = self.size() * scale
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.white if background == "white" else Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.scale(scale, scale)
        self._paint_strokes(painter)
        painter.end()
        return image

    def to_png(self, scale: float = 2.0, background: str = "transparent") -> bytes:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.to_image(scale, background).save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())


class _SignatureBox(QGroupBox):
    """One signer: a pad, 清除 and 签名确认; after signing, who signed and when."""

    def __init__(
        self, title: Callable[[], str], role: SignatureRole, name: str | None, parent=None
    ) -> None:
        super().__init__(parent)
        self.title_text = title  # worded again on a language switch
        self.role = role
        self.pad = SignaturePad()
        self.name_edit: QLineEdit | None = None
        layout = QVBoxLayout(self)
        if name is None:  # the company representative types their name
            self.name_edit = QLineEdit()
            self.name_edit.setObjectName("companyNameEdit")
            layout.addWidget(self.name_edit)
        self.fixed_name = name
        layout.addWidget(self.pad)
        row = QHBoxLayout()
        self.state = QLabel()
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("clearSignatureButton")
        self.sign_button = QPushButton()
        self.sign_button.setObjectName("confirmSignatureButton")
        row.addWidget(self.state, 1)
        row.addWidget(self.clear_button)
        row.addWidget(self.sign_button)
        layout.addLayout(row)
        self.clear_button.clicked.connect(self.pad.clear)
        self.pad.changed.connect(self.update_state)
        if self.name_edit is not None:
            self.name_edit.textChanged.connect(self.update_state)
        self.signed: Signature | None = None
        retranslate_on_change(self, self.retranslate_ui)

    def retranslate_ui(self) -> None:
        self.setTitle(self.title_text())
        if self.name_edit is not None:
            self.name_edit.setPlaceholderText(self.tr("企业代表姓名及职务"))
        self.clear_button.setText(self.tr("清除"))
        self.sign_button.setText(self.tr("签名确认"))
        self.update_state()

    def name(self) -> str:
        if self.name_edit is not None:
            return self.name_edit.text().strip()
        return self.fixed_name or ""

    def mark_signed(self, signature: Signature) -> None:
        self.signed = signature
        self.update_state()

    def update_state(self) -> None:
        if self.signed is not None:
            when = self.signed.signed_at.astimezone().strftime("%H:%M")
            self.state.setText(self.tr("✔ {0} 已于 {1} 签名").format(self.signed.name, when))
            self.state.setStyleSheet("color: #2e7d32;")
            for w in (self.pad, self.clear_button, self.sign_button, self.name_edit):
                if w is not None:
                    w.setEnabled(False)
            return
        ready = not self.pad.is_empty() and bool(self.name())
        self.sign_button.setEnabled(ready)
        self.clear_button.setEnabled(not self.pad.is_empty())
        self.state.setStyleSheet("")
        self.state.setText(
            self.tr("未签名") if ready or self.pad.is_empty() else self.tr("请先填写姓名")
        )


class ClosingMeetingDialog(QDialog):
    """Counts, the consistency warnings, every defect in full, the signatures, the lock.

    Sized to the screen it opens on (never a fixed 900x820): the defect list and the
    signatures sit in a splitter of scrolling panes, and the buttons stay below them, so
    确认并锁定 is reachable at 1280x720 and 1366x768, also at 125 % scaling.
    """

    def __init__(self, session: InspectionSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("closingMeetingDialog")
        self.session = session
        self.setSizeGripEnabled(True)
        # Injected by tests; the app asks with a message box.
        self.confirm_lock: Callable[[], bool] = self._confirm_lock
        self.inspector_boxes: list[_SignatureBox] = []
        self.company_box: _SignatureBox | None = None
        self.lock_button: QPushButton | None = None
        self.lock_note: QLabel | None = None
        self.unavailable: QLabel | None = None
        # The bottom line's message, kept as a function so a language switch rewords it.
        self._status: Callable[[], str] = lambda: ""

        record = session.reload()
        self.record = record
        layout = QVBoxLayout(self)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("defectCounts")
        self.counts_label.setWordWrap(True)
        font = self.counts_label.font()
        font.setBold(True)
        self.counts_label.setFont(font)
        layout.addWidget(self.counts_label)

        # Warnings only: the meeting goes ahead whatever they say.
        self.consistency = ConsistencyPanel(session, navigable=False)
        self.consistency.refresh()
        warnings_scroll = QScrollArea()
        warnings_scroll.setObjectName("closingWarnings")
        warnings_scroll.setWidgetResizable(True)
        warnings_scroll.setFrameShape(QFrame.Shape.NoFrame)
        warnings_scroll.setWidget(self.consistency)
        self.defect_list = self._defect_list()

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("closingSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(warnings_scroll)
        self.splitter.addWidget(self.defect_list)
        if record.inspection.status is not Status.ON_SITE:
            self.unavailable = self._unavailable()
            self.splitter.addWidget(self.unavailable)
        else:
            self.splitter.addWidget(self._signatures(record))
        for pane in range(3):
            self.splitter.widget(pane).setMinimumHeight(60)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 3)
        layout.addWidget(self.splitter, 1)

        if record.inspection.status is Status.ON_SITE:
            self.lock_note = QLabel()
            self.lock_note.setWordWrap(True)
            layout.addWidget(self.lock_note)
        bottom = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setObjectName("closingStatus")
        self.status_label.setWordWrap(True)
        bottom.addWidget(self.status_label, 1)
        if record.inspection.status is Status.ON_SITE:
            self.lock_button = QPushButton()
            self.lock_button.setObjectName("lockButton")
            self.lock_button.clicked.connect(self.lock)
            bottom.addWidget(self.lock_button)
        self.close_button = QPushButton()
        self.close_button.setObjectName("closeClosingButton")
        self.close_button.clicked.connect(self.accept)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)
        session.failed.connect(self._show_failure)
        self._update_lock()
        retranslate_on_change(self, self.retranslate_ui)
        self.fit_to_screen()

    def retranslate_ui(self) -> None:
        """Every text of the meeting in the current language; the signature boxes and the
        consistency panel do their own."""
        self.setWindowTitle(self.tr("末次会议：缺陷确认与签名"))
        self.counts_label.setText(self._counts_text())
        self._fill_defect_list()
        if self.unavailable is not None:
            self.unavailable.setText(self._unavailable_text())
        if self.lock_note is not None:
            self.lock_note.setText(
                self.tr(
                    "企业代表签名即表示确认以上缺陷清单。企业代表和至少一名检查员签名后，"
                    "点击“确认并锁定”结束现场检查。锁定后，对检查记录的任何修改都必须填写"
                    "修订原因，并会记入审计追踪。"
                )
            )
        if self.lock_button is not None:
            self.lock_button.setText(self.tr("确认并锁定"))
        self.close_button.setText(self.tr("关闭"))
        self.status_label.setText(self._status())

    def _say(self, status: Callable[[], str]) -> None:
        self._status = status
        self.status_label.setText(status())

    # ---- size ------------------------------------------------------------------------------

    def fit_to_screen(self, available: QRect | None = None) -> QRect:
        """Take the preferred size, capped to the screen's free area, centred on it.

        `available` is the screen's available geometry (tests pass 1280x720 and friends).
        """
        if available is None:
            screen = self.screen() or QGuiApplication.primaryScreen()
            available = screen.availableGeometry()
        geometry = fit_rect(PREFERRED_SIZE, self.minimumSizeHint(), available)
        self.setGeometry(geometry)
        # Warnings get what they need up to a quarter; the defects and signatures share the rest.
        height = geometry.height()
        warnings = min(self.consistency.sizeHint().height() + 8, height // 4)
        rest = max(0, height - warnings)
        self.splitter.setSizes([warnings, rest // 2, rest - rest // 2])
        return geometry

    # ---- parts ---------------------------------------------------------------------------

    def _counts_text(self) -> str:
        """企业 · 缺陷合计 3 项：1 项严重缺陷，… (plural forms in English)."""
        record = self.record
        counts = {s: 0 for s in grades.ORDER}
        for defect in record.defects:
            counts[defect.severity] += 1
        parts = [defect_count(counts[s], s) for s in grades.ORDER]
        return self.tr("{0} · 缺陷合计 %n 项：{1}", "", len(record.defects)).format(
            record.inspection.company_name, self.tr("，").join(parts)
        )

    def ordered_defects(self, record: ops.InspectionRecord) -> list[Defect]:
        """Most serious first, then in the order recorded (the numbering of the list)."""
        order = {s: n for n, s in enumerate(grades.ORDER)}
        return sorted(record.defects, key=lambda d: (order[d.severity], d.created_at))

    def _defect_list(self) -> QTextBrowser:
        """Every defect with its full facts, wrapped: the representative reads what they sign."""
        browser = QTextBrowser()
        browser.setObjectName("closingDefectList")
        browser.setOpenLinks(False)
        browser.setLineWrapMode(QTextBrowser.LineWrapMode.WidgetWidth)
        browser.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return browser

    def _fill_defect_list(self) -> None:
        record = self.record
        head = "".join(
            f"<th align='left'>{escape(text)}</th>"
            for text in (self.tr("序号"), self.tr("等级"), self.tr("缺陷事实"), self.tr("依据条款"))
        )
        rows = []
        separator = self.tr("；")  # between clause references
        for n, defect in enumerate(self.ordered_defects(record), start=1):
            facts = escape(defect.facts).replace("\n", "<br>")
            if defect.location:
                facts += (
                    "<br><span style='color:#5f6368'>"
                    + escape(self.tr("位置：{0}").format(defect.location))
                    + "</span>"
                )
            colour = grades.COLOURS[defect.severity].name()
            shade = " bgcolor='#f3f5f8'" if n % 2 == 0 else ""
            rows.append(
                f"<tr{shade}><td>{n}</td>"
                f"<td style='color:{colour}'>"
                f"{escape(enum_label(defect.severity))}</td>"
                f"<td>{facts}</td>"
                f"<td>{escape(separator.join(defect.clause_refs))}</td></tr>"
            )
        if not rows:
            none = escape(self.tr("本次检查未发现缺陷。"))
            rows.append(f"<tr><td colspan='4'>{none}</td></tr>")
        # Keep the reader's place when the language changes under them.
        scroll = self.defect_list.verticalScrollBar()
        position = scroll.value()
        self.defect_list.setHtml(
            "<table width='100%' cellspacing='0' cellpadding='6' border='0'>"
            f"<thead><tr bgcolor='#e8eaed'>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
        scroll.setValue(position)

    def _unavailable_text(self) -> str:
        status = self.record.inspection.status
        if status is Status.DRAFT:
            text = self.tr("现场检查尚未开始（状态：{0}）。末次会议签名在现场检查期间进行。")
        else:
            text = self.tr(
                "本检查已在末次会议上由企业确认并锁定（状态：{0}），不能再次签名。"
                "此后的修改需要填写修订原因，可在“审计追踪”中查看。"
            )
        return text.format(enum_label(status))

    def _unavailable(self) -> QLabel:
        label = QLabel()
        label.setObjectName("closingUnavailable")
        label.setWordWrap(True)
        label.setFrameShape(QFrame.Shape.StyledPanel)
        label.setMargin(10)
        return label

    def _signatures(self, record: ops.InspectionRecord) -> QScrollArea:
        holder = QWidget()
        grid = QGridLayout(holder)
        members = sorted(record.team, key=lambda m: (m.role.value != "lead", m.name))
        # The company's acknowledgement first: it is what the meeting is for.
        company = _SignatureBox(
            lambda: self.tr("企业代表（确认缺陷清单）"), SignatureRole.COMPANY, None
        )
        company.setObjectName("companySignature")
        company.sign_button.clicked.connect(lambda _=False, b=company: self.sign(b))
        self.company_box = company
        grid.addWidget(company, 0, 0, 1, 2)
        for n, member in enumerate(members):
            box = _SignatureBox(
                lambda m=member: self.tr("检查员：{0}（{1}）").format(m.name, enum_label(m.role)),
                SignatureRole.INSPECTOR,
                member.name,
            )
            box.setObjectName(f"inspectorSignature{n}")
            box.sign_button.clicked.connect(lambda _=False, b=box: self.sign(b))
            self.inspector_boxes.append(box)
            grid.addWidget(box, 1 + n // 2, n % 2)
        for signature in record.signatures:
            self._mark(signature)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        return scroll

    def _mark(self, signature: Signature) -> None:
        if signature.role is SignatureRole.COMPANY and self.company_box is not None:
            self.company_box.mark_signed(signature)
            if self.company_box.name_edit is not None:
                self.company_box.name_edit.setText(signature.name)
            return
        for box in self.inspector_boxes:
            if box.fixed_name == signature.name:
                box.mark_signed(signature)

    # ---- actions -------------------------------------------------------------------------

    def sign(self, box: _SignatureBox) -> Signature | None:
        if box.pad.is_empty() or not box.name():
            return None
        signature = self.session.run(
            ops.sign,
            self.session.app,
            self.session.inspection_id,
            box.role,
            box.name(),
            box.pad.to_png(2.0, "transparent"),
            what=self.tr("签名"),
        )
        if signature is None:
            return None
        self.session.changed.emit("signature", signature.id)
        box.mark_signed(signature)
        self._update_lock()
        return signature

    def _signed_roles(self) -> set[SignatureRole]:
        return {s.role for s in self.session.record.signatures}

    def _update_lock(self) -> None:
        if self.lock_button is None:
            return
        roles = self._signed_roles()
        ready = SignatureRole.COMPANY in roles and SignatureRole.INSPECTOR in roles
        self.lock_button.setEnabled(ready)
        if ready:
            self._say(lambda: self.tr("签名已齐，可以确认并锁定。"))
            return

        def missing() -> str:
            who = []
            if SignatureRole.COMPANY not in roles:
                who.append(self.tr("企业代表"))
            if SignatureRole.INSPECTOR not in roles:
                who.append(self.tr("至少一名检查员"))
            return self.tr("尚需签名：{0}").format(self.tr("、").join(who))

        self._say(missing)

    def lock(self) -> bool:
        if not self.confirm_lock():
            return False
        closed = self.session.run(
            ops.close_on_site, self.session.app, self.session.inspection_id, what=self.tr("锁定")
        )
        if closed is None:
            return False
        self.session.changed.emit("inspection", self.session.inspection_id)
        if self.lock_button is not None:
            self.lock_button.setEnabled(False)
        self._say(lambda: self.tr("已锁定。此后的每项修改都需要填写修订原因，并记入审计追踪。"))
        return True

    def _confirm_lock(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("确认并锁定"),
            self.tr(
                "企业代表已确认缺陷清单。锁定后现场检查结束，之后的任何修改都需要填写"
                "修订原因并记入审计追踪。\n\n现在锁定吗？"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _show_failure(self, message: str) -> None:
        self._say(lambda: self.tr("未保存：{0}").format(message))

    def done(self, result: int) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.session.failed.disconnect(self._show_failure)
        super().done(result)
