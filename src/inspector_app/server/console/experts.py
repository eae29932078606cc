"""The expert pool: experts, third-party firms, conflicts and declarations, issue 14.

Scaffolding laid by the lead: `add_routes` is called from pages.create_console.
"""

from __future__ import annotations

from fastapi import FastAPI

from inspector_app.server.context import ServerContext


def add_routes(app: FastAPI, ctx: ServerContext) -> None:
    """Console pages of this area (none yet)."""
