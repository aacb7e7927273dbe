"""Reading the REQUESTS and availability files (CSV, XLSX or JSON) into a problem.

REQUESTS: ``meeting_id``, ``participants`` (ids separated by ``;``, two or more), optional
``priority`` (positive integer, default 1), ``locked_slot``, ``locked_table``.
Availability: ``participant``, ``slot`` rows listing the slots (1..N) in which a participant
is available; participants not listed are available in every slot.

Every problem is reported at once with its row (header = row 1) and column.
"""

from __future__ import annotations

from pathlib import Path

from greencluster.core.errors import InputError, RowError
from greencluster.core.meetings.problem import InvalidProblem, Meeting, MeetingProblem
from greencluster.core.tables import Field, FieldError, integer, parse_records, read_table, text


def participant_list(value: str) -> tuple[str, ...]:
    """``"a; b;c"`` -> ``("a", "b", "c")``; two or more distinct, non-empty ids."""
    people = tuple(part.strip() for part in value.split(";"))
    if any(not p for p in people):
        raise FieldError(f"expected participant ids separated by ';', got '{value}'")
    if len(people) < 2:
        raise FieldError(f"expected two or more participant ids separated by ';', got '{value}'")
    if len(set(people)) != len(people):
        twice = next(p for p in people if people.count(p) > 1)
        raise FieldError(f"lists participant '{twice}' twice")
    return people


REQUEST_FIELDS = (
    Field("meeting_id", text, required=True, aliases=("id", "meeting")),
    Field("participants", participant_list, required=True),
    Field("priority", integer(min_value=1), default=1),
    Field("locked_slot", integer(min_value=1)),
    Field("locked_table", integer(min_value=1)),
)

AVAILABILITY_FIELDS = (
    Field("participant", text, required=True, aliases=("participant_id",)),
    Field("slot", integer(min_value=1), required=True),
)


def read_problem(
    requests: str | Path | bytes,
    *,
    slots: int,
    tables: int,
    availability: str | Path | bytes | None = None,
    requests_name: str | None = None,
    availability_name: str | None = None,
) -> MeetingProblem:
    """Read and validate both files; raise one :class:`InputError` per file with every row
    problem (cross-row problems such as clashing locks name every row involved)."""
    if slots < 1 or tables < 1:
        raise InputError("expected at least 1 slot and 1 table")
    table = read_table(requests, name=requests_name)
    records = parse_records(table, REQUEST_FIELDS)
    meetings = tuple(
        Meeting(
            r["meeting_id"], r["participants"], r["priority"], r["locked_slot"], r["locked_table"]
        )
        for r in records
    )
    available = (
        _read_availability(availability, slots, availability_name)
        if availability is not None
        else {}
    )
    try:
        return MeetingProblem(slots, tables, meetings, available)
    except InvalidProblem as exc:
        raise InputError(
            [
                RowError(
                    records[i.meeting_index]["_row"] if i.meeting_index is not None else None,
                    i.field,
                    i.message,
                )
                for i in exc.issues
            ],
            source=table.source,
        ) from None


def _read_availability(
    source: str | Path | bytes, slots: int, name: str | None
) -> dict[str, frozenset[int]]:
    table = read_table(source, name=name)
    records = parse_records(table, AVAILABILITY_FIELDS)
    errors = [
        RowError(r["_row"], "slot", f"expected a slot from 1 to {slots}, got {r['slot']}")
        for r in records
        if r["slot"] > slots
    ]
    if errors:
        raise InputError(errors, source=table.source)
    out: dict[str, set[int]] = {}
    for r in records:
        out.setdefault(r["participant"], set()).add(r["slot"])
    return {p: frozenset(s) for p, s in out.items()}
