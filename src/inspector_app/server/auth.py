"""Users, devices and their credentials.

A device token is `secrets.token_urlsafe(32)`, shown once at enrolment; the server keeps only
its SHA-256, so a copy of the database does not let anyone sync. Enrolment codes are short
enough to type, one-time and expiring, and also stored only as hashes.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, insert, select, update

from inspector_app.server import db
from inspector_app.server.errors import ApiError
from inspector_app.sync import signing
from inspector_app.sync.protocol import DeviceKeyInfo, KeysResponse

ROLES = ("inspector", "reviewer", "admin")
# A company's console account (issue 15, server/rectification.py): never a device, a token or
# an enrolment code, so no /api/ route ever answers it.
COMPANY_ROLE = "company"
# Crockford base32 without the look-alikes: codes are read aloud and typed.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
_CODE_LENGTH = 12


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_enroll_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, _CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    """Case, spaces and dashes do not matter when a person types the code."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


@dataclass(frozen=True)
class Principal:
    """Who is calling: the device, its user, the user's role and teams (join order)."""

    device_id: str
    user: str
    role: str
    teams: tuple[str, ...]

    @property
    def sees_everything(self) -> bool:
        # Reviewers review every team's inspections; admins may audit them.
        return self.role in ("reviewer", "admin")


def user_teams(conn: Connection, user: str) -> tuple[str, ...]:
    m = db.memberships.c
    rows = conn.execute(select(m.team).where(m.user_name == user).order_by(m.position, m.team))
    return tuple(rows.scalars())


def authenticate(conn: Connection, token: str) -> Principal | None:
    """The principal of a valid, unrevoked device token; None otherwise."""
    d, u = db.devices.c, db.users.c
    row = conn.execute(
        select(d.device_id, d.user_name, d.revoked_at, u.role)
        .join(db.users, u.name == d.user_name)
        .where(d.token_hash == hash_secret(token))
    ).first()
    if row is None or row.revoked_at is not None or row.role == COMPANY_ROLE:
        return None
    return Principal(row.device_id, row.user_name, row.role, user_teams(conn, row.user_name))


UNKNOWN_TOKEN = "unknown or revoked device token; enrol again"
DEVICE_REVOKED = "device_revoked"  # the code a laptop acts on (sync/client.py)


def refusal(conn: Connection, token: str) -> ApiError:
    """The 401 for a token `authenticate` did not accept (D38).

    A revoked device's own token is told so, with when: its laptop then wipes its token and
    keys (operations/sync.py). Only the holder of that token can hear it, so it reveals
    nothing a guesser could use; every other token (unknown, a company's) keeps the one
    answer that says nothing about which tokens exist."""
    d = db.devices.c
    row = conn.execute(
        select(d.device_id, d.revoked_at).where(d.token_hash == hash_secret(token))
    ).first()
    if row is not None and row.revoked_at is not None:
        return ApiError(
            401,
            DEVICE_REVOKED,
            f"this device ({row.device_id}) was revoked by the center at {row.revoked_at}; "
            "it may no longer sync (a new enrolment needs a new code and a new data folder)",
        )
    return ApiError(401, "unauthorized", UNKNOWN_TOKEN)


def check_public_key(public_key: str) -> None:
    """422 unless `public_key` is a base64 raw Ed25519 public key (sync/signing.py)."""
    try:
        signing.public_key(public_key)
    except ValueError as exc:
        raise ApiError(
            422,
            "invalid",
            f"public_key: {exc}; the laptop sends its Ed25519 public key (base64 of the raw "
            "32 bytes) when it enrols",
        ) from None


CONSOLE_DEVICE_PREFIX = "console:"


def enroll(
    engine: Engine, code: str, device_id: str, device_name: str, public_key: str
) -> tuple[str, Principal]:
    """Spend a one-time code on a device id never enrolled before: its new token.

    The device's Ed25519 public key is registered with it: every entry the device writes
    must carry its signature by that key (server/changelog.py).

    A device id is bound to its first enrolment: enrolling it again (for the same or another
    user) is refused with 409 and the registered device, its user and its token stay as they
    were — otherwise anyone with a code could take over another laptop's id and entries.
    The code is checked first (a caller without a valid code learns nothing about device
    ids) and is not spent by a refused enrolment (the transaction rolls back).

    One exception keeps laptops enrolled before keys existed (schema 0002) usable: such a
    device, never revoked, may register its first key with a new code OF ITS OWN USER. That
    binds nothing new (same id, same user) and its old token is replaced.
    """
    check_public_key(public_key)
    if device_id.startswith(CONSOLE_DEVICE_PREFIX):
        # Reserved for the console's per-reviewer devices (server/console_key.py): a laptop
        # under such an id would block that reviewer's actions.
        raise ApiError(
            422, "invalid", f"device_id: ids starting with {CONSOLE_DEVICE_PREFIX!r} are reserved"
        )
    now = utc_now()
    token = new_token()
    with db.write_transaction(engine) as conn:
        c = db.enroll_codes.c
        row = conn.execute(
            select(c.code_hash, c.user_name, c.expires_at, c.used_at).where(
                c.code_hash == hash_secret(normalise_code(code))
            )
        ).first()
        if row is None or row.used_at is not None or row.expires_at <= iso(now):
            raise ApiError(
                401, "unauthorized", "the enrolment code is unknown, already used or expired"
            )
        d = db.devices.c
        existing = conn.execute(
            select(d.user_name, d.public_key, d.revoked_at).where(d.device_id == device_id)
        ).first()
        if (
            existing is not None
            and existing.public_key is None
            and existing.revoked_at is None
            and existing.user_name == row.user_name
        ):
            conn.execute(
                update(db.enroll_codes)
                .where(c.code_hash == row.code_hash)
                .values(used_at=iso(now), used_by_device=device_id)
            )
            conn.execute(
                update(db.devices)
                .where(d.device_id == device_id)
                .values(public_key=public_key, token_hash=hash_secret(token), name=device_name)
            )
            role = conn.execute(
                select(db.users.c.role).where(db.users.c.name == row.user_name)
            ).scalar_one()
            return token, Principal(device_id, row.user_name, role, user_teams(conn, row.user_name))
        if existing is not None:
            raise ApiError(
                409,
                "device_exists",
                f"the device id {device_id!r} is already enrolled; a device id is bound to "
                "its first enrolment and is never reassigned (ask the center to check the "
                "device list)",
            )
        conn.execute(
            update(db.enroll_codes)
            .where(c.code_hash == row.code_hash)
            .values(used_at=iso(now), used_by_device=device_id)
        )
        conn.execute(
            insert(db.devices).values(
                device_id=device_id,
                user_name=row.user_name,
                name=device_name,
                token_hash=hash_secret(token),
                enrolled_at=iso(now),
                revoked_at=None,
                public_key=public_key,
            )
        )
        role = conn.execute(
            select(db.users.c.role).where(db.users.c.name == row.user_name)
        ).scalar_one()
        principal = Principal(device_id, row.user_name, role, user_teams(conn, row.user_name))
    return token, principal


def device_keys(engine: Engine, principal: Principal) -> KeysResponse:
    """The registered keys whose entries this device may receive (GET /v1/keys).

    Inspectors: the devices of every user who shares a team with them, their own user's, and
    reviewers' (review entries reach every team's laptops, which verify them in bundles).
    Reviewers and admins: every device. Revoked devices are listed with `revoked_at` so a
    laptop knows not to trust new entries signed by them. Devices enrolled before keys
    existed (no key) are left out.
    """
    d, u, m = db.devices.c, db.users.c, db.memberships.c
    query = (
        select(d.device_id, d.user_name, d.public_key, d.revoked_at)
        .join(db.users, u.name == d.user_name)
        .where(d.public_key.is_not(None))
    )
    if not principal.sees_everything:
        mates = select(m.user_name).where(m.team.in_(principal.teams))
        query = query.where(
            d.user_name.in_(mates) | (d.user_name == principal.user) | (u.role == "reviewer")
        )
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(d.user_name, d.device_id)).all()
    return KeysResponse(
        keys=[
            DeviceKeyInfo(
                device_id=r.device_id,
                user=r.user_name,
                public_key=r.public_key,
                revoked_at=r.revoked_at,
            )
            for r in rows
        ]
    )


def make_enroll_code(engine: Engine, user: str, hours: int) -> tuple[str, datetime]:
    now = utc_now()
    expires = now + timedelta(hours=hours)
    code = new_enroll_code()
    with db.write_transaction(engine) as conn:
        role = conn.execute(
            select(db.users.c.role).where(db.users.c.name == user)
        ).scalar_one_or_none()
        if role is None:
            raise ApiError(404, "not_found", f"no user named {user!r}")
        if role == COMPANY_ROLE:
            raise ApiError(
                409, "conflict", f"{user!r} is a company account: companies use the console only"
            )
        conn.execute(
            insert(db.enroll_codes).values(
                code_hash=hash_secret(normalise_code(code)),
                user_name=user,
                created_at=iso(now),
                expires_at=iso(expires),
            )
        )
    return code, expires
