"""Commands that work on an installation's database (``GREENCLUSTER_VAR_DIR`` or
``DATABASE_URL``, as the web app), with the rights of the installation's operator: audit
entries name "command line" as the actor."""

from __future__ import annotations

import os
from typing import Any

from greencluster.cli.common import fail


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencluster.web.config.settings")
    import django

    django.setup()


def cluster_or_exit(slug: str) -> Any:
    """The cluster with ``slug``; otherwise exit 2 naming the clusters there are."""
    from greencluster.web.registry.models import Cluster

    cluster = Cluster.objects.filter(slug=slug).first()
    if cluster is None:
        known = ", ".join(Cluster.objects.values_list("slug", flat=True)) or "none"
        raise fail(f"no cluster '{slug}' (known: {known})")
    return cluster


def operator() -> Any:
    from greencluster.web.accounts.permissions import system_viewer

    return system_viewer("command line")
