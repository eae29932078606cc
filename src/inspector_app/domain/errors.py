"""The one error base, and errors that carry the field they are about.

Every layer's errors derive from InspectorError, so the CLI (and any caller) catches the app's
known failures in one place; each message says what and where.
"""

from __future__ import annotations


class InspectorError(Exception):
    """A failure the app knows and can explain to the user in one message."""


class DomainError(InspectorError, ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
