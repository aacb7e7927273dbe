"""Writes of the marketplace. Each function checks that the viewer may do it, writes in one
transaction, records an audit entry (confidential quantities and prices are never written to
the log, only that they changed) and schedules the refresh of the stored suggestions when
listings change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from greencluster.core.matching import UnitError, parse_unit
from greencluster.core.taxonomy import classify, get_class
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.audit.services import audit_record, diff
from greencluster.web.common.errors import ServiceError
from greencluster.web.marketplace import notifications
from greencluster.web.marketplace.displaced import REPORT_UNITS, find_choice
from greencluster.web.marketplace.matching import schedule_refresh
from greencluster.web.marketplace.models import (
    Deal,
    DealEvent,
    DealMessage,
    Listing,
    MarketplaceSettings,
    RealisedQuantity,
    SuggestionFeedback,
    stage_index,
)
from greencluster.web.marketplace.selectors import (
    OPEN_STAGES,
    access_for,
    can_see_deal,
    suggestion_between,
)
from greencluster.web.marketplace.uploads import check_datasheet, check_photo
from greencluster.web.registry.models import Cluster, Organisation, Site

CONFIDENTIAL = frozenset({"quantity", "amount_unit", "period", "price_eur", "site"})
MAX_MESSAGE_CHARS = 5000

NEXT_STAGE = {
    Deal.Stage.IDENTIFIED: Deal.Stage.CONTACTED,
    Deal.Stage.CONTACTED: Deal.Stage.NEGOTIATING,
    Deal.Stage.NEGOTIATING: Deal.Stage.AGREED,
    Deal.Stage.AGREED: Deal.Stage.RUNNING,
    Deal.Stage.RUNNING: Deal.Stage.ENDED,
}


def _redacted(changes: dict[str, Any]) -> dict[str, Any]:
    return {k: ("(confidential)" if k in CONFIDENTIAL else v) for k, v in changes.items()}


def _cluster_ids(organisation: Organisation) -> list[int]:
    return [m.cluster_id for m in organisation.memberships.all()]


def can_list_for(viewer: Viewer, organisation: Organisation) -> bool:
    """Any user of the organisation (a side stream is a two-minute job for whoever knows
    it), the coordinators of its clusters and superusers."""
    return (
        viewer.is_superuser
        or organisation.pk in viewer.organisation_ids
        or bool(set(_cluster_ids(organisation)) & viewer.coordinated_cluster_ids)
    )


# ---- listings --------------------------------------------------------------------------


@dataclass(frozen=True)
class ListingInput:
    """What a member states about an offer or a need."""

    organisation: Organisation
    kind: str
    title: str
    site: Site | None = None
    description: str = ""
    class_id: str = ""
    category: str = ""
    quantity: Decimal | None = None
    amount_unit: str = ""
    period: str = Listing.Period.YEAR
    quality_notes: str = ""
    available_from: dt.date | None = None
    available_until: dt.date | None = None
    price_eur: Decimal | None = None
    max_distance_km: float | None = None
    show_quantity: bool = False
    show_price: bool = False
    show_site: bool = False
    language: str = ""


def category_of(class_id: str) -> str:
    family = class_id.split(".", 1)[0]
    return {
        "ewc": Listing.Category.MATERIAL,
        "energy": Listing.Category.ENERGY,
        "gas": Listing.Category.ENERGY,
        "water": Listing.Category.WATER,
        "product": Listing.Category.PRODUCT,
    }.get(family, Listing.Category.MATERIAL)


def classify_text(data: ListingInput) -> str:
    return f"{data.title}\n{data.description}".strip()


def check_listing(data: ListingInput) -> dict[str, Any]:
    """The stored fields of ``data``, derived and validated; ServiceError naming the field
    at fault otherwise. An unsure classification asks the member to pick a class."""
    if data.kind not in Listing.Kind.values:
        raise ServiceError(f"unknown listing type '{data.kind}'", field="kind")
    if not data.title.strip():
        raise ServiceError("a title is required", field="title")
    site = data.site or data.organisation.sites.order_by("-is_primary", "name").first()
    if site is None:
        raise ServiceError("add a site to the organisation first", field="site")
    if site.organisation_id != data.organisation.pk:
        raise ServiceError("the site belongs to another organisation", field="site")
    fields: dict[str, Any] = {"site": site, "language": data.language[:5]}
    if data.kind == Listing.Kind.OFFER_SERVICE:
        category = data.category or Listing.Category.SERVICE
        if category not in (Listing.Category.SERVICE, Listing.Category.COMPETENCE):
            raise ServiceError("a service offer is a service or a competence", field="category")
        fields |= {"category": category, "class_id": "", "class_confidence": None}
        fields["class_chosen"] = False
    else:
        fields |= _classification(data)
    fields |= _quantity(data)
    if data.available_from and data.available_until and data.available_from > data.available_until:
        raise ServiceError("the availability ends before it starts", field="available_until")
    if data.price_eur is not None and data.price_eur < 0:
        raise ServiceError("a price cannot be negative", field="price_eur")
    if data.price_eur is not None and not data.amount_unit:
        raise ServiceError("say per which unit the price is", field="amount_unit")
    if data.max_distance_km is not None and data.max_distance_km <= 0:
        raise ServiceError("the distance limit must be above zero", field="max_distance_km")
    return fields


def _classification(data: ListingInput) -> dict[str, Any]:
    text = classify_text(data)
    found = classify(text) if text else None
    language = data.language or (found.language if found and found.language else "")
    if data.class_id:
        try:
            get_class(data.class_id)
        except KeyError:
            raise ServiceError(
                f"unknown resource class '{data.class_id}'", field="class_id"
            ) from None
        best = found.best if found else None
        proposed = best is not None and best.class_id == data.class_id
        return {
            "class_id": data.class_id,
            "class_confidence": best.confidence if best and proposed else None,
            # the member picked it: the classifier was unsure or proposed something else
            "class_chosen": not proposed or bool(found and found.low_confidence),
            "category": category_of(data.class_id),
            "language": language[:5],
        }
    if found is None or found.best is None:
        raise ServiceError(
            "describe the side stream in a few words (or give its EWC code)", field="class_id"
        )
    if found.low_confidence:
        options = ", ".join(s.class_id for s in found.suggestions)
        raise ServiceError(
            f"the classifier is unsure what this is: pick a class ({options})", field="class_id"
        )
    return {
        "class_id": found.best.class_id,
        "class_confidence": found.best.confidence,
        "class_chosen": False,
        "category": category_of(found.best.class_id),
        "language": language[:5],
    }


def _quantity(data: ListingInput) -> dict[str, Any]:
    if data.quantity is None:
        return {"quantity_per_a": None, "basis": ""}
    if data.quantity < 0:
        raise ServiceError("a quantity cannot be negative", field="quantity")
    if not data.amount_unit:
        raise ServiceError("give the unit of the quantity", field="amount_unit")
    if data.period not in Listing.Period.values:
        raise ServiceError(f"unknown period '{data.period}'", field="period")
    try:
        unit = parse_unit(f"{data.amount_unit}/{data.period}")
    except UnitError as exc:
        raise ServiceError(str(exc), field="amount_unit") from None
    return {"quantity_per_a": unit.to_basis_per_a(float(data.quantity)), "basis": unit.basis}


LISTING_FIELDS = (
    "kind",
    "title",
    "description",
    "quantity",
    "amount_unit",
    "period",
    "quality_notes",
    "available_from",
    "available_until",
    "price_eur",
    "max_distance_km",
    "show_quantity",
    "show_price",
    "show_site",
)


def _values(data: ListingInput) -> dict[str, Any]:
    values = {name: getattr(data, name) for name in LISTING_FIELDS}
    values["title"] = data.title.strip()
    values |= check_listing(data)
    return values


def _attach(listing: Listing, photo: UploadedFile | None, datasheet: UploadedFile | None) -> None:
    if photo is not None:
        check_photo(photo)
        listing.photo.save(photo.name or "photo", photo, save=False)
    if datasheet is not None:
        check_datasheet(datasheet)
        listing.datasheet.save(datasheet.name or "datasheet", datasheet, save=False)


@transaction.atomic
def listing_create(
    *,
    viewer: Viewer,
    data: ListingInput,
    photo: UploadedFile | None = None,
    datasheet: UploadedFile | None = None,
    is_demo: bool = False,
    source_note: str = "",
    refresh: bool = True,
) -> Listing:
    if not can_list_for(viewer, data.organisation):
        raise PermissionDenied("only the organisation's users and coordinators may list for it")
    listing = Listing(
        organisation=data.organisation,
        created_by=viewer.user if viewer.is_authenticated else None,
        is_demo=is_demo,
        source_note=source_note[:300],
        **_values(data),
    )
    _attach(listing, photo, datasheet)
    listing.save()
    audit_record(
        actor=viewer,
        action="marketplace.listing_create",
        target=listing,
        changes=_redacted(
            {"kind": listing.kind, "title": listing.title, "class_id": listing.class_id}
            | ({"quantity": True} if listing.quantity is not None else {})
        ),
    )
    if refresh:
        schedule_refresh(_cluster_ids(data.organisation))
    return listing


@transaction.atomic
def listing_update(
    *,
    viewer: Viewer,
    listing: Listing,
    data: ListingInput,
    photo: UploadedFile | None = None,
    datasheet: UploadedFile | None = None,
) -> Listing:
    if (
        not access_for(viewer).can_manage(listing)
        or data.organisation.pk != listing.organisation_id
    ):
        raise PermissionDenied("only the member's own users and its coordinators may change it")
    values = _values(data)
    changes = diff(listing, values)
    for name, value in values.items():
        setattr(listing, name, value)
    _attach(listing, photo, datasheet)
    listing.save()
    audit_record(
        actor=viewer,
        action="marketplace.listing_update",
        target=listing,
        changes=_redacted(changes | ({"files": True} if photo or datasheet else {})),
    )
    schedule_refresh(_cluster_ids(listing.organisation))
    return listing


@transaction.atomic
def listing_set_status(*, viewer: Viewer, listing: Listing, status: str) -> Listing:
    """Pause, close or re-activate a listing; its suggestions follow."""
    if not access_for(viewer).can_manage(listing):
        raise PermissionDenied("only the member's own users and its coordinators may change it")
    if status not in Listing.Status.values:
        raise ServiceError(f"unknown status '{status}'", field="status")
    if listing.status == Listing.Status.CLOSED and status != Listing.Status.CLOSED:
        raise ServiceError("a closed listing stays closed: create a new one", field="status")
    old = listing.status
    listing.status = status
    listing.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=viewer,
        action="marketplace.listing_status",
        target=listing,
        changes={"status": [old, status]},
    )
    schedule_refresh(_cluster_ids(listing.organisation))
    return listing


@transaction.atomic
def feedback_set(*, viewer: Viewer, listing: Listing, partner: Listing, kind: str) -> None:
    """Record "not interested" or "already in contact" on one suggestion of ``listing``;
    an empty ``kind`` takes it back."""
    if not access_for(viewer).can_manage(listing):
        raise PermissionDenied("only the member's own users and its coordinators may do this")
    if suggestion_between(listing, partner) is None:
        raise ServiceError("this partner is not among the listing's suggestions")
    if kind and kind not in SuggestionFeedback.Kind.values:
        raise ServiceError(f"unknown feedback '{kind}'", field="kind")
    if kind:
        SuggestionFeedback.objects.update_or_create(
            listing=listing,
            partner=partner,
            defaults={"kind": kind, "created_by": viewer.user},
        )
    else:
        SuggestionFeedback.objects.filter(listing=listing, partner=partner).delete()
    audit_record(
        actor=viewer,
        action="marketplace.feedback",
        target=listing,
        changes={"partner": partner.pk, "feedback": kind or None},
    )


# ---- deals -----------------------------------------------------------------------------


def _event(deal: Deal, stage: str, viewer: Viewer, note: str, now: dt.datetime) -> None:
    DealEvent.objects.create(
        deal=deal,
        stage=stage,
        note=note,
        actor=viewer.user if viewer.is_authenticated else None,
        actor_label=viewer.username or "system",
        created_at=now,
    )


def _pair(listing: Listing, partner: Listing) -> tuple[Listing, Listing]:
    if listing.is_offer == partner.is_offer:
        raise ServiceError("a deal joins an offer and a need")
    return (listing, partner) if listing.is_offer else (partner, listing)


def _open_deal(offer: Listing, need: Listing) -> Deal | None:
    return Deal.objects.filter(offer=offer, need=need, stage__in=OPEN_STAGES).first()


def _new_deal(
    viewer: Viewer, offer: Listing, need: Listing, initiator: Organisation | None, now: Any
) -> Deal:
    suggestion = suggestion_between(offer, need)
    if suggestion is None:
        raise ServiceError("these two listings are not suggested to each other")
    deal = Deal.objects.create(
        offer=offer,
        need=need,
        supplier_id=offer.organisation_id,
        receiver_id=need.organisation_id,
        initiated_by=initiator,
        stage=Deal.Stage.IDENTIFIED,
        class_id=offer.class_id,
        distance_km=suggestion.distance_km,
        transport_mode=suggestion.transport_mode,
        created_by=viewer.user if viewer.is_authenticated else None,
        last_activity_at=now,
    )
    _event(deal, Deal.Stage.IDENTIFIED, viewer, "", now)
    return deal


@transaction.atomic
def deal_identify(*, viewer: Viewer, offer: Listing, need: Listing, note: str = "") -> Deal:
    """A coordinator marks a suggested pair to follow up (stage "identified")."""
    clusters = set(_cluster_ids(offer.organisation)) | set(_cluster_ids(need.organisation))
    if not (viewer.is_superuser or clusters & viewer.coordinated_cluster_ids):
        raise PermissionDenied("only the partners' coordinators identify deals")
    if _open_deal(offer, need) is not None:
        raise ServiceError("there is already an open deal on this pair")
    now = timezone.now()
    deal = _new_deal(viewer, offer, need, None, now)
    if note.strip():
        DealMessage.objects.create(deal=deal, author=viewer.user, body=note.strip())
    audit_record(actor=viewer, action="marketplace.deal_identify", target=deal)
    return deal


@transaction.atomic
def deal_contact(*, viewer: Viewer, listing: Listing, partner: Listing, message: str) -> Deal:
    """From a suggestion of ``listing``, contact the member behind ``partner``: the deal
    moves to "contacted", the message opens its thread and the partner's users get an
    e-mail."""
    access = access_for(viewer)
    if not access.can_manage(listing):
        raise PermissionDenied("only the member's own users and its coordinators may do this")
    body = message.strip()
    if not body:
        raise ServiceError("write a few words to the partner", field="message")
    if len(body) > MAX_MESSAGE_CHARS:
        raise ServiceError(f"at most {MAX_MESSAGE_CHARS} characters", field="message")
    offer, need = _pair(listing, partner)
    now = timezone.now()
    deal = _open_deal(offer, need)
    if deal is None:
        deal = _new_deal(viewer, offer, need, listing.organisation, now)
    elif deal.stage != Deal.Stage.IDENTIFIED:
        raise ServiceError("you are already in a deal on this pair")
    elif deal.initiated_by_id is None:
        deal.initiated_by = listing.organisation
    DealMessage.objects.create(
        deal=deal, author=viewer.user, organisation=listing.organisation, body=body
    )
    _advance(deal, Deal.Stage.CONTACTED, viewer, "", now)
    audit_record(actor=viewer, action="marketplace.deal_contact", target=deal)
    notifications.deal_contacted(deal, sender=listing.organisation, message=body)
    return deal


def _advance(deal: Deal, stage: str, viewer: Viewer, note: str, now: dt.datetime) -> None:
    deal.stage = stage
    if stage != Deal.Stage.DROPPED:
        deal.furthest_stage = max(deal.furthest_stage, stage_index(stage))
    if stage == Deal.Stage.CONTACTED and deal.contacted_at is None:
        deal.contacted_at = now
    if stage == Deal.Stage.RUNNING and deal.running_at is None:
        deal.running_at = now
    deal.last_activity_at = now
    deal.save()
    _event(deal, stage, viewer, note, now)


def _require_party(viewer: Viewer, deal: Deal) -> None:
    if not can_see_deal(viewer, deal):
        raise PermissionDenied("only the two partners and their coordinators may do this")


def allowed_moves(deal: Deal) -> list[str]:
    moves = [NEXT_STAGE[deal.stage]] if deal.stage in NEXT_STAGE else []
    if deal.stage in OPEN_STAGES:
        moves.append(Deal.Stage.DROPPED)
    return moves


@transaction.atomic
def deal_move(
    *,
    viewer: Viewer,
    deal: Deal,
    stage: str,
    note: str = "",
    drop_reason: str = "",
    report_unit: str = "",
    displaced_key: str = "",
) -> Deal:
    """Move ``deal`` one stage on (or drop it, with a reason). Agreeing fixes the unit of the
    realised quantities and what the exchange replaces (a factor row of the impact table)."""
    _require_party(viewer, deal)
    if stage not in allowed_moves(deal):
        raise ServiceError(
            f"a {deal.stage} deal can move to {', '.join(allowed_moves(deal)) or 'nothing'}",
            field="stage",
        )
    if stage == Deal.Stage.DROPPED:
        if drop_reason not in Deal.DropReason.values:
            raise ServiceError("say why the deal was dropped", field="drop_reason")
        deal.drop_reason, deal.drop_note = drop_reason, note.strip()
    if stage == Deal.Stage.AGREED:
        if report_unit not in REPORT_UNITS:
            raise ServiceError(
                f"choose the unit of realised quantities ({', '.join(REPORT_UNITS)})",
                field="report_unit",
            )
        choice = find_choice(report_unit, displaced_key)
        if choice is None:
            raise ServiceError(
                "choose what the exchange replaces (a factor per "
                f"{'tonne' if report_unit == 't' else 'unit of energy'})",
                field="displaced_key",
            )
        deal.report_unit, deal.displaced_key, deal.displaced_gas = (
            report_unit,
            choice.key,
            choice.gas,
        )
    old = deal.stage
    _advance(deal, stage, viewer, note.strip(), timezone.now())
    audit_record(
        actor=viewer,
        action="marketplace.deal_move",
        target=deal,
        changes={"stage": [old, stage]}
        | ({"drop_reason": drop_reason} if drop_reason else {})
        | ({"displaced_key": deal.displaced_key} if stage == Deal.Stage.AGREED else {}),
    )
    notifications.deal_moved(deal, actor=viewer, old=old)
    return deal


@transaction.atomic
def deal_message_post(*, viewer: Viewer, deal: Deal, body: str) -> DealMessage:
    _require_party(viewer, deal)
    text = body.strip()
    if not text:
        raise ServiceError("the message is empty", field="body")
    if len(text) > MAX_MESSAGE_CHARS:
        raise ServiceError(f"at most {MAX_MESSAGE_CHARS} characters", field="body")
    own = viewer.organisation_ids & {deal.supplier_id, deal.receiver_id}
    organisation_id = next(iter(sorted(own)), None)
    message = DealMessage.objects.create(
        deal=deal, author=viewer.user, organisation_id=organisation_id, body=text
    )
    deal.last_activity_at = message.created_at
    deal.save(update_fields=["last_activity_at"])
    audit_record(actor=viewer, action="marketplace.deal_message", target=deal)
    notifications.deal_message(deal, message)
    return message


@transaction.atomic
def realised_record(
    *,
    viewer: Viewer,
    deal: Deal,
    period_start: dt.date,
    period_end: dt.date,
    quantity: Decimal,
    note: str = "",
) -> RealisedQuantity:
    """What was actually exchanged in a period (within one calendar year), in the deal's
    unit; it counts in the partners' clusters' exchanged tonnes or MWh."""
    _require_party(viewer, deal)
    if deal.stage not in (Deal.Stage.RUNNING, Deal.Stage.ENDED):
        raise ServiceError("realised quantities are recorded once the exchange is running")
    if quantity < 0:
        raise ServiceError("a quantity cannot be negative", field="quantity")
    if period_end < period_start:
        raise ServiceError("the period ends before it starts", field="period_end")
    if period_start.year != period_end.year:
        raise ServiceError("record each calendar year separately", field="period_end")
    if period_start > timezone.localdate():
        raise ServiceError("the period has not started yet", field="period_start")
    if deal.realised.filter(period_start__lte=period_end, period_end__gte=period_start).exists():
        raise ServiceError("this period overlaps one already recorded", field="period_start")
    entry = RealisedQuantity.objects.create(
        deal=deal,
        period_start=period_start,
        period_end=period_end,
        quantity=quantity,
        note=note.strip()[:300],
        recorded_by=viewer.user if viewer.is_authenticated else None,
    )
    deal.last_activity_at = timezone.now()
    deal.save(update_fields=["last_activity_at"])
    audit_record(
        actor=viewer,
        action="marketplace.realised_record",
        target=deal,
        changes={"period": [str(period_start), str(period_end)], "quantity": "(confidential)"},
    )
    return entry


# ---- cluster settings ------------------------------------------------------------------


@transaction.atomic
def settings_update(
    *, viewer: Viewer, cluster: Cluster, allow_cross_cluster: bool, stalled_after_days: int
) -> MarketplaceSettings:
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators change its marketplace settings")
    if stalled_after_days < 1:
        raise ServiceError("at least one day", field="stalled_after_days")
    found, _created = MarketplaceSettings.objects.get_or_create(cluster=cluster)
    changes = diff(
        found,
        {"allow_cross_cluster": allow_cross_cluster, "stalled_after_days": stalled_after_days},
    )
    found.allow_cross_cluster = allow_cross_cluster
    found.stalled_after_days = stalled_after_days
    found.save()
    audit_record(
        actor=viewer, action="marketplace.settings", target=found, cluster=cluster, changes=changes
    )
    if "allow_cross_cluster" in changes:
        schedule_refresh(None)
    return found
