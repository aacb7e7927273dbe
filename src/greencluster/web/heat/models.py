"""Heat-entrepreneurship projects: an organisation's plan of a plant, its customers, fuel sources
and the evaluations (scenarios) run on it.

Plant, network, economics and emission settings are kept in ``HeatProject.settings`` in the
sections of the core's TOML schema (docs/heat.md), so that the core validates and evaluates
them exactly as it does for the CLI; customers and fuel sources are rows. Only the
organisation's own users and the coordinators of its clusters see a project.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greencluster.web.registry.models import Organisation, Site

CURRENT_HEATING_CHOICES = [
    ("oil", _("Oil")),
    ("electric", _("Electric")),
    ("heat_pump", _("Heat pump")),
    ("wood", _("Wood")),
    ("other", _("Other")),
]
FUEL_CHOICES = [
    ("wood_chips", _("Wood chips")),
    ("sawdust", _("Sawdust")),
    ("bark", _("Bark")),
    ("pellets", _("Pellets")),
    ("recycled_wood", _("Recycled wood")),
    ("peat", _("Peat")),
]
ORIGIN_CHOICES = [
    ("own_forest", _("Own forest")),
    ("local_supplier", _("Local supplier")),
    ("member_side_stream", _("Side stream of a cluster member")),
    ("other", _("Other")),
]


class HeatProject(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="heat_projects"
    )
    name = models.CharField(_("name"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("first operating year"), default=2027)
    plant_lat = models.FloatField(_("plant latitude"))
    plant_lon = models.FloatField(_("plant longitude"))
    settings = models.JSONField(default=dict, blank=True)
    streets = models.JSONField(
        default=list,
        blank=True,
        help_text="Street segments [from_lat, from_lon, to_lat, to_lon] along which pipes may run",
    )
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    plant_lat__gte=-90, plant_lat__lte=90, plant_lon__gte=-180, plant_lon__lte=180
                ),
                name="heat_plant_coordinates_in_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class HeatCustomer(models.Model):
    """A building that may buy heat; demand as entered or estimated when it was added."""

    project = models.ForeignKey(HeatProject, on_delete=models.CASCADE, related_name="customers")
    name = models.CharField(_("name"), max_length=200)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    annual_heat_mwh = models.FloatField(_("annual heat (MWh/a)"))
    peak_kw = models.FloatField(_("peak load (kW)"))
    building_type = models.CharField(_("building type"), max_length=80, blank=True)
    floor_area_m2 = models.FloatField(_("floor area (m²)"), null=True, blank=True)
    current_heating = models.CharField(
        _("current heating"), max_length=20, choices=CURRENT_HEATING_CHOICES, default="oil"
    )
    current_co2_kg_per_mwh = models.FloatField(null=True, blank=True)
    must_connect = models.BooleanField(_("must be connected"), default=False)
    site = models.ForeignKey(Site, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="unique_heat_customer_name")
        ]

    def __str__(self) -> str:
        return self.name


class HeatFuelSource(models.Model):
    project = models.ForeignKey(HeatProject, on_delete=models.CASCADE, related_name="fuel_sources")
    name = models.CharField(_("name"), max_length=200)
    fuel = models.CharField(_("fuel"), max_length=20, choices=FUEL_CHOICES)
    origin = models.CharField(_("origin"), max_length=20, choices=ORIGIN_CHOICES)
    distance_km = models.FloatField(_("distance (km)"))
    price_eur_per_mwh = models.FloatField(_("price (€/MWh)"))
    moisture_pct = models.FloatField(_("moisture (%)"), null=True, blank=True)
    max_mwh_per_a = models.FloatField(_("available at most (MWh/a)"), null=True, blank=True)
    supplier = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class HeatEvaluation(models.Model):
    """One run of the planner on a snapshot of the project's inputs (a scenario)."""

    project = models.ForeignKey(HeatProject, on_delete=models.CASCADE, related_name="evaluations")
    label = models.CharField(_("scenario name"), max_length=200)
    inputs = models.JSONField()
    result = models.JSONField()
    sensitivity = models.JSONField(default=list)
    seconds = models.FloatField(default=0.0)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.project}: {self.label}"
