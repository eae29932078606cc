"""People's sign-in and sessions for the console: argon2id passwords, lock-out with back-off,
server-side sessions in `web_sessions` (shared by every worker).

Invariants: the cookie holds a random 32-byte value and only its SHA-256 is stored, so a copy
of the database signs nobody in; every sign-in makes a new session (an id planted before
sign-in is never promoted); a session ends when idle too long, at its absolute expiry, at
sign-out, and when its user is disabled or their password is reset. The answer to a failed
sign-in is the same whether the user exists, is locked or disabled.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine, delete, insert, select, update

from inspector_app.server import db
from inspector_app.server.admin import password_hasher
from inspector_app.server.auth import iso, utc_now

IDLE_MINUTES = 60
ABSOLUTE_HOURS = 12
TOUCH_SECONDS = 60  # last_seen_at is written at most this often (not on every page)
MAX_FAILURES = 5  # failures before the account locks
LOCK_CAP_MINUTES = 60
CONSOLE_ROLES = ("reviewer", "admin", "company")  # company: its own area only (company.py)
# Verified against when the user does not exist, so both answers take as long.
_DUMMY_HASH: str | None = None


@dataclass(frozen=True)
class Session:
    id_hash: str
    user: str
    role: str
    display_name: str
    csrf_token: str

    @property
    def label(self) -> str:
        return self.display_name or self.user


@dataclass(frozen=True)
class SignIn:
    """The outcome: `cookie` (new session's value) on success, else `problem`."""

    cookie: str | None = None
    problem: str | None = None  # "invalid" | "no_access"


def hash_cookie(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def lock_minutes(failures: int) -> int:
    """Back-off after the MAX_FAILURES-th failure: 1, 2, 4 … minutes, capped."""
    if failures < MAX_FAILURES:
        return 0
    return min(LOCK_CAP_MINUTES, 2 ** (failures - MAX_FAILURES))


def _writer(engine: Engine):
    # Sessions and lock-out are small single-row writes: PostgreSQL needs no global writer
    # lock for them (pushes would wait on sign-ins); SQLite needs BEGIN IMMEDIATE.
    return db.write_transaction(engine) if db.is_sqlite(engine) else engine.begin()


def sign_in(engine: Engine, name: str, password: str) -> SignIn:
    global _DUMMY_HASH
    from argon2.exceptions import InvalidHashError, VerificationError

    hasher = password_hasher()
    u = db.users.c
    now = utc_now()
    with engine.connect() as conn:
        row = conn.execute(
            select(u.password_hash, u.role, u.disabled_at, u.locked_until).where(u.name == name)
        ).first()
    if row is None or row.password_hash is None or row.disabled_at is not None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hasher.hash(secrets.token_hex(16))
        with contextlib.suppress(VerificationError):
            hasher.verify(_DUMMY_HASH, password)
        return SignIn(problem="invalid")
    locked = _parse(row.locked_until)
    if locked is not None and locked > now:
        return SignIn(problem="invalid")  # not even checked: guessing while locked is useless
    try:
        hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        with _writer(engine) as conn:
            failures = conn.execute(
                update(db.users)
                .where(u.name == name)
                .values(failed_logins=u.failed_logins + 1)
                .returning(u.failed_logins)
            ).scalar_one()
            minutes = lock_minutes(failures)
            if minutes:
                until = iso(now + timedelta(minutes=minutes))
                conn.execute(update(db.users).where(u.name == name).values(locked_until=until))
        return SignIn(problem="invalid")
    if row.role not in CONSOLE_ROLES:
        return SignIn(problem="no_access")
    cookie = secrets.token_urlsafe(32)
    values = {"failed_logins": 0, "locked_until": None}
    if hasher.check_needs_rehash(row.password_hash):
        values["password_hash"] = hasher.hash(password)
    with _writer(engine) as conn:
        conn.execute(update(db.users).where(u.name == name).values(**values))
        conn.execute(
            insert(db.web_sessions).values(
                id_hash=hash_cookie(cookie),
                user_name=name,
                csrf_token=secrets.token_urlsafe(32),
                created_at=iso(now),
                last_seen_at=iso(now),
                expires_at=iso(now + timedelta(hours=ABSOLUTE_HOURS)),
            )
        )
        # Expired sessions of anyone go here: sign-ins are rare enough to carry the sweep.
        _sweep(conn, now)
    return SignIn(cookie=cookie)


def _sweep(conn: Connection, now: datetime) -> None:
    s = db.web_sessions.c
    idle_before = iso(now - timedelta(minutes=IDLE_MINUTES))
    conn.execute(
        delete(db.web_sessions).where((s.expires_at <= iso(now)) | (s.last_seen_at <= idle_before))
    )


def session_for(engine: Engine, cookie: str | None) -> Session | None:
    """The live session of a cookie value (touching it), or None."""
    if not cookie or len(cookie) > 100:
        return None
    s, u = db.web_sessions.c, db.users.c
    key = hash_cookie(cookie)
    now = utc_now()
    with engine.connect() as conn:
        row = conn.execute(
            select(
                s.user_name,
                s.csrf_token,
                s.last_seen_at,
                s.expires_at,
                u.role,
                u.display_name,
                u.disabled_at,
            )
            .join(db.users, u.name == s.user_name)
            .where(s.id_hash == key)
        ).first()
    if row is None:
        return None
    last_seen = _parse(row.last_seen_at)
    expired = (
        _parse(row.expires_at) <= now
        or last_seen + timedelta(minutes=IDLE_MINUTES) <= now
        or row.disabled_at is not None
        or row.role not in CONSOLE_ROLES
    )
    if expired:
        end_session(engine, cookie)
        return None
    if (now - last_seen).total_seconds() >= TOUCH_SECONDS:
        with _writer(engine) as conn:
            conn.execute(
                update(db.web_sessions).where(s.id_hash == key).values(last_seen_at=iso(now))
            )
    return Session(key, row.user_name, row.role, row.display_name or "", row.csrf_token)


def end_session(engine: Engine, cookie: str) -> None:
    with _writer(engine) as conn:
        conn.execute(
            delete(db.web_sessions).where(db.web_sessions.c.id_hash == hash_cookie(cookie))
        )
        # The session's pending one-time message (console/flash.py) ends with it.
        key = "console_flash:" + hash_cookie(cookie)
        conn.execute(delete(db.server_meta).where(db.server_meta.c.key == key))


def csrf_ok(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())
