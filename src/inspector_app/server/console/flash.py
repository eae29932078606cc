"""One-time messages of the POST → redirect → GET pattern: an action stores what its next
page shows (saved, or refused with the field errors and what was typed) in a `server_meta`
row keyed by the session, and the next GET of a page takes it (read once, then deleted).

Nothing of it travels in the URL, so a refresh of the page after the redirect shows the page
again without the message and without sending anything.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, delete, select

from inspector_app.server import db
from inspector_app.server.console.accounts import _writer

PREFIX = "console_flash:"
MAX_BYTES = 200_000  # a refused form is at most the console's form limit (64 KiB) plus words


def _key(id_hash: str) -> str:
    return PREFIX + id_hash


def put(engine: Engine, id_hash: str, message: dict[str, Any]) -> None:
    """Replace the session's pending message (only the latest action's counts)."""
    value = json.dumps(message, ensure_ascii=False)[:MAX_BYTES]
    m = db.server_meta
    with _writer(engine) as conn:
        conn.execute(delete(m).where(m.c.key == _key(id_hash)))
        conn.execute(m.insert().values(key=_key(id_hash), value=value))


def take(engine: Engine, id_hash: str) -> dict[str, Any] | None:
    """The session's pending message, once; None when there is none."""
    m = db.server_meta
    with engine.connect() as conn:
        value = conn.execute(select(m.c.value).where(m.c.key == _key(id_hash))).scalar()
    if value is None:
        return None
    with _writer(engine) as conn:
        gone = conn.execute(delete(m).where(m.c.key == _key(id_hash))).rowcount
    if not gone:  # another request of the same session took it meanwhile
        return None
    try:
        message = json.loads(value)
    except ValueError:
        return None
    return message if isinstance(message, dict) else None


def drop(engine: Engine, id_hash: str) -> None:
    m = db.server_meta
    with _writer(engine) as conn:
        conn.execute(delete(m).where(m.c.key == _key(id_hash)))
