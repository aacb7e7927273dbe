"""Writes of the impact app. Each checks the viewer's permission, writes in one transaction
and records an audit entry. Report values are confidential: the audit log records that a
report changed, never its figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from greencluster.core.errors import InputError, RowError
from greencluster.core.impact import (
    ACTIVITY_FIELDS,
    FactorRowError,
    GoalError,
    ReportData,
    activity_problems,
    factor_row_from_mapping,
    read_reports,
)
from greencluster.core.impact import Goal as CoreGoal
from greencluster.core.impact.factors import override_origin
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.audit.services import audit_record
from greencluster.web.common.columns import column_errors
from greencluster.web.common.errors import ServiceError
from greencluster.web.impact.models import FactorOverride, Goal, KpiActivity, KpiReport
from greencluster.web.impact.selectors import can_file_report, validation_table
from greencluster.web.registry.models import Cluster, Organisation


class ImpactError(ServiceError):
    """A write refused for a reason the user can fix; ``field`` names the form field."""


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value)))


def _check(organisation: Organisation, data: ReportData) -> None:
    table = validation_table(organisation)
    errors = []
    for index, activity in enumerate(data.activities, start=1):
        for column, message in activity_problems(activity, table):
            errors.append(RowError(activity.row or index, column, message))
    errors += _column_errors(data)
    if errors:
        raise InputError(errors, source=f"{organisation.name} {data.year}")


def _column_errors(data: ReportData) -> list[RowError]:
    """Figures and activity texts that do not fit their columns (a region or treatment that
    the checks of the activity's kind do not look at may hold any text)."""
    figures = {
        "turnover_eur": data.turnover_eur,
        "export_eur": data.export_eur,
        "employees": data.employees,
    }
    return column_errors(None, KpiReport, figures) + [
        error
        for index, a in enumerate(data.activities, start=1)
        for error in column_errors(
            a.row or index, KpiActivity, {f: getattr(a, f) for f in ACTIVITY_FIELDS}
        )
    ]


def _write(viewer: Viewer, organisation: Organisation, data: ReportData, demo: bool) -> KpiReport:
    report, created = KpiReport.objects.update_or_create(
        organisation=organisation,
        year=data.year,
        defaults={
            "turnover_eur": _decimal(data.turnover_eur),
            "export_eur": _decimal(data.export_eur),
            "employees": data.employees,
            "is_demo": demo,
            "submitted_by": viewer.user if viewer.is_authenticated else None,
        },
    )
    report.activities.all().delete()
    KpiActivity.objects.bulk_create(
        KpiActivity(report=report, position=position, **{f: getattr(a, f) for f in ACTIVITY_FIELDS})
        for position, a in enumerate(data.activities)
    )
    audit_record(
        actor=viewer.user or viewer.username,
        action="impact.report_created" if created else "impact.report_replaced",
        target=report,
        changes={"year": data.year, "lines": len(data.activities), "figures": "(changed)"},
    )
    return report


@transaction.atomic
def kpi_report_save(
    *, viewer: Viewer, organisation: Organisation, data: ReportData, demo: bool = False
) -> KpiReport:
    """Create or replace ``organisation``'s report for ``data.year`` (all lines at once)."""
    if not can_file_report(viewer, organisation):
        raise PermissionDenied("you may not file reports for this organisation")
    _check(organisation, data)
    return _write(viewer, organisation, data, demo)


@transaction.atomic
def kpi_report_import(
    *, viewer: Viewer, organisation: Organisation, data: bytes, filename: str
) -> list[KpiReport]:
    """Import a CSV/XLSX/JSON report file (one or more years), all or nothing: any row
    error raises :class:`InputError` before anything is written."""
    if not can_file_report(viewer, organisation):
        raise PermissionDenied("you may not file reports for this organisation")
    reports = read_reports(data, name=filename, table=validation_table(organisation))
    errors = [e for year in sorted(reports) for e in _column_errors(reports[year])]
    if errors:
        raise InputError(errors, source=filename)
    return [_write(viewer, organisation, reports[year], False) for year in sorted(reports)]


def _manage(viewer: Viewer, cluster: Cluster) -> None:
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators may do this")


@transaction.atomic
def factor_override_create(
    *, viewer: Viewer, cluster: Cluster, values: dict[str, Any]
) -> FactorOverride:
    """Add a cluster factor (validated like a factor-table row; a source is required)."""
    _manage(viewer, cluster)
    try:
        row = factor_row_from_mapping(
            {k: ("" if v is None else str(v)) for k, v in values.items()},
            origin=override_origin(cluster.slug),
        )
    except FactorRowError as exc:
        raise ImpactError(str(exc), field=exc.column) from None
    override = FactorOverride.objects.create(
        cluster=cluster,
        key=row.key,
        gas=row.gas,
        value=row.value,
        unit=row.unit,
        scope=row.scope,
        category=row.category,
        region=row.region,
        year=row.year,
        source=row.source,
        source_ref=row.source_ref,
        licence=row.licence,
        note=row.note,
        created_by=viewer.user if viewer.is_authenticated else None,
    )
    audit_record(
        actor=viewer.user or viewer.username,
        action="impact.factor_override_created",
        target=override,
        cluster=cluster,
        changes={k: v for k, v in row.as_dict().items() if k != "ident"},
    )
    return override


@transaction.atomic
def factor_override_delete(*, viewer: Viewer, override: FactorOverride) -> None:
    _manage(viewer, override.cluster)
    audit_record(
        actor=viewer.user or viewer.username,
        action="impact.factor_override_deleted",
        target=override,
        cluster=override.cluster,
        changes={"key": override.key, "gas": override.gas, "value": override.value},
    )
    override.delete()


@transaction.atomic
def goal_create(
    *,
    viewer: Viewer,
    cluster: Cluster,
    title: str,
    metric: str,
    base_year: int,
    target_year: int,
    target_kind: str,
    target_value: float,
    demo: bool = False,
) -> Goal:
    _manage(viewer, cluster)
    try:
        CoreGoal(metric, base_year, target_year, target_kind, target_value)
    except GoalError as exc:
        raise ImpactError(str(exc), field="target_year") from None
    goal = Goal.objects.create(
        cluster=cluster,
        title=title.strip(),
        metric=metric,
        base_year=base_year,
        target_year=target_year,
        target_kind=target_kind,
        target_value=target_value,
        is_demo=demo,
        created_by=viewer.user if viewer.is_authenticated else None,
    )
    audit_record(
        actor=viewer.user or viewer.username,
        action="impact.goal_created",
        target=goal,
        cluster=cluster,
        changes={
            "metric": metric,
            "base_year": base_year,
            "target_year": target_year,
            "target": f"{target_value:g} ({target_kind})",
        },
    )
    return goal


@transaction.atomic
def goal_delete(*, viewer: Viewer, goal: Goal) -> None:
    _manage(viewer, goal.cluster)
    audit_record(
        actor=viewer.user or viewer.username,
        action="impact.goal_deleted",
        target=goal,
        cluster=goal.cluster,
        changes={"title": goal.title},
    )
    goal.delete()
