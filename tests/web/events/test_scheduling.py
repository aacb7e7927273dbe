"""The scheduler in the app: problem from the database, stored schedule with its bound,
re-scheduling that keeps locked meetings and moves few, availability and exhibitors' tables."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from greencluster.core.meetings import check_schedule
from greencluster.core.meetings.result import Schedule
from greencluster.web.accounts.permissions import PermissionDenied, viewer_for
from greencluster.web.events import partnering, scheduling
from greencluster.web.events.models import Meeting, ScheduleRun
from greencluster.web.events.services import EventsError
from tests.web.events.conftest import meet


def run(world, event, *, fresh=False) -> ScheduleRun:
    result = scheduling.schedule_run_start(
        viewer=viewer_for(world.coordinator), event=event, fresh=fresh
    )
    result.refresh_from_db()
    return result


def slots(*meetings):
    for m in meetings:
        m.refresh_from_db()
    return [(m.slot, m.table) for m in meetings]


def test_the_scheduler_places_every_meeting_and_reports_the_bound(world, people):
    regs, users = people
    a = meet(users, regs, "member", "neighbour")
    b = meet(users, regs, "member", "third")
    c = meet(users, regs, "neighbour", "third")
    day = regs["member"].event
    result = run(world, day)
    assert result.status == "done"
    assert (result.scheduled_count, result.count_upper_bound) == (3, 3)
    assert result.proven_optimal
    placed = slots(a, b, c)
    assert all(slot is not None for slot, _ in placed)
    member_slots = [a.slot, b.slot]
    assert len(set(member_slots)) == 2  # nobody is in two meetings at once
    built = scheduling.build_problem(day)
    schedule = Schedule(
        assignments=built.previous,
        scheduled_count=3,
        weighted_count=3,
        upper_bound=3,
        count_upper_bound=3,
        bound_source="test",
        proven_optimal=True,
        idle_gaps=0,
        unscheduled=(),
    )
    assert check_schedule(built.problem, schedule) == []


def test_rescheduling_keeps_locked_meetings_and_moves_few(world, people):
    regs, users = people
    a = meet(users, regs, "member", "neighbour")
    b = meet(users, regs, "member", "third")
    day = regs["member"].event
    run(world, day)
    a.refresh_from_db()
    locked_at = (a.slot, a.table)
    partnering.meeting_lock(viewer=viewer_for(world.coordinator), meeting=a, locked=True)
    # Late change: the member cannot meet in the slots of both meetings but the locked one's.
    profile = regs["member"].profile
    profile.blocked_slots = [s for s in range(1, day.slot_count + 1) if s != a.slot and s != 1]
    profile.save()
    c = meet(users, regs, "neighbour", "third")
    second = run(world, day)
    assert second.status == "done"
    assert slots(a)[0] == locked_at
    a.refresh_from_db()
    assert a.locked
    b.refresh_from_db()
    assert b.slot in (None, 1) and b.slot != a.slot
    c.refresh_from_db()
    assert c.slot is not None


def test_rescheduling_without_changes_moves_nothing(world, people):
    regs, users = people
    meetings = [meet(users, regs, "member", "neighbour"), meet(users, regs, "member", "third")]
    day = regs["member"].event
    run(world, day)
    before = slots(*meetings)
    again = run(world, day)
    assert again.moved == 0 and slots(*meetings) == before


def test_a_locked_meeting_that_can_no_longer_be_held_fails_the_run_with_a_reason(world, people):
    regs, users = people
    a = meet(users, regs, "member", "neighbour")
    day = regs["member"].event
    run(world, day)
    a.refresh_from_db()
    partnering.meeting_lock(viewer=viewer_for(world.coordinator), meeting=a, locked=True)
    profile = regs["member"].profile
    profile.blocked_slots = [a.slot]
    profile.save()
    failed = run(world, day)
    assert failed.status == "failed"
    assert f"not available in slot {a.slot}" in failed.error
    assert slots(a)[0][0] is not None  # the stored schedule is untouched


def test_availability_breaks_and_exhibitor_tables_are_respected(world, people):
    regs, users = people
    day = regs["member"].event
    day.break_slots = [1, 2]
    day.save()
    partnering.fixed_table_set(
        viewer=viewer_for(world.coordinator), registration=regs["neighbour"], table=3
    )
    a = meet(users, regs, "member", "neighbour")
    b = meet(users, regs, "member", "third")
    run(world, day)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.table == 3 and a.slot not in (1, 2)
    assert b.table != 3 and b.slot not in (1, 2)


def test_participants_are_told_when_their_meetings_are_placed_or_moved(
    world, people, django_capture_on_commit_callbacks
):
    regs, users = people
    for key in regs:
        regs[key].email = f"{key}@example.org"
        regs[key].save()
    meet(users, regs, "member", "neighbour")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run(world, regs["member"].event)
    assert sorted(m.to[0] for m in mail.outbox) == ["member@example.org", "neighbour@example.org"]
    assert "table" in mail.outbox[0].body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run(world, regs["member"].event)
    assert mail.outbox == []  # nothing moved, nobody bothered


def test_only_organisers_run_the_scheduler_or_lock(world, people):
    regs, users = people
    a = meet(users, regs, "member", "neighbour")
    with pytest.raises(PermissionDenied):
        scheduling.schedule_run_start(
            viewer=viewer_for(users["member"]), event=regs["member"].event
        )
    with pytest.raises(PermissionDenied):
        scheduling.schedule_run_start(
            viewer=viewer_for(world.other_coordinator), event=regs["member"].event
        )
    with pytest.raises(PermissionDenied):
        partnering.meeting_lock(viewer=viewer_for(users["member"]), meeting=a, locked=True)
    with pytest.raises(EventsError, match="scheduled"):
        partnering.meeting_lock(viewer=viewer_for(world.coordinator), meeting=a, locked=True)


def test_cancelled_meetings_leave_the_next_schedule(world, people):
    regs, users = people
    a = meet(users, regs, "member", "neighbour")
    day = regs["member"].event
    run(world, day)
    partnering.meeting_cancel(viewer=viewer_for(users["neighbour"]), meeting=a)
    result = run(world, day)
    assert result.scheduled_count == 0
    assert Meeting.objects.get(pk=a.pk).status == "cancelled"


def test_one_run_at_a_time_unless_the_other_died_long_ago(world, people):
    regs, users = people
    meet(users, regs, "member", "neighbour")
    day = regs["member"].event
    stuck = ScheduleRun.objects.create(event=day, status="running")
    with pytest.raises(EventsError, match="already running"):
        run(world, day)
    ScheduleRun.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - dt.timedelta(seconds=scheduling.STALE_AFTER_S + 60)
    )
    assert run(world, day).status == "done"
