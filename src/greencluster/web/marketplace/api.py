"""JSON API of the marketplace (django-ninja): listings, suggestions, deals and the cluster
funnel, with the same permission rules and redaction as the pages (the selectors decide).
Reads accept a session or a token; writes need a token."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from greencluster.core.errors import InputError
from greencluster.core.taxonomy import classify
from greencluster.web.accounts.auth import request_viewer
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.common.api import ErrorOut, RowErrorOut, read_upload, row_errors, token_viewer
from greencluster.web.common.errors import ServiceError
from greencluster.web.marketplace import funnel, imports, selectors, services
from greencluster.web.marketplace.models import Deal, Listing
from greencluster.web.registry.models import Cluster, Organisation, Site

router = Router(tags=["marketplace"])
MAX_PAGE = 500


class SiteOut(Schema):
    name: str | None
    address: str | None
    place: str
    country: str
    lat: float
    lon: float
    exact: bool


class ListingOut(Schema):
    id: int
    title: str
    description: str
    language: str
    kind: str
    category: str
    status: str
    class_id: str
    class_label: str
    organisation: str
    organisation_name: str
    country: str
    quality_notes: str
    available_from: dt.date | None
    available_until: dt.date | None
    max_distance_km: float | None
    quantity: float | None
    amount_unit: str | None
    period: str | None
    quantity_per_a: float | None
    basis: str | None
    quantity_hidden: bool
    price_eur: float | None
    price_hidden: bool
    site: SiteOut | None
    confidential_visible: bool
    is_demo: bool
    created_at: dt.datetime


class ListingPage(Schema):
    count: int
    items: list[ListingOut]


class ListingQuery(Schema):
    q: str = ""
    kind: str = ""
    class_prefix: str = ""
    cluster: str = ""
    country: str = ""
    mine: bool = False
    limit: int = 100
    offset: int = 0


class ListingIn(Schema):
    organisation: str
    kind: str
    title: str
    site: int | None = None
    description: str = ""
    class_id: str = ""
    category: str = ""
    quantity: Decimal | None = None
    amount_unit: str = ""
    period: str = "a"
    quality_notes: str = ""
    available_from: dt.date | None = None
    available_until: dt.date | None = None
    price_eur: Decimal | None = None
    max_distance_km: float | None = None
    show_quantity: bool = False
    show_price: bool = False
    show_site: bool = False


class StatusIn(Schema):
    status: str


class FiguresOut(Schema):
    basis: str
    flow_per_a: float | None
    transport_t_co2e_per_a: float | None
    avoided_t_co2e_per_a: float | None
    net_t_co2e_per_a: float | None
    value_eur_per_a: float | None
    score: float
    explanation: str


class OwnFiguresOut(Schema):
    quantity_per_a: float
    basis: str
    transport_t_co2e_per_a: float | None
    avoided_t_co2e_per_a: float | None
    net_t_co2e_per_a: float | None


class SuggestionOut(Schema):
    partner: ListingOut
    distance_km: float
    use: str
    transport_mode: str
    cross_cluster: bool
    full_figures: bool
    figures: FiguresOut
    own_figures: OwnFiguresOut | None
    feedback: str
    deal_id: int | None
    deal_stage: str | None


class FeedbackIn(Schema):
    partner: int
    kind: str = ""


class DealOut(Schema):
    id: int
    offer: ListingOut
    need: ListingOut
    supplier: str
    receiver: str
    stage: str
    drop_reason: str
    distance_km: float | None
    transport_mode: str
    report_unit: str
    displaced_key: str
    created_at: dt.datetime
    contacted_at: dt.datetime | None
    running_at: dt.datetime | None
    last_activity_at: dt.datetime
    is_demo: bool


class MessageOut(Schema):
    author: str | None
    organisation: str | None
    body: str
    created_at: dt.datetime


class RealisedOut(Schema):
    period_start: dt.date
    period_end: dt.date
    quantity: float
    unit: str
    note: str


class DealDetailOut(DealOut):
    messages: list[MessageOut]
    realised: list[RealisedOut]


class ContactIn(Schema):
    listing: int
    partner: int
    message: str


class MoveIn(Schema):
    stage: str
    note: str = ""
    drop_reason: str = ""
    report_unit: str = ""
    displaced_key: str = ""


class MessageIn(Schema):
    body: str


class RealisedIn(Schema):
    period_start: dt.date
    period_end: dt.date
    quantity: Decimal
    note: str = ""


class FunnelStepOut(Schema):
    stage: str
    count: int


class MonthOut(Schema):
    month: dt.date
    contacted: int
    running: int
    realisation_rate: float | None


class FunnelOut(Schema):
    cluster: str
    steps: list[FunnelStepOut]
    months: list[MonthOut]


class ClassSuggestionOut(Schema):
    class_id: str
    label: str
    confidence: float


class ClassifyOut(Schema):
    language: str | None
    low_confidence: bool
    suggestions: list[ClassSuggestionOut]


class ImportOut(Schema):
    created: int


def _service_error(exc: ServiceError) -> Status:
    return Status(
        400,
        ErrorOut(
            detail=str(exc), errors=[RowErrorOut(row=None, column=exc.field, message=str(exc))]
        ),
    )


def _listing_out(access: selectors.Access, listing: Listing) -> dict[str, Any]:
    view = selectors.listing_view(access, listing)
    for key in ("quantity", "price_eur"):
        view[key] = None if view[key] is None else float(view[key])
    return view


def _listing(access: selectors.Access, pk: int, *, edit: bool = False) -> Listing:
    try:
        if edit:
            return selectors.listing_get_for_edit(access, pk)
        return selectors.listing_get(access, pk)
    except Listing.DoesNotExist:
        raise HttpError(404, "no such listing") from None
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None


def _deal(viewer: Viewer, pk: int) -> Deal:
    try:
        return selectors.deal_get(viewer, pk)
    except Deal.DoesNotExist:
        raise HttpError(404, "no such deal") from None
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None


def _deal_out(access: selectors.Access, deal: Deal) -> dict[str, Any]:
    return {
        "id": deal.pk,
        "offer": _listing_out(access, deal.offer),
        "need": _listing_out(access, deal.need),
        "supplier": deal.supplier.slug,
        "receiver": deal.receiver.slug,
        "stage": deal.stage,
        "drop_reason": deal.drop_reason,
        "distance_km": deal.distance_km,
        "transport_mode": deal.transport_mode,
        "report_unit": deal.report_unit,
        "displaced_key": deal.displaced_key,
        "created_at": deal.created_at,
        "contacted_at": deal.contacted_at,
        "running_at": deal.running_at,
        "last_activity_at": deal.last_activity_at,
        "is_demo": deal.is_demo,
    }


def _deal_detail(access: selectors.Access, deal: Deal) -> DealDetailOut:
    return DealDetailOut(
        **_deal_out(access, deal),
        messages=[
            MessageOut(
                author=m.author.get_username() if m.author else None,
                organisation=m.organisation.slug if m.organisation else None,
                body=m.body,
                created_at=m.created_at,
            )
            for m in deal.messages.select_related("author", "organisation")
        ],
        realised=[
            RealisedOut(
                period_start=r.period_start,
                period_end=r.period_end,
                quantity=float(r.quantity),
                unit=deal.report_unit,
                note=r.note,
            )
            for r in deal.realised.all()
        ],
    )


# ---- listings --------------------------------------------------------------------------


@router.get("/listings", response=ListingPage, summary="Listings you may see (redacted)")
def list_listings(request: HttpRequest, query: Query[ListingQuery]) -> ListingPage:
    access = selectors.access_for(request_viewer(request))
    qs = selectors.listing_list(
        access,
        selectors.ListingFilters(
            q=query.q,
            kind=query.kind,
            class_prefix=query.class_prefix,
            cluster=query.cluster,
            country=query.country,
            mine=query.mine,
        ),
    )
    limit = max(1, min(query.limit, MAX_PAGE))
    items = qs[max(0, query.offset) : max(0, query.offset) + limit]
    return ListingPage(
        count=qs.count(), items=[ListingOut(**_listing_out(access, x)) for x in items]
    )


@router.get("/listings/{pk}", response={200: ListingOut, 403: ErrorOut, 404: ErrorOut})
def get_listing(request: HttpRequest, pk: int) -> ListingOut:
    access = selectors.access_for(request_viewer(request))
    return ListingOut(**_listing_out(access, _listing(access, pk)))


@router.post(
    "/listings",
    response={201: ListingOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Create an offer or a need (class proposed from the text when not given)",
)
def create_listing(request: HttpRequest, payload: ListingIn) -> Status:
    viewer = token_viewer(request)
    organisation = Organisation.objects.filter(slug=payload.organisation).first()
    if organisation is None:
        raise HttpError(404, "no such organisation")
    site = None
    if payload.site is not None:
        site = Site.objects.filter(pk=payload.site).first()
        if site is None:
            raise HttpError(404, "no such site")
    data = payload.dict(exclude={"organisation", "site"})
    try:
        listing = services.listing_create(
            viewer=viewer,
            data=services.ListingInput(organisation=organisation, site=site, **data),
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except ServiceError as exc:
        return _service_error(exc)
    access = selectors.access_for(viewer)
    return Status(201, ListingOut(**_listing_out(access, _listing(access, listing.pk))))


@router.post(
    "/listings/{pk}/status",
    response={200: ListingOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Pause, close or re-activate a listing",
)
def set_status(request: HttpRequest, pk: int, payload: StatusIn) -> Any:
    viewer = token_viewer(request)
    access = selectors.access_for(viewer)
    listing = _listing(access, pk, edit=True)
    try:
        services.listing_set_status(viewer=viewer, listing=listing, status=payload.status)
    except ServiceError as exc:
        return _service_error(exc)
    return ListingOut(**_listing_out(access, listing))


@router.get(
    "/listings/{pk}/suggestions",
    response={200: list[SuggestionOut], 403: ErrorOut, 404: ErrorOut},
    summary="Ranked partners of a listing (for its member and coordinators)",
)
def list_suggestions(request: HttpRequest, pk: int) -> list[SuggestionOut]:
    access = selectors.access_for(request_viewer(request))
    listing = _listing(access, pk, edit=True)
    rows, dismissed = selectors.listing_suggestions(access, listing)
    return [
        SuggestionOut(
            partner=ListingOut(**_listing_out(access, r.partner)),
            distance_km=r.suggestion.distance_km,
            use=r.suggestion.use,
            transport_mode=r.suggestion.transport_mode,
            cross_cluster=r.suggestion.cross_cluster,
            full_figures=r.full,
            figures=FiguresOut(**r.figures),
            own_figures=OwnFiguresOut(**r.own_figures) if r.own_figures else None,
            feedback=r.feedback,
            deal_id=r.deal.pk if r.deal else None,
            deal_stage=r.deal.stage if r.deal else None,
        )
        for r in [*rows, *dismissed]
    ]


@router.post(
    "/listings/{pk}/feedback",
    response={204: None, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="'not_interested' or 'in_contact' on a suggestion; empty takes it back",
)
def set_feedback(request: HttpRequest, pk: int, payload: FeedbackIn) -> Status:
    viewer = token_viewer(request)
    access = selectors.access_for(viewer)
    listing = _listing(access, pk, edit=True)
    partner = _listing(access, payload.partner)
    try:
        services.feedback_set(viewer=viewer, listing=listing, partner=partner, kind=payload.kind)
    except ServiceError as exc:
        return _service_error(exc)
    return Status(204, None)


@router.get("/classify", response=ClassifyOut, summary="Propose resource classes for a text")
def classify_text(request: HttpRequest, text: str) -> ClassifyOut:
    found = classify(text[:2000])
    return ClassifyOut(
        language=found.language,
        low_confidence=found.low_confidence,
        suggestions=[
            ClassSuggestionOut(
                class_id=s.class_id,
                label=selectors.class_label(s.class_id),
                confidence=round(s.confidence, 3),
            )
            for s in found.suggestions
        ],
    )


# ---- deals -----------------------------------------------------------------------------


@router.get("/deals", response=list[DealOut], summary="Deals of your organisations or clusters")
def list_deals(request: HttpRequest, stage: str = "") -> list[DealOut]:
    viewer = request_viewer(request)
    access = selectors.access_for(viewer)
    return [DealOut(**_deal_out(access, d)) for d in selectors.deal_list(viewer, stage=stage)]


@router.get("/deals/{pk}", response={200: DealDetailOut, 403: ErrorOut, 404: ErrorOut})
def get_deal(request: HttpRequest, pk: int) -> DealDetailOut:
    viewer = request_viewer(request)
    return _deal_detail(selectors.access_for(viewer), _deal(viewer, pk))


@router.post(
    "/deals",
    response={201: DealDetailOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Contact the member behind a suggested partner (the deal becomes 'contacted')",
)
def contact(request: HttpRequest, payload: ContactIn) -> Status:
    viewer = token_viewer(request)
    access = selectors.access_for(viewer)
    listing = _listing(access, payload.listing, edit=True)
    partner = _listing(access, payload.partner)
    try:
        deal = services.deal_contact(
            viewer=viewer, listing=listing, partner=partner, message=payload.message
        )
    except ServiceError as exc:
        return _service_error(exc)
    return Status(201, _deal_detail(selectors.access_for(viewer), _deal(viewer, deal.pk)))


@router.post(
    "/deals/{pk}/stage",
    response={200: DealDetailOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Move a deal one stage on, or drop it with a reason",
)
def move(request: HttpRequest, pk: int, payload: MoveIn) -> Any:
    viewer = token_viewer(request)
    deal = _deal(viewer, pk)
    try:
        services.deal_move(viewer=viewer, deal=deal, **payload.dict())
    except ServiceError as exc:
        return _service_error(exc)
    return _deal_detail(selectors.access_for(viewer), deal)


@router.post(
    "/deals/{pk}/messages",
    response={201: MessageOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
)
def post_message(request: HttpRequest, pk: int, payload: MessageIn) -> Status:
    viewer = token_viewer(request)
    deal = _deal(viewer, pk)
    try:
        message = services.deal_message_post(viewer=viewer, deal=deal, body=payload.body)
    except ServiceError as exc:
        return _service_error(exc)
    return Status(
        201,
        MessageOut(
            author=viewer.username,
            organisation=message.organisation.slug if message.organisation else None,
            body=message.body,
            created_at=message.created_at,
        ),
    )


@router.post(
    "/deals/{pk}/realised",
    response={201: RealisedOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Record the quantity actually exchanged in a period (within one year)",
)
def record_realised(request: HttpRequest, pk: int, payload: RealisedIn) -> Status:
    viewer = token_viewer(request)
    deal = _deal(viewer, pk)
    try:
        entry = services.realised_record(viewer=viewer, deal=deal, **payload.dict())
    except ServiceError as exc:
        return _service_error(exc)
    return Status(
        201,
        RealisedOut(
            period_start=entry.period_start,
            period_end=entry.period_end,
            quantity=float(entry.quantity),
            unit=deal.report_unit,
            note=entry.note,
        ),
    )


# ---- coordinators ----------------------------------------------------------------------


def _managed(viewer: Viewer, slug: str) -> Cluster:
    cluster = Cluster.objects.filter(slug=slug).first()
    if cluster is None:
        raise HttpError(404, "no such cluster")
    if not viewer.can_manage_cluster(cluster.pk):
        raise HttpError(403, "only the cluster's coordinators may do this")
    return cluster


@router.get(
    "/clusters/{slug}/funnel",
    response={200: FunnelOut, 403: ErrorOut, 404: ErrorOut},
    summary="Suggested -> contacted -> ... -> running, and the realisation rate per month",
)
def cluster_funnel(request: HttpRequest, slug: str) -> FunnelOut:
    viewer = request_viewer(request)
    cluster = _managed(viewer, slug)
    return FunnelOut(
        cluster=cluster.slug,
        steps=[FunnelStepOut(stage=s.key, count=s.count) for s in funnel.funnel(viewer, cluster)],
        months=[
            MonthOut(
                month=m.month.date() if isinstance(m.month, dt.datetime) else m.month,
                contacted=m.contacted,
                running=m.running,
                realisation_rate=m.rate,
            )
            for m in funnel.realisation_by_month(viewer, cluster)
        ],
    )


@router.post(
    "/clusters/{slug}/listings/import",
    response={200: ImportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Upload members' listings (CSV, XLSX or JSON), all or nothing",
)
def import_listings(request: HttpRequest, slug: str, file: File[UploadedFile]) -> Any:
    viewer = token_viewer(request)
    cluster = _managed(viewer, slug)
    try:
        created = imports.listings_import(
            viewer=viewer, cluster=cluster, data=read_upload(file), filename=file.name or "upload"
        )
    except InputError as exc:
        return row_errors(exc)
    return ImportOut(created=created)


__all__ = ["router"]
