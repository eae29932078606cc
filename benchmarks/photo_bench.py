"""Photo import benchmarks (issue 4): 50 twelve-megapixel JPEGs, and the GUI's longest stall.

The photos are made once (4000×3000, sensor-like noise over gradients and shapes so they
compress like camera photos, ~3–6 MB each) and cached in the temp directory. Every run
imports them into a fresh data directory through the real code path.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

from benchmarks.harness import Benchmark, Target
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.photos import DEFAULT_WORKERS, import_photos, photo_files_in

COUNT = 50
SIZE = (4000, 3000)
CACHE = Path(tempfile.gettempdir()) / "inspector-photo-bench-v1"


def camera_photos() -> list[Path]:
    """50 distinct 12 MP JPEGs with an EXIF capture time, generated on first use."""
    done = CACHE / ".complete"
    if done.exists():
        return photo_files_in(CACHE)
    CACHE.mkdir(parents=True, exist_ok=True)
    w, h = SIZE
    big = (w + 400, h + 300)
    # Noise per channel over a gradient, softened like a lens: compresses like a real photo.
    gradient = Image.linear_gradient("L").resize(big)
    channels = [Image.blend(gradient, Image.effect_noise(big, s), 0.45) for s in (28, 36, 44)]
    scene = Image.merge("RGB", channels).filter(ImageFilter.GaussianBlur(0.6))
    rng = random.Random(12)
    for n in range(COUNT):
        x, y = rng.randrange(0, 400), rng.randrange(0, 300)
        img = scene.crop((x, y, x + w, y + h))
        draw = ImageDraw.Draw(img)
        for _ in range(6):  # equipment, doors, labels: edges like a site photo has
            x0, y0 = rng.randrange(w - 600), rng.randrange(h - 600)
            colour = tuple(rng.randrange(40, 220) for _ in range(3))
            draw.rectangle(
                [x0, y0, x0 + rng.randrange(200, 600), y0 + rng.randrange(200, 600)],
                outline=colour,
                width=rng.randrange(4, 20),
            )
        exif = Image.Exif()
        exif.get_ifd(0x8769)[0x9003] = f"2026:11:2{n % 3} 09:{n:02d}:00"  # DateTimeOriginal
        img.save(CACHE / f"IMG_{n + 1:04d}.JPG", "JPEG", quality=90, exif=exif.tobytes())
    done.touch()
    return photo_files_in(CACHE)


def _fresh_inspection(tmp: str, encrypted: bool = False) -> tuple[App, str]:
    key = None
    if encrypted:  # issue 16 (D36): originals and derivatives AES-GCM, the store SQLCipher
        from inspector_app.store.crypto import create_key

        key = create_key(Path(tmp), "benchmark passphrase", use_keyring=False)
    app = App(Path(tmp), actor="bench", key=key)
    insp = ops.create_inspection(
        app,
        company_name="照片基准药业",
        inspection_type="gmp_compliance",
        checklist_id="drug-gmp-2010",
    )
    ops.start_on_site(app, insp.id)
    return app, insp.id


def import_50(runs: int = 3, encrypted: bool = False) -> list[float]:
    files = camera_photos()
    samples = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-photos-") as tmp:
            app, iid = _fresh_inspection(tmp, encrypted)
            try:
                t0 = time.perf_counter()
                summary = import_photos(app, iid, files, workers=DEFAULT_WORKERS)
                samples.append(time.perf_counter() - t0)
                assert len(summary.imported) == COUNT, summary.refused
            finally:
                app.close()
    return samples


def longest_stall(runs: int = 3) -> list[float]:
    """The import through the UI's own path (PhotoImport: Task + progress dialog + reload),
    with a 5 ms QTimer on the GUI thread; a sample is the largest gap between two ticks."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from inspector_app.ui.defects.photos import start_photo_import
    from inspector_app.ui.session import InspectionSession

    qt_app = QApplication.instance() or QApplication([])
    files = camera_photos()
    samples = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-stall-") as tmp:
            app, iid = _fresh_inspection(tmp)
            try:
                session = InspectionSession(app, iid)
                gaps: list[float] = []
                last = [time.perf_counter()]

                def tick(gaps=gaps, last=last) -> None:
                    now = time.perf_counter()
                    gaps.append(now - last[0])
                    last[0] = now

                timer = QTimer()
                timer.setInterval(5)
                timer.timeout.connect(tick)
                loop = QEventLoop()
                timer.start()
                job = start_photo_import(session, None, files)
                assert job is not None
                job.done.connect(lambda _summary, loop=loop: loop.quit())
                last[0] = time.perf_counter()
                loop.exec()
                timer.stop()
                assert job.summary is not None and len(job.summary.imported) == COUNT
                samples.append(max(gaps) * 1000)
                session.deleteLater()
                qt_app.processEvents()
            finally:
                app.close()
    return samples


BENCHMARKS = [
    Benchmark(
        "import 50 twelve-megapixel JPEGs",
        4,
        Target(10, "s"),
        import_50,
    ),
    Benchmark(
        "import 50 twelve-megapixel JPEGs, encrypted (D36)",
        16,
        Target(10, "s"),
        lambda: import_50(encrypted=True),
    ),
    Benchmark(
        "longest event-loop stall during that import",
        4,
        Target(50, "ms", "max"),
        longest_stall,
    ),
]
