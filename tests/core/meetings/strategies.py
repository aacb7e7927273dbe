"""Hypothesis strategies for tiny partnering events."""

from __future__ import annotations

from hypothesis import strategies as st

from greencluster.core.meetings import Meeting, MeetingProblem

PEOPLE = ("a", "b", "c", "d", "e")


@st.composite
def tiny_events(draw: st.DrawFn, max_meetings: int = 6) -> MeetingProblem:
    slots = draw(st.integers(1, 3))
    tables = draw(st.integers(1, 3))
    count = draw(st.integers(1, max_meetings))
    meetings = []
    for i in range(count):
        people = draw(st.lists(st.sampled_from(PEOPLE), min_size=2, max_size=3, unique=True))
        priority = draw(st.integers(1, 3))
        meetings.append(Meeting(f"m{i}", tuple(people), priority))
    availability = {}
    for person in PEOPLE:
        if draw(st.booleans()):
            availability[person] = frozenset(draw(st.sets(st.integers(1, slots), max_size=slots)))
    return MeetingProblem(slots, tables, tuple(meetings), availability)
