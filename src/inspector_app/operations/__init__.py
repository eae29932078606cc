"""The verbs users have. The Qt UI, the CLI and the tests call these; nothing else writes."""

from inspector_app.operations.context import App

__all__ = ["App"]
