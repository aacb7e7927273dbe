"""Reads of heat projects, scoped by who may see them: the organisation's own users and the
coordinators of its clusters (and superusers). Other members never see a project's figures."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.heat.models import HeatEvaluation, HeatProject
from greencluster.web.registry.models import Membership, Organisation, Site
from greencluster.web.registry.selectors import can_edit as can_edit_organisation
from greencluster.web.registry.selectors import can_see_confidential


def _visible(viewer: Viewer) -> Q | None:
    """Filter of projects ``viewer`` may see; None means all (superuser)."""
    if viewer.is_superuser:
        return None
    return Q(organisation_id__in=viewer.organisation_ids) | Q(
        organisation__memberships__cluster_id__in=viewer.coordinated_cluster_ids
    )


def _memberships(organisation: str) -> Prefetch:
    """The cluster memberships of ``organisation`` (a lookup path), for the permission checks."""
    return Prefetch(f"{organisation}__memberships", queryset=Membership.objects.only("cluster_id"))


def project_queryset() -> QuerySet[HeatProject]:
    return HeatProject.objects.select_related("organisation").prefetch_related(
        _memberships("organisation")
    )


def project_list(viewer: Viewer) -> QuerySet[HeatProject]:
    """The projects ``viewer`` may see, with their customer and evaluation counts."""
    if not viewer.is_authenticated:
        return HeatProject.objects.none()
    qs = project_queryset()
    scope = _visible(viewer)
    if scope is not None:
        ids = HeatProject.objects.filter(scope).values("id")
        qs = qs.filter(id__in=ids)
    return qs.annotate(
        customer_count=Count("customers", distinct=True),
        evaluation_count=Count("evaluations", distinct=True),
    ).order_by("organisation__name", "name", "id")


def can_view(viewer: Viewer, project: HeatProject) -> bool:
    return can_see_confidential(viewer, project.organisation)


def can_edit(viewer: Viewer, project: HeatProject) -> bool:
    return can_edit_organisation(viewer, project.organisation)


def project_get(viewer: Viewer, project_id: int) -> HeatProject:
    """The project, or :class:`HeatProject.DoesNotExist`; PermissionDenied if hidden."""
    project = project_queryset().get(pk=project_id)
    if not can_view(viewer, project):
        raise PermissionDenied("you may not see this heat project")
    return project


def project_get_for_edit(viewer: Viewer, project_id: int) -> HeatProject:
    project = project_get(viewer, project_id)
    if not can_edit(viewer, project):
        raise PermissionDenied("only the organisation's admins and coordinators may change it")
    return project


def editable_organisations(viewer: Viewer) -> QuerySet[Organisation]:
    """Organisations ``viewer`` may create heat projects for."""
    qs = Organisation.objects.order_by("name")
    if viewer.is_superuser:
        return qs
    if not viewer.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(id__in=viewer.admin_organisation_ids)
        | Q(memberships__cluster_id__in=viewer.coordinated_cluster_ids)
    ).distinct()


def pickable_sites(project: HeatProject) -> QuerySet[Site]:
    """Sites of the members of the project organisation's clusters (public map data)."""
    cluster_ids = [m.cluster_id for m in project.organisation.memberships.all()]
    return (
        Site.objects.filter(
            Q(organisation__memberships__cluster_id__in=cluster_ids)
            | Q(organisation=project.organisation)
        )
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "name")
    )


def supplier_organisations(project: HeatProject) -> QuerySet[Organisation]:
    cluster_ids = [m.cluster_id for m in project.organisation.memberships.all()]
    return (
        Organisation.objects.filter(memberships__cluster_id__in=cluster_ids)
        .distinct()
        .order_by("name")
    )


def evaluation_list(project: HeatProject) -> QuerySet[HeatEvaluation]:
    return project.evaluations.defer("inputs", "sensitivity").order_by("-created_at", "-id")


def evaluation_get(viewer: Viewer, evaluation_id: int) -> HeatEvaluation:
    """The evaluation, or :class:`HeatEvaluation.DoesNotExist`; PermissionDenied if its
    project is hidden."""
    evaluation = (
        HeatEvaluation.objects.select_related("project__organisation")
        .prefetch_related(_memberships("project__organisation"))
        .get(pk=evaluation_id)
    )
    if not can_view(viewer, evaluation.project):
        raise PermissionDenied("you may not see this heat project")
    return evaluation


def evaluations_for_comparison(project: HeatProject, ids: list[int]) -> list[HeatEvaluation]:
    """The chosen evaluations of ``project`` (all of them when none is chosen), oldest first.
    ``project`` comes from :func:`project_get`, which checked that the viewer may see it."""
    qs = project.evaluations.all()
    if ids:
        qs = qs.filter(pk__in=ids)
    return list(qs.order_by("created_at", "id"))
