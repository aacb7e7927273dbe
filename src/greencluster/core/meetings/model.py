"""The exact CP-SAT model: one Boolean per (meeting, allowed slot).

Tables are not variables: a slot's meetings can be given tables exactly when the general
ones fit in the general tables and no special (fixed or locked) table is used twice, which are
linear constraints per slot. Only meetings of several exhibitors with different fixed tables
get a Boolean per (slot, table) to say at whose table they sit.

Objective, lexicographic by construction of the coefficients: the primary coefficient of each
(meeting, slot) (priority, or priority scaled above a secondary bonus for re-scheduling);
idle gaps are minimised in a second solve with the primary value fixed (:func:`add_gap_stage`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from greencluster.core.meetings.instance import Instance


@dataclass(slots=True)
class SlotModel:
    model: cp_model.CpModel
    x: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    at_table: dict[tuple[int, int, int], cp_model.IntVar] = field(default_factory=dict)
    primary: cp_model.LinearExpr | int = 0

    def slot_of(self, solver: cp_model.CpSolver, size: int) -> list[int]:
        out = [-1] * size
        for (m, s), var in self.x.items():
            if solver.boolean_value(var):
                out[m] = s
        return out


def variable_count(inst: Instance) -> int:
    return sum(len(a) for a in inst.allowed)


def build_model(
    inst: Instance,
    coefficient: Sequence[int],
    *,
    bonus: Mapping[tuple[int, int], int] | None = None,
    hint: Sequence[int] | None = None,
) -> SlotModel:
    """The model maximising ``coefficient[m]`` per held meeting plus ``bonus[(m, s)]`` for
    holding ``m`` in slot ``s``; ``hint`` (0-based slot or -1 per meeting) seeds the search."""
    sm = SlotModel(cp_model.CpModel())
    model = sm.model
    by_person_slot: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    general: list[list[cp_model.IntVar]] = [[] for _ in range(inst.slots)]
    by_table: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    terms: list[tuple[cp_model.IntVar, int]] = []
    bonus = bonus or {}
    for m, slots in enumerate(inst.allowed):
        row = []
        for s in slots:
            var = model.new_bool_var(f"x{m}_{s}")
            sm.x[(m, s)] = var
            row.append(var)
            terms.append((var, coefficient[m] + bonus.get((m, s), 0)))
            for p in inst.parts[m]:
                by_person_slot.setdefault((p, s), []).append(var)
            if inst.general[m]:
                general[s].append(var)
            _add_table_choice(sm, inst, m, s, var, by_table)
            if hint is not None:
                model.add_hint(var, hint[m] == s)
        if not row:
            continue
        if inst.locked[m] >= 0:
            model.add_exactly_one(row)
        elif len(row) > 1:
            model.add_at_most_one(row)
    for group in by_person_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for group in general:
        if len(group) > inst.general_capacity:
            model.add(sum(group) <= inst.general_capacity)
    for group in by_table.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    sm.primary = cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms])
    model.maximize(sm.primary)
    return sm


def _add_table_choice(
    sm: SlotModel,
    inst: Instance,
    m: int,
    s: int,
    var: cp_model.IntVar,
    by_table: dict[tuple[int, int], list[cp_model.IntVar]],
) -> None:
    tables = inst.special[m]
    if len(tables) == 1:
        by_table.setdefault((s, tables[0]), []).append(var)
    elif len(tables) > 1:
        choices = []
        for t in tables:
            choice = sm.model.new_bool_var(f"y{m}_{s}_{t}")
            sm.at_table[(m, s, t)] = choice
            by_table.setdefault((s, t), []).append(choice)
            choices.append(choice)
        sm.model.add(sum(choices) == var)


def add_gap_stage(sm: SlotModel, inst: Instance, primary_value: int, hint: Sequence[int]) -> None:
    """Keep the primary objective at ``primary_value`` or better and minimise the number of
    blocks of consecutive meetings per participant (each block after the first is an idle
    gap). ``hint`` (the schedule reaching ``primary_value``) also seeds the block starts."""
    model = sm.model
    model.add(sm.primary >= primary_value)
    busy: dict[int, list[list[cp_model.IntVar]]] = {}
    held: set[tuple[int, int]] = set()
    for (m, s), var in sm.x.items():
        for p in inst.parts[m]:
            busy.setdefault(p, [[] for _ in range(inst.slots)])[s].append(var)
            if hint[m] == s:
                held.add((p, s))
    starts = []
    for p, per_slot in busy.items():
        if sum(1 for group in per_slot if group) < 2:
            continue
        previous: list[cp_model.IntVar] = []
        for s, group in enumerate(per_slot):
            if group:
                start = model.new_bool_var(f"start{p}_{s}")
                model.add(start >= sum(group) - sum(previous))
                model.add_hint(start, (p, s) in held and (p, s - 1) not in held)
                starts.append(start)
            previous = group
    model.minimize(sum(starts))
