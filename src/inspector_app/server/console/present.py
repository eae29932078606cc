"""How the console shows stored values: times in China time, audit rows in words."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from markupsafe import Markup, escape

from inspector_app.server.console import i18n

CHINA = timezone(timedelta(hours=8))
MAX_CELL = 80


def china_time(value: object) -> str:
    """`2026-11-30T06:10:39.312466Z` → `2026-11-30 14:10` (UTC+8); other text as it is."""
    if not value:
        return ""
    text = str(value)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if moment.tzinfo is None:  # a date or a naive time: shown as written
        return text if "T" not in text else moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def time_tag(value: object) -> Markup:
    """A <time> element: the short China time, the stored value in its title."""
    if not value:
        return Markup("")
    full = escape(str(value))
    return Markup(f'<time datetime="{full}" title="{full}">{escape(china_time(value))}</time>')


# (kind, field) whose values are enum codes: shown by their labels.
_ENUM_FIELDS = {
    ("defect", "severity"),
    ("item_result", "result"),
    ("inspection", "status"),
    ("inspection", "inspection_type"),
    ("team_member", "role"),
    ("signature", "role"),
    ("review", "state"),
    ("review", "adjusted_severity"),
}


def audit_what(lang: str, row: dict[str, Any]) -> str:
    """`缺陷 · 修改 · 缺陷等级`: record kind, action and field in words."""
    kind = str(row.get("kind") or "")
    field = str(row.get("field") or "")
    action = str(row.get("action") or "")
    parts = [i18n.audit_kind(lang, kind), i18n.text(lang, f"action_{action}")]
    if field and field != "*" and not (field == "deleted" and action == "delete"):
        parts.append(i18n.audit_field(lang, field))
    return " · ".join(p for p in parts if p)


# What names a new record, in the order looked for: its grade/state and its words.
_CODES = ("severity", "state", "result", "role", "status")
_WORDS = ("facts", "comment", "text", "number", "name", "company_name", "caption", "original_name")


def _created(lang: str, record: dict[str, Any]) -> str:
    """A new record in a few words (`严重缺陷；无菌灌装间…`), not its JSON."""
    parts = [i18n.enum_label(lang, record[k]) for k in _CODES if isinstance(record.get(k), str)]
    words = next((record[k] for k in _WORDS if isinstance(record.get(k), str) and record[k]), "")
    if words:
        parts.append(words)
    return "；".join(parts[:2]) or i18n.text(lang, "new_record")


def audit_value(lang: str, row: dict[str, Any], value: Any) -> Markup:
    """A value as a person reads it: labels for codes, lists joined, long text cut (the
    full text in the title)."""
    if value is None or value == "":
        return Markup("")
    kind, field = str(row.get("kind") or ""), str(row.get("field") or "")
    if (kind, field) in _ENUM_FIELDS and isinstance(value, str):
        text = i18n.enum_label(lang, value)
    elif isinstance(value, bool):
        text = i18n.text(lang, "yes" if value else "no")
    elif field == "annotations" and isinstance(value, list):
        text = i18n.text(lang, "n_marks", n=len(value))
    elif isinstance(value, list):
        text = "；".join(str(v) for v in value)
    elif isinstance(value, dict):
        text = _created(lang, value)
    else:
        text = str(value)
    if len(text) <= MAX_CELL:
        return escape(text)
    return Markup(f'<span title="{escape(text)}">{escape(text[: MAX_CELL - 1])}…</span>')
