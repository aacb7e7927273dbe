"""Confidential aggregation: cluster figures only from enough members, none subtractable.

Rules (statistical disclosure control as statistics offices apply it to business data):

1. *Threshold*: an aggregate is shown only if at least ``min_group`` members contribute a
   non-zero value to it (a zero contributor hides nothing, so it does not count).
2. *No differencing*: when a total and its parts (e.g. per organisation type, or scope 3 by
   category) are shown, the hidden parts could be recovered together as total minus the
   shown parts. More parts are hidden (complementary suppression, :func:`protect`) until the
   hidden remainder covers at least ``min_group`` members, or the total is hidden.
3. Member lists are never shown with a figure per member; coordinators see members' own
   reports through their own permission, not through aggregates.

Breakdowns that cut across each other (by category and by organisation type) can together
isolate what neither does alone; :func:`exposed_groups` finds any sum or difference of shown
figures that covers fewer than ``min_group`` members.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Aggregate:
    value: float | None  # None when suppressed or nobody reported
    contributors: int  # members with a non-zero value
    reporters: int  # members with any value (zero included)
    suppressed: bool
    members: frozenset[str] = frozenset()  # the non-zero contributors (never shown)

    def as_dict(self) -> dict[str, object]:
        return {
            "value": self.value,
            "contributors": self.contributors,
            "reporters": self.reporters,
            "suppressed": self.suppressed,
        }

    def hidden(self) -> Aggregate:
        return Aggregate(None, self.contributors, self.reporters, True, self.members)


def aggregate(values: Mapping[str, float | None], min_group: int) -> Aggregate:
    """The sum of ``values`` (member -> value) if at least ``min_group`` members contribute
    a non-zero value; else a suppressed aggregate without a value."""
    given = {m: v for m, v in values.items() if v is not None}
    members = frozenset(m for m, v in given.items() if v != 0)
    if not given:
        return Aggregate(None, 0, 0, False)
    if len(members) < min_group:
        return Aggregate(None, len(members), len(given), True, members)
    return Aggregate(sum(given.values()), len(members), len(given), False, members)


def protect(
    total: Aggregate, parts: dict[str, Aggregate], min_group: int
) -> tuple[Aggregate, dict[str, Aggregate]]:
    """Complementary suppression for a total shown with its parts (a partition of members,
    e.g. by organisation type, or of the value, e.g. scope 3 by category).

    Whatever is hidden can be recovered only as one sum (total minus the shown parts); that
    sum must come from at least ``min_group`` members. Parts are hidden smallest first until
    it does, and the total is hidden when no part is left to hide."""
    out = dict(parts)
    if total.value is None:
        return total, out

    def hidden_members() -> frozenset[str]:
        union: frozenset[str] = frozenset()
        for a in out.values():
            if a.suppressed:
                union |= a.members
        return union

    while any(a.suppressed for a in out.values()) and len(hidden_members()) < min_group:
        shown = [n for n, a in out.items() if not a.suppressed and a.value is not None]
        if not shown:
            return total.hidden(), out
        smallest = min(shown, key=lambda n: (out[n].contributors, out[n].value or 0.0, n))
        out[smallest] = out[smallest].hidden()
    return total, out


def aggregate_parts(
    parts: Mapping[str, Mapping[str, float | None]], min_group: int
) -> tuple[Aggregate, dict[str, Aggregate]]:
    """The total over all members and one aggregate per part (parts partition the members),
    with complementary suppression so that no suppressed part can be recovered."""
    everyone: dict[str, float | None] = {}
    for members in parts.values():
        everyone.update(members)
    total = aggregate(everyone, min_group)
    return protect(total, {n: aggregate(m, min_group) for n, m in parts.items()}, min_group)


Cell = tuple[str, str]  # (member, part): one member's value in one part, e.g. a category


def exposed_groups(shown: Mapping[str, frozenset[Cell]], min_group: int) -> list[frozenset[str]]:
    """Groups of fewer than ``min_group`` members whose values some sum or difference of the
    ``shown`` figures adds up alone (empty when the figures are safe together).

    Each figure is given by the non-zero cells it adds up. Figures from different breakdowns
    (by category and by organisation type) can isolate a cell that no single breakdown does:
    a type's total minus a scope is that type's other scopes. Exact linear algebra: a
    combination confined to the members ``g`` exists when dropping their cells lowers the
    rank of the figures. Cells that every figure treats alike are merged first, so the work
    grows with the number of distinct cell signatures, not of members."""
    signature: dict[Cell, frozenset[str]] = {}  # cell -> the figures that add it up
    for name, cells in shown.items():
        for cell in cells:
            signature[cell] = signature.get(cell, frozenset()) | {name}
    blocks: dict[frozenset[str], set[str]] = {}
    for (member, _part), figures in signature.items():
        blocks.setdefault(figures, set()).add(member)
    columns = [(sig, frozenset(members)) for sig, members in blocks.items()]
    names = sorted(shown)

    def exposed(group: frozenset[str]) -> bool:
        kept = [sig for sig, members in columns if not members <= group]
        return _rank([[int(n in sig) for sig in kept] for n in names]) < full

    full = _rank([[int(n in sig) for sig, _m in columns] for n in names])
    candidates: set[frozenset[str]] = set()
    frontier = {m for _sig, m in columns if len(m) < min_group}
    while frontier:
        candidates |= frontier
        frontier = {
            g | m for g in frontier for _sig, m in columns if len(g | m) < min_group
        } - candidates
    # A combination confined to a group is confined to every larger one: test the largest
    # candidates first and look inside only those that are exposed.
    largest = [g for g in candidates if not any(g < h for h in candidates)]
    suspect = [g for g in largest if exposed(g)]
    found = {g for g in candidates if any(g <= h for h in suspect) and exposed(g)}
    return sorted(found, key=lambda g: (len(g), sorted(g)))


def _rank(matrix: list[list[int]]) -> int:
    """Rank of an integer matrix, exactly (fraction-free Gaussian elimination, Bareiss)."""
    rows = [row[:] for row in matrix]
    rank, previous = 0, 1
    for col in range(len(rows[0]) if rows else 0):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        p = rows[rank][col]
        for i in range(rank + 1, len(rows)):
            rows[i] = [
                (p * a - rows[i][col] * b) // previous
                for a, b in zip(rows[i], rows[rank], strict=True)
            ]
        previous = p
        rank += 1
    return rank
