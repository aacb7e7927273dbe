"""Re-scheduling after late changes with as few moved meetings as possible.

Late changes are expressed as a new :class:`MeetingProblem`: a cancelled meeting is left out,
a new request added, a participant leaving early gets an availability without the last slots.
The previous schedule is the starting point: meetings that still fit stay where they were,
displaced ones and new requests are placed by ejection chains (each chain moves a few
meetings), and the exact model, when the event is small enough, maximises

    priority × K + [meeting stays in its previous slot]      (K = number of kept meetings + 1)

so the weighted count comes first and the number of moved meetings second. Tables are kept
where they are free.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from greencluster.core.errors import SolverTimeout
from greencluster.core.meetings.instance import compile_problem
from greencluster.core.meetings.problem import MeetingProblem
from greencluster.core.meetings.result import Assignment, Schedule
from greencluster.core.meetings.solve import solve_instance


def reschedule(
    problem: MeetingProblem,
    previous: Schedule | Iterable[Assignment],
    *,
    time_limit_s: float = 30.0,
    seed: int = 0,
    workers: int = 2,
) -> Schedule:
    """A schedule for the changed ``problem`` close to ``previous``. ``moved_meetings`` in the
    result lists the meetings of ``previous`` that are still requested but now held in another
    slot or not at all (``moved`` counts them). Assignments of meetings no longer requested
    are ignored."""
    if time_limit_s <= 0:
        raise SolverTimeout(f"time limit must be positive, got {time_limit_s} s")
    inst = compile_problem(problem)
    assignments = previous.assignments if isinstance(previous, Schedule) else tuple(previous)
    index = {meeting_id: m for m, meeting_id in enumerate(inst.meeting_ids)}
    start = [-1] * inst.size
    previous_table: dict[int, int] = {}
    for a in assignments:
        m = index.get(a.meeting_id)
        if m is not None and a.slot - 1 in inst.allowed[m]:
            start[m] = a.slot - 1
            previous_table[m] = a.table
    kept_before = {index[a.meeting_id]: a.slot - 1 for a in assignments if a.meeting_id in index}
    scale = len(kept_before) + 1
    coefficient = [w * scale for w in inst.weight]
    bonus = {(m, s): 1 for m, s in kept_before.items()}
    result = solve_instance(
        problem,
        inst,
        coefficient,
        time_limit_s=time_limit_s,
        seed=seed,
        workers=workers,
        bonus=bonus,
        start=start,
        previous_table=previous_table,
    )
    now = result.by_meeting()
    moved = tuple(
        inst.meeting_ids[m]
        for m, s in sorted(kept_before.items())
        if inst.meeting_ids[m] not in now or now[inst.meeting_ids[m]].slot != s + 1
    )
    return dataclasses.replace(result, moved_meetings=moved)
