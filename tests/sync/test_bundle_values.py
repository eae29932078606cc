"""Bundle entries are checked like pushed ones: field values within their limits, and only
entries signed by their authors travel."""

from __future__ import annotations

import random
import string
import time

from tests.sync.conftest import new_inspection
from tests.sync.test_bundle import log_size, reseal, signed_line, signing_key, trust
from tests.sync.test_bundle_signatures import bundle_lines

from inspector_app.domain.merge import Change
from inspector_app.operations import inspections as ops
from inspector_app.operations.sync import bundle_export as export_bundle
from inspector_app.operations.sync import bundle_import as import_bundle
from inspector_app.store.keys import held
from inspector_app.store.merge import apply_changes, changes_of

MB = 1024 * 1024


def test_a_20_mb_facts_value_is_refused_with_the_field_named(laptop, tmp_path):
    a, c = laptop("a"), laptop("c")
    trust(c, a)
    insp = new_inspection(a)
    defect = ops.add_defect(a, insp.id, severity="major", facts="原始事实")
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    lines = bundle_lines(tmp_path / "a.bundle")
    facts = next(e for e in lines if (e["kind"], e["field"]) == ("defect", "facts"))
    # Signed with A's real key (a modified app): the signature is fine, the value is not.
    # Random letters, so the file is as big as the text and no ratio limit stops it first.
    rng = random.Random(10)
    huge = "".join(rng.choices(string.ascii_letters, k=20 * MB))
    flood = {**facts, "change_id": "01a00000-0000-7000-8000-00000000020f", "value": huge}
    line = signed_line(flood, signing_key(a))
    reseal(tmp_path / "a.bundle", tmp_path / "flood.bundle", lambda ls: [*ls, line])
    assert (tmp_path / "flood.bundle").stat().st_size > 10 * MB

    start = time.perf_counter()
    done = import_bundle(c, tmp_path / "flood.bundle")
    seconds = time.perf_counter() - start
    ((change_id, reason),) = done.refused
    assert change_id == flood["change_id"]
    assert reason.startswith("defect.facts:") and "5000" in reason and "\n" not in reason
    assert flood["change_id"] not in {ch.change_id for ch in changes_of(c.store)}
    assert c.store.get("defect", defect.id).facts == "原始事实"
    assert done.new_changes == len(lines)  # the rest of the bundle applies
    print(f"\n20 MB facts entry refused in {seconds:.2f} s (import of the whole file)")
    # A laptop that does not know A's key yet holds the rest, but not the 20 MB text.
    d = laptop("d")
    waits = import_bundle(d, tmp_path / "flood.bundle")
    assert [cid for cid, _ in waits.refused] == [flood["change_id"]]
    assert waits.refused[0][1].startswith("defect.facts:")
    assert waits.held == len(lines)
    assert flood["change_id"] not in {h.change_id for h in held(d.store)}


def test_other_devices_unsigned_entries_are_left_out_of_an_export(laptop, tmp_path):
    a, b = laptop("a"), laptop("b")
    insp = new_inspection(a)
    ops.add_defect(a, insp.id, severity="major", facts="缺陷")
    export_bundle(a, insp.id, tmp_path / "a.bundle")
    # B holds A's entries without signatures, as a version before signatures merged them.
    entries = [
        Change.from_mapping({k: v for k, v in e.items() if k != "signature"})
        for e in bundle_lines(tmp_path / "a.bundle")
    ]
    apply_changes(b.store, entries, acknowledged=False)
    ops.add_defect(b, insp.id, severity="general", facts="B 的缺陷")
    own = [ch for ch in changes_of(b.store, insp.id) if ch.device_id == b.store.device_id]
    done = export_bundle(b, insp.id, tmp_path / "b.bundle")
    assert (done.changes, done.unsigned_left_out) == (len(own), len(entries))
    assert {e["device_id"] for e in bundle_lines(tmp_path / "b.bundle")} == {b.store.device_id}
    assert log_size(b) == len(entries) + len(own)  # left out of the file, not dropped
