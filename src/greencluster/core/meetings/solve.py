"""Solve a :class:`MeetingProblem`: heuristic, bounds, exact model, gaps, tables.

Time is split so that a result always exists: cheap bounds and the selection MIP first (its
solution guides the heuristic), then the heuristic, then — only if the schedule is not yet
proven optimal — the slot LP bound and CP-SAT seeded with the heuristic schedule; on small
events a second CP-SAT stage minimises idle gaps with the meeting value fixed. Events too big
for CP-SAT in the time at hand are left to the heuristic and the bounds. Everything runs in
the calling thread.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from greencluster.core.errors import SolverTimeout
from greencluster.core.meetings import bounds as bounds_mod
from greencluster.core.meetings.heuristic import schedule_heuristically
from greencluster.core.meetings.instance import Instance, compile_problem
from greencluster.core.meetings.model import (
    SlotModel,
    add_gap_stage,
    build_model,
    variable_count,
)
from greencluster.core.meetings.problem import MeetingProblem
from greencluster.core.meetings.result import Schedule, assign_tables, build_schedule

CPSAT_MAX_VARIABLES = 60_000
"""Above this many (meeting, slot) Booleans CP-SAT is skipped: on two cores it does not even
load the heuristic's hint of a 100,000-variable model within half a minute, while the
heuristic keeps improving."""


GAP_STAGE_MAX_S = 10.0
GAP_STAGE_MAX_VARIABLES = 6_000
"""Idle gaps are secondary. CP-SAT's presolve of the gap model of a 24,000-variable event
outlasts ten seconds on two cores, so bigger events keep the heuristic's gap compaction."""


@dataclass(slots=True)
class _BoundTracker:
    """Best weighted bound so far and every bound computed."""

    value: int
    source: str
    found: list[bounds_mod.Bound] = field(default_factory=list)

    def offer(self, bound: bounds_mod.Bound) -> None:
        self.found.append(bound)
        if bound.value < self.value:
            self.value, self.source = bound.value, bound.name


@dataclass(slots=True)
class _Outcome:
    slot_of: list[int]
    special_table: dict[int, int]
    stats: dict[str, float | int | str]


def solve(
    problem: MeetingProblem,
    *,
    time_limit_s: float = 30.0,
    seed: int = 0,
    workers: int = 2,
) -> Schedule:
    """Schedule as many meetings (weighted by priority) as possible, then fewest idle gaps.

    Returns a :class:`Schedule` with its proven upper bound. Raises :class:`SolverTimeout`
    only when ``time_limit_s`` is not positive.
    """
    if time_limit_s <= 0:
        raise SolverTimeout(f"time limit must be positive, got {time_limit_s} s")
    inst = compile_problem(problem)
    return solve_instance(
        problem, inst, inst.weight, time_limit_s=time_limit_s, seed=seed, workers=workers
    )


def solve_instance(
    problem: MeetingProblem,
    inst: Instance,
    coefficient: Sequence[int],
    *,
    time_limit_s: float,
    seed: int,
    workers: int,
    bonus: Mapping[tuple[int, int], int] | None = None,
    start: list[int] | None = None,
    previous_table: Mapping[int, int] | None = None,
) -> Schedule:
    """Shared by :func:`solve` and re-scheduling: maximise ``coefficient`` per held meeting
    plus ``bonus`` per (meeting, slot), starting from ``start`` when given."""
    began = time.perf_counter()
    deadline = began + time_limit_s
    weights = inst.weight
    tracker = _cheap_bounds(inst, weights)
    selection = bounds_mod.selection_bound(inst, weights, time_limit_s=0.15 * time_limit_s)
    tracker.offer(selection.bound)
    count_bound = _count_bound(inst, tracker, min(0.1 * time_limit_s, 10.0))
    use_cpsat = variable_count(inst) <= CPSAT_MAX_VARIABLES
    heuristic_share = 0.5 if use_cpsat else 0.95
    heuristic = schedule_heuristically(
        inst,
        time_limit_s=heuristic_share * (deadline - time.perf_counter()),
        seed=seed,
        start=start,
        target=lambda: tracker.value,
        preferred=selection.chosen,
        stable=bonus is not None,
    )
    outcome = _Outcome(
        list(heuristic.slot_of),
        {},
        {
            "heuristic_weighted": heuristic.weighted,
            "heuristic_seconds": round(heuristic.seconds, 3),
            "heuristic_rounds": heuristic.iterations,
        },
    )
    left = deadline - time.perf_counter()
    if (
        heuristic.weighted < tracker.value
        and bounds_mod.slot_lp_columns(inst) <= bounds_mod.MAX_SLOT_LP_COLUMNS
        and left > 1.0
    ):
        tracker.offer(bounds_mod.lp_bound(inst, weights, time_limit_s=0.4 * left))
    all_kept = all(outcome.slot_of[m] == s for m, s in (bonus or {}))
    if use_cpsat and (heuristic.weighted < tracker.value or not all_kept):
        _run_cpsat(inst, coefficient, bonus, outcome, tracker, deadline, seed, workers)
    if variable_count(inst) <= GAP_STAGE_MAX_VARIABLES and not bonus:
        _run_gap_stage(inst, coefficient, outcome, deadline, seed, workers)
    for bound in list(tracker.found):
        outcome.stats[f"bound {bound.name}"] = bound.value
    outcome.stats["wall_seconds"] = round(time.perf_counter() - began, 3)
    table_of = assign_tables(
        inst,
        outcome.slot_of,
        outcome.special_table or heuristic_tables(inst, outcome.slot_of),
        previous_table,
    )
    return build_schedule(
        problem,
        inst,
        outcome.slot_of,
        table_of,
        upper_bound=tracker.value,
        count_upper_bound=count_bound,
        bound_source=tracker.source,
        statistics=outcome.stats,
    )


def heuristic_tables(inst: Instance, slot_of: Sequence[int]) -> dict[int, int]:
    """Tables of meetings with several allowed tables, chosen per slot by bipartite matching
    (Kuhn's augmenting paths; such meetings are few: exhibitors meeting exhibitors)."""
    chosen: dict[int, int] = {}
    holder: dict[tuple[int, int], int] = {}
    for m in sorted(range(inst.size), key=lambda m: len(inst.special[m])):
        if slot_of[m] >= 0 and inst.special[m]:
            _augment(inst, slot_of, m, chosen, holder, set())
    return chosen


def _augment(
    inst: Instance,
    slot_of: Sequence[int],
    m: int,
    chosen: dict[int, int],
    holder: dict[tuple[int, int], int],
    seen: set[int],
) -> bool:
    s = slot_of[m]
    for t in inst.special[m]:
        if t in seen:
            continue
        seen.add(t)
        other = holder.get((s, t))
        if other is None or _augment(inst, slot_of, other, chosen, holder, seen):
            chosen[m] = t
            holder[(s, t)] = m
            return True
    return False


def _cheap_bounds(inst: Instance, weights: tuple[int, ...]) -> _BoundTracker:
    tracker = _BoundTracker(
        sum(w for m, w in enumerate(weights) if inst.allowed[m]), "meetings with an allowed slot"
    )
    for bound in bounds_mod.cheap_bounds(inst, weights):
        tracker.offer(bound)
    return tracker


def _count_bound(inst: Instance, tracker: _BoundTracker, time_limit_s: float) -> int:
    """Bound on the plain number of meetings (the weighted bound when all priorities are 1)."""
    if all(w == 1 for w in inst.weight):
        return tracker.value
    ones = (1,) * inst.size
    return min(
        sum(1 for a in inst.allowed if a),
        bounds_mod.capacity_bound(inst, ones),
        bounds_mod.participant_bound(inst, ones),
        bounds_mod.selection_bound(inst, ones, time_limit_s=time_limit_s).bound.value,
    )


def _run_cpsat(
    inst: Instance,
    coefficient: Sequence[int],
    bonus: Mapping[tuple[int, int], int] | None,
    outcome: _Outcome,
    tracker: _BoundTracker,
    deadline: float,
    seed: int,
    workers: int,
) -> None:
    if deadline - time.perf_counter() < 0.5:
        return
    sm = build_model(inst, coefficient, bonus=bonus, hint=outcome.slot_of)
    budget = (0.75 if not bonus else 1.0) * (deadline - time.perf_counter())
    before = (outcome.slot_of, outcome.special_table)
    solver = _solve_and_adopt(sm, inst, budget, seed, workers, outcome, "cpsat")
    if _value(coefficient, bonus, outcome.slot_of) < _value(coefficient, bonus, before[0]):
        outcome.slot_of, outcome.special_table = before
    outcome.stats["cpsat_variables"] = len(sm.x) + len(sm.at_table)
    if solver is not None and not bonus:
        bound = int(solver.best_objective_bound + 1e-6)
        tracker.offer(bounds_mod.Bound("CP-SAT", bound, solver.wall_time))


def _run_gap_stage(
    inst: Instance,
    coefficient: Sequence[int],
    outcome: _Outcome,
    deadline: float,
    seed: int,
    workers: int,
) -> None:
    if deadline - time.perf_counter() < 0.5 or _idle_gaps(inst, outcome.slot_of) == 0:
        return
    value = _value(coefficient, None, outcome.slot_of)
    sm = build_model(inst, coefficient, hint=outcome.slot_of)
    add_gap_stage(sm, inst, value, outcome.slot_of)
    budget = min(deadline - time.perf_counter(), GAP_STAGE_MAX_S)
    _solve_and_adopt(sm, inst, budget, seed, workers, outcome, "gap_stage")


def _idle_gaps(inst: Instance, slot_of: Sequence[int]) -> int:
    """Idle gaps of a slot assignment: nothing for the gap stage to improve when zero (its
    model cannot prove that bound itself and would search until its time is up)."""
    busy: dict[int, set[int]] = {}
    for m, s in enumerate(slot_of):
        if s >= 0:
            for p in inst.parts[m]:
                busy.setdefault(p, set()).add(s)
    return sum(sum(1 for s in slots if s - 1 not in slots) - 1 for slots in busy.values())


def _solve_and_adopt(
    sm: SlotModel,
    inst: Instance,
    budget_s: float,
    seed: int,
    workers: int,
    outcome: _Outcome,
    label: str,
) -> cp_model.CpSolver | None:
    """Solve ``sm``; adopt its schedule when it is at least as good on ``sm``'s objective as
    the current one (the hint). Returns the solver when it found a solution."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, budget_s)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    solver.parameters.log_search_progress = False
    status = solver.solve(sm.model)
    outcome.stats[f"{label}_status"] = solver.status_name(status)
    outcome.stats[f"{label}_seconds"] = round(solver.wall_time, 3)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    outcome.slot_of = sm.slot_of(solver, inst.size)
    outcome.special_table = {
        m: t for (m, _, t), v in sm.at_table.items() if solver.boolean_value(v)
    }
    return solver


def _value(
    coefficient: Sequence[int],
    bonus: Mapping[tuple[int, int], int] | None,
    slot_of: Sequence[int],
) -> int:
    bonus = bonus or {}
    return sum(coefficient[m] + bonus.get((m, s), 0) for m, s in enumerate(slot_of) if s >= 0)
