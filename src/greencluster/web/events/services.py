"""Writes of the events app: events, registrations, the waiting list and attendance.

Each function checks the viewer's permission (the coordinators of the event's cluster organise
it), writes in one transaction and records an audit entry; pages, API and demo all come
through here. Registration and cancellation lock the event row, so that two people never take
the last seat and a freed seat goes to exactly one waiting registration (first come, first
served).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.audit.services import audit_record, diff
from greencluster.web.common.errors import ServiceError
from greencluster.web.common.slugs import unique_slug
from greencluster.web.events import mail
from greencluster.web.events.models import (
    Event,
    Invitation,
    Meeting,
    MeetingRequest,
    Registration,
)
from greencluster.web.events.selectors import members_may_attend
from greencluster.web.registry.models import Cluster, Membership, MiniCluster, Organisation

MAX_SLOTS = 48
MAX_TABLES = 500


class EventsError(ServiceError):
    """A write was refused for a reason the user can fix; ``field`` names the field."""


def require_organiser(viewer: Viewer, event: Event, what: str) -> None:
    if not viewer.can_manage_cluster(event.cluster_id):
        raise PermissionDenied(f"only the event's organisers may {what}")


# --- events -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventSpec:
    """What an organiser writes about an event. Times are aware date-times."""

    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    summary: str = ""
    programme: str = ""
    language: str = "en"
    time_zone: str = "Europe/Helsinki"
    is_online: bool = False
    online_url: str = ""
    venue: str = ""
    address: str = ""
    capacity: int | None = None
    registration_closes_at: dt.datetime | None = None
    is_public: bool = True
    mini_cluster: MiniCluster | None = None
    meetings_start_at: dt.datetime | None = None
    slot_minutes: int = 20
    slot_count: int = 12
    tables: int = 10
    break_slots: tuple[int, ...] = ()


def _check_spec(cluster: Cluster, spec: EventSpec) -> None:
    if spec.kind not in Event.Kind.values:
        raise EventsError(f"expected one of {', '.join(Event.Kind.values)}", field="kind")
    if not spec.title.strip():
        raise EventsError("an event needs a title", field="title")
    if spec.ends_at <= spec.starts_at:
        raise EventsError("the event must end after it starts", field="ends_at")
    if spec.capacity is not None and spec.capacity < 1:
        raise EventsError("expected at least 1 seat, or no limit", field="capacity")
    if (
        spec.mini_cluster is not None
        and not spec.mini_cluster.clusters.filter(pk=cluster.pk).exists()
    ):
        raise EventsError("the mini-cluster is not part of this cluster", field="mini_cluster")
    if spec.is_online and not spec.online_url and not spec.venue:
        raise EventsError("an online event needs its link", field="online_url")
    if spec.kind != Event.Kind.PARTNERING:
        return
    if spec.meetings_start_at is None:
        raise EventsError(
            "a partnering day needs the start of its first meeting slot", field="meetings_start_at"
        )
    if not 1 <= spec.slot_count <= MAX_SLOTS:
        raise EventsError(f"expected 1 to {MAX_SLOTS} meeting slots", field="slot_count")
    if not 5 <= spec.slot_minutes <= 240:
        raise EventsError("expected a slot length of 5 to 240 minutes", field="slot_minutes")
    if not 1 <= spec.tables <= MAX_TABLES:
        raise EventsError(f"expected 1 to {MAX_TABLES} tables", field="tables")
    bad = [s for s in spec.break_slots if not 1 <= s <= spec.slot_count]
    if bad:
        raise EventsError(
            f"break slot {bad[0]} is not a slot from 1 to {spec.slot_count}", field="break_slots"
        )
    last_end = spec.meetings_start_at + dt.timedelta(minutes=spec.slot_minutes * spec.slot_count)
    if spec.meetings_start_at < spec.starts_at or last_end > spec.ends_at:
        raise EventsError(
            "the meeting slots must lie within the event's start and end", field="meetings_start_at"
        )


def _values(spec: EventSpec) -> dict[str, Any]:
    values = {f.name: getattr(spec, f.name) for f in dataclasses.fields(spec)}
    values["title"] = spec.title.strip()
    values["break_slots"] = sorted(set(spec.break_slots))
    return values


@transaction.atomic
def event_create(
    *, viewer: Viewer, cluster: Cluster, spec: EventSpec, is_demo: bool = False
) -> Event:
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators organise its events")
    _check_spec(cluster, spec)
    event = Event(cluster=cluster, is_demo=is_demo, **_values(spec))
    event.slug = unique_slug(Event, f"{event.title} {event.starts_at:%Y-%m-%d}", fallback="event")
    event.save()
    audit_record(actor=viewer, action="event.create", target=event, cluster=cluster)
    return event


@transaction.atomic
def event_update(*, viewer: Viewer, event: Event, spec: EventSpec, base_url: str = "") -> Event:
    """Change the event; a larger capacity lets waiting registrations move up."""
    require_organiser(viewer, event, "change it")
    _check_spec(event.cluster, spec)
    event = Event.objects.select_for_update().get(pk=event.pk)
    values = _values(spec)
    changes = diff(event, values)
    for key, value in values.items():
        setattr(event, key, value)
    event.save()
    audit_record(
        actor=viewer, action="event.update", target=event, cluster=event.cluster, changes=changes
    )
    _promote(event, base_url=base_url)
    return event


@transaction.atomic
def event_publish(*, viewer: Viewer, event: Event) -> Event:
    require_organiser(viewer, event, "publish it")
    if event.status == Event.Status.CANCELLED:
        raise EventsError("a cancelled event cannot be published again")
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status", "updated_at"])
    audit_record(actor=viewer, action="event.publish", target=event, cluster=event.cluster)
    return event


@transaction.atomic
def event_cancel(*, viewer: Viewer, event: Event, base_url: str = "") -> Event:
    """Cancel the event and tell everyone registered."""
    require_organiser(viewer, event, "cancel it")
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    audit_record(actor=viewer, action="event.cancel", target=event, cluster=event.cluster)
    mail.notify_all(
        event.registrations.filter(
            status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]
        ),
        gettext_noop("Event cancelled"),
        "event_cancelled",
        {},
        base_url=base_url,
    )
    return event


# --- registration and the waiting list ----------------------------------------------------------


def _member_organisation(viewer: Viewer, cluster_id: int) -> Organisation | None:
    """The viewer's organisation to register for: one that is a member of the cluster, else
    any of theirs."""
    if not viewer.organisation_ids:
        return None
    in_cluster = Membership.objects.filter(
        organisation_id__in=viewer.organisation_ids, cluster_id=cluster_id
    ).values_list("organisation_id", flat=True)
    chosen = sorted(in_cluster) or sorted(viewer.organisation_ids)
    return Organisation.objects.get(pk=chosen[0])


def _seat_free(event: Event) -> bool:
    if event.capacity is None:
        return True
    taken = event.registrations.filter(status=Registration.Status.CONFIRMED).count()
    return taken < event.capacity


def _check_open(event: Event, now: dt.datetime) -> None:
    if event.status != Event.Status.PUBLISHED:
        raise EventsError("the event is not open for registration")
    if now > event.registration_deadline:
        raise EventsError("registration has closed")


@transaction.atomic
def registration_create(
    *,
    viewer: Viewer,
    event: Event,
    name: str = "",
    email: str = "",
    organisation_name: str = "",
    language: str = "en",
    base_url: str = "",
    now: dt.datetime | None = None,
) -> Registration:
    """Register the viewer (a logged-in user) or a guest (name and e-mail; public events
    only). A full event puts the registration on the waiting list. Either way a confirmation
    goes by e-mail."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().select_related("cluster").get(pk=event.pk)
    _check_open(event, now)
    if viewer.is_authenticated:
        if not event.is_public and not members_may_attend(viewer, event):
            raise PermissionDenied("only members of the cluster may register for this event")
        user = viewer.user
        registration = Registration.objects.filter(event=event, user_id=viewer.user_id).first()
        organisation = _member_organisation(viewer, event.cluster_id)
        name = (user.get_full_name() if user is not None else "") or name or viewer.username
        email = (user.email if user is not None else "") or email
    else:
        if not event.is_public:
            raise PermissionDenied("log in: only members of the cluster may register")
        name, email = name.strip(), email.strip().lower()
        if not name:
            raise EventsError("please give your name", field="name")
        if not email:
            raise EventsError("please give your e-mail address", field="email")
        registration = Registration.objects.filter(
            event=event, user__isnull=True, email=email
        ).first()
        organisation = None
    return _enrol(
        viewer=viewer,
        event=event,
        registration=registration,
        user=viewer.user if viewer.is_authenticated else None,
        name=name,
        email=email,
        organisation=organisation,
        organisation_name=organisation_name,
        language=language,
        base_url=base_url,
        now=now,
    )


@transaction.atomic
def registration_add(
    *,
    viewer: Viewer,
    event: Event,
    name: str,
    email: str = "",
    organisation: Organisation | None = None,
    organisation_name: str = "",
    user: Any = None,
    language: str = "en",
    base_url: str = "",
    now: dt.datetime | None = None,
) -> Registration:
    """An organiser registers someone (by phone, from a list, afterwards for the record):
    the same seats and waiting list, also after registration has closed."""
    require_organiser(viewer, event, "register participants")
    now = now or timezone.now()
    event = Event.objects.select_for_update().select_related("cluster").get(pk=event.pk)
    if event.status != Event.Status.PUBLISHED:
        raise EventsError("the event is not published")
    if not name.strip():
        raise EventsError("a participant needs a name", field="name")
    existing = Registration.objects.filter(event=event)
    if user is not None:
        registration = existing.filter(user=user).first()
    else:
        registration = existing.filter(user__isnull=True, email=email.strip().lower()).first()
        registration = registration if email.strip() else None
    return _enrol(
        viewer=viewer,
        event=event,
        registration=registration,
        user=user,
        name=name.strip(),
        email=(email or getattr(user, "email", "") or "").strip().lower(),
        organisation=organisation,
        organisation_name=organisation_name,
        language=language,
        base_url=base_url,
        now=now,
    )


def _enrol(
    *,
    viewer: Viewer,
    event: Event,
    registration: Registration | None,
    user: Any,
    name: str,
    email: str,
    organisation: Organisation | None,
    organisation_name: str,
    language: str,
    base_url: str,
    now: dt.datetime,
) -> Registration:
    """Confirm or queue a (new or cancelled) registration; call with the event row locked."""
    if registration is not None and registration.status != Registration.Status.CANCELLED:
        raise EventsError("already registered for this event")
    status = Registration.Status.CONFIRMED if _seat_free(event) else Registration.Status.WAITING
    if registration is None:
        registration = Registration(event=event, user=user)
    registration.name = name[:200]
    registration.email = email
    registration.organisation = organisation
    registration.organisation_name = organisation_name.strip()[:250] if organisation is None else ""
    registration.language = language
    registration.status = status
    registration.queued_at = now
    registration.attended = None
    registration.save()
    audit_record(
        actor=viewer,
        action="registration.create",
        target=registration,
        cluster=event.cluster,
        changes={"status": [None, status]},
    )
    if status == Registration.Status.CONFIRMED:
        mail.notify(
            registration,
            gettext_noop("Registration confirmed"),
            "registered",
            {},
            base_url=base_url,
        )
    else:
        mail.notify(
            registration, gettext_noop("On the waiting list"), "waiting", {}, base_url=base_url
        )
    return registration


def _can_change(viewer: Viewer, registration: Registration, token: str | None) -> bool:
    return (
        (viewer.is_authenticated and registration.user_id == viewer.user_id)
        or viewer.can_manage_cluster(registration.event.cluster_id)
        or (token is not None and token == registration.token)
    )


@transaction.atomic
def registration_cancel(
    *,
    viewer: Viewer,
    registration: Registration,
    token: str | None = None,
    base_url: str = "",
) -> Registration:
    """Cancel a registration (its holder, with the guest's link, or an organiser). A freed
    seat goes to the first registration on the waiting list, which is told by e-mail. The
    participant's meeting requests are withdrawn, invitations declined and meetings left."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_related("event", "event__cluster").get(
        pk=registration.pk
    )
    if not _can_change(viewer, registration, token):
        raise PermissionDenied(
            "only the participant or the organisers may cancel this registration"
        )
    if registration.status == Registration.Status.CANCELLED:
        raise EventsError("the registration is already cancelled")
    was = registration.status
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status"])
    audit_record(
        actor=viewer if viewer.is_authenticated else "guest link",
        action="registration.cancel",
        target=registration,
        cluster=event.cluster,
        changes={"status": [was, Registration.Status.CANCELLED]},
    )
    _leave_partnering(registration, base_url=base_url)
    if was == Registration.Status.CONFIRMED:
        _promote(event, base_url=base_url)
    return registration


def _promote(event: Event, *, base_url: str) -> list[Registration]:
    """Move waiting registrations up while seats are free (call with the event row locked)."""
    promoted = []
    waiting = event.registrations.filter(status=Registration.Status.WAITING).order_by(
        "queued_at", "pk"
    )
    for registration in waiting:
        if not _seat_free(event):
            break
        registration.status = Registration.Status.CONFIRMED
        registration.save(update_fields=["status"])
        audit_record(
            actor="waiting list",
            action="registration.promote",
            target=registration,
            cluster=event.cluster,
            changes={"status": [Registration.Status.WAITING, Registration.Status.CONFIRMED]},
        )
        mail.notify(
            registration, gettext_noop("A seat is free for you"), "promoted", {}, base_url=base_url
        )
        promoted.append(registration)
    return promoted


def _leave_partnering(registration: Registration, *, base_url: str) -> None:
    """A cancelled participant's requests are withdrawn, invitations declined, meetings left
    (a meeting of two is cancelled; the others are told)."""
    now = timezone.now()
    MeetingRequest.objects.filter(
        requester=registration, status=MeetingRequest.Status.PENDING
    ).update(status=MeetingRequest.Status.WITHDRAWN, answered_at=now)
    for invitation in Invitation.objects.filter(
        registration=registration, status=Invitation.Status.PENDING
    ).select_related("request"):
        invitation.status = Invitation.Status.DECLINED
        invitation.answered_at = now
        invitation.save(update_fields=["status", "answered_at"])
        settle_request(invitation.request, base_url=base_url)
    from greencluster.web.events.partnering import leave_meeting

    for meeting in Meeting.objects.filter(participants=registration, status=Meeting.Status.ACTIVE):
        leave_meeting(meeting, registration, base_url=base_url)


def settle_request(request: MeetingRequest, *, base_url: str) -> MeetingRequest:
    """Decide a request once no invitation is pending: accepted (a meeting of the requester
    and everyone who accepted) when at least one invitee accepted, else declined."""
    invitations = list(request.invitations.select_related("registration"))
    if request.status != MeetingRequest.Status.PENDING or any(
        i.status == Invitation.Status.PENDING for i in invitations
    ):
        return request
    accepted = [i.registration for i in invitations if i.status == Invitation.Status.ACCEPTED]
    request.answered_at = timezone.now()
    if not accepted:
        request.status = MeetingRequest.Status.DECLINED
        request.save(update_fields=["status", "answered_at"])
        mail.notify(
            request.requester,
            gettext_noop("Meeting request declined"),
            "request_declined",
            {"request": request},
            base_url=base_url,
        )
        return request
    request.status = MeetingRequest.Status.ACCEPTED
    request.save(update_fields=["status", "answered_at"])
    meeting = Meeting.objects.create(
        event_id=request.event_id, request=request, priority=request.priority
    )
    meeting.participants.set([request.requester, *accepted])
    mail.notify(
        request.requester,
        gettext_noop("Meeting request accepted"),
        "request_accepted",
        {"request": request, "partners": accepted},
        base_url=base_url,
    )
    return request


@transaction.atomic
def attendance_set(
    *, viewer: Viewer, registration: Registration, attended: bool | None
) -> Registration:
    require_organiser(viewer, registration.event, "record attendance")
    if registration.status != Registration.Status.CONFIRMED:
        raise EventsError("only confirmed participants can attend")
    changes = diff(registration, {"attended": attended})
    registration.attended = attended
    registration.save(update_fields=["attended"])
    audit_record(
        actor=viewer,
        action="registration.attendance",
        target=registration,
        cluster=registration.event.cluster,
        changes=changes,
    )
    return registration
