"""Late changes move as few meetings as possible."""

from __future__ import annotations

import dataclasses

from greencluster.core.meetings import (
    Meeting,
    MeetingProblem,
    check_schedule,
    generate_event,
    reschedule,
    solve,
)


def moved_ids(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {m for m, slot in before.items() if after.get(m) != slot}


def slots(schedule_assignments: object) -> dict[str, int]:
    return {a.meeting_id: a.slot for a in schedule_assignments}  # type: ignore[attr-defined]


EVENT = generate_event(participants=60, requests=200, slots=6, tables=20, seed=5)


def cancel(problem: MeetingProblem, meeting_id: str) -> MeetingProblem:
    kept = tuple(m for m in problem.meetings if m.meeting_id != meeting_id)
    return dataclasses.replace(problem, meetings=kept)


def test_cancellation_moves_nothing_when_everything_was_held() -> None:
    problem = generate_event(participants=40, requests=60, slots=12, tables=20, seed=2)
    first = solve(problem, time_limit_s=3)
    assert first.unscheduled == ()
    cancelled = first.assignments[0].meeting_id
    second = reschedule(cancel(problem, cancelled), first, time_limit_s=3)
    assert second.moved == 0
    kept = {(a.meeting_id, a.slot, a.table) for a in first.assignments}
    assert {(a.meeting_id, a.slot, a.table) for a in second.assignments} == kept - {
        next(k for k in kept if k[0] == cancelled)
    }


def test_cancellation_may_move_meetings_only_to_hold_more() -> None:
    first = solve(EVENT, time_limit_s=3)
    cancelled = first.assignments[0].meeting_id
    priority = next(m.priority for m in EVENT.meetings if m.meeting_id == cancelled)
    changed = cancel(EVENT, cancelled)
    second = reschedule(changed, first, time_limit_s=3)
    assert check_schedule(changed, second) == []
    assert second.weighted_count >= first.weighted_count - priority
    if second.weighted_count == first.weighted_count - priority:
        assert second.moved == 0
    else:
        assert second.moved <= 4


def test_participant_leaving_early_moves_only_what_must_move() -> None:
    problem = MeetingProblem(
        4,
        2,
        (
            Meeting("ab", ("a", "b")),
            Meeting("ac", ("a", "c")),
            Meeting("bd", ("b", "d")),
            Meeting("cd", ("c", "d")),
        ),
    )
    first = solve(problem, time_limit_s=2)
    assert first.scheduled_count == 4
    last = max(a.slot for a in first.assignments)
    leaver = next(a for a in first.assignments if a.slot == last).meeting_id
    person = problem.meetings[[m.meeting_id for m in problem.meetings].index(leaver)].participants[
        0
    ]
    changed = dataclasses.replace(problem, availability={person: frozenset(range(1, last))})
    second = reschedule(changed, first, time_limit_s=2)
    assert check_schedule(changed, second) == []
    assert second.scheduled_count == 4
    assert moved_ids(slots(first.assignments), slots(second.assignments)) == {leaver}
    assert second.moved_meetings == (leaver,)


def test_new_request_is_added_with_few_moves() -> None:
    first = solve(EVENT, time_limit_s=3)
    held = {
        p
        for a in first.assignments
        for m in EVENT.meetings
        if m.meeting_id == a.meeting_id
        for p in m.participants
    }
    newcomer = Meeting("late", ("newcomer", sorted(held)[0]), 3)
    changed = dataclasses.replace(EVENT, meetings=(*EVENT.meetings, newcomer))
    second = reschedule(changed, first, time_limit_s=3)
    assert check_schedule(changed, second) == []
    assert "late" in second.by_meeting()
    assert second.weighted_count >= first.weighted_count + 1
    assert second.moved <= 3
