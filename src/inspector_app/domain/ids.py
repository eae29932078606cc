"""Record identifiers.

Records created on a laptop get UUIDv7 ids (time-ordered, unique across devices without
coordination). Records that have a natural key inside an inspection — the one result per
checklist item — get a UUIDv5 derived from that key, so two laptops answering the same item
produce the same record and their answers merge field by field instead of duplicating.
"""

from __future__ import annotations

import uuid

import uuid6

# Fixed namespace for derived ids; never change it or item results stop merging.
_NAMESPACE = uuid.UUID("6f1c2d0e-5b8a-4f3e-9d27-3a8e1c0b7d45")


def new_id() -> str:
    """A fresh UUIDv7 as its canonical string."""
    return str(uuid6.uuid7())


def item_result_id(inspection_id: str, item_id: str) -> str:
    """The one id of an inspection's result for a checklist item."""
    return str(uuid.uuid5(_NAMESPACE, f"item-result:{inspection_id}:{item_id}"))
