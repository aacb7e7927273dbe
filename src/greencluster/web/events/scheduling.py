"""The scheduler in the app: build the partnering day's :class:`MeetingProblem` from the
database, run :func:`solve` (first run, or "start from scratch") or :func:`reschedule` (later
runs: the fewest moved meetings; locked meetings stay put), store slots and tables, and tell
the participants whose meetings changed.

The organiser's request creates a :class:`ScheduleRun` and hands its id to
:func:`run_schedule` through ``greencluster.web.common.tasks.enqueue``: in a worker when a
broker is configured, at once otherwise.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from greencluster.core.errors import InputError
from greencluster.core.meetings import (
    Assignment,
    MeetingProblem,
    Schedule,
    check_schedule,
    reschedule,
    solve,
)
from greencluster.core.meetings import (
    Meeting as CoreMeeting,
)
from greencluster.core.partnering import available_slots
from greencluster.web.accounts.permissions import Viewer
from greencluster.web.audit.services import audit_record
from greencluster.web.common.tasks import JOB_TIMEOUT_S, enqueue
from greencluster.web.events import mail
from greencluster.web.events.models import Event, Meeting, Registration, ScheduleRun
from greencluster.web.events.services import EventsError, require_organiser

TASK = "greencluster.web.events.scheduling.run_schedule"
STALE_AFTER_S = JOB_TIMEOUT_S  # a run older than the job time-out died with its worker
DEFAULT_TIME_LIMIT_S = 20.0
logger = logging.getLogger(__name__)


def time_limit_s() -> float:
    return float(settings.GREENCLUSTER.get("SCHEDULER_TIME_LIMIT_S", DEFAULT_TIME_LIMIT_S))


@dataclass(frozen=True)
class EventProblem:
    problem: MeetingProblem
    meetings: dict[str, Meeting]  # by the scheduler's meeting id
    previous: tuple[Assignment, ...]


def build_problem(event: Event) -> EventProblem:
    """The event's active meetings as a :class:`MeetingProblem`: participants are registration
    ids, availability comes from each profile (arrival, departure, blocked slots) and the
    event's breaks, exhibitors keep their fixed tables, locked meetings their slot and table.
    Raises :class:`InputError` (from the problem's own checks) when that cannot be held."""
    meetings = list(
        Meeting.objects.filter(event=event, status=Meeting.Status.ACTIVE)
        .prefetch_related("participants", "participants__profile")
        .order_by("pk")
    )
    core = []
    availability: dict[str, frozenset[int]] = {}
    fixed: dict[str, int] = {}
    assert event.meetings_start_at is not None
    for meeting in meetings:
        people = []
        for registration in meeting.participants.all():
            key = str(registration.pk)
            people.append(key)
            profile = getattr(registration, "profile", None)
            availability[key] = available_slots(
                slot_count=event.slot_count,
                first_start=event.meetings_start_at,
                slot_minutes=event.slot_minutes,
                arrives_at=profile.arrives_at if profile else None,
                leaves_at=profile.leaves_at if profile else None,
                blocked=profile.blocked_slots if profile else (),
                breaks=event.break_slots or (),
            )
            if profile is not None and profile.fixed_table:
                fixed[key] = profile.fixed_table
        if len(people) < 2:
            continue
        core.append(
            CoreMeeting(
                meeting_id=str(meeting.pk),
                participants=tuple(sorted(people, key=int)),
                priority=meeting.priority,
                locked_slot=meeting.slot if meeting.locked else None,
                locked_table=meeting.table if meeting.locked else None,
            )
        )
    problem = MeetingProblem(
        slots=event.slot_count,
        tables=event.tables,
        meetings=tuple(core),
        availability=availability,
        fixed_tables=fixed,
    )
    previous = tuple(
        Assignment(str(m.pk), m.slot, m.table)
        for m in meetings
        if m.slot is not None and m.table is not None
    )
    return EventProblem(problem, {str(m.pk): m for m in meetings}, previous)


@transaction.atomic
def schedule_run_start(
    *,
    viewer: Viewer,
    event: Event,
    fresh: bool = False,
    base_url: str = "",
    time_limit: float | None = None,
) -> ScheduleRun:
    """Queue a run of the scheduler (or run it now when no broker is configured);
    ``time_limit`` in seconds, default the installation's setting."""
    require_organiser(viewer, event, "run the scheduler")
    if not event.is_partnering or event.meetings_start_at is None:
        raise EventsError("only a partnering day with meeting slots can be scheduled")
    event = Event.objects.select_for_update().get(pk=event.pk)
    busy = event.schedule_runs.filter(
        status__in=[ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING],
        created_at__gte=timezone.now() - dt.timedelta(seconds=STALE_AFTER_S),
    )
    if busy.exists():
        raise EventsError("the scheduler is already running for this event")
    run = ScheduleRun.objects.create(
        event=event, requested_by=viewer.user if viewer.is_authenticated else None, fresh=fresh
    )
    audit_record(actor=viewer, action="schedule.start", target=run, cluster=event.cluster)
    enqueue(TASK, run_id=run.pk, base_url=base_url, time_limit=time_limit)
    run.refresh_from_db()
    return run


def run_schedule(*, run_id: int, base_url: str = "", time_limit: float | None = None) -> str:
    """The background task: solve, store, notify. Returns the run's status."""
    with transaction.atomic():
        run = ScheduleRun.objects.select_for_update().select_related("event").get(pk=run_id)
        if run.status != ScheduleRun.Status.QUEUED:
            return str(run.status)
        run.status = ScheduleRun.Status.RUNNING
        run.save(update_fields=["status"])
    event = run.event
    try:
        built = build_problem(event)
    except InputError as exc:
        _fail(run, "; ".join(e.message for e in exc.errors) or str(exc))
        return ScheduleRun.Status.FAILED
    limit = time_limit or time_limit_s()
    try:
        if built.previous and not run.fresh:
            schedule = reschedule(
                built.problem, built.previous, time_limit_s=limit, seed=0, workers=2
            )
        else:
            schedule = solve(built.problem, time_limit_s=limit, seed=0, workers=2)
    except Exception as exc:  # the run must not stay "running" whatever the solver does
        logger.exception("scheduler run %s failed", run.pk)
        _fail(run, f"internal error of the scheduler: {exc}")
        return ScheduleRun.Status.FAILED
    violations = check_schedule(built.problem, schedule)
    if violations:
        _fail(run, "; ".join(str(v) for v in violations))
        return ScheduleRun.Status.FAILED
    _store(run, built, schedule, base_url=base_url)
    return ScheduleRun.Status.DONE


def _fail(run: ScheduleRun, message: str) -> None:
    run.status = ScheduleRun.Status.FAILED
    run.error = message
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "error", "finished_at"])


@transaction.atomic
def _store(run: ScheduleRun, built: EventProblem, schedule: Schedule, *, base_url: str) -> None:
    placed = schedule.by_meeting()
    changed: dict[int, list[Meeting]] = defaultdict(list)
    people: dict[int, Registration] = {}
    for key, meeting in built.meetings.items():
        now = placed.get(key)
        slot, table = (now.slot, now.table) if now else (None, None)
        if (meeting.slot, meeting.table) == (slot, table):
            continue
        meeting.slot, meeting.table = slot, table
        meeting.sequence += 1
        if slot is None:
            meeting.locked = False
        meeting.save(update_fields=["slot", "table", "sequence", "locked"])
        for registration in meeting.participants.all():
            people[registration.pk] = registration
            changed[registration.pk].append(meeting)
    run.status = ScheduleRun.Status.DONE
    run.finished_at = timezone.now()
    run.requested_count = len(built.problem.meetings)
    run.scheduled_count = schedule.scheduled_count
    run.count_upper_bound = schedule.count_upper_bound
    run.weighted_count = schedule.weighted_count
    run.upper_bound = schedule.upper_bound
    run.bound_source = schedule.bound_source
    run.proven_optimal = schedule.proven_optimal
    run.idle_gaps = schedule.idle_gaps
    run.moved = schedule.moved
    run.unscheduled = list(schedule.unscheduled)
    run.save()
    audit_record(
        actor=run.requested_by or "scheduler",
        action="schedule.done",
        target=run,
        cluster=run.event.cluster,
        changes={"scheduled": [None, schedule.scheduled_count], "moved": [None, schedule.moved]},
    )
    event = run.event
    for pk, meetings in changed.items():
        changes = [
            {
                "meeting": m,
                "start": event.slot_start(m.slot) if m.slot else None,
                "others": [str(p) for p in m.participants.all() if p.pk != pk],
            }
            for m in sorted(meetings, key=lambda m: (m.slot is None, m.slot or 0))
        ]
        mail.notify(
            people[pk],
            gettext_noop("Your meeting schedule"),
            "schedule_changed",
            {"changes": changes},
            base_url=base_url,
        )
