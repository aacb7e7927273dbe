"""Reading REQUESTS and availability files: every problem named with its row."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.errors import InputError
from greencluster.core.meetings import Meeting, MeetingProblem, read_problem
from greencluster.core.meetings.io import participant_list
from greencluster.core.tables import FieldError


def errors_of(excinfo: pytest.ExceptionInfo[InputError]) -> set[tuple[int | None, str | None]]:
    return {(e.row, e.column) for e in excinfo.value.errors}


def test_csv_requests_with_defaults_and_locks() -> None:
    data = (
        b"meeting_id,participants,priority,locked_slot,locked_table\n"
        b"m1,a; b,2,,\nm2,a;c,,1,\nm3,c;d;e,,,3\n"
    )
    problem = read_problem(data, slots=4, tables=3, requests_name="r.csv")
    assert problem.meetings == (
        Meeting("m1", ("a", "b"), 2),
        Meeting("m2", ("a", "c"), 1, locked_slot=1),
        Meeting("m3", ("c", "d", "e"), 1, locked_table=3),
    )


def test_json_requests_accept_lists_of_participants() -> None:
    data = json.dumps([{"meeting_id": "m1", "participants": ["a", "b"], "priority": 3}]).encode()
    problem = read_problem(data, slots=2, tables=1, requests_name="r.json")
    assert problem.meetings == (Meeting("m1", ("a", "b"), 3),)


def test_every_bad_row_is_named() -> None:
    data = (
        b"meeting_id,participants,priority,locked_slot\nm1,a,1,\nm2,a;b,0,\nm3,a;b,,9\nm1,c;d,,\n"
    )
    with pytest.raises(InputError) as excinfo:
        read_problem(data, slots=4, tables=2, requests_name="r.csv")
    assert errors_of(excinfo) == {(2, "participants"), (3, "priority")}
    with pytest.raises(InputError) as excinfo:
        read_problem(
            b"meeting_id,participants,locked_slot\nm1,a;b,9\nm1,c;d,\n",
            slots=4,
            tables=2,
            requests_name="r.csv",
        )
    assert errors_of(excinfo) == {(2, "locked_slot"), (3, "meeting_id")}


def test_clashing_locks_name_the_row() -> None:
    data = b"meeting_id,participants,locked_slot\nm1,a;b,1\nm2,a;c,1\nm3,d;e,1\n"
    with pytest.raises(InputError) as excinfo:
        read_problem(data, slots=2, tables=1, requests_name="r.csv")
    assert (3, "locked_slot") in errors_of(excinfo)
    assert (4, "locked_slot") in errors_of(excinfo)
    assert "'a' is also locked in meeting 'm1'" in str(excinfo.value)


def availability_errors(availability: bytes) -> set[tuple[int | None, str | None]]:
    with pytest.raises(InputError) as excinfo:
        read_problem(
            b"meeting_id,participants\nm1,a;b\n",
            slots=3,
            tables=1,
            requests_name="r.csv",
            availability=availability,
            availability_name="av.csv",
        )
    return errors_of(excinfo)


def test_missing_column_and_bad_availability_rows() -> None:
    with pytest.raises(InputError) as excinfo:
        read_problem(b"meeting_id\nm1\n", slots=2, tables=1, requests_name="r.csv")
    assert errors_of(excinfo) == {(1, "participants")}
    # unparsable values are reported first, then slots beyond the event
    assert availability_errors(b"participant,slot\na,1\na,7\nb,x\n") == {(4, "slot")}
    assert availability_errors(b"participant,slot\na,1\na,7\n") == {(3, "slot")}
    assert availability_errors(b"participant\na\n") == {(1, "slot")}


def test_availability_limits_slots() -> None:
    problem = read_problem(
        b"meeting_id,participants\nm1,a;b\n",
        slots=3,
        tables=1,
        requests_name="r.csv",
        availability=b"participant,slot\na,2\na,3\nb,3\n",
        availability_name="av.csv",
    )
    assert problem.allowed_slots(problem.meetings[0]) == (3,)


def test_problem_rejects_inconsistent_tables() -> None:
    with pytest.raises(InputError, match="fixed table"):
        MeetingProblem(2, 3, (Meeting("m", ("a", "b"), locked_table=1),), fixed_tables={"a": 2})
    with pytest.raises(InputError, match="reserved for an exhibitor"):
        MeetingProblem(2, 3, (Meeting("m", ("a", "b"), locked_table=2),), fixed_tables={"c": 2})
    with pytest.raises(InputError, match="from 1 to 3"):
        MeetingProblem(2, 3, (Meeting("m", ("a", "b")),), fixed_tables={"c": 4})


ids = st.text(alphabet="abcxyz019_-", min_size=1, max_size=6)


@given(st.lists(ids, min_size=2, max_size=5, unique=True), st.sampled_from([";", " ; ", ";  "]))
def test_participant_list_reads_what_it_is_given(people: list[str], sep: str) -> None:
    assert participant_list(sep.join(people)) == tuple(people)


@given(st.text(max_size=12))
def test_participant_list_accepts_or_explains(value: str) -> None:
    try:
        people = participant_list(value)
    except FieldError as exc:
        assert "expected" in str(exc) or "twice" in str(exc)
    else:
        assert len(people) >= 2 and len(set(people)) == len(people) and all(people)
