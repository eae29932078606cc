"""The expert pool in the console (issue 14): add, edit, filter, conflicts, agreement scans,
history, refusals that change nothing, and the declarations synced from laptops — over the
real ASGI app on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from inspector_app.server import expert_db

from ..conftest import enrol
from .conftest import person, push, session_csrf, sign_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def staff(ctx, client, role: str = "reviewer") -> str:
    person(ctx, "qian", role, display_name="钱管理")
    assert sign_in(client, "qian").status_code == 303
    return session_csrf(client, "/console/experts")


def add(client, csrf: str, **fields: str):
    data = {
        "csrf_token": csrf,
        "kind": "expert",
        "name": "孙专家",
        "employer": "江南药业有限公司",
        "teams": "",
        "available": "yes",
        "agreement_date": "2026-03-01",
        "note": "",
        "sp_sterile": "on",
        "sp_qc_lab": "on",
    }
    data.update(fields)
    return client.post("/console/experts", data=data, follow_redirects=False)


def expert_count(ctx) -> int:
    with ctx.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(expert_db.experts)).scalar_one()


def test_add_edit_and_list_with_filters(ctx, client):
    csrf = staff(ctx, client)
    answer = add(client, csrf)
    assert answer.status_code == 303
    expert_id = answer.headers["location"].rsplit("/", 1)[1]
    page = client.get(answer.headers["location"])
    assert page.status_code == 200
    assert "孙专家" in page.text and "江南药业有限公司" in page.text
    assert "已添加" in page.text  # the flash, once
    assert "已添加" not in client.get(answer.headers["location"]).text

    assert (
        add(
            client,
            csrf,
            name="华信检测技术有限公司",
            kind="firm",
            employer="",
            sp_sterile="",
            sp_qc_lab="",
            sp_ivd="on",
        ).status_code
        == 303
    )
    listing = client.get("/console/experts").text
    assert "孙专家" in listing and "华信检测技术有限公司" in listing
    only_ivd = client.get("/console/experts?specialty=ivd").text
    assert "华信检测技术有限公司" in only_ivd and "孙专家" not in only_ivd
    firms = client.get("/console/experts?kind=firm").text
    assert "孙专家" not in firms
    by_employer = client.get("/console/experts?q=江南").text
    assert "孙专家" in by_employer and "华信检测" not in by_employer
    assert "孙专家" not in client.get("/console/experts?q=%25").text  # % is no wildcard

    edit = {
        "csrf_token": csrf,
        "kind": "expert",
        "name": "孙专家",
        "employer": "海东生物制药有限公司",
        "teams": "team-a",
        "available": "no",
        "agreement_date": "2026-03-01",
        "note": "",
        "sp_biologics": "on",
    }
    answer = client.post(f"/console/experts/{expert_id}", data=edit, follow_redirects=False)
    assert answer.status_code == 303
    entry = expert_db.get_expert(ctx.engine, expert_id)
    assert entry["employer"] == "海东生物制药有限公司"
    assert entry["specialties"] == ["biologics"]
    assert entry["available"] is False and entry["teams"] == ["team-a"]
    assert entry["updated_by"] == "qian"
    actions = [(h["action"], h["by"]) for h in entry["history"]]
    assert actions == [("added", "qian"), ("edited", "qian")]
    assert entry["history"][1]["detail"]["employer"] == ["江南药业有限公司", "海东生物制药有限公司"]
    page = client.get(f"/console/experts/{expert_id}").text
    assert "暂不可用" in page and "修改" in page
    assert "孙专家" not in client.get("/console/experts?available=yes").text
    english = client.get(f"/console/experts/{expert_id}?lang=en").text
    assert "Declared conflicts of interest" in english and "unavailable" in english
    assert "Biologics" in english


def test_refused_forms_name_the_field_and_change_nothing(ctx, client):
    csrf = staff(ctx, client)
    answer = add(client, csrf, name="", sp_sterile="", sp_qc_lab="", agreement_date="2026-02-30")
    assert answer.status_code == 303 and answer.headers["location"].endswith("#add-expert-form")
    page = client.get("/console/experts")
    assert page.status_code == 400
    assert 'id="add-name-error"' in page.text
    assert 'id="add-specialties-error"' in page.text and "请至少选择一个专业领域" in page.text
    assert 'id="add-agreement-date-error"' in page.text
    assert expert_count(ctx) == 0
    # no CSRF token: refused with a page, nothing stored
    data = {"kind": "expert", "name": "周", "sp_api": "on"}
    assert client.post("/console/experts", data=data).status_code == 403
    assert expert_count(ctx) == 0
    assert client.get("/console/experts/nope").status_code == 404


def test_inspectors_have_no_pool_pages(ctx, client):
    person(ctx, "li", "inspector")
    assert sign_in(client, "li").status_code == 403
    assert client.get("/console/experts", follow_redirects=False).status_code == 303  # sign in


def test_admins_keep_the_pool_too(ctx, client):
    csrf = staff(ctx, client, role="admin")
    assert add(client, csrf).status_code == 303
    assert expert_count(ctx) == 1


def test_conflicts_recorded_withdrawn_and_attributed(ctx, client):
    csrf = staff(ctx, client)
    expert_id = add(client, csrf).headers["location"].rsplit("/", 1)[1]
    bad = {"csrf_token": csrf, "company": "", "reason": "顾问", "declared_on": ""}
    answer = client.post(
        f"/console/experts/{expert_id}/conflicts", data=bad, follow_redirects=False
    )
    assert answer.status_code == 303
    page = client.get(f"/console/experts/{expert_id}").text
    assert 'id="conflict-company-error"' in page and 'id="conflict-declared-on-error"' in page
    assert expert_db.get_expert(ctx.engine, expert_id)["all_conflicts"] == []

    good = {
        "csrf_token": csrf,
        "company": "华东制药有限公司",
        "reason": "曾任顾问",
        "declared_on": "2026-05-06",
    }
    assert client.post(f"/console/experts/{expert_id}/conflicts", data=good).status_code == 200
    entry = expert_db.get_expert(ctx.engine, expert_id)
    (conflict,) = entry["all_conflicts"]
    assert (conflict["company"], conflict["recorded_by"]) == ("华东制药有限公司", "qian")
    listing = client.get("/console/experts").text
    assert re.search(r'class="expert-conflicts">华东制药有限公司<', listing)

    withdraw = f"/console/experts/{expert_id}/conflicts/{conflict['id']}/withdraw"
    assert client.post(withdraw, data={"csrf_token": csrf}).status_code == 200
    entry = expert_db.get_expert(ctx.engine, expert_id)
    assert entry["all_conflicts"][0]["withdrawn_by"] == "qian"
    assert [h["action"] for h in entry["history"]] == ["added", "conflict", "withdrawn"]
    assert 'class="expert-conflicts"><' in client.get("/console/experts").text
    # withdrawing twice is refused with the company named; nothing changes
    page = client.post(withdraw, data={"csrf_token": csrf}).text
    assert "与“华东制药有限公司”的利益冲突已撤销" in page
    assert len(expert_db.get_expert(ctx.engine, expert_id)["history"]) == 3


def test_agreement_scan_upload_download_and_limits(ctx, client):
    csrf = staff(ctx, client)
    expert_id = add(client, csrf).headers["location"].rsplit("/", 1)[1]
    url = f"/console/experts/{expert_id}/agreement"
    files = {"agreement_file": ("保密协议.pdf", PDF, "application/pdf")}
    answer = client.post(url, data={"csrf_token": csrf}, files=files, follow_redirects=False)
    assert answer.status_code == 303
    page = client.get(f"/console/experts/{expert_id}").text
    assert "扫描件已保存" in page and "保密协议.pdf" in page
    download = client.get(url)
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"] == "application/pdf"

    # not a PDF/JPEG/PNG (whatever the browser claims): refused beside the field
    files = {"agreement_file": ("x.pdf", b"MZ\x90\x00 not a scan", "application/pdf")}
    page = client.post(url, data={"csrf_token": csrf}, files=files).text
    assert 'id="agreement-file-error"' in page and "只接受 PDF、JPEG 或 PNG 扫描件" in page
    assert client.get(url).content == PDF  # unchanged
    # one byte over the file limit: refused beside the field
    over = b"%PDF-" + b"0" * (expert_db.MAX_AGREEMENT_BYTES - 4)
    page = client.post(url, data={"csrf_token": csrf}, files={"agreement_file": ("a.pdf", over)})
    assert page.status_code == 400 and "文件超过 10 MB" in page.text
    # a body over the path's limit: 413 before it is read
    huge = {"agreement_file": ("big.pdf", b"%PDF-" + b"0" * (11 * 1024 * 1024))}
    assert client.post(url, data={"csrf_token": csrf}, files=huge).status_code == 413
    # no CSRF token
    files = {"agreement_file": ("保密协议.pdf", PDF, "application/pdf")}
    assert client.post(url, files=files).status_code == 403
    assert [h["action"] for h in expert_db.get_expert(ctx.engine, expert_id)["history"]] == [
        "added",
        "agreement",
    ]
    # other console forms keep their 64 KiB limit
    long_form = {"csrf_token": csrf, "name": "x" * 70_000}
    assert client.post("/console/experts", data=long_form).status_code == 413


def test_declarations_synced_from_a_laptop_show_on_the_entry(ctx, client):
    csrf = staff(ctx, client)
    expert_id = add(client, csrf).headers["location"].rsplit("/", 1)[1]
    device = enrol(ctx, "wang", "inspector", ["team-a"])
    iid = "0190aaaa-0000-7000-8000-000000000001"
    hlc = device.hlc()
    entries = [
        device.entry(iid, k, v, hlc=hlc)
        for k, v in {
            "company_name": "海东生物制药有限公司",
            "inspection_type": "gmp_compliance",
            "checklist_id": "drug-gmp-2010",
            "checklist_version": 1,
            "created_at": "2026-11-18T08:00:00.000000Z",
            "status": "draft",
            "deleted": False,
        }.items()
    ]
    member = "0190aaaa-0000-7000-8000-000000000002"
    hlc = device.hlc()
    entries += [
        device.entry(iid, k, v, kind="team_member", record_id=member, hlc=hlc)
        for k, v in {
            "inspection_id": iid,
            "name": "孙专家",
            "role": "expert",
            "organisation": "",
            "expert_id": expert_id,
            "declaration_signed_at": "2026-11-18T08:01:00.000000Z",
            "deleted": False,
        }.items()
    ]
    push(ctx, device, entries)
    (declaration,) = expert_db.declarations(ctx.engine, expert_id)
    assert declaration.company == "海东生物制药有限公司"
    assert declaration.signed_at == "2026-11-18T08:01:00.000000Z"
    page = client.get(f"/console/experts/{expert_id}").text
    assert "海东生物制药有限公司" in page and 'class="declaration"' in page
