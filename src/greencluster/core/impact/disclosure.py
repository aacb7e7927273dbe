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
