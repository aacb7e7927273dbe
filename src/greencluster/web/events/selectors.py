"""Reads of the events app, scoped by what the viewer may see. Pages and API call these.

Decided here once:
- an event is seen by its organisers (the coordinators of its cluster) whatever its status;
  once published (or cancelled after publication) by everybody when it is public, else by the
  users of the cluster's member organisations;
- the registration list, attendance, all meeting requests, the table plan and the figures are
  the organisers';
- a participant sees the partnering profiles of the other confirmed participants, their own
  meeting requests (sent and received) and their own meetings; never other people's requests.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.events.models import (
    Event,
    Invitation,
    Meeting,
    MeetingRating,
    MeetingRequest,
    Outcome,
    PartnerMark,
    Registration,
    ScheduleRun,
)
from greencluster.web.knowledge.selectors import member_cluster_ids
from greencluster.web.registry.models import Cluster, MiniCluster

PAGE_SIZE = 30
SME_MAX_EMPLOYEES = 250  # Commission Recommendation 2003/361/EC, head-count criterion
ACTIVE = (Registration.Status.CONFIRMED, Registration.Status.WAITING)


def managed_clusters(viewer: Viewer) -> QuerySet[Cluster]:
    if viewer.is_superuser:
        return Cluster.objects.order_by("name")
    return Cluster.objects.filter(pk__in=viewer.coordinated_cluster_ids).order_by("name")


def can_manage(viewer: Viewer, event: Event) -> bool:
    return viewer.can_manage_cluster(event.cluster_id)


def visible_events(viewer: Viewer) -> QuerySet[Event]:
    qs = Event.objects.all()
    if viewer.is_superuser:
        return qs
    shown = Q(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])
    members = member_cluster_ids(viewer) or set()
    return qs.filter(
        Q(cluster_id__in=viewer.coordinated_cluster_ids)
        | (shown & (Q(is_public=True) | Q(cluster_id__in=members) | _in_shared_mini(members)))
    )


def _in_shared_mini(cluster_ids: set[int]) -> Q:
    """Events of a mini-cluster that spans one of ``cluster_ids`` (a Finnish–Estonian
    mini-cluster's members-only workshop is open to the members of both clusters). A
    subquery, so that no join multiplies the rows counted next to it."""
    shared = MiniCluster.objects.filter(clusters__in=cluster_ids).values("pk")
    return Q(mini_cluster_id__in=shared)


def members_may_attend(viewer: Viewer, event: Event) -> bool:
    """Whether ``viewer`` counts as a member for this event: a user of a member organisation
    of its cluster or of a cluster of its mini-cluster, or a coordinator."""
    if viewer.can_manage_cluster(event.cluster_id):
        return True
    members = member_cluster_ids(viewer) or set()
    if event.cluster_id in members:
        return True
    return (
        event.mini_cluster_id is not None
        and MiniCluster.objects.filter(pk=event.mini_cluster_id, clusters__in=members).exists()
    )


@dataclass(frozen=True)
class EventFilters:
    cluster: str = ""
    kind: str = ""
    when: str = "upcoming"  # "upcoming", "past" or "" for all


def event_list(
    viewer: Viewer, filters: EventFilters, *, now: dt.datetime | None = None
) -> QuerySet[Event]:
    now = now or timezone.now()
    qs = (
        visible_events(viewer)
        .select_related("cluster", "mini_cluster")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            )
        )
    )
    if filters.cluster:
        qs = qs.filter(cluster__slug=filters.cluster)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.when == "upcoming":
        return qs.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if filters.when == "past":
        return qs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return qs.order_by("-starts_at", "-pk")


def event_get(viewer: Viewer, slug: str) -> Event:
    """The event, or ``Event.DoesNotExist`` when it is missing or hidden from the viewer."""
    return (
        visible_events(viewer)
        .select_related("cluster", "mini_cluster")
        .annotate(
            confirmed_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
            ),
        )
        .get(slug=slug)
    )


def my_events(viewer: Viewer, *, now: dt.datetime | None = None) -> QuerySet[Registration]:
    """The viewer's active registrations for events that have not ended."""
    if not viewer.is_authenticated:
        return Registration.objects.none()
    now = now or timezone.now()
    return (
        Registration.objects.filter(
            user_id=viewer.user_id, status__in=ACTIVE, event__ends_at__gte=now
        )
        .select_related("event", "event__cluster")
        .order_by("event__starts_at")
    )


def my_registration(viewer: Viewer, event: Event) -> Registration | None:
    if not viewer.is_authenticated:
        return None
    return (
        Registration.objects.select_related("organisation", "profile")
        .filter(event=event, user_id=viewer.user_id)
        .first()
    )


def registration_list(viewer: Viewer, event: Event) -> QuerySet[Registration]:
    """Every registration of the event, for its organisers."""
    if not can_manage(viewer, event):
        raise PermissionDenied("only the event's organisers see its registrations")
    return (
        event.registrations.select_related("organisation", "user", "profile")
        .annotate(meeting_count=Count("meetings", filter=Q(meetings__status=Meeting.Status.ACTIVE)))
        .order_by("status", "queued_at", "pk")
    )


def _is_participant(viewer: Viewer, event: Event) -> Registration | None:
    registration = my_registration(viewer, event)
    if registration is not None and registration.status == Registration.Status.CONFIRMED:
        return registration
    return None


def participant_access(viewer: Viewer, event: Event) -> Registration | None:
    """The viewer's confirmed registration; ``None`` for an organiser who has none.
    Anyone else may not see the partnering pages."""
    registration = _is_participant(viewer, event)
    if registration is None and not can_manage(viewer, event):
        raise PermissionDenied("only confirmed participants and organisers see this")
    return registration


def participant_list(viewer: Viewer, event: Event) -> QuerySet[Registration]:
    """Confirmed participants with their partnering profiles (participants and organisers)."""
    participant_access(viewer, event)
    return (
        event.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("organisation", "profile")
        .order_by("organisation_name", "name", "pk")
    )


def marks_of(registration: Registration) -> dict[int, str]:
    return dict(PartnerMark.objects.filter(owner=registration).values_list("other_id", "kind"))


def excluded_pairs(event: Event) -> set[frozenset[str]]:
    """Pairs never suggested: marked by either side, or already in a request together."""
    pairs = {
        frozenset({str(a), str(b)})
        for a, b in PartnerMark.objects.filter(owner__event=event).values_list(
            "owner_id", "other_id"
        )
    }
    for requester, invitee in (
        Invitation.objects.filter(
            request__event=event,
        )
        .exclude(request__status=MeetingRequest.Status.WITHDRAWN)
        .values_list("request__requester_id", "registration_id")
    ):
        pairs.add(frozenset({str(requester), str(invitee)}))
    return pairs


def _request_queryset() -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.select_related(
        "requester", "requester__organisation", "meeting"
    ).prefetch_related(
        Prefetch(
            "invitations",
            queryset=Invitation.objects.select_related(
                "registration", "registration__organisation"
            ),
        )
    )


@dataclass(frozen=True)
class MyRequests:
    sent: list[MeetingRequest]
    received: list[Invitation]


def my_requests(registration: Registration) -> MyRequests:
    """The requests a participant sent and the invitations they received: nobody else's."""
    sent = list(_request_queryset().filter(requester=registration))
    received = list(
        Invitation.objects.filter(registration=registration)
        .select_related("request", "request__requester", "request__requester__organisation")
        .prefetch_related(
            Prefetch(
                "request__invitations",
                queryset=Invitation.objects.select_related("registration"),
            )
        )
        .order_by("-request__created_at", "-pk")
    )
    return MyRequests(sent, received)


def request_list(viewer: Viewer, event: Event) -> QuerySet[MeetingRequest]:
    """Every meeting request of the event, for its organisers only."""
    if not can_manage(viewer, event):
        raise PermissionDenied("only the event's organisers see all meeting requests")
    return _request_queryset().filter(event=event)


def _meeting_queryset() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("event", "request").prefetch_related(
        Prefetch(
            "participants",
            queryset=Registration.objects.select_related("organisation").order_by("name"),
        ),
        "ratings",
        "outcomes",
    )


def agenda(registration: Registration) -> list[Meeting]:
    """The participant's active meetings: scheduled ones by slot, then the unscheduled."""
    meetings = list(
        _meeting_queryset().filter(participants=registration, status=Meeting.Status.ACTIVE)
    )
    meetings.sort(key=lambda m: (m.slot is None, m.slot or 0, m.pk))
    return meetings


def meeting_list(viewer: Viewer, event: Event) -> list[Meeting]:
    if not can_manage(viewer, event):
        raise PermissionDenied("only the event's organisers see all meetings")
    meetings = list(_meeting_queryset().filter(event=event, status=Meeting.Status.ACTIVE))
    meetings.sort(key=lambda m: (m.slot is None, m.slot or 0, m.table or 0, m.pk))
    return meetings


def meeting_get(
    viewer: Viewer, event: Event, meeting_id: int
) -> tuple[Meeting, Registration | None]:
    """The meeting and the viewer's registration in it (``None`` for an organiser who is not
    in it); ``Meeting.DoesNotExist`` for anybody else."""
    meeting = _meeting_queryset().get(event=event, pk=meeting_id)
    mine = next((p for p in meeting.participants.all() if p.user_id == viewer.user_id), None)
    if mine is None and not can_manage(viewer, event):
        raise Meeting.DoesNotExist
    return meeting, mine


def others(meeting: Meeting, registration: Registration | None) -> list[Registration]:
    return [
        p for p in meeting.participants.all() if registration is None or p.pk != registration.pk
    ]


def latest_run(event: Event) -> ScheduleRun | None:
    return event.schedule_runs.order_by("-created_at", "-pk").first()


def table_plan(viewer: Viewer, event: Event) -> list[dict[str, Any]]:
    """Rows per slot with the meeting at each table (``None`` where free)."""
    meetings = meeting_list(viewer, event)
    at = {(m.slot, m.table): m for m in meetings if m.slot is not None}
    return [
        {
            "slot": slot,
            "start": start,
            "end": end,
            "is_break": slot in (event.break_slots or []),
            "tables": [at.get((slot, t)) for t in range(1, event.tables + 1)],
        }
        for slot, start, end in event.slots
    ]


# --- after the event: the funnel and the funders' figures -------------------------------------

FUNNEL_STAGES = ("requested", "accepted", "scheduled", "held", "rated", "agreements")


def funnel_by_event(
    events: QuerySet[Event], *, now: dt.datetime | None = None
) -> dict[int, dict[str, int]]:
    """Requested → accepted → scheduled → held → rated → agreements per event of ``events``.

    A meeting counts as held once its slot has ended, unless a participant rated it "did not
    take place" or was marked absent; rated: held and rated by at least one participant;
    agreements: held meetings with at least one recorded agreement. Three queries, whatever
    the number of events and meetings."""
    now = now or timezone.now()
    starts = {
        e["pk"]: (e["meetings_start_at"], e["slot_minutes"])
        for e in events.values("pk", "meetings_start_at", "slot_minutes")
    }
    result = {pk: dict.fromkeys(FUNNEL_STAGES, 0) for pk in starts}
    requests = (
        MeetingRequest.objects.filter(event_id__in=starts)
        .exclude(status=MeetingRequest.Status.WITHDRAWN)
        .values("event_id")
        .annotate(
            requested=Count("pk"),
            accepted=Count("pk", filter=Q(status=MeetingRequest.Status.ACCEPTED)),
        )
    )
    for row in requests:
        result[row["event_id"]]["requested"] = row["requested"]
        result[row["event_id"]]["accepted"] = row["accepted"]
    meetings = (
        Meeting.objects.filter(
            event_id__in=starts, status=Meeting.Status.ACTIVE, slot__isnull=False
        )
        .annotate(
            not_held=Count(
                "ratings", filter=Q(ratings__rating=MeetingRating.Rating.NOT_HELD), distinct=True
            ),
            absent=Count("participants", filter=Q(participants__attended=False), distinct=True),
            rating_count=Count("ratings", distinct=True),
            outcome_count=Count("outcomes", distinct=True),
        )
        .values("event_id", "slot", "not_held", "absent", "rating_count", "outcome_count")
    )
    for m in meetings:
        counts = result[m["event_id"]]
        counts["scheduled"] += 1
        first, minutes = starts[m["event_id"]]
        ended = first is not None and first + dt.timedelta(minutes=minutes * m["slot"]) <= now
        if not ended or m["not_held"] or m["absent"]:
            continue
        counts["held"] += 1
        counts["rated"] += 1 if m["rating_count"] else 0
        counts["agreements"] += 1 if m["outcome_count"] else 0
    return result


def funnel(events: QuerySet[Event], *, now: dt.datetime | None = None) -> dict[str, int]:
    """The funnel summed over ``events`` (see :func:`funnel_by_event`)."""
    total = dict.fromkeys(FUNNEL_STAGES, 0)
    for counts in funnel_by_event(events, now=now).values():
        for stage, n in counts.items():
            total[stage] += n
    return total


def rating_counts(events: QuerySet[Event]) -> dict[str, int]:
    found = Counter(
        MeetingRating.objects.filter(meeting__event__in=events).values_list("rating", flat=True)
    )
    return {value: found.get(value, 0) for value in MeetingRating.Rating.values}


def agreement_counts(events: QuerySet[Event]) -> dict[str, int]:
    return dict(
        Counter(
            Outcome.objects.filter(meeting__event__in=events).values_list(
                "agreement_type", flat=True
            )
        )
    )


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    def bounds(self, zone: Any) -> tuple[dt.datetime, dt.datetime]:
        begin = dt.datetime.combine(self.start, dt.time.min, tzinfo=zone)
        finish = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        return begin, finish


def period_events(viewer: Viewer, cluster: Cluster, period: Period) -> QuerySet[Event]:
    """The cluster's published events that started within ``period`` (organisers only)."""
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators see its activity figures")
    begin, finish = period.bounds(timezone.get_current_timezone())
    return Event.objects.filter(
        cluster=cluster,
        status=Event.Status.PUBLISHED,
        starts_at__gte=begin,
        starts_at__lt=finish,
    )


def activity_figures(
    viewer: Viewer, cluster: Cluster, period: Period, *, now: dt.datetime | None = None
) -> dict[str, Any]:
    """What funders ask about a cluster's activities in a period: events by type; participants
    (confirmed, not marked absent), distinct organisations and SMEs among them (by head-count
    under 250, Commission Recommendation 2003/361/EC; organisations without a head-count are
    counted apart); per event the same and its partnering funnel."""
    events = period_events(viewer, cluster, period)
    rows = list(
        events.select_related("mini_cluster")
        .annotate(
            participants=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED)
                & ~Q(registrations__attended=False),
                distinct=True,
            ),
            guests=Count(
                "registrations",
                filter=Q(registrations__status=Registration.Status.CONFIRMED)
                & ~Q(registrations__attended=False)
                & Q(registrations__organisation__isnull=True),
                distinct=True,
            ),
        )
        .order_by("starts_at", "pk")
    )
    attendance = Registration.objects.filter(
        event__in=events, status=Registration.Status.CONFIRMED
    ).exclude(attended=False)
    organisations: dict[int, set[int]] = defaultdict(set)
    sizes: dict[int, int | None] = {}
    for event_id, org_id, employees in attendance.filter(organisation__isnull=False).values_list(
        "event_id", "organisation_id", "organisation__employees"
    ):
        organisations[event_id].add(org_id)
        sizes[org_id] = employees

    def smes(org_ids: set[int]) -> int:
        return sum(1 for o in org_ids if sizes[o] is not None and sizes[o] < SME_MAX_EMPLOYEES)

    def unknown(org_ids: set[int]) -> int:
        return sum(1 for o in org_ids if sizes[o] is None)

    funnels = funnel_by_event(events, now=now)
    by_kind = Counter(e.kind for e in rows)
    all_orgs = set().union(*organisations.values()) if organisations else set()
    per_event = []
    for e in rows:
        orgs = organisations.get(e.pk, set())
        per_event.append(
            {
                "event": e,
                "participants": e.participants,
                "guests": e.guests,
                "organisations": len(orgs),
                "smes": smes(orgs),
                "size_unknown": unknown(orgs),
                "funnel": funnels[e.pk] if e.is_partnering else None,
            }
        )
    return {
        "cluster": cluster,
        "period": period,
        "events": len(rows),
        "by_kind": [(label, by_kind.get(value, 0)) for value, label in Event.Kind.choices],
        "participants": sum(e.participants for e in rows),
        "organisations": len(all_orgs),
        "smes": smes(all_orgs),
        "size_unknown": unknown(all_orgs),
        "funnel": {stage: sum(f[stage] for f in funnels.values()) for stage in FUNNEL_STAGES},
        "ratings": rating_counts(events),
        "agreement_types": agreement_counts(events),
        "rows": per_event,
    }
