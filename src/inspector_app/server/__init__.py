"""The center's sync server (FastAPI), installed with the `server` extra (issue 6)."""
