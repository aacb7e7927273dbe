"""Cluster activities and partnering days.

An :class:`Event` belongs to a cluster (and optionally one of its mini-clusters); its
organisers are the cluster's coordinators. Members and guests register (:class:`Registration`);
when the event is full, registrations wait and move up when someone cancels. On a partnering
day each confirmed participant has a :class:`PartneringProfile`, sends
:class:`MeetingRequest` s to one or more others (:class:`Invitation` per invitee); an accepted
request becomes a :class:`Meeting`, which the scheduler places in a slot at a table
(:class:`ScheduleRun` keeps what each run achieved and its proven bound). Afterwards each
participant rates the meeting (:class:`MeetingRating`) and records agreements
(:class:`Outcome`).

Writes go through ``events.services`` and ``events.partnering``; reads with permission checks
through ``events.selectors``. Meeting requests are private to their participants and the
organisers.
"""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greencluster.core.partnering import cooperation_types, slot_end, slot_start
from greencluster.web.registry.models import LANGUAGE_CODES, Cluster, MiniCluster, Organisation

TIME_ZONES = [
    ("Europe/Helsinki", "Europe/Helsinki"),
    ("Europe/Tallinn", "Europe/Tallinn"),
    ("Europe/Stockholm", "Europe/Stockholm"),
    ("Europe/Oslo", "Europe/Oslo"),
    ("Europe/Copenhagen", "Europe/Copenhagen"),
    ("Europe/Berlin", "Europe/Berlin"),
    ("Europe/Riga", "Europe/Riga"),
    ("Europe/Vilnius", "Europe/Vilnius"),
    ("Atlantic/Reykjavik", "Atlantic/Reykjavik"),
]
COUNTRY_TIME_ZONES = {
    "FI": "Europe/Helsinki",
    "EE": "Europe/Tallinn",
    "SE": "Europe/Stockholm",
    "NO": "Europe/Oslo",
    "DK": "Europe/Copenhagen",
    "DE": "Europe/Berlin",
    "LV": "Europe/Riga",
    "LT": "Europe/Vilnius",
    "IS": "Atlantic/Reykjavik",
}
LANGUAGE_CHOICES = [(code, code) for code in LANGUAGE_CODES]
COOPERATION_CHOICES = [(t.code, t.labels["en"]) for t in cooperation_types()]


def _token() -> str:
    return secrets.token_urlsafe(18)


class Event(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        TRAINING = "training", _("Training")
        SEMINAR = "seminar", _("Seminar")
        FAIR = "fair", _("Fair")
        PARTNERING = "partnering-day", _("Partnering day")
        SITE_VISIT = "site-visit", _("Site visit")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="events")
    mini_cluster = models.ForeignKey(
        MiniCluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    slug = models.SlugField(unique=True, max_length=120)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.WORKSHOP)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    programme = models.TextField(blank=True)
    language = models.CharField(max_length=5, choices=LANGUAGE_CHOICES, default="en")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    time_zone = models.CharField(max_length=40, choices=TIME_ZONES, default="Europe/Helsinki")
    is_online = models.BooleanField(default=False)
    online_url = models.URLField(blank=True)
    venue = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=250, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)
    is_public = models.BooleanField(default=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    # Partnering day: meetings in slots of ``slot_minutes`` from ``meetings_start_at``.
    meetings_start_at = models.DateTimeField(null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(default=20)
    slot_count = models.PositiveSmallIntegerField(default=12)
    tables = models.PositiveSmallIntegerField(default=10)
    break_slots = models.JSONField(default=list, blank=True)
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(slot_minutes__gte=5) & models.Q(slot_count__gte=1),
                name="event_slots_positive",
            ),
        ]
        indexes = [models.Index(fields=["cluster", "status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_partnering(self) -> bool:
        return self.kind == self.Kind.PARTNERING

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def registration_deadline(self) -> dt.datetime:
        return self.registration_closes_at or self.ends_at

    def slot_start(self, slot: int) -> dt.datetime:
        assert self.meetings_start_at is not None
        return slot_start(self.meetings_start_at, self.slot_minutes, slot)

    def slot_end(self, slot: int) -> dt.datetime:
        assert self.meetings_start_at is not None
        return slot_end(self.meetings_start_at, self.slot_minutes, slot)

    @property
    def slots(self) -> list[tuple[int, dt.datetime, dt.datetime]]:
        if self.meetings_start_at is None:
            return []
        return [(s, self.slot_start(s), self.slot_end(s)) for s in range(1, self.slot_count + 1)]


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    organisation_name = models.CharField(max_length=250, blank=True)
    language = models.CharField(max_length=5, default="en")
    status = models.CharField(max_length=10, choices=Status, default=Status.CONFIRMED)
    attended = models.BooleanField(null=True, blank=True)
    token = models.CharField(max_length=40, unique=True, default=_token)
    queued_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=models.Q(user__isnull=False),
                name="unique_registration_per_user",
            ),
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=models.Q(user__isnull=True) & ~models.Q(email=""),
                name="unique_guest_registration_per_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return (
            f"{self.name} ({self.display_organisation})" if self.display_organisation else self.name
        )

    @property
    def display_organisation(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class PartneringProfile(models.Model):
    """What a participant offers and seeks on a partnering day, and when they can meet."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="profile"
    )
    offers = models.TextField(blank=True)
    seeks = models.TextField(blank=True)
    cooperation = models.JSONField(default=list, blank=True)
    offer_classes = models.JSONField(default=list, blank=True, editable=False)
    seek_classes = models.JSONField(default=list, blank=True, editable=False)
    arrives_at = models.DateTimeField(null=True, blank=True)
    leaves_at = models.DateTimeField(null=True, blank=True)
    blocked_slots = models.JSONField(default=list, blank=True)
    fixed_table = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"profile of {self.registration}"


class PartnerMark(models.Model):
    """A participant's note on another: met before, or no thanks. Neither is suggested to the
    other again."""

    class Kind(models.TextChoices):
        MET_BEFORE = "met-before", _("Met before")
        NO_THANKS = "no-thanks", _("No thanks")

    owner = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="marks")
    other = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "other"], name="unique_partner_mark")
        ]

    def __str__(self) -> str:
        return f"{self.owner} → {self.other}: {self.kind}"


class MeetingRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Priority(models.IntegerChoices):
        NORMAL = 1, _("Normal")
        HIGH = 2, _("High")
        TOP = 3, _("Top")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    requester = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="sent_requests"
    )
    message = models.TextField(blank=True)
    priority = models.PositiveSmallIntegerField(choices=Priority, default=Priority.NORMAL)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"request {self.pk} by {self.requester}"


class Invitation(models.Model):
    """One invitee of a meeting request and their answer."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    request = models.ForeignKey(
        MeetingRequest, on_delete=models.CASCADE, related_name="invitations"
    )
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="invitations"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    reply = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "registration"], name="unique_invitation")
        ]

    def __str__(self) -> str:
        return f"{self.registration} invited to request {self.request_id}"


class Meeting(models.Model):
    """An accepted request: held in ``slot`` (1-based) at ``table`` once scheduled. A locked
    meeting keeps its slot and table in every later run of the scheduler."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(
        MeetingRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="meeting"
    )
    participants = models.ManyToManyField(Registration, related_name="meetings")
    priority = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    slot = models.PositiveSmallIntegerField(null=True, blank=True)
    table = models.PositiveSmallIntegerField(null=True, blank=True)
    locked = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE: raised on moves
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot", "table", "pk"]
        indexes = [models.Index(fields=["event", "status", "slot"])]

    def __str__(self) -> str:
        return f"meeting {self.pk}"


class MeetingRating(models.Model):
    class Rating(models.TextChoices):
        NOT_HELD = "not-held", _("Did not take place")
        NO_INTEREST = "no-interest", _("Insufficient interest")
        INFORMATIVE = "informative", _("Informative, no cooperation planned")
        COOPERATION = "cooperation", _("Cooperation possible")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ratings")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    rating = models.CharField(max_length=12, choices=Rating)
    comment = models.TextField(blank=True)
    rated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "registration"], name="unique_rating")
        ]

    def __str__(self) -> str:
        return f"{self.registration} rated meeting {self.meeting_id}: {self.rating}"


class Outcome(models.Model):
    """An agreement that came out of a meeting, recorded by one of its participants."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    agreement_type = models.CharField(max_length=30, choices=COOPERATION_CHOICES)
    agreed_on = models.DateField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agreed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.agreement_type} on {self.agreed_on}"


class ScheduleRun(models.Model):
    """One run of the scheduler for a partnering day and what it achieved."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="schedule_runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fresh = models.BooleanField(default=False)  # ignore the previous schedule
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    requested_count = models.PositiveIntegerField(default=0)
    scheduled_count = models.PositiveIntegerField(default=0)
    count_upper_bound = models.PositiveIntegerField(default=0)
    weighted_count = models.PositiveIntegerField(default=0)
    upper_bound = models.PositiveIntegerField(default=0)
    bound_source = models.CharField(max_length=100, blank=True)
    proven_optimal = models.BooleanField(default=False)
    idle_gaps = models.PositiveIntegerField(default=0)
    moved = models.PositiveIntegerField(default=0)
    unscheduled = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"schedule run {self.pk} of {self.event}"
