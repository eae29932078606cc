"""Screenshots of the defect editor and the closing-meeting signature step, on the demo.

Run under Xvfb with the real xcb platform:
    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python scripts/shots_defects.py
Writes docs/screenshots/defect-editor.png and docs/screenshots/signature.png.
"""

from __future__ import annotations

import math
import random
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.demo import seed_demo
from inspector_app.ui.app import choose_cjk_font
from inspector_app.ui.closing import ClosingMeetingDialog, SignaturePad
from inspector_app.ui.defects.editor import DefectEditor
from inspector_app.ui.session import InspectionSession

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def settle(qt_app: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        qt_app.processEvents()


def second_photo(path: Path) -> Path:
    """A synthetic close-up of a calibration label (no real company shown)."""
    rng = random.Random(5)
    img = Image.new("RGB", (1600, 1200), (205, 208, 210))
    d = ImageDraw.Draw(img)
    d.rectangle([380, 260, 1220, 940], fill=(238, 236, 226), outline=(90, 90, 90), width=10)
    d.rectangle([460, 340, 1140, 470], fill=(40, 120, 60))
    for y in range(540, 900, 80):
        d.line([480, y, 1120, y], fill=(120, 120, 120), width=6)
    for _ in range(4000):
        x, y = rng.randrange(1600), rng.randrange(1200)
        v = rng.randint(-25, 25)
        r, g, b = img.getpixel((x, y))
        img.putpixel((x, y), (max(0, r + v), max(0, g + v), max(0, b + v)))
    img.filter(ImageFilter.GaussianBlur(1.0)).save(path, "JPEG", quality=88)
    return path


def handwriting(pad: SignaturePad, seed: int, x0: float, width: float) -> None:
    """A few looping strokes that read as a hand signature."""
    rng = random.Random(seed)
    mid = pad.height() * 0.5
    for stroke in range(3):
        start = x0 + stroke * width / 3
        pad._begin(QPointF(start, mid + rng.uniform(-10, 10)), 0.5)
        for step in range(1, 40):
            t = step / 39
            x = start + t * width / 3.2
            y = mid + 28 * math.sin(t * math.pi * (2 + stroke)) * (1 - 0.4 * t)
            pad._extend(QPointF(x, y + rng.uniform(-2, 2)), 0.35 + 0.5 * math.sin(t * math.pi))
        pad._end()
    pad._begin(QPointF(x0 - 5, mid + 38), 0.4)  # the underline flourish
    for step in range(1, 25):
        pad._extend(QPointF(x0 - 5 + step * width / 24, mid + 38 - step * 0.6), 0.5)
    pad._end()


def main() -> int:
    qt_app = QApplication.instance() or QApplication(sys.argv)
    font = choose_cjk_font()
    if font is not None:
        qt_app.setFont(font)
    OUT.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="shots-defects-") as tmp,
        App(Path(tmp) / "data", actor="王建国") as app,
    ):
        iid = seed_demo(app)
        session = InspectionSession(app, iid)
        record = session.record
        with_photo = {p.defect_id for p in record.photos if p.defect_id}
        defect = next(d for d in record.defects if d.id in with_photo and d.item_id)
        ops.attach_photo(
            app,
            iid,
            second_photo(Path(tmp) / "IMG_2031.jpg"),
            defect_id=defect.id,
            caption="校准状态标识特写",
        )
        session.reload()

        editor = DefectEditor(session, None, defect_id=defect.id)
        editor.resize(900, 760)
        editor.show()
        settle(qt_app)
        editor.grab().save(str(OUT / "defect-editor.png"))
        editor.done(0)

        dialog = ClosingMeetingDialog(session)
        dialog.resize(1000, 860)
        dialog.show()
        settle(qt_app)
        lead = dialog.inspector_boxes[0]
        handwriting(lead.pad, 1, 40, 300)
        dialog.sign(lead)
        company = dialog.company_box
        assert company is not None and company.name_edit is not None
        company.name_edit.setText("赵宏（质量受权人）")
        handwriting(company.pad, 2, 60, 360)
        settle(qt_app)
        dialog.grab().save(str(OUT / "signature.png"))
        dialog.done(0)
    print(f"wrote {OUT / 'defect-editor.png'} and {OUT / 'signature.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
