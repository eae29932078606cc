import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector_app.domain.hlc import MAX_COUNTER, ClockDriftError, HybridClock, Timestamp


def fixed(values):
    it = iter(values)
    last = [0]

    def wall():
        last[0] = next(it, last[0])
        return last[0]

    return wall


def test_monotonic_when_wall_clock_goes_backwards():
    clock = HybridClock(wall=fixed([1000, 1000, 900, 800, 1200]))
    stamps = [clock.now() for _ in range(5)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 5
    assert stamps[2] == Timestamp(1000, 2)
    assert stamps[4] == Timestamp(1200, 0)


def test_observe_moves_past_remote():
    clock = HybridClock(wall=fixed([1000]))
    remote = Timestamp(5000, 7)
    after = clock.observe(remote)
    assert after > remote
    assert clock.now() > after


def test_observe_refuses_far_future():
    clock = HybridClock(wall=lambda: 0, max_drift_ms=24 * 3600 * 1000)
    clock.observe(Timestamp(24 * 3600 * 1000, 0))  # exactly at the limit is fine
    with pytest.raises(ClockDriftError, match="ahead"):
        clock.observe(Timestamp(24 * 3600 * 1000 + 1, 0))


def test_counter_overflow_borrows_a_millisecond():
    clock = HybridClock(last=Timestamp(10, MAX_COUNTER), wall=lambda: 5)
    assert clock.now() == Timestamp(11, 0)


@given(
    st.integers(0, 10**14),
    st.integers(0, MAX_COUNTER),
    st.integers(0, 10**14),
    st.integers(0, MAX_COUNTER),
)
def test_encoding_preserves_order(w1, c1, w2, c2):
    a, b = Timestamp(w1, c1), Timestamp(w2, c2)
    assert Timestamp.decode(a.encode()) == a
    assert (a < b) == (a.encode() < b.encode())


def test_decode_rejects_garbage():
    with pytest.raises(ValueError):
        Timestamp.decode("12-3")
