"""Issued inspections of two companies on the server, a company account for each, and
evidence files of every accepted type, for the rectification tests (issue 15)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from tests.server import reviewdata
from tests.server.conftest import Device

from inspector_app.server import admin, issue, rectification, review
from inspector_app.server.context import ServerContext

COMPANY_A = "华东制药有限公司"
COMPANY_B = "西南药业股份有限公司"
PASSWORD = "correct horse battery"
ADJUSTED = "审核后措辞：压差记录缺失三批。"
INTERNAL = "内部意见：只给中心看"


def issue_day():
    """The China date the world's reports were issued (today)."""
    from inspector_app.server.service import china_today

    return china_today()


def pdf_bytes(text: str = "evidence") -> bytes:
    return b"%PDF-1.4\n% " + text.encode() + b"\n%%EOF\n"


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(buf, "PNG")
    return buf.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (10, 200, 10)).save(buf, "JPEG")
    return buf.getvalue()


def office_bytes(kind: str) -> bytes:
    """A minimal DOCX or XLSX (an Office Open XML ZIP), or a plain ZIP ("zip")."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        if kind == "zip":  # any other ZIP (not an office document)
            z.writestr("readme.txt", "just a zip")
        else:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buf.getvalue()


@dataclass
class World:
    device: Device  # team-a's laptop
    reviewer: str
    a: reviewdata.Pushed  # company A, issued
    a_open: reviewdata.Pushed  # company A, closed, not issued
    b: reviewdata.Pushed  # company B, issued
    user_a: str
    user_b: str


def rename(ctx: ServerContext, pushed: reviewdata.Pushed, company: str) -> None:
    device = pushed.device
    reviewdata.push(ctx, device, [device.entry(pushed.inspection_id, "company_name", company)])


def world(ctx: ServerContext, defects: int = 2) -> World:
    device, reviewer = reviewdata.team(ctx)
    a = reviewdata.closed_inspection(ctx, device, defects=defects)
    a_open = reviewdata.closed_inspection(ctx, device, defects=1)
    b = reviewdata.closed_inspection(ctx, device, defects=1)
    rename(ctx, b, COMPANY_B)
    # The reviewer's adjusted wording is what the company sees; a remark is internal.
    review.adjust(ctx, reviewer, a.inspection_id, a.defect_ids[0], facts=ADJUSTED, reason="措辞")
    review.comment(ctx, reviewer, a.inspection_id, a.defect_ids[-1], INTERNAL)
    for pushed in (a, b):
        review.approve(ctx, reviewer, pushed.inspection_id)
        issue.issue_report(ctx, reviewer, pushed.inspection_id)
    for user, company in (("qiye_a", COMPANY_A), ("qiye_b", COMPANY_B)):
        rectification.create_company_account(ctx.engine, "admin", user, company, f"{user}联系人")
        admin.set_password(ctx.engine, user, PASSWORD)
    return World(device, reviewer, a, a_open, b, "qiye_a", "qiye_b")
