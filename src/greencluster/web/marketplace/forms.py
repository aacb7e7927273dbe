"""Forms of the marketplace pages: they check what a person typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from greencluster.web.common.errors import ServiceError
from greencluster.web.common.forms import LimitedFileField
from greencluster.web.marketplace.displaced import REPORT_UNITS
from greencluster.web.marketplace.models import Deal, Listing, SuggestionFeedback
from greencluster.web.marketplace.services import LISTING_FIELDS, ListingInput
from greencluster.web.marketplace.uploads import (
    DATASHEET_HELP,
    DATASHEET_MAX_BYTES,
    PHOTO_HELP,
    PHOTO_MAX_BYTES,
    check_datasheet,
    check_photo,
)
from greencluster.web.registry.models import COUNTRIES, Site

DATE = forms.DateInput(attrs={"type": "date"})


class ListingForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    kind = forms.ChoiceField(label=_("Type"), choices=Listing.Kind.choices)
    title = forms.CharField(
        label=_("What is it?"),
        max_length=200,
        help_text=_("In your own words and language, e.g. 'kuivaa koivuhaketta' or 'träflis'."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    class_id = forms.CharField(required=False, widget=forms.HiddenInput)
    category = forms.ChoiceField(
        label=_("Service or competence"),
        required=False,
        choices=[
            ("", "—"),
            (Listing.Category.SERVICE, Listing.Category.SERVICE.label),
            (Listing.Category.COMPETENCE, Listing.Category.COMPETENCE.label),
        ],
    )
    site = forms.ModelChoiceField(label=_("Site"), queryset=None, required=False)
    quantity = forms.DecimalField(label=_("Quantity"), required=False, min_value=0)
    amount_unit = forms.ChoiceField(
        label=_("Unit"), required=False, choices=[("", "—"), *Listing.AmountUnit.choices]
    )
    period = forms.ChoiceField(
        label=_("Period"), choices=Listing.Period.choices, initial=Listing.Period.YEAR
    )
    quality_notes = forms.CharField(
        label=_("Quality notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    available_from = forms.DateField(label=_("Available from"), required=False, widget=DATE)
    available_until = forms.DateField(label=_("Available until"), required=False, widget=DATE)
    price_eur = forms.DecimalField(
        label=_("Price (EUR per unit)"), required=False, min_value=0, decimal_places=2
    )
    max_distance_km = forms.FloatField(
        label=_("Farthest partner (km by road)"), required=False, min_value=1
    )
    show_quantity = forms.BooleanField(
        label=_("Other members may see the quantity"), required=False
    )
    show_price = forms.BooleanField(label=_("Other members may see the price"), required=False)
    show_site = forms.BooleanField(label=_("Other members may see the exact site"), required=False)
    photo = LimitedFileField(
        label=_("Photo"), required=False, max_bytes=PHOTO_MAX_BYTES, help_text=PHOTO_HELP
    )
    datasheet = LimitedFileField(
        label=_("Data sheet"),
        required=False,
        max_bytes=DATASHEET_MAX_BYTES,
        help_text=DATASHEET_HELP,
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["site"].queryset = (  # type: ignore[attr-defined]
            Site.objects.filter(organisation__in=organisations)
            .select_related("organisation")
            .order_by("organisation__name", "-is_primary", "name")
        )
        self.fields["site"].label_from_instance = lambda s: (  # type: ignore[attr-defined]
            f"{s.organisation.name}: {s.name}" + (f", {s.place}" if s.place else "")
        )

    def _upload(self, name: str, check: Any) -> Any:
        upload = self.cleaned_data.get(name)
        if upload:
            try:
                check(upload)
            except ServiceError as exc:
                raise forms.ValidationError(str(exc)) from None
        return upload

    def clean_photo(self) -> Any:
        return self._upload("photo", check_photo)

    def clean_datasheet(self) -> Any:
        return self._upload("datasheet", check_datasheet)

    def listing_input(self) -> ListingInput:
        d = self.cleaned_data
        return ListingInput(
            organisation=d["organisation"],
            kind=d["kind"],
            title=d["title"],
            site=d.get("site"),
            description=d.get("description") or "",
            class_id=(d.get("class_id") or "").strip(),
            category=d.get("category") or "",
            quantity=d.get("quantity"),
            amount_unit=d.get("amount_unit") or "",
            period=d.get("period") or Listing.Period.YEAR,
            quality_notes=d.get("quality_notes") or "",
            available_from=d.get("available_from"),
            available_until=d.get("available_until"),
            price_eur=d.get("price_eur"),
            max_distance_km=d.get("max_distance_km"),
            show_quantity=bool(d.get("show_quantity")),
            show_price=bool(d.get("show_price")),
            show_site=bool(d.get("show_site")),
        )


def listing_initial(listing: Listing) -> dict[str, Any]:
    initial = {name: getattr(listing, name) for name in (*LISTING_FIELDS, "class_id", "category")}
    return initial | {"organisation": listing.organisation, "site": listing.site}


class ListingFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("all")), *Listing.Kind.choices]
    )
    class_prefix = forms.CharField(
        label=_("Class"), required=False, help_text=_("e.g. ewc.1001 or product.")
    )
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("all")), *COUNTRIES]
    )

    def __init__(self, *args: Any, clusters: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [  # type: ignore[attr-defined]
            ("", _("all")),
            *[(c.slug, c.name) for c in clusters],
        ]


class SuggestionFilterForm(ListingFilterForm):
    max_distance_km = forms.FloatField(label=_("At most (km)"), required=False, min_value=0)
    show_dismissed = forms.BooleanField(label=_("Show dismissed"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("q", "kind"):
            del self.fields[name]


class FeedbackForm(forms.Form):
    partner = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(required=False, choices=[("", "—"), *SuggestionFeedback.Kind.choices])


class ContactForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the partner"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class MoveForm(forms.Form):
    stage = forms.ChoiceField(choices=Deal.Stage.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)
    report_unit = forms.ChoiceField(
        label=_("Unit of realised quantities"),
        required=False,
        choices=[(u, u) for u in REPORT_UNITS],
    )
    displaced_key = forms.ChoiceField(label=_("The exchange replaces"), required=False)
    drop_reason = forms.ChoiceField(
        label=_("Reason"), required=False, choices=[("", "—"), *Deal.DropReason.choices]
    )

    def __init__(self, *args: Any, displaced: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["displaced_key"].choices = [("", "—"), *displaced]  # type: ignore[attr-defined]


class RealisedForm(forms.Form):
    period_start = forms.DateField(label=_("From"), widget=DATE)
    period_end = forms.DateField(label=_("Until"), widget=DATE)
    quantity = forms.DecimalField(label=_("Quantity"), min_value=0, decimal_places=3)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class SettingsForm(forms.Form):
    allow_cross_cluster = forms.BooleanField(
        label=_("Match our members with other clusters that allow it"), required=False
    )
    stalled_after_days = forms.IntegerField(
        label=_("A deal is stalled after (days without activity)"), min_value=1, max_value=365
    )


class ImportForm(forms.Form):
    file = LimitedFileField(label=_("Listings file (CSV or XLSX)"))
