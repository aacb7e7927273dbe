"""The scheduler holds as many meetings as possible and proves it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from greencluster.core.meetings import (
    Meeting,
    MeetingProblem,
    check_schedule,
    generate_event,
    solve,
)
from greencluster.core.meetings.bounds import all_bounds, selection_bound
from greencluster.core.meetings.instance import compile_problem
from tests.core.meetings.brute import best_count, best_weighted
from tests.core.meetings.strategies import tiny_events, tiny_events_with_tables


def pair(meeting_id: str, a: str, b: str, priority: int = 1, **locks: int) -> Meeting:
    return Meeting(meeting_id, (a, b), priority, locks.get("slot"), locks.get("table"))


def test_odd_cycle_is_proven_optimal_although_relaxations_are_loose() -> None:
    # a-b, b-c, c-a in two slots: everyone could meet twice, but a triangle needs three slots.
    problem = MeetingProblem(
        2, 3, (pair("ab", "a", "b"), pair("bc", "b", "c"), pair("ca", "c", "a"))
    )
    schedule = solve(problem, time_limit_s=5)
    assert schedule.scheduled_count == 2
    assert schedule.proven_optimal
    assert schedule.upper_bound == 2
    assert check_schedule(problem, schedule) == []


def test_priority_outweighs_count() -> None:
    problem = MeetingProblem(
        1, 5, (pair("low1", "a", "c"), pair("high", "a", "b", 3), pair("low2", "a", "d"))
    )
    schedule = solve(problem, time_limit_s=5)
    assert [a.meeting_id for a in schedule.assignments] == ["high"]
    assert schedule.weighted_count == 3
    assert schedule.proven_optimal


def test_tables_limit_meetings_per_slot() -> None:
    problem = MeetingProblem(2, 1, tuple(pair(f"m{i}", f"x{i}", f"y{i}") for i in range(3)))
    schedule = solve(problem, time_limit_s=5)
    assert schedule.scheduled_count == 2
    assert schedule.upper_bound == 2
    assert schedule.bound_source == "table capacity"
    assert {a.table for a in schedule.assignments} == {1}
    assert len(schedule.unscheduled) == 1


def test_availability_and_locks_are_honoured() -> None:
    problem = MeetingProblem(
        3,
        2,
        (pair("ab", "a", "b"), pair("ac", "a", "c", slot=1), pair("bc", "b", "c")),
        availability={"b": frozenset({1, 3})},
    )
    schedule = solve(problem, time_limit_s=5)
    by_id = schedule.by_meeting()
    assert by_id["ac"].slot == 1
    # b can only meet in slots 1 and 3, and slot 1 is taken by a and c: one of ab, bc is lost.
    assert schedule.scheduled_count == 2
    assert [a.slot for a in schedule.assignments if a.meeting_id != "ac"] == [3]
    assert schedule.proven_optimal
    assert check_schedule(problem, schedule) == []


def test_exhibitors_meet_at_their_table_and_keep_it() -> None:
    visits = [pair(f"v{i}", "expo", f"visitor{i}") for i in range(3)]
    meetings = (*visits, pair("other", "p", "q"), pair("two_exhibitors", "expo", "stand"))
    problem = MeetingProblem(4, 3, meetings, fixed_tables={"expo": 2, "stand": 3})
    schedule = solve(problem, time_limit_s=5)
    by_id = schedule.by_meeting()
    assert schedule.scheduled_count == 5
    assert all(by_id[f"v{i}"].table == 2 for i in range(3))
    assert by_id["other"].table == 1
    assert by_id["two_exhibitors"].table in (2, 3)
    assert check_schedule(problem, schedule) == []


def test_idle_gaps_are_avoided_when_free() -> None:
    problem = MeetingProblem(
        4, 2, (pair("ab", "a", "b"), pair("ac", "a", "c"), pair("ad", "a", "d"))
    )
    schedule = solve(problem, time_limit_s=5)
    slots = sorted(a.slot for a in schedule.assignments)
    assert slots == list(range(slots[0], slots[0] + 3))
    assert schedule.idle_gaps == 0


def test_summary_states_n_of_at_most_m() -> None:
    problem = MeetingProblem(2, 1, tuple(pair(f"m{i}", f"x{i}", f"y{i}", 2) for i in range(3)))
    text = solve(problem, time_limit_s=5).summary()
    assert "scheduled 2 of at most 2 possible meetings" in text
    assert "weighted by priority 4 of at most 4" in text
    assert "proven optimal" in text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_events())
def test_solver_matches_brute_force_and_bounds_hold(problem: MeetingProblem) -> None:
    optimum = best_weighted(problem)
    schedule = solve(problem, time_limit_s=3)
    assert check_schedule(problem, schedule) == []
    assert schedule.weighted_count == optimum
    assert schedule.upper_bound >= optimum
    assert schedule.count_upper_bound >= best_count(problem) >= schedule.scheduled_count
    inst = compile_problem(problem)
    for bound in all_bounds(inst, inst.weight, time_limit_s=5):
        assert bound.value >= optimum, bound
    assert selection_bound(inst, inst.weight, time_limit_s=5).bound.value >= optimum


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_events_with_tables())
def test_fixed_tables_and_locks_always_give_valid_schedules(problem: MeetingProblem) -> None:
    schedule = solve(problem, time_limit_s=2)
    assert check_schedule(problem, schedule) == []
    assert schedule.weighted_count <= schedule.upper_bound


def test_generated_event_is_feasible_and_near_its_bound() -> None:
    problem = generate_event(
        participants=120, requests=700, slots=8, tables=30, availability_gaps=True, seed=3
    )
    schedule = solve(problem, time_limit_s=4)
    assert check_schedule(problem, schedule) == []
    assert schedule.share_of_bound >= 0.99
    assert schedule.scheduled_count <= schedule.count_upper_bound
