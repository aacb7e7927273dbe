"""JSON API of the impact app. Cluster aggregates are readable by anyone (they are safe by
construction); members' reports need the organisation's users or its coordinators; uploads
need a token. The same selectors and services as the pages decide."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import File, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from greencluster.core.errors import InputError
from greencluster.core.impact import account
from greencluster.web.accounts.auth import request_viewer
from greencluster.web.accounts.permissions import PermissionDenied
from greencluster.web.common.api import ErrorOut, read_upload, row_errors, token_viewer
from greencluster.web.impact import selectors, services
from greencluster.web.registry.models import Cluster, Organisation

router = Router(tags=["impact"])


class AggregateOut(Schema):
    metric: str
    value: float | None
    contributors: int
    suppressed: bool


class ClusterYearOut(Schema):
    cluster: str
    year: int
    min_group_size: int
    reports: int
    metrics: list[AggregateOut]
    categories: list[AggregateOut]
    ratios: dict[str, float | None]


class FactorRowOut(Schema):
    ident: str
    key: str
    gas: str
    value: float | None
    unit: str
    scope: str
    category: str
    region: str
    year: int | None
    source: str
    source_ref: str
    licence: str
    origin: str


class FigureOut(Schema):
    scope: str
    category: str
    gas: str
    activity: str
    t_co2e: float | None
    steps: str
    missing: str
    rows: list[FactorRowOut]


class ReportOut(Schema):
    organisation: str
    year: int
    is_demo: bool
    factor_table: str
    scope1_t: float
    scope2_t: float
    scope3_t: float
    biogenic_t: float
    figures: list[FigureOut]


def _cluster(slug: str) -> Cluster:
    cluster = Cluster.objects.filter(slug=slug).first()
    if cluster is None:
        raise HttpError(404, "no such cluster")
    return cluster


def _aggs(items: dict[str, object]) -> list[AggregateOut]:
    return [
        AggregateOut(metric=k, value=a.value, contributors=a.contributors, suppressed=a.suppressed)  # type: ignore[attr-defined]
        for k, a in items.items()
    ]


@router.get(
    "/impact/clusters/{slug}/aggregates",
    response={200: ClusterYearOut, 404: ErrorOut},
    summary="Cluster KPI aggregates of a year (suppressed below the minimum group size)",
)
def cluster_aggregates(request: HttpRequest, slug: str, year: int) -> ClusterYearOut:
    cluster = _cluster(slug)
    cy = selectors.cluster_year(cluster, year)
    return ClusterYearOut(
        cluster=cluster.slug,
        year=year,
        min_group_size=cy.min_group,
        reports=cy.reporting,
        metrics=_aggs(dict(cy.metrics)),
        categories=_aggs(dict(cy.categories)),
        ratios=cy.ratios,
    )


@router.get(
    "/impact/organisations/{slug}/reports",
    response={200: list[ReportOut], 403: ErrorOut, 404: ErrorOut},
    summary="A member's KPI reports with every figure's factor rows (confidential)",
)
def organisation_reports(request: HttpRequest, slug: str, cluster: str = "") -> list[ReportOut]:
    viewer = request_viewer(request)
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise HttpError(404, "no such organisation")
    try:
        reports = selectors.organisation_reports(viewer, org)
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    table = selectors.factor_table_for(selectors.context_cluster(org, cluster or None))
    out = []
    for report in reports:
        inv = account(selectors.member_report(report), table)
        out.append(
            ReportOut(
                organisation=org.slug,
                year=report.year,
                is_demo=report.is_demo,
                factor_table=inv.table_version,
                scope1_t=inv.scope_t("1"),
                scope2_t=inv.scope_t("2"),
                scope3_t=inv.scope_t("3"),
                biogenic_t=inv.scope_t("memo"),
                figures=[FigureOut(**f.as_dict()) for f in inv.figures],  # type: ignore[arg-type]
            )
        )
    return out


class ProgressOut(Schema):
    year: int
    actual: float | None
    path: float
    change_pct: float | None
    on_track: bool | None


class GoalOut(Schema):
    id: int
    title: str
    metric: str
    base_year: int
    target_year: int
    target_kind: str
    target_value: float
    problem: str
    progress: list[ProgressOut]


@router.get(
    "/impact/clusters/{slug}/goals",
    response={200: list[GoalOut], 404: ErrorOut},
    summary="Cluster goals with year-by-year progress of the aggregate against the path",
)
def cluster_goals(request: HttpRequest, slug: str) -> list[GoalOut]:
    cluster = _cluster(slug)
    views = selectors.goal_views(cluster, selectors.cluster_years(cluster))
    return [
        GoalOut(
            id=v.goal.pk,
            title=v.goal.title,
            metric=v.goal.metric,
            base_year=v.goal.base_year,
            target_year=v.goal.target_year,
            target_kind=v.goal.target_kind,
            target_value=v.goal.target_value,
            problem=v.problem,
            progress=[
                ProgressOut(
                    year=p.year,
                    actual=p.actual,
                    path=p.path,
                    change_pct=p.change_pct,
                    on_track=p.on_track,
                )
                for p in v.points
            ],
        )
        for v in views
    ]


@router.get(
    "/impact/factors",
    response={200: list[FactorRowOut], 404: ErrorOut},
    summary="The emission-factor table (with a cluster's overrides when cluster is given)",
)
def factors(request: HttpRequest, prefix: str = "", cluster: str = "") -> list[FactorRowOut]:
    table = selectors.factor_table_for(_cluster(cluster) if cluster else None)
    return [
        FactorRowOut(**{k: v for k, v in r.as_dict().items() if k != "note"})  # type: ignore[arg-type]
        for r in table.rows
        if r.key.startswith(prefix)
    ]


class UploadOut(Schema):
    years: list[int]


@router.post(
    "/impact/organisations/{slug}/reports",
    response={201: UploadOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Upload KPI reports (CSV, XLSX or JSON rows), all or nothing",
)
def upload_reports(request: HttpRequest, slug: str, file: File[UploadedFile]) -> Status:
    viewer = token_viewer(request)
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise HttpError(404, "no such organisation")
    try:
        reports = services.kpi_report_import(
            viewer=viewer, organisation=org, data=read_upload(file), filename=file.name or "upload"
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except InputError as exc:
        return row_errors(exc, "{n} errors; nothing was saved")
    return Status(201, UploadOut(years=[r.year for r in reports]))
