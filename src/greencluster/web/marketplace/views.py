"""Pages of the marketplace. Views translate requests into selector and service calls and
errors into messages; permissions and confidentiality live in the selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greencluster.core.taxonomy import classify
from greencluster.web.accounts.permissions import Viewer, viewer_for
from greencluster.web.common.errors import ServiceError, add_form_error
from greencluster.web.marketplace import selectors, services
from greencluster.web.marketplace.displaced import default_for, displaced_choices
from greencluster.web.marketplace.forms import (
    ContactForm,
    FeedbackForm,
    ListingFilterForm,
    ListingForm,
    MessageForm,
    MoveForm,
    RealisedForm,
    SuggestionFilterForm,
    listing_initial,
)
from greencluster.web.marketplace.models import Deal, Listing
from greencluster.web.marketplace.uploads import content_type
from greencluster.web.registry.models import Cluster, Membership, Organisation

PAGE_SIZE = 50


def _viewer(request: HttpRequest) -> Viewer:
    return viewer_for(request.user)


def _access(request: HttpRequest) -> selectors.Access:
    cached = getattr(request, "_marketplace_access", None)
    if cached is None:
        cached = selectors.access_for(_viewer(request))
        request._marketplace_access = cached  # type: ignore[attr-defined]
    return cached


def _listing(request: HttpRequest, pk: int, *, edit: bool = False) -> Listing:
    try:
        if edit:
            return selectors.listing_get_for_edit(_access(request), pk)
        return selectors.listing_get(_access(request), pk)
    except Listing.DoesNotExist:
        raise Http404("no such listing") from None


def _deal(request: HttpRequest, pk: int) -> Deal:
    try:
        return selectors.deal_get(_viewer(request), pk)
    except Deal.DoesNotExist:
        raise Http404("no such deal") from None


def editable_organisations(viewer: Viewer) -> QuerySet[Organisation]:
    """Organisations the viewer may list for."""
    qs = Organisation.objects.order_by("name")
    if viewer.is_superuser:
        return qs
    managed = Membership.objects.filter(cluster_id__in=viewer.coordinated_cluster_ids).values(
        "organisation_id"
    )
    return qs.filter(Q(pk__in=viewer.organisation_ids) | Q(pk__in=managed))


def _visible_clusters(access: selectors.Access) -> QuerySet[Cluster]:
    if access.is_superuser:
        return Cluster.objects.order_by("name")
    return Cluster.objects.filter(pk__in=access.cluster_ids | access.open_ids).order_by("name")


# ---- home and listings -----------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "marketplace/index.html", {})
    access = _access(request)
    viewer = access.viewer
    mine = list(selectors.listing_list(access, selectors.ListingFilters(mine=True))[:PAGE_SIZE])
    counts = selectors.suggestion_counts(mine)
    deals = selectors.deal_list(viewer).filter(
        Q(supplier_id__in=viewer.organisation_ids) | Q(receiver_id__in=viewer.organisation_ids)
    )
    coordinated = Cluster.objects.filter(pk__in=viewer.coordinated_cluster_ids).order_by("name")
    if viewer.is_superuser:
        coordinated = Cluster.objects.order_by("name")
    return render(
        request,
        "marketplace/index.html",
        {
            "listings": [(x, selectors.listing_view(access, x), counts[x.pk]) for x in mine],
            "deals": deals[:20],
            "coordinated": coordinated,
            "can_list": editable_organisations(viewer).exists(),
        },
    )


@login_required
def listing_list(request: HttpRequest) -> HttpResponse:
    access = _access(request)
    form = ListingFilterForm(request.GET or None, clusters=_visible_clusters(access))
    filters = selectors.ListingFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = selectors.ListingFilters(
            q=d["q"],
            kind=d["kind"],
            class_prefix=d["class_prefix"].strip(),
            cluster=d["cluster"],
            country=d["country"],
        )
    page = Paginator(selectors.listing_list(access, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "marketplace/listing_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(x, selectors.listing_view(access, x)) for x in page.object_list],
            "query": query.urlencode(),
        },
    )


def _listing_form_page(
    request: HttpRequest, form: ListingForm, listing: Listing | None
) -> HttpResponse:
    text = f"{form['title'].value() or ''}\n{form['description'].value() or ''}".strip()
    return render(
        request,
        "marketplace/listing_form.html",
        {
            "form": form,
            "listing": listing,
            "classifier": _classifier_context(text, str(form["class_id"].value() or "")),
        },
    )


def _save(form: ListingForm, write: Callable[[Any, dict[str, Any]], Listing]) -> Listing | None:
    """Call the service with the form's listing and files; its refusal goes on the form."""
    files = {name: form.cleaned_data.get(name) for name in ("photo", "datasheet")}
    try:
        return write(form.listing_input(), files)
    except ServiceError as exc:
        add_form_error(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def listing_create(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    organisations = editable_organisations(viewer)
    initial: dict[str, Any] = {}
    own = organisations.filter(pk__in=viewer.organisation_ids)
    if own.count() == 1:
        initial["organisation"] = own.first()
    if request.GET.get("kind") in Listing.Kind.values:
        initial["kind"] = request.GET["kind"]
    form = ListingForm(
        request.POST or None, request.FILES or None, initial=initial, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form, lambda data, files: services.listing_create(viewer=viewer, data=data, **files)
        )
        if saved is not None:
            messages.success(request, _("Listing published. Suggestions are below."))
            return redirect("marketplace:listing", pk=saved.pk)
    return _listing_form_page(request, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def listing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    listing = _listing(request, pk, edit=True)
    viewer = _viewer(request)
    organisations = Organisation.objects.filter(pk=listing.organisation_id)
    form = ListingForm(
        request.POST or None,
        request.FILES or None,
        initial=listing_initial(listing),
        organisations=organisations,
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            form,
            lambda data, files: services.listing_update(
                viewer=viewer, listing=listing, data=data, **files
            ),
        )
        if saved is not None:
            messages.success(request, _("Listing saved."))
            return redirect("marketplace:listing", pk=listing.pk)
    return _listing_form_page(request, form, listing)


@login_required
@require_POST
def listing_status(request: HttpRequest, pk: int) -> HttpResponse:
    listing = _listing(request, pk, edit=True)
    try:
        services.listing_set_status(
            viewer=_viewer(request), listing=listing, status=request.POST.get("status", "")
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Status changed: %(status)s.") % {"status": listing.get_status_display()}
        )
    return redirect("marketplace:listing", pk=pk)


def _classifier_context(text: str, selected: str) -> dict[str, Any]:
    if not text:
        return {"suggestions": [], "selected": selected}
    found = classify(text)
    suggestions = [
        {
            "class_id": s.class_id,
            "label": selectors.class_label(s.class_id),
            "confidence": s.confidence,
        }
        for s in found.suggestions
    ]
    if not selected and suggestions and not found.low_confidence:
        selected = suggestions[0]["class_id"]
    if selected and selected not in {s["class_id"] for s in suggestions}:
        suggestions.append(
            {"class_id": selected, "label": selectors.class_label(selected), "confidence": None}
        )
    return {
        "suggestions": suggestions,
        "selected": selected,
        "low_confidence": found.low_confidence,
        "language": found.language,
    }


@login_required
@require_GET
def classify_partial(request: HttpRequest) -> HttpResponse:
    """The classifier's proposal for what is typed (htmx): a class, or a choice to pick
    from when it is unsure."""
    text = f"{request.GET.get('title', '')}\n{request.GET.get('description', '')}".strip()[:2000]
    return render(
        request,
        "marketplace/_classifier.html",
        {"classifier": _classifier_context(text, request.GET.get("class_id", "")[:40])},
    )


def _map_data(
    listing: Listing, view: dict[str, Any], rows: list[selectors.SuggestionRow]
) -> dict[str, Any]:
    site = view["site"]
    return {
        "home": {"lat": site["lat"], "lon": site["lon"], "name": view["organisation_name"]}
        if site
        else None,
        "partners": [
            {
                "lat": r.partner_view["site"]["lat"],
                "lon": r.partner_view["site"]["lon"],
                "name": r.partner_view["organisation_name"],
                "title": r.partner_view["title"],
                "km": round(r.suggestion.distance_km),
                "exact": r.partner_view["site"]["exact"],
            }
            for r in rows
            if r.partner_view["site"]
        ],
    }


@login_required
def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    listing = _listing(request, pk)
    access = _access(request)
    view = selectors.listing_view(access, listing)
    context: dict[str, Any] = {"listing": listing, "view": view, "can_manage": False}
    if access.can_manage(listing):
        form = SuggestionFilterForm(request.GET or None, clusters=_visible_clusters(access))
        filters = selectors.SuggestionFilters()
        if form.is_valid():
            d = form.cleaned_data
            filters = selectors.SuggestionFilters(
                max_distance_km=d["max_distance_km"],
                class_prefix=d["class_prefix"].strip(),
                cluster=d["cluster"],
                country=d["country"],
                show_dismissed=d["show_dismissed"],
            )
        rows, dismissed = selectors.listing_suggestions(access, listing, filters)
        context |= {
            "can_manage": True,
            "filter_form": form,
            "rows": rows,
            "dismissed": dismissed,
            "show_dismissed": filters.show_dismissed,
            "map_data": _map_data(listing, view, rows),
            "tiles": settings.GREENCLUSTER,
            "statuses": [s for s in Listing.Status if s != listing.status],
        }
    return render(request, "marketplace/listing_detail.html", context)


@login_required
def listing_file(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    listing = _listing(request, pk)
    field = {"photo": listing.photo, "datasheet": listing.datasheet}.get(kind)
    if not field:
        raise Http404("no such file")
    response = FileResponse(field.open("rb"), content_type=content_type(field.name))
    suffix = field.name.rsplit(".", 1)[-1]
    disposition = "inline" if kind == "photo" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="listing-{pk}-{kind}.{suffix}"'
    return response


@login_required
@require_POST
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    listing = _listing(request, pk, edit=True)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        partner = Listing.objects.filter(pk=form.cleaned_data["partner"]).first()
        try:
            if partner is None:
                raise ServiceError(_("no such listing"))
            services.feedback_set(
                viewer=_viewer(request),
                listing=listing,
                partner=partner,
                kind=form.cleaned_data["kind"],
            )
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Thank you: the suggestions take it into account."))
    return redirect("marketplace:listing", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, pk: int, partner_pk: int) -> HttpResponse:
    listing = _listing(request, pk, edit=True)
    partner = _listing(request, partner_pk)
    access = _access(request)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deal = services.deal_contact(
                viewer=_viewer(request),
                listing=listing,
                partner=partner,
                message=form.cleaned_data["message"],
            )
        except ServiceError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Message sent. The deal is now 'contacted'."))
            return redirect("marketplace:deal", pk=deal.pk)
    return render(
        request,
        "marketplace/contact.html",
        {
            "form": form,
            "listing": listing,
            "partner": partner,
            "partner_view": selectors.listing_view(access, partner),
        },
    )


# ---- deals -----------------------------------------------------------------------------


@login_required
def deal_list(request: HttpRequest) -> HttpResponse:
    stage = request.GET.get("stage", "")
    stage = stage if stage in Deal.Stage.values else ""
    page = Paginator(selectors.deal_list(_viewer(request), stage=stage), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "marketplace/deal_list.html",
        {"page": page, "stage": stage, "stages": Deal.Stage.choices},
    )


def _move_form(deal: Deal, data: Any = None) -> MoveForm:
    unit = (data or {}).get("report_unit") or deal.report_unit
    default = default_for(deal.class_id)
    if not unit:
        unit = default[0] if default else "t"
    choices = [(c.key, c.label) for c in displaced_choices(unit)]
    initial = {"report_unit": unit}
    if default and default[0] == unit:
        initial["displaced_key"] = default[1]
    return MoveForm(data, displaced=choices, initial=initial)


@login_required
def deal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    return _deal_page(request, deal)


def _deal_page(request: HttpRequest, deal: Deal, **forms: Any) -> HttpResponse:
    access = _access(request)
    moves = services.allowed_moves(deal)
    next_stage = next((m for m in moves if m != Deal.Stage.DROPPED), None)
    return render(
        request,
        "marketplace/deal_detail.html",
        {
            "deal": deal,
            "offer": selectors.listing_view(access, deal.offer),
            "need": selectors.listing_view(access, deal.need),
            "messages_list": deal.messages.select_related("author", "organisation"),
            "events": deal.events.select_related("actor"),
            "realised": deal.realised.all(),
            "next_stage": next_stage,
            "next_stage_label": Deal.Stage(next_stage).label if next_stage else "",
            "can_drop": Deal.Stage.DROPPED in moves,
            "message_form": forms.get("message_form") or MessageForm(),
            "move_form": forms.get("move_form") or _move_form(deal),
            "realised_form": forms.get("realised_form") or RealisedForm(),
            "stage_order": [
                (s, Deal.Stage(s).label, i <= deal.furthest_stage)
                for i, s in enumerate(
                    [
                        Deal.Stage.IDENTIFIED,
                        Deal.Stage.CONTACTED,
                        Deal.Stage.NEGOTIATING,
                        Deal.Stage.AGREED,
                        Deal.Stage.RUNNING,
                        Deal.Stage.ENDED,
                    ]
                )
            ],
        },
    )


@login_required
@require_POST
def deal_message(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.deal_message_post(
                viewer=_viewer(request), deal=deal, body=form.cleaned_data["body"]
            )
        except ServiceError as exc:
            add_form_error(form, exc)
        else:
            return redirect("marketplace:deal", pk=pk)
    return _deal_page(request, deal, message_form=form)


@login_required
@require_POST
def deal_move(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    form = _move_form(deal, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.deal_move(
                viewer=_viewer(request),
                deal=deal,
                stage=d["stage"],
                note=d["note"],
                drop_reason=d["drop_reason"],
                report_unit=d["report_unit"],
                displaced_key=d["displaced_key"],
            )
        except ServiceError as exc:
            add_form_error(form, exc)
        else:
            messages.success(
                request, _("The deal is now: %(stage)s.") % {"stage": deal.get_stage_display()}
            )
            return redirect("marketplace:deal", pk=pk)
    return _deal_page(request, deal, move_form=form)


@login_required
@require_POST
def deal_realised(request: HttpRequest, pk: int) -> HttpResponse:
    deal = _deal(request, pk)
    form = RealisedForm(request.POST)
    if form.is_valid():
        try:
            services.realised_record(viewer=_viewer(request), deal=deal, **form.cleaned_data)
        except ServiceError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Realised quantity recorded."))
            return redirect("marketplace:deal", pk=pk)
    return _deal_page(request, deal, realised_form=form)
