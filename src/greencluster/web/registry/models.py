"""Registry domain: clusters, mini-clusters, organisations, their sites and memberships.

Writes go through ``registry.services``; reads with permission checks through
``registry.selectors``. Turnover, export and exact head-count are confidential: only the
organisation's own users and the coordinators of its clusters see them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

COUNTRIES = [
    ("FI", _("Finland")),
    ("SE", _("Sweden")),
    ("NO", _("Norway")),
    ("EE", _("Estonia")),
    ("DK", _("Denmark")),
    ("DE", _("Germany")),
    ("IS", _("Iceland")),
    ("LV", _("Latvia")),
    ("LT", _("Lithuania")),
]
LANGUAGE_CODES = ("en", "fi", "sv", "nb", "et", "de")


class Cluster(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True, max_length=80)
    region = models.CharField(_("region"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    languages = models.CharField(
        _("languages"), max_length=40, default="en", help_text=_("Comma-separated codes")
    )
    descriptions = models.JSONField(_("description"), default=dict, blank=True)
    strategy = models.TextField(_("strategy"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def language_list(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]


class Organisation(models.Model):
    class Type(models.TextChoices):
        COMPANY = "company", _("Company")
        RESEARCH = "research", _("Research organisation")
        TRAINING = "training", _("Training organisation")
        PUBLIC = "public", _("Public body")
        FINANCIER = "financier", _("Financier")
        ASSOCIATION = "association", _("Association")

    name = models.CharField(_("name"), max_length=250)
    slug = models.SlugField(unique=True, max_length=120)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    business_id = models.CharField(_("business id"), max_length=40, blank=True)
    external_ref = models.CharField(
        _("register reference"),
        max_length=120,
        blank=True,
        help_text=_("Identifier in another register, e.g. an E-PRTR facility id"),
    )
    org_type = models.CharField(_("type"), max_length=20, choices=Type, default=Type.COMPANY)
    website = models.URLField(_("website"), blank=True)
    descriptions = models.JSONField(_("description"), default=dict, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    turnover_eur = models.DecimalField(
        _("turnover (EUR)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    export_eur = models.DecimalField(
        _("export (EUR)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    figures_year = models.PositiveSmallIntegerField(_("year of figures"), null=True, blank=True)
    demo_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields whose values were invented for the demo (shown as such).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "business_id"],
                condition=~models.Q(business_id=""),
                name="unique_business_id_per_country",
            ),
            models.UniqueConstraint(
                fields=["external_ref"],
                condition=~models.Q(external_ref=""),
                name="unique_external_ref",
            ),
        ]
        indexes = [models.Index(fields=["country", "org_type"])]

    def __str__(self) -> str:
        return self.name

    @property
    def size_class(self) -> str:
        """EU SME size class by head-count (Commission Recommendation 2003/361/EC)."""
        n = self.employees
        if n is None:
            return ""
        if n < 10:
            return str(_("Micro (under 10 employees)"))
        if n < 50:
            return str(_("Small (10-49 employees)"))
        if n < 250:
            return str(_("Medium-sized (50-249 employees)"))
        return str(_("Large (250 or more employees)"))


class OrganisationActivity(models.Model):
    """A NACE Rev. 2 code of an organisation (validated against greencluster.core.nace)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="activities"
    )
    code = models.CharField(max_length=5)
    is_main = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_main", "code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_org_nace")
        ]
        indexes = [models.Index(fields=["code"])]

    def __str__(self) -> str:
        return self.code


class Site(models.Model):
    class CoordinateSource(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        GEOCODED = "geocoded", _("from the place name")
        REGISTER = "register", _("from a public register")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(_("site name"), max_length=250)
    address = models.CharField(_("address"), max_length=250, blank=True)
    postcode = models.CharField(_("postcode"), max_length=20, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    coordinates_source = models.CharField(
        max_length=10, choices=CoordinateSource, default=CoordinateSource.MANUAL
    )
    is_primary = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_primary", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(lat__gte=-90, lat__lte=90, lon__gte=-180, lon__lte=180),
                name="site_coordinates_in_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.name}"


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        LOCOMOTIVE = "locomotive", _("Locomotive / anchor company")
        PARTNER = "partner", _("Partner")
        COORDINATOR = "coordinator", _("Coordinating organisation")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER)
    since = models.DateField(_("member since"), null=True, blank=True)

    class Meta:
        ordering = ["cluster__name", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "cluster"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.cluster} ({self.role})"


class MiniCluster(models.Model):
    class Theme(models.TextChoices):
        WASTE = "waste", _("Waste and recycling")
        WATER = "water", _("Water")
        ENERGY = "energy", _("Energy")
        MEASUREMENT = "measurement", _("Environmental measurement")
        MINING = "mining", _("Mining and minerals")
        BIOECONOMY = "bioeconomy", _("Bioeconomy")
        HEAT = "heat", _("Renewable heat")
        LOGISTICS = "logistics", _("Green logistics")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True, max_length=80)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme, default=Theme.OTHER)
    descriptions = models.JSONField(_("description"), default=dict, blank=True)
    clusters = models.ManyToManyField(Cluster, related_name="mini_clusters")
    organisations = models.ManyToManyField(Organisation, related_name="mini_clusters", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
