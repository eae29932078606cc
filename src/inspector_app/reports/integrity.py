"""What a report PDF claims about its source, written into and read back from its metadata.

Every report carries the inspection id, the template id and version, the SHA-256 of the
canonical record it was rendered from and (from template v2 on) the document's state, both
as visible text and as entries of the PDF's document information dictionary. `read_claims`
finds them again without a PDF library (ReportLab writes that dictionary uncompressed); a
file rewritten by another tool may have compressed it, and then pypdf is tried if it is
installed.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
from dataclasses import asdict, dataclass

from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString

KEYS = {
    "inspection_id": "InspectorAppInspection",
    "template_id": "InspectorAppTemplate",
    "template_version": "InspectorAppTemplateVersion",
    "digest": "InspectorAppSHA256",
    "app_version": "InspectorAppVersion",
    "font": "InspectorAppFont",
    # What the document says it is: draft | acknowledged | issued (reports.model.DocumentState).
    # Written by state-aware templates (v2 on) only, so v1 renderings keep their bytes.
    "state": "InspectorAppState",
    # Issued reports only: number, revision, issuer and time (IssueClaim, base64 of JSON, so
    # Chinese text stays ASCII in the dictionary and readable without a PDF library).
    "issue": "InspectorAppIssue",
}


@dataclass(frozen=True)
class Claims:
    inspection_id: str
    template_id: str
    template_version: int
    digest: str
    app_version: str = ""
    font: str = ""
    state: str = ""
    issue: str = ""  # IssueClaim.encode(), on issued reports only

    def entries(self) -> dict[str, str]:
        return {
            key: str(getattr(self, attr))
            for attr, key in KEYS.items()
            if attr not in ("state", "issue") or getattr(self, attr)
        }

    @property
    def issued(self) -> IssueClaim | None:
        return IssueClaim.decode(self.issue) if self.issue else None


@dataclass(frozen=True)
class IssueClaim:
    """What an issued report says about its issue. A claim: `report verify` trusts the issued
    report record (synced, signed by the center) that holds the file's SHA-256, not this."""

    number: str
    revision: int
    issued_by: str
    issued_at: str  # ISO 8601, UTC
    account: str = ""
    replaces: str = ""

    def encode(self) -> str:
        body = json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return base64.b64encode(body.encode("utf-8")).decode("ascii")

    @classmethod
    def decode(cls, text: str) -> IssueClaim | None:
        try:
            body = json.loads(base64.b64decode(text, validate=True).decode("utf-8"))
            return cls(
                number=str(body["number"]),
                revision=int(body["revision"]),
                issued_by=str(body["issued_by"]),
                issued_at=str(body["issued_at"]),
                account=str(body.get("account", "")),
                replaces=str(body.get("replaces", "")),
            )
        except (ValueError, KeyError, TypeError, binascii.Error):
            return None


class ReportInfo(PDFInfo):
    """The standard information dictionary plus our claims, with a fixed date."""

    def __init__(self, claims: Claims, date_text: str) -> None:
        super().__init__()
        self.claims = claims
        self.date_text = date_text  # D:YYYYMMDDhhmmss+00'00'

    def format(self, document) -> bytes:
        date = PDFDate(ts=document._timeStamp, dateFormatter=lambda *_: self.date_text)
        entries = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
            "CreationDate": date,
            "ModDate": date,
            "Trapped": PDFName(self.trapped),
        }
        entries.update({k: PDFString(v) for k, v in self.claims.entries().items()})
        return PDFDictionary(entries).format(document)


def _value(data: bytes, key: str) -> str | None:
    match = re.search(rb"/" + key.encode() + rb"\s*\(([^()\\]*)\)", data)
    return match.group(1).decode("latin-1") if match else None


def read_claims(pdf: bytes) -> Claims | None:
    """The claims of a report PDF, or None when the file carries none."""
    values = {attr: _value(pdf, key) for attr, key in KEYS.items()}
    if values["inspection_id"] is None or values["digest"] is None:
        values = _read_with_pypdf(pdf)
        if values is None:
            return None
    try:
        version = int(values.get("template_version") or "")
    except ValueError:
        return None
    return Claims(
        inspection_id=values["inspection_id"] or "",
        template_id=values.get("template_id") or "",
        template_version=version,
        digest=values["digest"] or "",
        app_version=values.get("app_version") or "",
        font=values.get("font") or "",
        state=values.get("state") or "",
        issue=values.get("issue") or "",
    )


def _read_with_pypdf(pdf: bytes) -> dict[str, str | None] | None:
    try:
        from pypdf import PdfReader
    except ImportError:
        return None
    try:
        info = PdfReader(io.BytesIO(pdf)).metadata or {}
    except Exception:  # any parse failure means: no readable claims
        return None
    values = {attr: info.get(f"/{key}") for attr, key in KEYS.items()}
    if values["inspection_id"] is None or values["digest"] is None:
        return None
    return {k: str(v) if v is not None else None for k, v in values.items()}
