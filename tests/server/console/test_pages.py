"""The review list (filters, sort, paging, counts), the defect log, photos, field limits and
the admin page (issue 11), on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import re

import pytest

from inspector_app.domain.ids import new_id
from inspector_app.server import admin, db
from inspector_app.server.console import queries

from .conftest import PASSWORD, inspection, person, push, session_csrf, sign_in


def ids_on(html: str) -> list[str]:
    return re.findall(r'<tr id="row-([^"]+)"', html)


@pytest.fixture
def five(ctx, laptop):
    """Five inspections that differ in every filtered field."""
    return {
        "a": inspection(
            ctx,
            laptop,
            company="华东制药有限公司",
            planned="2026-01-10",
            defects=(
                ("critical", "无菌灌装区悬浮粒子超标", "第四十八条"),
                ("major", "压差记录缺失", "附录1第十条"),
            ),
        ),
        "b": inspection(
            ctx,
            laptop,
            company="西部生物科技",
            planned="2026-02-10",
            status="on_site",
            lead="李组长",
            defects=(("general", "标签管理不规范", "第一百二十条"),),
        ),
        "c": inspection(
            ctx,
            laptop,
            company="南方药业",
            planned="2026-03-10",
            inspection_type="licence",
            defects=(),
        ),
        "d": inspection(
            ctx,
            laptop,
            company="华东制药二厂",
            planned="2026-04-10",
            defects=(("major", "培训记录不完整", "第二十七条"),) * 3,
        ),
        "e": inspection(
            ctx,
            laptop,
            company="北方制药",
            planned="2026-05-10",
            status="report_issued",
            defects=(("general", "清洁验证报告未签字", "第一百四十三条"),),
        ),
    }


def test_reviewer_sees_every_inspection_with_counts_by_grade(ctx, client, reviewer, five):
    page = client.get("/console/inspections")
    assert page.status_code == 200
    assert 'data-total="5"' in page.text
    # Newest planned date first by default.
    assert ids_on(page.text) == [five[k].inspection_id for k in "edcba"]
    row_a = page.text.split(f'id="row-{five["a"].inspection_id}"')[1].split("</tr>")[0]
    assert re.search(r'n-critical">1<', row_a) and re.search(r'n-major">1<', row_a)
    assert re.search(r'n-total">2<', row_a)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("company=华东", "da"),
        ("status=on_site", "b"),
        ("type=licence", "c"),
        ("grade=critical", "a"),
        ("grade=general", "eb"),
        ("inspector=李组长", "b"),
        ("clause=附录1", "a"),
        ("text=培训记录", "d"),
        ("dates=planned&from=2026-02-01&to=2026-04-30", "dcb"),
        ("sort=major&dir=desc", "dacbe"[:2]),
        ("company=华东&grade=major&sort=company&dir=asc", "da"),
    ],
)
def test_filters_give_the_right_rows(ctx, client, reviewer, five, query, expected):
    page = client.get(f"/console/inspections?{query}")
    assert page.status_code == 200
    got = ids_on(page.text)
    if query.startswith("sort=major"):
        got = got[:2]
        assert got[0] == five["d"].inspection_id  # 3 major
    else:
        assert got == [five[k].inspection_id for k in expected]


def test_paging_is_bounded_and_counts_the_total(ctx, client, reviewer, five):
    first = client.get("/console/inspections?size=2&sort=planned&dir=asc")
    assert ids_on(first.text) == [five[k].inspection_id for k in "ab"]
    assert 'data-total="5"' in first.text and "第 1 / 3 页" in first.text
    last = client.get("/console/inspections?size=2&sort=planned&dir=asc&page=3")
    assert ids_on(last.text) == [five["e"].inspection_id]
    assert 'id="page-next"' not in last.text and 'id="page-prev"' in last.text
    # A page size over the bound is refused, named, and the bounded default used.
    too_big = client.get("/console/inspections?size=100000")
    assert too_big.status_code == 400 and 'id="f-size-error"' not in too_big.text
    assert queries.review_list(ctx.engine, queries.ListFilter(page_size=10**6)).page_size == 200


def test_over_long_or_malformed_filters_are_named(ctx, client, reviewer, five):
    page = client.get("/console/inspections", params={"company": "厂" * 201, "from": "2026-13-01"})
    assert page.status_code == 400
    assert 'id="f-company-error"' in page.text and "最多 200 个字符" in page.text
    assert 'id="f-from-error"' in page.text


def test_defect_log_shows_data_team_conclusion_defects_photos_and_audit(
    ctx, client, reviewer, laptop, published
):
    pushed = inspection(ctx, laptop, defects=(("major", "洁净区压差记录不完整", "第一八四条"),))
    iid, did = pushed.inspection_id, pushed.defect_ids[0]
    data = b"\xff\xd8\xff\xe0 not really a jpeg"
    sha = hashlib.sha256(data).hexdigest()
    path = ctx.blob_path(sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    photo, audit = new_id(), new_id()
    hlc = laptop.hlc()
    push(
        ctx,
        laptop,
        [
            laptop.entry(iid, k, v, kind="photo", record_id=photo, hlc=hlc)
            for k, v in {
                "inspection_id": iid,
                "defect_id": did,
                "sha256": sha,
                "caption": "压差表",
                "deleted": False,
            }.items()
        ]
        + [
            laptop.entry(
                iid,
                "row",
                {
                    "id": audit,
                    "inspection_id": iid,
                    "at": "2026-11-21T09:00:00.000000Z",
                    "actor": "王检查",
                    "account": "wang",
                    "role": "inspector",
                    "device_id": laptop.device_id,
                    "kind": "defect",
                    "record_id": did,
                    "action": "create",
                    "field": "*",
                    "old": None,
                    "new": {"severity": "major"},
                },
                kind="audit",
                record_id=audit,
            ),
        ],
    )
    page = client.get(f"/console/inspections/{iid}")
    assert page.status_code == 200, page.text[:2000]
    text = page.text
    assert "华东制药有限公司" in text and "王检查" in text  # basic data, team
    assert 'id="conclusion-outcome"' in text, text.split('id="conclusion"')[1][:600]
    assert f'id="defect-{did}"' in text and "洁净区压差记录不完整" in text and "第一八四条" in text
    assert f"/console/photos/{sha}" in text
    assert 'id="audit-table"' in text and "王检查 (wang)" in text
    for form in (
        f"comment-{did}",
        f"return-{did}",
        f"adjust-{did}",
        f"accept-{did}",
        "approve-inspection",
        "return-inspection",
    ):
        assert f'<form id="{form}"' in text
    assert '<form id="issue-inspection"' not in text  # not approved yet
    # The photo comes only with a session, with its type.
    got = client.get(f"/console/photos/{sha}")
    assert got.status_code == 200 and got.content == data
    assert got.headers["content-type"] == "image/jpeg"
    assert client.get(f"/console/photos/{'0' * 64}").status_code == 404
    assert client.get("/console/inspections/no-such-id").status_code == 404
    client.cookies.clear()
    assert client.get(f"/console/photos/{sha}", follow_redirects=False).status_code == 303


def test_review_forms_refuse_over_long_input_naming_the_field(ctx, client, reviewer, laptop):
    pushed = inspection(ctx, laptop)
    iid, did = pushed.inspection_id, pushed.defect_ids[0]
    token = session_csrf(client, f"/console/inspections/{iid}")
    base = f"/console/inspections/{iid}"
    cases = [
        (f"{base}/defects/{did}/comment", {"text": "批" * 5001}, f"comment-{did}-text-error"),
        (f"{base}/defects/{did}/return", {"text": ""}, f"return-{did}-text-error"),
        (
            f"{base}/defects/{did}/adjust",
            {"severity": "critical", "reason": "理" * 2001},
            f"adjust-{did}-reason-error",
        ),
        (
            f"{base}/defects/{did}/adjust",
            {"severity": "", "facts": "", "reason": "理由"},
            f"adjust-{did}-severity-error",
        ),
        (
            f"{base}/defects/{did}/adjust",
            {"severity": "fatal", "reason": "理由"},
            f"adjust-{did}-severity-error",
        ),
        (
            f"{base}/defects/{did}/adjust",
            {"facts": "实" * 5001, "reason": "理由"},
            f"adjust-{did}-facts-error",
        ),
    ]
    for url, data, error_id in cases:
        form_id = error_id.rsplit("-", 2)[0]
        # Refused or not, the answer is a redirect (a refresh never sends the form again);
        # the page it names says what is wrong beside the field, once.
        answer = client.post(
            url, data={"csrf_token": token, "_form": form_id, **data}, follow_redirects=False
        )
        assert answer.status_code == 303, (url, answer.text[:300])
        assert answer.headers["location"] == f"{base}#defect-{did}"
        page = client.get(answer.headers["location"])
        assert f'id="{error_id}"' in page.text, (url, data)
        assert 'id="failure-message"' in page.text
        assert f'id="{error_id}"' not in client.get(base).text
    # An inspection-level refusal names the field above the inspection's actions.
    answer = client.post(f"{base}/return", data={"csrf_token": token, "text": ""})
    assert answer.status_code == 200 and answer.url.path == base
    assert re.search(r'id="failure-message"[^>]*>[^<]*请修改标出的字段：内容', answer.text)
    # A body over the console's limit is refused before it is read.
    huge = client.post(
        f"{base}/defects/{did}/comment", data={"csrf_token": token, "text": "x" * (70 * 1024)}
    )
    assert huge.status_code == 413
    bad = client.post(
        f"{base}/defects/{did}/comment",
        content=b"\xff\xfe=1",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert bad.status_code == 400


def test_console_actions_write_signed_reviews_through_review_module(ctx, client, reviewer, laptop):
    review = pytest.importorskip("inspector_app.server.review")
    assert review is not None
    pushed = inspection(ctx, laptop)
    iid, did = pushed.inspection_id, pushed.defect_ids[0]
    token = session_csrf(client, f"/console/inspections/{iid}")
    done = client.post(
        f"/console/inspections/{iid}/defects/{did}/comment",
        data={"csrf_token": token, "text": "请补充压差记录的时间范围"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text[:1000]
    page = client.get(done.headers["location"])
    assert 'id="saved-message"' in page.text and "请补充压差记录的时间范围" in page.text
    w = db.winners.c
    from sqlalchemy import select

    with ctx.engine.connect() as conn:
        reviewers = (
            conn.execute(select(w.value).where(w.kind == "review", w.field == "reviewer"))
            .scalars()
            .all()
        )
    assert reviewers and all("zhao" in str(v) or "赵审核" in str(v) for v in reviewers)


# ---- admin ---------------------------------------------------------------------------------


def test_admin_adds_disables_enables_and_resets_users(ctx, client):
    person(ctx, "root", "admin")
    sign_in(client, "root")
    token = session_csrf(client, "/console/admin/users")
    added = client.post(
        "/console/admin/users",
        data={
            "csrf_token": token,
            "name": "qian",
            "display_name": "钱审核",
            "role": "reviewer",
            "teams": "",
            "password": PASSWORD,
        },
    )
    assert added.status_code == 200 and "已添加用户 qian" in added.text
    assert 'id="user-qian"' in added.text and "钱审核" in added.text
    # Refusals name the field.
    bad = client.post(
        "/console/admin/users",
        data={
            "csrf_token": token,
            "name": "n" * 201,
            "role": "boss",
            "password": "short",
        },
    )
    assert bad.status_code == 400 and bad.history[0].status_code == 303  # POST → redirect
    for field_id in ("add-name-error", "add-role-error", "add-password-error"):
        assert f'id="{field_id}"' in bad.text
    assert "add-name-error" not in client.get("/console/admin/users").text  # shown once
    disabled = client.post("/console/admin/users/qian/disable", data={"csrf_token": token})
    assert disabled.status_code == 200 and "已停用 qian" in disabled.text
    assert any(a.name == "qian" and a.disabled_at for a in admin.list_accounts(ctx.engine))
    enabled = client.post("/console/admin/users/qian/enable", data={"csrf_token": token})
    assert "已启用 qian" in enabled.text
    reset = client.post(
        "/console/admin/users/qian/reset", data={"csrf_token": token}, follow_redirects=False
    )
    assert reset.status_code == 303 and "?" not in reset.headers["location"]
    reset = client.get(reset.headers["location"])
    found = re.search(r'id="one-time-password-value">([^<]+)<', reset.text)
    assert found
    one_time = found.group(1)
    assert one_time not in client.get("/console/admin/users").text  # shown once
    other = type(client)(client.app)
    assert sign_in(other, "qian", one_time).status_code == 303
    assert sign_in(other, "qian", PASSWORD).status_code == 401
    assert (
        client.post("/console/admin/users/nobody/disable", data={"csrf_token": token}).status_code
        == 404
    )
    own = client.post("/console/admin/users/root/disable", data={"csrf_token": token})
    assert own.history[0].status_code == 303 and "不能停用自己的账户" in own.text
    assert not any(a.name == "root" and a.disabled_at for a in admin.list_accounts(ctx.engine))


def test_a_non_admin_cannot_reach_the_admin_page(ctx, client, reviewer):
    assert client.get("/console/admin/users").status_code == 403
    client.cookies.clear()
    anonymous = client.get("/console/admin/users", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/console/login?next=/console/admin/users"


def test_language_switch_keeps_the_page(ctx, client, reviewer):
    switched = client.get("/console/lang/en?next=/console/inspections")
    assert switched.status_code == 200 and "Inspections" in switched.text
    assert (
        client.get("/console/lang/en?next=https://evil.example/").url.path == "/console/inspections"
    )


def test_approve_issue_and_download_through_the_console(ctx, client, reviewer, laptop, published):
    pytest.importorskip("inspector_app.server.review")
    pushed = inspection(ctx, laptop)
    iid, did = pushed.inspection_id, pushed.defect_ids[0]
    base = f"/console/inspections/{iid}"
    token = session_csrf(client, base)
    # Before approval the page offers no issue form; a posted one is refused, saying why.
    page = client.get(base).text
    assert 'id="issue-inspection"' not in page and 'id="reissue-inspection"' not in page
    assert 'id="approve-inspection"' in page and "审核通过后才能出具报告" in page
    early = client.post(
        f"{base}/issue", data={"csrf_token": token, "template": "full"}, follow_redirects=False
    )
    assert early.status_code == 303
    shown = client.get(early.headers["location"]).text
    assert "尚未审核通过，不能出具报告。" in shown and "cannot issue" not in shown
    for url, data in (
        (f"{base}/defects/{did}/accept", {}),
        (f"{base}/approve", {"text": "同意出具"}),
    ):
        done = client.post(url, data={"csrf_token": token, **data}, follow_redirects=False)
        assert done.status_code == 303, (url, done.text[:1500])
    # Approved: the issue form (templates in words), no approve or return any more.
    page = client.get(base).text
    assert 'id="issue-inspection"' in page and 'id="approve-inspection"' not in page
    assert 'id="return-inspection"' not in page and 'id="approved-note"' in page
    assert '<option value="full">完整报告</option>' in page
    assert '<option value="defect-list">缺陷清单</option>' in page
    done = client.post(
        f"{base}/issue", data={"csrf_token": token, "template": "full"}, follow_redirects=False
    )
    assert done.status_code == 303
    page = client.get(base)
    # Issued: the report with its link and a reissue form whose reason is required.
    assert 'id="issue-inspection"' not in page.text and 'id="approve-inspection"' not in page.text
    assert 'id="reissue-inspection"' in page.text
    refused = client.post(f"{base}/reissue", data={"csrf_token": token, "reason": ""})
    assert 'id="reissue-inspection-reason-error"' in refused.text
    link = re.search(rf'href="({re.escape(base)}/reports/[0-9a-f]{{64}}\.pdf)"', page.text)
    assert link, page.text.split('id="issued-table"')[1][:800]
    pdf = client.get(link.group(1))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"{base}/reports/{'0' * 64}.pdf").status_code == 404


def test_a_chunked_body_over_the_console_limit_is_cut_off_while_read(ctx, live):
    from inspector_app.server.limits import MAX_CONSOLE_FORM_BYTES

    def body():  # 1 MiB in chunks, no Content-Length: the count stops it
        for _ in range(64):
            yield b"x" * (16 * 1024)

    with live.client() as http:
        answer = http.post(
            "/console/login",
            content=body(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert answer.status_code == 413 and "413" in answer.text
    assert str(MAX_CONSOLE_FORM_BYTES) in answer.text


def test_a_refused_action_redirects_and_its_message_shows_once_in_the_pages_language(
    ctx, client, reviewer, laptop
):
    pushed = inspection(ctx, laptop)
    iid, did = pushed.inspection_id, pushed.defect_ids[0]
    base = f"/console/inspections/{iid}"
    token = session_csrf(client, base)
    returned = client.post(
        f"{base}/defects/{did}/return",
        data={"csrf_token": token, "text": "请补充天平编号"},
        follow_redirects=False,
    )
    assert returned.status_code == 303
    assert 'id="saved-message"' in client.get(returned.headers["location"]).text
    # Approving while the return is unanswered: a 303 (never the page at the POST address,
    # which a refresh would send again), the message at the inspection's actions, once.
    refused = client.post(
        f"{base}/approve", data={"csrf_token": token, "text": "同意"}, follow_redirects=False
    )
    assert refused.status_code == 303
    assert refused.headers["location"] == f"{base}#inspection-actions"
    assert "?" not in refused.headers["location"]  # the message is not in the URL
    page = client.get(refused.headers["location"]).text
    assert page.count('id="failure-message"') == 1
    message = page.split('id="failure-message"')[1].split("</p>")[0]
    assert "检查组尚未回复 1 项退回修改" in message and "请补充天平编号" in message
    assert "cannot approve" not in message
    # The message sits inside the inspection's action section (where the anchor lands).
    section = page.split('id="inspection-actions"')[1]
    assert 'id="failure-message"' in section.split("</section>")[0]
    again = client.get(base).text  # a refresh: the page, no message, nothing sent
    assert 'id="failure-message"' not in again and 'id="saved-message"' not in again
    assert not any(
        r.get("state") == "accepted" for r in queries.defect_log(ctx.engine, iid).reviews
    )
    # In English the same refusal is English.
    client.cookies.set("console_lang", "en", path="/console")
    refused = client.post(
        f"{base}/approve", data={"csrf_token": token, "text": "ok"}, follow_redirects=False
    )
    page = client.get(refused.headers["location"]).text
    assert "1 returned item(s) have no answer from the team yet" in page


def test_log_page_words_times_labels_and_audit_rows(ctx, client, reviewer, laptop):
    pushed = inspection(ctx, laptop)
    iid, did = pushed.inspection_id, pushed.defect_ids[0]
    base = f"/console/inspections/{iid}"
    token = session_csrf(client, base)
    client.post(f"{base}/defects/{did}/comment", data={"csrf_token": token, "text": "请补充记录"})
    page = client.get(base).text
    assert "审核中：尚未审核通过" in page.split('id="review-state"')[1].split("</p>")[0]
    # Distinct labels for the comment and the approval's comment.
    assert '<label for="comment-inspection-text">批注内容</label>' in page
    assert '<label for="approve-inspection-text">审核通过意见（可不填）</label>' in page
    # Times in China time, the stored value in the title; no raw ISO as text.
    times = re.findall(r'<time datetime="([^"]+)" title="\1">([^<]+)</time>', page)
    assert times and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", shown) for _, shown in times)
    assert not re.search(r">\d{4}-\d\d-\d\dT\d\d:\d\d", page)
    # The audit trail in words: kind, action and field; no JSON, no codes.
    audit = page.split('id="audit-table"')[1].split("</table>")[0]
    assert "<td>审核意见 · 新建</td>" in audit and "已批注；请补充记录" in audit
    assert "inspection ·" not in audit and "{&#34;" not in audit and '{"' not in audit
    client.cookies.set("console_lang", "en", path="/console")
    english = client.get(base).text.split('id="audit-table"')[1].split("</table>")[0]
    assert "<td>Review · created</td>" in english


def test_list_headings_are_sort_links_with_the_active_one_marked(ctx, client, reviewer, five):
    page = client.get("/console/inspections?sort=company&dir=asc").text
    head = page.split("<thead>")[1].split("</thead>")[0]
    links = re.findall(r'<a id="sort-(\w+)" href="[^"]+" class="sort( active)?">', head)
    assert len(links) == 8 and [key for key, active in links if active] == ["company"]
    assert 'aria-sort="ascending"' in head and "▲" in head
