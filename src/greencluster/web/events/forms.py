"""Forms of the events app. They parse and validate input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greencluster.core.partnering import cooperation_types
from greencluster.web.events.models import (
    LANGUAGE_CHOICES,
    TIME_ZONES,
    Event,
    MeetingRating,
    MeetingRequest,
    Registration,
)
from greencluster.web.events.services import EventSpec
from greencluster.web.registry.models import Cluster, MiniCluster

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _datetime_field(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


def _in_zone(value: dt.datetime | None, zone: str) -> dt.datetime | None:
    """A wall-clock time typed in the form (parsed in the page's time zone) read in ``zone``."""
    if value is None:
        return None
    wall = timezone.make_naive(value, timezone.get_current_timezone())
    return wall.replace(tzinfo=ZoneInfo(zone))


def cooperation_choices(language: str) -> list[tuple[str, str]]:
    return [(t.code, t.label(language)) for t in cooperation_types()]


class EventForm(forms.Form):
    cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=Cluster.objects.none(), to_field_name="slug"
    )
    mini_cluster = forms.ModelChoiceField(
        label=_("Mini-cluster"),
        queryset=MiniCluster.objects.none(),
        to_field_name="slug",
        required=False,
    )
    kind = forms.ChoiceField(label=_("Type"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    programme = forms.CharField(
        label=_("Programme"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("One item per line, e.g. 09:00 Welcome"),
    )
    language = forms.ChoiceField(label=_("Language of the event"), choices=LANGUAGE_CHOICES)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONES)
    starts_at = _datetime_field(_("Starts"))
    ends_at = _datetime_field(_("Ends"))
    is_online = forms.BooleanField(label=_("Online"), required=False)
    online_url = forms.URLField(
        label=_("Link to join online"), required=False, assume_scheme="https"
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    capacity = forms.IntegerField(
        label=_("Seats"), min_value=1, required=False, help_text=_("Empty: no limit")
    )
    registration_closes_at = _datetime_field(_("Registration closes"), required=False)
    is_public = forms.BooleanField(
        label=_("Public: anyone may see the event and register as a guest"),
        required=False,
        initial=True,
    )
    meetings_start_at = _datetime_field(_("First meeting slot starts"), required=False)
    slot_minutes = forms.IntegerField(label=_("Minutes per meeting slot"), initial=20, min_value=5)
    slot_count = forms.IntegerField(label=_("Meeting slots"), initial=12, min_value=1)
    tables = forms.IntegerField(label=_("Tables"), initial=10, min_value=1)
    break_slots = forms.CharField(
        label=_("Break slots"),
        required=False,
        help_text=_("Slot numbers without meetings, e.g. 6, 7"),
    )

    def __init__(self, *args: Any, clusters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters
        self.fields["mini_cluster"].queryset = MiniCluster.objects.filter(
            clusters__in=clusters
        ).distinct()

    def clean_break_slots(self) -> tuple[int, ...]:
        text = self.cleaned_data.get("break_slots") or ""
        try:
            return tuple(int(part) for part in text.replace(";", ",").split(",") if part.strip())
        except ValueError:
            raise forms.ValidationError(_("Expected slot numbers separated by commas.")) from None

    def spec(self) -> EventSpec:
        data = self.cleaned_data
        zone = data["time_zone"]
        return EventSpec(
            kind=data["kind"],
            title=data["title"],
            summary=data["summary"],
            programme=data["programme"],
            language=data["language"],
            time_zone=zone,
            starts_at=_in_zone(data["starts_at"], zone),  # type: ignore[arg-type]
            ends_at=_in_zone(data["ends_at"], zone),  # type: ignore[arg-type]
            is_online=data["is_online"],
            online_url=data["online_url"],
            venue=data["venue"],
            address=data["address"],
            capacity=data["capacity"],
            registration_closes_at=_in_zone(data["registration_closes_at"], zone),
            is_public=data["is_public"],
            mini_cluster=data["mini_cluster"],
            meetings_start_at=_in_zone(data["meetings_start_at"], zone),
            slot_minutes=data["slot_minutes"],
            slot_count=data["slot_count"],
            tables=data["tables"],
            break_slots=data["break_slots"],
        )


def event_initial(event: Event) -> dict[str, Any]:
    """The form's values for ``event`` (render them with the event's time zone active)."""
    return {
        "cluster": event.cluster.slug,
        "mini_cluster": event.mini_cluster.slug if event.mini_cluster else "",
        "kind": event.kind,
        "title": event.title,
        "summary": event.summary,
        "programme": event.programme,
        "language": event.language,
        "time_zone": event.time_zone,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "is_online": event.is_online,
        "online_url": event.online_url,
        "venue": event.venue,
        "address": event.address,
        "capacity": event.capacity,
        "registration_closes_at": event.registration_closes_at,
        "is_public": event.is_public,
        "meetings_start_at": event.meetings_start_at,
        "slot_minutes": event.slot_minutes,
        "slot_count": event.slot_count,
        "tables": event.tables,
        "break_slots": ", ".join(str(s) for s in event.break_slots or []),
    }


class EventFilterForm(forms.Form):
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("All types")), *Event.Kind.choices]
    )
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [
            ("", _("All clusters")),
            *Cluster.objects.order_by("name").values_list("slug", "name"),
        ]


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    organisation_name = forms.CharField(label=_("Organisation"), max_length=250, required=False)


class ProfileForm(forms.Form):
    offers = forms.CharField(
        label=_("We offer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One item per line: products, side streams, services, know-how"),
    )
    seeks = forms.CharField(
        label=_("We are looking for"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One item per line"),
    )
    cooperation = forms.MultipleChoiceField(
        label=_("Types of cooperation"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The types of the Enterprise Europe Network"),
    )
    arrives_at = forms.TimeField(
        label=_("I arrive at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    leaves_at = forms.TimeField(
        label=_("I leave at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    blocked_slots = forms.TypedMultipleChoiceField(
        label=_("Slots when I cannot meet"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, event: Event, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["cooperation"].choices = cooperation_choices(language)
        zone = event.zone
        self.fields["blocked_slots"].choices = [
            (s, f"{s}: {start.astimezone(zone):%H:%M}–{end.astimezone(zone):%H:%M}")
            for s, start, end in event.slots
            if s not in (event.break_slots or [])
        ]

    def moment(self, name: str) -> dt.datetime | None:
        """An arrival or departure time on the meeting day, in the event's time zone."""
        value = self.cleaned_data.get(name)
        if value is None or self.event.meetings_start_at is None:
            return None
        day = self.event.meetings_start_at.astimezone(self.event.zone).date()
        return dt.datetime.combine(day, value, tzinfo=self.event.zone)


class RequestForm(forms.Form):
    invitees = forms.TypedMultipleChoiceField(
        label=_("Whom to meet"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose several for a meeting of more than two"),
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), coerce=int, choices=MeetingRequest.Priority.choices, initial=1
    )
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, participants: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invitees"].choices = [
            (p.pk, f"{p.name}, {p.display_organisation}" if p.display_organisation else p.name)
            for p in participants
        ]


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), required=False, max_length=1000)


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How was the meeting?"),
        choices=MeetingRating.Rating.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class OutcomeForm(forms.Form):
    agreement_type = forms.ChoiceField(label=_("Agreement"))
    agreed_on = forms.DateField(
        label=_("Agreed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreement_type"].choices = cooperation_choices(language)


class FiguresForm(forms.Form):
    cluster = forms.ModelChoiceField(
        label=_("Cluster"), queryset=Cluster.objects.none(), to_field_name="slug"
    )
    start = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, clusters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = clusters

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period ends before it starts."))
        return data
