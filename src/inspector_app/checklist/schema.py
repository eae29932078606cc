"""The checklist file format: a face over domain/checklist.py, where the models live.

The pure models moved to domain/ so that domain/conclusion.py need not import checklist/
(which imports domain/: a cycle). Callers keep importing them from here; the file-format
code (loader, validate, library, jsonschema) builds on them.
"""

from __future__ import annotations

from inspector_app.domain.checklist import (
    FORMAT_VERSION,
    ArticleShorthand,
    Checklist,
    ChecklistKind,
    ClauseRef,
    DeclaredObserved,
    Identifier,
    Item,
    Regulation,
    Section,
    TagDefinition,
    Text,
    Tier,
)

__all__ = [
    "FORMAT_VERSION",
    "ArticleShorthand",
    "Checklist",
    "ChecklistKind",
    "ClauseRef",
    "DeclaredObserved",
    "Identifier",
    "Item",
    "Regulation",
    "Section",
    "TagDefinition",
    "Text",
    "Tier",
]
