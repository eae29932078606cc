"""The app's log file: where a failure is written down so that a user can send it.

`<user log dir>/inspector-app.log` (platformdirs; INSPECTOR_APP_LOG_DIR overrides), rotated at
1 MB with 4 old files kept, so a laptop that runs for years never fills its disk with it.
Standard library only: the desktop app sets it up before its first paint
(docs/startup-budget.md). Nothing confidential is logged on purpose — messages name records
by id, not company data — but a traceback may quote a value, so the folder is the user's own
(0700 where the OS has modes).
"""

from __future__ import annotations

import contextlib
import logging
import os
from logging.handlers import RotatingFileHandler
from pathlib import Path

ENV_LOG_DIR = "INSPECTOR_APP_LOG_DIR"
FILE_NAME = "inspector-app.log"
MAX_BYTES = 1_000_000
BACKUPS = 4


def log_dir() -> Path:
    override = os.environ.get(ENV_LOG_DIR)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_log_dir("inspector-app", appauthor=False))


def log_path() -> Path:
    return log_dir() / FILE_NAME


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send the app's log records to the rotating file (once per process); returns its path,
    or None when the folder cannot be written (the app still runs; stderr keeps warnings)."""
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    folder = log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(OSError):
            folder.chmod(0o700)
        handler = RotatingFileHandler(
            folder / FILE_NAME, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s")
    )
    handler.setLevel(level)
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return folder / FILE_NAME
