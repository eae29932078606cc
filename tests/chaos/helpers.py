"""Small builders shared by the chaos tests: an inspection, real JPEGs of a given size."""

from __future__ import annotations

import io
import random
import time
from datetime import date
from pathlib import Path

from PIL import Image

from inspector_app.domain.hlc import HybridClock
from inspector_app.domain.model import Inspection, TeamRole
from inspector_app.operations import App
from inspector_app.operations import inspections as ops

ITEM_IDS = ("t-018", "t-027", "t-048", "t-058")  # items of the fixture checklist mini-gmp
HOUR_MS = 3_600_000


def new_inspection(app: App, company: str = "某某制药有限公司") -> Inspection:
    return ops.create_inspection(
        app,
        company_name=company,
        inspection_type="gmp_compliance",
        checklist_id="mini-gmp",
        scope_tags=["sterile"],
        planned_start=date(2026, 11, 24),
        planned_end=date(2026, 11, 25),
        team=[ops.TeamMemberInput("王组长", TeamRole.LEAD)],
    )


def noise_jpeg(seed: int, side: int = 64, quality: int = 90) -> bytes:
    """A real JPEG of random pixels: passes the blob store's image check, does not compress."""
    rng = random.Random(seed)
    pixels = rng.randbytes(side * side * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(out, "JPEG", quality=quality)
    return out.getvalue()


def write_photo(folder: Path, seed: int, side: int = 64) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"photo-{seed}.jpg"
    path.write_bytes(noise_jpeg(seed, side))
    return path


def skew_clock(app: App, offset_ms: int) -> None:
    """The laptop's wall clock runs `offset_ms` off; its HLC keeps what it has seen."""
    last = app.store.clock.last
    app.store.clock = HybridClock(last=last, wall=lambda: time.time_ns() // 1_000_000 + offset_ms)
