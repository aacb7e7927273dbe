"""Funder reports and the ECCP-style cluster profile, as rows for XLSX, CSV (and the PDF).

Everything here comes from the selectors' safe aggregates: a funder report never contains a
member's own figures, only cluster aggregates above the minimum group size, so it may be
shared outside the cluster. Only coordinators may produce it (it names the cluster's goals
and progress before publication).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from greencluster.core.impact import METRICS, avoided_emissions
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.common.spreadsheets import text_cells
from greencluster.web.impact import labels, selectors
from greencluster.web.registry.models import Cluster, Organisation, OrganisationActivity

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "pdf": "application/pdf",
}
NOT_AVAILABLE = "not available: the {module} module is not installed yet"


@dataclass
class FunderReport:
    cluster: Cluster
    year: int
    members: dict[str, Any]
    year_view: selectors.ClusterYear | None
    goals: list[selectors.GoalView]
    avoided: list[Any] | None

    def sections(self) -> list[tuple[str, list[list[Any]]]]:
        """(title, rows) pairs; the first row of each is its header."""
        m = self.members
        members = [[_("Group"), _("Value"), _("Members")]]
        members.append([_("All members"), "", m["total"]])
        members += [[_("Type"), k, v] for k, v in m["by_type"].items()]
        members += [[_("Country"), k, v] for k, v in m["by_country"].items()]
        members += [[_("Company size"), k, v] for k, v in m["by_size"].items()]
        kpis = [[_("Metric"), _("Value"), _("Contributing members"), _("Note")]]
        if self.year_view is not None:
            yv = self.year_view
            for metric in METRICS:
                label = labels.metric(metric)
                if metric in yv.ratios:
                    kpis.append([label, yv.ratios[metric], "", ""])
                    continue
                agg = yv.metrics[metric]
                note = (
                    _("hidden: fewer than %(k)d members") % {"k": yv.min_group}
                    if agg.suppressed
                    else ""
                )
                kpis.append([label, agg.value, agg.contributors, note])
            for category, agg in yv.categories.items():
                kpis.append(
                    [
                        labels.category(category),
                        agg.value,
                        agg.contributors,
                        _("hidden") if agg.suppressed else "",
                    ]
                )
        goals = [
            [_("Goal"), _("Year"), _("Actual"), _("Straight path"), _("Change %"), _("On track")]
        ]
        for gv in self.goals:
            if gv.problem:
                goals.append([gv.goal.title, "", "", "", "", gv.problem])
            for p in gv.points:
                goals.append([gv.goal.title, p.year, p.actual, p.path, p.change_pct, p.on_track])
        avoided = [[_("Exchange"), _("Avoided t CO2e"), _("How")]]
        if self.avoided is None:
            avoided.append([NOT_AVAILABLE.format(module="marketplace"), "", ""])
        else:
            avoided.append(_avoided_total_row(self))
        activities = [[_("Item"), _("Value")]]
        for item, module in (
            (_("Activities and participants"), "events"),
            (_("Meetings and agreements"), "events"),
            (_("Deals and realised exchanges"), "marketplace"),
        ):
            activities.append([item, NOT_AVAILABLE.format(module=module)])
        factors = [
            [
                _("Key"),
                _("Gas"),
                _("Value"),
                _("Unit"),
                _("Source"),
                _("Year"),
                _("Licence"),
                _("Members"),
            ]
        ]
        if self.year_view is not None:
            for row, n in self.year_view.factor_rows:
                source = f"{row.source}; {row.source_ref}" if row.source_ref else row.source
                factors.append(
                    [row.key, row.gas, row.value, row.unit, source, row.year, row.licence, n]
                )
        return [
            (_("Members"), members),
            (_("KPI aggregates %(year)d") % {"year": self.year}, kpis),
            (_("Goals and progress"), goals),
            (_("Avoided emissions (outside the inventory)"), avoided),
            (_("Activities, meetings, deals"), activities),
            (_("Emission factors used"), factors),
        ]


def _avoided_total_row(report: FunderReport) -> list[Any]:
    """One row for the report: the sum over the year's realised exchanges. Per exchange, the
    avoided tonnes divided by the shipped factor would give away a deal's confidential
    quantity, so the sum is shown only over at least the minimum group size of exchanges."""
    figures = [a.avoided_t_co2e for a in report.avoided or [] if a.avoided_t_co2e is not None]
    k = selectors.min_group_size()
    label = _("%(n)d realised exchanges") % {"n": len(figures)}
    if not figures:
        return [label, 0.0, ""]
    if len(figures) < k:
        return [label, "", _("hidden: fewer than %(k)d exchanges") % {"k": k}]
    return [
        label,
        sum(figures),
        _(
            "sum over the exchanges of the realised quantity × the factor of what it replaces, "
            "minus transport; per-exchange figures stay in the marketplace"
        ),
    ]


def funder_report(viewer: Viewer, cluster: Cluster, year: int) -> FunderReport:
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators may produce funder reports")
    years = selectors.cluster_years(cluster)
    exchanges = selectors.realised_exchanges(cluster, year)
    avoided = (
        None
        if exchanges is None
        else avoided_emissions(exchanges, selectors.factor_table_for(cluster))
    )
    return FunderReport(
        cluster,
        year,
        selectors.member_summary(cluster),
        years.get(year),
        selectors.goal_views(cluster, years),
        avoided,
    )


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if value is None:
        return ""
    return value


def to_csv(report: FunderReport) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([report.cluster.name, report.year])
    for title, rows in report.sections():
        writer.writerow([])
        writer.writerow([title])
        for row in rows:
            writer.writerow([_cell(v) for v in row])
    return buf.getvalue().encode("utf-8")


def to_xlsx(report: FunderReport) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import LineChart, Reference

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in report.sections():
        ws = wb.create_sheet(title[:31].replace("/", "-"))
        for row in rows:
            ws.append(text_cells(ws, [_cell(v) for v in row]))
    for gv in report.goals:
        if not gv.points:
            continue
        ws = wb.create_sheet(f"Chart {gv.goal.pk}"[:31])
        ws.append([_("Year"), _("Actual"), _("Straight path")])
        for p in gv.points:
            ws.append([p.year, _cell(p.actual) or None, round(p.path, 3)])
        chart = LineChart()
        chart.title = gv.goal.title
        data = Reference(ws, min_col=2, max_col=3, min_row=1, max_row=len(gv.points) + 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(gv.points) + 1))
        ws.add_chart(chart, "E2")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---- ECCP-style cluster profile ---------------------------------------------------------


def eccp_profile(viewer: Viewer, cluster: Cluster) -> list[tuple[str, Any]]:
    """The profile fields the European Cluster Collaboration Platform asks for (cluster
    organisation, location, contact, members by type, sectors), from the registry."""
    if not viewer.can_manage_cluster(cluster.pk):
        raise PermissionDenied("only the cluster's coordinators may export its profile")
    orgs = Organisation.objects.filter(memberships__cluster=cluster).distinct()
    summary = selectors.member_summary(cluster)
    types = {t: 0 for t, _label in Organisation.Type.choices}
    for org in orgs:
        types[org.org_type] += 1
    sme = summary["by_size"].get("SME", 0)
    large = summary["by_size"].get("large", 0)
    codes = OrganisationActivity.objects.filter(organisation__in=orgs, is_main=True).values_list(
        "code", flat=True
    )
    divisions: dict[str, int] = {}
    for code in codes:
        divisions[code[:2]] = divisions.get(code[:2], 0) + 1
    top = sorted(divisions.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    return [
        ("cluster_name", cluster.name),
        ("country", cluster.country),
        ("region", cluster.region),
        ("website", cluster.website),
        ("contact_name", cluster.contact_name),
        ("contact_email", cluster.contact_email),
        ("description", (cluster.descriptions or {}).get("en", "")),
        ("strategy", cluster.strategy),
        ("members_total", summary["total"]),
        ("members_companies", types["company"]),
        ("members_sme", sme),
        ("members_large_companies", large),
        ("members_research", types["research"]),
        ("members_education_training", types["training"]),
        ("members_public_authorities", types["public"]),
        ("members_financiers", types["financier"]),
        ("members_associations_other", types["association"]),
        ("main_sectors_nace_divisions", "; ".join(f"{d} ({n})" for d, n in top)),
        ("countries_of_members", "; ".join(summary["by_country"])),
    ]


def eccp_csv(rows: list[tuple[str, Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["field", "value"])
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")
