"""Knowledge and development work of a cluster: good practices, training packages with their
bookings, development projects and their lineage, publications, strategies with action plans,
and digest subscriptions.

Every record belongs to a cluster. Its coordinators edit it; members of the cluster see what is
not public; everybody else sees only records marked public. Writes go through
``knowledge.services``; reads with these rules through ``knowledge.selectors``.
Translatable texts are JSON ``{language: text}``; ``search_text`` holds the folded text of a
record in every language (and the vocabulary labels in all six) so that search works the same
on SQLite and PostgreSQL.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greencluster.core.knowledge.vocabulary import (
    DOMAINS,
    LEVELS,
    SCALES,
    in_language,
    language_codes,
)
from greencluster.web.registry.models import Cluster, Organisation

DOMAIN_CHOICES = [(t.code, t.labels[0]) for t in DOMAINS.terms]
SCALE_CHOICES = [(t.code, t.labels[0]) for t in SCALES.terms]
LEVEL_CHOICES = [(t.code, t.labels[0]) for t in LEVELS.terms]


def _token() -> str:
    return secrets.token_urlsafe(18)


class Practice(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="practices")
    ref = models.CharField(max_length=60)
    slug = models.SlugField(unique=True, max_length=120)
    texts = models.JSONField(default=dict, blank=True)  # {field: {lang: text}}
    origin_region = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2, blank=True)
    domain = models.CharField(max_length=40, choices=DOMAIN_CHOICES, blank=True)
    challenges = models.JSONField(default=list, blank=True)
    wood_types = models.JSONField(default=list, blank=True)
    scale = models.CharField(max_length=20, choices=SCALE_CHOICES, blank=True)
    sustainability_potential = models.CharField(max_length=10, choices=LEVEL_CHOICES, blank=True)
    year_start = models.PositiveSmallIntegerField(null=True, blank=True)
    year_end = models.PositiveSmallIntegerField(null=True, blank=True)
    contacts = models.TextField(blank=True)
    organisations = models.ManyToManyField(Organisation, related_name="practices", blank=True)
    is_public = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False)
    search_text = models.TextField(blank=True, editable=False)
    terms_text = models.TextField(blank=True, editable=False)  # " wood_types=birch scale=local "
    field_text = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "ref"], name="unique_practice_ref"),
            models.CheckConstraint(
                condition=models.Q(year_end__isnull=True)
                | models.Q(year_start__isnull=True)
                | models.Q(year_end__gte=models.F("year_start")),
                name="practice_years_in_order",
            ),
        ]
        indexes = [models.Index(fields=["cluster", "is_public"])]

    def __str__(self) -> str:
        return self.title()

    def text(self, name: str, language: str = "en") -> str:
        return in_language((self.texts or {}).get(name), language)

    def title(self, language: str = "en") -> str:
        return self.text("title", language) or self.ref


class PracticeAttachment(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="knowledge/practices/%Y/%m/")
    name = models.CharField(max_length=200)
    media_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class TrainingPackage(models.Model):
    class TargetGroup(models.TextChoices):
        FOREIGN_DELEGATIONS = "foreign-delegations", _("Foreign delegations")
        ENTREPRENEURS = "entrepreneurs", _("Entrepreneurs")
        STUDENTS = "students", _("Students")
        MUNICIPALITIES = "municipalities", _("Municipalities")
        ADVISERS = "advisers", _("Advisers and consultants")
        RESEARCHERS = "researchers", _("Researchers")

    class PriceBasis(models.TextChoices):
        PER_GROUP = "per-group", _("per group")
        PER_PARTICIPANT = "per-participant", _("per participant")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="packages")
    slug = models.SlugField(unique=True, max_length=120)
    titles = models.JSONField(default=dict)
    descriptions = models.JSONField(default=dict, blank=True)
    days = models.PositiveSmallIntegerField()
    languages = models.CharField(max_length=40, default="en")
    target_groups = models.JSONField(default=list, blank=True)
    price_eur = models.DecimalField(max_digits=10, decimal_places=2)
    price_basis = models.CharField(max_length=20, choices=PriceBasis, default=PriceBasis.PER_GROUP)
    min_participants = models.PositiveSmallIntegerField(default=1)
    max_participants = models.PositiveSmallIntegerField(default=30)
    is_public = models.BooleanField(default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title()

    def title(self, language: str = "en") -> str:
        return in_language(self.titles, language, self.slug)

    @property
    def language_list(self) -> list[str]:
        return language_codes(self.languages)


class TrainingModule(models.Model):
    package = models.ForeignKey(TrainingPackage, on_delete=models.CASCADE, related_name="modules")
    code = models.CharField(max_length=40)
    titles = models.JSONField(default=dict)
    duration_days = models.DecimalField(max_digits=3, decimal_places=1)
    languages = models.CharField(max_length=40, default="en")
    partner = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    partner_role = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["package", "code"], name="unique_module_code")
        ]

    def __str__(self) -> str:
        return self.title()

    def title(self, language: str = "en") -> str:
        return in_language(self.titles, language, self.code)

    @property
    def language_list(self) -> list[str]:
        return language_codes(self.languages)


class Enquiry(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        BOOKED = "booked", _("Booked")
        DECLINED = "declined", _("Declined")

    package = models.ForeignKey(TrainingPackage, on_delete=models.CASCADE, related_name="enquiries")
    contact_name = models.CharField(max_length=200)
    email = models.EmailField()
    organisation_name = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2)
    group_size = models.PositiveSmallIntegerField()
    preferred_start = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=5)
    message = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.NEW)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.contact_name} ({self.organisation_name or self.country})"


class Booking(models.Model):
    class Status(models.TextChoices):
        TENTATIVE = "tentative", _("Tentative")
        CONFIRMED = "confirmed", _("Confirmed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    package = models.ForeignKey(TrainingPackage, on_delete=models.PROTECT, related_name="bookings")
    enquiry = models.ForeignKey(Enquiry, on_delete=models.SET_NULL, null=True, blank=True)
    group_name = models.CharField(max_length=200)
    country = models.CharField(max_length=2)
    language = models.CharField(max_length=5)
    start_date = models.DateField()
    group_size = models.PositiveSmallIntegerField()
    price_eur = models.DecimalField(max_digits=10, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status, default=Status.TENTATIVE)
    feedback_token = models.CharField(max_length=40, unique=True, default=_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "pk"]

    def __str__(self) -> str:
        return f"{self.group_name} {self.start_date}"


class Session(models.Model):
    """One programme slot of a booking: a module on a day (morning, afternoon or full day)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="sessions")
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="+")
    day_number = models.PositiveSmallIntegerField()
    date = models.DateField()
    part = models.CharField(max_length=10)
    event_url = models.CharField(
        max_length=300,
        blank=True,
    )

    class Meta:
        ordering = ["day_number", "pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.part}: {self.module.code}"


class Participant(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Feedback(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="feedback")
    module = models.ForeignKey(
        TrainingModule, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5"


class Project(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="projects")
    slug = models.SlugField(unique=True, max_length=120)
    title = models.CharField(max_length=250)
    summary = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PLANNED)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    budget_eur = models.DecimalField(max_digits=14, decimal_places=0, null=True, blank=True)
    outputs = models.TextField(blank=True)
    partners = models.ManyToManyField(
        Organisation, through="ProjectPartner", related_name="projects", blank=True
    )
    is_public = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title


class ProjectPartner(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead partner")
        PARTNER = "partner", _("Partner")
        ASSOCIATED = "associated", _("Associated partner")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=12, choices=Role, default=Role.PARTNER)

    class Meta:
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="unique_partner")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"


class Funding(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="funding")
    funder = models.CharField(max_length=200)
    programme = models.CharField(max_length=200, blank=True)
    amount_eur = models.DecimalField(max_digits=14, decimal_places=0)

    class Meta:
        ordering = ["-amount_eur", "funder"]

    def __str__(self) -> str:
        return f"{self.funder}: {self.amount_eur} EUR"


class Publication(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Report")
        MARKET_STUDY = "market-study", _("Market study")
        TREND_STUDY = "trend-study", _("Trend study")
        BROCHURE = "brochure", _("Brochure")
        BOOKLET = "booklet", _("Booklet")
        ARTICLE = "article", _("Article")
        OTHER = "other", _("Other")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="publications")
    slug = models.SlugField(unique=True, max_length=120)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.REPORT)
    title = models.CharField(max_length=300)
    abstract = models.TextField(blank=True)
    language = models.CharField(max_length=5, default="en")
    year = models.PositiveSmallIntegerField()
    authors = models.CharField(max_length=500, blank=True)
    url = models.URLField(blank=True)
    file = models.FileField(upload_to="knowledge/publications/%Y/", blank=True)
    file_media_type = models.CharField(max_length=100, blank=True)
    projects = models.ManyToManyField(Project, related_name="publications", blank=True)
    is_public = models.BooleanField(default=False)
    is_demo = models.BooleanField(default=False)
    search_title = models.TextField(blank=True, editable=False)
    search_abstract = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class Strategy(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="strategies")
    title = models.CharField(max_length=250)
    year_start = models.PositiveSmallIntegerField()
    year_end = models.PositiveSmallIntegerField()
    texts = models.JSONField(default=dict, blank=True)  # {lang: strategy text}
    is_public = models.BooleanField(default=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-year_start"]
        verbose_name_plural = "strategies"

    def __str__(self) -> str:
        return self.title

    def text(self, language: str = "en") -> str:
        return in_language(self.texts, language)


class FocusArea(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="focus_areas")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Action(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in-progress", _("In progress")
        DONE = "done", _("Done")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="actions")
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    title = models.CharField(max_length=300)
    owner = models.CharField(max_length=200, blank=True)
    owner_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status, default=Status.PLANNED)
    progress_pct = models.PositiveSmallIntegerField(default=0)
    goal = models.ForeignKey(
        "impact.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    goal_ref = models.CharField(max_length=200, blank=True)  # a goal outside the goal table
    event_ref = models.CharField(max_length=300, blank=True)
    deal_ref = models.CharField(max_length=300, blank=True)
    projects = models.ManyToManyField(Project, related_name="actions", blank=True)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress_pct__lte=100), name="action_progress_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return self.title


class DigestSubscription(models.Model):
    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_digest"
    )
    frequency = models.CharField(max_length=10, choices=Frequency, default=Frequency.WEEKLY)
    language = models.CharField(max_length=5, default="en")
    is_active = models.BooleanField(default=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.frequency})"
