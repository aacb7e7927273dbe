"""The schedule as the organiser sees it: which meeting is where and when, how good it is.

``upper_bound`` proves quality: no schedule of the same problem can reach a weighted count
above it, so ``weighted_count / upper_bound`` is a guaranteed share of the best possible.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

from greencluster.core.meetings.instance import Instance
from greencluster.core.meetings.problem import MeetingProblem


@dataclass(frozen=True, slots=True)
class Assignment:
    meeting_id: str
    slot: int
    table: int


@dataclass(frozen=True, slots=True)
class Schedule:
    """A schedule with its quality.

        ``weighted_count`` sums the priorities of held meetings; ``upper_bound`` bounds it for any
        schedule (``bound_source`` names the argument); ``count_upper_bound`` does the same for the
        plain number of meetings. ``idle_gaps`` counts, over participants, the idle periods between
        their first and last meeting. ``moved_meetings`` lists the meetings a re-schedule moved to
    another slot or dropped (the people to tell).
    """

    assignments: tuple[Assignment, ...]
    scheduled_count: int
    weighted_count: int
    upper_bound: int
    count_upper_bound: int
    bound_source: str
    proven_optimal: bool
    idle_gaps: int
    unscheduled: tuple[str, ...]
    moved_meetings: tuple[str, ...] = ()
    statistics: Mapping[str, float | int | str] = field(
        default_factory=lambda: MappingProxyType({})
    )

    @property
    def moved(self) -> int:
        return len(self.moved_meetings)

    @property
    def share_of_bound(self) -> float:
        """Weighted count as a share of the upper bound (1.0 when nothing can be held)."""
        return self.weighted_count / self.upper_bound if self.upper_bound else 1.0

    def by_meeting(self) -> dict[str, Assignment]:
        return {a.meeting_id: a for a in self.assignments}

    def summary(self) -> str:
        """One paragraph for people: "N of at most M possible", weighted and plain."""
        verdict = (
            "proven optimal"
            if self.proven_optimal
            else (f"not proven optimal: at least {self.share_of_bound:.2%} of the best possible")
        )
        return (
            f"scheduled {self.scheduled_count} of at most {self.count_upper_bound} possible "
            f"meetings; weighted by priority {self.weighted_count} of at most "
            f"{self.upper_bound} possible ({verdict}; bound from {self.bound_source}); "
            f"{self.idle_gaps} idle gaps"
        )


def assign_tables(
    inst: Instance,
    slot_of: Sequence[int],
    special_table: Mapping[int, int] | None = None,
    previous_table: Mapping[int, int] | None = None,
) -> list[int]:
    """Table per meeting (0 when not held) for a slot assignment that respects the per-slot
    table constraints. ``special_table`` gives the chosen table of meetings with several
    allowed tables; ``previous_table`` is kept where it is free (re-scheduling)."""
    special_table = special_table or {}
    previous_table = previous_table or {}
    table_of = [0] * inst.size
    taken: set[tuple[int, int]] = set()
    for m in sorted(range(inst.size), key=lambda m: len(inst.special[m])):
        s = slot_of[m]
        if s < 0 or not inst.special[m]:
            continue
        table = special_table.get(m)
        if table is None:
            table = next(t for t in inst.special[m] if (s, t) not in taken)
        table_of[m] = table
        taken.add((s, table))
    pending = [m for m, s in enumerate(slot_of) if s >= 0 and not inst.special[m]]
    for m in pending:
        wanted = previous_table.get(m)
        if wanted in inst.general_tables and (slot_of[m], wanted) not in taken:
            table_of[m] = wanted
            taken.add((slot_of[m], wanted))
    cursor = [0] * inst.slots
    for m in pending:
        s = slot_of[m]
        if table_of[m]:
            continue
        while (s, inst.general_tables[cursor[s]]) in taken:
            cursor[s] += 1
        table_of[m] = inst.general_tables[cursor[s]]
        taken.add((s, table_of[m]))
    return table_of


def idle_gaps(problem: MeetingProblem, assignments: Sequence[Assignment]) -> int:
    """Idle periods between a participant's meetings, summed over participants."""
    slots_of: dict[str, set[int]] = {}
    by_id = {m.meeting_id: m for m in problem.meetings}
    for a in assignments:
        for p in by_id[a.meeting_id].participants:
            slots_of.setdefault(p, set()).add(a.slot)
    gaps = 0
    for busy in slots_of.values():
        blocks = sum(1 for s in busy if s - 1 not in busy)
        gaps += blocks - 1
    return gaps


def build_schedule(
    problem: MeetingProblem,
    inst: Instance,
    slot_of: Sequence[int],
    table_of: Sequence[int],
    *,
    upper_bound: int,
    count_upper_bound: int,
    bound_source: str,
    statistics: Mapping[str, float | int | str] | None = None,
) -> Schedule:
    """The :class:`Schedule` of a slot (and table) per meeting, -1 for not held. The bounds
    are reported as computed (each rounded down from its solver's value, never raised to the
    count achieved), so the checker can catch an invalid one."""
    assignments = tuple(
        Assignment(inst.meeting_ids[m], s + 1, table_of[m]) for m, s in enumerate(slot_of) if s >= 0
    )
    weighted = sum(inst.weight[m] for m, s in enumerate(slot_of) if s >= 0)
    return Schedule(
        assignments=assignments,
        scheduled_count=len(assignments),
        weighted_count=weighted,
        upper_bound=upper_bound,
        count_upper_bound=count_upper_bound,
        bound_source=bound_source,
        proven_optimal=weighted >= upper_bound,
        idle_gaps=idle_gaps(problem, assignments),
        unscheduled=tuple(inst.meeting_ids[m] for m, s in enumerate(slot_of) if s < 0),
        statistics=MappingProxyType(dict(statistics or {})),
    )
