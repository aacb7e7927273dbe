"""JSON API of the knowledge app (django-ninja), under /api/knowledge/. Reads accept a session
or a token and show what the caller may see (the public: records marked public); writes need
a token and the coordinator role of the record's cluster. The same selectors and services as
the pages decide."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from greencluster.core.errors import InputError
from greencluster.core.knowledge.records import PracticeRecord
from greencluster.core.knowledge.vocabulary import FIELDS, LANGUAGES, TEXT_FIELDS
from greencluster.web.accounts.auth import request_viewer
from greencluster.web.accounts.permissions import PermissionDenied
from greencluster.web.common.api import ErrorOut, read_upload, row_errors, token_viewer
from greencluster.web.knowledge import selectors, services, transfer
from greencluster.web.knowledge.models import (
    Action,
    Booking,
    Practice,
    Project,
    Strategy,
    TrainingPackage,
)
from greencluster.web.registry.models import Cluster, Organisation

router = Router(tags=["knowledge"])


class TermOut(Schema):
    code: str
    labels: dict[str, str]


class FieldOut(Schema):
    name: str
    kind: str
    labels: dict[str, str]
    terms: list[TermOut] = []


class PracticeOut(Schema):
    slug: str
    ref: str
    cluster: str
    title: str
    texts: dict[str, dict[str, str]] = Field(description="{field: {language: text}}")
    origin_region: str
    country: str
    domain: str
    challenges: list[str]
    wood_types: list[str]
    scale: str
    sustainability_potential: str
    year_start: int | None
    year_end: int | None
    contacts: str
    organisations: list[str]
    is_public: bool
    is_demo: bool
    attachments: list[str]


class PracticePage(Schema):
    count: int
    items: list[PracticeOut]
    unmatched_filters: list[str] = Field(
        description="'field: value' filters whose value names no vocabulary term"
    )


class PracticeIn(Schema):
    ref: str
    language: str = "en"
    title: str
    summary: str = ""
    environmental_impact: str = ""
    economic_impact: str = ""
    job_creation_impact: str = ""
    knowledge_needed: str = ""
    origin_region: str = ""
    country: str = ""
    domain: str = ""
    challenges: list[str] = []
    wood_types: list[str] = []
    scale: str = ""
    sustainability_potential: str = ""
    year_start: int | None = None
    year_end: int | None = None
    contacts: str = ""
    organisations: list[str] | None = None
    is_public: bool | None = None


class PracticesImportOut(Schema):
    rows: int
    created: int
    updated: int


class ModuleOut(Schema):
    code: str
    titles: dict[str, str]
    duration_days: float
    languages: list[str]
    partner: str | None
    partner_role: str


class PackageOut(Schema):
    slug: str
    cluster: str
    titles: dict[str, str]
    descriptions: dict[str, str]
    days: int
    languages: list[str]
    target_groups: list[str]
    price_eur: float
    price_basis: str
    min_participants: int
    max_participants: int
    modules: list[ModuleOut]


class EnquiryIn(Schema):
    contact_name: str
    email: str
    organisation_name: str = ""
    country: str
    group_size: int
    preferred_start: dt.date | None = None
    language: str
    message: str = ""


class BookingIn(Schema):
    group_name: str
    country: str
    language: str
    start_date: dt.date
    group_size: int
    modules: list[str] = Field(description="Module codes in programme order")


class SessionOut(Schema):
    module: str
    day_number: int
    date: dt.date
    part: str
    partner: str | None
    event_url: str


class BookingOut(Schema):
    id: int
    package: str
    group_name: str
    country: str
    language: str
    start_date: dt.date
    group_size: int
    price_eur: float
    status: str
    programme: list[SessionOut]
    participants: int
    feedback_count: int
    feedback_mean: float | None


class ProjectOut(Schema):
    slug: str
    cluster: str
    title: str
    summary: str
    parent: str | None
    generation: int
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    budget_eur: float | None
    outputs: str
    partners: list[dict[str, str]]
    funding: list[dict[str, Any]]
    is_public: bool


class ProjectIn(Schema):
    cluster: str
    title: str
    summary: str = ""
    parent: str | None = None
    status: str = "planned"
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    budget_eur: float | None = None
    outputs: str = ""
    is_public: bool = False
    partners: list[str] = Field([], description="Organisation slugs")


class FiguresOut(Schema):
    projects: int
    by_generation: dict[int, int]
    by_status: dict[str, int]
    partners: int
    funding_by_funder: dict[str, float]
    funding_total_eur: float
    budget_total_eur: float


class PublicationOut(Schema):
    slug: str
    cluster: str
    kind: str
    title: str
    abstract: str
    language: str
    year: int
    authors: str
    url: str
    has_file: bool
    projects: list[str]
    is_public: bool


class ActionOut(Schema):
    id: int
    title: str
    focus_area: str | None
    owner: str
    start_date: dt.date | None
    due_date: dt.date | None
    status: str
    progress_pct: int
    goal: str | None = Field(description="Title of the linked cluster goal (impact app)")
    goal_ref: str
    event_ref: str
    deal_ref: str
    projects: list[str]
    notes: str


class StrategyOut(Schema):
    id: int
    cluster: str
    title: str
    year_start: int
    year_end: int
    texts: dict[str, str]
    focus_areas: list[str]
    actions: list[ActionOut]
    progress_pct: int
    overdue: int


class ActionPatch(Schema):
    title: str | None = None
    owner: str | None = None
    start_date: dt.date | None = None
    due_date: dt.date | None = None
    status: str | None = None
    progress_pct: int | None = None
    goal_ref: str | None = None
    event_ref: str | None = None
    deal_ref: str | None = None
    notes: str | None = None


def _cluster(slug: str) -> Cluster:
    cluster = Cluster.objects.filter(slug=slug).first()
    if cluster is None:
        raise HttpError(404, "no such cluster")
    return cluster


def _refused(exc: Exception) -> HttpError:
    if isinstance(exc, PermissionDenied):
        return HttpError(403, str(exc))
    field = getattr(exc, "field", None)
    return HttpError(400, f"{field}: {exc}" if field else str(exc))


# --- vocabulary and practices -----------------------------------------------------------------


@router.get("/knowledge/vocabulary", response=list[FieldOut], summary="Practice fields and terms")
def vocabulary(request: HttpRequest) -> list[FieldOut]:
    return [
        FieldOut(
            name=f.name,
            kind=f.kind.value,
            labels=dict(zip(LANGUAGES, f.labels, strict=True)),
            terms=[
                TermOut(code=t.code, labels=dict(zip(LANGUAGES, t.labels, strict=True)))
                for t in (f.vocabulary.terms if f.vocabulary else ())
            ],
        )
        for f in FIELDS
    ]


def _practice_out(p: Practice) -> PracticeOut:
    return PracticeOut(
        slug=p.slug,
        ref=p.ref,
        cluster=p.cluster.slug,
        title=p.title(),
        texts=p.texts,
        origin_region=p.origin_region,
        country=p.country,
        domain=p.domain,
        challenges=p.challenges,
        wood_types=p.wood_types,
        scale=p.scale,
        sustainability_potential=p.sustainability_potential,
        year_start=p.year_start,
        year_end=p.year_end,
        contacts=p.contacts,
        organisations=[o.slug for o in p.organisations.all()],
        is_public=p.is_public,
        is_demo=p.is_demo,
        attachments=[a.name for a in p.attachments.all()],
    )


class PracticeQueryIn(Schema):
    q: str = Field("", description="Words and 'field label: value' filters in any language")
    cluster: str = ""
    domain: str = ""
    wood_type: str = ""
    scale: str = ""
    country: str = ""
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


@router.get("/knowledge/practices", response=PracticePage, summary="Search good practices")
def list_practices(request: HttpRequest, query: Query[PracticeQueryIn]) -> PracticePage:
    filters = selectors.PracticeFilters(
        q=query.q,
        cluster=query.cluster,
        domain=query.domain,
        wood_type=query.wood_type,
        scale=query.scale,
        country=query.country,
    )
    search = selectors.practice_search(request_viewer(request), filters)
    page = search.practices[query.offset : query.offset + query.limit]
    return PracticePage(
        count=search.practices.count(),
        items=[_practice_out(p) for p in page],
        unmatched_filters=[f"{f.field}: {f.value}" for f in search.query.unmatched],
    )


@router.get("/knowledge/practices/{slug}", response={200: PracticeOut, 404: ErrorOut})
def get_practice(request: HttpRequest, slug: str) -> PracticeOut:
    try:
        return _practice_out(selectors.practice_get(request_viewer(request), slug))
    except Practice.DoesNotExist:
        raise HttpError(404, "no such practice") from None


@router.post(
    "/knowledge/clusters/{slug}/practices",
    response={201: PracticeOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Create or update (by ref) a good practice, one language version",
)
def save_practice(request: HttpRequest, slug: str, payload: PracticeIn) -> Status:
    viewer = token_viewer(request)
    cluster = _cluster(slug)
    if payload.language not in LANGUAGES:
        raise HttpError(400, f"language: expected one of {', '.join(LANGUAGES)}")
    texts = {
        name: {payload.language: getattr(payload, name)}
        for name in TEXT_FIELDS
        if getattr(payload, name)
    }
    organisations = None
    if payload.organisations is not None:
        organisations = list(Organisation.objects.filter(slug__in=payload.organisations))
        missing = set(payload.organisations) - {o.slug for o in organisations}
        if missing:
            raise HttpError(400, f"organisations: unknown {', '.join(sorted(missing))}")
    record = PracticeRecord(
        ref=payload.ref,
        row=0,
        texts=texts,
        origin_region=payload.origin_region,
        country=payload.country.upper(),
        domain=payload.domain,
        challenges=tuple(payload.challenges),
        wood_types=tuple(payload.wood_types),
        scale=payload.scale,
        sustainability_potential=payload.sustainability_potential,
        year_start=payload.year_start,
        year_end=payload.year_end,
        contacts=payload.contacts,
        organisations=tuple(payload.organisations or ()),
        public=payload.is_public,
        is_demo=False,
    )
    try:
        practice = services.practice_save(
            viewer=viewer, cluster=cluster, record=record, organisations=organisations
        )
    except (PermissionDenied, services.KnowledgeError) as exc:
        raise _refused(exc) from None
    return Status(201, _practice_out(selectors.practice_queryset().get(pk=practice.pk)))


@router.post(
    "/knowledge/clusters/{slug}/practices/import",
    response={200: PracticesImportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Import good practices (coordinators), all or nothing",
)
def import_practices(
    request: HttpRequest, slug: str, file: File[UploadedFile], language: str = "en"
) -> PracticesImportOut | Status:
    viewer = token_viewer(request)
    cluster = _cluster(slug)
    if language not in LANGUAGES:
        raise HttpError(400, f"language: expected one of {', '.join(LANGUAGES)}")
    try:
        result = transfer.practices_import(
            viewer=viewer,
            cluster=cluster,
            data=read_upload(file),
            filename=file.name or "upload.csv",
            default_language=language,
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from None
    except InputError as exc:
        return row_errors(exc)
    return PracticesImportOut(rows=result.rows, created=result.created, updated=result.updated)


@router.get(
    "/knowledge/clusters/{slug}/practices/export",
    response={200: None, 400: ErrorOut, 404: ErrorOut},
    summary="Export the good practices the caller may see: format csv, xlsx or json",
)
def export_practices(request: HttpRequest, slug: str, format: str = "json") -> HttpResponse:
    cluster = _cluster(slug)
    if format not in transfer.CONTENT_TYPES:
        raise HttpError(400, "format: expected csv, xlsx or json")
    search = selectors.practice_search(
        request_viewer(request), selectors.PracticeFilters(cluster=cluster.slug)
    )
    body = transfer.practices_export(list(search.practices.order_by("ref")), format)
    response = HttpResponse(body, content_type=transfer.CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{cluster.slug}-practices.{format}"'
    return response


# --- training ---------------------------------------------------------------------------------


def _package_out(p: TrainingPackage) -> PackageOut:
    return PackageOut(
        slug=p.slug,
        cluster=p.cluster.slug,
        titles=p.titles,
        descriptions=p.descriptions,
        days=p.days,
        languages=p.language_list,
        target_groups=p.target_groups,
        price_eur=float(p.price_eur),
        price_basis=p.price_basis,
        min_participants=p.min_participants,
        max_participants=p.max_participants,
        modules=[
            ModuleOut(
                code=m.code,
                titles=m.titles,
                duration_days=float(m.duration_days),
                languages=m.language_list,
                partner=m.partner.slug if m.partner else None,
                partner_role=m.partner_role,
            )
            for m in p.modules.all()
        ],
    )


@router.get("/knowledge/training", response=list[PackageOut], summary="Training packages")
def list_packages(request: HttpRequest) -> list[PackageOut]:
    return [_package_out(p) for p in selectors.package_list(request_viewer(request))]


def _package(request: HttpRequest, slug: str) -> TrainingPackage:
    try:
        return selectors.package_get(request_viewer(request), slug)
    except TrainingPackage.DoesNotExist:
        raise HttpError(404, "no such training package") from None


@router.get("/knowledge/training/{slug}", response={200: PackageOut, 404: ErrorOut})
def get_package(request: HttpRequest, slug: str) -> PackageOut:
    return _package_out(_package(request, slug))


@router.post(
    "/knowledge/training/{slug}/enquiries",
    response={201: dict[str, int], 400: ErrorOut, 404: ErrorOut},
    summary="Send an enquiry about a training package (anyone)",
)
def send_enquiry(request: HttpRequest, slug: str, payload: EnquiryIn) -> Status:
    package = _package(request, slug)
    try:
        enquiry = services.enquiry_submit(package=package, **payload.dict())
    except services.KnowledgeError as exc:
        raise _refused(exc) from None
    return Status(201, {"id": enquiry.pk})


def _booking_out(booking: Booking) -> BookingOut:
    summary = selectors.feedback_summary(booking)
    return BookingOut(
        id=booking.pk,
        package=booking.package.slug,
        group_name=booking.group_name,
        country=booking.country,
        language=booking.language,
        start_date=booking.start_date,
        group_size=booking.group_size,
        price_eur=float(booking.price_eur),
        status=booking.status,
        programme=[
            SessionOut(
                module=s.module.code,
                day_number=s.day_number,
                date=s.date,
                part=s.part,
                partner=s.module.partner.slug if s.module.partner else None,
                event_url=s.event_url,
            )
            for s in booking.sessions.all()
        ],
        participants=len(booking.participants.all()),
        feedback_count=summary["count"],
        feedback_mean=summary["mean"],
    )


@router.post(
    "/knowledge/training/{slug}/bookings",
    response={201: BookingOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Book a package for a group and build its programme (coordinators)",
)
def create_booking(request: HttpRequest, slug: str, payload: BookingIn) -> Status:
    viewer = token_viewer(request)
    package = _package(request, slug)
    try:
        booking = services.booking_create(
            viewer=viewer,
            package=package,
            group_name=payload.group_name,
            country=payload.country,
            language=payload.language,
            start_date=payload.start_date,
            group_size=payload.group_size,
            module_codes=payload.modules,
        )
    except (PermissionDenied, services.KnowledgeError) as exc:
        raise _refused(exc) from None
    return Status(201, _booking_out(selectors.booking_get(viewer, booking.pk)))


@router.get("/knowledge/bookings/{booking_id}", response={200: BookingOut, 404: ErrorOut})
def get_booking(request: HttpRequest, booking_id: int) -> BookingOut:
    try:
        return _booking_out(selectors.booking_get(request_viewer(request), booking_id))
    except Booking.DoesNotExist:
        raise HttpError(404, "no such booking") from None


# --- projects and publications ----------------------------------------------------------------


def _project_out(p: Project, generation: int) -> ProjectOut:
    return ProjectOut(
        slug=p.slug,
        cluster=p.cluster.slug,
        title=p.title,
        summary=p.summary,
        parent=p.parent.slug if p.parent else None,
        generation=generation,
        status=p.status,
        start_date=p.start_date,
        end_date=p.end_date,
        budget_eur=float(p.budget_eur) if p.budget_eur is not None else None,
        outputs=p.outputs,
        partners=[
            {"organisation": pp.organisation.slug, "role": pp.role} for pp in p.partnerships.all()
        ],
        funding=[
            {"funder": f.funder, "programme": f.programme, "amount_eur": float(f.amount_eur)}
            for f in p.funding.all()
        ],
        is_public=p.is_public,
    )


def _projects(request: HttpRequest, cluster: str) -> list[Project]:
    scope = _cluster(cluster) if cluster else None
    return list(selectors.project_list(request_viewer(request), cluster=scope))


@router.get(
    "/knowledge/projects",
    response={200: list[ProjectOut], 404: ErrorOut},
    summary="Projects with generation",
)
def list_projects(request: HttpRequest, cluster: str = "") -> list[ProjectOut]:
    projects = _projects(request, cluster)
    items = []
    for tree in selectors.lineage_trees(projects):
        stack = [tree]
        while stack:
            node = stack.pop()
            items.append(_project_out(node.project, node.generation))
            stack.extend(reversed(node.children))
    return items


@router.get(
    "/knowledge/projects/figures",
    response={200: FiguresOut, 404: ErrorOut},
    summary="Figures for reports",
)
def project_figures(request: HttpRequest, cluster: str = "") -> FiguresOut:
    figures = selectors.project_figures(_projects(request, cluster))
    return FiguresOut(
        projects=figures["projects"],
        by_generation=figures["by_generation"],
        by_status=figures["by_status"],
        partners=figures["partners"],
        funding_by_funder={k: float(v) for k, v in figures["funding_by_funder"].items()},
        funding_total_eur=float(figures["funding_total_eur"]),
        budget_total_eur=float(figures["budget_total_eur"]),
    )


@router.post(
    "/knowledge/projects",
    response={201: ProjectOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Record a project; 'parent' makes it the next generation of that project",
)
def create_project(request: HttpRequest, payload: ProjectIn) -> Status:
    viewer = token_viewer(request)
    cluster = _cluster(payload.cluster)
    parent = None
    if payload.parent:
        parent = Project.objects.filter(slug=payload.parent).first()
        if parent is None:
            raise HttpError(400, "parent: no such project")
    partners = list(Organisation.objects.filter(slug__in=payload.partners))
    try:
        project = services.project_save(
            viewer=viewer,
            cluster=cluster,
            title=payload.title,
            summary=payload.summary,
            parent=parent,
            status=payload.status,
            start_date=payload.start_date,
            end_date=payload.end_date,
            budget_eur=None if payload.budget_eur is None else Decimal(str(payload.budget_eur)),
            outputs=payload.outputs,
            is_public=payload.is_public,
            partners=[(o, "partner") for o in partners],
        )
    except (PermissionDenied, services.KnowledgeError) as exc:
        raise _refused(exc) from None
    generation = selectors.project_generation(project)
    return Status(201, _project_out(selectors.project_queryset().get(pk=project.pk), generation))


@router.get("/knowledge/publications", response=list[PublicationOut], summary="Publications")
def list_publications(
    request: HttpRequest, q: str = "", kind: str = "", language: str = "", cluster: str = ""
) -> list[PublicationOut]:
    found = selectors.publication_search(
        request_viewer(request),
        selectors.PublicationFilters(q=q, kind=kind, language=language, cluster=cluster),
    )
    return [
        PublicationOut(
            slug=p.slug,
            cluster=p.cluster.slug,
            kind=p.kind,
            title=p.title,
            abstract=p.abstract,
            language=p.language,
            year=p.year,
            authors=p.authors,
            url=p.url,
            has_file=bool(p.file),
            projects=[pr.slug for pr in p.projects.all()],
            is_public=p.is_public,
        )
        for p in found
    ]


# --- strategies -------------------------------------------------------------------------------


def _action_out(a: Action) -> ActionOut:
    return ActionOut(
        id=a.pk,
        title=a.title,
        focus_area=a.focus_area.name if a.focus_area else None,
        owner=a.owner or (a.owner_organisation.name if a.owner_organisation else ""),
        start_date=a.start_date,
        due_date=a.due_date,
        status=a.status,
        progress_pct=a.progress_pct,
        goal=a.goal.title if a.goal else None,
        goal_ref=a.goal_ref,
        event_ref=a.event_ref,
        deal_ref=a.deal_ref,
        projects=[p.slug for p in a.projects.all()],
        notes=a.notes,
    )


def _strategy_out(s: Strategy) -> StrategyOut:
    progress = selectors.strategy_progress(s)["total"]
    return StrategyOut(
        id=s.pk,
        cluster=s.cluster.slug,
        title=s.title,
        year_start=s.year_start,
        year_end=s.year_end,
        texts=s.texts,
        focus_areas=[a.name for a in s.focus_areas.all()],
        actions=[_action_out(a) for a in s.actions.all()],
        progress_pct=progress["progress_pct"],
        overdue=len(progress["overdue"]),
    )


@router.get("/knowledge/strategies", response=list[StrategyOut], summary="Strategies and plans")
def list_strategies(request: HttpRequest) -> list[StrategyOut]:
    viewer = request_viewer(request)
    return [_strategy_out(s) for s in selectors.strategy_list(viewer)]


@router.patch(
    "/knowledge/actions/{action_id}",
    response={200: ActionOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Update an action of an action plan (coordinators)",
)
def patch_action(request: HttpRequest, action_id: int, payload: ActionPatch) -> ActionOut:
    viewer = token_viewer(request)
    try:
        action = selectors.action_get(viewer, action_id)
    except Action.DoesNotExist:
        raise HttpError(404, "no such action") from None
    try:
        services.action_update(
            viewer=viewer, action=action, changes=payload.dict(exclude_unset=True)
        )
    except (PermissionDenied, services.KnowledgeError) as exc:
        raise _refused(exc) from None
    return _action_out(selectors.action_get(viewer, action_id))
