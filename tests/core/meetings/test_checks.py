"""The independent checker rejects every kind of broken schedule."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from greencluster.core.meetings import Assignment, Meeting, MeetingProblem, check_schedule, solve
from tests.core.meetings.brute import feasible
from tests.core.meetings.strategies import tiny_events

PROBLEM = MeetingProblem(
    3,
    2,
    (
        Meeting("ab", ("a", "b")),
        Meeting("ac", ("a", "c")),
        Meeting("de", ("d", "e")),
        Meeting("fg", ("f", "g"), locked_slot=2),
        Meeting("hx", ("h", "x")),
    ),
    availability={"e": frozenset({1, 2})},
    fixed_tables={"x": 2},
)


def rules(assignments: list[Assignment]) -> set[str]:
    return {v.rule for v in check_schedule(PROBLEM, assignments)}


def test_a_valid_schedule_passes() -> None:
    # table 2 is x's booth, so a, b, c, d, e, f, g share table 1
    assert (
        rules(
            [
                Assignment("ab", 1, 1),
                Assignment("fg", 2, 1),
                Assignment("ac", 3, 1),
                Assignment("hx", 3, 2),
            ]
        )
        == set()
    )


def test_double_booking_is_rejected() -> None:
    assert "double booking" in rules(
        [Assignment("ab", 1, 1), Assignment("ac", 1, 2), Assignment("fg", 2, 1)]
    )


def test_unavailable_participant_is_rejected() -> None:
    assert "availability" in rules([Assignment("de", 3, 1), Assignment("fg", 2, 1)])


def test_over_capacity_and_bad_tables_are_rejected() -> None:
    assert "table capacity" in rules(
        [Assignment("ab", 1, 1), Assignment("de", 1, 1), Assignment("fg", 2, 1)]
    )
    assert "fixed table" in rules(
        [Assignment("ab", 1, 1), Assignment("de", 1, 2), Assignment("fg", 2, 1)]
    )
    assert "table" in rules([Assignment("ab", 1, 3), Assignment("fg", 2, 1)])
    assert "slot" in rules([Assignment("ab", 4, 1), Assignment("fg", 2, 1)])


def test_fixed_tables_and_locks_are_enforced() -> None:
    assert "fixed table" in rules([Assignment("hx", 1, 1), Assignment("fg", 2, 1)])
    assert "fixed table" in rules([Assignment("ab", 1, 2), Assignment("fg", 2, 1)])
    assert "locked slot" in rules([Assignment("fg", 1, 1)])
    assert "locked slot" in rules([])


def test_unknown_and_repeated_meetings_are_rejected() -> None:
    assert "unknown" in rules([Assignment("zz", 1, 1), Assignment("fg", 2, 1)])
    assert "repeated" in rules(
        [Assignment("ab", 1, 1), Assignment("ab", 3, 1), Assignment("fg", 2, 1)]
    )


def test_a_schedule_claiming_wrong_counts_or_beating_its_bound_is_rejected() -> None:
    schedule = solve(PROBLEM, time_limit_s=2)
    assert check_schedule(PROBLEM, schedule) == []
    inflated = dataclasses.replace(schedule, weighted_count=schedule.weighted_count + 1)
    assert {v.rule for v in check_schedule(PROBLEM, inflated)} == {"counts"}
    low_bound = dataclasses.replace(schedule, upper_bound=schedule.weighted_count - 1)
    assert {v.rule for v in check_schedule(PROBLEM, low_bound)} == {"bound"}
    low_count = dataclasses.replace(schedule, count_upper_bound=schedule.scheduled_count - 1)
    assert {v.rule for v in check_schedule(PROBLEM, low_count)} == {"bound"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_events(max_meetings=5), st.data())
def test_checker_agrees_with_the_rules_on_random_schedules(
    problem: MeetingProblem, data: st.DataObject
) -> None:
    choice = tuple(data.draw(st.integers(0, problem.slots)) for _ in problem.meetings)
    # distinct tables per slot so that only people, availability and capacity can break it
    used: dict[int, int] = {}
    assignments = []
    for meeting, slot in zip(problem.meetings, choice, strict=True):
        if slot:
            used[slot] = used.get(slot, 0) + 1
            assignments.append(Assignment(meeting.meeting_id, slot, used[slot]))
    overfull = any(count > problem.tables for count in used.values())
    violations = check_schedule(problem, assignments)
    assert (violations == []) == (feasible(problem, choice) and not overfull)
