"""JSON API of the events app (django-ninja), under /api/events/. Reads accept a session or a
token and show what the caller may see; writes need a token. The same selectors and services
as the pages decide: a participant sees only their own meeting requests and meetings;
organisers (the cluster's coordinators) see all of them, the funnel and run the scheduler."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from greencluster.web.accounts.auth import request_viewer
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.common.api import ErrorOut, token_viewer
from greencluster.web.common.errors import ServiceError
from greencluster.web.events import partnering, scheduling, selectors, services
from greencluster.web.events.models import (
    Event,
    Invitation,
    Meeting,
    MeetingRequest,
    Registration,
    ScheduleRun,
)

router = Router(tags=["events"])
MAX_EVENTS = 200


class EventOut(Schema):
    slug: str
    cluster: str
    mini_cluster: str | None
    kind: str
    title: str
    summary: str
    language: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    time_zone: str
    is_online: bool
    venue: str
    address: str
    capacity: int | None
    confirmed: int
    is_public: bool
    status: str
    meetings_start_at: dt.datetime | None
    slot_minutes: int
    slot_count: int
    tables: int
    is_demo: bool


class EventFilter(Schema):
    cluster: str = ""
    kind: str = ""
    when: str = "upcoming"


class RegistrationIn(Schema):
    language: str = "en"


class RegistrationOut(Schema):
    id: int
    event: str
    name: str
    organisation: str
    status: str


class PersonOut(Schema):
    registration: int
    name: str
    organisation: str


class InvitationOut(Schema):
    id: int
    person: PersonOut
    status: str


class RequestOut(Schema):
    id: int
    requester: PersonOut
    invitations: list[InvitationOut]
    message: str
    priority: int
    status: str
    meeting: int | None


class MyRequestsOut(Schema):
    sent: list[RequestOut]
    received: list[RequestOut]


class RequestIn(Schema):
    invitees: list[int]
    message: str = ""
    priority: int = 1


class AnswerIn(Schema):
    accept: bool
    reply: str = ""


class MeetingOut(Schema):
    id: int
    participants: list[PersonOut]
    priority: int
    slot: int | None
    table: int | None
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    locked: bool


class SuggestionOut(Schema):
    partner: PersonOut
    score: float
    text_similarity: float
    resources: list[list[str]]
    cooperation: list[str]


class RunIn(Schema):
    fresh: bool = False


class RunOut(Schema):
    id: int
    status: str
    scheduled: int
    at_most: int
    weighted: int
    weighted_at_most: int
    bound_source: str
    proven_optimal: bool
    moved: int
    unscheduled: list[str]
    error: str


def _event(viewer: Viewer, slug: str) -> Event:
    try:
        return selectors.event_get(viewer, slug)
    except Event.DoesNotExist:
        raise HttpError(404, "no such event") from None


def _refused(exc: Exception) -> HttpError:
    if isinstance(exc, PermissionDenied):
        return HttpError(403, str(exc))
    field = getattr(exc, "field", None)
    return HttpError(400, f"{field}: {exc}" if field else str(exc))


def _event_out(event: Event) -> EventOut:
    return EventOut(
        slug=event.slug,
        cluster=event.cluster.slug,
        mini_cluster=event.mini_cluster.slug if event.mini_cluster else None,
        kind=event.kind,
        title=event.title,
        summary=event.summary,
        language=event.language,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        time_zone=event.time_zone,
        is_online=event.is_online,
        venue=event.venue,
        address=event.address,
        capacity=event.capacity,
        confirmed=getattr(event, "confirmed_count", 0),
        is_public=event.is_public,
        status=event.status,
        meetings_start_at=event.meetings_start_at,
        slot_minutes=event.slot_minutes,
        slot_count=event.slot_count,
        tables=event.tables,
        is_demo=event.is_demo,
    )


def _person(r: Registration) -> PersonOut:
    return PersonOut(registration=r.pk, name=r.name, organisation=r.display_organisation)


def _request_out(r: MeetingRequest) -> RequestOut:
    meeting = getattr(r, "meeting", None)
    return RequestOut(
        id=r.pk,
        requester=_person(r.requester),
        invitations=[
            InvitationOut(id=i.pk, person=_person(i.registration), status=i.status)
            for i in r.invitations.all()
        ],
        message=r.message,
        priority=r.priority,
        status=r.status,
        meeting=meeting.pk if meeting is not None else None,
    )


def _meeting_out(m: Meeting) -> MeetingOut:
    event = m.event
    return MeetingOut(
        id=m.pk,
        participants=[_person(p) for p in m.participants.all()],
        priority=m.priority,
        slot=m.slot,
        table=m.table,
        starts_at=event.slot_start(m.slot) if m.slot else None,
        ends_at=event.slot_end(m.slot) if m.slot else None,
        locked=m.locked,
    )


def _run_out(run: ScheduleRun) -> RunOut:
    return RunOut(
        id=run.pk,
        status=run.status,
        scheduled=run.scheduled_count,
        at_most=run.count_upper_bound,
        weighted=run.weighted_count,
        weighted_at_most=run.upper_bound,
        bound_source=run.bound_source,
        proven_optimal=run.proven_optimal,
        moved=run.moved,
        unscheduled=list(run.unscheduled),
        error=run.error,
    )


def _requests() -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.select_related(
        "requester__organisation", "meeting"
    ).prefetch_related("invitations__registration__organisation")


def _load_request(pk: int) -> MeetingRequest:
    return _requests().get(pk=pk)


def _participant(viewer: Viewer, event: Event) -> Registration:
    try:
        registration = selectors.participant_access(viewer, event)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    if registration is None:
        raise HttpError(403, "only confirmed participants have requests and an agenda")
    return registration


@router.get("/", response=list[EventOut], summary="Events the caller may see")
def event_list(request: HttpRequest, filters: Query[EventFilter]) -> list[EventOut]:
    viewer = request_viewer(request)
    when = "" if filters.when == "all" else filters.when
    events = selectors.event_list(
        viewer, selectors.EventFilters(cluster=filters.cluster, kind=filters.kind, when=when)
    )
    return [_event_out(e) for e in events[:MAX_EVENTS]]


@router.get("/{slug}", response={200: EventOut, 404: ErrorOut})
def event_detail(request: HttpRequest, slug: str) -> EventOut:
    return _event_out(_event(request_viewer(request), slug))


@router.post(
    "/{slug}/registrations",
    response={201: RegistrationOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Register the caller (or put them on the waiting list)",
)
def register(request: HttpRequest, slug: str, payload: RegistrationIn) -> Status:
    viewer = token_viewer(request)
    event = _event(viewer, slug)
    try:
        r = services.registration_create(viewer=viewer, event=event, language=payload.language)
    except (PermissionDenied, ServiceError) as exc:
        raise _refused(exc) from None
    return Status(
        201,
        RegistrationOut(
            id=r.pk,
            event=event.slug,
            name=r.name,
            organisation=r.display_organisation,
            status=r.status,
        ),
    )


@router.delete(
    "/{slug}/registrations/me",
    response={200: RegistrationOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="Cancel the caller's registration",
)
def cancel(request: HttpRequest, slug: str) -> RegistrationOut:
    viewer = token_viewer(request)
    event = _event(viewer, slug)
    mine = selectors.my_registration(viewer, event)
    if mine is None:
        raise HttpError(404, "not registered")
    try:
        r = services.registration_cancel(viewer=viewer, registration=mine)
    except (PermissionDenied, ServiceError) as exc:
        raise _refused(exc) from None
    return RegistrationOut(
        id=r.pk, event=event.slug, name=r.name, organisation=r.display_organisation, status=r.status
    )


@router.get(
    "/{slug}/requests",
    response={200: MyRequestsOut, 403: ErrorOut, 404: ErrorOut},
    summary="The caller's own meeting requests, sent and received",
)
def my_requests(request: HttpRequest, slug: str) -> MyRequestsOut:
    viewer = request_viewer(request)
    me = _participant(viewer, _event(viewer, slug))
    mine = selectors.my_requests(me)
    received = _requests().filter(pk__in={i.request_id for i in mine.received})
    return MyRequestsOut(
        sent=[_request_out(r) for r in mine.sent],
        received=[_request_out(r) for r in received],
    )


@router.get(
    "/{slug}/requests/all",
    response={200: list[RequestOut], 403: ErrorOut, 404: ErrorOut},
    summary="Every meeting request of the event (organisers)",
)
def all_requests(request: HttpRequest, slug: str) -> list[RequestOut]:
    viewer = request_viewer(request)
    try:
        return [_request_out(r) for r in selectors.request_list(viewer, _event(viewer, slug))]
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None


@router.post(
    "/{slug}/requests",
    response={201: RequestOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Ask one or more participants (registration ids) for a meeting",
)
def request_create(request: HttpRequest, slug: str, payload: RequestIn) -> Status:
    viewer = token_viewer(request)
    event = _event(viewer, slug)
    me = _participant(viewer, event)
    invitees = list(Registration.objects.filter(event=event, pk__in=payload.invitees))
    missing = set(payload.invitees) - {r.pk for r in invitees}
    if missing:
        raise HttpError(400, f"invitees: no participant {min(missing)} in this event")
    try:
        created = partnering.meeting_request_create(
            viewer=viewer,
            requester=me,
            invitees=invitees,
            message=payload.message,
            priority=payload.priority,
        )
    except (PermissionDenied, ServiceError) as exc:
        raise _refused(exc) from None
    return Status(201, _request_out(_load_request(created.pk)))


@router.post(
    "/{slug}/invitations/{invitation_id}",
    response={200: RequestOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Accept or decline a meeting request received",
)
def answer(request: HttpRequest, slug: str, invitation_id: int, payload: AnswerIn) -> RequestOut:
    viewer = token_viewer(request)
    event = _event(viewer, slug)
    me = _participant(viewer, event)
    try:
        invitation = Invitation.objects.select_related("registration__event").get(
            pk=invitation_id, registration=me
        )
    except Invitation.DoesNotExist:
        raise HttpError(404, "no such invitation of yours") from None
    try:
        partnering.invitation_answer(
            viewer=viewer, invitation=invitation, accept=payload.accept, reply=payload.reply
        )
    except (PermissionDenied, ServiceError) as exc:
        raise _refused(exc) from None
    return _request_out(_load_request(invitation.request_id))


@router.get(
    "/{slug}/agenda",
    response={200: list[MeetingOut], 403: ErrorOut, 404: ErrorOut},
    summary="The caller's meetings",
)
def agenda(request: HttpRequest, slug: str) -> list[MeetingOut]:
    viewer = request_viewer(request)
    me = _participant(viewer, _event(viewer, slug))
    return [_meeting_out(m) for m in selectors.agenda(me)]


@router.get(
    "/{slug}/suggestions",
    response={200: list[SuggestionOut], 403: ErrorOut, 404: ErrorOut},
    summary="Partners suggested to the caller (reciprocal)",
)
def suggestions(request: HttpRequest, slug: str) -> list[SuggestionOut]:
    viewer = request_viewer(request)
    me = _participant(viewer, _event(viewer, slug))
    found = partnering.suggestions(me)
    people = {
        str(r.pk): r
        for r in Registration.objects.filter(pk__in=[int(s.partner) for s in found]).select_related(
            "organisation"
        )
    }
    return [
        SuggestionOut(
            partner=_person(people[s.partner]),
            score=round(s.score, 4),
            text_similarity=s.wants.text,
            resources=[list(pair) for pair in s.wants.resources],
            cooperation=list(s.wants.cooperation),
        )
        for s in found
    ]


@router.get(
    "/{slug}/meetings",
    response={200: list[MeetingOut], 403: ErrorOut, 404: ErrorOut},
    summary="Every meeting of the event (organisers)",
)
def meetings(request: HttpRequest, slug: str) -> list[MeetingOut]:
    viewer = request_viewer(request)
    try:
        return [_meeting_out(m) for m in selectors.meeting_list(viewer, _event(viewer, slug))]
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None


@router.get(
    "/{slug}/funnel",
    response={200: dict[str, int], 403: ErrorOut, 404: ErrorOut},
    summary="Requested, accepted, scheduled, held, rated, agreements (organisers)",
)
def funnel(request: HttpRequest, slug: str) -> dict[str, int]:
    viewer = request_viewer(request)
    event = _event(viewer, slug)
    if not selectors.can_manage(viewer, event):
        raise HttpError(403, "only the event's organisers see its funnel")
    return selectors.funnel(Event.objects.filter(pk=event.pk))


@router.post(
    "/{slug}/schedule",
    response={200: RunOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Run the scheduler (organisers); re-schedules with the fewest moves unless fresh",
)
def schedule(request: HttpRequest, slug: str, payload: RunIn) -> RunOut:
    viewer = token_viewer(request)
    event = _event(viewer, slug)
    try:
        run = scheduling.schedule_run_start(viewer=viewer, event=event, fresh=payload.fresh)
    except (PermissionDenied, ServiceError) as exc:
        raise _refused(exc) from None
    return _run_out(run)
