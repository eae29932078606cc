"""The console's signing key and the reviewers' console devices.

Everything the console writes into an inspection is a signed change entry, like a laptop's.
The server has ONE Ed25519 key for that (private key in server_meta, made once under the
serialised write transaction, so every worker reads the same key and two workers never make
two). Each reviewer who acts in the console gets a device row `console:<user name>` holding
that key's public half: entries are then authored by (and authorized for) the reviewer, and
the device appears in GET /keys, so laptops verify the entries like any other.

A console device never syncs: its token hash is a random string that is not a SHA-256 hex
digest (it contains '!'), so no bearer token authenticates as it.
"""

from __future__ import annotations

import secrets

from sqlalchemy import Connection, insert, select

from inspector_app.server import db
from inspector_app.server.auth import CONSOLE_DEVICE_PREFIX, iso, utc_now
from inspector_app.server.context import ServerContext
from inspector_app.server.errors import ApiError
from inspector_app.sync.signing import SigningKey

META_KEY = "console_signing_key"
DEVICE_PREFIX = CONSOLE_DEVICE_PREFIX  # reserved: auth.enroll refuses such ids
DEVICE_NAME = "审核控制台 (console)"


def console_key(conn: Connection) -> SigningKey:
    """The console key; made on first use. Call inside db.write_transaction."""
    m = db.server_meta.c
    text = conn.execute(select(m.value).where(m.key == META_KEY)).scalar_one_or_none()
    if text:
        return SigningKey.from_text(text)
    key = SigningKey.generate()
    conn.execute(insert(db.server_meta).values(key=META_KEY, value=key.to_text()))
    return key


def device_id_of(user: str) -> str:
    return f"{DEVICE_PREFIX}{user}"


def ensure_console_device(conn: Connection, user: str) -> str:
    """The reviewer's console device id, registering it on first use (inside a writer)."""
    key = console_key(conn)
    device_id = device_id_of(user)
    d = db.devices.c
    row = conn.execute(
        select(d.user_name, d.public_key, d.revoked_at).where(d.device_id == device_id)
    ).first()
    if row is None:
        conn.execute(
            insert(db.devices).values(
                device_id=device_id,
                user_name=user,
                name=DEVICE_NAME,
                token_hash="!console:" + secrets.token_hex(32),  # matches no token's hash
                enrolled_at=iso(utc_now()),
                revoked_at=None,
                public_key=key.public_text,
            )
        )
        return device_id
    if row.user_name != user or row.public_key != key.public_text:
        # A laptop enrolled under this id (device ids are chosen by laptops): never sign as it.
        raise ApiError(
            409,
            "device_exists",
            f"the device id {device_id!r} is held by another device, not by the console; "
            "an administrator must revoke and rename it before this reviewer can act",
        )
    if row.revoked_at is not None:
        raise ApiError(
            403,
            "forbidden",
            f"the console device of {user!r} was revoked at {row.revoked_at}; "
            "the reviewer cannot act until an administrator restores it",
        )
    return device_id


def console_device(ctx: ServerContext, user: str) -> str:
    """ensure_console_device in a write transaction of its own."""
    with db.write_transaction(ctx.engine) as conn:
        return ensure_console_device(conn, user)
