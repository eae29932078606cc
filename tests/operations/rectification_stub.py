"""A stand-in for the center's `GET /api/v1/inspections/{id}/rectification` (issue 15) until
the server side has landed: a real HTTP server (uvicorn on 127.0.0.1) answering with
`RectificationResponse` documents built as the server would, for one bearer token."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from tests.uvicorn_thread import UvicornThread

from inspector_app.domain.model import Defect, Inspection
from inspector_app.sync.rectification import (
    DefectAnswer,
    EvidenceFile,
    Objection,
    ObjectionAnswer,
    Rectification,
    RectificationResponse,
    Verification,
)

TOKEN = "stub-token"
PATH = re.compile(r"^/api/v1/inspections/([^/]+)/rectification$")
ISSUED_AT = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


class RectificationStub:
    def __init__(self) -> None:
        self.answers: dict[str, RectificationResponse] = {}
        self.requests: list[str] = []

        async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
            await self._answer(scope, send)  # a plain function: uvicorn then speaks ASGI 3

        self.http = UvicornThread(asgi)
        self.url = self.http.url

    async def _answer(self, scope: dict[str, Any], send: Any) -> None:
        assert scope["type"] == "http"
        self.requests.append(scope["path"])
        headers = dict(scope["headers"])
        match = PATH.match(scope["path"])
        if headers.get(b"authorization") != f"Bearer {TOKEN}".encode():
            status, body = 401, b'{"error":"unauthorized","message":"no token"}'
        elif match and match.group(1) in self.answers:
            status, body = 200, self.answers[match.group(1)].model_dump_json().encode()
        else:
            status, body = 404, b'{"error":"not_found","message":"no issued report"}'
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})

    def stop(self) -> None:
        self.http.stop()


def answer_for(
    inspection: Inspection, defects: list[Defect], *, upheld: str | None = None
) -> RectificationResponse:
    """The server's answer for these defects: the first accepted with evidence, the second
    answered and found insufficient, the rest unanswered; `upheld` names a defect whose
    objection the center upheld."""
    answers = []
    for n, d in enumerate(defects):
        rect = None
        if n == 0:
            rect = Rectification(
                status="accepted",
                cause="人员培训不到位",
                actions="修订SOP-QA-012并对全体QA人员培训",
                completed_on=date(2026, 12, 10),
                submitted_at=datetime(2026, 12, 11, 1, 0, tzinfo=UTC),
                submitted_by="企业质量负责人",
                evidence=[
                    EvidenceFile(
                        sha256="a" * 64,
                        name="培训记录.pdf",
                        media_type="application/pdf",
                        size=1200,
                    )
                ],
                verification=Verification(
                    state="accepted",
                    comment="证据充分",
                    by="审核员周",
                    at=datetime(2026, 12, 12, tzinfo=UTC),
                ),
            )
        elif n == 1:
            rect = Rectification(
                status="insufficient",
                cause="偏差管理规程不完善",
                actions="补充偏差调查",
                submitted_by="企业质量负责人",
                verification=Verification(
                    state="insufficient",
                    comment="未提供调查报告",
                    by="审核员周",
                    at=datetime(2026, 12, 12, tzinfo=UTC),
                ),
            )
        objection = None
        if upheld == d.id:
            objection = Objection(
                reasons="该记录已在现场提供",
                submitted_at=datetime(2026, 12, 1, tzinfo=UTC),
                submitted_by="企业质量负责人",
                answer=ObjectionAnswer(
                    outcome="upheld",
                    reason="核实属实",
                    by="审核员周",
                    at=datetime(2026, 12, 2, tzinfo=UTC),
                ),
            )
        answers.append(
            DefectAnswer(
                defect_id=d.id,
                severity=d.severity.value,
                facts=f"{d.facts}（审核后）",
                rectification=rect,
                objection=objection,
            )
        )
    return RectificationResponse(
        inspection_id=inspection.id,
        company=inspection.company_name,
        report_number="〔2026〕第7号",
        issued_at=ISSUED_AT,
        defects=answers,
        generated_at=datetime(2026, 12, 13, 3, 0, tzinfo=UTC),
    )
