"""Errors the API turns into an `ErrorBody` with a stable code (sync/protocol.py)."""

from __future__ import annotations

from typing import Any

from inspector_app.domain.errors import InspectorError


class ApiError(InspectorError):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


def not_found(message: str) -> ApiError:
    return ApiError(404, "not_found", message)


def forbidden(message: str) -> ApiError:
    return ApiError(403, "forbidden", message)


def invalid(message: str) -> ApiError:
    return ApiError(400, "invalid", message)
