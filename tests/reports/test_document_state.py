"""Documents say what they are: 草稿 until the company signed and the record is closed,
未经中心审核 until the center issued the report, and never an internal note on paper.

Every case renders from a real store through the operations and parses the PDF back.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader
from tests.reports.conftest import sign_demo

from inspector_app.checklist.library import bundled_checklists_dir
from inspector_app.checklist.schema import ChecklistKind
from inspector_app.domain.conclusion import in_scope_items
from inspector_app.domain.model import ResultValue, Severity, Status, TeamRole
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.demo import seed_demo
from inspector_app.operations.reports import render_bytes, render_report, verify_report
from inspector_app.reports.integrity import read_claims
from inspector_app.reports.paper import for_paper, refs_for_paper

TEMPLATES = ["defect-list", "full"]
WATERMARK = "草稿"
UNREVIEWED = "未经中心审核"
# The acknowledgement sentences of the two templates' signature blocks (templates/*.v2.yaml).
ACKNOWLEDGED = {
    "defect-list": "上述缺陷项目已在末次会议上向企业通报并经双方核对",
    "full": "企业代表签字表示已在末次会议上收到缺陷项目清单",
}
INTERNAL = "待核实"
EMPTY_BRACKETS = re.compile(r"（\s*）|\(\s*\)")


def pages_text(pdf: bytes) -> list[str]:
    # Squashed: the diagonal watermark and wrapped lines extract with breaks inside words.
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def state_of(pdf: bytes) -> str:
    claims = read_claims(pdf)
    assert claims is not None
    return claims.state


@pytest.fixture(scope="module")
def lifecycle(tmp_path_factory):
    """The demo's PDFs at each step: on site unsigned, signed, closed, issued."""
    data = tmp_path_factory.mktemp("states")
    out: dict[str, dict[str, bytes]] = {}
    with App(data, actor="测试员") as app:
        iid = seed_demo(app)
        out["on_site"] = {t: render_bytes(app, iid, t) for t in TEMPLATES}
        sign_demo(app, iid)
        out["signed"] = {t: render_bytes(app, iid, t) for t in TEMPLATES}
        ops.close_on_site(app, iid)
        out["closed"] = {t: render_bytes(app, iid, t) for t in TEMPLATES}
        ops.mark_report_issued(app, iid)
        out["issued"] = {t: render_bytes(app, iid, t) for t in TEMPLATES}
    return out


@pytest.mark.parametrize("step", ["on_site", "signed"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_a_draft_has_the_watermark_on_every_page_and_no_acknowledgement(lifecycle, step, template):
    # "signed": the company signed but the closing meeting has not locked the record yet.
    pdf = lifecycle[step][template]
    pages = pages_text(pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert WATERMARK in text, f"page {number} has no watermark"
        assert ACKNOWLEDGED[template] not in text
        assert "已在末次会议上" not in text
    assert state_of(pdf) == "draft"
    assert "文书状态：草稿" in "".join(pages)


@pytest.mark.parametrize("template", TEMPLATES)
def test_signed_and_closed_has_no_watermark_and_the_acknowledgement(lifecycle, template):
    pdf = lifecycle["closed"][template]
    pages = pages_text(pdf)
    assert all(WATERMARK not in text for text in pages)
    assert ACKNOWLEDGED[template] in "".join(pages)
    assert state_of(pdf) == "acknowledged"


@pytest.mark.parametrize("step", ["on_site", "signed", "closed"])
def test_a_full_report_not_issued_says_unreviewed_on_every_page(lifecycle, step):
    pages = pages_text(lifecycle[step]["full"])
    for number, text in enumerate(pages, start=1):
        assert UNREVIEWED in text, f"page {number}"
    assert f"（{UNREVIEWED}）" in pages[0]  # on the cover too, not only in the header


def test_the_defect_list_is_not_a_center_report(lifecycle):
    for step in ("on_site", "closed"):
        assert all(UNREVIEWED not in text for text in pages_text(lifecycle[step]["defect-list"]))


def test_an_issued_report_has_neither_mark(lifecycle):
    pdf = lifecycle["issued"]["full"]
    pages = pages_text(pdf)
    assert all(UNREVIEWED not in t and WATERMARK not in t for t in pages)
    assert ACKNOWLEDGED["full"] in "".join(pages)
    assert state_of(pdf) == "issued"


def test_verify_matches_a_draft_and_differs_once_closed(tmp_path):
    with App(tmp_path / "data", actor="测试员") as app:
        iid = seed_demo(app)
        sign_demo(app, iid)
        pdf = render_report(app, iid, "defect-list", tmp_path / "draft.pdf")
        result = verify_report(app, pdf)
        assert result.status == "matches"
        assert "DRAFT" in result.message and "\n" not in result.message
        ops.close_on_site(app, iid)
        # The draft no longer describes the record: closing changed status and digest.
        assert verify_report(app, pdf).status == "differs"
        closed = render_report(app, iid, "defect-list", tmp_path / "closed.pdf")
        result = verify_report(app, closed)
        assert result.status == "matches"
        assert "acknowledged by the company" in result.message


def test_a_draft_page_looks_right(lifecycle, tmp_path):
    """The watermark is drawn, diagonal and light: the page stays mostly white, and the
    page's ink is not much more than the same page without it."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    from PIL import Image

    def ink(pdf: bytes, name: str) -> tuple[float, int]:
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(
            [
                tool,
                "-r",
                "40",
                "-f",
                "1",
                "-l",
                "1",
                "-gray",
                "-png",
                str(tmp_path / f"{name}.pdf"),
                str(tmp_path / name),
            ],
            check=True,
        )
        with Image.open(next(tmp_path.glob(f"{name}-*.png"))) as image:
            grey = image.convert("L")
            hist = grey.histogram()
        total = sum(hist)
        marked = sum(hist[:250])
        darkest_mark = min(v for v in range(256) if hist[v])  # text stays black
        return marked / total, darkest_mark

    draft, draft_dark = ink(lifecycle["on_site"]["defect-list"], "draft")
    final, _ = ink(lifecycle["closed"]["defect-list"], "final")
    assert draft > final + 0.02  # the mark is there
    assert draft < 0.6  # and light: most of the page is still paper
    assert draft_dark < 60


# ---- internal notes never reach paper --------------------------------------------------------


def test_for_paper_drops_notes_and_empty_brackets():
    assert for_paper("评定标准条款（条号待核实）") == "评定标准条款"
    assert for_paper("第一百二十九条，待核实") == "第一百二十九条"
    assert for_paper("第五条 条号待核实") == "第五条"
    assert for_paper("灭菌温度（  ）") == "灭菌温度"
    assert for_paper("压差(　)") == "压差"
    assert for_paper("现场核实供应商资质") == "现场核实供应商资质"  # 核实 itself is a verb
    assert for_paper("《药品检查管理办法（试行）》") == "《药品检查管理办法（试行）》"
    assert refs_for_paper(["（待核实）", "第十条（未核实）", "第十条"]) == ["第十条"]


KIND_TO_TYPE = {
    ChecklistKind.DRUG_GMP: "gmp_compliance",
    ChecklistKind.DEVICE_GMP: "gmp_compliance",
    ChecklistKind.DRUG_REGISTRATION_VERIFICATION: "registration_verification",
    ChecklistKind.DEVICE_REGISTRATION_QMS: "registration_verification",
    ChecklistKind.LICENCE: "licence",
}


def _shipped() -> int:
    # New inspections take the newest version of each checklist.
    return len({p.name.split(".v")[0] for p in bundled_checklists_dir().glob("*.v*.yaml")})


@pytest.fixture(scope="module")
def every_checklist(tmp_path_factory):
    """One inspection per shipped checklist, with defects whose references carry the
    center's unverified-reference notes, rendered in both templates."""
    data = tmp_path_factory.mktemp("checklists")
    out = []
    with App(data, actor="测试员") as app:
        for checklist in app.library.offered():
            inspection = ops.create_inspection(
                app,
                company_name="核对制药有限公司",
                inspection_type=KIND_TO_TYPE.get(checklist.kind, "gmp_compliance"),
                checklist_id=checklist.id,
                scope_tags=[t.id for t in checklist.tags],
                site_address="  ",
                document_no="",
            )
            iid = inspection.id
            lead = ops.TeamMemberInput(name="王建国", role=TeamRole.EXPERT, organisation=" ")
            ops.add_team_member(app, iid, lead)
            ops.start_on_site(app, iid)
            items = [item for _, item in in_scope_items(checklist, inspection)]
            with_refs = [i for i in items if i.refs]
            # Refs as the checklist gives them (the device GMP refs are estimates, per notes).
            for item, grade in zip(with_refs[:3], Severity, strict=False):
                ops.add_defect(
                    app, iid, severity=grade, facts=f"{item.code}项下发现问题。", item_id=item.id
                )
            # A reference a defect carries with the internal note, and one that is only a note.
            ops.add_defect(
                app,
                iid,
                severity=Severity.GENERAL,
                facts="条号存疑的缺陷。",
                item_id=items[-1].id,
                clause_refs=["第一百二十九条（条号待核实）", "待核实", "第五条，待核实"],
                location="（  ）",
            )
            for item in items:
                if item.declared_observed is not None:
                    ops.record_result(
                        app,
                        iid,
                        item.id,
                        ResultValue.CONFORMING,
                        declared_value="121",
                        observed_value="121",
                    )
            sign_demo(app, iid)
            pdfs = {t: render_bytes(app, iid, t) for t in TEMPLATES}
            record = ops.load_inspection(app, iid)
            out.append((checklist.id, pdfs, record))
    return out


def test_every_shipped_checklist_is_covered(every_checklist):
    assert len(every_checklist) == _shipped() >= 5


@pytest.mark.parametrize("template", TEMPLATES)
def test_no_company_document_prints_an_internal_note(every_checklist, template):
    for checklist_id, pdfs, record in every_checklist:
        pages = pages_text(pdfs[template])
        for number, text in enumerate(pages, start=1):
            where = f"{checklist_id} {template} page {number}"
            assert INTERNAL not in text and "未核实" not in text, where
            assert not EMPTY_BRACKETS.search(text), (where, EMPTY_BRACKETS.search(text))
        whole = "".join(pages)
        assert "第一百二十九条" in whole  # the reference prints, without its note
        assert "第五条" in whole
        # The app keeps the note for the center: it is only kept off paper.
        assert any(INTERNAL in ref for d in record.defects for ref in d.clause_refs)


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_demo_prints_no_internal_note(lifecycle, template):
    # The demo's rule profile names its clause "（条号待核实）".
    for step in ("on_site", "closed", "issued"):
        for text in pages_text(lifecycle[step][template]):
            assert INTERNAL not in text
            assert not EMPTY_BRACKETS.search(text)


def test_the_rule_profile_still_carries_its_note(tmp_path):
    with App(tmp_path, actor="x") as app:
        iid = seed_demo(app)
        checklist = ops.checklist_of(app, ops.get_inspection(app, iid))
        assert INTERNAL in app.profiles[checklist.rule_profile].regulation.clause
        assert ops.get_inspection(app, iid).status is Status.ON_SITE
