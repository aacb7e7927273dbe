"""Hooks that installed apps offer each other by convention: a function of a given name in a
module of a given name (``greencluster.web.<app>.<module>.<function>``), found among the
installed apps in their settings order."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.conf import settings


def app_hooks(module: str, function: str) -> list[Callable[..., Any]]:
    """``function`` of every installed GreenCluster app's ``module`` that defines it."""
    found = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("greencluster.web."):
            continue
        name = f"{app}.{module}"
        if find_spec(name) is None:
            continue
        hook = getattr(import_module(name), function, None)
        if callable(hook):
            found.append(hook)
    return found
