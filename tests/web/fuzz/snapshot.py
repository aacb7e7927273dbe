"""A full picture of the database, to prove that a refused import wrote nothing."""

from __future__ import annotations

from typing import Any

from django.apps import apps

Snapshot = dict[str, list[dict[str, Any]]]


def database_snapshot() -> Snapshot:
    """Every row of every table (many-to-many tables too), in primary-key order."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }


def changed_tables(before: Snapshot, after: Snapshot) -> list[str]:
    return sorted(label for label in before if before[label] != after[label])


class DatabaseStates:
    """The database state between the examples of one property test: what one example leaves
    is what the next one starts from, so one snapshot per example is enough. Forgotten when
    an example fails with an exception (it may have left anything behind)."""

    def __init__(self) -> None:
        self._last: Snapshot | None = None

    def before(self) -> Snapshot:
        state = self._last if self._last is not None else database_snapshot()
        self._last = None
        return state

    def after(self) -> Snapshot:
        self._last = database_snapshot()
        return self._last
