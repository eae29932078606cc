"""Fixtures for the report tests: the demo inspection, signed at the closing meeting."""

from __future__ import annotations

import io
import itertools
import math
import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.demo import seed_demo


def signature_png(name_seed: int, width: int = 420, height: int = 150) -> bytes:
    """A handwritten-looking signature: a few connected pen strokes with varying pressure."""
    rng = random.Random(name_seed)
    img = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    x = 20.0
    for _stroke in range(3):
        points = []
        amp, freq = rng.uniform(18, 40), rng.uniform(0.05, 0.12)
        phase, base = rng.uniform(0, 6), rng.uniform(60, 90)
        for _ in range(rng.randint(25, 40)):
            x += rng.uniform(2.5, 4.5)
            y = base + amp * math.sin(freq * x * 3 + phase) + rng.uniform(-4, 4)
            points.append((x, y))
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            draw.line([(x0, y0), (x1, y1)], fill=(20, 30, 90, 255), width=rng.choice((3, 4)))
        x += rng.uniform(10, 25)
    draw.line([(30, 125), (min(x, width - 20), 118)], fill=(20, 30, 90, 255), width=3)
    img = img.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def sign_demo(app: App, iid: str) -> None:
    ops.sign(app, iid, "inspector", "王建国", signature_png(1))
    ops.sign(app, iid, "inspector", "李敏", signature_png(2))
    ops.sign(app, iid, "company", "赵质量（质量受权人）", signature_png(3))


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A data dir holding the demo, signed by two inspectors and the company (read-only use)."""
    data = tmp_path_factory.mktemp("report-demo")
    with App(data, actor="测试员") as app:
        iid = seed_demo(app)
        sign_demo(app, iid)
    return data, iid


@pytest.fixture
def demo(demo_dir: tuple[Path, str]):
    data, iid = demo_dir
    app = App(data, actor="测试员")
    yield app, iid
    app.close()


@pytest.fixture
def fresh_demo(tmp_path: Path):
    """A demo of one's own, for tests that change the record."""
    app = App(tmp_path / "data", actor="测试员")
    iid = seed_demo(app)
    sign_demo(app, iid)
    yield app, iid
    app.close()
