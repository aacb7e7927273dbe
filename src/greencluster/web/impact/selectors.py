"""Reads of the impact app, scoped by what the viewer may see. Pages, API, exports and the
CLI call these; confidentiality is decided here once.

- A member's reports: the organisation's own users and its clusters' coordinators only.
- Cluster figures: aggregates over members, each shown only when at least
  ``settings.GREENCLUSTER["MIN_GROUP_SIZE"]`` members contribute, with complementary
  suppression between totals and their parts (``greencluster.core.impact.disclosure``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Max, Prefetch, QuerySet, Sum

from greencluster.core.impact import (
    ACTIVITY_FIELDS,
    ADDITIVE,
    Activity,
    Aggregate,
    FactorRow,
    FactorTable,
    GoalError,
    Inventory,
    MemberReport,
    ProgressPoint,
    RealisedExchange,
    account,
    aggregate,
    default_table,
    exposed_groups,
    kpi_values,
    progress,
    protect,
    ratios,
)
from greencluster.core.impact import Goal as CoreGoal
from greencluster.core.impact.factors import override_origin
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.impact.models import FactorOverride, Goal, KpiActivity, KpiReport
from greencluster.web.registry.models import Cluster, Membership, Organisation
from greencluster.web.registry.selectors import can_edit, can_see_confidential

SCOPE_CATEGORIES = {
    "1": ("stationary_combustion", "mobile_combustion"),
    "2": ("electricity_location", "heat_location"),
    "3": (
        "3.1_purchased_goods",
        "3.3_fuel_upstream",
        "3.4_upstream_transport",
        "3.5_waste",
        "3.9_downstream_transport",
    ),
}
SCOPE_METRIC = {"1": "co2_scope1_t", "2": "co2_scope2_t", "3": "co2_scope3_t"}


def min_group_size() -> int:
    return int(settings.GREENCLUSTER["MIN_GROUP_SIZE"])


# ---- factors ---------------------------------------------------------------------------


def override_row(o: FactorOverride) -> FactorRow:
    return FactorRow(
        key=o.key,
        gas=o.gas,
        value=o.value,
        unit=o.unit,
        scope=o.scope,
        category=o.category,
        region=o.region,
        year=o.year,
        source=o.source,
        source_ref=o.source_ref,
        licence=o.licence,
        note=o.note,
        origin=override_origin(o.cluster.slug),
    )


def factor_overrides(cluster: Cluster) -> QuerySet[FactorOverride]:
    return FactorOverride.objects.filter(cluster=cluster).select_related("cluster", "created_by")


def factor_table_for(cluster: Cluster | None) -> FactorTable:
    """The shipped table with ``cluster``'s overrides (the shipped table for ``None``)."""
    if cluster is None:
        return default_table()
    return default_table().with_overrides([override_row(o) for o in factor_overrides(cluster)])


def validation_table(organisation: Organisation) -> FactorTable:
    """Codes valid in ``organisation``'s reports: shipped ones and its clusters' own."""
    overrides = FactorOverride.objects.filter(
        cluster__memberships__organisation=organisation
    ).select_related("cluster")
    return default_table().with_overrides([override_row(o) for o in overrides])


# ---- member reports --------------------------------------------------------------------


def can_see_reports(viewer: Viewer, organisation: Organisation) -> bool:
    return can_see_confidential(viewer, organisation)


def can_file_report(viewer: Viewer, organisation: Organisation) -> bool:
    return can_edit(viewer, organisation)


def _reports() -> QuerySet[KpiReport]:
    return KpiReport.objects.select_related("organisation").prefetch_related(
        Prefetch("activities", queryset=KpiActivity.objects.order_by("position", "id"))
    )


def organisation_reports(viewer: Viewer, organisation: Organisation) -> list[KpiReport]:
    if not can_see_reports(viewer, organisation):
        raise PermissionDenied("only the organisation and its coordinators see its reports")
    return list(_reports().filter(organisation=organisation).order_by("-year"))


def report_get(viewer: Viewer, organisation: Organisation, year: int) -> KpiReport:
    if not can_see_reports(viewer, organisation):
        raise PermissionDenied("only the organisation and its coordinators see its reports")
    return _reports().get(organisation=organisation, year=year)


def member_report(report: KpiReport) -> MemberReport:
    return MemberReport(
        organisation=report.organisation.slug,
        year=report.year,
        country=report.organisation.country,
        turnover_eur=float(report.turnover_eur) if report.turnover_eur is not None else None,
        export_eur=float(report.export_eur) if report.export_eur is not None else None,
        employees=report.employees,
        activities=tuple(
            Activity(**{f: getattr(a, f) for f in ACTIVITY_FIELDS}, row=a.position + 1)
            for a in report.activities.all()
        ),
    )


def context_cluster(organisation: Organisation, slug: str | None) -> Cluster | None:
    """The cluster whose factor table a report is shown with: ``slug`` if the organisation
    is a member of it, else its first cluster."""
    memberships = Membership.objects.filter(organisation=organisation).select_related("cluster")
    clusters = [m.cluster for m in memberships.order_by("cluster__name")]
    chosen = next((c for c in clusters if c.slug == slug), None)
    return chosen or (clusters[0] if clusters else None)


# ---- cluster aggregates ----------------------------------------------------------------


@dataclass
class MemberYear:
    organisation: Organisation
    values: dict[str, float | None]
    categories: dict[str, float]
    inventory: Inventory


def cluster_member_years(
    cluster: Cluster, years: list[int] | None = None
) -> dict[int, list[MemberYear]]:
    """Every member's values per year (internal: never rendered per member for members).

    Accounting every member's reports takes seconds in a cluster of thousands of members, so
    the result is kept per process until anything it depends on changes (see
    :func:`_member_years_version`)."""
    key = (cluster.pk, tuple(sorted(years)) if years is not None else None)
    version = _member_years_version(cluster)
    with _MEMBER_YEARS_LOCK:
        cached = _MEMBER_YEARS.get(key)
        if cached is not None and cached[0] == version:
            _MEMBER_YEARS.move_to_end(key)
            return cached[1]
    result = _compute_member_years(cluster, years)
    with _MEMBER_YEARS_LOCK:
        _MEMBER_YEARS[key] = (version, result, {})
        while len(_MEMBER_YEARS) > MEMBER_YEARS_CACHED:
            _MEMBER_YEARS.popitem(last=False)
    return result


MEMBER_YEARS_CACHED = 16
_MEMBER_YEARS_LOCK = threading.Lock()
# (cluster, years) -> (version, member values, results derived from them)
_MEMBER_YEARS: OrderedDict[
    tuple[int, Any], tuple[tuple[Any, ...], dict[int, list[MemberYear]], dict[Any, Any]]
] = OrderedDict()


def _member_years_version(cluster: Cluster) -> tuple[Any, ...]:
    """What the member values depend on, in three aggregate queries: the members (who, and
    their last change), their reports (a report's lines are replaced with the report, which
    bumps its time) and the cluster's own factors."""
    members = Membership.objects.filter(cluster=cluster).aggregate(
        n=Count("id"), ids=Sum("organisation_id"), changed=Max("organisation__updated_at")
    )
    reports = KpiReport.objects.filter(organisation__memberships__cluster=cluster).aggregate(
        n=Count("id"), ids=Sum("id"), changed=Max("updated_at")
    )
    factors = FactorOverride.objects.filter(cluster=cluster).aggregate(n=Count("id"), ids=Sum("id"))
    return (
        tuple(sorted(members.items())),
        tuple(sorted(reports.items())),
        tuple(sorted(factors.items())),
    )


def _compute_member_years(cluster: Cluster, years: list[int] | None) -> dict[int, list[MemberYear]]:
    qs = _reports().filter(organisation__memberships__cluster=cluster).distinct()
    if years is not None:
        qs = qs.filter(year__in=years)
    table = factor_table_for(cluster)
    out: dict[int, list[MemberYear]] = defaultdict(list)
    for report in qs:
        inventory = account(member_report(report), table)
        out[report.year].append(
            MemberYear(
                report.organisation,
                kpi_values(inventory, table),
                inventory.categories(),
                inventory,
            )
        )
    return dict(out)


@dataclass
class ClusterYear:
    year: int
    reporting: int
    min_group: int
    metrics: dict[str, Aggregate]
    categories: dict[str, Aggregate]
    ratios: dict[str, float | None] = field(default_factory=dict)
    by_type: dict[str, Aggregate] = field(default_factory=dict)
    factor_rows: list[tuple[FactorRow, int]] = field(default_factory=list)
    rare_factor_rows: int = 0

    def value(self, metric: str) -> float | None:
        if metric in self.ratios:
            return self.ratios[metric]
        agg = self.metrics.get(metric)
        return agg.value if agg else None


def _by_member(rows: list[MemberYear], metric: str) -> dict[str, float | None]:
    return {str(r.organisation.pk): r.values.get(metric) for r in rows}


# Every CO2 figure that is the sum of others: (total, its parts). A shown total minus its
# shown parts gives the sum of the hidden ones, so each of these is protected.
CO2_RELATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    *((SCOPE_METRIC[s], names) for s, names in SCOPE_CATEGORIES.items()),
    ("co2_total_t", tuple(SCOPE_METRIC.values())),
    ("co2_scope12_t", ("co2_scope1_t", "co2_scope2_t")),
    ("co2_total_t", ("co2_scope12_t", "co2_scope3_t")),
)
# The categories each CO2 figure adds up.
CO2_CATEGORIES: dict[str, tuple[str, ...]] = {
    **{n: (n,) for names in SCOPE_CATEGORIES.values() for n in names},
    **{SCOPE_METRIC[s]: names for s, names in SCOPE_CATEGORIES.items()},
    "co2_scope12_t": SCOPE_CATEGORIES["1"] + SCOPE_CATEGORIES["2"],
    "co2_total_t": SCOPE_CATEGORIES["1"] + SCOPE_CATEGORIES["2"] + SCOPE_CATEGORIES["3"],
}


def _protect_co2(figures: dict[str, Aggregate], k: int) -> dict[str, Aggregate]:
    """``figures`` after complementary suppression over every relation of
    :data:`CO2_RELATIONS`, repeated until nothing changes (hiding a part for one relation
    can expose another), and with the categories of a hidden scope hidden (else their sum
    would give it)."""
    out = dict(figures)
    changed = True
    while changed:
        changed = False
        for total, parts in CO2_RELATIONS:
            new_total, new_parts = protect(out[total], {p: out[p] for p in parts}, k)
            updated = {total: new_total, **new_parts}
            changed |= any(out[n] != agg for n, agg in updated.items())
            out.update(updated)
    for scope, names in SCOPE_CATEGORIES.items():
        if out[SCOPE_METRIC[scope]].suppressed:
            for n in names:
                out[n] = out[n].hidden() if out[n].value is not None else out[n]
    return out


def _shown_cells(
    rows: list[MemberYear], figures: dict[str, Aggregate], by_type: dict[str, Aggregate]
) -> dict[str, frozenset[tuple[str, str]]]:
    """The non-zero (member, category) cells behind each shown CO2 figure and type total."""
    cells = {
        (str(r.organisation.pk), c)
        for r in rows
        for c, value in r.categories.items()
        if value and c in CO2_CATEGORIES
    }
    shown = {
        name: frozenset(x for x in cells if x[1] in CO2_CATEGORIES[name])
        for name, agg in figures.items()
        if name in CO2_CATEGORIES and agg.value is not None
    }
    for org_type, agg in by_type.items():
        if agg.value is not None:
            pks = {str(r.organisation.pk) for r in rows if r.organisation.org_type == org_type}
            shown[f"type:{org_type}"] = frozenset(x for x in cells if x[0] in pks)
    return shown


def cluster_year(cluster: Cluster, year: int, rows: list[MemberYear] | None = None) -> ClusterYear:
    """Aggregates of ``cluster`` for ``year`` that are safe to show to anyone."""
    k = min_group_size()
    if rows is None:
        rows = cluster_member_years(cluster, [year]).get(year, [])
    metrics = {m: aggregate(_by_member(rows, m), k) for m in ADDITIVE}
    categories = {
        n: aggregate({str(r.organisation.pk): r.categories.get(n) for r in rows}, k)
        for names in SCOPE_CATEGORIES.values()
        for n in names
    }
    protected = _protect_co2({**metrics, **categories}, k)
    metrics = {m: protected[m] for m in metrics}
    categories = {n: protected[n] for n in categories}
    parts_shown = {m: a.value for m, a in metrics.items()}
    derived = ratios(parts_shown)
    needs = {
        "material_intensity_t_per_meur": ("raw_material_t", "circular_input_t", "turnover_eur"),
        "circularity_rate": ("raw_material_t", "circular_input_t"),
    }
    for name, parts_needed in needs.items():
        if any(metrics[p].suppressed for p in parts_needed):
            derived[name] = None
    types: dict[str, dict[str, float | None]] = defaultdict(dict)
    for r in rows:
        types[r.organisation.org_type][str(r.organisation.pk)] = r.values.get("co2_total_t")
    by_type: dict[str, Aggregate] = {}
    if not metrics["co2_total_t"].suppressed and len(types) > 1:
        _total, by_type = protect(
            metrics["co2_total_t"], {t: aggregate(v, k) for t, v in types.items()}, k
        )
        # Type totals cut across the scopes: a type minus a scope can isolate a member.
        if exposed_groups(_shown_cells(rows, protected, by_type), k):
            by_type = {}
    used, rare = factor_rows_used(rows, k)
    return ClusterYear(year, len(rows), k, metrics, categories, derived, by_type, used, rare)


def factor_rows_used(rows: list[MemberYear], k: int) -> tuple[list[tuple[FactorRow, int]], int]:
    """The factor rows behind a year's aggregates with the number of members whose figures
    used each; rows used by fewer than ``k`` members are only counted (naming them would
    tell that a few members have that activity)."""
    members: dict[str, set[int]] = defaultdict(set)
    by_ident: dict[str, FactorRow] = {}
    for r in rows:
        for figure in r.inventory.figures:
            if figure.t_co2e is None:
                continue
            for row in figure.rows:
                by_ident[row.ident] = row
                members[row.ident].add(r.organisation.pk)
    shown = sorted(
        ((by_ident[i], len(m)) for i, m in members.items() if len(m) >= k),
        key=lambda item: (item[0].key, item[0].gas, item[0].unit),
    )
    return shown, sum(1 for m in members.values() if len(m) < k)


def cluster_report_years(cluster: Cluster) -> list[int]:
    return sorted(
        set(
            KpiReport.objects.filter(organisation__memberships__cluster=cluster).values_list(
                "year", flat=True
            )
        )
    )


def cluster_years(
    cluster: Cluster, rows: dict[int, list[MemberYear]] | None = None
) -> dict[int, ClusterYear]:
    rows = cluster_member_years(cluster) if rows is None else rows
    cached = _MEMBER_YEARS.get((cluster.pk, None))
    if cached is not None and cached[1] is rows:  # derived from the kept member values
        key = ("cluster_years", min_group_size())
        if key not in cached[2]:
            cached[2][key] = _cluster_years(cluster, rows)
        return cached[2][key]  # type: ignore[no-any-return]
    return _cluster_years(cluster, rows)


def _cluster_years(cluster: Cluster, rows: dict[int, list[MemberYear]]) -> dict[int, ClusterYear]:
    return {year: cluster_year(cluster, year, rows[year]) for year in sorted(rows)}


# ---- goals -----------------------------------------------------------------------------


@dataclass
class GoalView:
    goal: Goal
    points: list[ProgressPoint]
    problem: str = ""
    chart: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        from greencluster.web.impact.labels import metric

        return metric(self.goal.metric)


def goal_list(cluster: Cluster) -> QuerySet[Goal]:
    return Goal.objects.filter(cluster=cluster).order_by("target_year", "id")


def goal_views(cluster: Cluster, years: dict[int, ClusterYear]) -> list[GoalView]:
    out = []
    for goal in goal_list(cluster):
        actual = {y: cy.value(goal.metric) for y, cy in years.items()}
        core = CoreGoal(
            goal.metric, goal.base_year, goal.target_year, goal.target_kind, goal.target_value
        )
        try:
            points = progress(core, actual)
        except GoalError as exc:
            out.append(GoalView(goal, [], str(exc)))
            continue
        out.append(GoalView(goal, points, "", progress_chart(points)))
    return out


def progress_chart(
    points: list[ProgressPoint], width: int = 560, height: int = 220
) -> dict[str, Any]:
    """Coordinates of the actual line and the straight path, x to the right and y down from
    the top left corner (SVG's, and the PDF report's after scaling); margins left 70,
    bottom 30. ``path_points``/``actual_points`` hold what ``path``/``actual`` write out."""
    values = [p.path for p in points] + [p.actual for p in points if p.actual is not None]
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or 1.0
    low, high = low - 0.1 * span, high + 0.1 * span
    left, bottom, top, right = 70, height - 30, 10, width - 25
    step = (right - left) / max(len(points) - 1, 1)

    def y(v: float) -> float:
        return round(bottom - (v - low) / (high - low) * (bottom - top), 1)

    xs = [round(left + i * step, 1) for i in range(len(points))]
    path = [(x, y(p.path)) for x, p in zip(xs, points, strict=True)]
    actual = [(x, y(p.actual)) for x, p in zip(xs, points, strict=True) if p.actual is not None]
    return {
        "width": width,
        "height": height,
        "path": " ".join(f"{x},{yy}" for x, yy in path),
        "actual": " ".join(f"{x},{yy}" for x, yy in actual),
        "path_points": path,
        "actual_points": actual,
        "dots": [{"x": x, "y": yy} for x, yy in actual],
        "ticks": [{"x": x, "label": p.year} for x, p in zip(xs, points, strict=True)],
        "y_ticks": [{"y": y(v), "label": _compact(v)} for v in (low, (low + high) / 2, high)],
        "left": left,
        "bottom": bottom,
        "right": right,
        "top": top,
    }


def _compact(value: float) -> str:
    """Axis label with three significant figures: 3 520, 12.6 k, 134 M."""
    for limit, scale, suffix in ((1e9, 1e9, " G"), (1e6, 1e6, " M"), (1e4, 1e3, " k")):
        if abs(value) >= limit:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.4g}"


@dataclass
class Contribution:
    organisation: Organisation
    base: float | None
    latest_year: int | None
    latest: float | None

    @property
    def change(self) -> float | None:
        if self.base is None or self.latest is None:
            return None
        return self.latest - self.base


def member_contributions(
    viewer: Viewer,
    cluster: Cluster,
    goal: Goal,
    rows: dict[int, list[MemberYear]] | None = None,
) -> list[Contribution]:
    """Each member's base-year and latest value of the goal's metric: coordinators only."""
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators see members' contributions")
    rows = cluster_member_years(cluster) if rows is None else rows
    by_org: dict[int, dict[int, float | None]] = defaultdict(dict)
    orgs: dict[int, Organisation] = {}
    for year, members in rows.items():
        for r in members:
            orgs[r.organisation.pk] = r.organisation
            by_org[r.organisation.pk][year] = r.values.get(goal.metric)
    out = []
    for pk, values in by_org.items():
        later = [y for y in values if y > goal.base_year and values[y] is not None]
        latest_year = max(later) if later else None
        out.append(
            Contribution(
                orgs[pk],
                values.get(goal.base_year),
                latest_year,
                values[latest_year] if latest_year else None,
            )
        )
    return sorted(out, key=lambda c: c.organisation.name)


# ---- the marketplace link --------------------------------------------------------------


MARKETPLACE_APP = "greencluster.web.marketplace"


def marketplace_installed() -> bool:
    return apps.is_installed(MARKETPLACE_APP)


def realised_exchanges(cluster: Cluster, year: int) -> list[RealisedExchange] | None:
    """Realised exchanges of running deals in ``cluster`` and ``year``, for avoided
    emissions; ``None`` while the marketplace app is not installed.

    Contract for the marketplace: ``greencluster.web.marketplace.selectors.
    realised_exchanges(cluster=..., year=...)`` returns ``RealisedExchange`` objects (one
    per deal and year, ``ref`` unique per deal), with the displaced factor key chosen when
    the deal was agreed."""
    if not marketplace_installed():
        return None
    from importlib import import_module

    selectors = import_module(f"{MARKETPLACE_APP}.selectors")
    return list(selectors.realised_exchanges(cluster=cluster, year=year))


# ---- registry summaries for funder reports ---------------------------------------------


SME_MAX_EMPLOYEES = 250  # Commission Recommendation 2003/361/EC, Annex art. 2(1)
SME_MAX_TURNOVER_EUR = 50_000_000  # same article (or a balance sheet of at most EUR 43 M)


def member_summary(cluster: Cluster) -> dict[str, Any]:
    """Members by type, country and SME status (EU 2003/361/EC: fewer than 250 employees and
    a turnover of at most EUR 50 M; the balance-sheet alternative is not in the registry, so
    a larger turnover counts as large). Companies without a head-count are "unknown"."""
    orgs = list(Organisation.objects.filter(memberships__cluster=cluster).distinct())
    by_type: dict[str, int] = defaultdict(int)
    by_country: dict[str, int] = defaultdict(int)
    by_size: dict[str, int] = defaultdict(int)
    for org in orgs:
        by_type[org.get_org_type_display()] += 1
        by_country[org.country] += 1
        if org.org_type == Organisation.Type.COMPANY:
            if org.employees is None:
                by_size["unknown"] += 1
            else:
                small = org.employees < SME_MAX_EMPLOYEES and (
                    org.turnover_eur is None or org.turnover_eur <= SME_MAX_TURNOVER_EUR
                )
                by_size["SME" if small else "large"] += 1
    return {
        "total": len(orgs),
        "by_type": dict(sorted(by_type.items())),
        "by_country": dict(sorted(by_country.items())),
        "by_size": dict(sorted(by_size.items())),
    }
