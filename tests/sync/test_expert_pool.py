"""The expert pool through real sync (issue 14): the server's register reaches laptops scoped
by team (names, specialties, employers, declared conflicts — nothing else), the laptop
refuses a conflicted expert with the reason, offline, and the declaration ticked for an
expert reaches the expert's register entry on the server."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from tests.sync.conftest import enrolled, new_inspection

from inspector_app.domain.model import TeamRole
from inspector_app.operations import experts as pool_ops
from inspector_app.operations import inspections as ops
from inspector_app.operations import sync as sync_ops
from inspector_app.server import expert_db
from inspector_app.sync.protocol import HEADER_PROTOCOL, HEADER_SCHEMA, PROTOCOL_VERSION

COMPANY = "某某制药有限公司"


def register(server, name: str, *, employer: str = "", teams=(), available=True) -> str:
    return expert_db.add_expert(
        server.ctx.engine,
        "qian",
        expert_db.ExpertInput(
            kind="expert",
            name=name,
            specialties=["sterile"],
            employer=employer,
            teams=list(teams),
            available=available,
            note="私人电话 138…",
        ),
    )


@pytest.fixture
def pool(server):
    ids = {
        "sun": register(server, "孙专家", employer="江南药业有限公司"),
        "own": register(server, "周专家", employer="某某制药（集团）有限公司"),
        "declared": register(server, "吴专家", employer="华信检测技术有限公司"),
        "other_team": register(server, "郑专家", teams=["team-2"]),
        "away": register(server, "冯专家", available=False),
        "team1": register(server, "陈专家", teams=["team-1"]),
    }
    expert_db.add_conflict(
        server.ctx.engine, "qian", ids["declared"], "某某制药有限公司", "曾任其顾问", "2026-01-05"
    )
    return ids


def test_the_api_gives_the_teams_pool_without_private_fields(server, pool):
    inspector = enrolled_client(server, "wang", teams=("team-1",))
    answer = inspector.get("/api/v1/experts")
    assert answer.status_code == 200
    body = answer.json()
    names = {e["name"] for e in body["experts"]}
    assert names == {"孙专家", "周专家", "吴专家", "陈专家"}  # not team-2's, not unavailable
    assert set(body["experts"][0]) == {
        "id", "kind", "name", "specialties", "employer", "conflicts",
    }  # fmt: skip
    wu = next(e for e in body["experts"] if e["name"] == "吴专家")
    assert wu["conflicts"] == ["某某制药有限公司"]
    reviewer = enrolled_client(server, "zhou", role="reviewer", teams=())
    assert len(reviewer.get("/api/v1/experts").json()["experts"]) == 5
    # no token: 401 before anything is read
    anonymous = httpx.Client(
        base_url=server.url,
        headers={HEADER_PROTOCOL: str(PROTOCOL_VERSION), HEADER_SCHEMA: "0009"},
    )
    assert anonymous.get("/api/v1/experts").status_code == 401


def enrolled_client(server, user: str, role: str = "inspector", teams=("team-1",)):
    from inspector_app.server import auth
    from inspector_app.sync.signing import SigningKey

    code = server.code_for(user, role, teams)
    token, _ = auth.enroll(
        server.ctx.engine,
        code,
        f"dev-{user}",
        f"{user}'s laptop",
        SigningKey.generate().public_text,
    )
    return httpx.Client(
        base_url=server.url,
        headers={
            HEADER_PROTOCOL: str(PROTOCOL_VERSION),
            HEADER_SCHEMA: "0009",
            "Authorization": f"Bearer {token}",
        },
    )


def test_sync_brings_the_pool_and_the_laptop_refuses_conflicts_offline(laptop, server, pool):
    a = enrolled(laptop("a"), server, "wang")
    assert pool_ops.pool(a).experts == []
    report = sync_ops.sync_now(a)
    assert report.experts == 4
    kept = pool_ops.pool(a)
    assert {e.name for e in kept.experts} == {"孙专家", "周专家", "吴专家", "陈专家"}
    assert kept.generated_at is not None

    server.stop()  # offline from here: the rule runs on what the laptop kept

    def team(*expert_keys: str):
        members = [ops.TeamMemberInput("王组长", TeamRole.LEAD)]
        for key in expert_keys:
            entry = kept.get(pool[key])
            members.append(
                ops.TeamMemberInput(
                    entry.name, TeamRole.EXPERT, entry.employer, datetime.now(UTC), pool[key]
                )
            )
        return members

    with pytest.raises(pool_ops.ExpertConflict) as employer:
        new_inspection(a, team=team("sun", "own"))
    assert "周专家" in str(employer.value) and "某某制药（集团）有限公司" in str(employer.value)
    with pytest.raises(pool_ops.ExpertConflict) as declared:
        new_inspection(a, team=team("declared"))
    assert "吴专家已申报与“某某制药有限公司”存在利益冲突" in str(declared.value)
    with pytest.raises(pool_ops.ExpertConflict) as unknown:
        new_inspection(a, team=[*team("sun"), _picked(pool["other_team"])])
    assert "not in this laptop's expert pool" in str(unknown.value)
    assert a.store.find("inspection") == []  # every refusal saved nothing

    fine = new_inspection(a, team=team("sun"))
    # adding a conflicted expert later is refused the same way
    with pytest.raises(pool_ops.ExpertConflict):
        ops.add_team_member(a, fine.id, team("declared")[1])
    assert len(a.store.find("team_member", inspection_id=fine.id)) == 2


def _picked(expert_id: str):
    return ops.TeamMemberInput("郑专家", TeamRole.EXPERT, "", datetime.now(UTC), expert_id)


def test_the_declaration_reaches_the_experts_register_entry(laptop, server, pool):
    a = enrolled(laptop("a"), server, "wang")
    sync_ops.sync_now(a)
    signed = datetime(2026, 11, 24, 1, 30, tzinfo=UTC)
    sun = pool_ops.pool(a).get(pool["sun"])
    insp = new_inspection(
        a,
        team=[
            ops.TeamMemberInput("王组长", TeamRole.LEAD),
            ops.TeamMemberInput(sun.name, TeamRole.EXPERT, sun.employer, signed, sun.id),
        ],
    )
    assert expert_db.declarations(server.ctx.engine, pool["sun"]) == []
    report = sync_ops.sync_now(a)
    assert not report.rejected
    (declaration,) = expert_db.declarations(server.ctx.engine, pool["sun"])
    assert declaration.inspection_id == insp.id
    assert declaration.company == COMPANY and declaration.member_name == "孙专家"
    assert datetime.fromisoformat(declaration.signed_at.replace("Z", "+00:00")) == signed
    assert expert_db.get_expert(server.ctx.engine, pool["sun"])["declarations"] == [declaration]
    assert expert_db.declarations(server.ctx.engine, pool["own"]) == []
