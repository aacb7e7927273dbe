"""Reads of the knowledge app, scoped by what the viewer may see. Pages and API call these.

Visibility, decided here once: a superuser sees everything; coordinators of a cluster and users
of its member organisations see all of that cluster's records; everybody else sees only the
records marked public. Enquiries, bookings and participants (personal data) are the
coordinators' only.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.utils import timezone

from greencluster.core.knowledge.lineage import (
    LineageNode,
    count_by_generation,
    generations,
    lineage_forest,
)
from greencluster.core.knowledge.query import PracticeQuery, parse_query
from greencluster.core.knowledge.vocabulary import FIELDS, Kind, fold
from greencluster.web.accounts.permissions import Viewer
from greencluster.web.knowledge.models import (
    Action,
    Booking,
    Enquiry,
    FocusArea,
    Practice,
    Project,
    ProjectPartner,
    Publication,
    Strategy,
    TrainingModule,
    TrainingPackage,
)
from greencluster.web.registry.models import Cluster, Membership

PAGE_SIZE = 25
M = TypeVar("M", bound=Model)


def member_cluster_ids(viewer: Viewer) -> set[int] | None:
    """Clusters whose non-public records ``viewer`` sees; ``None``: all (superuser)."""
    if viewer.is_superuser:
        return None
    ids = set(viewer.coordinated_cluster_ids)
    if viewer.organisation_ids:
        ids |= set(
            Membership.objects.filter(organisation_id__in=viewer.organisation_ids).values_list(
                "cluster_id", flat=True
            )
        )
    return ids


def visible(qs: QuerySet[M], viewer: Viewer, *, cluster_path: str = "cluster_id") -> QuerySet[M]:
    ids = member_cluster_ids(viewer)
    if ids is None:
        return qs
    return qs.filter(Q(is_public=True) | Q(**{f"{cluster_path}__in": ids}))


def can_see(viewer: Viewer, record: Any) -> bool:
    ids = member_cluster_ids(viewer)
    return ids is None or record.is_public or record.cluster_id in ids


def managed_clusters(viewer: Viewer) -> QuerySet[Cluster]:
    if viewer.is_superuser:
        return Cluster.objects.order_by("name")
    return Cluster.objects.filter(pk__in=viewer.coordinated_cluster_ids).order_by("name")


# --- good practices ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PracticeFilters:
    q: str = ""
    cluster: str = ""
    domain: str = ""
    wood_type: str = ""
    scale: str = ""
    country: str = ""


@dataclass(frozen=True)
class PracticeSearch:
    practices: QuerySet[Practice]
    query: PracticeQuery


def practice_queryset() -> QuerySet[Practice]:
    return Practice.objects.select_related("cluster").prefetch_related(
        "organisations", "attachments"
    )


def practice_search(viewer: Viewer, filters: PracticeFilters) -> PracticeSearch:
    """Practices matching ``filters``; ``q`` may hold ``label: value`` filters with the field
    label in any of the six languages (see :mod:`greencluster.core.knowledge.query`)."""
    qs = visible(practice_queryset(), viewer)
    query = parse_query(filters.q)
    for word in query.words:
        qs = qs.filter(search_text__contains=word)
    for spec in query.filters:
        if spec.is_vocabulary:
            term_q = Q(pk__in=[])
            for code in spec.codes:
                term_q |= Q(terms_text__contains=f" {spec.field}={code} ")
            qs = qs.filter(term_q)
        else:
            qs = qs.filter(**{f"field_text__{spec.field}__icontains": spec.value})
    if filters.cluster:
        qs = qs.filter(cluster__slug=filters.cluster)
    if filters.domain:
        qs = qs.filter(domain=filters.domain)
    if filters.wood_type:
        qs = qs.filter(terms_text__contains=f" wood_types={filters.wood_type} ")
    if filters.scale:
        qs = qs.filter(scale=filters.scale)
    if filters.country:
        qs = qs.filter(country=filters.country.upper())
    return PracticeSearch(qs.order_by("-updated_at", "pk"), query)


def practice_get(viewer: Viewer, slug: str) -> Practice:
    """The practice, or ``Practice.DoesNotExist`` when it is missing or hidden from viewer."""
    return visible(practice_queryset(), viewer).get(slug=slug)


def practice_view(practice: Practice, language: str) -> dict[str, Any]:
    """The record as a reader in ``language`` sees it: each field's label and value in that
    language (texts fall back to English, then any language), vocabulary terms translated."""
    rows = []
    for spec in FIELDS:
        if spec.name == "title":
            continue
        if spec.kind is Kind.TEXT:
            value: Any = practice.text(spec.name, language)
        elif spec.kind is Kind.TERMS:
            assert spec.vocabulary is not None
            codes = getattr(practice, spec.name) or []
            value = ", ".join(spec.vocabulary.get(c).label(language) for c in codes)
        elif spec.kind is Kind.TERM:
            assert spec.vocabulary is not None
            code = getattr(practice, spec.name)
            value = spec.vocabulary.get(code).label(language) if code else ""
        else:
            value = getattr(practice, spec.name)
        if value not in (None, ""):
            rows.append({"field": spec.name, "label": spec.label(language), "value": value})
    available = sorted({lang for texts in (practice.texts or {}).values() for lang in texts})
    return {
        "title": practice.title(language),
        "rows": rows,
        "languages": available,
        "shown_in": language if language in practice.texts.get("title", {}) else "",
    }


# --- training ---------------------------------------------------------------------------------


def package_list(viewer: Viewer) -> QuerySet[TrainingPackage]:
    modules = TrainingModule.objects.select_related("partner")
    return (
        visible(TrainingPackage.objects.select_related("cluster"), viewer)
        .prefetch_related(Prefetch("modules", queryset=modules))
        .order_by("cluster__name", "slug")
    )


def package_get(viewer: Viewer, slug: str) -> TrainingPackage:
    return package_list(viewer).get(slug=slug)


def enquiry_list(viewer: Viewer, package: TrainingPackage) -> QuerySet[Enquiry]:
    if not viewer.can_manage_cluster(package.cluster_id):
        return Enquiry.objects.none()
    return package.enquiries.order_by("-created_at")


def booking_list(viewer: Viewer, package: TrainingPackage) -> QuerySet[Booking]:
    if not viewer.can_manage_cluster(package.cluster_id):
        return Booking.objects.none()
    return package.bookings.annotate(participant_count=Count("participants")).order_by(
        "-start_date"
    )


def booking_get(viewer: Viewer, booking_id: int) -> Booking:
    """A booking for a coordinator of its package's cluster (else ``DoesNotExist``)."""
    booking = (
        Booking.objects.select_related("package__cluster", "enquiry")
        .prefetch_related("sessions__module__partner", "participants", "feedback__module")
        .get(pk=booking_id)
    )
    if not viewer.can_manage_cluster(booking.package.cluster_id):
        raise Booking.DoesNotExist
    return booking


def feedback_summary(booking: Booking) -> dict[str, Any]:
    ratings = [f.rating for f in booking.feedback.all()]
    return {
        "count": len(ratings),
        "mean": round(sum(ratings) / len(ratings), 2) if ratings else None,
    }


# --- projects ---------------------------------------------------------------------------------


def project_queryset() -> QuerySet[Project]:
    partnerships = ProjectPartner.objects.select_related("organisation")
    return Project.objects.select_related("cluster", "parent").prefetch_related(
        Prefetch("partnerships", queryset=partnerships), "funding"
    )


def project_list(viewer: Viewer, *, cluster: Cluster | None = None) -> QuerySet[Project]:
    qs = visible(project_queryset(), viewer)
    if cluster is not None:
        qs = qs.filter(cluster=cluster)
    return qs.order_by("start_date", "title")


def project_get(viewer: Viewer, slug: str) -> Project:
    return visible(project_queryset(), viewer).get(slug=slug)


def project_generation(project: Project) -> int:
    """``project``'s generation in its cluster's lineage (1 for a first-generation one)."""
    parents = dict(
        Project.objects.filter(cluster_id=project.cluster_id).values_list("pk", "parent_id")
    )
    return generations(_known(parents))[project.pk]


def _known(parents: dict[int, int | None]) -> dict[int, int | None]:
    """Parent links with a parent outside ``parents`` cut (that project becomes a root)."""
    return {pk: (parent if parent in parents else None) for pk, parent in parents.items()}


def _parents(projects: list[Project]) -> dict[int, int | None]:
    """Parent links among ``projects``; a parent the viewer cannot see makes a root."""
    return _known({p.pk: p.parent_id for p in projects})


@dataclass(frozen=True)
class TreeItem:
    project: Project
    generation: int
    children: list[TreeItem] = field(default_factory=list)


def lineage_trees(projects: list[Project], *, root: Project | None = None) -> list[TreeItem]:
    """The lineage of ``projects`` as trees (the one containing ``root`` if given)."""
    by_id = {p.pk: p for p in projects}
    parents = _parents(projects)
    order = {p.pk: (p.start_date or dt.date.max).isoformat() for p in projects}

    def wrap(node: LineageNode) -> TreeItem:
        return TreeItem(by_id[node.project_id], node.generation, [wrap(c) for c in node.children])

    trees = [wrap(n) for n in lineage_forest(parents, order)]
    if root is None:
        return trees
    return [t for t in trees if _contains(t, root.pk)]


def _contains(tree: TreeItem, project_id: int) -> bool:
    return tree.project.pk == project_id or any(_contains(c, project_id) for c in tree.children)


def project_figures(projects: list[Project]) -> dict[str, Any]:
    """Figures for reports: projects per generation and status, partners, funding and budget."""
    parents = _parents(projects)
    partners: set[int] = set()
    funders: defaultdict[str, Decimal] = defaultdict(Decimal)
    for project in projects:
        partners.update(p.organisation_id for p in project.partnerships.all())
        for grant in project.funding.all():
            funders[grant.funder] += grant.amount_eur
    budget = sum((p.budget_eur or Decimal(0) for p in projects), Decimal(0))
    return {
        "projects": len(projects),
        "by_generation": count_by_generation(parents),
        "by_status": dict(Counter(p.status for p in projects)),
        "partners": len(partners),
        "funding_by_funder": dict(sorted(funders.items(), key=lambda kv: -kv[1])),
        "funding_total_eur": sum(funders.values(), Decimal(0)),
        "budget_total_eur": budget,
    }


# --- publications -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicationFilters:
    q: str = ""
    cluster: str = ""
    kind: str = ""
    language: str = ""
    year: int | None = None


def publication_search(viewer: Viewer, filters: PublicationFilters) -> list[Publication]:
    """Publications matching every word of ``q`` in the title or abstract (any inflection
    that contains the word), ranked: title hits count three times, then newest first."""
    qs = visible(Publication.objects.select_related("cluster").prefetch_related("projects"), viewer)
    words = [fold(w) for w in filters.q.split() if fold(w)]
    for word in words:
        qs = qs.filter(Q(search_title__contains=word) | Q(search_abstract__contains=word))
    if filters.cluster:
        qs = qs.filter(cluster__slug=filters.cluster)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.language:
        qs = qs.filter(language=filters.language)
    if filters.year:
        qs = qs.filter(year=filters.year)
    found = list(qs)

    def rank(p: Publication) -> tuple[int, int, str]:
        score = sum(3 * p.search_title.count(w) + p.search_abstract.count(w) for w in words)
        return (-score, -p.year, p.title)

    return sorted(found, key=rank)


def publication_get(viewer: Viewer, slug: str) -> Publication:
    return visible(
        Publication.objects.select_related("cluster").prefetch_related("projects"), viewer
    ).get(slug=slug)


def publication_counts(publications: list[Publication]) -> dict[str, int]:
    return dict(Counter(p.kind for p in publications))


# --- strategies -------------------------------------------------------------------------------


def strategy_list(viewer: Viewer) -> QuerySet[Strategy]:
    """Strategies with their focus areas and actions (and the actions' projects) prefetched."""
    actions = Action.objects.select_related(
        "focus_area", "owner_organisation", "goal"
    ).prefetch_related("projects")
    return (
        visible(Strategy.objects.select_related("cluster"), viewer)
        .prefetch_related(
            Prefetch("focus_areas", queryset=FocusArea.objects.order_by("position", "name")),
            Prefetch("actions", queryset=actions),
        )
        .order_by("cluster__name", "-year_start")
    )


def strategy_get(viewer: Viewer, strategy_id: int) -> Strategy:
    return strategy_list(viewer).get(pk=strategy_id)


def action_get(viewer: Viewer, action_id: int) -> Action:
    action = Action.objects.select_related("strategy__cluster", "focus_area").get(pk=action_id)
    if not can_see(viewer, action.strategy):
        raise Action.DoesNotExist
    return action


def is_overdue(action: Action, today: dt.date) -> bool:
    return (
        action.due_date is not None
        and action.due_date < today
        and action.status not in (Action.Status.DONE, Action.Status.CANCELLED)
    )


def strategy_progress(strategy: Strategy, today: dt.date | None = None) -> dict[str, Any]:
    """Per focus area (and overall): actions by status, mean progress and overdue actions.
    Cancelled actions do not count towards progress."""
    today = today or timezone.localdate()
    groups: dict[int | None, list[Action]] = defaultdict(list)
    for action in strategy.actions.all():
        groups[action.focus_area_id].append(action)
    areas = [(a.pk, a.name) for a in strategy.focus_areas.all()]
    if groups.get(None):
        areas.append((None, ""))

    def summary(actions: list[Action]) -> dict[str, Any]:
        live = [a for a in actions if a.status != Action.Status.CANCELLED]
        return {
            "actions": len(actions),
            "by_status": dict(Counter(a.status for a in actions)),
            "done": sum(a.status == Action.Status.DONE for a in actions),
            "progress_pct": round(sum(a.progress_pct for a in live) / len(live)) if live else 0,
            "overdue": [a for a in actions if is_overdue(a, today)],
        }

    every = [a for actions in groups.values() for a in actions]
    return {
        "areas": [{"id": pk, "name": name, **summary(groups.get(pk, []))} for pk, name in areas],
        "total": summary(every),
    }
