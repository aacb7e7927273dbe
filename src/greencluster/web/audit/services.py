"""Recording audit entries. Services call :func:`audit_record` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from greencluster.web.accounts.permissions import Viewer
from greencluster.web.audit.models import AuditEntry

# Values of these fields are never written to the log, only the fact that they changed.
CONFIDENTIAL_FIELDS = frozenset({"turnover_eur", "export_eur", "employees", "password"})


def audit_record(
    *,
    actor: Any,
    action: str,
    target: models.Model,
    cluster: Any = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    """``actor`` is a :class:`Viewer` (a user, or the installation: "command line", "demo
    loader"), a user, a label or ``None`` (recorded as "system")."""
    redacted = {
        key: ("(changed)" if key in CONFIDENTIAL_FIELDS else value)
        for key, value in (changes or {}).items()
    }
    if isinstance(actor, Viewer):  # a user's roles, or the installation (CLI, demo loader)
        user = actor.user if actor.is_authenticated else None
        label = actor.username or "system"
    else:
        user = actor if getattr(actor, "is_authenticated", False) else None
        label = getattr(actor, "username", "") if user else (str(actor) if actor else "system")
    return AuditEntry.objects.create(
        actor=user,
        actor_label=label,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:250],
        cluster=cluster,
        changes=redacted,
    )


def diff(instance: models.Model, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Field changes ``{name: [old, new]}`` that setting ``values`` would make."""
    changes = {}
    for key, new in values.items():
        old = getattr(instance, key)
        if old != new:
            changes[key] = [_jsonable(old), _jsonable(new)]
    return changes


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)
