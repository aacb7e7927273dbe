"""Writes of the knowledge app. Each function checks the viewer's permission (only the
coordinators of a record's cluster edit it), writes in one transaction and records an audit
entry; pages, API, import and demo all come through here. Public visitors may only send a
training enquiry and, with the link their booking received, give feedback."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from greencluster.core.knowledge.files import AttachmentRefused, check_attachment
from greencluster.core.knowledge.lineage import would_create_cycle
from greencluster.core.knowledge.programme import (
    ModuleSpec,
    ProgrammeError,
    build_programme,
    half_days,
)
from greencluster.core.knowledge.records import PracticeRecord
from greencluster.core.knowledge.vocabulary import (
    FIELDS,
    LANGUAGES,
    Kind,
    UnknownTerm,
    fold,
    in_language,
)
from greencluster.web.accounts.permissions import PermissionDenied, Viewer
from greencluster.web.audit.services import audit_record, diff
from greencluster.web.common.errors import ServiceError
from greencluster.web.common.slugs import unique_slug
from greencluster.web.knowledge.models import (
    Action,
    Booking,
    DigestSubscription,
    Enquiry,
    Feedback,
    FocusArea,
    Funding,
    Participant,
    Practice,
    PracticeAttachment,
    Project,
    ProjectPartner,
    Publication,
    Session,
    Strategy,
    TrainingModule,
    TrainingPackage,
)
from greencluster.web.registry.models import Cluster, Organisation


class KnowledgeError(ServiceError):
    """A write was refused for a reason the user can fix; ``field`` names the field."""


def _require_coordinator(viewer: Viewer, cluster_id: int, what: str) -> None:
    if not viewer.can_manage_cluster(cluster_id):
        raise PermissionDenied(f"only the cluster's coordinators may {what}")


# --- good practices ---------------------------------------------------------------------------


def practice_index(practice: Practice, organisation_names: Iterable[str]) -> None:
    """Fill the search columns: every text in every language, the vocabulary terms in all six
    languages, place, contacts and organisations, folded for case-insensitive matching."""
    parts: list[str] = [practice.ref, practice.origin_region, practice.country, practice.contacts]
    terms: list[str] = []
    field_text: dict[str, str] = {}
    for spec in FIELDS:
        if spec.kind is Kind.TEXT:
            value = " ".join((practice.texts or {}).get(spec.name, {}).values())
        elif spec.kind in (Kind.TERM, Kind.TERMS):
            assert spec.vocabulary is not None
            raw = getattr(practice, spec.name)
            codes = [raw] if isinstance(raw, str) else list(raw or [])
            codes = [c for c in codes if c]
            terms.extend(f"{spec.name}={c}" for c in codes)
            value = " ".join(" ".join(spec.vocabulary.get(c).labels) for c in codes)
        else:
            value = str(getattr(practice, spec.name) or "")
        if value:
            field_text[spec.name] = fold(value)
            parts.append(value)
    parts.extend(organisation_names)
    practice.search_text = fold(" ".join(p for p in parts if p))
    practice.terms_text = f" {' '.join(terms)} " if terms else ""
    practice.field_text = field_text


def _check_terms(record: PracticeRecord) -> None:
    """Every vocabulary value of ``record`` is a code of its vocabulary."""
    for spec in FIELDS:
        if spec.vocabulary is None:
            continue
        value = getattr(record, spec.name)
        for code in [value] if isinstance(value, str) else list(value or ()):
            if not code:
                continue
            try:
                spec.vocabulary.get(code)
            except UnknownTerm:
                codes = ", ".join(spec.vocabulary.codes())
                raise KnowledgeError(f"expected codes from {codes}", field=spec.name) from None


def _merge_texts(
    stored: dict[str, dict[str, str]], given: dict[str, dict[str, str]]
) -> dict[str, dict[str, str]]:
    """Given texts replace stored ones per field and language; an empty text removes one."""
    merged = {name: dict(by_lang) for name, by_lang in (stored or {}).items()}
    for name, by_lang in given.items():
        for lang, value in by_lang.items():
            if lang not in LANGUAGES:
                raise KnowledgeError(f"unknown language '{lang}'", field=name)
            if value.strip():
                merged.setdefault(name, {})[lang] = value.strip()
            else:
                merged.get(name, {}).pop(lang, None)
    return {name: by_lang for name, by_lang in merged.items() if by_lang}


@transaction.atomic
def practice_save(
    *,
    viewer: Viewer,
    cluster: Cluster,
    record: PracticeRecord,
    organisations: list[Organisation] | None = None,
    practice: Practice | None = None,
    keep_stored: bool = False,
) -> Practice:
    """Create the practice ``record.ref`` in ``cluster`` or update it (``practice`` given, or
    found by ref). Texts are merged by language; ``organisations`` (if given) replace the
    links; ``record.public`` of ``None`` keeps the stored visibility. With ``keep_stored``
    (imports) empty values keep what is stored instead of clearing it."""
    _require_coordinator(viewer, cluster.pk, "record good practices")
    _check_terms(record)
    if practice is None:
        practice = Practice.objects.filter(cluster=cluster, ref=record.ref).first()
    elif practice.cluster_id != cluster.pk:
        raise PermissionDenied("the practice belongs to another cluster")
    clash = Practice.objects.filter(cluster=cluster, ref=record.ref)
    if practice is not None and clash.exclude(pk=practice.pk).exists():
        raise KnowledgeError("another practice of the cluster has this reference", field="ref")
    created = practice is None
    if practice is None:
        practice = Practice(cluster=cluster, ref=record.ref, is_demo=record.is_demo)
        title = next(iter(record.texts.get("title", {}).values()), record.ref)
        practice.slug = unique_slug(Practice, f"{cluster.slug}-{title}", fallback="practice")
    texts = _merge_texts(practice.texts, {k: dict(v) for k, v in record.texts.items()})
    if not texts.get("title"):
        raise KnowledgeError("a practice needs a title in at least one language", field="title")
    start, end = record.year_start, record.year_end
    if keep_stored and practice.pk is not None:
        start = start if start is not None else practice.year_start
        end = end if end is not None else practice.year_end
    if start is not None and end is not None and end < start:
        raise KnowledgeError(
            f"the end year {end} is before the start year {start}", field="year_end"
        )
    values: dict[str, Any] = {
        "ref": record.ref,
        "texts": texts,
        "origin_region": record.origin_region or "",
        "country": record.country or "",
        "domain": record.domain or "",
        "challenges": list(record.challenges),
        "wood_types": list(record.wood_types),
        "scale": record.scale or "",
        "sustainability_potential": record.sustainability_potential or "",
        "year_start": start,
        "year_end": end,
        "contacts": record.contacts or "",
    }
    if record.public is not None:
        values["is_public"] = record.public
    if keep_stored and not created:
        values = {k: v for k, v in values.items() if v not in (None, "", [])}
    changes = {} if created else diff(practice, values)
    for key, value in values.items():
        setattr(practice, key, value)
    practice.save()
    if organisations is not None:
        practice.organisations.set(organisations)
    practice_index(practice, [o.name for o in practice.organisations.all()])
    practice.save(update_fields=["search_text", "terms_text", "field_text"])
    audit_record(
        actor=viewer.user,
        action="practice.create" if created else "practice.update",
        target=practice,
        cluster=cluster,
        changes=changes,
    )
    return practice


@transaction.atomic
def attachment_add(
    *, viewer: Viewer, practice: Practice, name: str, data: bytes
) -> PracticeAttachment:
    _require_coordinator(viewer, practice.cluster_id, "add attachments")
    try:
        media_type = check_attachment(name, data)
    except AttachmentRefused as exc:
        raise KnowledgeError(str(exc), field="file") from None
    attachment = PracticeAttachment(
        practice=practice, name=name[:200], media_type=media_type, size_bytes=len(data)
    )
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    audit_record(
        actor=viewer.user,
        action="practice.attach",
        target=practice,
        cluster=practice.cluster,
        changes={"file": name, "bytes": len(data)},
    )
    return attachment


@transaction.atomic
def attachment_delete(*, viewer: Viewer, attachment: PracticeAttachment) -> None:
    practice = attachment.practice
    _require_coordinator(viewer, practice.cluster_id, "remove attachments")
    audit_record(
        actor=viewer.user,
        action="practice.detach",
        target=practice,
        cluster=practice.cluster,
        changes={"file": attachment.name},
    )
    attachment.file.delete(save=False)
    attachment.delete()


# --- training ---------------------------------------------------------------------------------


@transaction.atomic
def package_create(
    *,
    viewer: Viewer,
    cluster: Cluster,
    titles: dict[str, str],
    descriptions: dict[str, str],
    days: int,
    languages: list[str],
    target_groups: list[str],
    price_eur: Decimal,
    price_basis: str = TrainingPackage.PriceBasis.PER_GROUP,
    min_participants: int = 1,
    max_participants: int = 30,
    is_public: bool = True,
    is_demo: bool = False,
) -> TrainingPackage:
    _require_coordinator(viewer, cluster.pk, "offer training packages")
    if not titles:
        raise KnowledgeError("a package needs a title", field="titles")
    if days < 1:
        raise KnowledgeError("a package lasts at least one day", field="days")
    if min_participants > max_participants:
        raise KnowledgeError(
            "the minimum group is larger than the maximum", field="min_participants"
        )
    unknown = [g for g in target_groups if g not in TrainingPackage.TargetGroup.values]
    if unknown:
        raise KnowledgeError(f"unknown target group {', '.join(unknown)}", field="target_groups")
    package = TrainingPackage.objects.create(
        cluster=cluster,
        slug=unique_slug(TrainingPackage, in_language(titles, "en"), fallback="training"),
        titles=titles,
        descriptions=descriptions,
        days=days,
        languages=",".join(_languages(languages)),
        target_groups=target_groups,
        price_eur=price_eur,
        price_basis=price_basis,
        min_participants=min_participants,
        max_participants=max_participants,
        is_public=is_public,
        is_demo=is_demo,
    )
    audit_record(actor=viewer.user, action="package.create", target=package, cluster=cluster)
    return package


def _languages(codes: Iterable[str]) -> list[str]:
    out = []
    for code in codes:
        code = code.strip().lower()
        if code not in LANGUAGES:
            raise KnowledgeError(f"unknown language '{code}'", field="languages")
        out.append(code)
    if not out:
        raise KnowledgeError("give at least one language", field="languages")
    return list(dict.fromkeys(out))


@transaction.atomic
def module_add(
    *,
    viewer: Viewer,
    package: TrainingPackage,
    code: str,
    titles: dict[str, str],
    duration_days: Decimal,
    languages: list[str],
    partner: Organisation | None = None,
    partner_role: str = "",
) -> TrainingModule:
    _require_coordinator(viewer, package.cluster_id, "change training packages")
    if package.modules.filter(code=code).exists():
        raise KnowledgeError(f"the package already has a module {code}", field="code")
    try:
        half_days(float(duration_days))
    except ProgrammeError as exc:
        raise KnowledgeError(str(exc), field="duration_days") from None
    module = TrainingModule.objects.create(
        package=package,
        code=code,
        titles=titles,
        duration_days=duration_days,
        languages=",".join(_languages(languages)),
        partner=partner,
        partner_role=partner_role,
        position=package.modules.count(),
    )
    audit_record(
        actor=viewer.user,
        action="package.add-module",
        target=package,
        cluster=package.cluster,
        changes={"module": code},
    )
    return module


def _set_status(
    viewer: Viewer, record: Enquiry | Booking, status: str, *, what: str, action: str
) -> None:
    """Set ``record.status`` (an enquiry or a booking of a package) and audit the change."""
    _require_coordinator(viewer, record.package.cluster_id, what)
    if status not in type(record).Status.values:
        raise KnowledgeError(f"unknown status '{status}'", field="status")
    changes = diff(record, {"status": status})
    record.status = status
    record.save(update_fields=["status"])
    audit_record(
        actor=viewer.user,
        action=action,
        target=record,
        cluster=record.package.cluster,
        changes=changes,
    )


@transaction.atomic
def enquiry_set_status(*, viewer: Viewer, enquiry: Enquiry, status: str) -> Enquiry:
    _set_status(viewer, enquiry, status, what="answer enquiries", action="enquiry.status")
    return enquiry


@transaction.atomic
def enquiry_submit(
    *,
    package: TrainingPackage,
    contact_name: str,
    email: str,
    organisation_name: str,
    country: str,
    group_size: int,
    preferred_start: dt.date | None,
    language: str,
    message: str = "",
) -> Enquiry:
    """A visitor asks about a package (no login needed for a public package)."""
    if language not in package.language_list:
        raise KnowledgeError(
            f"the package is offered in {', '.join(package.language_list)}", field="language"
        )
    _check_group_size(package, group_size)
    enquiry = Enquiry.objects.create(
        package=package,
        contact_name=contact_name.strip(),
        email=email.strip(),
        organisation_name=organisation_name.strip(),
        country=country.strip().upper(),
        group_size=group_size,
        preferred_start=preferred_start,
        language=language,
        message=message.strip(),
    )
    audit_record(actor=None, action="enquiry.create", target=enquiry, cluster=package.cluster)
    return enquiry


def _check_group_size(package: TrainingPackage, group_size: int) -> None:
    if not package.min_participants <= group_size <= package.max_participants:
        raise KnowledgeError(
            f"the package takes groups of {package.min_participants} to "
            f"{package.max_participants} people",
            field="group_size",
        )


def _price(package: TrainingPackage, group_size: int) -> Decimal:
    if package.price_basis == TrainingPackage.PriceBasis.PER_PARTICIPANT:
        return package.price_eur * group_size
    return package.price_eur


@transaction.atomic
def booking_create(
    *,
    viewer: Viewer,
    package: TrainingPackage,
    group_name: str,
    country: str,
    language: str,
    start_date: dt.date,
    group_size: int,
    module_codes: list[str],
    enquiry: Enquiry | None = None,
) -> Booking:
    """Book the package for a group and lay out its programme from the chosen modules (in the
    order given) over the working days from ``start_date``."""
    _require_coordinator(viewer, package.cluster_id, "book training")
    _check_group_size(package, group_size)
    modules = {m.code: m for m in package.modules.all()}
    unknown = [c for c in module_codes if c not in modules]
    if unknown:
        raise KnowledgeError(f"no module {', '.join(unknown)} in this package", field="modules")
    chosen = [modules[c] for c in module_codes]
    specs = [
        ModuleSpec(m.code, float(m.duration_days), tuple(m.language_list), m.partner_id or "")
        for m in chosen
    ]
    try:
        programme = build_programme(
            specs, start=start_date, language=language, max_days=package.days
        )
    except ProgrammeError as exc:
        raise KnowledgeError(str(exc), field="modules") from None
    booking = Booking.objects.create(
        package=package,
        enquiry=enquiry,
        group_name=group_name.strip(),
        country=country.strip().upper(),
        language=language,
        start_date=start_date,
        group_size=group_size,
        price_eur=_price(package, group_size),
    )
    Session.objects.bulk_create(
        Session(
            booking=booking,
            module=modules[item.module_code],
            day_number=item.day_number,
            date=item.date,
            part=item.part.value,
        )
        for item in programme.items
    )
    if enquiry is not None:
        enquiry.status = Enquiry.Status.BOOKED
        enquiry.save(update_fields=["status"])
    audit_record(
        actor=viewer.user,
        action="booking.create",
        target=booking,
        cluster=package.cluster,
        changes={"modules": module_codes, "start": start_date.isoformat()},
    )
    return booking


@transaction.atomic
def booking_set_status(*, viewer: Viewer, booking: Booking, status: str) -> Booking:
    _set_status(viewer, booking, status, what="change bookings", action="booking.status")
    return booking


@transaction.atomic
def session_link_event(*, viewer: Viewer, session: Session, event_url: str) -> Session:
    _require_coordinator(viewer, session.booking.package.cluster_id, "change bookings")
    session.event_url = event_url.strip()
    session.save(update_fields=["event_url"])
    audit_record(
        actor=viewer,
        action="booking.session-link-event",
        target=session.booking,
        cluster=session.booking.package.cluster,
        changes={"session": session.pk, "event_url": session.event_url},
    )
    return session


@transaction.atomic
def participant_add(
    *, viewer: Viewer, booking: Booking, name: str, email: str = "", organisation_name: str = ""
) -> Participant:
    _require_coordinator(viewer, booking.package.cluster_id, "change bookings")
    if booking.participants.count() >= booking.package.max_participants:
        raise KnowledgeError(
            f"the package takes at most {booking.package.max_participants} participants",
            field="name",
        )
    participant = Participant.objects.create(
        booking=booking, name=name.strip(), email=email.strip(), organisation_name=organisation_name
    )
    audit_record(
        actor=viewer.user,
        action="booking.add-participant",
        target=booking,
        cluster=booking.package.cluster,
    )
    return participant


@transaction.atomic
def feedback_submit(
    *, booking: Booking, rating: int, comment: str = "", module: TrainingModule | None = None
) -> Feedback:
    """Feedback from a participant (through the booking's feedback link) or a coordinator."""
    if not 1 <= rating <= 5:
        raise KnowledgeError("give a rating from 1 to 5", field="rating")
    if module is not None and module.package_id != booking.package_id:
        raise KnowledgeError("the module is not part of this package", field="module")
    if booking.status == Booking.Status.CANCELLED:
        raise KnowledgeError("the booking was cancelled")
    return Feedback.objects.create(
        booking=booking, rating=rating, comment=comment.strip(), module=module
    )


# --- projects ---------------------------------------------------------------------------------


def _check_parent(project: Project | None, parent: Project | None, cluster: Cluster) -> None:
    if parent is None:
        return
    if parent.cluster_id != cluster.pk:
        raise KnowledgeError("the earlier project belongs to another cluster", field="parent")
    if project is not None and project.pk is not None:
        parents = dict(Project.objects.filter(cluster=cluster).values_list("pk", "parent_id"))
        if would_create_cycle(parents, project.pk, parent.pk):
            raise KnowledgeError(
                "a project cannot grow out of itself or of a project that grew out of it",
                field="parent",
            )


@transaction.atomic
def project_save(
    *,
    viewer: Viewer,
    cluster: Cluster,
    title: str,
    summary: str = "",
    parent: Project | None = None,
    status: str = Project.Status.PLANNED,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    budget_eur: Decimal | None = None,
    outputs: str = "",
    is_public: bool = False,
    partners: list[tuple[Organisation, str]] | None = None,
    funding: list[tuple[str, str, Decimal]] | None = None,
    project: Project | None = None,
    is_demo: bool = False,
) -> Project:
    """Create a project (or update ``project``). ``partners`` and ``funding`` (if given)
    replace the stored ones."""
    _require_coordinator(viewer, cluster.pk, "record projects")
    if project is not None and project.cluster_id != cluster.pk:
        raise PermissionDenied("the project belongs to another cluster")
    if not title.strip():
        raise KnowledgeError("a project needs a title", field="title")
    if start_date and end_date and end_date < start_date:
        raise KnowledgeError("the end date is before the start date", field="end_date")
    if status not in Project.Status.values:
        raise KnowledgeError(f"unknown status '{status}'", field="status")
    _check_parent(project, parent, cluster)
    values: dict[str, Any] = {
        "title": title.strip(),
        "summary": summary,
        "parent": parent,
        "status": status,
        "start_date": start_date,
        "end_date": end_date,
        "budget_eur": budget_eur,
        "outputs": outputs,
        "is_public": is_public,
    }
    created = project is None
    if project is None:
        project = Project(
            cluster=cluster,
            slug=unique_slug(Project, title, fallback="project"),
            is_demo=is_demo,
        )
    changes = {} if created else diff(project, values)
    for key, value in values.items():
        setattr(project, key, value)
    project.save()
    if partners is not None:
        project.partnerships.all().delete()
        roles = {}
        for organisation, role in partners:
            if role not in ProjectPartner.Role.values:
                raise KnowledgeError(f"unknown partner role '{role}'", field="partners")
            roles[organisation.pk] = (organisation, role)
        ProjectPartner.objects.bulk_create(
            ProjectPartner(project=project, organisation=o, role=r) for o, r in roles.values()
        )
    if funding is not None:
        project.funding.all().delete()
        for funder, _programme, amount in funding:
            if amount < 0 or not funder.strip():
                raise KnowledgeError(
                    "funding needs a funder and a non-negative amount", field="funding"
                )
        Funding.objects.bulk_create(
            Funding(project=project, funder=f.strip(), programme=p.strip(), amount_eur=a)
            for f, p, a in funding
        )
    audit_record(
        actor=viewer.user,
        action="project.create" if created else "project.update",
        target=project,
        cluster=cluster,
        changes=changes,
    )
    return project


# --- publications -----------------------------------------------------------------------------


@transaction.atomic
def publication_create(
    *,
    viewer: Viewer,
    cluster: Cluster,
    kind: str,
    title: str,
    abstract: str,
    language: str,
    year: int,
    authors: str = "",
    url: str = "",
    projects: list[Project] | None = None,
    file_name: str = "",
    file_data: bytes | None = None,
    is_public: bool = False,
    is_demo: bool = False,
) -> Publication:
    _require_coordinator(viewer, cluster.pk, "record publications")
    if kind not in Publication.Kind.values:
        raise KnowledgeError(f"unknown kind '{kind}'", field="kind")
    if language not in LANGUAGES:
        raise KnowledgeError(f"unknown language '{language}'", field="language")
    if not 1900 <= year <= 2100:
        raise KnowledgeError("give the year of publication", field="year")
    media_type = ""
    if file_data is not None:
        try:
            media_type = check_attachment(file_name, file_data)
        except AttachmentRefused as exc:
            raise KnowledgeError(str(exc), field="file") from None
    publication = Publication(
        cluster=cluster,
        slug=unique_slug(Publication, title, fallback="publication"),
        kind=kind,
        title=title.strip(),
        abstract=abstract.strip(),
        language=language,
        year=year,
        authors=authors.strip(),
        url=url,
        file_media_type=media_type,
        is_public=is_public,
        is_demo=is_demo,
        search_title=fold(title),
        search_abstract=fold(abstract),
    )
    if file_data is not None:
        publication.file.save(file_name, ContentFile(file_data), save=False)
    publication.save()
    others = [p for p in projects or [] if p.cluster_id != cluster.pk]
    if others:
        raise KnowledgeError("related projects must belong to the same cluster", field="projects")
    publication.projects.set(projects or [])
    audit_record(
        actor=viewer.user, action="publication.create", target=publication, cluster=cluster
    )
    return publication


# --- strategies and action plans --------------------------------------------------------------


@transaction.atomic
def strategy_create(
    *,
    viewer: Viewer,
    cluster: Cluster,
    title: str,
    year_start: int,
    year_end: int,
    texts: dict[str, str],
    focus_areas: list[tuple[str, str]],
    is_public: bool = True,
    is_demo: bool = False,
) -> Strategy:
    _require_coordinator(viewer, cluster.pk, "write the strategy")
    if year_end < year_start:
        raise KnowledgeError("the strategy ends before it starts", field="year_end")
    strategy = Strategy.objects.create(
        cluster=cluster,
        title=title.strip(),
        year_start=year_start,
        year_end=year_end,
        texts={k: v for k, v in texts.items() if v.strip()},
        is_public=is_public,
        is_demo=is_demo,
    )
    FocusArea.objects.bulk_create(
        FocusArea(strategy=strategy, name=name, description=description, position=i)
        for i, (name, description) in enumerate(focus_areas)
    )
    audit_record(actor=viewer.user, action="strategy.create", target=strategy, cluster=cluster)
    return strategy


ACTION_FIELDS = (
    "title",
    "goal",
    "focus_area",
    "owner",
    "owner_organisation",
    "start_date",
    "due_date",
    "status",
    "progress_pct",
    "goal_ref",
    "event_ref",
    "deal_ref",
    "notes",
)


def _action_values(strategy: Strategy, values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(ACTION_FIELDS)
    if unknown:
        raise KnowledgeError(f"unknown action field {', '.join(sorted(unknown))}")
    clean = dict(values)
    if "title" in clean and not str(clean["title"]).strip():
        raise KnowledgeError("an action needs a title", field="title")
    status = clean.get("status")
    if status is not None and status not in Action.Status.values:
        raise KnowledgeError(f"unknown status '{status}'", field="status")
    progress = clean.get("progress_pct")
    if progress is not None and not 0 <= progress <= 100:
        raise KnowledgeError("progress is a percentage from 0 to 100", field="progress_pct")
    if status == Action.Status.DONE:
        clean["progress_pct"] = 100
    goal = clean.get("goal")
    if goal is not None and goal.cluster_id != strategy.cluster_id:
        raise KnowledgeError("the goal belongs to another cluster", field="goal")
    area = clean.get("focus_area")
    if area is not None and area.strategy_id != strategy.pk:
        raise KnowledgeError("the focus area belongs to another strategy", field="focus_area")
    return clean


def _check_dates(action: Action) -> None:
    if action.start_date and action.due_date and action.due_date < action.start_date:
        raise KnowledgeError("the due date is before the start", field="due_date")


def _set_projects(action: Action, strategy: Strategy, projects: list[Project] | None) -> None:
    if projects is None:
        return
    if any(p.cluster_id != strategy.cluster_id for p in projects):
        raise KnowledgeError("linked projects must belong to the cluster", field="projects")
    action.projects.set(projects)


@transaction.atomic
def action_create(
    *,
    viewer: Viewer,
    strategy: Strategy,
    title: str,
    focus_area: FocusArea | None = None,
    owner: str = "",
    owner_organisation: Organisation | None = None,
    start_date: dt.date | None = None,
    due_date: dt.date | None = None,
    status: str = Action.Status.PLANNED,
    progress_pct: int = 0,
    goal: Any = None,
    goal_ref: str = "",
    event_ref: str = "",
    deal_ref: str = "",
    notes: str = "",
    projects: list[Project] | None = None,
) -> Action:
    """Add an action to the plan of ``strategy``."""
    _require_coordinator(viewer, strategy.cluster_id, "change the action plan")
    clean = _action_values(
        strategy,
        {
            "title": title,
            "focus_area": focus_area,
            "owner": owner,
            "owner_organisation": owner_organisation,
            "start_date": start_date,
            "due_date": due_date,
            "status": status,
            "progress_pct": progress_pct,
            "goal": goal,
            "goal_ref": goal_ref,
            "event_ref": event_ref,
            "deal_ref": deal_ref,
            "notes": notes,
        },
    )
    action = Action(strategy=strategy, **clean)
    _check_dates(action)
    action.save()
    _set_projects(action, strategy, projects)
    audit_record(actor=viewer.user, action="action.create", target=action, cluster=strategy.cluster)
    return action


@transaction.atomic
def action_update(
    *,
    viewer: Viewer,
    action: Action,
    changes: Mapping[str, Any],
    projects: list[Project] | None = None,
) -> Action:
    """Change the fields named in ``changes`` (names of :data:`ACTION_FIELDS`); marking an
    action done sets its progress to 100 %. ``projects`` (if given) replace the links."""
    strategy = action.strategy
    _require_coordinator(viewer, strategy.cluster_id, "change the action plan")
    clean = _action_values(strategy, dict(changes))
    logged = diff(action, clean)
    for key, value in clean.items():
        setattr(action, key, value)
    _check_dates(action)
    action.save()
    _set_projects(action, strategy, projects)
    audit_record(
        actor=viewer.user,
        action="action.update",
        target=action,
        cluster=strategy.cluster,
        changes=logged,
    )
    return action


# --- digest -----------------------------------------------------------------------------------


@transaction.atomic
def digest_subscribe(
    *, user: Any, active: bool, frequency: str = "weekly", language: str = "en"
) -> DigestSubscription:
    """Opt in to (or out of) the periodic digest."""
    if frequency not in DigestSubscription.Frequency.values:
        raise KnowledgeError(f"unknown frequency '{frequency}'", field="frequency")
    if language not in LANGUAGES:
        raise KnowledgeError(f"unknown language '{language}'", field="language")
    subscription, _ = DigestSubscription.objects.update_or_create(
        user=user, defaults={"is_active": active, "frequency": frequency, "language": language}
    )
    audit_record(
        actor=user,
        action="digest.subscribe" if active else "digest.unsubscribe",
        target=subscription,
        changes={"frequency": frequency, "language": language},
    )
    return subscription
