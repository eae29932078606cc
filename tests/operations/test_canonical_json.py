"""The interchange format's canonical bytes are json.dumps's, exactly: the report digest of
every PDF already issued and every exported file depend on them (operations/records.py writes
them out itself for speed)."""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_app.operations.demo import seed_demo
from inspector_app.operations.records import canonical_json, read_snapshot


def reference(data: object) -> bytes:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1, separators=(",", ": "))
    return (text + "\n").encode("utf-8")


leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
)
trees = st.recursive(
    leaves,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(trees)
def test_any_json_value_gives_jsons_own_bytes(data: object) -> None:
    assert canonical_json(data) == reference(data)


def test_keys_json_would_coerce_and_odd_numbers() -> None:
    for data in (
        {1: "a", 2: [True, None, 2.5]},
        {"x": {2: {3: []}}, "y": {}},
        [math.nan, math.inf, -math.inf, -0.0, 1e300, 10**30],
        ['\u0000\u001f"\\\u2028 中文 \U0001f600'],
        (1, (2, ())),
    ):
        assert canonical_json(data) == reference(data)


def test_a_real_inspection_document_gives_the_same_digest_bytes(tmp_path) -> None:
    from inspector_app.operations import App

    with App(tmp_path / "data", actor="王建国") as app:
        iid = seed_demo(app)
        document = read_snapshot(app, iid).document()
    assert canonical_json(document) == reference(document)
