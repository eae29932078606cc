"""Where the server keeps its data: database URL and blob directory.

Defaults need no setup: a SQLite file and a blob directory under the per-user data directory
(or INSPECTOR_SERVER_DATA_DIR). Production sets a PostgreSQL URL (INSPECTOR_SERVER_DB or --db).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from inspector_app.sync.protocol import CHUNK_SIZE

ENV_DB = "INSPECTOR_SERVER_DB"
ENV_BLOBS = "INSPECTOR_SERVER_BLOBS"
ENV_DATA_DIR = "INSPECTOR_SERVER_DATA_DIR"

DB_FILENAME = "server.sqlite"
ENROLL_CODE_HOURS = 72
MAX_BLOB_BYTES = 64 * 1024 * 1024
# Request body limits, enforced while the body is read (server/limits.py, docs/server.md).
MAX_PUSH_BYTES = 8 * 1024 * 1024  # a batch of 500 entries is ~0.3 MB in practice
MAX_CHUNK_BYTES = CHUNK_SIZE + 64 * 1024  # one upload chunk and a margin
MAX_ENROLL_BYTES = 16 * 1024
MAX_OTHER_BYTES = 32 * 1024 * 1024  # any other body (admin: a checklist's YAML as JSON)
MAX_PULL_PAGE_BYTES = 4 * 1024 * 1024  # a pull page stops adding entries at ~4 MB of JSON
ENV_STALE_UPLOAD_HOURS = "INSPECTOR_SERVER_STALE_UPLOAD_HOURS"
STALE_UPLOAD_HOURS = 48.0  # an unfinished upload untouched this long is removed
# The issued report's number (server/issue.py): {year} and {n} (the year's running number).
ENV_REPORT_NUMBER = "INSPECTOR_SERVER_REPORT_NUMBER"
REPORT_NUMBER_PATTERN = "〔{year}〕第{n}号"


def default_data_dir() -> Path:
    if env := os.environ.get(ENV_DATA_DIR):
        return Path(env)
    from platformdirs import user_data_path

    return user_data_path("inspector-server", appauthor=False)


def normalise_db_url(url: str) -> str:
    """`postgresql://…` means psycopg 3 here (SQLAlchemy would otherwise pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


@dataclass(frozen=True)
class ServerSettings:
    db_url: str
    blobs_dir: Path
    max_blob_bytes: int = MAX_BLOB_BYTES
    enroll_code_hours: int = ENROLL_CODE_HOURS
    max_push_bytes: int = MAX_PUSH_BYTES
    max_chunk_bytes: int = MAX_CHUNK_BYTES
    max_enroll_bytes: int = MAX_ENROLL_BYTES
    max_other_bytes: int = MAX_OTHER_BYTES
    max_pull_page_bytes: int = MAX_PULL_PAGE_BYTES
    stale_upload_hours: float = STALE_UPLOAD_HOURS
    report_number_pattern: str = REPORT_NUMBER_PATTERN

    @classmethod
    def resolve(cls, db: str | None = None, blobs: str | Path | None = None) -> ServerSettings:
        """Command-line values win over environment variables, which win over defaults."""
        db = db or os.environ.get(ENV_DB)
        blobs = blobs or os.environ.get(ENV_BLOBS)
        if not db or not blobs:
            data_dir = default_data_dir()
            data_dir.mkdir(parents=True, exist_ok=True)
            db = db or f"sqlite:///{data_dir / DB_FILENAME}"
            blobs = blobs or data_dir / "blobs"
        stale = os.environ.get(ENV_STALE_UPLOAD_HOURS)
        return cls(
            db_url=normalise_db_url(db),
            blobs_dir=Path(blobs),
            stale_upload_hours=float(stale) if stale else STALE_UPLOAD_HOURS,
            report_number_pattern=os.environ.get(ENV_REPORT_NUMBER) or REPORT_NUMBER_PATTERN,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")
