"""Stored network analyses of a cluster and the coordinators' decisions on them.

An analysis is computed from the edges every installed app provides (``<app>.network``
modules) and stored as one :class:`NetworkRun` per computation, so that pages read the latest
run instead of recomputing. Coordinators confirm or reject suggested locomotives
(:class:`LocomotiveDecision`) and turn proposed value networks into registry mini-clusters
(:class:`ValueNetworkAdoption`, keyed by the members' hash so a later run with the same members
shows the adoption).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greencluster.web.registry.models import Cluster, MiniCluster, Organisation


class NetworkRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        FINISHED = "finished", _("Finished")
        FAILED = "failed", _("Failed")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="network_runs")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    seed = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    node_count = models.PositiveIntegerField(default=0)
    edge_count = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0.0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["cluster", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.cluster} {self.created_at:%Y-%m-%d %H:%M}"


class LocomotiveDecision(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status)
    note = models.CharField(_("note"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "organisation"], name="unique_locomotive_decision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.cluster}: {self.status}"


class ValueNetworkAdoption(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=20)
    mini_cluster = models.ForeignKey(
        MiniCluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    run = models.ForeignKey(
        NetworkRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "key"], name="unique_value_network_adoption")
        ]

    def __str__(self) -> str:
        return f"{self.cluster} {self.key}"
