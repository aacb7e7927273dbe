"""Impact domain: members' yearly KPI reports, cluster factor overrides and goals.

A report's figures are confidential to the organisation and its clusters' coordinators; the
cluster sees only aggregates (``impact.selectors``). Emissions are not stored: they are
computed from the activity lines with the cluster's factor table, so that a corrected or
added factor applies everywhere and every figure can show the rows it used.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greencluster.core.impact import METRICS
from greencluster.core.impact.goals import TARGET_KINDS
from greencluster.core.impact.problem import KINDS


class KpiReport(models.Model):
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, related_name="kpi_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    turnover_eur = models.DecimalField(
        _("turnover (EUR)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    export_eur = models.DecimalField(
        _("export (EUR)"), max_digits=16, decimal_places=0, null=True, blank=True
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    is_demo = models.BooleanField(default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="unique_kpi_report")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}"


class KpiActivity(models.Model):
    """One activity line of a report (see ``greencluster.core.impact.problem``)."""

    report = models.ForeignKey(KpiReport, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20, choices=[(k, k) for k in KINDS])
    type = models.CharField(max_length=120, blank=True)
    quantity = models.FloatField()
    unit = models.CharField(max_length=20)
    region = models.CharField(max_length=10, blank=True)
    boiler_size = models.CharField(max_length=10, blank=True)
    direction = models.CharField(max_length=5, blank=True)
    ownership = models.CharField(max_length=15, blank=True)
    ewc_code = models.CharField(max_length=10, blank=True)
    treatment = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["report", "position", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.type} {self.quantity:g} {self.unit}"


class FactorOverride(models.Model):
    """A cluster's own emission factor, replacing or adding to the shipped table."""

    cluster = models.ForeignKey(
        "registry.Cluster", on_delete=models.CASCADE, related_name="factor_overrides"
    )
    key = models.CharField(_("factor key"), max_length=160)
    gas = models.CharField(_("gas"), max_length=20)
    value = models.FloatField(_("value"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=40)
    scope = models.CharField(_("scope"), max_length=5, blank=True)
    category = models.CharField(_("category"), max_length=60, blank=True)
    region = models.CharField(_("region"), max_length=10, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    source_ref = models.CharField(_("source reference"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=120, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cluster", "key", "gas"]

    def __str__(self) -> str:
        return f"{self.cluster.slug}: {self.key} {self.gas} {self.value} {self.unit}"


class Goal(models.Model):
    cluster = models.ForeignKey("registry.Cluster", on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("title"), max_length=200)
    metric = models.CharField(_("metric"), max_length=40, choices=list(METRICS.items()))
    base_year = models.PositiveSmallIntegerField(_("base year"))
    target_year = models.PositiveSmallIntegerField(_("target year"))
    target_kind = models.CharField(
        _("target kind"), max_length=10, choices=[(k, k) for k in TARGET_KINDS]
    )
    target_value = models.FloatField(_("target"))
    is_demo = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cluster", "target_year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_year__gt=models.F("base_year")),
                name="goal_target_after_base",
            )
        ]

    def __str__(self) -> str:
        return self.title
