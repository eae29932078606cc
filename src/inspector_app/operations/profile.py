"""The inspector profile: who works on this laptop, as the audit trail names them.

Set at first start (the app asks; `inspector-app profile --name NAME` on the command line)
and kept in the store's meta. Every audit row names this person (`App.person`), joined by
the enrolled server account once there is one; without a name nothing can be saved
(Store.write refuses), because a change nobody is named for is not evidence.

Changing the name later affects only rows written afterwards: the trail is append-only.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from inspector_app.domain.audit import MAX_ACTOR
from inspector_app.domain.errors import DomainError
from inspector_app.operations.context import (
    ACCOUNT_KEY,
    PROFILE_NAME_KEY,
    PROFILE_UNIT_KEY,
    ROLE_KEY,
    App,
)
from inspector_app.store.merge import set_meta

MAX_NAME = MAX_ACTOR  # the trail's actor column holds the name as typed
MAX_UNIT = 200


@dataclass(frozen=True, slots=True)
class Profile:
    """The stored profile ("" when not set), with the enrolled account beside it."""

    name: str = ""
    unit: str = ""
    account: str = ""  # read-only here: set by enrolment
    role: str = ""

    @property
    def is_set(self) -> bool:
        return bool(self.name)


def get_profile(app: App) -> Profile:
    meta = app.store.meta_value
    return Profile(
        name=meta(PROFILE_NAME_KEY) or "",
        unit=meta(PROFILE_UNIT_KEY) or "",
        account=meta(ACCOUNT_KEY) or "",
        role=meta(ROLE_KEY) or "",
    )


def set_profile(app: App, name: str, unit: str = "") -> Profile:
    """Store the inspector's name (required) and unit (optional; "" removes it)."""
    name = _clean("name", name, MAX_NAME)
    if not name:
        raise DomainError("name", "required: the audit trail names who made each change")
    unit = _clean("unit", unit, MAX_UNIT)
    set_meta(app.store, PROFILE_NAME_KEY, name)
    set_meta(app.store, PROFILE_UNIT_KEY, unit or None)
    return get_profile(app)


def _clean(field: str, text: str, limit: int) -> str:
    text = (text or "").strip()
    if len(text) > limit:
        raise DomainError(field, f"at most {limit} characters")
    # One line of text: a line break or control character would forge a second line
    # wherever the name is printed (CLI output, reports, the trail's one-line rows).
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        raise DomainError(field, "no line breaks or control characters")
    return text
