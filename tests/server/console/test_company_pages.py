"""A company's console area (issue 15) over the real ASGI app on SQLite and PostgreSQL: what
a company account sees (its own issued reports, defects as issued) and cannot reach by URL
(another company's, an unissued inspection, every reviewer/admin page, the PDFs and evidence
of others), the rectification → verification → answer again flow, objections and the rating
in the pages, and evidence refusals (size, type by content, path-like and NUL names)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from tests.server import rectificationdata as rd

from inspector_app.server import auth, rectification
from inspector_app.server.app import create_app
from inspector_app.server.errors import ApiError
from inspector_app.server.rectification_db import rect_evidence

from .conftest import csrf_of, person, sign_in


@pytest.fixture
def world(ctx) -> rd.World:
    return rd.world(ctx)


def company_client(ctx, user: str) -> TestClient:
    client = TestClient(create_app(context=ctx))
    client.__enter__()
    answer = sign_in(client, user, rd.PASSWORD)
    assert answer.status_code == 303
    return client


def page_csrf(client: TestClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text[:400]
    return csrf_of(page.text)


def rectify(client, iid, did, csrf, *, files=(), action="save", **fields):
    data = {"csrf_token": csrf, "action": action, **fields}
    parts = [("files", f) for f in files] or [("files", ("", b"", "application/octet-stream"))]
    return client.post(
        f"/console/company/inspections/{iid}/defects/{did}/rectification",
        data=data,
        files=parts,
        follow_redirects=False,
    )


def test_a_company_sees_only_its_issued_reports_and_defects_as_issued(ctx, world):
    client = company_client(ctx, world.user_a)
    home = client.get("/console/", follow_redirects=False)
    assert home.status_code == 303 and home.headers["location"] == "/console/company"
    listing = client.get("/console/company").text
    assert world.a.inspection_id in listing
    assert world.b.inspection_id not in listing and world.a_open.inspection_id not in listing
    page = client.get(f"/console/company/inspections/{world.a.inspection_id}").text
    assert rd.ADJUSTED in page  # the reviewer's wording, as issued
    assert "原始描述1" not in page  # never the inspector's original
    assert rd.INTERNAL not in page  # never a reviewer's remark
    assert "王检查" not in page  # nor the inspectors' names or audit trail
    assert 'id="objection-window" class="detail" data-open="yes"' in page
    assert "整改时限：报告签发后 20 个工作日（中心暂定值" in page
    pdf = client.get(f"/console/company/inspections/{world.a.inspection_id}/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_company_cannot_reach_others_or_unissued_data_by_url(ctx, world, client):
    # company B's evidence exists, so a guessed id is a real one
    b_client = company_client(ctx, world.user_b)
    b_csrf = page_csrf(b_client, f"/console/company/inspections/{world.b.inspection_id}")
    rectify(
        b_client,
        world.b.inspection_id,
        world.b.defect_ids[0],
        b_csrf,
        files=[("b.pdf", rd.pdf_bytes("B secret"), "application/pdf")],
        cause="B",
    )
    with ctx.engine.connect() as conn:
        b_evidence = conn.execute(select(rect_evidence.c.id)).scalar_one()
    a = company_client(ctx, world.user_a)
    csrf = page_csrf(a, f"/console/company/inspections/{world.a.inspection_id}")
    for iid in (world.b.inspection_id, world.a_open.inspection_id, "no-such-id"):
        assert a.get(f"/console/company/inspections/{iid}").status_code == 404
        assert a.get(f"/console/company/inspections/{iid}/report.pdf").status_code == 404
        did = (world.b.defect_ids + world.a_open.defect_ids)[0]
        answer = rectify(a, iid, did, csrf, cause="x")
        assert answer.status_code == 404
        rate = a.post(
            f"/console/company/inspections/{iid}/satisfaction",
            data={"csrf_token": csrf, "rating": "5"},
        )
        assert rate.status_code == 404
    assert a.get(f"/console/company/evidence/{b_evidence}").status_code == 404
    # a defect of another inspection under its own inspection id: 404 as well
    answer = rectify(a, world.a.inspection_id, world.b.defect_ids[0], csrf, cause="x")
    assert answer.status_code == 404

    # every reviewer/admin page refuses the company (403/404), with none of their data
    ids = {
        "inspection_id": world.a.inspection_id,
        "defect_id": world.a.defect_ids[0],
        "sha256": "0" * 64,
        "evidence_id": str(b_evidence),
        "request_id": "x",
        "expert_id": "x",
        "code": "gmp-compliance",
        "name": world.user_a,
        "action": "x",
        "year": "2026",
    }
    console = next(
        r.app for r in create_app(context=ctx).routes if getattr(r, "path", "") == "/console"
    )
    checked = 0
    for route in console.routes:
        path = getattr(route, "path", "")
        methods = getattr(route, "methods", None) or set()
        if not path or path.startswith(("/company", "/login", "/lang", "/static", "/logout")):
            continue
        if path == "/":
            continue
        url = "/console" + re.sub(r"\{(\w+)(:[^}]*)?\}", lambda m: ids.get(m.group(1), "x"), path)
        for method in methods & {"GET", "POST"}:
            answer = a.request(method, url, data={"csrf_token": csrf}, follow_redirects=False)
            assert answer.status_code in (403, 404), (method, url, answer.status_code)
            assert "原始描述" not in answer.text and rd.ADJUSTED not in answer.text
            checked += 1
    assert checked > 20
    # no /api/ route answers a console session (they take device tokens only)
    from tests.server.conftest import VERSION_HEADERS

    for url in (f"/api/v1/inspections/{world.a.inspection_id}/rectification", "/api/v1/pull"):
        answer = a.get(url, headers=VERSION_HEADERS)
        assert answer.status_code == 401 and rd.ADJUSTED not in answer.text


def test_a_company_account_never_gets_an_enrolment_code_or_a_device(ctx, world):
    with pytest.raises(ApiError) as refused:
        auth.make_enroll_code(ctx.engine, world.user_a, 1)
    assert refused.value.status == 409 and "company account" in refused.value.message


def test_rectify_verify_answer_again_accept_with_the_audit(ctx, world, client):
    iid, d1, d2 = world.a.inspection_id, world.a.defect_ids[0], world.a.defect_ids[1]
    a = company_client(ctx, world.user_a)
    path = f"/console/company/inspections/{iid}"
    csrf = page_csrf(a, path)
    # submit without evidence: refused, nothing saved
    answer = rectify(
        a, iid, d1, csrf, action="submit", cause="因", actions="措", completed_on="2026-12-01"
    )
    page = a.get(answer.headers["location"]).text
    assert "提交前请至少上传一个证据文件" in page
    # a draft with a file, then submit
    files = [("../../etc/passwd.pdf", rd.pdf_bytes(), "application/pdf")]
    assert rectify(a, iid, d1, csrf, files=files, cause="培训不足").status_code == 303
    assert 'data-status="draft"' in a.get(path).text
    answer = rectify(
        a,
        iid,
        d1,
        csrf,
        action="submit",
        cause="培训不足",
        actions="重新培训并修订SOP",
        completed_on="2026-12-01",
    )
    page = a.get(answer.headers["location"]).text
    assert "已提交，等待中心确认" in page and ">passwd.pdf</a>" in page
    assert '>passwd.pdf</a> <span class="detail">PDF · 26 B</span>' in page
    # the reviewer sees it, verifies "not sufficient" with a comment
    person(ctx, "zhao2", "reviewer")
    assert sign_in(client, "zhao2").status_code == 303
    center = f"/console/rectification/{iid}"
    assert f'href="{center}"' in client.get(f"/console/inspections/{iid}").text  # the log links
    listing = client.get("/console/rectification").text
    assert "待确认 1" in listing
    rcsrf = page_csrf(client, center)
    refused = client.post(
        f"{center}/defects/{d1}/verify", data={"csrf_token": rcsrf, "state": "insufficient"}
    )
    assert refused.status_code == 400 and "必填" in refused.text  # comment required
    done = client.post(
        f"{center}/defects/{d1}/verify",
        data={"csrf_token": rcsrf, "state": "insufficient", "comment": "缺少培训记录"},
    )
    assert done.status_code == 200 and 'data-state="insufficient"' in done.text
    # the company sees the outcome and answers again (round 2)
    page = a.get(path).text
    assert "缺少培训记录" in page and 'data-status="insufficient"' in page
    files = [("培训记录.png", rd.png_bytes(), "image/png")]
    answer = rectify(
        a,
        iid,
        d1,
        csrf,
        files=files,
        action="submit",
        cause="培训不足",
        actions="补充培训记录",
        completed_on="2026-12-02",
    )
    assert answer.status_code == 303
    assert "第 2 轮" in a.get(path).text
    client.post(f"{center}/defects/{d1}/verify", data={"csrf_token": rcsrf, "state": "accepted"})
    page = a.get(path).text
    assert 'data-status="accepted"' in page and f'id="{"rect-" + d1}"' not in page  # locked
    # accepted is final: a forged post is refused
    answer = rectify(a, iid, d1, csrf, cause="改")
    assert "整改已确认，不能修改" in a.get(answer.headers["location"]).text
    # the audit: the company sees its own actions and the verifications
    whats = re.findall(r'class="rc-audit-row" data-what="(\w+)"', a.get(path).text)
    assert whats == ["save", "submit", "verify", "submit", "verify"]
    center_page = client.get(center).text
    assert "zhao2" in center_page and "培训不足" in center_page
    # …in words, one field per line, never the stored JSON
    audit = center_page.split('id="rc-audit"')[1]
    assert "原因分析：" in audit and "状态：" in audit and '{"status"' not in audit
    # the second defect still open; the other company's pages untouched
    assert 'data-status="none"' in page
    assert d2 in page


def test_objection_and_its_answer_and_the_rating_once(ctx, world, client):
    iid, d2 = world.a.inspection_id, world.a.defect_ids[1]
    a = company_client(ctx, world.user_a)
    path = f"/console/company/inspections/{iid}"
    csrf = page_csrf(a, path)
    url = f"{path}/defects/{d2}/objection"
    refused = a.post(url, data={"csrf_token": csrf, "reasons": ""}, follow_redirects=True)
    assert "必填" in refused.text
    files = [("files", ("说明.docx", rd.office_bytes("docx"), "application/octet-stream"))]
    answer = a.post(
        url,
        data={"csrf_token": csrf, "reasons": "该记录已在现场提供"},
        files=files,
        follow_redirects=False,
    )
    assert answer.status_code == 303
    page = a.get(path).text
    assert 'data-outcome="open"' in page and "说明.docx" in page
    again = a.post(url, data={"csrf_token": csrf, "reasons": "再次"}, follow_redirects=True)
    assert "已对该缺陷提出过异议" in again.text
    person(ctx, "zhao2", "reviewer")
    sign_in(client, "zhao2")
    center = f"/console/rectification/{iid}"
    rcsrf = page_csrf(client, center)
    client.post(
        f"{center}/defects/{d2}/answer",
        data={"csrf_token": rcsrf, "outcome": "upheld", "reason": "核实属实，撤销该缺陷"},
    )
    page = a.get(path).text
    assert 'data-outcome="upheld"' in page and "核实属实，撤销该缺陷" in page
    # the rating: once
    rate = f"{path}/satisfaction"
    a.post(rate, data={"csrf_token": csrf, "rating": "4", "comment": "专业"})
    assert 'data-rating="4"' in a.get(path).text
    again = a.post(rate, data={"csrf_token": csrf, "rating": "1"}, follow_redirects=True)
    assert 'data-rating="4"' in again.text
    figures = rectification.satisfaction_figures(ctx.engine, rd.issue_day(), rd.issue_day())
    assert (figures.count, figures.mean) == (1, 4.0)


def test_evidence_refusals_in_the_page(ctx, world):
    iid, d1 = world.a.inspection_id, world.a.defect_ids[0]
    a = company_client(ctx, world.user_a)
    csrf = page_csrf(a, f"/console/company/inspections/{iid}")

    def refusal(files) -> str:
        answer = rectify(a, iid, d1, csrf, files=files, cause="因")
        assert answer.status_code == 303
        return a.get(answer.headers["location"]).text

    exe = [("report.pdf", b"MZ\x90\x00\x03 a program", "application/pdf")]
    assert "只接受 PDF、JPEG、PNG、DOCX、XLSX 文件（按文件内容判断）" in refusal(exe)
    zip_not_office = [("a.xlsx", rd.office_bytes("zip"), "application/vnd.ms-excel")]
    assert "按文件内容判断" in refusal(zip_not_office)
    big = [("big.pdf", b"%PDF-" + b"0" * rectification.MAX_FILE_BYTES, "application/pdf")]
    assert "big.pdf：超过 10 MB" in refusal(big)
    # a NUL in the name, sent raw (httpx would escape it): refused
    boundary = "rcboundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="cause"\r\n\r\nx\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="../a\x00.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + rd.pdf_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    answer = a.post(
        f"/console/company/inspections/{iid}/defects/{d1}/rectification",
        content=body,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert "文件名含控制字符" in a.get(answer.headers["location"]).text
    with ctx.engine.connect() as conn:
        assert conn.execute(select(rect_evidence.c.id)).first() is None  # nothing kept
    # all files of a defect together: at most MAX_DEFECT_BYTES
    chunk = b"%PDF-" + b"1" * (rectification.MAX_FILE_BYTES - 10)
    for n in range(3):
        files = [(f"p{n}.pdf", chunk + bytes([n]), "application/pdf")]
        assert rectify(a, iid, d1, csrf, files=files).status_code == 303
    assert "合计不超过 30 MB" in refusal([("p3.pdf", chunk + b"3", "application/pdf")])
    # a body over the path's limit: 413 before it is read
    over = [("huge.pdf", b"%PDF-" + b"0" * (31 * 1024 * 1024), "application/pdf")]
    assert rectify(a, iid, d1, csrf, files=over).status_code == 413
    # no CSRF token: 403
    files = [("a.pdf", rd.pdf_bytes(), "application/pdf")]
    answer = a.post(
        f"/console/company/inspections/{iid}/defects/{d1}/rectification",
        data={"cause": "x"},
        files=[("files", files[0])],
    )
    assert answer.status_code == 403
    # a stored path-like name stays display text; the bytes sit under the blob store
    d2 = world.a.defect_ids[1]
    rectify(a, iid, d2, csrf, files=[("..\\..\\windows\\win.ini.png", rd.png_bytes(), "image/png")])
    with ctx.engine.connect() as conn:
        rows = conn.execute(select(rect_evidence.c.name, rect_evidence.c.sha256)).all()
    names = {r.name for r in rows}
    assert "win.ini.png" in names
    for row in rows:
        assert ctx.blob_path(row.sha256).is_file()
    with ctx.engine.connect() as conn:
        first = conn.execute(select(rect_evidence.c.id).order_by(rect_evidence.c.id)).first()
    download = a.get(f"/console/company/evidence/{first.id}")
    assert download.status_code == 200 and download.content.startswith(b"%PDF-")
    assert "attachment; filename*=UTF-8''" in download.headers["content-disposition"]


def test_a_draft_file_can_be_removed_but_not_another_companys(ctx, world):
    iid, d1 = world.a.inspection_id, world.a.defect_ids[0]
    a = company_client(ctx, world.user_a)
    path = f"/console/company/inspections/{iid}"
    csrf = page_csrf(a, path)
    rectify(a, iid, d1, csrf, files=[("a.pdf", rd.pdf_bytes("A"), "application/pdf")])
    b_iid = world.b.inspection_id
    b = company_client(ctx, world.user_b)
    b_csrf = page_csrf(b, f"/console/company/inspections/{b_iid}")
    rectify(b, b_iid, world.b.defect_ids[0], b_csrf, files=[("b.pdf", rd.pdf_bytes("B"), "a/b")])
    with ctx.engine.connect() as conn:
        ids = dict(conn.execute(select(rect_evidence.c.name, rect_evidence.c.id)).all())
    # B's file through A's inspection, or B's inspection from A: 404, nothing removed
    for target in (
        f"{path}/evidence/{ids['b.pdf']}",
        f"/console/company/inspections/{b_iid}/evidence/{ids['b.pdf']}",
    ):
        assert a.post(f"{target}/remove", data={"csrf_token": csrf}).status_code == 404
    answer = a.post(f"{path}/evidence/{ids['a.pdf']}/remove", data={"csrf_token": csrf})
    assert answer.status_code == 200 and "a.pdf" not in answer.text.split('id="rc-audit"')[0]
    assert 'data-what="remove_file"' in answer.text
    assert a.get(f"/console/company/evidence/{ids['a.pdf']}").status_code == 404
    assert b.get(f"/console/company/evidence/{ids['b.pdf']}").status_code == 200


def test_the_center_makes_resets_and_disables_company_accounts(ctx, client):
    person(ctx, "zhao2", "reviewer")
    sign_in(client, "zhao2")
    csrf = page_csrf(client, "/console/companies")
    page = client.post(
        "/console/companies",
        data={"csrf_token": csrf, "name": "qiye", "display_name": "张", "company": rd.COMPANY_A},
    ).text
    found = re.search(r"一次性密码（只显示这一次）：(\S+?)</p>", page)
    assert found
    assert "一次性密码" not in client.get("/console/companies").text  # shown once
    refused = client.post(
        "/console/companies",
        data={"csrf_token": csrf, "name": "qiye", "company": rd.COMPANY_B},
    )
    assert refused.status_code == 400 and "用户 qiye 已存在" in refused.text
    company = TestClient(create_app(context=ctx))
    assert sign_in(company, "qiye", found.group(1)).status_code == 303
    assert company.get("/console/company").status_code == 200
    # a reviewer is not a company account here
    assert (
        client.post("/console/companies/zhao2/disable", data={"csrf_token": csrf}).status_code
        == 404
    )
    client.post("/console/companies/qiye/disable", data={"csrf_token": csrf})
    assert company.get("/console/company", follow_redirects=False).status_code == 303  # ended
    assert sign_in(company, "qiye", found.group(1)).status_code != 303
