"""Hypothesis strategies for tiny partnering events."""

from __future__ import annotations

import dataclasses

from hypothesis import assume
from hypothesis import strategies as st

from greencluster.core.meetings import InvalidProblem, Meeting, MeetingProblem

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


@st.composite
def tiny_events_with_tables(draw: st.DrawFn) -> MeetingProblem:
    """Tiny events with exhibitors' fixed tables and some locked meetings (valid ones only)."""
    base = draw(tiny_events(max_meetings=6))
    tables = base.tables + 2
    fixed = {"a": tables - 1} if draw(st.booleans()) else {}
    if draw(st.booleans()):
        fixed["b"] = tables
    meetings = []
    for meeting in base.meetings:
        slot = draw(st.none() | st.integers(1, base.slots))
        meetings.append(dataclasses.replace(meeting, locked_slot=slot))
    try:
        return MeetingProblem(base.slots, tables, tuple(meetings), base.availability, fixed)
    except InvalidProblem:
        assume(False)
        raise
