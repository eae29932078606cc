"""The annotation layer travels like any field: by USB bundle between laptops, and the server
accepts a valid layer and refuses a malformed one. The photo bytes do not change."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from PIL import Image
from tests.sync.test_bundle import signing_key

from inspector_app.domain.annotations import dump_annotations, parse_annotations
from inspector_app.domain.hlc import HybridClock
from inspector_app.operations import App
from inspector_app.operations import inspections as ops
from inspector_app.operations.photos import save_annotations
from inspector_app.operations.sync import bundle_export, bundle_import
from inspector_app.store.keys import DeviceKey, replace_device_keys
from inspector_app.sync.protocol import ChangeEntry

FIXTURES = Path(__file__).parents[1] / "operations" / "fixtures"
LAYER = [
    {"type": "arrow", "x1": 0.1, "y1": 0.2, "x2": 0.5, "y2": 0.6},
    {"type": "text", "x": 0.05, "y": 0.9, "text": "压差表读数 3Pa"},
]


def test_layer_reaches_another_laptop_by_bundle(tmp_path):
    source = tmp_path / "IMG_0007.JPG"
    Image.new("RGB", (320, 240), (90, 120, 140)).save(source, "JPEG")
    with App(tmp_path / "a", actor="王建国", checklist_dirs=[FIXTURES]) as a:
        insp = ops.create_inspection(
            a, company_name="同步药业", inspection_type="gmp_compliance", checklist_id="mini-gmp"
        )
        photo = ops.attach_photo(a, insp.id, source)
        save_annotations(a, photo.id, LAYER)
        bundle_export(a, insp.id, tmp_path / "usb.zip")
        a_key = DeviceKey(a.store.device_id, signing_key(a).public_text, "王建国")
    with App(tmp_path / "b", actor="李敏", checklist_dirs=[FIXTURES]) as b:
        replace_device_keys(b.store, [a_key])  # as a sync would: B knows A's key
        bundle_import(b, tmp_path / "usb.zip")
        there = b.store.get("photo", photo.id)
        assert dump_annotations(there.annotations) == dump_annotations(parse_annotations(LAYER))
        original = b.blobs.read(photo.sha256)
        assert hashlib.sha256(original).hexdigest() == photo.sha256 == there.sha256
        assert original == source.read_bytes()


def test_server_accepts_a_layer_and_refuses_a_malformed_one():
    from inspector_app.server.changelog import check_entry

    entry = ChangeEntry(
        change_id="c1",
        kind="photo",
        record_id="r1",
        inspection_id="i1",
        field="annotations",
        value=dump_annotations(parse_annotations(LAYER)),
        hlc=HybridClock().now().encode(),
        device_id="d1",
    )
    now = int(time.time() * 1000)
    assert check_entry(entry, now) is None
    outside = entry.model_copy(update={"value": [{**LAYER[0], "x1": 5}]})
    assert "photo.annotations" in check_entry(outside, now)
    too_many = entry.model_copy(update={"value": [LAYER[0]] * 201})
    assert check_entry(too_many, now) is not None
