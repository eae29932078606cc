"""Errors that carry the field they are about, so every layer can say what and where."""

from __future__ import annotations


class DomainError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
