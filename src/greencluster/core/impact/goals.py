"""Cluster goals and progress: base year, target year, metric and target.

A goal such as "-20 % CO2 by 2029 against 2024" is ``Goal("co2_total_t", 2024, 2029,
"percent", -20.0)``. Its straight path runs linearly from the base-year value to the target
value; progress compares each year's actual value with the path.
"""

from __future__ import annotations

from dataclasses import dataclass

TARGET_KINDS = ("percent", "absolute")


class GoalError(ValueError):
    """A goal that cannot be evaluated (e.g. no base-year value)."""


@dataclass(frozen=True, slots=True)
class Goal:
    metric: str
    base_year: int
    target_year: int
    target_kind: str  # "percent": change in % of the base value; "absolute": target value
    target_value: float

    def __post_init__(self) -> None:
        if self.target_year <= self.base_year:
            raise GoalError("the target year must come after the base year")
        if self.target_kind not in TARGET_KINDS:
            raise GoalError(f"target kind must be one of {', '.join(TARGET_KINDS)}")

    def target(self, base_value: float) -> float:
        if self.target_kind == "percent":
            return base_value * (1 + self.target_value / 100)
        return self.target_value

    def path(self, base_value: float, year: int) -> float:
        """The straight path's value in ``year`` (clamped to the goal's years)."""
        share = (min(max(year, self.base_year), self.target_year) - self.base_year) / (
            self.target_year - self.base_year
        )
        return base_value + share * (self.target(base_value) - base_value)


@dataclass(frozen=True, slots=True)
class ProgressPoint:
    year: int
    actual: float | None
    path: float
    change_pct: float | None  # actual vs base value, in %
    on_track: bool | None  # actual at or beyond the path, in the goal's direction


def progress(goal: Goal, actual_by_year: dict[int, float | None]) -> list[ProgressPoint]:
    """One point per year from base to target year (and any later reported year)."""
    base = actual_by_year.get(goal.base_year)
    if base is None:
        raise GoalError(f"no value for the base year {goal.base_year}")
    target = goal.target(base)
    lowering = target < base
    last = max([goal.target_year, *[y for y, v in actual_by_year.items() if v is not None]])
    points = []
    for year in range(goal.base_year, last + 1):
        actual = actual_by_year.get(year)
        path = goal.path(base, year)
        change = (actual - base) / base * 100 if actual is not None and base else None
        on_track = None
        if actual is not None:
            on_track = actual <= path + 1e-9 if lowering else actual >= path - 1e-9
        points.append(ProgressPoint(year, actual, path, change, on_track))
    return points
