"""Writes of a partnering day: profiles, partner marks, meeting requests and answers, meetings
(cancel, lock), ratings and outcomes; and the suggested partners.

Only a confirmed participant acts for themselves; organisers (the cluster's coordinators) set
exhibitors' tables, lock meetings and may cancel any meeting. Every write is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from greencluster.core.partnering import (
    PartnerProfile,
    PartnerSuggestion,
    cooperation_codes,
    resource_classes,
    suggest_partners,
)
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.audit.services import audit_record
from greencluster.web.events import mail
from greencluster.web.events.models import (
    Event,
    Invitation,
    Meeting,
    MeetingRating,
    MeetingRequest,
    Outcome,
    PartneringProfile,
    PartnerMark,
    Registration,
)
from greencluster.web.events.selectors import excluded_pairs
from greencluster.web.events.services import EventsError, require_organiser, settle_request

MAX_INVITEES = 5


def is_installation(viewer: Viewer) -> bool:
    """The installation itself (demo loader, command line) acts for participants."""
    return viewer.is_superuser and not viewer.is_authenticated


def _require_own(viewer: Viewer, registration: Registration) -> None:
    own = viewer.is_authenticated and registration.user_id == viewer.user_id
    if not own and not is_installation(viewer):
        raise PermissionDenied("participants act only for themselves")
    if registration.status != Registration.Status.CONFIRMED:
        raise EventsError("only confirmed participants take part in the partnering")
    if not registration.event.is_partnering:
        raise EventsError("this event is not a partnering day")


# --- profiles ---------------------------------------------------------------------------------


@transaction.atomic
def profile_save(
    *,
    viewer: Viewer,
    registration: Registration,
    offers: str,
    seeks: str,
    cooperation: Sequence[str],
    arrives_at: dt.datetime | None = None,
    leaves_at: dt.datetime | None = None,
    blocked_slots: Sequence[int] = (),
) -> PartneringProfile:
    """The participant's profile; offers and seeks are classified into resource classes (in
    any of the six languages) so that suggestions can use the side-stream rules."""
    _require_own(viewer, registration)
    event = registration.event
    unknown = sorted(set(cooperation) - set(cooperation_codes()))
    if unknown:
        raise EventsError(f"unknown cooperation type '{unknown[0]}'", field="cooperation")
    if arrives_at and leaves_at and leaves_at <= arrives_at:
        raise EventsError("departure must be after arrival", field="leaves_at")
    bad = [s for s in blocked_slots if not 1 <= s <= event.slot_count]
    if bad:
        raise EventsError(f"slot {bad[0]} is not a slot of the day", field="blocked_slots")
    profile, created = PartneringProfile.objects.get_or_create(registration=registration)
    profile.offers = offers.strip()
    profile.seeks = seeks.strip()
    profile.cooperation = sorted(set(cooperation))
    profile.offer_classes = sorted(resource_classes(profile.offers))
    profile.seek_classes = sorted(resource_classes(profile.seeks))
    profile.arrives_at = arrives_at
    profile.leaves_at = leaves_at
    profile.blocked_slots = sorted(set(blocked_slots))
    profile.save()
    audit_record(
        actor=viewer,
        action="profile.create" if created else "profile.update",
        target=profile,
        cluster=event.cluster,
    )
    return profile


@transaction.atomic
def fixed_table_set(
    *, viewer: Viewer, registration: Registration, table: int | None
) -> PartneringProfile:
    """An exhibitor's own table (booth): all their meetings are held there."""
    event = registration.event
    require_organiser(viewer, event, "assign tables")
    if table is not None and not 1 <= table <= event.tables:
        raise EventsError(f"expected a table from 1 to {event.tables}", field="table")
    if table is not None:
        taken = PartneringProfile.objects.filter(
            registration__event=event, fixed_table=table, registration__status="confirmed"
        ).exclude(registration=registration)
        if taken.exists():
            raise EventsError(f"table {table} is already an exhibitor's", field="table")
    profile, _ = PartneringProfile.objects.get_or_create(registration=registration)
    before = profile.fixed_table
    profile.fixed_table = table
    profile.save(update_fields=["fixed_table", "updated_at"])
    audit_record(
        actor=viewer,
        action="profile.table",
        target=profile,
        cluster=event.cluster,
        changes={"fixed_table": [before, table]},
    )
    return profile


@transaction.atomic
def partner_mark(
    *, viewer: Viewer, owner: Registration, other: Registration, kind: str | None
) -> None:
    """Mark ``other`` as met before or not wanted (``None`` removes the mark)."""
    _require_own(viewer, owner)
    if other.event_id != owner.event_id or other.pk == owner.pk:
        raise EventsError("not another participant of this event")
    if kind is not None and kind not in PartnerMark.Kind.values:
        raise EventsError("expected met-before or no-thanks", field="kind")
    if kind is None:
        PartnerMark.objects.filter(owner=owner, other=other).delete()
    else:
        PartnerMark.objects.update_or_create(owner=owner, other=other, defaults={"kind": kind})
    audit_record(
        actor=viewer,
        action="partner.mark" if kind else "partner.unmark",
        target=owner,
        cluster=owner.event.cluster,
        changes={"other": other.pk, "kind": kind or ""},
    )


def suggestions(registration: Registration, *, limit: int = 10) -> list[PartnerSuggestion]:
    """Reciprocal suggestions for the participant among the event's confirmed participants
    with a profile (see :mod:`greencluster.core.partnering.suggest`)."""
    profiles = [
        PartnerProfile(
            participant=str(p.registration_id),
            organisation=str(p.registration.organisation_id or f"guest-{p.registration_id}"),
            offers=p.offers,
            seeks=p.seeks,
            cooperation=frozenset(p.cooperation),
            offer_classes=frozenset(p.offer_classes),
            seek_classes=frozenset(p.seek_classes),
        )
        for p in PartneringProfile.objects.filter(
            registration__event_id=registration.event_id,
            registration__status=Registration.Status.CONFIRMED,
        )
        .select_related("registration")
        .order_by("registration_id")
    ]
    me = str(registration.pk)
    if not any(p.participant == me for p in profiles):
        return []
    found = suggest_partners(
        profiles,
        participants=[me],
        exclude=excluded_pairs(registration.event),
        limit=limit,
    )
    return found.get(me, [])


# --- meeting requests ---------------------------------------------------------------------------


@transaction.atomic
def meeting_request_create(
    *,
    viewer: Viewer,
    requester: Registration,
    invitees: Sequence[Registration],
    message: str = "",
    priority: int = 1,
    base_url: str = "",
) -> MeetingRequest:
    """Ask one or more participants for a meeting (several: a multilateral meeting). Each
    invitee is told by e-mail and answers on their requests page."""
    _require_own(viewer, requester)
    event = requester.event
    people = {r.pk: r for r in invitees}
    if not people:
        raise EventsError("choose whom to meet", field="invitees")
    if len(people) > MAX_INVITEES:
        raise EventsError(f"at most {MAX_INVITEES} people per meeting request", field="invitees")
    for other in people.values():
        if other.pk == requester.pk:
            raise EventsError("you cannot invite yourself", field="invitees")
        if other.event_id != event.pk or other.status != Registration.Status.CONFIRMED:
            raise EventsError(f"{other.name} is not a confirmed participant", field="invitees")
    if priority not in MeetingRequest.Priority.values:
        raise EventsError("expected priority 1, 2 or 3", field="priority")
    if len(people) == 1:
        (other,) = people.values()
        if _open_pair(event, requester, other):
            raise EventsError(
                f"you already have an open request or meeting with {other.name}", field="invitees"
            )
    request = MeetingRequest.objects.create(
        event=event, requester=requester, message=message.strip(), priority=priority
    )
    for other in people.values():
        Invitation.objects.create(request=request, registration=other)
    audit_record(
        actor=viewer, action="meeting_request.create", target=request, cluster=event.cluster
    )
    mail.notify_all(
        people.values(),
        gettext_noop("Meeting request"),
        "request_received",
        {"request": request},
        base_url=base_url,
    )
    return request


def _open_pair(event: Event, a: Registration, b: Registration) -> bool:
    """A pending or accepted two-person request between ``a`` and ``b`` in either direction."""
    open_statuses = [MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED]
    for x, y in ((a, b), (b, a)):
        if (
            MeetingRequest.objects.filter(event=event, requester=x, status__in=open_statuses)
            .filter(invitations__registration=y)
            .exists()
        ):
            meeting = Meeting.objects.filter(
                request__requester=x, request__invitations__registration=y
            ).first()
            if meeting is None or meeting.status == Meeting.Status.ACTIVE:
                return True
    return False


@transaction.atomic
def invitation_answer(
    *,
    viewer: Viewer,
    invitation: Invitation,
    accept: bool,
    reply: str = "",
    base_url: str = "",
) -> Invitation:
    """Accept or decline; once nobody is left to answer the request becomes a meeting (if
    anyone accepted) or is declined."""
    _require_own(viewer, invitation.registration)
    request = MeetingRequest.objects.select_for_update().get(pk=invitation.request_id)
    if request.status != MeetingRequest.Status.PENDING:
        raise EventsError("this request has already been settled")
    if invitation.status != Invitation.Status.PENDING:
        raise EventsError("you have already answered")
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.reply = reply.strip()
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "reply", "answered_at"])
    audit_record(
        actor=viewer,
        action="invitation.accept" if accept else "invitation.decline",
        target=invitation,
        cluster=request.event.cluster,
    )
    settle_request(request, base_url=base_url)
    return invitation


@transaction.atomic
def meeting_request_withdraw(
    *, viewer: Viewer, request: MeetingRequest, base_url: str = ""
) -> MeetingRequest:
    _require_own(viewer, request.requester)
    if request.status not in (MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED):
        raise EventsError("this request is already closed")
    request.status = MeetingRequest.Status.WITHDRAWN
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    audit_record(
        actor=viewer,
        action="meeting_request.withdraw",
        target=request,
        cluster=request.event.cluster,
    )
    meeting = Meeting.objects.filter(request=request, status=Meeting.Status.ACTIVE).first()
    if meeting is not None:
        _cancel(meeting, base_url=base_url, by=request.requester)
    return request


# --- meetings -----------------------------------------------------------------------------------


def _cancel(meeting: Meeting, *, base_url: str, by: Registration | None) -> None:
    meeting.status = Meeting.Status.CANCELLED
    meeting.locked = False
    meeting.sequence += 1
    meeting.save(update_fields=["status", "locked", "sequence"])
    others = [p for p in meeting.participants.all() if by is None or p.pk != by.pk]
    mail.notify_all(
        others,
        gettext_noop("Meeting cancelled"),
        "meeting_cancelled",
        {"meeting": meeting},
        base_url=base_url,
    )


def leave_meeting(meeting: Meeting, registration: Registration, *, base_url: str) -> None:
    """``registration`` leaves: a meeting of two is cancelled, a bigger one goes on without
    them (the others are told either way)."""
    people = list(meeting.participants.all())
    if len(people) <= 2:
        _cancel(meeting, base_url=base_url, by=registration)
        return
    meeting.participants.remove(registration)
    meeting.sequence += 1
    meeting.save(update_fields=["sequence"])
    mail.notify_all(
        [p for p in people if p.pk != registration.pk],
        gettext_noop("Meeting changed"),
        "meeting_left",
        {"meeting": meeting, "left": registration},
        base_url=base_url,
    )


@transaction.atomic
def meeting_cancel(*, viewer: Viewer, meeting: Meeting, base_url: str = "") -> Meeting:
    """A participant leaves the meeting (see :func:`leave_meeting`); an organiser cancels it."""
    event = meeting.event
    mine = (
        meeting.participants.filter(user_id=viewer.user_id).first()
        if viewer.is_authenticated
        else None
    )
    if meeting.status != Meeting.Status.ACTIVE:
        raise EventsError("the meeting is already cancelled")
    if mine is not None:
        leave_meeting(meeting, mine, base_url=base_url)
    elif viewer.can_manage_cluster(event.cluster_id):
        _cancel(meeting, base_url=base_url, by=None)
    else:
        raise PermissionDenied("only the meeting's participants and the organisers may cancel it")
    audit_record(actor=viewer, action="meeting.cancel", target=meeting, cluster=event.cluster)
    return meeting


@transaction.atomic
def meeting_lock(*, viewer: Viewer, meeting: Meeting, locked: bool) -> Meeting:
    """A locked meeting keeps its slot and table in every later run of the scheduler."""
    require_organiser(viewer, meeting.event, "lock meetings")
    if locked and (meeting.slot is None or meeting.table is None):
        raise EventsError("only a scheduled meeting can be locked")
    if meeting.status != Meeting.Status.ACTIVE:
        raise EventsError("the meeting is cancelled")
    meeting.locked = locked
    meeting.save(update_fields=["locked"])
    audit_record(
        actor=viewer,
        action="meeting.lock" if locked else "meeting.unlock",
        target=meeting,
        cluster=meeting.event.cluster,
    )
    return meeting


# --- after the event ----------------------------------------------------------------------------


def _own_seat(viewer: Viewer, meeting: Meeting, seat: Registration | None) -> Registration:
    """The viewer's place in the meeting (the installation names it with ``seat``)."""
    if is_installation(viewer) and seat is not None:
        seat = meeting.participants.filter(pk=seat.pk).first()
    elif viewer.is_authenticated:
        seat = meeting.participants.filter(user_id=viewer.user_id).first()
    else:
        seat = None
    if seat is None:
        raise PermissionDenied("only the meeting's participants rate it and record outcomes")
    return seat


def _started(meeting: Meeting, now: dt.datetime) -> bool:
    event = meeting.event
    return (
        meeting.slot is not None
        and event.meetings_start_at is not None
        and event.slot_start(meeting.slot) <= now
    )


@transaction.atomic
def rating_save(
    *,
    viewer: Viewer,
    meeting: Meeting,
    rating: str,
    comment: str = "",
    now: dt.datetime | None = None,
    registration: Registration | None = None,
) -> MeetingRating:
    """The participant's rating of a meeting, once its slot has begun (may be changed)."""
    seat = _own_seat(viewer, meeting, registration)
    if rating not in MeetingRating.Rating.values:
        raise EventsError(
            f"expected one of {', '.join(MeetingRating.Rating.values)}", field="rating"
        )
    if meeting.status != Meeting.Status.ACTIVE or not _started(meeting, now or timezone.now()):
        raise EventsError("a meeting can be rated once its time has come")
    saved, created = MeetingRating.objects.update_or_create(
        meeting=meeting, registration=seat, defaults={"rating": rating, "comment": comment.strip()}
    )
    audit_record(
        actor=viewer,
        action="meeting.rate",
        target=saved,
        cluster=meeting.event.cluster,
        changes={"rating": [None, rating]} if created else {"rating": ["(changed)", rating]},
    )
    return saved


@transaction.atomic
def outcome_add(
    *,
    viewer: Viewer,
    meeting: Meeting,
    agreement_type: str,
    agreed_on: dt.date,
    note: str = "",
    now: dt.datetime | None = None,
    registration: Registration | None = None,
) -> Outcome:
    """An agreement that came out of the meeting (type from the EEN list, date)."""
    seat = _own_seat(viewer, meeting, registration)
    now = now or timezone.now()
    if agreement_type not in cooperation_codes():
        raise EventsError("expected a type of agreement from the list", field="agreement_type")
    if not _started(meeting, now):
        raise EventsError("outcomes are recorded after the meeting")
    if meeting.slot is not None and agreed_on < meeting.event.slot_start(meeting.slot).date():
        raise EventsError("the agreement date is before the meeting", field="agreed_on")
    if agreed_on > timezone.localdate(now):
        raise EventsError("the agreement date is in the future", field="agreed_on")
    outcome = Outcome.objects.create(
        meeting=meeting,
        registration=seat,
        agreement_type=agreement_type,
        agreed_on=agreed_on,
        note=note.strip(),
    )
    audit_record(
        actor=viewer, action="meeting.outcome", target=outcome, cluster=meeting.event.cluster
    )
    return outcome
