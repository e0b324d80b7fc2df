"""`subtract` (free intervals minus taken ones) against the plainest model: sets of minutes."""

import datetime as dt
import itertools

from hypothesis import given
from hypothesis import strategies as st

from fabdesk.booking.selectors import subtract

ORIGIN = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)


def at(minute: int) -> dt.datetime:
    return ORIGIN + dt.timedelta(minutes=minute)


def minutes(intervals) -> set[int]:
    return {
        m
        for start, end in intervals
        for m in range(
            int((start - ORIGIN).total_seconds() // 60), int((end - ORIGIN).total_seconds() // 60)
        )
    }


pairs = st.tuples(st.integers(0, 600), st.integers(1, 120)).map(lambda p: (p[0], p[0] + p[1]))


@given(st.lists(pairs, max_size=8), st.lists(pairs, max_size=15))
def test_subtract_leaves_exactly_the_free_minutes_not_taken(free_raw, taken_raw):
    # Free intervals as the schedule gives them: sorted, disjoint, not touching.
    free_minutes = minutes([(at(a), at(b)) for a, b in free_raw])
    free, run = [], None
    for m in sorted(free_minutes):
        if run and run[1] == m:
            run[1] = m + 1
        else:
            run = [m, m + 1]
            free.append(run)
    free = [(at(a), at(b)) for a, b in free]
    taken = [(at(a), at(b)) for a, b in taken_raw]

    result = subtract(free, taken)

    assert minutes(result) == free_minutes - minutes(taken)
    assert all(start < end for start, end in result)
    assert result == sorted(result)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(result))
