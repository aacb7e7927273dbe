"""Forms of the registry pages: they validate what a person typed; services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from greencluster.web.common.forms import LimitedFileField
from greencluster.web.registry.models import COUNTRIES, Membership, Organisation
from greencluster.web.registry.services import MAX_EMPLOYEES

LANG_LABELS = {
    "en": _("Description in English"),
    "fi": _("Description in Finnish"),
    "sv": _("Description in Swedish"),
    "nb": _("Description in Norwegian"),
    "et": _("Description in Estonian"),
    "de": _("Description in German"),
}


class DirectoryForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    mini_cluster = forms.ChoiceField(label=_("Mini-cluster"), required=False)
    nace = forms.CharField(
        label=_("NACE code"), required=False, widget=forms.TextInput(attrs={"placeholder": "35.30"})
    )
    org_type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *Organisation.Type.choices],
    )
    country = forms.ChoiceField(
        label=_("Country"), required=False, choices=[("", _("All countries")), *COUNTRIES]
    )
    place = forms.CharField(label=_("Place"), required=False)

    def __init__(self, *args, clusters=(), mini_clusters=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [("", _("All clusters"))] + [
            (c.slug, c.name) for c in clusters
        ]
        self.fields["mini_cluster"].choices = [("", _("All mini-clusters"))] + [
            (m.slug, m.name) for m in mini_clusters
        ]


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=250)
    org_type = forms.ChoiceField(label=_("Type"), choices=Organisation.Type.choices)
    business_id = forms.CharField(label=_("Business id"), required=False, max_length=40)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    nace_codes = forms.CharField(
        label=_("NACE codes"),
        required=False,
        help_text=_("Separate codes with semicolons, main activity first, e.g. 35.30; 02.20"),
    )
    employees = forms.IntegerField(
        label=_("Employees"), required=False, min_value=0, max_value=MAX_EMPLOYEES
    )
    turnover_eur = forms.DecimalField(
        label=_("Turnover (EUR)"), required=False, min_value=0, decimal_places=0, max_digits=16
    )
    export_eur = forms.DecimalField(
        label=_("Export (EUR)"), required=False, min_value=0, decimal_places=0, max_digits=16
    )
    figures_year = forms.IntegerField(
        label=_("Year of figures"), required=False, min_value=1900, max_value=2100
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for lang, label in LANG_LABELS.items():
            self.fields[f"description_{lang}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    def nace_list(self) -> list[str]:
        raw = self.cleaned_data.get("nace_codes") or ""
        return [c.strip() for c in raw.replace(",", ";").split(";") if c.strip()]

    def descriptions(self) -> dict[str, str]:
        return {lang: self.cleaned_data.get(f"description_{lang}") or "" for lang in LANG_LABELS}


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Site name"), max_length=250)
    address = forms.CharField(label=_("Address"), required=False, max_length=250)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=20)
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=120,
        help_text=_("Coordinates are looked up from the place name unless you enter them."),
    )
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)


class ImportForm(forms.Form):
    file = LimitedFileField(label=_("Register file (CSV, XLSX or JSON)"))


class MiniClusterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    theme = forms.ChoiceField(label=_("Theme"))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from greencluster.web.registry.models import MiniCluster

        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = MiniCluster.Theme.choices


class NewOrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=250)
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRIES)
    org_type = forms.ChoiceField(label=_("Type"), choices=Organisation.Type.choices)
    business_id = forms.CharField(label=_("Business id"), required=False, max_length=40)
    role = forms.ChoiceField(label=_("Role in the cluster"), choices=Membership.Role.choices)


class ClusterForm(forms.Form):
    description = forms.CharField(
        label=_("Description in the current language"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    strategy = forms.CharField(
        label=_("Strategy"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    contact_name = forms.CharField(label=_("Contact person"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")


class MiniClusterMemberForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Organisation"))
    action = forms.ChoiceField(
        choices=[("add", "add"), ("remove", "remove")], widget=forms.HiddenInput
    )

    def __init__(self, *args, organisations=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.slug, o.name) for o in organisations]


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Action"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "organisation"}),
    )
    actor = forms.CharField(label=_("Who"), required=False)
    text = forms.CharField(label=_("Object"), required=False)
    since = forms.DateField(
        label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
