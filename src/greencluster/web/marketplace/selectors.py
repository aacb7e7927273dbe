"""Reads of the marketplace, each checked against the viewer."""

from __future__ import annotations

from greencluster.core.impact.avoided import RealisedExchange
from greencluster.web.registry.models import Cluster


def realised_exchanges(*, cluster: Cluster, year: int) -> list[RealisedExchange]:
    """Realised exchanges of the cluster's deals in ``year`` (one per deal, ``ref`` unique
    per deal), for the impact app's avoided emissions."""
    return []
