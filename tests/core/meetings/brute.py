"""Brute-force optimum of tiny events: every slot choice per meeting, written independently of
the solver (its own feasibility rules), for comparing with the solver and the bounds."""

from __future__ import annotations

import dataclasses
import itertools

from greencluster.core.meetings import MeetingProblem


def feasible(problem: MeetingProblem, choice: tuple[int, ...]) -> bool:
    """``choice[i]`` is meeting i's slot (1-based) or 0 for not held."""
    busy: set[tuple[str, int]] = set()
    per_slot: dict[int, int] = {}
    for meeting, slot in zip(problem.meetings, choice, strict=True):
        if slot == 0:
            if meeting.locked_slot is not None:
                return False
            continue
        if meeting.locked_slot is not None and slot != meeting.locked_slot:
            return False
        for person in meeting.participants:
            if (person, slot) in busy or slot not in problem.available_slots(person):
                return False
            busy.add((person, slot))
        per_slot[slot] = per_slot.get(slot, 0) + 1
        if per_slot[slot] > problem.tables:
            return False
    return True


def best_weighted(problem: MeetingProblem) -> int:
    """The optimum weighted count (problems without fixed or locked tables)."""
    options = range(problem.slots + 1)
    best = 0
    for choice in itertools.product(options, repeat=len(problem.meetings)):
        if feasible(problem, choice):
            value = sum(m.priority for m, s in zip(problem.meetings, choice, strict=True) if s)
            best = max(best, value)
    return best


def best_count(problem: MeetingProblem) -> int:
    """The largest number of meetings that can be held (every priority counted as 1)."""
    ones = tuple(dataclasses.replace(m, priority=1) for m in problem.meetings)
    return best_weighted(dataclasses.replace(problem, meetings=ones))
