"""Administration shared by the CLI and the admin endpoints: users, devices, checklists."""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, delete, func, insert, select, update

from inspector_app.server import db
from inspector_app.server.auth import ROLES, iso, user_teams, utc_now
from inspector_app.server.errors import ApiError, invalid, not_found
from inspector_app.sync.protocol import ChecklistFile

NAME_PATTERN = r"^[^\x00-\x1f\x7f/]{1,100}$"  # printable, no slash: safe in URLs and logs
_NAME = re.compile(NAME_PATTERN)
CHECKLIST_FILE_PATTERN = r"^[a-z0-9][a-z0-9_-]*\.v[0-9]+\.yaml$"
MAX_DISPLAY_NAME = 200
MIN_PASSWORD, MAX_PASSWORD = 12, 256


def _check_name(what: str, name: str) -> str:
    name = name.strip()
    if not _NAME.fullmatch(name):
        raise invalid(f"{what} {name!r}: 1-100 printable characters, no '/'")
    return name


@dataclass(frozen=True)
class UserInfo:
    name: str
    role: str
    teams: tuple[str, ...]


def add_user(
    engine: Engine, name: str, role: str, teams: list[str], *, display_name: str | None = None
) -> UserInfo:
    """Create a user, or add teams to an existing user of the same role (and set the
    display name when one is given)."""
    name = _check_name("user name", name)
    teams = [_check_name("team name", t) for t in teams]
    if role not in ROLES:
        raise invalid(f"role must be one of {', '.join(ROLES)}")
    if display_name is not None:
        display_name = display_name.strip()
        if len(display_name) > MAX_DISPLAY_NAME or any(ord(ch) < 32 for ch in display_name):
            raise invalid(f"display name: at most {MAX_DISPLAY_NAME} printable characters")
    with db.write_transaction(engine) as conn:
        u, m = db.users.c, db.memberships.c
        existing = conn.execute(select(u.role).where(u.name == name)).scalar_one_or_none()
        if existing is None:
            conn.execute(
                insert(db.users).values(
                    name=name, role=role, created_at=iso(utc_now()), display_name=display_name or ""
                )
            )
        elif display_name is not None:
            conn.execute(update(db.users).where(u.name == name).values(display_name=display_name))
        if existing is not None and existing != role:
            raise ApiError(409, "conflict", f"user {name!r} exists with role {existing}")
        have = set(user_teams(conn, name))
        position = conn.execute(
            select(func.coalesce(func.max(m.position), 0)).where(m.user_name == name)
        ).scalar_one()
        for team in teams:
            if team in have:
                continue
            if conn.execute(select(db.teams.c.name).where(db.teams.c.name == team)).first() is None:
                conn.execute(insert(db.teams).values(name=team))
            position += 1
            conn.execute(
                insert(db.memberships).values(user_name=name, team=team, position=position)
            )
            have.add(team)
        return UserInfo(name, role, user_teams(conn, name))


def list_users(engine: Engine) -> list[UserInfo]:
    with engine.connect() as conn:
        rows = conn.execute(select(db.users.c.name, db.users.c.role).order_by(db.users.c.name))
        return [UserInfo(r.name, r.role, user_teams(conn, r.name)) for r in rows.all()]


# ---- console accounts (issue 11) -----------------------------------------------------------

# argon2id with the library's current defaults; a stored hash made with other parameters is
# rehashed at the next successful sign-in (console/accounts.py).
_hasher = None


def password_hasher():  # -> argon2.PasswordHasher (argon2-cffi is in the server extra)
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()
    return _hasher


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable (None: it is)."""
    if len(password) < MIN_PASSWORD or len(password) > MAX_PASSWORD:
        return f"a password has {MIN_PASSWORD}–{MAX_PASSWORD} characters (this one {len(password)})"
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in password):
        return "a password may not contain control characters"
    return None


def set_password(engine: Engine, name: str, password: str) -> None:
    """Set a user's console password (argon2id) and clear the lock-out; existing sessions of
    the user end, so a reset also signs out whoever held the old password."""
    if problem := password_problem(password):
        raise invalid(problem)
    hashed = password_hasher().hash(password)
    u = db.users.c
    with db.write_transaction(engine) as conn:
        found = conn.execute(
            update(db.users)
            .where(u.name == name)
            .values(password_hash=hashed, failed_logins=0, locked_until=None)
        )
        if found.rowcount == 0:
            raise not_found(f"no user {name!r}")
        conn.execute(delete(db.web_sessions).where(db.web_sessions.c.user_name == name))


def set_disabled(engine: Engine, name: str, disabled: bool) -> None:
    """Disable (sessions end at once, no sign-in) or enable a user."""
    u = db.users.c
    with db.write_transaction(engine) as conn:
        found = conn.execute(
            update(db.users)
            .where(u.name == name)
            .values(
                disabled_at=iso(utc_now()) if disabled else None, failed_logins=0, locked_until=None
            )
        )
        if found.rowcount == 0:
            raise not_found(f"no user {name!r}")
        if disabled:
            conn.execute(delete(db.web_sessions).where(db.web_sessions.c.user_name == name))


@dataclass(frozen=True)
class AccountInfo:
    name: str
    role: str
    display_name: str
    teams: tuple[str, ...]
    has_password: bool
    disabled_at: str | None
    locked_until: str | None


def list_accounts(engine: Engine) -> list[AccountInfo]:
    u, m = db.users.c, db.memberships.c
    with engine.connect() as conn:
        teams: dict[str, list[str]] = {}
        for row in conn.execute(select(m.user_name, m.team).order_by(m.position, m.team)):
            teams.setdefault(row.user_name, []).append(row.team)
        rows = conn.execute(
            select(
                u.name,
                u.role,
                u.display_name,
                u.password_hash.is_not(None),
                u.disabled_at,
                u.locked_until,
            ).order_by(u.name)
        ).all()
    return [
        AccountInfo(r[0], r[1], r[2] or "", tuple(teams.get(r[0], ())), bool(r[3]), r[4], r[5])
        for r in rows
    ]


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    user: str
    name: str
    enrolled_at: str
    revoked_at: str | None
    has_key: bool  # False: enrolled before keys (schema 0002); its entries are refused


def list_devices(engine: Engine, user: str | None = None) -> list[DeviceInfo]:
    d = db.devices.c
    query = select(
        d.device_id, d.user_name, d.name, d.enrolled_at, d.revoked_at, d.public_key.is_not(None)
    )
    if user:
        query = query.where(d.user_name == user)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(d.enrolled_at)).all()
    return [DeviceInfo(*row) for row in rows]


def revoke_device(engine: Engine, device_id: str) -> DeviceInfo:
    """Its token stops working at once and its key signs nothing new: entries it signs are
    refused from then on, also when a teammate relays them. Re-enrolling needs a new code."""
    d = db.devices.c
    with db.write_transaction(engine) as conn:
        row = conn.execute(select(d.revoked_at).where(d.device_id == device_id)).first()
        if row is None:
            raise not_found(f"no device {device_id!r}")
        if row.revoked_at is None:
            conn.execute(
                update(db.devices).where(d.device_id == device_id).values(revoked_at=iso(utc_now()))
            )
    return next(x for x in list_devices(engine) if x.device_id == device_id)


# ---- checklists --------------------------------------------------------------------------


def add_checklist_file(engine: Engine, path: Path) -> tuple[ChecklistFile, bool]:
    """Validate a checklist file and publish it. Returns (file, newly added).

    Checklists are immutable per (id, version): the same content again is a no-op, different
    content under a published id and version is refused.
    """
    from inspector_app.checklist.loader import ChecklistError, load_checklist

    path = Path(path)
    try:
        data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise invalid(f"{path}: cannot read the file as UTF-8 ({exc})") from None
    try:
        checklist = load_checklist(path)
    except ChecklistError as exc:
        raise ApiError(422, "invalid_checklist", str(exc)) from None
    sha = hashlib.sha256(data).hexdigest()
    c = db.checklists.c
    with db.write_transaction(engine) as conn:
        old = conn.execute(
            select(c.sha256, c.yaml).where(c.id == checklist.id, c.version == checklist.version)
        ).first()
        if old is not None:
            if old.sha256 != sha:
                raise ApiError(
                    409,
                    "conflict",
                    f"checklist {checklist.id} v{checklist.version} is already published with "
                    "different content; publish a new version instead",
                )
            return ChecklistFile(
                id=checklist.id, version=checklist.version, sha256=sha, yaml=old.yaml
            ), False
        conn.execute(
            insert(db.checklists).values(
                id=checklist.id,
                version=checklist.version,
                sha256=sha,
                yaml=text,
                seq=db.allocate_seq(conn),
                added_at=iso(utc_now()),
            )
        )
    return ChecklistFile(id=checklist.id, version=checklist.version, sha256=sha, yaml=text), True


def add_checklist_text(
    engine: Engine, file_name: str, yaml_text: str
) -> tuple[ChecklistFile, bool]:
    """The same for a file uploaded through the API (the loader checks the file name too)."""
    if not re.fullmatch(CHECKLIST_FILE_PATTERN, file_name):
        raise invalid("file_name must look like <id>.v<version>.yaml")
    with tempfile.TemporaryDirectory(prefix="inspector-checklist-") as tmp:
        path = Path(tmp) / file_name
        path.write_text(yaml_text, encoding="utf-8", newline="")
        return add_checklist_file(engine, path)


def list_checklists(engine: Engine) -> list[tuple[str, int, str]]:
    c = db.checklists.c
    with engine.connect() as conn:
        rows = conn.execute(select(c.id, c.version, c.sha256).order_by(c.id, c.version))
        return [tuple(r) for r in rows.all()]
