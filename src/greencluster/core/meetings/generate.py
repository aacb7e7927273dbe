"""Generated partnering events for benchmarks, demos and tests.

The shape follows what partnering days look like: demand is skewed (a few exhibitors and
large buyers are asked by many), most meetings are bilateral with some three- and four-way
meetings, organisers mark some requests as more important, and some participants arrive late,
leave early or have a block they cannot meet in. The figures are modelling choices for test
data, not statistics of any real event.
"""

from __future__ import annotations

import random

from greencluster.core.meetings.problem import Meeting, MeetingProblem


def generate_event(
    *,
    participants: int,
    requests: int,
    slots: int,
    tables: int,
    availability_gaps: bool = False,
    multilateral_share: float = 0.05,
    priorities: bool = True,
    seed: int = 0,
) -> MeetingProblem:
    """A random event with ``requests`` distinct meetings among ``participants`` people."""
    if participants < 2:
        raise ValueError("an event needs at least two participants")
    rng = random.Random(seed)
    people = [f"P{i:05d}" for i in range(participants)]
    popularity = [rng.lognormvariate(0.0, 0.6) for _ in people]
    seen: set[tuple[str, ...]] = set()
    meetings: list[Meeting] = []
    attempts = 0
    while len(meetings) < requests and attempts < 50 * requests:
        attempts += 1
        size = 2
        if rng.random() < multilateral_share:
            size = 3 if rng.random() < 0.7 else 4
        size = min(size, participants)
        group = {rng.choice(people)}
        while len(group) < size:
            group.add(rng.choices(people, weights=popularity)[0])
        key = tuple(sorted(group))
        if key in seen:
            continue
        seen.add(key)
        priority = 1
        if priorities:
            priority = rng.choices((1, 2, 3), weights=(75, 18, 7))[0]
        meetings.append(Meeting(f"M{len(meetings) + 1:06d}", key, priority))
    availability: dict[str, frozenset[int]] = {}
    if availability_gaps:
        for person in people:
            if rng.random() < 0.3:
                availability[person] = _availability(rng, slots)
    return MeetingProblem(slots, tables, tuple(meetings), availability)


def _availability(rng: random.Random, slots: int) -> frozenset[int]:
    every = set(range(1, slots + 1))
    kind = rng.choice(("late", "early", "break"))
    length = rng.randint(1, max(1, slots // 4))
    if kind == "late":
        away = set(range(1, length + 1))
    elif kind == "early":
        away = set(range(slots - length + 1, slots + 1))
    else:
        start = rng.randint(1, slots)
        away = set(range(start, min(slots, start + length - 1) + 1))
    return frozenset(every - away)
