"""Independent checker of a schedule against the problem's hard rules.

Deliberately shares no code with the solvers (not the index form, not the table logic), so a
bug there cannot hide itself here. Used by the tests and by ``greencluster schedule --check``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from greencluster.core.meetings.problem import MeetingProblem
from greencluster.core.meetings.result import Assignment, Schedule


@dataclass(frozen=True, slots=True)
class Violation:
    meeting_id: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = f"meeting '{self.meeting_id}': " if self.meeting_id else ""
        return f"{where}{self.message} [{self.rule}]"


def check_schedule(
    problem: MeetingProblem, schedule: Schedule | Iterable[Assignment]
) -> list[Violation]:
    """Every broken hard rule: unknown or repeated meetings, slots or tables out of range,
    a participant twice in a slot, a participant unavailable, a table used twice in a slot,
    fixed or locked tables and locked slots not honoured, a locked meeting missing, and a
    schedule claiming more than its upper bound."""
    assignments = list(schedule.assignments if isinstance(schedule, Schedule) else schedule)
    meetings = {m.meeting_id: m for m in problem.meetings}
    out: list[Violation] = []
    held: dict[str, Assignment] = {}
    person_at: dict[tuple[str, int], str] = {}
    table_at: dict[tuple[int, int], str] = {}
    for a in assignments:
        meeting = meetings.get(a.meeting_id)
        if meeting is None:
            out.append(Violation(a.meeting_id, "unknown", "is not in the requests"))
            continue
        if a.meeting_id in held:
            out.append(Violation(a.meeting_id, "repeated", "is scheduled twice"))
            continue
        held[a.meeting_id] = a
        if not 1 <= a.slot <= problem.slots:
            out.append(Violation(a.meeting_id, "slot", f"slot {a.slot} is not 1..{problem.slots}"))
            continue
        if not 1 <= a.table <= problem.tables:
            out.append(
                Violation(a.meeting_id, "table", f"table {a.table} is not 1..{problem.tables}")
            )
            continue
        out.extend(_people(problem, meeting.meeting_id, meeting.participants, a, person_at))
        out.extend(_table(problem, meeting.participants, a, table_at))
        if meeting.locked_slot is not None and a.slot != meeting.locked_slot:
            out.append(
                Violation(
                    a.meeting_id,
                    "locked slot",
                    f"is locked to slot {meeting.locked_slot}, held in {a.slot}",
                )
            )
        if meeting.locked_table is not None and a.table != meeting.locked_table:
            out.append(
                Violation(
                    a.meeting_id,
                    "locked table",
                    f"is locked to table {meeting.locked_table}, held at {a.table}",
                )
            )
    for meeting in problem.meetings:
        if meeting.locked_slot is not None and meeting.meeting_id not in held:
            out.append(Violation(meeting.meeting_id, "locked slot", "is locked but not held"))
    if isinstance(schedule, Schedule):
        out.extend(_claims(problem, schedule, held))
    return out


def _people(
    problem: MeetingProblem,
    meeting_id: str,
    participants: tuple[str, ...],
    a: Assignment,
    person_at: dict[tuple[str, int], str],
) -> list[Violation]:
    out = []
    for person in participants:
        other = person_at.setdefault((person, a.slot), meeting_id)
        if other != meeting_id:
            out.append(
                Violation(
                    meeting_id,
                    "double booking",
                    f"'{person}' is also in meeting '{other}' in slot {a.slot}",
                )
            )
        listed = problem.availability.get(person)
        if listed is not None and a.slot not in listed:
            out.append(
                Violation(
                    meeting_id, "availability", f"'{person}' is not available in slot {a.slot}"
                )
            )
    return out


def _table(
    problem: MeetingProblem,
    participants: tuple[str, ...],
    a: Assignment,
    table_at: dict[tuple[int, int], str],
) -> list[Violation]:
    out = []
    other = table_at.setdefault((a.slot, a.table), a.meeting_id)
    if other != a.meeting_id:
        out.append(
            Violation(
                a.meeting_id,
                "table capacity",
                f"table {a.table} is also used by '{other}' in slot {a.slot}",
            )
        )
    own = {problem.fixed_tables[p] for p in participants if p in problem.fixed_tables}
    if own and a.table not in own:
        out.append(
            Violation(
                a.meeting_id,
                "fixed table",
                f"is held at table {a.table}, not at its exhibitor's table",
            )
        )
    if not own and a.table in set(problem.fixed_tables.values()):
        out.append(
            Violation(
                a.meeting_id,
                "fixed table",
                f"uses table {a.table}, reserved for an exhibitor not in it",
            )
        )
    return out


def _claims(
    problem: MeetingProblem, schedule: Schedule, held: dict[str, Assignment]
) -> list[Violation]:
    out = []
    priority = {m.meeting_id: m.priority for m in problem.meetings}
    weighted = sum(priority[i] for i in held)
    if schedule.scheduled_count != len(held) or schedule.weighted_count != weighted:
        out.append(
            Violation(
                None,
                "counts",
                f"claims {schedule.scheduled_count} meetings "
                f"(weighted {schedule.weighted_count}), holds {len(held)} "
                f"(weighted {weighted})",
            )
        )
    if weighted > schedule.upper_bound:
        out.append(
            Violation(
                None,
                "bound",
                f"holds weighted {weighted}, above its claimed upper bound {schedule.upper_bound}",
            )
        )
    if len(held) > schedule.count_upper_bound:
        out.append(
            Violation(
                None,
                "bound",
                f"holds {len(held)} meetings, above its claimed upper bound "
                f"{schedule.count_upper_bound}",
            )
        )
    return out
