"""Side-stream marketplace: listings (offers and needs), stored suggestions, deals.

Writes go through ``marketplace.services``; reads with permission checks and redaction of
confidential values through ``marketplace.selectors``. Quantity, price and the exact site of
a listing are confidential unless its member chooses to show them: coordinators of the
member's clusters always see them, a matched partner once a deal is contacted, nobody else.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greencluster.web.registry.models import Cluster, Organisation, Site


def user_field() -> models.ForeignKey:  # type: ignore[type-arg]
    """Who did something; kept as None when the user is deleted."""
    return models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


def upload_path(instance: Listing, filename: str) -> str:
    """Uploads are stored under a random name (the member's file name is not kept)."""
    suffix = Path(filename).suffix.lower()[:8]
    return f"marketplace/{instance.organisation_id}/{uuid.uuid4().hex}{suffix}"


class MarketplaceSettings(models.Model):
    """A cluster's marketplace settings. Matching across clusters happens only between
    clusters that both allow it."""

    cluster = models.OneToOneField(
        Cluster, on_delete=models.CASCADE, primary_key=True, related_name="marketplace_settings"
    )
    allow_cross_cluster = models.BooleanField(
        _("match with other clusters"),
        default=False,
        help_text=_("Members' listings are matched with those of other clusters that allow it."),
    )
    stalled_after_days = models.PositiveSmallIntegerField(
        _("a deal is stalled after (days without activity)"), default=30
    )

    def __str__(self) -> str:
        return f"marketplace settings of {self.cluster}"


class Listing(models.Model):
    class Kind(models.TextChoices):
        # The listing types of Finland's national marketplace (Materiaalitori).
        OFFER_WASTE = "offer_waste", _("Offering waste")
        OFFER_MATERIAL = "offer_material", _("Offering material")
        RECEIVE_MATERIAL = "receive_material", _("Receiving material")
        OFFER_SERVICE = "offer_service", _("Offering services")

    class Category(models.TextChoices):
        MATERIAL = "material", _("Material side stream")
        ENERGY = "energy", _("Energy carrier")
        WATER = "water", _("Water")
        PRODUCT = "product", _("Product or by-product")
        SERVICE = "service", _("Service")
        COMPETENCE = "competence", _("Competence")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    class AmountUnit(models.TextChoices):
        T = "t", "t"
        KG = "kg", "kg"
        M3 = "m3", "m³"
        L = "l", "l"
        MWH = "MWh", "MWh"
        KWH = "kWh", "kWh"
        GJ = "GJ", "GJ"

    class Period(models.TextChoices):
        YEAR = "a", _("per year")
        MONTH = "month", _("per month")
        WEEK = "week", _("per week")
        DAY = "d", _("per day")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="listings"
    )
    site = models.ForeignKey(
        Site, on_delete=models.SET_NULL, null=True, blank=True, related_name="listings"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    category = models.CharField(_("category"), max_length=12, choices=Category)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.ACTIVE)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    class_id = models.CharField(_("resource class"), max_length=40, blank=True)
    class_confidence = models.FloatField(null=True, blank=True)
    class_chosen = models.BooleanField(
        default=False, help_text="The member picked the class (the classifier was unsure)."
    )
    quantity = models.DecimalField(
        _("quantity"), max_digits=16, decimal_places=3, null=True, blank=True
    )
    amount_unit = models.CharField(_("unit"), max_length=4, choices=AmountUnit, blank=True)
    period = models.CharField(_("period"), max_length=6, choices=Period, default=Period.YEAR)
    quantity_per_a = models.FloatField(
        null=True, blank=True, help_text="Quantity per year in the basis unit (t, MWh or m3)."
    )
    basis = models.CharField(max_length=4, blank=True)
    quality_notes = models.TextField(_("quality notes"), blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    price_eur = models.DecimalField(
        _("price (EUR per unit)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_distance_km = models.FloatField(_("farthest partner (km by road)"), null=True, blank=True)
    photo = models.FileField(_("photo"), upload_to=upload_path, blank=True)
    datasheet = models.FileField(_("data sheet"), upload_to=upload_path, blank=True)
    show_quantity = models.BooleanField(_("show the quantity to other members"), default=False)
    show_price = models.BooleanField(_("show the price to other members"), default=False)
    show_site = models.BooleanField(_("show the exact site to other members"), default=False)
    is_demo = models.BooleanField(default=False)
    source_note = models.CharField(max_length=300, blank=True)
    created_by = user_field()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["class_id"]),
            # Lists are newest first: read in index order and stop at the page's end.
            models.Index(fields=["-created_at", "-id"], name="listing_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gte=0),
                name="listing_quantity_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(price_eur__isnull=True) | models.Q(price_eur__gte=0),
                name="listing_price_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_offer(self) -> bool:
        return self.kind != self.Kind.RECEIVE_MATERIAL

    @property
    def is_matchable(self) -> bool:
        return self.kind != self.Kind.OFFER_SERVICE and bool(self.class_id)

    @property
    def unit_text(self) -> str:
        """The unit as the matching engine reads it, e.g. "t/month"."""
        return f"{self.amount_unit}/{self.period}" if self.amount_unit else ""


class Suggestion(models.Model):
    """A scored offer-need pair of the matching engine, stored so that list pages are cheap.

    Figures come twice: from the members' full data (``*`` fields, shown to coordinators and
    to partners of a contacted deal) and from the data every member may see (``public_*``:
    hidden quantities and prices left out), so that no figure lets a member work out another
    member's confidential quantity or price."""

    offer = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="suggestions_as_offer"
    )
    need = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="suggestions_as_need")
    distance_km = models.FloatField()
    use = models.CharField(max_length=250)
    transport_mode = models.CharField(max_length=10)
    rule_source = models.CharField(max_length=300, blank=True)
    rule_basis = models.CharField(max_length=4, blank=True)
    transport_kg_co2e_per_t = models.FloatField(null=True, blank=True)
    avoided_kg_co2e_per_unit = models.FloatField(null=True, blank=True)
    basis = models.CharField(max_length=4, blank=True)
    flow_per_a = models.FloatField(null=True, blank=True)
    transport_t_co2e_per_a = models.FloatField(null=True, blank=True)
    avoided_t_co2e_per_a = models.FloatField(null=True, blank=True)
    net_t_co2e_per_a = models.FloatField(null=True, blank=True)
    value_eur_per_a = models.FloatField(null=True, blank=True)
    score = models.FloatField()
    explanation = models.TextField()
    public_basis = models.CharField(max_length=4, blank=True)
    public_flow_per_a = models.FloatField(null=True, blank=True)
    public_transport_t_co2e_per_a = models.FloatField(null=True, blank=True)
    public_avoided_t_co2e_per_a = models.FloatField(null=True, blank=True)
    public_net_t_co2e_per_a = models.FloatField(null=True, blank=True)
    public_value_eur_per_a = models.FloatField(null=True, blank=True)
    public_score = models.FloatField()
    public_explanation = models.TextField()
    cross_cluster = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-score", "id"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "need"], name="unique_suggestion_pair")
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"{self.offer_id} -> {self.need_id}"


class SuggestionFeedback(models.Model):
    """A member's answer to one suggestion of its listing: the ranking respects it."""

    class Kind(models.TextChoices):
        NOT_INTERESTED = "not_interested", _("Not interested")
        IN_CONTACT = "in_contact", _("Already in contact")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="feedback")
    partner = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind)
    created_by = user_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["listing", "partner"], name="unique_feedback_pair")
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} on {self.partner_id}: {self.kind}"


class Deal(models.Model):
    """A match followed through the pipeline up to a realised exchange."""

    class Stage(models.TextChoices):
        IDENTIFIED = "identified", _("Identified")
        CONTACTED = "contacted", _("Contacted")
        NEGOTIATING = "negotiating", _("Negotiating")
        AGREED = "agreed", _("Agreed")
        RUNNING = "running", _("Running")
        ENDED = "ended", _("Ended")
        DROPPED = "dropped", _("Dropped")

    class DropReason(models.TextChoices):
        PRICE = "price", _("Price")
        QUANTITY = "quantity", _("Quantity or timing")
        QUALITY = "quality", _("Quality")
        LOGISTICS = "logistics", _("Logistics or distance")
        REGULATION = "regulation", _("Permits or regulation")
        NO_RESPONSE = "no_response", _("No response")
        OTHER = "other", _("Other")

    offer = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="deals_as_offer")
    need = models.ForeignKey(Listing, on_delete=models.PROTECT, related_name="deals_as_need")
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    receiver = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    initiated_by = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    stage = models.CharField(max_length=12, choices=Stage, default=Stage.IDENTIFIED)
    furthest_stage = models.PositiveSmallIntegerField(default=0)
    drop_reason = models.CharField(_("reason"), max_length=12, choices=DropReason, blank=True)
    drop_note = models.TextField(_("note"), blank=True)
    class_id = models.CharField(max_length=40, blank=True)
    distance_km = models.FloatField(null=True, blank=True)
    transport_mode = models.CharField(max_length=10, blank=True)
    report_unit = models.CharField(_("unit of realised quantities"), max_length=4, blank=True)
    displaced_key = models.CharField(_("what the exchange replaces"), max_length=120, blank=True)
    displaced_gas = models.CharField(max_length=8, blank=True)
    is_demo = models.BooleanField(default=False)
    created_by = user_field()
    created_at = models.DateTimeField(auto_now_add=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    running_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_activity_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "need"],
                condition=~models.Q(stage="dropped") & ~models.Q(stage="ended"),
                name="one_open_deal_per_pair",
            )
        ]
        indexes = [models.Index(fields=["stage", "last_activity_at"])]

    def __str__(self) -> str:
        return f"{self.offer} -> {self.need}"


STAGE_ORDER = [
    Deal.Stage.IDENTIFIED,
    Deal.Stage.CONTACTED,
    Deal.Stage.NEGOTIATING,
    Deal.Stage.AGREED,
    Deal.Stage.RUNNING,
    Deal.Stage.ENDED,
]
"""The pipeline in order; ``Deal.furthest_stage`` indexes it (dropped is off the line)."""


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(Deal.Stage(stage))


class DealEvent(models.Model):
    """A move of a deal to a stage (its history; the funnel counts from it)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="events")
    stage = models.CharField(max_length=12, choices=Deal.Stage)
    note = models.TextField(blank=True)
    actor = user_field()
    actor_label = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"deal {self.deal_id}: {self.stage}"


class DealMessage(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="messages")
    author = user_field()
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"message on deal {self.deal_id}"


class RealisedQuantity(models.Model):
    """What was actually exchanged in a period (within one calendar year), in the deal's
    ``report_unit``; these become the cluster's exchanged tonnes or MWh."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="realised")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    quantity = models.DecimalField(_("quantity"), max_digits=16, decimal_places=3)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = user_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["period_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="realised_quantity_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="realised_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"deal {self.deal_id}: {self.period_start}..{self.period_end}"
