"""An inspection created in the console from an accepted request (issue 14, D32), on SQLite and
PostgreSQL over a real ASGI transport: the Inspection and TeamMember records are the
reviewer's signed console entries through the push path, owned by the chosen team (its
laptops pull them, another team's do not), linked to the request with a history row; every
refusal (not accepted, unknown checklist, no lead, conflicted expert, text too long) says what
and where and writes nothing. And `GET /api/v1/deadlines`: the caller's teams' inspections
only."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from inspector_app.domain.audit import AUDIT_KIND
from inspector_app.server import auth, changelog, db, expert_db, service
from inspector_app.server.service_db import request_events, request_inspections
from inspector_app.sync.protocol import ChangeEntry, ChangeStatus

from ..conftest import VERSION_HEADERS, enrol, sign
from .conftest import session_csrf

D = dt.date.fromisoformat
COMPANY = "华东制药有限公司"


@pytest.fixture
def today(monkeypatch):
    day = {"value": D("2026-10-09")}
    monkeypatch.setattr(service, "china_today", lambda: day["value"])
    return day


@pytest.fixture
def pool(ctx) -> dict[str, str]:
    def add(name: str, employer: str = "", teams=()) -> str:
        return expert_db.add_expert(
            ctx.engine,
            "qian",
            expert_db.ExpertInput(
                kind="expert",
                name=name,
                specialties=["sterile"],
                employer=employer,
                teams=list(teams),
                available=True,
                note="",
            ),
        )

    ids = {
        "sun": add("孙专家", "江南药业有限公司"),
        "own": add("周专家", "华东制药（集团）有限公司"),
        "declared": add("吴专家", "华信检测技术有限公司"),
        "team_b": add("郑专家", teams=["team-b"]),
    }
    expert_db.add_conflict(ctx.engine, "qian", ids["declared"], COMPANY, "曾任其顾问", "2026-01-05")
    return ids


def _post(client, path: str, token: str, **data: str):
    answer = client.post(path, data={"csrf_token": token, **data}, follow_redirects=False)
    assert answer.status_code == 303, answer.text[:1500]
    return client.get(answer.headers["location"])


def _text(html: str, element_id: str) -> str:
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', html, re.S)
    assert found, f"no #{element_id}"
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def _request(client, token: str, *, accept: bool = True) -> str:
    page = _post(
        client,
        "/console/requests",
        token,
        company=COMPANY,
        item="licence-pre",
        products="阿莫西林胶囊\n头孢克肟片",
        received_on="2026-09-25",
    )
    rid = re.search(r"/console/requests/([0-9a-f-]{36})", str(page.url)).group(1)
    if accept:
        _post(client, f"/console/requests/{rid}/accept", token, on="2026-09-30")
    return rid


def _form(pool: dict[str, str], **over: str) -> dict[str, str]:
    return {
        "team": "team-a",
        "inspection_type": "gmp_compliance",
        "checklist_id": "drug-gmp-2010",
        "tag:sterile": "on",
        "planned_start": "2026-10-12",
        "planned_end": "2026-10-13",
        "document_no": "沪药预检〔2026〕12号",
        "m1_expert": pool["sun"],
        "m1_role": "lead",
        "m2_name": "中心李工",
        "m2_role": "member",
        **over,
    }


def _counts(ctx) -> tuple[int, ...]:
    with ctx.engine.connect() as conn:
        return tuple(
            conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (db.inspections, db.changes, request_inspections, request_events)
        )


def _winners(ctx, inspection_id: str) -> dict[tuple[str, str], dict]:
    w = db.winners.c
    out: dict[tuple[str, str], dict] = {}
    with ctx.engine.connect() as conn:
        for kind, rid, name, value in conn.execute(
            select(w.kind, w.record_id, w.field, w.value).where(w.inspection_id == inspection_id)
        ):
            out.setdefault((kind, rid), {})[name] = value
    return out


def test_the_console_creates_the_inspection_for_the_chosen_team(
    ctx, client, reviewer, laptop, published, pool, today
):
    other_team = enrol(ctx, "li", "inspector", ["team-b"])
    token = session_csrf(client, "/console/requests")
    rid = _request(client, token)
    page = client.get(f"/console/requests/{rid}").text
    assert 'id="create-form"' in page
    assert '<option value="team-a">' in page and "drug-gmp-2010 v1" in page
    # The conflicted experts are marked in the choice (the server refuses them anyway).
    assert f'value="{pool["own"]}" data-conflict=' in page

    page = _post(client, f"/console/requests/{rid}/create", token, **_form(pool)).text
    assert 'id="request-saved"' in page
    linked = re.findall(r'id="linked-([0-9a-f-]{36})"', page)
    assert len(linked) == 1
    iid = linked[0]
    assert re.findall(r'class="event" data-what="([a-z_]+)"', page)[-1] == "created_inspection"
    assert "team-a" in page and "drug-gmp-2010 v1" in page

    with ctx.engine.connect() as conn:
        owner = conn.execute(select(db.inspections).where(db.inspections.c.id == iid)).one()
        link = conn.execute(
            select(request_inspections.c.request_id, request_inspections.c.linked_by).where(
                request_inspections.c.inspection_id == iid
            )
        ).one()
        devices = set(
            conn.execute(
                select(db.changes.c.device_id).where(db.changes.c.inspection_id == iid)
            ).scalars()
        )
    assert (owner.team, owner.created_by) == ("team-a", "zhao")
    assert tuple(link) == (rid, "zhao")
    assert devices == {"console:zhao"}  # the reviewer's console device signed every entry

    records = _winners(ctx, iid)
    insp = records[("inspection", iid)]
    assert insp["company_name"] == COMPANY and insp["status"] == "draft"
    assert insp["checklist_id"] == "drug-gmp-2010" and insp["checklist_version"] == 1
    assert insp["scope_tags"] == ["sterile"] and insp["products"] == ["阿莫西林胶囊", "头孢克肟片"]
    assert (insp["planned_start"], insp["planned_end"]) == ("2026-10-12", "2026-10-13")
    assert insp["document_no"] == "沪药预检〔2026〕12号"
    members = sorted(
        (v["name"], v["role"], v.get("expert_id"), v.get("organisation"))
        for (kind, _), v in records.items()
        if kind == "team_member"
    )
    assert members == [
        ("中心李工", "member", None, ""),
        ("孙专家", "lead", pool["sun"], "江南药业有限公司"),
    ]
    audit = [v["row"] for (kind, _), v in records.items() if kind == AUDIT_KIND]
    assert len(audit) == 3  # the inspection and its two members, each created by zhao
    assert {(a["account"], a["role"], a["action"]) for a in audit} == {
        ("zhao", "reviewer", "create")
    }
    assert {a["actor"] for a in audit} == {"赵审核"}

    # Team a's laptop pulls it like a teammate's inspection; team b's does not see it.
    with ctx.engine.connect() as conn:
        mine = auth.authenticate(conn, laptop.token)
        theirs = auth.authenticate(conn, other_team.token)
    pulled = changelog.pull(ctx, mine, 0, 1000).changes
    assert {c.inspection_id for c in pulled} == {iid}
    assert not [c for c in changelog.pull(ctx, theirs, 0, 1000).changes if c.inspection_id == iid]
    # A teammate relaying the console's entries (a USB bundle) hears "duplicate"; a device of
    # another team may not relay them.
    relayed = [ChangeEntry(**c.model_dump(exclude={"seq"})) for c in pulled]
    answers = changelog.push(ctx, mine, relayed)
    assert {r.status for r in answers} == {ChangeStatus.DUPLICATE}
    refused = changelog.push(ctx, theirs, relayed)
    assert {r.status for r in refused} == {ChangeStatus.REJECTED}
    assert all("another team" in (r.reason or "") for r in refused)
    # A laptop's own later write on it is accepted (the team owns it).
    entry = laptop.entry(iid, "status", "on_site")
    [result] = changelog.push(ctx, mine, [ChangeEntry(**sign(entry))])
    assert result.status is ChangeStatus.APPLIED


@pytest.mark.parametrize(
    ("over", "where", "says"),
    [
        ({"checklist_id": "no-such-list"}, "request-failure", "服务器上没有检查表 no-such-list"),
        ({"m1_role": "member"}, "request-failure", "须有且仅有一名组长（现为 0 名）"),
        (
            {"m3_expert": "OWN", "m3_role": "expert"},
            "request-failure",
            "第 3 名组员不能参加：周专家的工作单位“华东制药（集团）有限公司”与被检查企业",
        ),
        (
            {"m3_expert": "DECLARED", "m3_role": "expert"},
            "request-failure",
            "吴专家已申报与“华东制药有限公司”存在利益冲突",
        ),
        (
            {"m3_expert": "TEAM_B", "m3_role": "expert"},
            "request-failure",
            "不在检查组“team-a”可用的专家库中",
        ),
        ({"team": "team-z"}, "request-failure", "服务器上没有检查组“team-z”"),
        ({"inspection_type": "licence"}, "request-failure", "不适用于该检查类型（licence）"),
        ({"planned_end": "2026-10-01"}, "request-failure", "计划结束日期 2026-10-01 早于"),
        ({"document_no": "号" * 101}, "create-document-error", "101"),
        ({"m2_name": "名" * 201}, "m2-name-error", "201"),
    ],
)
def test_refusals_say_what_and_where_and_write_nothing(
    ctx, client, reviewer, laptop, published, pool, today, over, where, says
):
    token = session_csrf(client, "/console/requests")
    rid = _request(client, token)
    over = {k: pool.get(v.lower(), v) if k.endswith("_expert") else v for k, v in over.items()}
    before = _counts(ctx)
    page = _post(client, f"/console/requests/{rid}/create", token, **_form(pool, **over)).text
    assert says in _text(page, where), _text(page, where)
    assert 'id="request-failure"' in page
    assert _counts(ctx) == before
    # What was typed stays in the form.
    assert 'value="沪药预检〔2026〕12号"' in page or "document_no" in over


def test_a_request_not_accepted_offers_no_form_and_refuses_the_post(
    ctx, client, reviewer, laptop, published, pool, today
):
    token = session_csrf(client, "/console/requests")
    rid = _request(client, token, accept=False)
    assert 'id="create-form"' not in client.get(f"/console/requests/{rid}").text
    before = _counts(ctx)
    page = _post(client, f"/console/requests/{rid}/create", token, **_form(pool)).text
    assert "尚未受理" in _text(page, "request-failure")
    assert _counts(ctx) == before


def test_an_admin_does_not_write_inspection_records(ctx, client, laptop, published, pool, today):
    from .conftest import person, sign_in

    person(ctx, "root", "admin")
    person(ctx, "zhao", "reviewer")
    assert sign_in(client, "zhao").status_code == 303
    token = session_csrf(client, "/console/requests")
    rid = _request(client, token)
    client.cookies.clear()
    assert sign_in(client, "root").status_code == 303
    token = session_csrf(client, "/console/requests")
    before = _counts(ctx)
    page = _post(client, f"/console/requests/{rid}/create", token, **_form(pool)).text
    assert "只有审核人可以创建检查（root 不是审核人）" in _text(page, "request-failure")
    assert _counts(ctx) == before


def test_deadlines_list_the_callers_teams_inspections_only(
    ctx, client, reviewer, laptop, published, pool, today
):
    other_team = enrol(ctx, "li", "inspector", ["team-b"])
    token = session_csrf(client, "/console/requests")
    rid = _request(client, token)
    _post(client, f"/console/requests/{rid}/create", token, **_form(pool))
    rid_b = _request(client, token)
    _post(client, f"/console/requests/{rid_b}/create", token, **_form(pool, team="team-b"))
    _post(client, f"/console/requests/{rid_b}/stop", token, on="2026-10-09", reason="待补正资料")
    with ctx.engine.connect() as conn:
        owners = dict(conn.execute(select(db.inspections.c.id, db.inspections.c.team)).all())
    by_team = {team: iid for iid, team in owners.items()}

    answer = client.get("/api/v1/deadlines", headers=laptop.headers)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["as_of"] == "2026-10-09"
    [row] = body["deadlines"]
    assert row["inspection_id"] == by_team["team-a"] and row["request_id"] == rid
    assert (row["due_on"], row["left"], row["state"]) == ("2026-11-03", 18, "running")
    assert (row["limit_days"], row["item_name"]) == (20, "许可预检查")

    [row_b] = client.get("/api/v1/deadlines", headers=other_team.headers).json()["deadlines"]
    assert row_b["inspection_id"] == by_team["team-b"]
    assert (row_b["state"], row_b["due_on"], row_b["stop_reason"]) == (
        "stopped",
        None,
        "待补正资料",
    )
    assert row_b["stopped_on"] == "2026-10-09"
    # Without a token nothing is said.
    assert client.get("/api/v1/deadlines", headers=VERSION_HEADERS).status_code == 401


def test_the_service_refuses_what_the_records_do_not_allow(
    ctx, client, reviewer, laptop, published, pool, today
):
    """Callers other than the form meet the records' own limits, named with the field."""
    from inspector_app.server import request_inspection as ri

    token = session_csrf(client, "/console/requests")
    rid = _request(client, token)
    data = ri.NewInspection(
        team="team-a",
        inspection_type="gmp_compliance",
        checklist_id="drug-gmp-2010",
        document_no="号" * 101,
        members=(ri.MemberChoice(role="lead", name="中心李工"),),
    )
    before = _counts(ctx)
    with pytest.raises(service.RequestRefused) as refused:
        ri.create_inspection(ctx, "zhao", rid, data)
    assert refused.value.key == "field_refused"
    assert str(refused.value).startswith(
        "new inspection for the request of 华东制药有限公司: document_no:"
    )
    assert "100" in str(refused.value)
    two_leads = ri.NewInspection(
        team="team-a",
        inspection_type="gmp_compliance",
        checklist_id="drug-gmp-2010",
        members=(
            ri.MemberChoice(role="lead", name="甲"),
            ri.MemberChoice(role="lead", expert_id=pool["sun"]),
        ),
    )
    with pytest.raises(service.RequestRefused, match=r"exactly one lead.*2 named"):
        ri.create_inspection(ctx, "zhao", rid, two_leads)
    assert _counts(ctx) == before
