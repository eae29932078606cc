"""The review console: web pages for the center's people (reviewers, admins), served by
inspector-server under /console (docs/server.md "Review console")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from inspector_app.server.context import ServerContext

__all__ = ["create_console"]


def create_console(ctx: ServerContext) -> FastAPI:
    """The console app: pages.py's core (sign-in, review, admin, error handling), then each
    area of issue 14 adds its routes. Assembled here so the areas may use pages.py's helpers
    without pages.py importing them back."""
    from inspector_app.server.console import (  # issue 15
        company,
        experts,
        pages,
        rectification,
        requests,
        statistics,
    )

    app = pages.create_console(ctx)
    for area in (requests, experts, statistics, company, rectification):
        area.add_routes(app, ctx)
    return app
