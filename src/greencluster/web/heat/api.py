"""JSON API of the heat planner (django-ninja): projects, their inputs and evaluations. Reads
accept a session or a token and show only projects the caller may see; writes need a token."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from greencluster.core.errors import InputError
from greencluster.web.accounts.auth import request_viewer
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.common.api import ErrorOut, RowErrorOut, read_upload, row_errors, token_viewer
from greencluster.web.heat import selectors, services
from greencluster.web.heat.models import HeatEvaluation, HeatProject
from greencluster.web.registry.models import Organisation

router = Router(tags=["heat"])


class ProjectSummaryOut(Schema):
    id: int
    name: str
    organisation: str
    organisation_name: str
    is_demo: bool
    customer_count: int
    evaluation_count: int


class HeatProjectOut(ProjectSummaryOut):
    inputs: dict[str, Any]
    problems: list[RowErrorOut]


class HeatProjectIn(Schema):
    organisation: str
    project: dict[str, Any]


class EvaluationSummaryOut(Schema):
    id: int
    project_id: int
    label: str
    created_at: datetime
    seconds: float
    connected_buildings: int
    min_energy_charge_eur_per_mwh: float | None
    npv_eur: float | None


class EvaluationOut(EvaluationSummaryOut):
    inputs: dict[str, Any]
    result: dict[str, Any]
    sensitivity: list[dict[str, Any]]


class RunIn(Schema):
    label: str = ""


class CustomersImportOut(Schema):
    customers: int


def _project(viewer: Viewer, pk: int, *, edit: bool = False) -> HeatProject:
    try:
        if edit:
            return selectors.project_get_for_edit(viewer, pk)
        return selectors.project_get(viewer, pk)
    except HeatProject.DoesNotExist:
        raise HttpError(404, "no such heat project") from None
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None


def _summary(project: HeatProject, customers: int, evaluations: int) -> dict[str, Any]:
    return {
        "id": project.pk,
        "name": project.name,
        "organisation": project.organisation.slug,
        "organisation_name": project.organisation.name,
        "is_demo": project.is_demo,
        "customer_count": customers,
        "evaluation_count": evaluations,
    }


def _project_out(project: HeatProject) -> HeatProjectOut:
    inputs = services.project_inputs(project)
    return HeatProjectOut(
        **_summary(project, len(inputs["customers"]), project.evaluations.count()),
        inputs=inputs,
        problems=[
            RowErrorOut(row=e.row, column=e.column, message=e.message)
            for e in services.project_problems(project, inputs)
        ],
    )


def _evaluation_summary(e: HeatEvaluation) -> dict[str, Any]:
    return {
        "id": e.pk,
        "project_id": e.project_id,
        "label": e.label,
        "created_at": e.created_at,
        "seconds": e.seconds,
        "connected_buildings": e.result["network"]["connected_buildings"],
        "min_energy_charge_eur_per_mwh": e.result["economics"]["min_energy_charge_eur_per_mwh"],
        "npv_eur": e.result["economics"]["npv_eur"],
    }


def _evaluation_out(e: HeatEvaluation) -> EvaluationOut:
    return EvaluationOut(
        **_evaluation_summary(e), inputs=e.inputs, result=e.result, sensitivity=e.sensitivity
    )


@router.get("/projects", response=list[ProjectSummaryOut], summary="Heat projects you may see")
def list_projects(request: HttpRequest) -> list[ProjectSummaryOut]:
    viewer = request_viewer(request)
    return [
        ProjectSummaryOut(**_summary(p, p.customer_count, p.evaluation_count))
        for p in selectors.project_list(viewer)
    ]


@router.post(
    "/projects",
    response={201: HeatProjectOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Create a project from a document in the TOML schema of docs/heat.md (as JSON)",
)
def create_project(request: HttpRequest, payload: HeatProjectIn) -> Status:
    viewer = token_viewer(request)
    organisation = Organisation.objects.filter(slug=payload.organisation).first()
    if organisation is None:
        raise HttpError(404, "no such organisation")
    try:
        project = services.heat_project_import(
            viewer=viewer, organisation=organisation, data=payload.project
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except InputError as exc:
        return row_errors(exc, "{n} errors; no project was created")
    return Status(201, _project_out(selectors.project_get(viewer, project.pk)))


@router.get("/projects/{pk}", response={200: HeatProjectOut, 403: ErrorOut, 404: ErrorOut})
def get_project(request: HttpRequest, pk: int) -> HeatProjectOut:
    return _project_out(_project(request_viewer(request), pk))


@router.post(
    "/projects/{pk}/customers",
    response={200: CustomersImportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Upload customers (CSV, XLSX or JSON), all or nothing",
)
def upload_customers(
    request: HttpRequest, pk: int, file: File[UploadedFile], replace: Form[bool] = True
) -> CustomersImportOut | Status:
    viewer = token_viewer(request)
    project = _project(viewer, pk, edit=True)
    try:
        count = services.heat_customers_import(
            viewer=viewer,
            project=project,
            data=read_upload(file),
            filename=file.name or "upload",
            replace=replace,
        )
    except InputError as exc:
        return row_errors(exc)
    return CustomersImportOut(customers=count)


@router.get(
    "/projects/{pk}/evaluations",
    response={200: list[EvaluationSummaryOut], 403: ErrorOut, 404: ErrorOut},
)
def list_evaluations(request: HttpRequest, pk: int) -> list[EvaluationSummaryOut]:
    project = _project(request_viewer(request), pk)
    return [
        EvaluationSummaryOut(**_evaluation_summary(e)) for e in selectors.evaluation_list(project)
    ]


@router.post(
    "/projects/{pk}/evaluations",
    response={201: EvaluationOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Evaluate the project now (network optimisation, money, CO2, sensitivity)",
)
def run_evaluation(request: HttpRequest, pk: int, payload: RunIn) -> Status:
    viewer = token_viewer(request)
    project = _project(viewer, pk, edit=True)
    try:
        evaluation = services.heat_evaluation_run(
            viewer=viewer, project=project, label=payload.label
        )
    except InputError as exc:
        return row_errors(exc, "{n} problems; the project cannot be evaluated yet")
    return Status(201, _evaluation_out(evaluation))


@router.get("/evaluations/{pk}", response={200: EvaluationOut, 403: ErrorOut, 404: ErrorOut})
def get_evaluation(request: HttpRequest, pk: int) -> EvaluationOut:
    viewer = request_viewer(request)
    try:
        return _evaluation_out(selectors.evaluation_get(viewer, pk))
    except HeatEvaluation.DoesNotExist:
        raise HttpError(404, "no such evaluation") from None
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None


__all__ = ["router"]
