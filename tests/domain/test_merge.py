"""LWW per field converges whatever the order, duplication or grouping of entries."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from inspector_app.domain.merge import Change, is_concurrent, materialise, state_hash, winners


def ch(cid, field, value, hlc, device, base=None, record="r1"):
    return Change(cid, "defect", record, "i1", field, value, hlc, device, base)


def test_greatest_clock_wins_then_device_breaks_ties():
    a = ch("1", "facts", "A", "000000000000010-000000", "dev-a")
    b = ch("2", "facts", "B", "000000000000010-000000", "dev-b")
    c = ch("3", "facts", "C", "000000000000009-000005", "dev-z")
    assert winners([a, b, c])[("defect", "r1", "facts")] is b


def test_deliberate_overwrite_is_not_a_conflict():
    first = ch("1", "facts", "old", "000000000000010-000000", "a")
    edit = ch("2", "facts", "new", "000000000000020-000000", "b", base=first.hlc)
    assert not is_concurrent(first, edit)


def test_concurrent_edits_are_a_conflict():
    base = "000000000000010-000000"
    mine = ch("1", "facts", "mine", "000000000000020-000000", "a", base=base)
    theirs = ch("2", "facts", "theirs", "000000000000021-000000", "b", base=base)
    assert is_concurrent(mine, theirs)
    # Same value written twice is no conflict.
    same = ch("3", "facts", "theirs", "000000000000019-000000", "c", base=base)
    assert not is_concurrent(same, theirs)


changes_strategy = st.lists(
    st.builds(
        lambda i, rec, field, value, wall, dev: ch(
            f"c{i}", field, value, f"{wall:015d}-000000", dev, record=rec
        ),
        st.integers(0, 10_000),
        st.sampled_from(["r1", "r2", "r3"]),
        st.sampled_from(["facts", "severity", "location"]),
        st.text(max_size=3),
        st.integers(0, 50),
        st.sampled_from(["dev-a", "dev-b", "dev-c"]),
    ),
    max_size=40,
    unique_by=lambda c: c.change_id,
)


@settings(max_examples=200, derandomize=True)
@given(changes_strategy, st.integers(0, 2**32))
def test_state_is_a_function_of_the_set_of_entries(changes, seed):
    rng = random.Random(seed)
    shuffled = changes[:]
    rng.shuffle(shuffled)
    duplicated = shuffled + rng.sample(shuffled, k=len(shuffled) // 2)
    assert state_hash(materialise(changes)) == state_hash(materialise(duplicated))
    # Merging in two halves, in either order, gives the same state as all at once.
    half = len(changes) // 2
    left, right = (
        materialise(changes[:half] + changes[half:]),
        materialise(changes[half:] + changes[:half]),
    )
    assert state_hash(left) == state_hash(right)
