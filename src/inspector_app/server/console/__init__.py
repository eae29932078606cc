"""The review console: web pages for the center's people (reviewers, admins), served by
inspector-server under /console (docs/server.md "Review console")."""

from inspector_app.server.console.pages import create_console

__all__ = ["create_console"]
