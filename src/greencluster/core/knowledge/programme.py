"""A training programme: the modules a group booked, laid out on half-day slots over working
days from the start date, in the order given. A module is taught in certain languages by a
partner; a booking for a group that needs another language, or more days than the group stays,
is refused with the reason.

    programme = build_programme(modules, start=date(2027, 5, 10), language="de", max_days=5)
    assert check_programme(programme, modules) == []
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class ProgrammeError(ValueError):
    """The modules cannot make a programme for this group; the message says why."""


class Part(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    FULL_DAY = "full-day"


@dataclass(frozen=True, slots=True)
class ModuleSpec:
    code: str
    duration_days: float  # a multiple of half a day
    languages: tuple[str, ...]
    partner: str = ""


@dataclass(frozen=True, slots=True)
class ProgrammeItem:
    module_code: str
    day_number: int  # 1 = the first programme day
    date: dt.date
    part: Part


@dataclass(frozen=True, slots=True)
class Programme:
    start: dt.date
    language: str
    items: tuple[ProgrammeItem, ...]

    @property
    def days(self) -> int:
        return max((i.day_number for i in self.items), default=0)

    @property
    def end(self) -> dt.date:
        return max((i.date for i in self.items), default=self.start)


def half_days(duration_days: float) -> int:
    halves = duration_days * 2
    if duration_days <= 0 or abs(halves - round(halves)) > 1e-9:
        raise ProgrammeError(
            f"a module lasts a positive multiple of half a day, not {duration_days:g} days"
        )
    return round(halves)


def working_days(start: dt.date, *, weekends: bool = False) -> list[dt.date]:
    """An endless-enough run of programme dates from ``start`` (weekdays unless ``weekends``)."""
    days: list[dt.date] = []
    day = start
    while len(days) < 366:
        if weekends or day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def build_programme(
    modules: Sequence[ModuleSpec],
    *,
    start: dt.date,
    language: str,
    max_days: int | None = None,
    weekends: bool = False,
) -> Programme:
    if not modules:
        raise ProgrammeError("choose at least one module")
    codes = [m.code for m in modules]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ProgrammeError(f"module {', '.join(duplicates)} is chosen twice")
    missing = [m.code for m in modules if language not in m.languages]
    if missing:
        raise ProgrammeError(
            f"module {', '.join(missing)} is not taught in '{language}'; "
            "choose another language or other modules"
        )
    total = sum(half_days(m.duration_days) for m in modules)
    needed_days = (total + 1) // 2
    if max_days is not None and needed_days > max_days:
        raise ProgrammeError(
            f"the modules take {needed_days} days but the group stays {max_days} days"
        )
    dates = working_days(start, weekends=weekends)
    items: list[ProgrammeItem] = []
    slot = 0
    for module in modules:
        halves = half_days(module.duration_days)
        taken = range(slot, slot + halves)
        for day_index in sorted({s // 2 for s in taken}):
            parts = {s % 2 for s in taken if s // 2 == day_index}
            part = (
                Part.FULL_DAY
                if len(parts) == 2
                else (Part.MORNING if 0 in parts else Part.AFTERNOON)
            )
            items.append(ProgrammeItem(module.code, day_index + 1, dates[day_index], part))
        slot += halves
    return Programme(start, language, tuple(items))


def check_programme(programme: Programme, modules: Sequence[ModuleSpec]) -> list[str]:
    """Independent check: each module gets exactly its half-days, in the language, no two
    modules share a half-day, and no session falls on a weekend date unless the programme
    started on one."""
    problems = []
    taken: dict[tuple[dt.date, int], str] = {}
    halves: dict[str, int] = {}
    for item in programme.items:
        slots = (0, 1) if item.part is Part.FULL_DAY else (0 if item.part is Part.MORNING else 1,)
        for s in slots:
            other = taken.get((item.date, s))
            if other is not None:
                problems.append(f"{item.module_code} and {other} share {item.date} half {s}")
            taken[(item.date, s)] = item.module_code
        halves[item.module_code] = halves.get(item.module_code, 0) + len(slots)
    for module in modules:
        if halves.get(module.code, 0) != half_days(module.duration_days):
            problems.append(f"{module.code} gets {halves.get(module.code, 0)} half-days")
        if programme.language not in module.languages:
            problems.append(f"{module.code} is not taught in {programme.language}")
    extra = set(halves) - {m.code for m in modules}
    problems.extend(f"{code} was not booked" for code in sorted(extra))
    if programme.start.weekday() < 5:
        problems.extend(
            f"{i.module_code} falls on a weekend ({i.date})"
            for i in programme.items
            if i.date.weekday() >= 5
        )
    return problems
