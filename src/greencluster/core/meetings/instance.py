"""The problem in index form, shared by the heuristic, the CP-SAT model and the bounds.

Meetings, participants and slots become 0-based integers; tables keep the organiser's
numbers. Each meeting has a table rule:

- ``special`` empty and ``general`` true: any free table nobody has fixed;
- ``special`` = (t,) and ``general`` true: locked to table t, which nobody has fixed;
- ``special`` non-empty and ``general`` false: one of the exhibitors' fixed tables.

A slot's meetings can be given tables exactly when the general ones number at most
``general_capacity`` and every special table is used at most once (tables as a later step,
see :func:`greencluster.core.meetings.result.assign_tables`).
"""

from __future__ import annotations

from dataclasses import dataclass

from greencluster.core.meetings.problem import MeetingProblem


@dataclass(frozen=True, slots=True)
class Instance:
    slots: int
    tables: int
    participants: tuple[str, ...]
    meeting_ids: tuple[str, ...]
    parts: tuple[tuple[int, ...], ...]
    weight: tuple[int, ...]
    allowed: tuple[tuple[int, ...], ...]
    special: tuple[tuple[int, ...], ...]
    general: tuple[bool, ...]
    locked: tuple[int, ...]
    general_capacity: int
    general_tables: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.meeting_ids)


def compile_problem(problem: MeetingProblem) -> Instance:
    """Index form of ``problem`` (which validated itself when it was built)."""
    people = problem.participants
    index = {p: i for i, p in enumerate(people)}
    reserved = problem.reserved_tables
    parts, allowed, special, general, locked = [], [], [], [], []
    for meeting in problem.meetings:
        parts.append(tuple(index[p] for p in meeting.participants))
        allowed.append(tuple(s - 1 for s in problem.allowed_slots(meeting)))
        tables = problem.allowed_tables(meeting)
        special.append(tuple(sorted(tables)) if tables is not None else ())
        general.append(tables is None or not tables & reserved)
        locked.append(meeting.locked_slot - 1 if meeting.locked_slot is not None else -1)
    return Instance(
        slots=problem.slots,
        tables=problem.tables,
        participants=people,
        meeting_ids=tuple(m.meeting_id for m in problem.meetings),
        parts=tuple(parts),
        weight=tuple(m.priority for m in problem.meetings),
        allowed=tuple(allowed),
        special=tuple(special),
        general=tuple(general),
        locked=tuple(locked),
        general_capacity=problem.tables - len(reserved),
        general_tables=tuple(t for t in range(1, problem.tables + 1) if t not in reserved),
    )
