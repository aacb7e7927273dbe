"""Pages of the heat planner. Views translate requests into selector and service calls and
errors into messages; permissions live in the selectors and services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greencluster.core.errors import InputError
from greencluster.core.heat.defaults import fuel_properties
from greencluster.web.accounts.permissions import Viewer, viewer_for
from greencluster.web.heat import report, selectors, services
from greencluster.web.heat.forms import (
    CustomerForm,
    FuelSourceForm,
    ProjectCreateForm,
    RunForm,
    SettingsForm,
    SitePickForm,
    StreetsUploadForm,
    UploadForm,
)
from greencluster.web.heat.models import HeatEvaluation, HeatProject
from greencluster.web.heat.pdf import evaluation_pdf

FIELD_OF_PATH = {"project.name": "name", "project.start_year": "start_year"}
FIELD_OF_PATH |= {"site.lat": "plant_lat", "site.lon": "plant_lon"}


def _viewer(request: HttpRequest) -> Viewer:
    return viewer_for(request.user)


def _project(request: HttpRequest, pk: int, *, edit: bool = False) -> HeatProject:
    try:
        if edit:
            return selectors.project_get_for_edit(_viewer(request), pk)
        return selectors.project_get(_viewer(request), pk)
    except HeatProject.DoesNotExist:
        raise Http404("no such heat project") from None


def _evaluation(request: HttpRequest, pk: int) -> HeatEvaluation:
    try:
        return selectors.evaluation_get(_viewer(request), pk)
    except HeatEvaluation.DoesNotExist:
        raise Http404("no such evaluation") from None


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    return render(
        request,
        "heat/project_list.html",
        {
            "projects": selectors.project_list(viewer),
            "can_create": selectors.editable_organisations(viewer).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    organisations = selectors.editable_organisations(viewer)
    initial: dict[str, Any] = {}
    first = organisations.prefetch_related("sites").first()
    if first is not None and organisations.count() == 1:
        initial["organisation"] = first
        site = first.sites.first()
        if site is not None:
            initial |= {"plant_lat": site.lat, "plant_lon": site.lon}
    form = ProjectCreateForm(
        request.POST or None,
        initial=initial,
        organisations=organisations,
        projects=selectors.project_list(viewer),
    )
    if request.method == "POST" and form.is_valid():
        project = services.heat_project_create(viewer=viewer, **form.cleaned_data)
        messages.success(request, _("Project created."))
        return redirect("heat:project", pk=project.pk)
    return render(request, "heat/project_create.html", {"form": form})


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    viewer = _viewer(request)
    customers = list(project.customers.all())
    fuel_sources = list(project.fuel_sources.select_related("supplier"))
    inputs = services.project_inputs(project, customers=customers, fuel_sources=fuel_sources)
    return render(
        request,
        "heat/project_detail.html",
        {
            "project": project,
            "customers": customers,
            "street_count": len(project.streets),
            "fuel_sources": fuel_sources,
            "evaluations": selectors.evaluation_list(project),
            "problems": services.project_problems(project, inputs),
            "can_edit": selectors.can_edit(viewer, project),
            "run_form": RunForm(),
            "settings_view": _settings_view(project),
            "map_data": {
                "plant": {"lat": project.plant_lat, "lon": project.plant_lon},
                "customers": [
                    {"name": c.name, "lat": c.lat, "lon": c.lon, "connected": None}
                    for c in customers
                ],
                "pipes": [],
                "streets": project.streets,
            },
            "tiles": settings.GREENCLUSTER,
        },
    )


def _settings_view(project: HeatProject) -> list[dict[str, Any]]:
    """Each setting with its value, or the sourced default that applies when it is blank."""
    from greencluster.web.heat import spec

    rows = []
    for setting in spec.SETTINGS:
        value = (project.settings.get(setting.section) or {}).get(setting.key)
        rows.append(
            {
                "section": setting.section,
                "label": setting.label,
                "value": value,
                "default": spec.default_note(setting) if value is None else "",
                "required": setting.required,
            }
        )
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def project_settings(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, edit=True)
    form = SettingsForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        values = form.settings()
        if not form.errors:
            try:
                services.heat_project_update(
                    viewer=_viewer(request),
                    project=project,
                    name=form.cleaned_data["name"],
                    start_year=form.cleaned_data["start_year"],
                    plant_lat=form.cleaned_data["plant_lat"],
                    plant_lon=form.cleaned_data["plant_lon"],
                    settings=values,
                )
            except InputError as exc:
                for error in exc.errors:
                    form.add_error(_form_field(form, error.column), error.message)
            else:
                messages.success(request, _("Settings saved."))
                return redirect("heat:project", pk=project.pk)
    return render(request, "heat/settings_form.html", {"project": project, "form": form})


def _add_errors(form: Any, exc: InputError) -> None:
    """Each row error on its form field when the form has one, else above the form."""
    for error in exc.errors:
        form.add_error(error.column if error.column in form.fields else None, str(error))


def _form_field(form: SettingsForm, path: str | None) -> str | None:
    if not path:
        return None
    if path in FIELD_OF_PATH:
        return FIELD_OF_PATH[path]
    if path.startswith("demand.building_types"):
        return "building_types"
    name = path.replace(".", "__", 1)
    return name if name in form.fields else None


def _customer_page(
    request: HttpRequest,
    project: HeatProject,
    form: Any,
    title: str,
    values: Any,
) -> HttpResponse:
    """Add the customer the valid ``form`` describes (``values(cleaned_data)`` gives the
    service's arguments) or show the form with the errors."""
    if request.method == "POST" and form.is_valid():
        try:
            services.heat_customer_add(
                viewer=_viewer(request), project=project, **values(form.cleaned_data)
            )
        except InputError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Customer added."))
            return redirect("heat:project", pk=project.pk)
    return render(
        request, "heat/simple_form.html", {"project": project, "form": form, "title": title}
    )


@login_required
@require_http_methods(["GET", "POST"])
def customer_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, edit=True)
    form = CustomerForm(request.POST or None)
    return _customer_page(request, project, form, _("Add a customer"), dict)


def _site_customer(data: dict[str, Any]) -> dict[str, Any]:
    site = data["site"]
    return {
        "name": f"{site.organisation.name}: {site.name}",
        "lat": site.lat,
        "lon": site.lon,
        "annual_heat_mwh": data["annual_heat_mwh"],
        "peak_kw": data["peak_kw"],
        "current_heating": data["current_heating"],
        "site": site,
    }


@login_required
@require_http_methods(["GET", "POST"])
def customer_pick_site(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, edit=True)
    form = SitePickForm(request.POST or None, sites=selectors.pickable_sites(project))
    title = _("Add a member site as a customer")
    return _customer_page(request, project, form, title, _site_customer)


def _upload_page(
    request: HttpRequest,
    project: HeatProject,
    form: Any,
    template: str,
    store: Any,
    done: str,
) -> HttpResponse:
    """An all-or-nothing upload: ``store(data, filename, cleaned_data)`` imports and returns the
    number of rows; row errors are listed on the page."""
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            count = store(upload.read(), upload.name, form.cleaned_data)
        except InputError as exc:
            errors = exc.errors
        else:
            messages.success(request, done % {"n": count})
            return redirect("heat:project", pk=project.pk)
    return render(request, template, {"project": project, "form": form, "errors": errors})


@login_required
@require_http_methods(["GET", "POST"])
def customer_upload(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, edit=True)

    def store(data: bytes, filename: str, cleaned: dict[str, Any]) -> int:
        return services.heat_customers_import(
            viewer=_viewer(request),
            project=project,
            data=data,
            filename=filename,
            replace=cleaned["replace"],
        )

    form = UploadForm(request.POST or None, request.FILES or None)
    done = _("Imported %(n)d customers.")
    return _upload_page(request, project, form, "heat/customer_upload.html", store, done)


@login_required
@require_http_methods(["GET", "POST"])
def streets_upload(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, edit=True)

    def store(data: bytes, filename: str, cleaned: dict[str, Any]) -> int:
        return services.heat_streets_import(
            viewer=_viewer(request), project=project, data=data, filename=filename
        )

    form = StreetsUploadForm(request.POST or None, request.FILES or None)
    done = _("Imported %(n)d street segments.")
    return _upload_page(request, project, form, "heat/streets_upload.html", store, done)


@login_required
@require_POST
def customer_delete(request: HttpRequest, pk: int, customer_id: int) -> HttpResponse:
    project = _project(request, pk, edit=True)
    customer = get_object_or_404(project.customers, pk=customer_id)
    services.heat_customer_delete(viewer=_viewer(request), customer=customer)
    messages.success(request, _("Customer removed."))
    return redirect("heat:project", pk=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def fuel_source_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, edit=True)
    form = FuelSourceForm(request.POST or None, suppliers=selectors.supplier_organisations(project))
    if request.method == "POST" and form.is_valid():
        try:
            services.heat_fuel_source_add(
                viewer=_viewer(request), project=project, **form.cleaned_data
            )
        except InputError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Fuel source added."))
            return redirect("heat:project", pk=project.pk)
    return render(
        request,
        "heat/simple_form.html",
        {
            "project": project,
            "form": form,
            "title": _("Add a fuel source"),
            "fuel_properties": sorted(fuel_properties().values(), key=lambda p: p.fuel),
        },
    )


@login_required
@require_POST
def fuel_source_delete(request: HttpRequest, pk: int, source_id: int) -> HttpResponse:
    project = _project(request, pk, edit=True)
    source = get_object_or_404(project.fuel_sources, pk=source_id)
    services.heat_fuel_source_delete(viewer=_viewer(request), source=source)
    messages.success(request, _("Fuel source removed."))
    return redirect("heat:project", pk=project.pk)


@login_required
@require_POST
def project_delete(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, edit=True)
    services.heat_project_delete(viewer=_viewer(request), project=project)
    messages.success(request, _("Project deleted."))
    return redirect("heat:list")


@login_required
@require_POST
def evaluation_run(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk, edit=True)
    form = RunForm(request.POST)
    label = form.cleaned_data["label"] if form.is_valid() else ""
    try:
        evaluation = services.heat_evaluation_run(
            viewer=_viewer(request), project=project, label=label
        )
    except InputError as exc:
        for error in exc.errors:
            messages.error(request, str(error))
        return redirect("heat:project", pk=project.pk)
    return redirect("heat:evaluation", pk=evaluation.pk)


@login_required
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    result = evaluation.result
    return render(
        request,
        "heat/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "project": evaluation.project,
            "r": result,
            "figures": {f["key"]: f for f in report.key_figures(result)},
            "charts": report.charts(result, evaluation.sensitivity),
            "cash_rows": report.cash_flow_rows(result),
            "map_data": report.map_data(result, evaluation.inputs),
            "connected": [c for c in result["customers"] if c["connected"]],
            "not_connected": [c for c in result["customers"] if not c["connected"]],
            "investment": report.investment_rows(result),
            "factors": report.sources_used(result),
            "can_edit": selectors.can_edit(_viewer(request), evaluation.project),
            "tiles": settings.GREENCLUSTER,
        },
    )


@login_required
def evaluation_pdf_download(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    response = HttpResponse(evaluation_pdf(evaluation), content_type="application/pdf")
    name = slugify(f"{evaluation.project.name}-{evaluation.label}") or "heat-project"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@login_required
@require_POST
def evaluation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    project_pk = evaluation.project_id
    services.heat_evaluation_delete(viewer=_viewer(request), evaluation=evaluation)
    messages.success(request, _("Scenario deleted."))
    return redirect("heat:project", pk=project_pk)


@login_required
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    ids = [int(v) for v in request.GET.getlist("e") if v.isdecimal()]
    evaluations = selectors.evaluations_for_comparison(project, ids)
    return render(
        request,
        "heat/compare.html",
        {
            "project": project,
            "evaluations": evaluations,
            "rows": report.comparison_rows([e.result for e in evaluations]),
        },
    )
