"""Where the app keeps its data: platformdirs default, overridable by flag or environment."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

ENV_DATA_DIR = "INSPECTOR_APP_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir beats INSPECTOR_APP_DATA_DIR beats the per-user platform directory."""
    chosen = override or os.environ.get(ENV_DATA_DIR)
    path = Path(chosen) if chosen else Path(platformdirs.user_data_dir("inspector-app", False))
    return path.expanduser().resolve()
