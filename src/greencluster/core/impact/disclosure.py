"""Confidential aggregation: cluster figures only from enough members, none subtractable.

Rules (statistical disclosure control as statistics offices apply it to business data):

1. *Threshold*: an aggregate is shown only if at least ``min_group`` members contribute a
   non-zero value to it (a zero contributor hides nothing, so it does not count).
2. *No differencing*: when a total and its parts (e.g. per organisation type) are shown, a
   suppressed part could be recovered as total minus the shown parts. If exactly one part is
   suppressed, the next smallest part is suppressed too (complementary suppression); if the
   complement of the shown parts inside the total is a single member, the total is hidden.
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

    def as_dict(self) -> dict[str, object]:
        return {
            "value": self.value,
            "contributors": self.contributors,
            "reporters": self.reporters,
            "suppressed": self.suppressed,
        }


def aggregate(values: Mapping[str, float | None], min_group: int) -> Aggregate:
    """The sum of ``values`` (member -> value) if at least ``min_group`` members contribute
    a non-zero value; else a suppressed aggregate without a value."""
    given = [v for v in values.values() if v is not None]
    contributors = sum(1 for v in given if v != 0)
    if not given:
        return Aggregate(None, 0, 0, False)
    if contributors < min_group:
        return Aggregate(None, contributors, len(given), True)
    return Aggregate(sum(given), contributors, len(given), False)


def aggregate_parts(
    parts: Mapping[str, Mapping[str, float | None]], min_group: int
) -> tuple[Aggregate, dict[str, Aggregate]]:
    """The total over all members and one aggregate per part (parts partition the members),
    with complementary suppression so that no suppressed part can be recovered."""
    everyone: dict[str, float | None] = {}
    for members in parts.values():
        everyone.update(members)
    total = aggregate(everyone, min_group)
    out = {name: aggregate(members, min_group) for name, members in parts.items()}
    hidden = [n for n, a in out.items() if a.suppressed]
    if len(hidden) == 1 and not total.suppressed:
        shown = [n for n, a in out.items() if not a.suppressed and a.value is not None]
        if shown:
            smallest = min(shown, key=lambda n: (out[n].contributors, out[n].value or 0.0))
            a = out[smallest]
            out[smallest] = Aggregate(None, a.contributors, a.reporters, True)
        else:
            total = Aggregate(None, total.contributors, total.reporters, True)
    hidden_members = sum(out[n].contributors for n in out if out[n].suppressed)
    if not total.suppressed and 0 < hidden_members < min_group:
        total = Aggregate(None, total.contributors, total.reporters, True)
    return total, out
