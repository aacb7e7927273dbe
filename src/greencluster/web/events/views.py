"""Pages of the events app: the calendar of activities, event pages, registration and the
waiting list, the organiser's page and the funders' figures. Partnering pages are in
``partnering_views``. Each view turns a request into selector/service calls and their errors
into messages; visibility and permissions are decided in selectors and services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greencluster.core.knowledge.vocabulary import interface_language
from greencluster.web.accounts.permissions import PermissionDenied, viewer_for
from greencluster.web.common.errors import ServiceError, add_form_error
from greencluster.web.events import calendars, exports, selectors, services
from greencluster.web.events.forms import (
    EventFilterForm,
    EventForm,
    FiguresForm,
    GuestForm,
    event_initial,
)
from greencluster.web.events.models import Event, Registration
from greencluster.web.registry.exports import CONTENT_TYPES


def lang(request: HttpRequest) -> str:
    return interface_language(getattr(request, "LANGUAGE_CODE", None))


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def host(request: HttpRequest) -> str:
    return request.get_host().split(":")[0] or "greencluster.invalid"


def event_or_404(request: HttpRequest, slug: str) -> Event:
    try:
        return selectors.event_get(viewer_for(request.user), slug)
    except Event.DoesNotExist:
        raise Http404 from None


def render_event(
    request: HttpRequest, template: str, event: Event, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render with the event's time zone active, so that times show as at the venue."""
    with timezone.override(event.zone):
        return render(request, template, {"event": event, **context}, status=status)


def index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    form = EventFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    when = data.get("when") or "upcoming"
    filters = selectors.EventFilters(
        cluster=data.get("cluster") or "",
        kind=data.get("kind") or "",
        when="" if when == "all" else when,
    )
    events = selectors.event_list(viewer, filters)
    page = Paginator(events, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/index.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "mine": selectors.my_events(viewer),
            "managed": selectors.managed_clusters(viewer),
        },
    )


def _event_form(request: HttpRequest, event: Event | None) -> EventForm:
    viewer = viewer_for(request.user)
    clusters = selectors.managed_clusters(viewer)
    if event is not None:
        clusters = clusters.filter(pk=event.cluster_id)
        initial = event_initial(event)
    else:
        initial = {"cluster": request.GET.get("cluster", ""), "kind": request.GET.get("kind", "")}
    return EventForm(request.POST or None, initial=initial, clusters=clusters)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    if not selectors.managed_clusters(viewer).exists():
        raise PermissionDenied("only coordinators organise events")
    form = _event_form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                viewer=viewer, cluster=form.cleaned_data["cluster"], spec=form.spec()
            )
        except ServiceError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("The event was saved as a draft. Publish it when ready."))
            return redirect("events:detail", event.slug)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    event = event_or_404(request, slug)
    services.require_organiser(viewer, event, "change it")
    with timezone.override(event.zone):
        form = _event_form(request, event)
        if request.method == "POST" and form.is_valid():
            try:
                services.event_update(
                    viewer=viewer, event=event, spec=form.spec(), base_url=base_url(request)
                )
            except ServiceError as exc:
                add_form_error(form, exc)
            else:
                messages.success(request, _("The event was saved."))
                return redirect("events:detail", event.slug)
        return render(request, "events/event_form.html", {"form": form, "event": event})


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    event = event_or_404(request, slug)
    mine = selectors.my_registration(viewer, event)
    can_manage = selectors.can_manage(viewer, event)
    return render_event(
        request,
        "events/event_detail.html",
        event,
        {
            "mine": mine if mine and mine.status != Registration.Status.CANCELLED else None,
            "can_manage": can_manage,
            "guest_form": GuestForm(),
            "is_open": event.status == Event.Status.PUBLISHED
            and timezone.now() <= event.registration_deadline,
            "can_register_as_member": viewer.is_authenticated
            and (event.is_public or selectors.members_may_attend(viewer, event)),
            "run": selectors.latest_run(event) if can_manage and event.is_partnering else None,
            "programme": [line for line in event.programme.splitlines() if line.strip()],
        },
    )


@login_required
@require_POST
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(request, slug)
    try:
        services.event_publish(viewer=viewer_for(request.user), event=event)
        messages.success(request, _("The event is published."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("events:detail", event.slug)


@login_required
@require_POST
def event_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(request, slug)
    services.event_cancel(viewer=viewer_for(request.user), event=event, base_url=base_url(request))
    messages.success(request, _("The event is cancelled; everyone registered was told."))
    return redirect("events:detail", event.slug)


@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    event = event_or_404(request, slug)
    values: dict[str, str] = {}
    if not viewer.is_authenticated:
        form = GuestForm(request.POST)
        if not form.is_valid():
            return render_event(
                request,
                "events/event_detail.html",
                event,
                {
                    "guest_form": form,
                    "is_open": True,
                    "programme": [line for line in event.programme.splitlines() if line.strip()],
                },
                status=400,
            )
        values = form.cleaned_data
    try:
        registration = services.registration_create(
            viewer=viewer, event=event, language=lang(request), base_url=base_url(request), **values
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("events:detail", event.slug)
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered. A confirmation was sent by e-mail."))
    else:
        messages.success(
            request, _("The event is full: you are on the waiting list and will be told by e-mail.")
        )
    if not viewer.is_authenticated:
        return redirect("events:guest", registration.token)
    return redirect("events:detail", event.slug)


@login_required
@require_POST
def registration_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    event = event_or_404(request, slug)
    mine = selectors.my_registration(viewer, event)
    if mine is None:
        raise Http404
    try:
        services.registration_cancel(viewer=viewer, registration=mine, base_url=base_url(request))
        messages.success(request, _("Your registration is cancelled."))
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("events:detail", event.slug)


@require_http_methods(["GET", "POST"])
def guest(request: HttpRequest, token: str) -> HttpResponse:
    """A guest's own page (the link in their e-mail): status, calendar file, cancellation."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "event__cluster"), token=token
    )
    if request.method == "POST":
        try:
            services.registration_cancel(
                viewer=viewer_for(request.user),
                registration=registration,
                token=token,
                base_url=base_url(request),
            )
            messages.success(request, _("Your registration is cancelled."))
        except ServiceError as exc:
            messages.error(request, str(exc))
        return redirect("events:guest", token)
    return render_event(
        request, "events/guest.html", registration.event, {"registration": registration}
    )


def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_or_404(request, slug)
    url = request.build_absolute_uri(event_url(event))
    response = HttpResponse(
        calendars.event_calendar(event, host=host(request), url=url),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


def event_url(event: Event) -> str:
    return reverse("events:detail", args=[event.slug])


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The organiser's page: registrations and attendance; on a partnering day the scheduler,
    the meetings and the funnel."""
    viewer = viewer_for(request.user)
    event = event_or_404(request, slug)
    registrations = list(selectors.registration_list(viewer, event))
    context: dict[str, Any] = {
        "registrations": registrations,
        "confirmed": [r for r in registrations if r.status == Registration.Status.CONFIRMED],
        "waiting": [r for r in registrations if r.status == Registration.Status.WAITING],
        "cancelled": [r for r in registrations if r.status == Registration.Status.CANCELLED],
    }
    if event.is_partnering:
        context.update(
            meetings=selectors.meeting_list(viewer, event),
            requests=selectors.request_list(viewer, event),
            run=selectors.latest_run(event),
            funnel=selectors.funnel(Event.objects.filter(pk=event.pk)),
            stages=selectors.FUNNEL_STAGES,
        )
    return render_event(request, "events/manage.html", event, context)


@login_required
@require_POST
def attendance(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    event = event_or_404(request, slug)
    registration = get_object_or_404(Registration, event=event, pk=registration_id)
    value = {"yes": True, "no": False}.get(request.POST.get("attended", ""))
    try:
        services.attendance_set(
            viewer=viewer_for(request.user), registration=registration, attended=value
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect("events:manage", event.slug)


def _figures_form(request: HttpRequest) -> FiguresForm:
    viewer = viewer_for(request.user)
    clusters = selectors.managed_clusters(viewer)
    if not clusters.exists():
        raise PermissionDenied("only coordinators see the activity figures")
    today = timezone.localdate()
    first = clusters.first()
    initial = {
        "cluster": first.slug if first else "",
        "start": dt.date(today.year, 1, 1),
        "end": dt.date(today.year, 12, 31),
    }
    return FiguresForm(request.GET or None, initial=initial, clusters=clusters)


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    form = _figures_form(request)
    result = None
    if form.is_valid():
        data = form.cleaned_data
        result = selectors.activity_figures(
            viewer_for(request.user),
            data["cluster"],
            selectors.Period(data["start"], data["end"]),
        )
    return render(
        request,
        "events/figures.html",
        {
            "form": form,
            "figures": result,
            "stages": selectors.FUNNEL_STAGES,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def figures_export(request: HttpRequest, fmt: str) -> HttpResponse:
    form = _figures_form(request)
    if fmt not in ("csv", "xlsx") or not form.is_valid():
        raise Http404
    data = form.cleaned_data
    result = selectors.activity_figures(
        viewer_for(request.user), data["cluster"], selectors.Period(data["start"], data["end"])
    )
    response = HttpResponse(exports.figures_export(result, fmt), content_type=CONTENT_TYPES[fmt])
    name = f"activities-{data['cluster'].slug}-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
