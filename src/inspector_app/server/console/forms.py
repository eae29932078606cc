"""Form bodies and their checks: every field has a limit, and a refusal names the field.

Bodies are `application/x-www-form-urlencoded` (plain HTML forms, no JavaScript needed); the
size was bounded before reading (server/limits.py ConsoleBodyLimit)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qsl

from inspector_app.domain.errors import InspectorError
from inspector_app.server.admin import MAX_PASSWORD, MIN_PASSWORD

MAX_NAME = 200
MAX_COMMENT = 5_000
MAX_REASON = 2_000
MAX_FACTS = 5_000
MAX_FIELDS = 50


class MalformedForm(InspectorError):
    pass


def parse_form(body: bytes, content_type: str) -> dict[str, str]:
    """The fields of an urlencoded body (the last of a repeated name wins)."""
    if body and not content_type.lower().startswith("application/x-www-form-urlencoded"):
        raise MalformedForm("expected an HTML form (application/x-www-form-urlencoded)")
    try:
        text = body.decode("utf-8")
        pairs = parse_qsl(
            text, keep_blank_values=True, strict_parsing=False, max_num_fields=MAX_FIELDS
        )
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedForm(str(exc)) from None
    return dict(pairs)


@dataclass
class Checked:
    """Values taken from a form, and a message per refused field (keyed by field name)."""

    form: dict[str, str]
    lang: str
    errors: dict[str, str] = field(default_factory=dict)

    def _msg(self, key: str, **values: object) -> str:
        from inspector_app.server.console.i18n import text

        return text(self.lang, key, **values)

    def text(self, name: str, max_chars: int, *, required: bool = True, strip: bool = True) -> str:
        value = self.form.get(name, "")
        if strip:
            value = value.strip()
        value = value.replace("\r\n", "\n")
        if len(value) > max_chars:
            self.errors[name] = self._msg("field_too_long", max=max_chars, n=len(value))
        elif required and not value:
            self.errors[name] = self._msg("field_required")
        elif any(ord(ch) < 32 and ch not in "\n\t" for ch in value) or "\x7f" in value:
            self.errors[name] = self._msg("field_invalid")
        return value

    def choice(self, name: str, allowed: tuple[str, ...], *, required: bool = True) -> str:
        value = self.form.get(name, "").strip()
        if not value and not required:
            return ""
        if value not in allowed:
            self.errors[name] = self._msg("field_invalid") if value else self._msg("field_required")
        return value

    def password(self, name: str) -> str:
        value = self.form.get(name, "")
        if not MIN_PASSWORD <= len(value) <= MAX_PASSWORD:
            self.errors[name] = self._msg("password_rule", min=MIN_PASSWORD, max=MAX_PASSWORD)
        return value

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
