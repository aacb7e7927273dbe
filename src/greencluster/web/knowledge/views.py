"""Pages of the knowledge app. Each view turns a request into selector/service calls and their
errors into messages; visibility and permissions are decided in selectors and services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from greencluster.core.errors import InputError
from greencluster.core.knowledge.vocabulary import LANGUAGES, interface_language
from greencluster.web.accounts.permissions import PermissionDenied, Viewer, viewer_for
from greencluster.web.common.errors import add_form_error
from greencluster.web.impact.models import Goal
from greencluster.web.knowledge import selectors, services, transfer
from greencluster.web.knowledge.forms import (
    ActionForm,
    BookingForm,
    BookingStatusForm,
    DigestForm,
    EnquiryForm,
    EnquiryStatusForm,
    FeedbackForm,
    ImportForm,
    ModuleForm,
    PackageForm,
    ParticipantForm,
    PracticeForm,
    PracticeSearchForm,
    ProjectForm,
    PublicationForm,
    PublicationSearchForm,
    SessionEventForm,
    StrategyForm,
    UploadForm,
)
from greencluster.web.knowledge.models import (
    Action,
    Booking,
    DigestSubscription,
    Enquiry,
    Practice,
    PracticeAttachment,
    Project,
    Publication,
    Session,
    Strategy,
    TrainingPackage,
)
from greencluster.web.registry.models import Cluster, Organisation
from greencluster.web.registry.selectors import managed_cluster_get


def _lang(request: HttpRequest) -> str:
    return interface_language(getattr(request, "LANGUAGE_CODE", None))


def _managed_cluster(request: HttpRequest, slug: str) -> Cluster:
    return managed_cluster_get(viewer_for(request.user), slug)


def _coordinator_clusters(request: HttpRequest, what: str) -> tuple[Viewer, QuerySet[Cluster]]:
    """The viewer and the clusters they coordinate; 403 for anybody who coordinates none."""
    viewer = viewer_for(request.user)
    clusters = selectors.managed_clusters(viewer)
    if not clusters.exists():
        raise PermissionDenied(f"only coordinators {what}")
    return viewer, clusters


def home(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(
        request,
        "knowledge/home.html",
        {
            "practices": selectors.practice_search(viewer, selectors.PracticeFilters()).practices[
                :5
            ],
            "packages": selectors.package_list(viewer)[:5],
            "strategies": selectors.strategy_list(viewer),
            "managed": selectors.managed_clusters(viewer),
            "lang": _lang(request),
        },
    )


# --- good practices ---------------------------------------------------------------------------


def practice_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    form = PracticeSearchForm(request.GET or None, clusters=Cluster.objects.order_by("name"))
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.PracticeFilters(
        **{k: (data.get(k) or "") for k in selectors.PracticeFilters.__dataclass_fields__}
    )
    search = selectors.practice_search(viewer, filters)
    page = Paginator(search.practices, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "parsed": search.query,
        "lang": _lang(request),
        "managed": selectors.managed_clusters(viewer),
    }
    if request.headers.get("HX-Request"):
        return render(request, "knowledge/_practice_results.html", context)
    return render(request, "knowledge/practice_list.html", context)


def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    try:
        practice = selectors.practice_get(viewer, slug)
    except Practice.DoesNotExist:
        raise Http404 from None
    lang = request.GET.get("lang") or _lang(request)
    lang = lang if lang in LANGUAGES else "en"
    return render(
        request,
        "knowledge/practice_detail.html",
        {
            "practice": practice,
            "view": selectors.practice_view(practice, lang),
            "lang": lang,
            "can_edit": viewer.can_manage_cluster(practice.cluster_id),
            "upload": UploadForm(),
        },
    )


def _practice_form(request: HttpRequest, practice: Practice | None) -> PracticeForm:
    viewer = viewer_for(request.user)
    clusters = selectors.managed_clusters(viewer)
    if practice is not None:
        clusters = clusters.filter(pk=practice.cluster_id)
    organisations = Organisation.objects.filter(memberships__cluster__in=clusters).distinct()
    lang = request.GET.get("lang") or _lang(request)
    initial: dict[str, Any] = {"language": lang, "cluster": request.GET.get("cluster", "")}
    if practice is not None:
        initial.update(
            cluster=practice.cluster.slug,
            ref=practice.ref,
            origin_region=practice.origin_region,
            country=practice.country,
            domain=practice.domain,
            challenges=practice.challenges,
            wood_types=practice.wood_types,
            scale=practice.scale,
            sustainability_potential=practice.sustainability_potential,
            year_start=practice.year_start,
            year_end=practice.year_end,
            contacts=practice.contacts,
            organisations=[o.slug for o in practice.organisations.all()],
            is_public=practice.is_public,
            **{k: v.get(lang, "") for k, v in (practice.texts or {}).items()},
        )
    return PracticeForm(
        request.POST or None,
        initial=initial,
        clusters=clusters,
        organisations=organisations.order_by("name"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    viewer = viewer_for(request.user)
    practice = None
    if slug is not None:
        practice = get_object_or_404(selectors.practice_queryset(), slug=slug)
        if not viewer.can_manage_cluster(practice.cluster_id):
            raise PermissionDenied("only the cluster's coordinators may edit this practice")
    elif not selectors.managed_clusters(viewer).exists():
        raise PermissionDenied("only coordinators record good practices")
    form = _practice_form(request, practice)
    if request.method == "POST" and form.is_valid():
        cluster = get_object_or_404(Cluster, slug=form.cleaned_data["cluster"])
        record = form.record()
        orgs = list(Organisation.objects.filter(slug__in=record.organisations))
        try:
            saved = services.practice_save(
                viewer=viewer,
                cluster=cluster,
                record=record,
                organisations=orgs,
                practice=practice,
            )
        except services.KnowledgeError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("knowledge:practice", slug=saved.slug)
    return render(request, "knowledge/practice_form.html", {"form": form, "practice": practice})


@login_required
@require_http_methods(["POST"])
def attachment_add(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_object_or_404(Practice, slug=slug)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attachment_add(
                viewer=viewer_for(request.user),
                practice=practice,
                name=upload.name,
                data=upload.read(),
            )
        except services.KnowledgeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("File attached."))
    else:
        for error in form.errors.get("file", [_("Choose a file to attach.")]):
            messages.error(request, error)
    return redirect("knowledge:practice", slug=practice.slug)


def attachment_download(request: HttpRequest, slug: str, attachment_id: int) -> FileResponse:
    try:
        practice = selectors.practice_get(viewer_for(request.user), slug)
    except Practice.DoesNotExist:
        raise Http404 from None
    attachment = get_object_or_404(PracticeAttachment, pk=attachment_id, practice=practice)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["Content-Type"] = attachment.media_type
    return response


@login_required
@require_http_methods(["POST"])
def attachment_delete(request: HttpRequest, slug: str, attachment_id: int) -> HttpResponse:
    attachment = get_object_or_404(PracticeAttachment, pk=attachment_id, practice__slug=slug)
    services.attachment_delete(viewer=viewer_for(request.user), attachment=attachment)
    messages.success(request, _("File removed."))
    return redirect("knowledge:practice", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def practice_import(request: HttpRequest, cluster_slug: str) -> HttpResponse:
    cluster = _managed_cluster(request, cluster_slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = transfer.practices_import(
                viewer=viewer_for(request.user),
                cluster=cluster,
                data=upload.read(),
                filename=upload.name,
                default_language=form.cleaned_data["language"],
            )
        except InputError as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                _("Imported %(rows)d rows: %(created)d new and %(updated)d updated practices.")
                % {"rows": result.rows, "created": result.created, "updated": result.updated},
            )
            return redirect(f"{_url('knowledge:practices')}?cluster={cluster.slug}")
    return render(
        request,
        "knowledge/practice_import.html",
        {"cluster": cluster, "form": form, "errors": errors},
    )


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def practice_export(request: HttpRequest, cluster_slug: str, fmt: str) -> HttpResponse:
    """Everything of the cluster the viewer may see (the public: its public practices)."""
    cluster = get_object_or_404(Cluster, slug=cluster_slug)
    search = selectors.practice_search(
        viewer_for(request.user), selectors.PracticeFilters(cluster=cluster.slug)
    )
    body = transfer.practices_export(list(search.practices.order_by("ref")), fmt)
    response = HttpResponse(body, content_type=transfer.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{cluster.slug}-practices.{fmt}"'
    return response


# --- training ---------------------------------------------------------------------------------


def package_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(
        request,
        "knowledge/package_list.html",
        {
            "packages": selectors.package_list(viewer),
            "lang": _lang(request),
            "managed": selectors.managed_clusters(viewer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def package_create(request: HttpRequest) -> HttpResponse:
    viewer, clusters = _coordinator_clusters(request, "offer training packages")
    form = PackageForm(
        request.POST or None, clusters=clusters, initial={"text_language": _lang(request)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        lang = data["text_language"]
        try:
            package = services.package_create(
                viewer=viewer,
                cluster=get_object_or_404(clusters, slug=data["cluster"]),
                titles={lang: data["title"]},
                descriptions={lang: data["description"]} if data["description"] else {},
                days=data["days"],
                languages=data["languages"],
                target_groups=data["target_groups"],
                price_eur=data["price_eur"],
                price_basis=data["price_basis"],
                min_participants=data["min_participants"],
                max_participants=data["max_participants"],
                is_public=data["is_public"],
            )
        except services.KnowledgeError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Saved. Add the modules next."))
            return redirect("knowledge:package", slug=package.slug)
    return render(
        request,
        "knowledge/simple_form.html",
        {"form": form, "heading": _("Offer a training package")},
    )


@require_http_methods(["GET", "POST"])
def package_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    try:
        package = selectors.package_get(viewer, slug)
    except TrainingPackage.DoesNotExist:
        raise Http404 from None
    can_manage = viewer.can_manage_cluster(package.cluster_id)
    partners = (
        Organisation.objects.filter(memberships__cluster_id=package.cluster_id)
        .distinct()
        .order_by("name")
        if can_manage
        else Organisation.objects.none()
    )
    adding_module = request.method == "POST" and "m-code" in request.POST
    module_form = ModuleForm(
        request.POST if adding_module else None, prefix="m", organisations=partners
    )
    if adding_module:
        if not can_manage:
            raise PermissionDenied("only the cluster's coordinators may change packages")
        if module_form.is_valid():
            data = module_form.cleaned_data
            try:
                services.module_add(
                    viewer=viewer,
                    package=package,
                    code=data["code"].strip(),
                    titles={_lang(request): data["title"]},
                    duration_days=data["duration_days"],
                    languages=data["languages"],
                    partner=partners.filter(slug=data["partner"]).first()
                    if data["partner"]
                    else None,
                    partner_role=data["partner_role"],
                )
            except services.KnowledgeError as exc:
                add_form_error(module_form, exc)
            else:
                messages.success(request, _("Module added."))
                return redirect("knowledge:package", slug=package.slug)
    form = EnquiryForm(
        None if adding_module else (request.POST or None), languages=package.language_list
    )
    if request.method == "POST" and not adding_module and form.is_valid():
        try:
            services.enquiry_submit(package=package, **form.cleaned_data)
        except services.KnowledgeError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Thank you. The cluster will answer your enquiry."))
            return redirect("knowledge:package", slug=package.slug)
    return render(
        request,
        "knowledge/package_detail.html",
        {
            "package": package,
            "form": form,
            "lang": _lang(request),
            "can_manage": can_manage,
            "module_form": module_form,
            "status_choices": EnquiryStatusForm.base_fields["status"].choices,
            "enquiries": selectors.enquiry_list(viewer, package),
            "bookings": selectors.booking_list(viewer, package),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_create(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    package = get_object_or_404(selectors.package_list(viewer), slug=slug)
    if not viewer.can_manage_cluster(package.cluster_id):
        raise PermissionDenied("only the cluster's coordinators may book training")
    enquiry = None
    if request.GET.get("enquiry"):
        enquiry = get_object_or_404(Enquiry, pk=request.GET["enquiry"], package=package)
    initial: dict[str, Any] = {"modules": [m.code for m in package.modules.all()]}
    if enquiry is not None:
        initial.update(
            group_name=enquiry.organisation_name or enquiry.contact_name,
            country=enquiry.country,
            language=enquiry.language,
            start_date=enquiry.preferred_start,
            group_size=enquiry.group_size,
        )
    form = BookingForm(request.POST or None, initial=initial, package=package)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        order = [m.code for m in package.modules.all()]
        try:
            booking = services.booking_create(
                viewer=viewer,
                package=package,
                group_name=data["group_name"],
                country=data["country"],
                language=data["language"],
                start_date=data["start_date"],
                group_size=data["group_size"],
                module_codes=[c for c in order if c in data["modules"]],
                enquiry=enquiry,
            )
        except services.KnowledgeError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Booked. The programme is below."))
            return redirect("knowledge:booking", booking_id=booking.pk)
    return render(
        request,
        "knowledge/booking_form.html",
        {"package": package, "form": form, "enquiry": enquiry},
    )


@login_required
@require_http_methods(["POST"])
def enquiry_status(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = get_object_or_404(Enquiry.objects.select_related("package"), pk=enquiry_id)
    form = EnquiryStatusForm(request.POST)
    if form.is_valid():
        services.enquiry_set_status(
            viewer=viewer_for(request.user), enquiry=enquiry, status=form.cleaned_data["status"]
        )
    return redirect("knowledge:package", slug=enquiry.package.slug)


def _booking(request: HttpRequest, booking_id: int) -> Booking:
    try:
        return selectors.booking_get(viewer_for(request.user), booking_id)
    except Booking.DoesNotExist:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def booking_detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = _booking(request, booking_id)
    viewer = viewer_for(request.user)
    participant_form = ParticipantForm(prefix="p")
    status_form = BookingStatusForm(prefix="s", initial={"status": booking.status})
    if request.method == "POST":
        try:
            if "p-name" in request.POST:
                participant_form = ParticipantForm(request.POST, prefix="p")
                if participant_form.is_valid():
                    services.participant_add(
                        viewer=viewer, booking=booking, **participant_form.cleaned_data
                    )
                    messages.success(request, _("Participant added."))
                    return redirect("knowledge:booking", booking_id=booking.pk)
            elif "s-status" in request.POST:
                status_form = BookingStatusForm(request.POST, prefix="s")
                if status_form.is_valid():
                    services.booking_set_status(
                        viewer=viewer, booking=booking, status=status_form.cleaned_data["status"]
                    )
                    messages.success(request, _("Saved."))
                    return redirect("knowledge:booking", booking_id=booking.pk)
            elif "session" in request.POST:
                session = get_object_or_404(Session, pk=request.POST["session"], booking=booking)
                event_form = SessionEventForm(request.POST)
                if event_form.is_valid():
                    services.session_link_event(
                        viewer=viewer, session=session, **event_form.cleaned_data
                    )
                    return redirect("knowledge:booking", booking_id=booking.pk)
        except services.KnowledgeError as exc:
            messages.error(request, str(exc))
    days: dict[int, list[Session]] = {}
    for session in booking.sessions.all():
        days.setdefault(session.day_number, []).append(session)
    return render(
        request,
        "knowledge/booking_detail.html",
        {
            "booking": booking,
            "days": sorted(days.items()),
            "participant_form": participant_form,
            "status_form": status_form,
            "feedback": selectors.feedback_summary(booking),
            "feedback_url": request.build_absolute_uri(
                _url("knowledge:feedback", booking.feedback_token)
            ),
            "lang": _lang(request),
        },
    )


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    """Participants give feedback through the link their booking received (no login)."""
    booking = get_object_or_404(Booking.objects.select_related("package"), feedback_token=token)
    form = FeedbackForm(request.POST or None, package=booking.package)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["module"]
        module = booking.package.modules.filter(code=code).first() if code else None
        try:
            services.feedback_submit(
                booking=booking,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                module=module,
            )
        except services.KnowledgeError as exc:
            add_form_error(form, exc)
        else:
            return render(request, "knowledge/feedback_thanks.html", {"booking": booking})
    return render(request, "knowledge/feedback_form.html", {"booking": booking, "form": form})


# --- projects ---------------------------------------------------------------------------------


def project_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    cluster = None
    if request.GET.get("cluster"):
        cluster = get_object_or_404(Cluster, slug=request.GET["cluster"])
    projects = list(selectors.project_list(viewer, cluster=cluster))
    return render(
        request,
        "knowledge/project_list.html",
        {
            "trees": selectors.lineage_trees(projects),
            "figures": selectors.project_figures(projects),
            "cluster": cluster,
            "clusters": Cluster.objects.filter(projects__isnull=False).distinct(),
            "managed": selectors.managed_clusters(viewer),
        },
    )


def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    viewer = viewer_for(request.user)
    try:
        project = selectors.project_get(viewer, slug)
    except Project.DoesNotExist:
        raise Http404 from None
    family = list(selectors.project_list(viewer, cluster=project.cluster))
    return render(
        request,
        "knowledge/project_detail.html",
        {
            "project": project,
            "trees": selectors.lineage_trees(family, root=project),
            "publications": selectors.visible(project.publications.all(), viewer),
            "can_edit": viewer.can_manage_cluster(project.cluster_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    viewer = viewer_for(request.user)
    clusters = selectors.managed_clusters(viewer)
    project = None
    if slug is not None:
        project = get_object_or_404(selectors.project_queryset(), slug=slug)
        if not viewer.can_manage_cluster(project.cluster_id):
            raise PermissionDenied("only the cluster's coordinators may edit this project")
        clusters = clusters.filter(pk=project.cluster_id)
    elif not clusters.exists():
        raise PermissionDenied("only coordinators record projects")
    candidates = Project.objects.filter(cluster__in=clusters).order_by("title")
    if project is not None:
        candidates = candidates.exclude(pk=project.pk)
    initial: dict[str, Any] = {
        "cluster": request.GET.get("cluster", ""),
        "parent": request.GET.get("parent", ""),
    }
    if project is not None:
        initial.update(
            cluster=project.cluster.slug,
            title=project.title,
            parent=project.parent.slug if project.parent else "",
            status=project.status,
            start_date=project.start_date,
            end_date=project.end_date,
            budget_eur=project.budget_eur,
            summary=project.summary,
            outputs=project.outputs,
            partners=[p.organisation.slug for p in project.partnerships.all()],
            funding="\n".join(
                f"{f.funder}; {f.programme}; {f.amount_eur}" for f in project.funding.all()
            ),
            is_public=project.is_public,
        )
    form = ProjectForm(
        request.POST or None,
        initial=initial,
        clusters=clusters,
        projects=candidates,
        organisations=Organisation.objects.filter(memberships__cluster__in=clusters)
        .distinct()
        .order_by("name"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cluster = get_object_or_404(clusters, slug=data["cluster"])
        parent = candidates.filter(slug=data["parent"]).first() if data["parent"] else None
        roles = {p.organisation_id: p.role for p in project.partnerships.all()} if project else {}
        partners = [
            (o, roles.get(o.pk, "partner"))
            for o in Organisation.objects.filter(slug__in=data["partners"])
        ]
        try:
            saved = services.project_save(
                viewer=viewer,
                cluster=cluster,
                project=project,
                title=data["title"],
                summary=data["summary"],
                parent=parent,
                status=data["status"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                budget_eur=data["budget_eur"],
                outputs=data["outputs"],
                is_public=data["is_public"],
                partners=partners,
                funding=[(f, p, Decimal(a)) for f, p, a in data["funding"]],
            )
        except services.KnowledgeError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("knowledge:project", slug=saved.slug)
    return render(request, "knowledge/project_form.html", {"form": form, "project": project})


# --- publications -----------------------------------------------------------------------------


def publication_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    form = PublicationSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    found = selectors.publication_search(
        viewer,
        selectors.PublicationFilters(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            language=data.get("language") or "",
            cluster=request.GET.get("cluster", ""),
        ),
    )
    page = Paginator(found, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "knowledge/publication_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "counts": selectors.publication_counts(found),
            "managed": selectors.managed_clusters(viewer),
        },
    )


def publication_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        publication = selectors.publication_get(viewer_for(request.user), slug)
    except Publication.DoesNotExist:
        raise Http404 from None
    return render(request, "knowledge/publication_detail.html", {"publication": publication})


def publication_file(request: HttpRequest, slug: str) -> FileResponse:
    try:
        publication = selectors.publication_get(viewer_for(request.user), slug)
    except Publication.DoesNotExist:
        raise Http404 from None
    if not publication.file:
        raise Http404
    response = FileResponse(
        publication.file.open("rb"),
        as_attachment=True,
        filename=publication.file.name.rsplit("/", 1)[-1],
    )
    response["Content-Type"] = publication.file_media_type
    return response


@login_required
@require_http_methods(["GET", "POST"])
def publication_create(request: HttpRequest) -> HttpResponse:
    viewer, clusters = _coordinator_clusters(request, "record publications")
    projects = Project.objects.filter(cluster__in=clusters).order_by("title")
    form = PublicationForm(
        request.POST or None, request.FILES or None, clusters=clusters, projects=projects
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        try:
            publication = services.publication_create(
                viewer=viewer,
                cluster=get_object_or_404(clusters, slug=data["cluster"]),
                kind=data["kind"],
                title=data["title"],
                abstract=data["abstract"],
                language=data["language"],
                year=data["year"],
                authors=data["authors"],
                url=data["url"] or "",
                projects=list(projects.filter(slug__in=data["projects"])),
                file_name=upload.name if upload else "",
                file_data=upload.read() if upload else None,
                is_public=data["is_public"],
            )
        except services.KnowledgeError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("knowledge:publication", slug=publication.slug)
    return render(request, "knowledge/publication_form.html", {"form": form})


# --- strategies -------------------------------------------------------------------------------


def strategy_list(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(
        request,
        "knowledge/strategy_list.html",
        {
            "strategies": selectors.strategy_list(viewer),
            "managed": selectors.managed_clusters(viewer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def strategy_create(request: HttpRequest) -> HttpResponse:
    viewer, clusters = _coordinator_clusters(request, "write strategies")
    form = StrategyForm(
        request.POST or None, clusters=clusters, initial={"text_language": _lang(request)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            strategy = services.strategy_create(
                viewer=viewer,
                cluster=get_object_or_404(clusters, slug=data["cluster"]),
                title=data["title"],
                year_start=data["year_start"],
                year_end=data["year_end"],
                texts={data["text_language"]: data["text"]},
                focus_areas=[(name, "") for name in form.area_names()],
                is_public=data["is_public"],
            )
        except services.KnowledgeError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("knowledge:strategy", strategy_id=strategy.pk)
    return render(
        request, "knowledge/simple_form.html", {"form": form, "heading": _("Write a strategy")}
    )


def strategy_detail(request: HttpRequest, strategy_id: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    try:
        strategy = selectors.strategy_get(viewer, strategy_id)
    except Strategy.DoesNotExist:
        raise Http404 from None
    progress = selectors.strategy_progress(strategy)
    return render(
        request,
        "knowledge/strategy_detail.html",
        {
            "strategy": strategy,
            "text": strategy.text(_lang(request)),
            "progress": progress,
            "overdue_ids": {a.pk for a in progress["total"]["overdue"]},
            "can_edit": viewer.can_manage_cluster(strategy.cluster_id),
        },
    )


def _action_form(request: HttpRequest, strategy: Strategy, initial: dict[str, Any]) -> ActionForm:
    return ActionForm(
        request.POST or None,
        initial=initial,
        areas=strategy.focus_areas.all(),
        projects=Project.objects.filter(cluster_id=strategy.cluster_id).order_by("title"),
        goals=Goal.objects.filter(cluster_id=strategy.cluster_id),
    )


def _action_data(strategy: Strategy, form: ActionForm) -> tuple[dict[str, Any], list[Project]]:
    data = dict(form.cleaned_data)
    area = data.pop("focus_area")
    data["focus_area"] = strategy.focus_areas.filter(pk=area).first() if area else None
    goal = data.pop("goal")
    data["goal"] = (
        Goal.objects.filter(pk=goal, cluster_id=strategy.cluster_id).first() if goal else None
    )
    slugs = data.pop("projects")
    projects = list(Project.objects.filter(cluster_id=strategy.cluster_id, slug__in=slugs))
    return data, projects


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(
    request: HttpRequest, strategy_id: int, action_id: int | None = None
) -> HttpResponse:
    viewer = viewer_for(request.user)
    strategy = get_object_or_404(Strategy.objects.select_related("cluster"), pk=strategy_id)
    if not viewer.can_manage_cluster(strategy.cluster_id):
        raise PermissionDenied("only the cluster's coordinators may change the action plan")
    action = None
    initial: dict[str, Any] = {"status": Action.Status.PLANNED, "progress_pct": 0}
    if action_id is not None:
        action = get_object_or_404(Action, pk=action_id, strategy=strategy)
        initial = {
            "title": action.title,
            "focus_area": str(action.focus_area_id or ""),
            "owner": action.owner,
            "start_date": action.start_date,
            "due_date": action.due_date,
            "status": action.status,
            "progress_pct": action.progress_pct,
            "goal": str(action.goal_id or ""),
            "goal_ref": action.goal_ref,
            "event_ref": action.event_ref,
            "deal_ref": action.deal_ref,
            "projects": [p.slug for p in action.projects.all()],
            "notes": action.notes,
        }
    form = _action_form(request, strategy, initial)
    if request.method == "POST" and form.is_valid():
        data, projects = _action_data(strategy, form)
        try:
            if action is None:
                services.action_create(viewer=viewer, strategy=strategy, projects=projects, **data)
            else:
                services.action_update(
                    viewer=viewer, action=action, changes=data, projects=projects
                )
        except services.KnowledgeError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("knowledge:strategy", strategy_id=strategy.pk)
    return render(
        request,
        "knowledge/action_form.html",
        {"form": form, "strategy": strategy, "action": action},
    )


# --- digest -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def digest_settings(request: HttpRequest) -> HttpResponse:
    subscription = DigestSubscription.objects.filter(user=request.user).first()
    initial = {
        "active": bool(subscription and subscription.is_active),
        "frequency": subscription.frequency if subscription else "weekly",
        "language": subscription.language if subscription else _lang(request),
    }
    form = DigestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.digest_subscribe(user=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("knowledge:digest")
    return render(request, "knowledge/digest_settings.html", {"form": form})
