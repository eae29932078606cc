"""Render a template (data) with a record (ReportData) to PDF bytes with ReportLab.

Determinism: the canvas runs in ReportLab's invariant mode (fixed document id, no random
subset tags) and the creation date comes from the record, so the same data, template and
font give the same bytes. Page furniture — header, the advisory notice, the document number
and 第 X 页 共 Y 页, and in state-aware templates the 草稿 watermark and the 未经中心审核
mark — is drawn when the document is saved, once the page count is known.

Nothing internal reaches paper: text from the checklist and rule profile, and clause
references, go through `paper.for_paper` (no 待核实 note, no empty "（  ）").
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from inspector_app.checklist.citation import chinese_number, display_code, format_ref
from inspector_app.domain.conclusion import in_scope_items
from inspector_app.domain.model import (
    LABELS,
    Defect,
    ResultValue,
    Severity,
    SignatureRole,
    TeamRole,
)
from inspector_app.reports import fonts
from inspector_app.reports.flowables import Rule, TextBlock, TextStyle, draw_line, wrap_text
from inspector_app.reports.integrity import Claims, IssueClaim, ReportInfo
from inspector_app.reports.model import SEVERITY_ORDER, DocumentState, ReportData, ReportPhoto
from inspector_app.reports.paper import drop_empty_brackets, for_paper, refs_for_paper
from inspector_app.reports.templates import Block, Template

Progress = Callable[[int, int, str], None]

GRID = HexColor("#808080")
SHADE = HexColor("#EEF1F4")
HEAD_SHADE = HexColor("#DDE3EA")
MUTED = HexColor("#555555")
ACCENT = HexColor("#8B1A1A")  # the red of official document titles, used sparingly
WATERMARK = HexColor("#808080")
WATERMARK_ALPHA = 0.16  # light enough that the text under it reads as black on white
PHOTO_MAX_PX = 1000  # long side of a photo as embedded: ~150 dpi at its printed size


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fmt(text: str, values: dict[str, str]) -> str:
    return text.format_map(_Safe(values)) if text else ""


def cn_date(value: date | datetime | None) -> str:
    if value is None:
        return "—"
    return f"{value.year}年{value.month}月{value.day}日"


def _span(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "—"
    if start and end and start != end:
        return f"{cn_date(start)}至{cn_date(end)}"
    return cn_date(start or end)


class Styles:
    def __init__(self, font: str, template: Template) -> None:
        s = template.sizes
        self.title = TextStyle(font, s.title, s.title * 1.4, ACCENT, "center", True, 0, 4)
        self.subtitle = TextStyle(font, s.heading, s.heading * 1.5, black, "center", False, 0, 10)
        self.heading = TextStyle(font, s.heading, s.heading * 1.6, black, "left", True, 8, 4)
        self.subheading = TextStyle(font, s.body, s.body * 1.6, black, "left", True, 4, 2)
        self.body = TextStyle(font, s.body, s.body * 1.6, black, "left", False, 0, 4)
        self.cell = TextStyle(font, s.table, s.table * 1.45)
        self.cell_bold = self.cell.with_(bold=True)
        self.cell_center = self.cell.with_(align="center")
        self.small = TextStyle(font, s.small, s.small * 1.35, MUTED)


def values_of(data: ReportData, template: Template) -> dict[str, str]:
    insp = data.inspection
    counts = {s: sum(1 for d in data.defects if d.severity is s) for s in Severity}
    lead = [m.name for m in data.team if m.role is TeamRole.LEAD]
    members = [m.name for m in data.team if m.role is TeamRole.MEMBER]
    experts = [
        f"{m.name}（{m.organisation.strip()}）" if m.organisation.strip() else m.name
        for m in data.team
        if m.role is TeamRole.EXPERT
    ]
    checklist = data.checklist
    reg = checklist.regulation
    return {
        "company_name": insp.company_name,
        "site_address": insp.site_address or "—",
        "products": "；".join(insp.products) or "—",
        "inspection_type": LABELS[insp.inspection_type],
        "document_no": insp.document_no or "（未编号）",
        "inspection_id": insp.id,
        "planned_dates": _span(insp.planned_start, insp.planned_end),
        "actual_dates": _span(insp.actual_start, insp.actual_end),
        "checklist": f"{for_paper(checklist.title)}（{checklist.id} 第{checklist.version}版）",
        "regulation": for_paper(
            f"《{reg.name}》（{reg.version}"
            + (f"，{reg.document_no}）" if reg.document_no else "）")
        ),
        "team_lead": "、".join(lead) or "—",
        "team_members": "、".join(members) or "—",
        "experts": "、".join(experts) or "—",
        "status": LABELS[insp.status],
        "template": f"{template.id} 第{template.version}版",
        "template_id": template.id,
        "template_version": str(template.version),
        "digest": data.digest,
        "digest_short": data.digest[:16],
        "defects_total": str(len(data.defects)),
        "critical": str(counts[Severity.CRITICAL]),
        "major": str(counts[Severity.MAJOR]),
        "general": str(counts[Severity.GENERAL]),
        "conclusion": data.conclusion.label,
        "document_date": cn_date(data.document_date),
        "app_version": data.app_version,
        "document_state": state_label(data, template),
        "issued_by": data.issue.issued_by if data.issue is not None else "",
    }


def state_label(data: ReportData, template: Template) -> str:
    """The document's state in words, for the integrity block (state-aware templates)."""
    state = data.state
    if state is DocumentState.DRAFT:
        return "草稿（尚未经企业代表签字确认并锁定记录）"
    if state is DocumentState.ISSUED:
        return "企业已签字确认；中心已审核签发"
    if template.marks is not None and template.marks.unreviewed:
        return f"企业已签字确认；{template.marks.unreviewed}"
    return "企业已签字确认"


# ---- the page furniture --------------------------------------------------------------------


def _paged_canvas(
    decorate: Callable[[Canvas, int, int], None],
    claims: Claims,
    date_text: str,
    initial_font: str,
) -> type[Canvas]:
    class PagedCanvas(Canvas):
        """Holds pages back until save() so every page can say how many pages there are."""

        def __init__(self, *args, **kwargs) -> None:
            # Start in our font, so Helvetica never enters the page resources.
            kwargs["initialFontName"] = initial_font
            super().__init__(*args, **kwargs)
            info = ReportInfo(claims, date_text)
            old = self._doc.info
            for attr in ("title", "author", "subject", "keywords", "creator", "producer"):
                setattr(info, attr, getattr(old, attr))
            self._doc.info = info
            self._held: list[dict] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                decorate(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return PagedCanvas


def _furniture(template: Template, styles: Styles, values: dict[str, str], data: ReportData):
    page_w, page_h = A4
    m = template.page.margins_mm
    left, right = m.left * mm, page_w - m.right * mm
    width = right - left
    small = styles.small
    notice_style = small.with_(align="center", color=black)
    notice_lines = wrap_text(_fmt(template.footer.notice, values), notice_style, width)
    header = _fmt(template.header, values)
    doc_no = _fmt(template.footer.document_no, values)
    digest = _fmt(template.footer.digest, values)
    marks = template.marks
    watermark = marks.draft if marks is not None and data.is_draft else ""
    unreviewed = marks.unreviewed if marks is not None and not data.center_reviewed else ""
    title_w = stringWidth(template.title, small.font, small.size)

    def decorate(canv: Canvas, page: int, pages: int) -> None:
        canv.saveState()
        top = page_h - m.top * mm + 6 * mm
        draw_line(canv, left, top + 2, header, small, width)
        draw_line(canv, left, top + 2, template.title, small.with_(align="right"), width)
        if unreviewed:  # left of the title, in the red of the title: 未经中心审核　预检查报告
            mark = small.with_(align="right", color=ACCENT, bold=True)
            draw_line(canv, left, top + 2, unreviewed, mark, width - title_w - small.size)
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.5)
        canv.line(left, top, right, top)
        bottom = m.bottom * mm - 4 * mm
        canv.line(left, bottom, right, bottom)
        y = bottom - small.leading
        for line in notice_lines:
            draw_line(canv, left, y, line, notice_style, width)
            y -= small.leading
        draw_line(canv, left, y, doc_no, small, width)
        page_text = _fmt(template.footer.page, {"page": str(page), "pages": str(pages)})
        draw_line(canv, left, y, page_text, small.with_(align="center", color=black), width)
        draw_line(canv, left, y, digest, small.with_(align="right"), width)
        canv.restoreState()
        if watermark:
            _draw_watermark(canv, watermark, small.font, page_w, page_h)

    return decorate


def _draw_watermark(canv: Canvas, text: str, font: str, page_w: float, page_h: float) -> None:
    """The draft mark across the page, drawn over everything (so table shading and photos
    cannot hide it) in a light translucent grey (so the text under it stays readable)."""
    size = min(page_w, page_h) * 0.9 / max(len(text), 1) * 0.8
    canv.saveState()
    canv.setFillColor(WATERMARK)
    canv.setFillAlpha(WATERMARK_ALPHA)
    canv.translate(page_w / 2, page_h / 2)
    canv.rotate(45)
    canv.setFont(font, size)
    canv.drawCentredString(0, -size * 0.35, text)
    canv.restoreState()


# ---- blocks --------------------------------------------------------------------------------


class Builder:
    """Turns the template's blocks into flowables."""

    def __init__(self, data: ReportData, template: Template, styles: Styles, width: float):
        self.data = data
        self.template = template
        self.st = styles
        self.width = width
        self.values = values_of(data, template)
        self.numbers = data.defect_numbers()
        self.items = in_scope_items(data.checklist, data.inspection)
        self.item_by_id = data.checklist.items_by_id()
        self.heading_no = 0
        self.number_next = False

    # helpers
    def table_style(self, commands: list[tuple]) -> TableStyle:
        # Tables set their cells' default font (Helvetica) while drawing; name ours instead,
        # so no unembedded standard font enters the page resources.
        return TableStyle(
            [("FONT", (0, 0), (-1, -1), self.st.cell.font, self.st.cell.size), *commands]
        )

    def text(self, text: str, style: TextStyle | None = None) -> TextBlock:
        return TextBlock(text, style or self.st.body)

    def heading(self, text: str) -> list[Flowable]:
        if not text:
            return []
        if self.number_next:
            self.heading_no += 1
            text = f"{chinese_number(self.heading_no)}、{text}"
        # A heading never ends a page alone: ask for room for it and a few lines after it.
        return [CondPageBreak(self.st.heading.leading * 4), TextBlock(text, self.st.heading)]

    def table(
        self,
        rows: list[list[Flowable | str]],
        shares: list[float],
        header_rows: int = 1,
        extra: list[tuple] | None = None,
    ) -> Table:
        total = sum(shares)
        widths = [self.width * s / total for s in shares]
        cells = [
            [TextBlock(c, self.st.cell) if isinstance(c, str) else c for c in row] for row in rows
        ]
        cells, first, last = _split_tall_rows(cells, widths, header_rows)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        if header_rows:
            style.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_SHADE))
        for op, (c0, r0), (c1, r1), *args in extra or []:
            r0 = first[r0] if r0 >= 0 else r0
            r1 = last[r1] if r1 >= 0 else r1
            style.append((op, (c0, r0), (c1, r1), *args))
        return Table(
            cells,
            colWidths=widths,
            repeatRows=header_rows,
            splitByRow=1,
            style=self.table_style(style),
            hAlign="LEFT",
        )

    def header_row(self, block: Block, defaults: list[str]) -> tuple[list[Flowable], list[float]]:
        labels = [c.label for c in block.columns] or defaults
        shares = [c.width for c in block.columns] or [1.0] * len(labels)
        return [TextBlock(label, self.st.cell_bold) for label in labels], shares

    def build(self, block: Block) -> list[Flowable]:
        # A block that shows nothing returns before its heading, so it takes no number.
        self.number_next = self.template.number_headings and block.numbered
        return getattr(self, f"block_{block.type}")(block)

    # blocks
    def block_page_break(self, block: Block) -> list[Flowable]:
        return [PageBreak()]

    def unreviewed_mark(self) -> str:
        marks = self.template.marks
        if marks is None or not marks.unreviewed or self.data.center_reviewed:
            return ""
        return marks.unreviewed

    def block_title(self, block: Block) -> list[Flowable]:
        out: list[Flowable] = [TextBlock(self.template.title, self.st.title)]
        if mark := self.unreviewed_mark():
            out.append(TextBlock(f"（{mark}）", self.st.subtitle.with_(color=ACCENT, bold=True)))
        if block.text:
            out.append(TextBlock(_fmt(block.text, self.values), self.st.subtitle))
        return out

    def block_cover(self, block: Block) -> list[Flowable]:
        big = self.st.title.with_(size=self.st.title.size * 1.4, leading=self.st.title.size * 2)
        out: list[Flowable] = [Spacer(1, 45 * mm), TextBlock(self.template.title, big)]
        if block.text:
            out.append(TextBlock(_fmt(block.text, self.values), self.st.subtitle))
        gap = 20 * mm
        if mark := self.unreviewed_mark():
            stamp = self.st.subtitle.with_(color=ACCENT, bold=True, space_before=4)
            out.append(TextBlock(f"（{mark}）", stamp))
            gap -= stamp.leading + 4
        out.append(Spacer(1, gap))
        label = self.st.body.with_(bold=True, align="right")
        fields = list(block.fields)
        if self.data.issue is not None:
            # An issued report names its number and its issuer on the cover.
            keys = {key for _, key in fields}
            if "document_no" not in keys:
                fields.append(("报告编号", "document_no"))
            fields.append(("签发人", "issued_by"))
        rows = [
            [TextBlock(f"{name}：", label), TextBlock(self.values.get(key, key), self.st.body)]
            for name, key in fields
        ]
        out.append(
            Table(
                rows,
                colWidths=[self.width * 0.32, self.width * 0.58],
                style=self.table_style(
                    [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]
                ),
            )
        )
        out.append(Spacer(1, 25 * mm))
        notice = TextBlock(_fmt(self.template.footer.notice, self.values), self.st.body)
        out.append(
            Table(
                [[notice]],
                colWidths=[self.width * 0.9],
                style=self.table_style(
                    [
                        ("BOX", (0, 0), (-1, -1), 0.8, ACCENT),
                        ("LEFTPADDING", (0, 0), (-1, -1), 8),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                        ("TOPPADDING", (0, 0), (-1, -1), 6),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                    ]
                ),
            )
        )
        out.append(PageBreak())
        return out

    def block_fields(self, block: Block) -> list[Flowable]:
        rows = [
            [TextBlock(name, self.st.cell_bold), self.values.get(key, _fmt(key, self.values))]
            for name, key in block.fields
        ]
        table = self.table(
            rows, [0.24, 0.76], header_rows=0, extra=[("BACKGROUND", (0, 0), (0, -1), SHADE)]
        )
        return [*self.heading(block.heading), table, Spacer(1, 4)]

    def block_paragraph(self, block: Block) -> list[Flowable]:
        out = self.heading(_fmt(block.heading, self.values))
        return [*out, TextBlock(_fmt(block.text, self.values), self.st.body)]

    def block_team(self, block: Block) -> list[Flowable]:
        head, shares = self.header_row(block, ["姓名", "职责", "单位", "保密与无利益冲突声明"])
        order = {TeamRole.LEAD: 0, TeamRole.MEMBER: 1, TeamRole.EXPERT: 2}
        rows: list[list[Flowable | str]] = [head]
        for member in sorted(self.data.team, key=lambda m: (order[m.role], m.id)):
            signed = member.declaration_signed_at
            rows.append(
                [
                    member.name,
                    LABELS[member.role],
                    member.organisation or "—",
                    f"已签署（{cn_date(signed)}）" if signed else "未签署",
                ]
            )
        if len(rows) == 1:
            return [*self.heading(block.heading), self.text(block.empty or "—")]
        return [*self.heading(block.heading), self.table(rows, shares), Spacer(1, 4)]

    def _chapters(self) -> list[tuple[str, str, list]]:
        """Top-level sections holding in-scope items: (code, title, [items])."""
        chapters: dict[str, tuple[str, str, list]] = {}
        for chain, item in self.items:
            top = chain[0]
            chapters.setdefault(top.id, (top.code, top.title, []))[2].append(item)
        return list(chapters.values())

    def block_scope(self, block: Block) -> list[Flowable]:
        insp = self.data.inspection
        checklist = self.data.checklist
        chapters = self._chapters()
        whole = not insp.scope_sections
        listed = "；".join(for_paper(f"{code} {title}") for code, title, _ in chapters)
        tag_labels = {t.id: for_paper(t.label) for t in checklist.tags}
        tags = "、".join(tag_labels.get(t, t) for t in insp.scope_tags)
        out = self.heading(block.heading)
        out.append(
            self.text(
                f"检查范围：{'检查表全部章节' if whole else '选定章节'}，"
                f"共{len(self.items)}个检查项目（{listed}）。"
            )
        )
        if tags:
            out.append(self.text(f"适用附录/专项：{tags}。"))
        located = (drop_empty_brackets(d.location).strip() for d in self.data.defects_in_order())
        areas = list(dict.fromkeys(a for a in located if a))
        if areas:
            out.append(self.text("现场检查中发现缺陷的区域：" + "；".join(areas) + "。"))
        if block.text:
            out.append(self.text(_fmt(block.text, self.values)))
        return out

    def block_summary(self, block: Block) -> list[Flowable]:
        head, shares = self.header_row(
            block, ["章节", "项目数", "符合", "不符合", "不适用", "未检查", "严重", "主要", "一般"]
        )
        results = self.data.results
        defects_by_item: dict[str | None, list] = {}
        for d in self.data.defects:
            defects_by_item.setdefault(d.item_id, []).append(d)
        in_scope = {item.id for _, item in self.items}
        rows: list[list[Flowable | str]] = [head]
        totals = [0] * 8

        def tally(items: list) -> list[int]:
            counts = [len(items), 0, 0, 0, 0, 0, 0, 0]
            for item in items:
                result = results.get(item.id)
                value = result.result if result else ResultValue.NOT_CHECKED
                if defects_by_item.get(item.id) and value is not ResultValue.NON_CONFORMING:
                    value = ResultValue.NON_CONFORMING  # a defect shows the item failed
                counts[1 + list(ResultValue).index(value)] += 1
                for d in defects_by_item.get(item.id, []):
                    counts[5 + SEVERITY_ORDER.index(d.severity)] += 1
            return counts

        for code, title, items in self._chapters():
            counts = tally(items)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            rows.append([for_paper(f"{code} {title}"), *map(str, counts)])
        loose = [d for d in self.data.defects if d.item_id not in in_scope]
        if loose:
            counts = [0, 0, 0, 0, 0] + [
                sum(1 for d in loose if d.severity is s) for s in SEVERITY_ORDER
            ]
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            rows.append(
                ["未关联本次范围内检查项目的缺陷", "—", "—", "—", "—", "—", *map(str, counts[5:])]
            )
        rows.append([TextBlock("合计", self.st.cell_bold), *map(str, totals)])
        numeric = [("ALIGN", (1, 0), (-1, -1), "CENTER"), ("BACKGROUND", (0, -1), (-1, -1), SHADE)]
        rows = [
            [r[0], *[TextBlock(c, self.st.cell_center) if isinstance(c, str) else c for c in r[1:]]]
            for r in rows
        ]
        v = self.values
        line = (
            f"缺陷合计{v['defects_total']}项，其中严重缺陷{v['critical']}项、"
            f"主要缺陷{v['major']}项、一般缺陷{v['general']}项。"
        )
        return [
            *self.heading(block.heading),
            self.table(rows, shares, extra=numeric),
            Spacer(1, 3),
            self.text(line),
        ]

    def _defect_refs(self, ids: tuple[str, ...]) -> str:
        numbers = sorted(self.numbers[i] for i in ids if i in self.numbers)
        return "、".join(f"缺陷{n}" for n in numbers)

    def block_conclusion(self, block: Block) -> list[Flowable]:
        final = self.data.conclusion
        suggested = final.suggested
        out = self.heading(block.heading)
        out.append(
            TextBlock(
                f"预检查结论：{final.label}",
                self.st.body.with_(
                    bold=True, size=self.st.body.size * 1.15, leading=self.st.body.leading * 1.2
                ),
            )
        )
        rule_basis = for_paper(self.data.rule_basis)  # e.g. without "（条号待核实）"
        basis = f"（依据{rule_basis}）" if rule_basis else ""
        out.append(self.text(f"按判定规则{basis}，建议结论为“{suggested.label}”，理由如下："))
        for n, reason in enumerate(suggested.reasons, start=1):
            refs = self._defect_refs(reason.defect_ids)
            suffix = f"（见{refs}）" if refs and len(reason.defect_ids) <= 12 else ""
            out.append(
                self.text(
                    f"{n}. {for_paper(reason.text)}{suffix}。".replace("。。", "。"),
                    self.st.body.with_(indent=12),
                )
            )
        if final.overridden:
            same = "维持" if final.outcome == suggested.outcome else "调整为"
            reason = drop_empty_brackets(final.override_reason)
            out.append(self.text(f"检查组{same}结论“{final.label}”，理由：{reason}"))
        if block.text:
            out.append(self.text(_fmt(block.text, self.values)))
        return out

    def _clauses(self, defect) -> str:
        # A reference that was only an internal note ("待核实") is dropped; one that carries
        # the note prints without it. The record keeps the note for the center.
        refs = refs_for_paper(list(defect.clause_refs))
        item = self.item_by_id.get(defect.item_id) if defect.item_id else None
        if not refs and item is not None:
            refs = refs_for_paper([format_ref(r) for r in item.refs])
        text = "、".join(refs) or "—"
        code = for_paper(display_code(item)) if item is not None else ""
        if code and code not in text:
            text += f"\n（检查项目 {code}）"
        return text

    def block_defects(self, block: Block) -> list[Flowable]:
        out = self.heading(block.heading)
        ordered = self.data.defects_in_order()
        if not ordered:
            return [*out, self.text(block.empty or "未发现缺陷。")]
        photos_of: dict[str, list[int]] = {}
        for n, photo in enumerate(_photo_order(self.data), start=1):
            if photo.defect_id:
                photos_of.setdefault(photo.defect_id, []).append(n)
        head, shares = self.header_row(block, ["序号", "依据条款", "缺陷描述"])
        for severity in SEVERITY_ORDER:
            group = [d for d in ordered if d.severity is severity]
            # The grade's heading goes to the next page with its first rows, never alone.
            out.append(CondPageBreak(self.st.subheading.leading + 4 * self.st.cell.leading))
            out.append(TextBlock(f"{LABELS[severity]}（{len(group)}项）", self.st.subheading))
            if not group:
                out.append(self.text("无。"))
                continue
            rows: list[list[Flowable | str]] = [head]
            for d in group:
                # Typed text prints as typed; only an unfilled "（  ）" is left out.
                parts = [drop_empty_brackets(d.facts)]
                location = drop_empty_brackets(d.location).strip()
                advice = drop_empty_brackets(d.suggested_rectification).strip()
                if "location" in block.text and location:
                    parts.append(f"位置：{location}")
                if "rectification" in block.text and advice:
                    parts.append(f"整改建议：{advice}")
                if "photos" in block.text and d.id in photos_of:
                    parts.append("照片：" + "、".join(f"图{n}" for n in photos_of[d.id]))
                if d.falsification:
                    parts.append("涉及数据真实性问题")
                if d.affects_quality:
                    parts.append("直接影响产品质量")
                if d.origin_defect_id:  # a re-inspection's carried-over defect (issue 15)
                    parts.append(f"原缺陷复查：{_followup_text(d)}")
                rows.append(
                    [
                        TextBlock(str(self.numbers[d.id]), self.st.cell_center),
                        self._clauses(d),
                        "\n".join(parts),
                    ]
                )
            out += [self.table(rows, shares), Spacer(1, 4)]
        return out + self._followups()

    def _followups(self) -> list[Flowable]:
        """原缺陷整改复查情况 (issue 15): on a re-inspection, each original defect as issued,
        the company's action summary and the outcome found on site. Placed after the defect
        list of every template, so no template version has to change for it."""
        originals = [d for d in self.data.defects_in_order() if d.origin_defect_id]
        if not originals:
            return []
        out = self.heading("原缺陷整改复查情况")
        numbers = [d.origin_answer.report_number for d in originals if d.origin_answer]
        if numbers:
            out.append(self.text(f"原检查报告编号：{'、'.join(dict.fromkeys(numbers))}。"))
        counts = {label: 0 for label in (*FOLLOWUP_TEXT.values(), "未核实")}
        for d in originals:
            counts[_followup_label(d)] += 1
        out.append(
            self.text(
                f"原缺陷{len(originals)}项，其中"
                + "、".join(f"{label}{n}项" for label, n in counts.items() if n)
                + "。"
            )
        )
        head = [
            TextBlock(label, self.st.cell_bold)
            for label in ("序号", "原缺陷", "企业整改情况", "复查结果")
        ]
        rows: list[list[Flowable | str]] = [head]
        for d in originals:
            answer = d.origin_answer
            issued = answer.facts if answer else d.facts
            grade = LABELS[answer.severity if answer else d.severity]
            rows.append(
                [
                    TextBlock(str(self.numbers[d.id]), self.st.cell_center),
                    f"{grade}：{drop_empty_brackets(issued)}",
                    answer.action_summary() if answer else "企业未提交整改情况",
                    _followup_text(d),
                ]
            )
        return [*out, self.table(rows, [0.6, 4.0, 3.4, 2.0]), Spacer(1, 4)]

    def block_consistency(self, block: Block) -> list[Flowable]:
        rows_data = [item for _, item in self.items if item.declared_observed is not None]
        if not rows_data:
            return []  # this checklist has no declared-versus-observed items
        head, shares = self.header_row(
            block, ["检查项目", "核对内容", "申报/规定值", "现场实际", "结论"]
        )
        rows: list[list[Flowable | str]] = [head]
        for item in rows_data:
            do = item.declared_observed
            assert do is not None
            result = self.data.results.get(item.id)
            declared = drop_empty_brackets(result.declared_value if result else "").strip()
            observed = drop_empty_brackets(result.observed_value if result else "").strip()
            unit = for_paper(do.unit).strip()
            unit = f"（{unit}）" if unit else ""  # no unit: nothing, never "（  ）"
            if declared and observed:
                verdict = "一致" if declared == observed else "不一致"
            else:
                verdict = "未核对"
            rows.append(
                [
                    for_paper(display_code(item)),
                    f"{for_paper(do.label)}{unit}",
                    declared or "—",
                    observed or "—",
                    TextBlock(verdict, self.st.cell_center),
                ]
            )
        return [*self.heading(block.heading), self.table(rows, shares), Spacer(1, 4)]

    def block_item_results(self, block: Block) -> list[Flowable]:
        head, shares = self.header_row(block, ["编号", "检查内容", "结果", "说明"])
        rows: list[list[Flowable | str]] = [head]
        spans: list[tuple] = []
        defects_by_item: dict[str, list[int]] = {}
        for d in self.data.defects:
            if d.item_id:
                defects_by_item.setdefault(d.item_id, []).append(self.numbers[d.id])
        current = None
        for chain, item in self.items:
            top = chain[0]
            if top.id != current:
                current = top.id
                chapter = for_paper(f"{top.code} {top.title}")
                rows.append([TextBlock(chapter, self.st.cell_bold), "", "", ""])
                r = len(rows) - 1
                spans += [
                    ("SPAN", (0, r), (-1, r)),
                    ("BACKGROUND", (0, r), (-1, r), SHADE),
                    ("NOSPLIT", (0, r), (-1, r + 1)),  # a chapter row never ends a page
                ]
            result = self.data.results.get(item.id)
            value = result.result if result else ResultValue.NOT_CHECKED
            numbers = sorted(defects_by_item.get(item.id, []))
            if numbers and value is not ResultValue.NON_CONFORMING:
                value = ResultValue.NON_CONFORMING
            notes = []
            for typed in (result.reason, result.note) if result else ():
                if typed := drop_empty_brackets(typed).strip():
                    notes.append(typed)
            if numbers:
                notes.append("见" + "、".join(f"缺陷{n}" for n in numbers))
            rows.append(
                [
                    for_paper(display_code(item)),
                    for_paper(item.requirement),
                    TextBlock(LABELS[value], self.st.cell_center),
                    "\n".join(notes),
                ]
            )
        out = self.heading(block.heading)
        if block.text:
            out.append(self.text(_fmt(block.text, self.values), self.st.small))
        return [*out, self.table(rows, shares, extra=spans)]

    def block_photos(self, block: Block) -> list[Flowable]:
        photos = _photo_order(self.data)
        out = self.heading(block.heading)
        if not photos:
            return [*out, self.text(block.empty or "无现场照片。")]
        cols = 2
        rows_per_page = max(1, block.per_page // cols)
        box_w = self.width / cols - 8
        box_h = min(box_w * 0.75, (200 * mm) / rows_per_page - 14 * mm)
        cells: list[list[Flowable]] = []
        for n, photo in enumerate(photos, start=1):
            ref = self.numbers.get(photo.defect_id or "")
            label = f"图{n}" + (f"（缺陷{ref}）" if ref else "")
            taken = f"，拍摄于{cn_date(photo.taken_at)}" if photo.taken_at else ""
            typed = drop_empty_brackets(photo.caption).strip()
            caption = f"{label}：{typed or '（无说明）'}{taken}"
            cells.append(
                [
                    _photo_flowable(photo, box_w, box_h),
                    Spacer(1, 2),
                    TextBlock(caption, self.st.cell),
                ]
            )
        grid = [cells[i : i + cols] for i in range(0, len(cells), cols)]
        if len(grid[-1]) < cols:
            grid[-1] += [[Spacer(1, 1)]] * (cols - len(grid[-1]))
        table = Table(
            grid,
            colWidths=[self.width / cols] * cols,
            style=self.table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ]
            ),
            hAlign="LEFT",
        )
        return [*out, table]

    def block_signatures(self, block: Block) -> list[Flowable]:
        out = self.heading(block.heading)
        # The acknowledgement ("…已在末次会议上…") is a statement of fact: a state-aware
        # template prints it only once the company has signed and the record is closed.
        text = block.text
        if self.template.marks is not None and self.data.is_draft:
            text = block.draft_text
        if text:
            out.append(self.text(_fmt(text, self.values)))
        roles = [SignatureRole(r) for r in block.roles] or list(SignatureRole)
        columns = []
        for role in roles:
            signed = [s for s in self.data.signatures if s.role is role]
            cell: list[Flowable] = [TextBlock(f"{LABELS[role]}签字：", self.st.cell_bold)]
            for sig in signed:
                if sig.image_png:
                    cell.append(_signature_image(sig.image_png, 45 * mm, 16 * mm))
                cell.append(TextBlock(f"{sig.name}　{cn_date(sig.signed_at)}", self.st.cell))
            if not signed:
                cell += [
                    Spacer(1, 14 * mm),
                    TextBlock("签字：__________　日期：____年__月__日", self.st.cell),
                ]
            columns.append(cell)
        table = Table(
            [columns],
            colWidths=[self.width / len(columns)] * len(columns),
            style=self.table_style(
                [
                    ("BOX", (0, 0), (-1, -1), 0.5, GRID),
                    ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                    ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ]
            ),
            hAlign="LEFT",
        )
        return [*out, KeepTogether([table])]

    def block_integrity(self, block: Block) -> list[Flowable]:
        v = self.values
        lines = [
            f"检查记录编号：{v['inspection_id']}",
            f"模板：{v['template']}　生成软件：inspector-app {v['app_version']}",
            f"记录数据摘要（SHA-256）：{v['digest']}",
        ]
        if self.template.marks is not None:
            lines.append(f"文书状态：{v['document_state']}")
        if (issue := self.data.issue) is not None:
            revision = f"第{issue.revision}版" + ("，替代前一版" if issue.replaces else "")
            who = issue.issued_by + (
                f"（{issue.account}）" if issue.account and issue.account != issue.issued_by else ""
            )
            lines.append(
                f"签发：{issue.number}（{revision}）　签发人：{who}　"
                f"签发时间：{issue.issued_at:%Y-%m-%d %H:%M} UTC"
            )
        if block.text:
            lines.append(_fmt(block.text, v))
        out: list[Flowable] = [CondPageBreak(30 * mm), Spacer(1, 6), Rule(0.5, GRID)]
        if block.heading:
            out.append(TextBlock(block.heading, self.st.small.with_(bold=True, color=black)))
        return out + [TextBlock(line, self.st.small) for line in lines]


CELL_PAD = 3
ROW_MAX_LINES = 36  # a row taller than this continues in the next row (never past a page)


FOLLOWUP_TEXT = {"closed": "已整改", "partly": "部分整改", "not_closed": "未整改"}


def _followup_label(defect: Defect) -> str:
    return FOLLOWUP_TEXT[defect.followup.value] if defect.followup else "未核实"


def _followup_text(defect: Defect) -> str:
    """The outcome and the inspector's note, as printed."""
    note = defect.followup_note.strip()
    return _followup_label(defect) + (f"（{note}）" if note else "")


def _split_tall_rows(
    rows: list[list[Flowable]], widths: list[float], header_rows: int
) -> tuple[list[list[Flowable]], list[int], list[int]]:
    """Rows whose text would be taller than a page, cut into consecutive rows.

    ReportLab cannot always split a single row across pages (notably the first row under a
    repeated header), so no row is allowed to need that. Returns the new rows and, for each
    old row, the index of its first and last new row (to remap style commands).
    """
    out: list[list[Flowable]] = []
    first: list[int] = []
    last: list[int] = []
    for index, row in enumerate(rows):
        first.append(len(out))
        laid = []
        for cell, width in zip(row, widths, strict=True):
            if isinstance(cell, TextBlock) and index >= header_rows:
                laid.append(cell._layout(width - 2 * CELL_PAD))
            else:
                laid.append(None)
        tallest = max((len(lines) for lines in laid if lines is not None), default=0)
        if tallest <= ROW_MAX_LINES:
            out.append(row)
        else:
            for start in range(0, tallest, ROW_MAX_LINES):
                part: list[Flowable] = []
                for cell, lines, width in zip(row, laid, widths, strict=True):
                    if lines is None:
                        part.append(cell if start == 0 else Spacer(1, 1))
                        continue
                    chunk = lines[start : start + ROW_MAX_LINES]
                    part.append(
                        TextBlock("\n".join(chunk), cell.style, chunk, width - 2 * CELL_PAD)
                    )
                out.append(part)
        last.append(len(out) - 1)
    return out, first, last


def _photo_order(data: ReportData) -> list[ReportPhoto]:
    numbers = data.defect_numbers()
    far = len(numbers) + 1
    return sorted(
        data.photos,
        key=lambda p: (
            numbers.get(p.defect_id or "", far),
            p.taken_at or datetime.min,
            p.image.name,
        ),
    )


class _JpegReader(ImageReader):
    """A JPEG passed through to the PDF as it is.

    canvas.drawImage names an ImageReader's XObject by hashing its decoded RGB data, which
    would decode every photo at full size (60 photos: hundreds of MB). The hash of the JPEG
    bytes names it as well, and deterministically.
    """

    def __init__(self, jpeg: bytes) -> None:
        super().__init__(io.BytesIO(jpeg))
        self._token = hashlib.sha256(jpeg).digest()
        self._dataA = None  # no alpha channel in a JPEG

    def getRGBData(self) -> bytes:  # only ever used for the name
        return self._token


class _Picture(Flowable):
    def __init__(self, reader: ImageReader, width: float, height: float) -> None:
        super().__init__()
        self.reader = reader
        self.width, self.height = width, height
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.reader, 0, 0, self.width, self.height)


def _photo_flowable(photo: ReportPhoto, box_w: float, box_h: float) -> Flowable:
    """The derivative, reduced for print: JPEG draft decoding makes this cheap."""
    source = photo.image if isinstance(photo.image, Path) else photo.image.open()
    with PILImage.open(source) as img:
        img.draft("RGB", (PHOTO_MAX_PX, PHOTO_MAX_PX))
        small = img.convert("RGB")
    if max(small.size) > PHOTO_MAX_PX:
        small.thumbnail((PHOTO_MAX_PX, PHOTO_MAX_PX), PILImage.Resampling.BILINEAR)
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=78)
    w, h = small.size
    del small
    scale = min(box_w / w, box_h / h)
    return _Picture(_JpegReader(buf.getvalue()), w * scale, h * scale)


def _signature_image(png: bytes, max_w: float, max_h: float) -> Flowable:
    reader = ImageReader(io.BytesIO(png))
    w, h = reader.getSize()
    scale = min(max_w / w, max_h / h)
    image = Image(io.BytesIO(png), width=w * scale, height=h * scale)
    image.hAlign = "LEFT"
    return image


# ---- the document --------------------------------------------------------------------------


class _Doc(BaseDocTemplate):
    def __init__(self, *args, progress: Progress | None = None, total: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self._progress = progress
        self._total = total
        self._done = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        self._done += 1
        if self._progress and self._done % 25 == 0:
            self._progress(min(self._done, self._total), self._total, "排版")


def render(
    data: ReportData,
    template: Template,
    font: fonts.FontChoice,
    progress: Progress | None = None,
) -> bytes:
    """The PDF as bytes. `progress(done, total, text)` may raise to cancel."""
    font_name = fonts.register(font)
    styles = Styles(font_name, template)
    m = template.page.margins_mm
    page_w, _ = A4
    width = page_w - (m.left + m.right) * mm
    builder = Builder(data, template, styles, width)
    story: list[Flowable] = []
    for n, block in enumerate(template.blocks, start=1):
        if progress:
            progress(0, len(template.blocks) + 1, f"准备第{n}部分")
        story += builder.build(block)
    values = builder.values
    claims = Claims(
        inspection_id=data.inspection.id,
        template_id=template.id,
        template_version=template.version,
        digest=data.digest,
        app_version=data.app_version,
        font=font.label,
        state=data.state.value if template.marks is not None else "",
        issue=_issue_claim(data),
    )
    when = data.document_date
    date_text = f"D:{when:%Y%m%d%H%M%S}+00'00'"
    canvas_class = _paged_canvas(
        _furniture(template, styles, values, data), claims, date_text, font_name
    )
    out = io.BytesIO()
    doc = _Doc(
        out,
        pagesize=A4,
        leftMargin=m.left * mm,
        rightMargin=m.right * mm,
        topMargin=m.top * mm,
        bottomMargin=m.bottom * mm,
        title=f"{template.title}－{data.inspection.company_name}",
        author=values["team_lead"],
        subject=f"{values['inspection_type']}；检查记录 {data.inspection.id}",
        keywords=f"inspection={data.inspection.id}; template={template.id}@{template.version}; "
        f"sha256={data.digest}",
        creator=f"inspector-app {data.app_version}",
        invariant=1,
        progress=progress,
        total=len(story),
    )
    frame = Frame(
        doc.leftMargin,
        doc.bottomMargin,
        doc.width,
        doc.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story, canvasmaker=canvas_class)
    if progress:
        progress(len(story), len(story), "完成")
    return out.getvalue()


def _issue_claim(data: ReportData) -> str:
    issue = data.issue
    if issue is None:
        return ""
    when = issue.issued_at.astimezone(UTC) if issue.issued_at.tzinfo else issue.issued_at
    return IssueClaim(
        number=issue.number,
        revision=issue.revision,
        issued_by=issue.issued_by,
        issued_at=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        account=issue.account,
        replaces=issue.replaces,
    ).encode()


def write(path: Path, pdf: bytes) -> Path:
    """Write atomically: a failed or cancelled export never leaves half a file behind."""
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_bytes(pdf)
    tmp.replace(path)
    return path
