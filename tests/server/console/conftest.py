"""Console fixtures: the app over FastAPI's TestClient (real ASGI, real database on SQLite and
PostgreSQL), people with passwords, and inspections pushed by a laptop device the real way."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from inspector_app.domain.ids import new_id
from inspector_app.server import admin, auth, changelog
from inspector_app.server.app import create_app
from inspector_app.sync.protocol import ChangeEntry, ChangeStatus

from ..conftest import Device, enrol, sign

PASSWORD = "correct horse battery"
CHECKLIST = ("drug-gmp-2010", 1)
CHECKLISTS_DIR = Path(__file__).parents[3] / "checklists"


@pytest.fixture
def client(ctx) -> Iterator[TestClient]:
    with TestClient(create_app(context=ctx)) as test_client:
        yield test_client


def person(ctx, name: str, role: str, *, display_name: str = "", password: str = PASSWORD) -> str:
    admin.add_user(ctx.engine, name, role, [], display_name=display_name)
    admin.set_password(ctx.engine, name, password)
    return name


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no csrf_token field on the page"
    return found.group(1)


def sign_in(client: TestClient, name: str, password: str = PASSWORD, **extra: str):
    page = client.get("/console/login")
    assert page.status_code == 200
    data = {"csrf_token": csrf_of(page.text), "name": name, "password": password, **extra}
    return client.post("/console/login", data=data, follow_redirects=False)


def session_csrf(client: TestClient, path: str = "/console/inspections") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text[:500]
    return csrf_of(page.text)


@pytest.fixture
def reviewer(ctx, client) -> str:
    person(ctx, "zhao", "reviewer", display_name="赵审核")
    assert sign_in(client, "zhao").status_code == 303
    return "zhao"


# ---- inspections pushed by a laptop ------------------------------------------------------


@dataclass
class Pushed:
    inspection_id: str
    defect_ids: list[str]


def push(ctx, device: Device, entries: list[dict[str, Any]]) -> None:
    with ctx.engine.connect() as conn:
        principal = auth.authenticate(conn, device.token)
    results = changelog.push(ctx, principal, [ChangeEntry(**sign(e)) for e in entries])
    assert all(r.status is ChangeStatus.APPLIED for r in results), results


def _record(device: Device, iid: str, kind: str, values: dict[str, Any]) -> tuple[str, list]:
    rid = iid if kind == "inspection" else new_id()
    hlc = device.hlc()
    entries = [
        device.entry(iid, k, v, kind=kind, record_id=rid, hlc=hlc)
        for k, v in {**values, "deleted": False}.items()
    ]
    return rid, entries


def inspection(
    ctx,
    device: Device,
    *,
    company: str = "华东制药有限公司",
    status: str = "closed",
    planned: str = "2026-11-20",
    lead: str = "王检查",
    defects: tuple[tuple[str, str, str], ...] = (("major", "洁净区压差记录不完整", "第一八四条"),),
    inspection_type: str = "gmp_compliance",
) -> Pushed:
    """Push one inspection: `defects` as (grade, facts, clause)."""
    iid = new_id()
    entries: list[dict[str, Any]] = []
    _, e = _record(
        device,
        iid,
        "inspection",
        {
            "company_name": company,
            "inspection_type": inspection_type,
            "checklist_id": CHECKLIST[0],
            "checklist_version": CHECKLIST[1],
            "planned_start": planned,
            "planned_end": planned,
            "created_at": "2026-11-18T08:00:00.000000Z",
            "status": status,
        },
    )
    entries += e
    _, e = _record(device, iid, "team_member", {"inspection_id": iid, "name": lead, "role": "lead"})
    entries += e
    ids = []
    for n, (grade, facts, clause) in enumerate(defects):
        did, e = _record(
            device,
            iid,
            "defect",
            {
                "inspection_id": iid,
                "severity": grade,
                "facts": facts,
                "clause_refs": [clause],
                "location": "固体制剂车间",
                "author": lead,
                "created_at": f"2026-11-21T09:00:{n:02d}.000000Z",
            },
        )
        ids.append(did)
        entries += e
    if status in ("closed", "report_issued"):  # closed on site: the company acknowledged
        _, e = _record(
            device,
            iid,
            "signature",
            {
                "inspection_id": iid,
                "role": "company",
                "name": "李企业",
                "signed_at": "2026-11-22T16:00:00.000000Z",
            },
        )
        entries += e
    push(ctx, device, entries)
    return Pushed(iid, ids)


@pytest.fixture
def laptop(ctx) -> Device:
    return enrol(ctx, "wang", "inspector", ["team-a"])


@pytest.fixture
def published(ctx) -> None:
    admin.add_checklist_file(ctx.engine, CHECKLISTS_DIR / f"{CHECKLIST[0]}.v{CHECKLIST[1]}.yaml")
