"""Demo data of the network app for `make run`: one stored analysis per demo cluster, computed
from whatever relations the demo holds (shared mini-clusters, typical industry relations and,
once other apps provide them, flows, meetings and agreements)."""

from __future__ import annotations

from greencluster.web.network.services import network_run_request
from greencluster.web.registry.demo import SYSTEM
from greencluster.web.registry.models import Cluster


def load(passwords: dict[str, str]) -> None:
    """Load the demo; called once by `load_demo` after the registry demo."""
    for cluster in Cluster.objects.filter(is_demo=True).order_by("name"):
        network_run_request(viewer=SYSTEM, cluster=cluster)
