"""A closed inspection on the server, pushed by a laptop device, for the review tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.server.conftest import Device, enrol, sign

from inspector_app.domain.ids import new_id
from inspector_app.server import admin, auth, changelog
from inspector_app.server.context import ServerContext
from inspector_app.sync.protocol import ChangeEntry, ChangeStatus

CHECKLIST = ("drug-gmp-2010", 1)


@dataclass
class Pushed:
    inspection_id: str
    defect_ids: list[str]
    device: Device


def push(ctx: ServerContext, device: Device, entries: list[dict[str, Any]]) -> None:
    with ctx.engine.connect() as conn:
        principal = auth.authenticate(conn, device.token)
    assert principal is not None
    results = changelog.push(ctx, principal, [ChangeEntry(**sign(e)) for e in entries])
    assert all(r.status is ChangeStatus.APPLIED for r in results), results


def record(device: Device, iid: str, kind: str, values: dict[str, Any]) -> tuple[str, list]:
    rid = iid if kind == "inspection" else new_id()
    hlc = device.hlc()
    entries = [
        device.entry(iid, k, v, kind=kind, record_id=rid, hlc=hlc)
        for k, v in {**values, "deleted": False}.items()
    ]
    return rid, entries


def closed_inspection(
    ctx: ServerContext,
    device: Device,
    *,
    defects: int = 2,
    status: str = "closed",
    company_signs: bool = True,
) -> Pushed:
    iid = new_id()
    entries: list[dict[str, Any]] = []
    _, e = record(
        device,
        iid,
        "inspection",
        {
            "company_name": "华东制药有限公司",
            "site_address": "上海市浦东新区张江路1号",
            "products": ["阿莫西林胶囊"],
            "inspection_type": "gmp_compliance",
            "checklist_id": CHECKLIST[0],
            "checklist_version": CHECKLIST[1],
            "actual_start": "2026-11-20",
            "actual_end": "2026-11-22",
            "created_at": "2026-11-18T08:00:00.000000Z",
            "status": status,
        },
    )
    entries += e
    _, e = record(
        device, iid, "team_member", {"inspection_id": iid, "name": "王检查", "role": "lead"}
    )
    entries += e
    ids = []
    for n in range(defects):
        did, e = record(
            device,
            iid,
            "defect",
            {
                "inspection_id": iid,
                "severity": "major" if n % 3 == 0 else "general",
                "facts": f"原始描述{n + 1}：洁净区压差记录不完整，缺少第{n + 1}批次数据。",
                "clause_refs": ["第一百八十四条"],
                "location": "固体制剂车间",
                "created_at": f"2026-11-21T09:{n % 60:02d}:{n // 60:02d}.000000Z",
            },
        )
        ids.append(did)
        entries += e
    _, e = record(
        device,
        iid,
        "signature" if company_signs else "team_member",
        {
            "inspection_id": iid,
            "role": "company",
            "name": "李企业",
            "signed_at": "2026-11-22T16:00:00.000000Z",
        }
        if company_signs
        else {"inspection_id": iid, "name": "刘组员", "role": "member"},
    )
    entries += e
    for start in range(0, len(entries), 400):
        push(ctx, device, entries[start : start + 400])
    return Pushed(iid, ids, device)


def answer(ctx: ServerContext, device: Device, iid: str, review_id: str) -> None:
    """The team's answer to a returned item, as the laptop writes it."""
    _, e = record(
        device,
        iid,
        "review_response",
        {
            "inspection_id": iid,
            "review_id": review_id,
            "text": "已补充压差记录。",
            "author": "王检查",
            "created_at": "2026-11-25T10:00:00.000000Z",
        },
    )
    push(ctx, device, e)


def team(ctx: ServerContext) -> tuple[Device, str]:
    """An inspector's laptop and a reviewer user (no laptop: the console acts for them)."""
    device = enrol(ctx, "wang", "inspector", ["team-a"])
    admin.add_user(ctx.engine, "zhao", "reviewer", [], display_name="赵审核")
    return device, "zhao"


def photos(
    ctx: ServerContext,
    device: Device,
    iid: str,
    defect_ids: list[str],
    n: int,
    *,
    upload: bool = True,
) -> None:
    """n camera-sized JPEGs (4000×3000) on the server as the team's uploads, one photo record
    each on the first defects."""
    import hashlib
    import io
    import random

    from PIL import Image
    from sqlalchemy import insert

    from inspector_app.server import db, uploads
    from inspector_app.sync.protocol import CHUNK_SIZE

    with ctx.engine.connect() as conn:
        principal = auth.authenticate(conn, device.token)

    entries: list[dict[str, Any]] = []
    for k in range(n):
        buf = io.BytesIO()
        # Detail at every scale, like a photo (a flat colour would compress to nothing).
        small = Image.frombytes("RGB", (200, 150), random.Random(k).randbytes(200 * 150 * 3))
        small.resize((4000, 3000)).save(buf, "JPEG", quality=85)
        data = buf.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        if upload:  # through the upload path (which makes the report derivative)
            state = uploads.start_upload(ctx, principal, sha, len(data))
            for at in range(0, len(data), CHUNK_SIZE):
                state = uploads.put_chunk(
                    ctx, principal, state.upload_id, at, data[at : at + CHUNK_SIZE]
                )
            assert state.complete
        else:  # placed as a server without derivatives-on-upload would hold it
            path = ctx.blob_path(sha)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            with ctx.engine.begin() as conn:
                conn.execute(
                    insert(db.blobs).values(
                        sha256=sha, size=len(data), complete=True, created_at="2026-11-22T00:00:00Z"
                    )
                )
                conn.execute(
                    insert(db.blob_uploaders).values(sha256=sha, device_id=device.device_id)
                )
        _, e = record(
            device,
            iid,
            "photo",
            {
                "inspection_id": iid,
                "defect_id": defect_ids[k % len(defect_ids)],
                "sha256": sha,
                "caption": f"照片{k + 1}",
            },
        )
        entries += e
    push(ctx, device, entries)
