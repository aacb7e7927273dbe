"""Whether values fit the database columns they are going to, checked before an import writes.

A text longer than its column, or a number outside its column's range, is refused by
PostgreSQL (and only silently stored by SQLite); an import reports it as a row error instead,
the same on both databases.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from greencluster.core.errors import RowError
from greencluster.core.tables import text_problem

# The ranges of the SQL integer types (SQLite would take any 64-bit integer).
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges


def column_problem(field: models.Field[Any, Any], value: Any) -> str | None:
    """Why ``value`` does not fit ``field``'s column, or ``None``."""
    if isinstance(value, str):
        if (problem := text_problem(value)) is not None:
            return problem
        if field.max_length is not None and len(value) > field.max_length:
            return f"expected at most {field.max_length} characters, got {len(value)}"
    elif isinstance(field, models.IntegerField) and isinstance(value, int):
        low, high = INTEGER_RANGES[field.get_internal_type()]
        if not low <= value <= high:
            return f"expected a whole number from {low} to {high}, got {value}"
    elif isinstance(field, models.DecimalField) and isinstance(value, int | float | Decimal):
        digits = field.max_digits - field.decimal_places  # type: ignore[operator]
        if abs(value) >= 10**digits:
            return f"expected a number below 1e{digits}, got {value:g}"
    return None


def column_errors(
    row: int | None,
    model: type[models.Model],
    values: Mapping[str, Any],
    fields: Mapping[str, str] | None = None,
) -> list[RowError]:
    """Row errors for the ``values`` (by file column) that do not fit their columns of
    ``model``; ``fields`` maps a file column to its model field where the names differ."""
    errors = []
    for column, value in values.items():
        if value is None:
            continue
        field = model._meta.get_field((fields or {}).get(column, column))
        problem = column_problem(field, value)  # type: ignore[arg-type]
        if problem is not None:
            errors.append(RowError(row, column, problem))
    return errors
