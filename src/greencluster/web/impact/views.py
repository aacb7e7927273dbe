"""Pages of the impact app: thin translations of requests into selector/service calls."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greencluster.core.errors import InputError
from greencluster.core.impact import ACTIVITY_FIELDS, METRICS, FactorTable, account, kpi_values
from greencluster.core.impact.catalog import FREIGHT_MODES
from greencluster.web.accounts.permissions import PermissionDenied, viewer_for
from greencluster.web.common.errors import add_form_error
from greencluster.web.impact import exports, labels, pdf, selectors, services
from greencluster.web.impact.forms import (
    DATALISTS,
    ActivityFormSet,
    FactorOverrideForm,
    GoalForm,
    ReportForm,
    UploadForm,
    report_data,
)
from greencluster.web.impact.models import FactorOverride, Goal, KpiReport
from greencluster.web.registry.models import Cluster, Organisation
from greencluster.web.registry.selectors import managed_cluster_get


def index(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    clusters = Cluster.objects.order_by("name")
    organisations = Organisation.objects.filter(pk__in=viewer.organisation_ids).order_by("name")
    return render(
        request,
        "impact/index.html",
        {"clusters": clusters, "organisations": organisations, "viewer": viewer},
    )


def _year(request: HttpRequest, years: list[int]) -> int | None:
    raw = request.GET.get("year", "")
    if raw.isdecimal() and int(raw) in years:
        return int(raw)
    return years[-1] if years else None


def cluster_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = get_object_or_404(Cluster, slug=slug)
    viewer = viewer_for(request.user)
    rows = selectors.cluster_member_years(cluster)
    years = selectors.cluster_years(cluster, rows)
    year = _year(request, sorted(years))
    current = years.get(year) if year else None
    can_manage = viewer.can_manage_cluster(cluster.pk)
    goals = selectors.goal_views(cluster, years)
    contributions = (
        {gv.goal.pk: selectors.member_contributions(viewer, cluster, gv.goal, rows) for gv in goals}
        if can_manage
        else {}
    )
    return render(
        request,
        "impact/cluster.html",
        {
            "cluster": cluster,
            "years": sorted(years),
            "year": year,
            "current": current,
            "metric_rows": _metric_rows(current),
            "category_rows": _category_rows(current),
            "type_rows": _type_rows(current),
            "goals": [(gv, contributions.get(gv.goal.pk, [])) for gv in goals],
            "can_manage": can_manage,
            "min_group": selectors.min_group_size(),
            "marketplace_installed": selectors.marketplace_installed(),
        },
    )


def _metric_rows(current: selectors.ClusterYear | None) -> list[dict[str, object]]:
    if current is None:
        return []
    rows = []
    for metric in METRICS:
        if metric in current.ratios:
            rows.append(
                {"label": labels.metric(metric), "value": current.ratios[metric], "ratio": True}
            )
        else:
            agg = current.metrics[metric]
            rows.append({"label": labels.metric(metric), "agg": agg, "value": agg.value})
    return rows


def _category_rows(current: selectors.ClusterYear | None) -> list[dict[str, object]]:
    if current is None:
        return []
    return [
        {"label": labels.category(name), "agg": agg}
        for name, agg in current.categories.items()
        if agg.reporters
    ]


def _type_rows(current: selectors.ClusterYear | None) -> list[dict[str, object]]:
    if current is None:
        return []
    names = dict(Organisation.Type.choices)
    return [{"label": names.get(t, t), "agg": agg} for t, agg in sorted(current.by_type.items())]


def _organisation(request: HttpRequest, slug: str) -> Organisation:
    org = get_object_or_404(
        Organisation.objects.prefetch_related("memberships__cluster"), slug=slug
    )
    if not selectors.can_see_reports(viewer_for(request.user), org):
        raise PermissionDenied("only the organisation and its coordinators see its reports")
    return org


@login_required
def organisation_reports(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation(request, slug)
    viewer = viewer_for(request.user)
    cluster = selectors.context_cluster(org, request.GET.get("cluster"))
    rows = []
    table = selectors.factor_table_for(cluster)
    for report in selectors.organisation_reports(viewer, org):
        inventory = account(selectors.member_report(report), table)
        rows.append(
            {
                "report": report,
                "scope1": inventory.scope_t("1"),
                "scope2": inventory.scope_t("2"),
                "scope3": inventory.scope_t("3"),
                "missing": len(inventory.missing),
            }
        )
    return render(
        request,
        "impact/organisation.html",
        {
            "org": org,
            "rows": rows,
            "cluster": cluster,
            "can_file": selectors.can_file_report(viewer, org),
        },
    )


@login_required
def report_detail(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    org = _organisation(request, slug)
    viewer = viewer_for(request.user)
    try:
        report = selectors.report_get(viewer, org, year)
    except KpiReport.DoesNotExist:
        raise Http404 from None
    cluster = selectors.context_cluster(org, request.GET.get("cluster"))
    table = selectors.factor_table_for(cluster)
    inventory = account(selectors.member_report(report), table)
    return render(
        request,
        "impact/report.html",
        {
            "org": org,
            "report": report,
            "cluster": cluster,
            "clusters": [m.cluster for m in org.memberships.all()],
            "inventory": inventory,
            "kpis": [(labels.metric(k), v) for k, v in kpi_values(inventory, table).items()],
            "categories": [(labels.category(c), t) for c, t in inventory.categories().items()],
            "can_file": selectors.can_file_report(viewer, org),
        },
    )


def _datalists(table: FactorTable) -> dict[str, list[str]]:
    types = [*table.codes("fuel"), *FREIGHT_MODES, *table.codes("material")]
    return {**DATALISTS, "impact-types": types}


def _put_on_lines(exc: InputError, form: ReportForm, formset: Any) -> None:
    """Each problem the service found on its line and field (``row`` is the line, from 1)."""
    for error in exc.errors:
        if error.row is None and error.column in form.fields:
            form.add_error(error.column, error.message)
            continue
        if error.row is None or not 1 <= error.row <= len(formset.forms):
            form.add_error(None, str(error))
            continue
        line = formset.forms[error.row - 1]
        line.add_error(error.column if error.column in line.fields else None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, slug: str, year: int | None = None) -> HttpResponse:
    org = _organisation(request, slug)
    viewer = viewer_for(request.user)
    if not selectors.can_file_report(viewer, org):
        raise PermissionDenied("only the organisation's admins and coordinators file reports")
    initial: dict[str, object] = {"year": year}
    lines: list[dict[str, object]] = []
    if year is not None:
        report = KpiReport.objects.filter(organisation=org, year=year).first()
        if report is not None:
            initial.update(
                turnover_eur=report.turnover_eur,
                export_eur=report.export_eur,
                employees=report.employees,
            )
            lines = list(report.activities.values(*ACTIVITY_FIELDS))
    form = ReportForm(request.POST or None, initial=initial)
    formset = ActivityFormSet(request.POST or None, initial=lines, prefix="lines")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.kpi_report_save(
                viewer=viewer, organisation=org, data=report_data(form, formset)
            )
        except InputError as exc:
            _put_on_lines(exc, form, formset)
        else:
            messages.success(request, _("Report saved."))
            return redirect("impact:report", slug=org.slug, year=form.cleaned_data["year"])
    return render(
        request,
        "impact/report_form.html",
        {
            "org": org,
            "form": form,
            "formset": formset,
            "datalists": _datalists(selectors.validation_table(org)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_upload(request: HttpRequest, slug: str) -> HttpResponse:
    org = _organisation(request, slug)
    viewer = viewer_for(request.user)
    if not selectors.can_file_report(viewer, org):
        raise PermissionDenied("only the organisation's admins and coordinators file reports")
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            reports = services.kpi_report_import(
                viewer=viewer, organisation=org, data=upload.read(), filename=upload.name
            )
        except InputError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Imported the reports of %(years)s.")
                % {"years": ", ".join(str(r.year) for r in reports)},
            )
            return redirect("impact:organisation", slug=org.slug)
    return render(request, "impact/upload.html", {"org": org, "form": form, "errors": errors})


def _managed(request: HttpRequest, slug: str) -> Cluster:
    return managed_cluster_get(viewer_for(request.user), slug)


def factors(request: HttpRequest, slug: str) -> HttpResponse:
    """The factor table in use for a cluster (public: factors are not confidential)."""
    cluster = get_object_or_404(Cluster, slug=slug)
    viewer = viewer_for(request.user)
    can_manage = viewer.can_manage_cluster(cluster.pk)
    form = FactorOverrideForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("only the cluster's coordinators may add factors")
        if form.is_valid():
            try:
                services.factor_override_create(
                    viewer=viewer, cluster=cluster, values=form.cleaned_data
                )
            except services.ImpactError as exc:
                add_form_error(form, exc)
            else:
                messages.success(request, _("Factor added."))
                return redirect("impact:factors", slug=cluster.slug)
    prefix = request.GET.get("q", "").strip()
    table = selectors.factor_table_for(cluster)
    rows = [r for r in table.rows if prefix.lower() in r.key.lower()] if prefix else []
    return render(
        request,
        "impact/factors.html",
        {
            "cluster": cluster,
            "overrides": selectors.factor_overrides(cluster),
            "rows": rows[:300],
            "q": prefix,
            "form": form,
            "can_manage": can_manage,
            "version": table.version,
        },
    )


@login_required
@require_http_methods(["POST"])
def factor_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cluster = _managed(request, slug)
    override = get_object_or_404(FactorOverride, pk=pk, cluster=cluster)
    services.factor_override_delete(viewer=viewer_for(request.user), override=override)
    messages.success(request, _("Factor removed."))
    return redirect("impact:factors", slug=cluster.slug)


@login_required
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _managed(request, slug)
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_create(
                viewer=viewer_for(request.user), cluster=cluster, **form.cleaned_data
            )
        except services.ImpactError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Goal added."))
            return redirect("impact:cluster", slug=cluster.slug)
    return render(request, "impact/goal_form.html", {"cluster": cluster, "form": form})


@login_required
@require_http_methods(["POST"])
def goal_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    cluster = _managed(request, slug)
    goal = get_object_or_404(Goal, pk=pk, cluster=cluster)
    services.goal_delete(viewer=viewer_for(request.user), goal=goal)
    messages.success(request, _("Goal removed."))
    return redirect("impact:cluster", slug=cluster.slug)


@login_required
def funder_report(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    cluster = _managed(request, slug)
    years = selectors.cluster_report_years(cluster)
    year = _year(request, years) or 0
    report = exports.funder_report(viewer_for(request.user), cluster, year)
    body = {"csv": exports.to_csv, "xlsx": exports.to_xlsx, "pdf": pdf.funder_pdf}[fmt](report)
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{cluster.slug}-report-{year}.{fmt}"'
    return response


@login_required
def eccp_profile(request: HttpRequest, slug: str) -> HttpResponse:
    cluster = _managed(request, slug)
    body = exports.eccp_csv(exports.eccp_profile(viewer_for(request.user), cluster))
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{cluster.slug}-eccp-profile.csv"'
    return response
