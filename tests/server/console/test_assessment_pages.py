"""The 综合评定 in the console (issue 15, D37) over the real ASGI app, SQLite and PostgreSQL:
the reviewer's page shows the state, each defect's status and its source, and the reasons;
issuing is refused with the reason (nothing written) until every defect is decided; the company
sees the final conclusion and downloads the rectification report only once issued, and never
another company's."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from tests.server import rectificationdata as rd

from inspector_app.server import rectification
from inspector_app.server.app import create_app

from .conftest import csrf_of, person, sign_in


@pytest.fixture
def world(ctx) -> rd.World:
    return rd.world(ctx)


def signed_in(ctx, user: str) -> TestClient:
    client = TestClient(create_app(context=ctx))
    client.__enter__()
    assert sign_in(client, user, rd.PASSWORD).status_code == 303
    return client


def answer_all(ctx, world, verdicts: list[str]) -> None:
    issued = rectification.issued_inspection(ctx.engine, world.a.inspection_id)
    for d, verdict in zip(issued.defects, verdicts, strict=True):
        rectification.save_rectification(
            ctx,
            world.user_a,
            issued,
            d.id,
            cause="原因",
            actions="措施",
            completed_on=dt.date(2026, 12, 1),
            files=[rectification.Upload("记录.pdf", rd.pdf_bytes(d.id))],
            submit=True,
        )
        if verdict:
            comment = "不充分" if verdict == "insufficient" else ""
            rectification.verify(ctx.engine, "zhao", "reviewer", issued, d.id, verdict, comment)


def test_the_reviewer_issues_once_decided_and_the_company_downloads(ctx, world):
    iid = world.a.inspection_id
    person(ctx, "zhao2", "reviewer", display_name="钱审核", password=rd.PASSWORD)
    center = signed_in(ctx, "zhao2")
    company = signed_in(ctx, world.user_a)
    other = signed_in(ctx, world.user_b)
    path = f"/console/rectification/{iid}"

    page = center.get(path).text
    assert 'id="as-state" data-state="awaiting_rectification"' in page
    assert page.count('class="as-defect"') == 2 and 'data-source="open"' in page
    # Refused with the reason; nothing issued.
    refused = center.post(f"{path}/final", data={"csrf_token": csrf_of(page)})
    assert refused.status_code == 400
    assert 'id="as-refused"' in refused.text and "缺陷 1、2 尚未评定" in refused.text
    assert 'id="as-issued"' not in refused.text
    assert center.get(f"{path}/final.pdf").status_code == 404

    answer_all(ctx, world, ["insufficient", "accepted"])
    page = center.get(path).text
    assert 'data-state="assessed"' in page and 'data-source="verification"' in page
    assert 'id="as-final"><strong>不符合要求</strong>' in page
    assert "存在1项整改不到位或未按期整改的主要缺陷" in page
    # The company sees nothing of it before the issue.
    mine = company.get(f"/console/company/inspections/{iid}").text
    assert 'id="as-none"' in mine and "不符合要求" not in mine
    assert company.get(f"/console/company/inspections/{iid}/rectification.pdf").status_code == 404

    done = center.post(f"{path}/final", data={"csrf_token": csrf_of(page)})
    assert done.status_code == 200 and 'id="as-issued-ok"' in done.text
    assert 'id="as-issue-form"' not in done.text  # issued once
    issued = rectification.issued_inspection(ctx.engine, iid)
    number = f"{issued.number}-ZG"
    assert f'data-number="{number}"' in done.text and "钱审核" in done.text
    pdf = center.get(f"{path}/final.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

    mine = company.get(f"/console/company/inspections/{iid}").text
    assert 'id="as-final"><strong>不符合要求</strong>' in mine
    assert f'data-number="{number}"' in mine and 'id="as-pdf"' in mine
    download = company.get(f"/console/company/inspections/{iid}/rectification.pdf")
    assert download.status_code == 200 and download.content == pdf.content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(download.content)).pages)
    assert number in text and "不符合要求" in "".join(text.split())
    # Another company: 404, as for an unknown inspection.
    assert other.get(f"/console/company/inspections/{iid}/rectification.pdf").status_code == 404
    assert other.get(f"/console/company/inspections/{iid}").status_code == 404
    # A company cannot issue (the center's route refuses the role).
    csrf = csrf_of(mine)
    assert company.post(f"{path}/final", data={"csrf_token": csrf}).status_code == 403
    for c in (center, company, other):
        c.__exit__(None, None, None)
