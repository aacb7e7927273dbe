"""Pages of a partnering day: profile and availability, participants and suggested partners,
meeting requests, the personal agenda (page, .ics, PDF), rating a meeting and recording an
outcome; for organisers the scheduler, locks, exhibitors' tables and the table plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greencluster.core.partnering import PartnerSuggestion, cooperation_label
from greencluster.web.accounts.permissions import PermissionDenied, viewer_for
from greencluster.web.common.errors import ServiceError, add_form_error
from greencluster.web.events import calendars, partnering, scheduling, selectors
from greencluster.web.events.forms import (
    OutcomeForm,
    ProfileForm,
    RatingForm,
    ReplyForm,
    RequestForm,
)
from greencluster.web.events.models import (
    Event,
    Invitation,
    Meeting,
    MeetingRating,
    MeetingRequest,
    PartneringProfile,
    Registration,
)
from greencluster.web.events.pdf import agenda_pdf
from greencluster.web.events.views import base_url, event_or_404, host, lang, render_event

REASON_TEXT = 0.05  # text similarity worth naming as a reason


def _partnering_event(request: HttpRequest, slug: str) -> Event:
    event = event_or_404(request, slug)
    if not event.is_partnering:
        raise Http404
    return event


def _participant(request: HttpRequest, event: Event) -> Registration:
    """The viewer's confirmed registration; 403 for anybody else."""
    registration = selectors.participant_access(viewer_for(request.user), event)
    if registration is None:
        raise PermissionDenied("only confirmed participants have a profile, requests and an agenda")
    return registration


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    event = _partnering_event(request, slug)
    me = _participant(request, event)
    stored = PartneringProfile.objects.filter(registration=me).first()
    initial = {}
    if stored is not None:
        zone = event.zone
        initial = {
            "offers": stored.offers,
            "seeks": stored.seeks,
            "cooperation": stored.cooperation,
            "arrives_at": stored.arrives_at.astimezone(zone).time() if stored.arrives_at else None,
            "leaves_at": stored.leaves_at.astimezone(zone).time() if stored.leaves_at else None,
            "blocked_slots": stored.blocked_slots,
        }
    form = ProfileForm(request.POST or None, initial=initial, event=event, language=lang(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            partnering.profile_save(
                viewer=viewer_for(request.user),
                registration=me,
                offers=data["offers"],
                seeks=data["seeks"],
                cooperation=data["cooperation"],
                arrives_at=form.moment("arrives_at"),
                leaves_at=form.moment("leaves_at"),
                blocked_slots=data["blocked_slots"],
            )
        except ServiceError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Your profile was saved."))
            return redirect("events:partners", event.slug)
    return render_event(request, "events/profile.html", event, {"form": form, "me": me})


@login_required
def partners(request: HttpRequest, slug: str) -> HttpResponse:
    """Everyone taking part, with their offers and needs, and the partners suggested to the
    viewer (both sides should want the meeting)."""
    viewer = viewer_for(request.user)
    event = _partnering_event(request, slug)
    me = selectors.participant_access(viewer, event)
    people = list(selectors.participant_list(viewer, event))
    by_id = {str(p.pk): p for p in people}
    suggested = []
    if me is not None:
        for s in partnering.suggestions(me):
            if s.partner in by_id:
                suggested.append(
                    {"partner": by_id[s.partner], "suggestion": s, "reasons": _reasons(s)}
                )
    language = lang(request)
    return render_event(
        request,
        "events/partners.html",
        event,
        {
            "me": me,
            "people": [p for p in people if me is None or p.pk != me.pk],
            "suggested": suggested,
            "marks": selectors.marks_of(me) if me else {},
            "cooperation": {
                p.pk: [cooperation_label(c, language) for c in p.profile.cooperation]
                for p in people
                if hasattr(p, "profile")
            },
        },
    )


def _reasons(suggestion: PartnerSuggestion) -> list[str]:
    """Why a partner is suggested, in the reader's language."""
    reasons = []
    if suggestion.wants.resources:
        reasons.append(_("offers what you seek"))
    elif suggestion.wants.text >= REASON_TEXT:
        reasons.append(_("their offer resembles your needs"))
    if suggestion.wanted.resources or suggestion.wanted.text >= REASON_TEXT:
        reasons.append(_("seeks what you offer"))
    if suggestion.wants.cooperation:
        reasons.append(_("same type of cooperation"))
    return reasons


@login_required
@require_POST
def mark(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    event = _partnering_event(request, slug)
    me = _participant(request, event)
    other = get_object_or_404(Registration, event=event, pk=registration_id)
    kind = request.POST.get("kind") or None
    try:
        partnering.partner_mark(viewer=viewer_for(request.user), owner=me, other=other, kind=kind)
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("events:partners", event.slug)


@login_required
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    """The viewer's own requests, sent and received, and a form for a new one."""
    viewer = viewer_for(request.user)
    event = _partnering_event(request, slug)
    me = _participant(request, event)
    people = [p for p in selectors.participant_list(viewer, event) if p.pk != me.pk]
    initial = {"invitees": [int(x) for x in request.GET.getlist("to") if x.isdigit()]}
    form = RequestForm(request.POST or None, initial=initial, participants=people)
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["invitees"])
        try:
            partnering.meeting_request_create(
                viewer=viewer,
                requester=me,
                invitees=[p for p in people if p.pk in chosen],
                message=form.cleaned_data["message"],
                priority=form.cleaned_data["priority"],
                base_url=base_url(request),
            )
        except ServiceError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Your meeting request was sent."))
            return redirect("events:requests", event.slug)
    mine = selectors.my_requests(me)
    return render_event(
        request,
        "events/requests.html",
        event,
        {
            "me": me,
            "form": form,
            "sent": mine.sent,
            "received": mine.received,
            "reply": ReplyForm(),
        },
    )


@login_required
@require_POST
def answer(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    event = _partnering_event(request, slug)
    me = _participant(request, event)
    invitation = get_object_or_404(
        Invitation.objects.select_related("request", "registration__event"),
        pk=invitation_id,
        registration=me,
    )
    form = ReplyForm(request.POST)
    reply = form.cleaned_data["reply"] if form.is_valid() else ""
    accept = request.POST.get("answer") == "accept"
    try:
        partnering.invitation_answer(
            viewer=viewer_for(request.user),
            invitation=invitation,
            accept=accept,
            reply=reply,
            base_url=base_url(request),
        )
        messages.success(request, _("Accepted.") if accept else _("Declined."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("events:requests", event.slug)


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    event = _partnering_event(request, slug)
    me = _participant(request, event)
    meeting_request = get_object_or_404(
        MeetingRequest.objects.select_related("requester__event", "event__cluster"),
        pk=request_id,
        requester=me,
    )
    try:
        partnering.meeting_request_withdraw(
            viewer=viewer_for(request.user), request=meeting_request, base_url=base_url(request)
        )
        messages.success(request, _("The request was withdrawn."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("events:requests", event.slug)


@login_required
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    event = _partnering_event(request, slug)
    me = _participant(request, event)
    meetings = selectors.agenda(me)
    now = timezone.now()
    rows = [
        {
            "meeting": m,
            "others": selectors.others(m, me),
            "start": event.slot_start(m.slot) if m.slot else None,
            "end": event.slot_end(m.slot) if m.slot else None,
            "started": m.slot is not None and event.slot_start(m.slot) <= now,
            "my_rating": next((r for r in m.ratings.all() if r.registration_id == me.pk), None),
        }
        for m in meetings
    ]
    return render_event(request, "events/agenda.html", event, {"me": me, "rows": rows})


@login_required
def agenda_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _partnering_event(request, slug)
    me = _participant(request, event)
    url = request.build_absolute_uri(reverse("events:agenda", args=[event.slug]))
    body = calendars.agenda_calendar(event, me, selectors.agenda(me), host=host(request), url=url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-agenda.ics"'
    return response


@login_required
def agenda_download_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    event = _partnering_event(request, slug)
    me = _participant(request, event)
    with timezone.override(event.zone):
        body = agenda_pdf(event, me, selectors.agenda(me))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-agenda.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def meeting(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """A meeting: who, when, where; its participants rate it and record agreements."""
    viewer = viewer_for(request.user)
    event = _partnering_event(request, slug)
    try:
        item, me = selectors.meeting_get(viewer, event, meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None
    language = lang(request)
    mine = next((r for r in item.ratings.all() if me and r.registration_id == me.pk), None)
    rating_form = RatingForm(
        request.POST if request.POST.get("form") == "rating" else None,
        initial={"rating": mine.rating, "comment": mine.comment} if mine else None,
    )
    outcome_form = OutcomeForm(
        request.POST if request.POST.get("form") == "outcome" else None,
        initial={"agreed_on": timezone.localdate()},
        language=language,
    )
    if request.method == "POST":
        try:
            if rating_form.is_bound and rating_form.is_valid():
                partnering.rating_save(
                    viewer=viewer,
                    meeting=item,
                    rating=rating_form.cleaned_data["rating"],
                    comment=rating_form.cleaned_data["comment"],
                )
                messages.success(request, _("Thank you: your rating was saved."))
                return redirect("events:agenda", event.slug)
            if outcome_form.is_bound and outcome_form.is_valid():
                data = outcome_form.cleaned_data
                partnering.outcome_add(
                    viewer=viewer,
                    meeting=item,
                    agreement_type=data["agreement_type"],
                    agreed_on=data["agreed_on"],
                    note=data["note"],
                )
                messages.success(request, _("The agreement was recorded."))
                return redirect("events:meeting", event.slug, item.pk)
        except ServiceError as exc:
            add_form_error(rating_form if rating_form.is_bound else outcome_form, exc)
    return render_event(
        request,
        "events/meeting.html",
        event,
        {
            "meeting": item,
            "me": me,
            "others": selectors.others(item, me),
            "start": event.slot_start(item.slot) if item.slot else None,
            "end": event.slot_end(item.slot) if item.slot else None,
            "started": item.slot is not None and event.slot_start(item.slot) <= timezone.now(),
            "rating_form": rating_form,
            "outcome_form": outcome_form,
            "ratings": [(r, MeetingRating.Rating(r.rating).label) for r in item.ratings.all()]
            if selectors.can_manage(viewer, event)
            else [],
            "outcomes": [
                (o, cooperation_label(o.agreement_type, language)) for o in item.outcomes.all()
            ],
        },
    )


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    event = _partnering_event(request, slug)
    try:
        item, _me = selectors.meeting_get(viewer, event, meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None
    try:
        partnering.meeting_cancel(viewer=viewer, meeting=item, base_url=base_url(request))
        messages.success(request, _("The meeting is cancelled; the others were told."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    if selectors.can_manage(viewer, event) and request.POST.get("next") == "manage":
        return redirect("events:manage", event.slug)
    return redirect("events:agenda", event.slug)


@login_required
@require_POST
def lock(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    event = _partnering_event(request, slug)
    item = get_object_or_404(
        Meeting.objects.select_related("event__cluster"), event=event, pk=meeting_id
    )
    try:
        partnering.meeting_lock(
            viewer=viewer_for(request.user), meeting=item, locked=request.POST.get("locked") == "1"
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("events:manage", args=[event.slug]) + "#meetings")


@login_required
@require_POST
def fixed_table(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    event = _partnering_event(request, slug)
    registration = get_object_or_404(
        Registration.objects.select_related("event__cluster"), event=event, pk=registration_id
    )
    raw = request.POST.get("table", "").strip()
    try:
        table = int(raw) if raw else None
    except ValueError:
        messages.error(request, _("Expected a table number."))
        return redirect("events:manage", event.slug)
    try:
        partnering.fixed_table_set(
            viewer=viewer_for(request.user), registration=registration, table=table
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("events:manage", args=[event.slug]) + "#participants")


@login_required
@require_POST
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    event = _partnering_event(request, slug)
    try:
        run = scheduling.schedule_run_start(
            viewer=viewer_for(request.user),
            event=event,
            fresh=request.POST.get("fresh") == "1",
            base_url=base_url(request),
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        if run.status == run.Status.QUEUED:
            messages.success(request, _("The scheduler is running; reload this page in a moment."))
        elif run.status == run.Status.FAILED:
            messages.error(
                request, _("The schedule could not be made: %(error)s") % {"error": run.error}
            )
        else:
            messages.success(request, _("The schedule is ready."))
    return redirect(reverse("events:manage", args=[event.slug]) + "#scheduler")


@login_required
def tables(request: HttpRequest, slug: str) -> HttpResponse:
    """The floor plan: which meeting is at which table in each slot (organisers)."""
    viewer = viewer_for(request.user)
    event = _partnering_event(request, slug)
    plan = selectors.table_plan(viewer, event)
    exhibitors = {
        p.fixed_table: p.registration
        for p in PartneringProfile.objects.filter(
            registration__event=event,
            registration__status=Registration.Status.CONFIRMED,
            fixed_table__isnull=False,
        ).select_related("registration", "registration__organisation")
    }
    return render_event(
        request,
        "events/tables.html",
        event,
        {
            "plan": plan,
            "table_numbers": range(1, event.tables + 1),
            "exhibitors": exhibitors,
        },
    )
