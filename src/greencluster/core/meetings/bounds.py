"""Upper bounds on the (weighted) number of meetings that can be held.

A schedule of value V with an upper bound M proves the schedule is within V/M of the best
possible; V = M proves it optimal. On two cores CP-SAT's own bound can stay far above the
optimum on big events, so these are computed independently and the tightest is reported:

- ``table capacity``: no slot holds more meetings than tables, so the ``slots × tables`` most
  important schedulable meetings bound the value;
- ``participant availability``: a participant available in k slots attends at most k meetings;
  a meeting's priority is shared equally among its participants and each participant counts
  their k best shares;
- ``LP relaxation``: the slot model with fractional meetings (HiGHS). The bound is computed
  from the dual values (any non-negative duals give a valid bound), so solver tolerances or an
  interior-point run stopped early cannot make it claim too little. When the slot LP is too
  big, the LP with slots aggregated per participant is solved instead.

Weights are integers, so every bound is rounded down.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from greencluster.core.highs import new_highs
from greencluster.core.meetings.instance import Instance

MAX_SLOT_LP_COLUMNS = 400_000
"""Above this many (meeting, slot) variables the slot LP is not solved: HiGHS needs about a
minute on two cores for 600,000 columns, and the selection MIP is usually as tight."""


@dataclass(frozen=True, slots=True)
class Bound:
    name: str
    value: int
    seconds: float


def capacity_bound(inst: Instance, weights: tuple[int, ...]) -> int:
    """Sum of the ``slots × tables`` largest weights among meetings with an allowed slot,
    refined per table class: general meetings use at most ``general_capacity`` tables a slot,
    special tables hold one meeting a slot."""
    general = sorted(
        (w for m, w in enumerate(weights) if inst.allowed[m] and inst.general[m]), reverse=True
    )
    special = sorted(
        (w for m, w in enumerate(weights) if inst.allowed[m] and not inst.general[m]),
        reverse=True,
    )
    general_slots = inst.slots * inst.general_capacity
    special_slots = inst.slots * len(
        {t for m, ts in enumerate(inst.special) if not inst.general[m] for t in ts}
    )
    return sum(general[:general_slots]) + sum(special[:special_slots])


def participant_bound(inst: Instance, weights: tuple[int, ...]) -> int:
    """Each participant counts their k best meeting shares, k = slots they can meet in."""
    shares: list[list[float]] = [[] for _ in inst.participants]
    usable: list[set[int]] = [set() for _ in inst.participants]
    for m, people in enumerate(inst.parts):
        if not inst.allowed[m]:
            continue
        for p in people:
            shares[p].append(weights[m] / len(people))
            usable[p].update(inst.allowed[m])
    total = 0.0
    for p, values in enumerate(shares):
        values.sort(reverse=True)
        total += sum(values[: len(usable[p])])
    return math.floor(total + 1e-9)


def lp_bound(inst: Instance, weights: tuple[int, ...], *, time_limit_s: float) -> Bound:
    """The LP relaxation bound (slot LP, or the aggregated LP for very large events)."""
    began = time.perf_counter()
    if slot_lp_columns(inst) <= MAX_SLOT_LP_COLUMNS:
        value = _solve_lp(_slot_lp(inst, weights), time_limit_s)
        if value is not None:
            return Bound("LP relaxation", value, time.perf_counter() - began)
    left = max(1.0, time_limit_s - (time.perf_counter() - began))
    value = _solve_lp(_aggregated_lp(inst, weights), left)
    if value is None:
        value = participant_bound(inst, weights)
    return Bound("LP relaxation (slots aggregated)", value, time.perf_counter() - began)


@dataclass(frozen=True, slots=True)
class Selection:
    """The selection bound and the meetings its best integer solution holds."""

    bound: Bound
    chosen: frozenset[int]


def selection_bound(inst: Instance, weights: tuple[int, ...], *, time_limit_s: float) -> Selection:
    """Integer relaxation without slots: choose meetings so that each participant has at most
    as many as the slots they can meet in and the tables suffice over the day (a capacitated
    b-matching, HiGHS MIP). Its dual bound stays valid when the time limit stops the search,
    and its solution says which meetings a schedule should try to hold."""
    began = time.perf_counter()
    lp = _aggregated_lp(inst, weights)
    value, primal = _solve(lp, time_limit_s, integer=True)
    columns = [m for m, a in enumerate(inst.allowed) if a]
    chosen = frozenset(columns[j] for j, v in enumerate(primal) if v > 0.5)
    if value is None:
        value = participant_bound(inst, weights)
    return Selection(Bound("selection MIP", value, time.perf_counter() - began), chosen)


def slot_lp_columns(inst: Instance) -> int:
    return sum(len(a) * max(1, len(inst.special[m])) for m, a in enumerate(inst.allowed))


def cheap_bounds(inst: Instance, weights: tuple[int, ...]) -> list[Bound]:
    """The table capacity and participant availability bounds (no solver), timed."""
    out = []
    for name, fn in (
        ("table capacity", capacity_bound),
        ("participant availability", participant_bound),
    ):
        began = time.perf_counter()
        out.append(Bound(name, fn(inst, weights), time.perf_counter() - began))
    return out


def all_bounds(inst: Instance, weights: tuple[int, ...], *, time_limit_s: float) -> list[Bound]:
    """Every bound of this module, cheapest first."""
    out = cheap_bounds(inst, weights)
    if any(inst.allowed):
        out.append(lp_bound(inst, weights, time_limit_s=time_limit_s))
    return out


# --- LP building -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lp:
    """max cost·x subject to A x <= rhs, 0 <= x <= 1; A column-wise."""

    cost: npt.NDArray[np.float64]
    start: npt.NDArray[np.int32]
    index: npt.NDArray[np.int32]
    rhs: npt.NDArray[np.float64]


class _LpBuilder:
    """Rows created on first use (keyed), columns appended one at a time."""

    def __init__(self) -> None:
        self.ids: dict[tuple[int, int, int], int] = {}
        self.rhs: list[float] = []
        self.cost: list[float] = []
        self.start: list[int] = [0]
        self.index: list[int] = []

    def row(self, key: tuple[int, int, int], rhs: float) -> int:
        found = self.ids.get(key)
        if found is None:
            found = self.ids[key] = len(self.rhs)
            self.rhs.append(rhs)
        return found

    def column(self, rows: list[int], cost: float) -> None:
        self.index.extend(rows)
        self.start.append(len(self.index))
        self.cost.append(cost)

    def build(self) -> _Lp:
        return _Lp(
            np.array(self.cost),
            np.array(self.start, dtype=np.int32),
            np.array(self.index, dtype=np.int32),
            np.array(self.rhs),
        )


def _slot_lp(inst: Instance, weights: tuple[int, ...]) -> _Lp:
    n_slots = inst.slots
    shared = Counter(
        p * n_slots + s
        for m, people in enumerate(inst.parts)
        for s in inst.allowed[m]
        for p in people
    )
    lp = _LpBuilder()
    for m, people in enumerate(inst.parts):
        if not inst.allowed[m]:
            continue
        meeting_row = lp.row((0, m, 0), 1.0)
        tables = inst.special[m] if len(inst.special[m]) > 1 else (inst.special[m] or (0,))
        for s in inst.allowed[m]:
            base = [meeting_row]
            base.extend(lp.row((1, p, s), 1.0) for p in people if shared[p * n_slots + s] > 1)
            if inst.general[m]:
                base.append(lp.row((2, s, 0), float(inst.general_capacity)))
            for t in tables:
                extra = [lp.row((3, s, t), 1.0)] if t else []
                lp.column(base + extra, float(weights[m]))
    return lp.build()


def _aggregated_lp(inst: Instance, weights: tuple[int, ...]) -> _Lp:
    usable: list[set[int]] = [set() for _ in inst.participants]
    general_slots: set[int] = set()
    table_slots: dict[int, set[int]] = {}
    for m, people in enumerate(inst.parts):
        for p in people:
            usable[p].update(inst.allowed[m])
        if inst.general[m]:
            general_slots.update(inst.allowed[m])
        for t in inst.special[m]:
            table_slots.setdefault(t, set()).update(inst.allowed[m])
    lp = _LpBuilder()
    for m, people in enumerate(inst.parts):
        if not inst.allowed[m]:
            continue
        rows = [lp.row((1, p, 0), float(len(usable[p]))) for p in people]
        if inst.general[m]:
            rows.append(lp.row((2, 0, 0), float(inst.general_capacity * len(general_slots))))
        if len(inst.special[m]) == 1:
            (t,) = inst.special[m]
            rows.append(lp.row((3, t, 0), float(len(table_slots[t]))))
        lp.column(rows, float(weights[m]))
    return lp.build()


def _solve_lp(lp: _Lp, time_limit_s: float) -> int | None:
    """Solve with HiGHS interior point and return the rounded-down dual bound."""
    return _solve(lp, time_limit_s, integer=False)[0]


def _solve(lp: _Lp, time_limit_s: float, *, integer: bool) -> tuple[int | None, list[float]]:
    """The rounded-down bound (None if HiGHS gave none) and the primal values."""
    import highspy

    if len(lp.cost) == 0:
        return 0, []
    h = new_highs(time_limit_s=max(0.5, time_limit_s), threads=1, seed=0)
    if integer:
        h.setOptionValue("mip_rel_gap", 0.0)
    else:
        h.setOptionValue("solver", "ipm")
        h.setOptionValue("run_crossover", "off")
    model = highspy.HighsLp()
    model.num_col_ = len(lp.cost)
    model.num_row_ = len(lp.rhs)
    model.sense_ = highspy.ObjSense.kMaximize
    model.col_cost_ = lp.cost
    model.col_lower_ = np.zeros(len(lp.cost))
    model.col_upper_ = np.ones(len(lp.cost))
    model.row_lower_ = np.full(len(lp.rhs), -highspy.kHighsInf)
    model.row_upper_ = lp.rhs
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = lp.start
    model.a_matrix_.index_ = lp.index
    model.a_matrix_.value_ = np.ones(len(lp.index))
    if integer:
        model.integrality_ = [highspy.HighsVarType.kInteger] * len(lp.cost)
    h.passModel(model)
    h.run()
    solution = h.getSolution()
    primal = list(solution.col_value) if solution.value_valid else []
    if integer:
        bound = h.getInfo().mip_dual_bound
        return (math.floor(bound + 1e-6) if math.isfinite(bound) else None), primal
    if not solution.dual_valid:
        return None, primal
    duals = np.asarray(solution.row_dual, dtype=np.float64)
    best = math.inf
    for sign in (1.0, -1.0):
        best = min(best, _dual_bound(lp, np.maximum(sign * duals, 0.0)))
    return (math.floor(best + 1e-6) if math.isfinite(best) else None), primal


def _dual_bound(lp: _Lp, y: npt.NDArray[np.float64]) -> float:
    """Weak duality: for y >= 0, cost·x <= y·rhs + sum_j max(0, cost_j - (A^T y)_j)."""
    per_entry = y[lp.index]
    column_of = np.repeat(np.arange(len(lp.cost)), np.diff(lp.start))
    reduced = lp.cost - np.bincount(column_of, weights=per_entry, minlength=len(lp.cost))
    return float(y @ lp.rhs + np.maximum(reduced, 0.0).sum())
