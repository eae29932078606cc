"""Messages of the admin endpoints (server-only; the sync messages are in sync/protocol.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from inspector_app.server.admin import CHECKLIST_FILE_PATTERN, NAME_PATTERN


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UserCreate(_Message):
    name: str = Field(pattern=NAME_PATTERN)
    role: Literal["inspector", "reviewer", "admin"]
    teams: list[str] = Field(default_factory=list, max_length=50)


class UserOut(_Message):
    name: str
    role: str
    teams: list[str]


class EnrollCodeRequest(_Message):
    user: str = Field(pattern=NAME_PATTERN)
    hours: int = Field(72, ge=1, le=24 * 90)


class EnrollCodeOut(_Message):
    code: str  # shown once
    user: str
    expires_at: str


class DeviceOut(_Message):
    device_id: str
    user: str
    name: str
    enrolled_at: str
    revoked_at: str | None = None
    has_key: bool = False  # False: enrolled before signing keys; re-enrol to sync


class ChecklistUpload(_Message):
    file_name: str = Field(pattern=CHECKLIST_FILE_PATTERN, max_length=200)
    yaml: str = Field(max_length=5_000_000)


class ChecklistOut(_Message):
    id: str
    version: int
    sha256: str
    added: bool = False  # False: the same file was already published
