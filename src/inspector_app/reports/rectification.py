"""The rectification report (整改情况报告, issue 15 item 7) as a PDF.

A fixed layout worded by `templates/rectification-report.v<n>.yaml` (its page, type sizes,
footer and labels; docs/reports.md): the report's facts, the 综合评定 with its reasons, then
per defect as issued the company's cause, actions and completion date, the evidence list
(name, size, SHA-256 short), any objection and its answer, the center's verification with
who and when, any re-inspection outcome, and the status the assessment gave it.

It reuses the inspection reports' fonts, text flowables, paged canvas (page X of Y, the
claims in the PDF's information dictionary) and table look. The data is plain text prepared
by the server (server/assessment.py); nothing here reads a database.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Frame, KeepTogether, PageTemplate, Spacer

from inspector_app.reports import fonts
from inspector_app.reports.flowables import TextBlock
from inspector_app.reports.integrity import Claims, IssueClaim
from inspector_app.reports.templates import Footer, Page, Sizes, TemplateError, templates_dir

TEMPLATE_ID = "rectification-report"
LABEL_KEYS = (
    "facts_heading",
    "number",
    "report_number",
    "company",
    "issue_day",
    "due_on",
    "rule",
    "issued_by",
    "issued_at",
    "assessment_heading",
    "profile",
    "first",
    "final",
    "final_single",
    "reasons",
    "defects_heading",
    "defect",
    "facts",
    "clauses",
    "location",
    "cause",
    "actions",
    "completed_on",
    "submitted",
    "evidence",
    "no_evidence",
    "objection",
    "objection_answer",
    "verification",
    "followup",
    "status",
    "no_answer",
    "note_heading",
    "note",
)


class RectificationTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int = Field(1, ge=1, le=1)
    id: str
    version: int = Field(ge=1)
    title: str
    page: Page = Page()
    sizes: Sizes = Sizes()
    header: str = ""
    footer: Footer
    labels: dict[str, str]

    def label(self, key: str) -> str:
        return self.labels[key]


def load_template(version: int | None = None, directory: Path | None = None):
    """The newest (or the given) version of the rectification report's template."""
    root = directory or templates_dir()
    files = {
        int(p.name.removeprefix(f"{TEMPLATE_ID}.v").removesuffix(".yaml")): p
        for p in root.glob(f"{TEMPLATE_ID}.v*.yaml")
        if p.name.removeprefix(f"{TEMPLATE_ID}.v").removesuffix(".yaml").isdigit()
    }
    if not files:
        raise TemplateError(f"no report template '{TEMPLATE_ID}' in {root}")
    chosen = version if version is not None else max(files)
    if chosen not in files:
        raise TemplateError(f"report template {TEMPLATE_ID} has no version {chosen}")
    path = files[chosen]
    try:
        template = RectificationTemplate.model_validate(
            yaml.safe_load(path.read_text(encoding="utf-8"))
        )
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path}: invalid YAML: {exc}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise TemplateError(f"{path}: {where}: {first['msg']}") from None
    missing = [k for k in LABEL_KEYS if k not in template.labels]
    if missing or (template.id, template.version) != (TEMPLATE_ID, chosen):
        raise TemplateError(
            f"{path}: labels missing: {', '.join(missing)}"
            if missing
            else f"{path}: id/version do not match the file name"
        )
    return template


# ---- the data ----------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceLine:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class DefectSection:
    """One defect as issued and everything said about its rectification, as display text."""

    n: int
    severity: str  # 主要缺陷 …
    facts: str
    clauses: str = ""
    location: str = ""
    answered: bool = False  # the company submitted an answer (else `no_answer` is printed)
    cause: str = ""
    actions: str = ""
    completed_on: str = ""
    submitted: str = ""  # who · when
    evidence: list[EvidenceLine] = field(default_factory=list)
    objection: str = ""  # reasons, who · when
    objection_answer: str = ""  # outcome: answer (who · when)
    verification: str = ""  # outcome: comment (who · when)
    followup: str = ""  # outcome: note (re-inspection)
    status: str = ""  # the assessment's status and its source


@dataclass(frozen=True)
class RectificationReport:
    inspection_id: str
    number: str
    report_number: str
    company: str
    issue_day: date
    due_on: date | None
    rule: str
    issued_by: str
    account: str
    issued_at: datetime
    profile: str  # the rule profile's title and version
    single_step: bool
    first: str  # the first step's outcome label
    first_reasons: list[str]
    final: str
    final_reasons: list[str]
    defects: list[DefectSection]
    app_version: str = ""

    @property
    def digest(self) -> str:
        """SHA-256 of what the report prints (its data as canonical JSON)."""
        body = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def china_time(value: datetime) -> str:
    from datetime import timedelta, timezone

    local = value.astimezone(timezone(timedelta(hours=8)))
    return f"{local:%Y-%m-%d %H:%M}"


# ---- rendering ---------------------------------------------------------------------------


def render(data: RectificationReport, template: RectificationTemplate, font: fonts.FontChoice):
    """The PDF as bytes (deterministic for the same data, template and font)."""
    from inspector_app.reports import render as base

    name = fonts.register(font)
    s = template.sizes
    # The inspection reports' styles (render.Styles reads only the sizes).
    st = base.Styles(name, template)  # type: ignore[arg-type]
    m = template.page.margins_mm
    page_w, _ = A4
    width = page_w - (m.left + m.right) * mm
    label = template.label

    def table(rows: list[tuple[str, str]], shares=(0.24, 0.76)) -> Flowable:
        cells = [[TextBlock(k, st.cell_bold), TextBlock(v or "—", st.cell)] for k, v in rows]
        return base.Table(
            cells,
            colWidths=[width * shares[0], width * shares[1]],
            splitByRow=1,
            hAlign="LEFT",
            style=base.TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), name, s.table),
                    ("GRID", (0, 0), (-1, -1), 0.5, base.GRID),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (0, -1), base.SHADE),
                    ("LEFTPADDING", (0, 0), (-1, -1), base.CELL_PAD),
                    ("RIGHTPADDING", (0, 0), (-1, -1), base.CELL_PAD),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
            ),
        )

    def heading(n: int, text: str) -> list[Flowable]:
        return [CondPageBreak(st.heading.leading * 4), TextBlock(f"{_cn(n)}、{text}", st.heading)]

    story: list[Flowable] = [
        TextBlock(template.title, st.title),
        TextBlock(data.company, st.subtitle),
    ]
    story += heading(1, label("facts_heading"))
    story.append(
        table(
            [
                (label("number"), data.number),
                (label("report_number"), data.report_number),
                (label("company"), data.company),
                (label("issue_day"), base.cn_date(data.issue_day)),
                (label("due_on"), base.cn_date(data.due_on) if data.due_on else "—"),
                (label("rule"), data.rule),
                (label("issued_by"), data.issued_by),
                (label("issued_at"), china_time(data.issued_at)),
            ]
        )
    )
    story += heading(2, label("assessment_heading"))
    rows = [(label("profile"), data.profile)]
    rows.append((label("first"), _with_reasons(data.first, data.first_reasons)))
    final_label = label("final_single") if data.single_step else label("final")
    rows.append((final_label, _with_reasons(data.final, data.final_reasons)))
    story.append(table(rows))
    story += heading(3, label("defects_heading"))
    for d in data.defects:
        title = f"{label('defect')} {d.n}（{d.severity}）"
        head = TextBlock(title, st.subheading)
        rows = [(label("facts"), d.facts)]
        if d.clauses:
            rows.append((label("clauses"), d.clauses))
        if d.location:
            rows.append((label("location"), d.location))
        if d.answered:
            rows += [
                (label("cause"), d.cause),
                (label("actions"), d.actions),
                (label("completed_on"), d.completed_on),
                (label("submitted"), d.submitted),
            ]
        else:
            rows.append((label("submitted"), label("no_answer")))
        files = "\n".join(f"{f.name} · {_size(f.size)} · {f.sha256[:12]}" for f in d.evidence)
        rows.append((label("evidence"), files or label("no_evidence")))
        if d.objection:
            rows.append((label("objection"), d.objection))
            rows.append((label("objection_answer"), d.objection_answer))
        if d.verification:
            rows.append((label("verification"), d.verification))
        if d.followup:
            rows.append((label("followup"), d.followup))
        rows.append((label("status"), d.status))
        # The title stays with the first rows of its table.
        story.append(KeepTogether([head, table(rows[:2])]))
        if rows[2:]:
            story.append(table(rows[2:]))
        story.append(Spacer(1, 6))
    story += heading(4, label("note_heading"))
    story.append(TextBlock(label("note"), st.body))

    values = {
        "company": data.company,
        "number": data.number,
        "report_number": data.report_number,
        "digest_short": data.digest[:16],
    }
    claims = Claims(
        inspection_id=data.inspection_id,
        template_id=template.id,
        template_version=template.version,
        digest=data.digest,
        app_version=data.app_version,
        font=font.label,
        state="issued",
        issue=IssueClaim(
            number=data.number,
            revision=1,
            issued_by=data.issued_by,
            issued_at=data.issued_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            account=data.account,
        ).encode(),
    )
    date_text = f"D:{data.issued_at.astimezone(UTC):%Y%m%d%H%M%S}+00'00'"
    furniture = base._furniture(
        _as_block_template(template),
        st,
        values,
        _NoMarks(),  # type: ignore[arg-type]
    )
    canvas_class = base._paged_canvas(furniture, claims, date_text, name)
    out = io.BytesIO()
    doc = base.BaseDocTemplate(
        out,
        pagesize=A4,
        leftMargin=m.left * mm,
        rightMargin=m.right * mm,
        topMargin=m.top * mm,
        bottomMargin=m.bottom * mm,
        title=f"{template.title}－{data.company}",
        author=data.issued_by,
        subject=f"{data.number}；原检查报告 {data.report_number}",
        keywords=f"inspection={data.inspection_id}; template={template.id}@{template.version}; "
        f"sha256={data.digest}",
        creator=f"inspector-app {data.app_version}",
        invariant=1,
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
    return out.getvalue()


def _with_reasons(outcome: str, reasons: list[str]) -> str:
    if not reasons:
        return outcome
    return outcome + "\n" + "\n".join(f"· {r}" for r in reasons)


def _cn(n: int) -> str:
    from inspector_app.checklist.citation import chinese_number

    return chinese_number(n)


class _NoMarks:
    """The page furniture asks the inspection report's data about draft marks: none here."""

    is_draft = False
    center_reviewed = True


def _as_block_template(template: RectificationTemplate):
    """The fields of the inspection reports' Template the page furniture reads."""

    @dataclass(frozen=True)
    class _Furniture:
        title: str
        header: str
        footer: Footer
        page: Page
        marks: None = None

    return _Furniture(template.title, template.header, template.footer, template.page)
