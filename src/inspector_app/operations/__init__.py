"""The verbs users have. The Qt UI, the CLI and the tests call these; nothing else writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspector_app.operations.context import App

__all__ = ["App"]


def __getattr__(name: str) -> Any:
    # `App` opens the store (SQLAlchemy, pydantic: most of a start's import time), so the
    # package itself stays light: the first paint of the window imports operations.listing
    # without paying for it (docs/startup-budget.md).
    if name == "App":
        from inspector_app.operations.context import App

        return App
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
