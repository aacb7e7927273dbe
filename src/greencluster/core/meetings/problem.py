"""The partnering-day scheduling problem: who wants to meet, when they can, where they sit.

Slots are numbered 1..``slots`` and tables 1..``tables``, as the organiser numbers them.
A meeting is held in one slot at one table with all its participants present.

Hard rules:
- nobody is in two meetings in the same slot;
- a meeting is held only in a slot where every participant is available;
- at most one meeting per table per slot (so at most ``tables`` meetings per slot);
- a participant with a fixed table (an exhibitor at a booth) meets at that table, and a fixed
  table is reserved for the meetings of its exhibitor(s); a meeting of several exhibitors with
  different fixed tables is held at one of them;
- a meeting with ``locked_slot`` is held in that slot; with ``locked_table`` at that table.

This module holds plain data and the checks that the data make sense; it knows no solver.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from greencluster.core.errors import InputError, RowError


@dataclass(frozen=True, slots=True)
class Meeting:
    """One accepted meeting request.

    ``priority`` is a positive integer weight: a meeting of priority 3 counts as much as three
    of priority 1. ``locked_slot`` (1-based) makes the meeting mandatory in that slot;
    ``locked_table`` (1-based) pins where it is held.
    """

    meeting_id: str
    participants: tuple[str, ...]
    priority: int = 1
    locked_slot: int | None = None
    locked_table: int | None = None


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem in the input: the index of the meeting concerned (``None`` for the event as a
    whole), the field and what is wrong. :mod:`io` turns indexes into spreadsheet rows."""

    meeting_index: int | None
    field: str
    message: str


class InvalidProblem(InputError):
    """A problem that cannot be scheduled as stated; ``issues`` keep the meeting indexes so
    that a file reader can name rows."""

    def __init__(self, problem: MeetingProblem, issues: list[Issue]):
        super().__init__([_issue_as_row_error(problem, i) for i in issues], source="event")
        self.issues = issues


def _freeze_availability(
    availability: Mapping[str, Iterable[int]],
) -> Mapping[str, frozenset[int]]:
    return MappingProxyType({p: frozenset(slots) for p, slots in availability.items()})


@dataclass(frozen=True, slots=True)
class MeetingProblem:
    """A partnering event to schedule.

    ``availability`` maps a participant to the slots (1-based) when they are available;
    participants not in it are available in every slot. ``fixed_tables`` maps exhibitors to
    their table. Construction validates everything and raises :class:`InputError` listing every
    problem, so a constructed problem always has at least one feasible schedule (the locked
    meetings alone).
    """

    slots: int
    tables: int
    meetings: tuple[Meeting, ...]
    availability: Mapping[str, frozenset[int]] = field(default_factory=lambda: MappingProxyType({}))
    fixed_tables: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "meetings", tuple(self.meetings))
        object.__setattr__(self, "availability", _freeze_availability(self.availability))
        object.__setattr__(self, "fixed_tables", MappingProxyType(dict(self.fixed_tables)))
        issues = find_issues(self)
        if issues:
            raise InvalidProblem(self, issues)

    @property
    def participants(self) -> tuple[str, ...]:
        """Every participant of some meeting, in order of first appearance."""
        seen: dict[str, None] = {}
        for meeting in self.meetings:
            for person in meeting.participants:
                seen.setdefault(person, None)
        return tuple(seen)

    def available_slots(self, participant: str) -> frozenset[int]:
        """Slots (1-based) in which ``participant`` is available."""
        listed = self.availability.get(participant)
        return listed if listed is not None else frozenset(range(1, self.slots + 1))

    def allowed_slots(self, meeting: Meeting) -> tuple[int, ...]:
        """Slots (1-based, ascending) in which ``meeting`` may be held."""
        common = frozenset(range(1, self.slots + 1))
        for person in meeting.participants:
            common &= self.available_slots(person)
        if meeting.locked_slot is not None:
            common &= {meeting.locked_slot}
        return tuple(sorted(common))

    def allowed_tables(self, meeting: Meeting) -> frozenset[int] | None:
        """Tables where ``meeting`` may be held, or ``None`` for any table nobody has fixed."""
        if meeting.locked_table is not None:
            return frozenset({meeting.locked_table})
        fixed = {self.fixed_tables[p] for p in meeting.participants if p in self.fixed_tables}
        return frozenset(fixed) if fixed else None

    @property
    def reserved_tables(self) -> frozenset[int]:
        """Tables fixed to some exhibitor: only their meetings are held there."""
        return frozenset(self.fixed_tables.values())


def _issue_as_row_error(problem: MeetingProblem, issue: Issue) -> RowError:
    if issue.meeting_index is None:
        return RowError(None, issue.field, issue.message)
    meeting_id = problem.meetings[issue.meeting_index].meeting_id
    return RowError(None, issue.field, f"meeting '{meeting_id}': {issue.message}")


def find_issues(problem: MeetingProblem) -> list[Issue]:
    """Every reason why ``problem`` cannot be scheduled as stated (empty when it can)."""
    issues: list[Issue] = []
    if problem.slots < 1:
        issues.append(Issue(None, "slots", f"expected at least 1 slot, got {problem.slots}"))
    if problem.tables < 1:
        issues.append(Issue(None, "tables", f"expected at least 1 table, got {problem.tables}"))
    if issues:
        return issues
    issues.extend(_event_issues(problem))
    seen_ids: dict[str, int] = {}
    for index, meeting in enumerate(problem.meetings):
        first = seen_ids.setdefault(meeting.meeting_id, index)
        if first != index:
            issues.append(
                Issue(index, "meeting_id", f"'{meeting.meeting_id}' is used by an earlier meeting")
            )
        issues.extend(_meeting_issues(problem, index, meeting))
    if not issues:
        issues.extend(_locked_clashes(problem))
    return issues


def _event_issues(problem: MeetingProblem) -> list[Issue]:
    issues = []
    for person, slots in problem.availability.items():
        bad = sorted(s for s in slots if not 1 <= s <= problem.slots)
        if bad:
            issues.append(
                Issue(
                    None,
                    "slot",
                    f"participant '{person}' is available in slot {bad[0]}, "
                    f"expected a slot from 1 to {problem.slots}",
                )
            )
    for person, table in problem.fixed_tables.items():
        if not 1 <= table <= problem.tables:
            issues.append(
                Issue(
                    None,
                    "table",
                    f"participant '{person}' has fixed table {table}, "
                    f"expected a table from 1 to {problem.tables}",
                )
            )
    return issues


def _meeting_issues(problem: MeetingProblem, index: int, meeting: Meeting) -> list[Issue]:
    issues = []
    if not meeting.meeting_id:
        issues.append(Issue(index, "meeting_id", "is empty: a value is required"))
    people = meeting.participants
    if len(people) < 2:
        issues.append(Issue(index, "participants", "expected two or more participant ids"))
    if any(not p for p in people):
        issues.append(Issue(index, "participants", "contains an empty participant id"))
    if len(set(people)) != len(people):
        twice = next(p for p in people if people.count(p) > 1)
        issues.append(Issue(index, "participants", f"lists '{twice}' twice"))
    if meeting.priority < 1:
        issues.append(
            Issue(index, "priority", f"expected a positive whole number, got {meeting.priority}")
        )
    slot = meeting.locked_slot
    if slot is not None and not 1 <= slot <= problem.slots:
        issues.append(
            Issue(index, "locked_slot", f"expected a slot from 1 to {problem.slots}, got {slot}")
        )
    elif slot is not None:
        away = [p for p in people if slot not in problem.available_slots(p)]
        if away:
            issues.append(
                Issue(
                    index, "locked_slot", f"participant '{away[0]}' is not available in slot {slot}"
                )
            )
    table = meeting.locked_table
    if table is not None and not 1 <= table <= problem.tables:
        issues.append(
            Issue(
                index, "locked_table", f"expected a table from 1 to {problem.tables}, got {table}"
            )
        )
    elif table is not None:
        own = {problem.fixed_tables[p] for p in people if p in problem.fixed_tables}
        if own and table not in own:
            issues.append(
                Issue(
                    index,
                    "locked_table",
                    f"a participant has fixed table "
                    f"{min(own)}, so the meeting cannot be locked to table {table}",
                )
            )
        elif not own and table in problem.reserved_tables:
            issues.append(
                Issue(
                    index,
                    "locked_table",
                    f"table {table} is reserved for an exhibitor who is not in this meeting",
                )
            )
    return issues


def _locked_clashes(problem: MeetingProblem) -> list[Issue]:
    """Locked meetings that cannot all be held: a person twice in a slot, a table twice in a
    slot, or more locked meetings in a slot than tables for them."""
    issues = []
    person_at: dict[tuple[str, int], int] = {}
    table_at: dict[tuple[int, int], int] = {}
    free_tables = problem.tables - len(problem.reserved_tables)
    general_count: dict[int, int] = {}
    for index, meeting in enumerate(problem.meetings):
        slot = meeting.locked_slot
        if slot is None:
            continue
        for person in meeting.participants:
            other = person_at.setdefault((person, slot), index)
            if other != index:
                issues.append(
                    Issue(
                        index,
                        "locked_slot",
                        f"participant '{person}' is also locked in "
                        f"meeting '{problem.meetings[other].meeting_id}' in slot {slot}",
                    )
                )
        tables = problem.allowed_tables(meeting)
        if tables is not None and len(tables) == 1:
            (table,) = tables
            other = table_at.setdefault((slot, table), index)
            if other != index:
                issues.append(
                    Issue(
                        index,
                        "locked_table",
                        f"table {table} is also taken in slot {slot} "
                        f"by meeting '{problem.meetings[other].meeting_id}'",
                    )
                )
        if tables is None or not tables & problem.reserved_tables:
            general_count[slot] = general_count.get(slot, 0) + 1
            if general_count[slot] > free_tables:
                issues.append(
                    Issue(
                        index,
                        "locked_slot",
                        f"more meetings are locked in slot {slot} than "
                        f"there are tables ({free_tables})",
                    )
                )
    return issues
